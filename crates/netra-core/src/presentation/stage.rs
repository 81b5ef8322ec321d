//! Where a running presentation is: which slide, black or white screen,
//! and the pledge-reading mode. Rust holds it; both windows draw it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// What the audience sees instead of, or over, the slide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "StageScreen")]
pub enum Screen {
    Slide,
    Black,
    White,
    /// "Pindai untuk menandatangani": the phones' QR over the slide. Like
    /// black and white, a step or pressing it again brings the slide back.
    SignHere,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "StageMode")]
pub enum Mode {
    Slides,
    /// "Pembacaan ikrar": the pledge, one line at a time, very large.
    Pledge,
}

/// What a key, a clicker or a button asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export, rename = "StageAction")]
pub enum Action {
    Next,
    Previous,
    First,
    Last,
    /// 1-based, as the speaker types it.
    Goto {
        number: u32,
    },
    Black,
    White,
    /// Enters or leaves the pledge-reading mode.
    Pledge,
    /// Shows or hides the phones' QR over the slide.
    SignHere,
    /// Freezes the audience on what it shows now while the speaker moves
    /// on (to find a slide, or look ahead); pressed again, the audience
    /// jumps to where the speaker is.
    Freeze,
}

/// What the audience window shows of the deck: a slide or a pledge line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "StageFrame")]
pub struct Frame {
    pub slide: u32,
    pub mode: Mode,
    pub pledge_line: u32,
}

/// The shared position of both windows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Stage {
    /// 0-based.
    pub slide: u32,
    pub slide_count: u32,
    pub mode: Mode,
    /// 0-based line of the pledge while reading it.
    pub pledge_line: u32,
    pub pledge_line_count: u32,
    pub screen: Screen,
    /// While frozen, what the audience keeps showing (the speaker's
    /// position above moves on).
    pub frozen: Option<Frame>,
    /// Grows with every change, so a window can drop a stale update.
    pub revision: u32,
    /// When the change was asked for (ms since the Unix epoch, from the
    /// window that asked): the audience window measures paint time with it.
    pub changed_at_ms: f64,
}

impl Stage {
    pub fn new(slide_count: u32, pledge_line_count: u32) -> Stage {
        Stage {
            slide: 0,
            slide_count,
            mode: Mode::Slides,
            pledge_line: 0,
            pledge_line_count,
            screen: Screen::Slide,
            frozen: None,
            revision: 0,
            changed_at_ms: 0.0,
        }
    }

    /// Where the speaker is.
    pub fn frame(&self) -> Frame {
        Frame {
            slide: self.slide,
            mode: self.mode,
            pledge_line: self.pledge_line,
        }
    }

    /// What the audience sees: the frozen frame, or the speaker's.
    pub fn shown(&self) -> Frame {
        self.frozen.unwrap_or_else(|| self.frame())
    }

    /// Applies `action`; returns whether anything changed. A step while the
    /// screen is black or white (or shows the phones' QR) only brings the
    /// slide back, the way PowerPoint does, so a speaker never skips a
    /// slide in the dark.
    pub fn apply(&mut self, action: Action, at_ms: f64) -> Result<bool> {
        let before = self.clone();
        let blank = self.screen != Screen::Slide;
        match action {
            Action::Black => self.toggle(Screen::Black),
            Action::White => self.toggle(Screen::White),
            Action::SignHere => self.toggle(Screen::SignHere),
            Action::Freeze => {
                self.frozen = match self.frozen {
                    Some(_) => None,
                    None => Some(self.frame()),
                }
            }
            Action::Pledge => {
                self.mode = match self.mode {
                    Mode::Slides if self.pledge_line_count > 0 => Mode::Pledge,
                    _ => Mode::Slides,
                };
                self.pledge_line = 0;
                self.screen = Screen::Slide;
            }
            _ if blank => self.screen = Screen::Slide,
            step => {
                let (at, count) = match self.mode {
                    Mode::Slides => (self.slide, self.slide_count),
                    Mode::Pledge => (self.pledge_line, self.pledge_line_count),
                };
                let last = count.saturating_sub(1);
                let to = match step {
                    Action::Next => (at + 1).min(last),
                    Action::Previous => at.saturating_sub(1),
                    Action::First => 0,
                    Action::Last => last,
                    Action::Goto { number } if (1..=count).contains(&number) => number - 1,
                    Action::Goto { number } => {
                        let what = match self.mode {
                            Mode::Slides => "Slide",
                            Mode::Pledge => "Baris ikrar",
                        };
                        return Err(Error::field(
                            "number",
                            format!("{what} {number} tidak ada; yang ada 1 sampai {count}"),
                        ));
                    }
                    _ => at,
                };
                match self.mode {
                    Mode::Slides => self.slide = to,
                    Mode::Pledge => self.pledge_line = to,
                }
            }
        }
        let changed = *self != before;
        if changed {
            self.revision += 1;
            self.changed_at_ms = at_ms;
        }
        Ok(changed)
    }

