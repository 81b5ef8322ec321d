//! Which monitor the audience window goes to. A pure function: it cannot
//! be exercised under Xvfb, where every head sits at 0,0.

use serde::{Deserialize, Serialize};

/// A monitor or a window, in physical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

impl Rect {
    fn area(&self) -> u64 {
        u64::from(self.width) * u64::from(self.height)
    }

    fn overlap(&self, other: &Rect) -> u64 {
        let left = self.x.max(other.x) as i64;
        let top = self.y.max(other.y) as i64;
        let right = (self.x as i64 + self.width as i64).min(other.x as i64 + other.width as i64);
        let bottom = (self.y as i64 + self.height as i64).min(other.y as i64 + other.height as i64);
        if right <= left || bottom <= top {
            0
        } else {
            ((right - left) * (bottom - top)) as u64
        }
    }
}

/// Where the audience view goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AudienceMonitor {
    /// Index into the monitor list given.
    pub index: u32,
    /// False when it shares the presenter's monitor: one screen, so the
    /// audience view is full screen and `P` shows the presenter overlay.
    pub separate: bool,
}

/// The monitor the organiser's window is on is the presenter's; the
/// largest other one is the projector. None when no monitor is known.
pub fn choose_audience_monitor(monitors: &[Rect], main_window: Rect) -> Option<AudienceMonitor> {
    if monitors.is_empty() {
        return None;
    }
    let presenter = monitors
        .iter()
        .enumerate()
        .max_by_key(|(i, m)| (m.overlap(&main_window), std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
        .unwrap_or(0);
    let projector = monitors
        .iter()
        .enumerate()
        .filter(|(i, m)| *i != presenter && **m != monitors[presenter])
        .max_by_key(|(i, m)| (m.area(), std::cmp::Reverse(*i)))
        .map(|(i, _)| i);
    Some(match projector {
        Some(i) => AudienceMonitor {
            index: i as u32,
            separate: true,
        },
        None => AudienceMonitor {
            index: presenter as u32,
            separate: false,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(x: i32, y: i32, width: u32, height: u32) -> Rect {
        Rect {
            x,
            y,
            width,
            height,
        }
    }

    #[test]
    fn one_monitor_shares_the_screen() {
        let laptop = r(0, 0, 1366, 768);
        assert_eq!(
            choose_audience_monitor(&[laptop], r(100, 50, 1280, 700)),
            Some(AudienceMonitor {
                index: 0,
                separate: false
            })
        );
        assert_eq!(choose_audience_monitor(&[], r(0, 0, 10, 10)), None);
    }

    #[test]
    fn the_projector_is_the_monitor_the_organiser_is_not_on() {
        let laptop = r(0, 0, 1920, 1080);
        let projector = r(1920, 0, 1024, 768);
        assert_eq!(
            choose_audience_monitor(&[laptop, projector], r(200, 100, 1280, 820))
                .map(|m| (m.index, m.separate)),
            Some((1, true))
        );
        // Projector listed first, laptop on the right; the organiser's window
        // straddles both but is mostly on the laptop.
        let projector = r(0, 0, 1280, 720);
        let laptop = r(1280, 0, 1920, 1080);
        assert_eq!(
            choose_audience_monitor(&[projector, laptop], r(1000, 0, 1280, 820)).map(|m| m.index),
            Some(0)
        );
    }

    #[test]
    fn with_three_monitors_the_largest_other_one_wins_and_mirrors_do_not_count() {
        let laptop = r(0, 0, 1920, 1080);
        let small = r(1920, 0, 1024, 768);
        let big = r(-3840, 0, 3840, 2160);
        assert_eq!(
            choose_audience_monitor(&[laptop, small, big], r(0, 0, 800, 600)).map(|m| m.index),
            Some(2)
        );
        // Mirrored outputs (Xvfb +xinerama, "duplicate" mode) are one screen.
        assert_eq!(
            choose_audience_monitor(&[laptop, laptop], r(0, 0, 800, 600)),
            Some(AudienceMonitor {
                index: 0,
                separate: false
            })
        );
    }

    #[test]
    fn a_window_off_every_monitor_still_gets_one() {
        let a = r(0, 0, 1920, 1080);
        let b = r(1920, 0, 1920, 1080);
        assert_eq!(
            choose_audience_monitor(&[a, b], r(9000, 9000, 100, 100))
                .map(|m| (m.index, m.separate)),
            Some((1, true))
        );
    }
}