    fn toggle(&mut self, screen: Screen) {
        self.screen = if self.screen == screen {
            Screen::Slide
        } else {
            screen
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(stage: &mut Stage, actions: &[Action]) {
        for (i, a) in actions.iter().enumerate() {
            stage.apply(*a, i as f64).expect("action");
        }
    }

    #[test]
    fn a_frozen_audience_keeps_its_slide_while_the_speaker_moves_and_then_catches_up() {
        let mut s = Stage::new(9, 0);
        run(
            &mut s,
            &[Action::Next, Action::Freeze, Action::Next, Action::Next],
        );
        assert_eq!(s.slide, 3, "the speaker moved on");
        assert_eq!(s.shown().slide, 1, "the audience stayed");
        // Black still reaches the audience while frozen.
        run(&mut s, &[Action::Black]);
        assert_eq!(s.screen, Screen::Black);
        run(&mut s, &[Action::Black, Action::Freeze]);
        assert_eq!((s.frozen, s.shown().slide), (None, 3));
    }

    #[test]
    fn steps_stop_at_the_first_and_last_slide() {
        let mut s = Stage::new(3, 0);
        run(&mut s, &[Action::Previous]);
        assert_eq!((s.slide, s.revision), (0, 0), "nothing changed");
        run(
            &mut s,
            &[Action::Next, Action::Next, Action::Next, Action::Next],
        );
        assert_eq!(s.slide, 2);
        run(&mut s, &[Action::First]);
        assert_eq!(s.slide, 0);
        run(&mut s, &[Action::Last]);
        assert_eq!(s.slide, 2);
    }

    #[test]
    fn goto_is_one_based_and_out_of_range_is_refused_without_moving() {
        let mut s = Stage::new(18, 0);
        s.apply(Action::Goto { number: 12 }, 5.0).expect("goto");
        assert_eq!((s.slide, s.changed_at_ms), (11, 5.0));
        let err = s.apply(Action::Goto { number: 40 }, 6.0).expect_err("40");
        assert!(err.to_string().contains("Slide 40 tidak ada"), "{err}");
        assert_eq!(s.slide, 11);
        assert!(s.apply(Action::Goto { number: 0 }, 7.0).is_err());
    }

    #[test]
    fn black_and_white_toggle_and_a_step_in_the_dark_only_brings_the_slide_back() {
        let mut s = Stage::new(5, 0);
        run(&mut s, &[Action::Next, Action::Black]);
        assert_eq!((s.slide, s.screen), (1, Screen::Black));
        run(&mut s, &[Action::White]);
        assert_eq!(s.screen, Screen::White);
        run(&mut s, &[Action::Next]);
        assert_eq!((s.slide, s.screen), (1, Screen::Slide));
        run(&mut s, &[Action::Black, Action::Black]);
        assert_eq!(s.screen, Screen::Slide);
    }

    #[test]
    fn pledge_mode_steps_through_lines_and_returns_to_the_same_slide() {
        let mut s = Stage::new(18, 4);
        run(&mut s, &[Action::Goto { number: 17 }, Action::Pledge]);
        assert_eq!((s.mode, s.pledge_line), (Mode::Pledge, 0));
        run(
            &mut s,
            &[Action::Next, Action::Next, Action::Last, Action::Next],
        );
        assert_eq!(s.pledge_line, 3);
        run(&mut s, &[Action::Pledge]);
        assert_eq!((s.mode, s.slide), (Mode::Slides, 16));
        let mut none = Stage::new(3, 0);
        run(&mut none, &[Action::Pledge]);
        assert_eq!(none.mode, Mode::Slides, "no pledge text, no pledge mode");
    }

    #[test]
    fn sign_here_toggles_over_the_slide_and_a_step_only_takes_it_away() {
        let mut s = Stage::new(5, 3);
        run(&mut s, &[Action::Next, Action::SignHere]);
        assert_eq!((s.slide, s.screen), (1, Screen::SignHere));
        run(&mut s, &[Action::SignHere]);
        assert_eq!((s.slide, s.screen), (1, Screen::Slide), "pressed again");
        run(&mut s, &[Action::SignHere, Action::Next]);
        assert_eq!(
            (s.slide, s.screen),
            (1, Screen::Slide),
            "a step only closes it"
        );
        run(&mut s, &[Action::SignHere, Action::Black]);
        assert_eq!(s.screen, Screen::Black, "black replaces it");
        run(&mut s, &[Action::SignHere]);
        assert_eq!(s.screen, Screen::SignHere, "and it replaces black");
        let revision = s.revision;
        run(&mut s, &[Action::Pledge]);
        assert_eq!((s.mode, s.screen), (Mode::Pledge, Screen::Slide));
        run(&mut s, &[Action::SignHere, Action::Previous]);
        assert_eq!(
            (s.mode, s.pledge_line, s.screen),
            (Mode::Pledge, 0, Screen::Slide)
        );
        assert_eq!(s.revision, revision + 3, "every toggle is a change");
    }

    #[test]
    fn sign_here_goes_to_the_windows_as_snake_case() {
        let action: Action = serde_json::from_str(r#"{"kind":"sign_here"}"#).expect("action");
        assert_eq!(action, Action::SignHere);
        let screen = serde_json::to_string(&Screen::SignHere).expect("screen");
        assert_eq!(screen, r#""sign_here""#);
    }
}
