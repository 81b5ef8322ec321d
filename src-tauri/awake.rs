//! Keeps the screen on while a kiosk or a presentation runs, so a kiosk
//! in a queue or a slide on the projector never goes dark in the middle
//! of an event; released as soon as neither runs.
//!
//! `keepawake` asks the desktop: on Linux the session's
//! `org.freedesktop.ScreenSaver.Inhibit` (GNOME, KDE, Xfce, Cinnamon and
//! MATE implement it; a bare X server has none, and then only a note goes
//! to stderr), on Windows `SetThreadExecutionState`, on macOS a power
//! assertion. Only the display is held awake, not the whole system.

use std::sync::Mutex;

use tauri::{AppHandle, Manager};

use crate::commands::presentation::Presenting;
use crate::state::Kiosk;

#[derive(Default)]
pub struct Awake(Mutex<Held>);

#[derive(Default)]
struct Held {
    guard: Option<keepawake::KeepAwake>,
    /// The last failure, reported once rather than on every change.
    failed: Option<String>,
}

impl Awake {
    /// Holds or releases the screen for what runs now.
    pub fn sync(app: &AppHandle) {
        let kiosk = app.state::<Kiosk>().event_id().is_some();
        let presenting = app.state::<Presenting>().running();
        let awake = app.state::<Awake>();
        let mut held = awake.0.lock().unwrap_or_else(|p| p.into_inner());
        let why = match (kiosk, presenting) {
            (true, _) => "Kiosk deklarasi Netra sedang berjalan",
            (false, true) => "Presentasi Netra sedang berjalan",
            (false, false) => {
                held.guard = None;
                return;
            }
        };
        if held.guard.is_some() {
            return;
        }
        match keepawake::Builder::default()
            .display(true)
            .reason(why)
            .app_name("Netra")
            .app_reverse_domain("id.netra.desktop")
            .create()
        {
            Ok(guard) => {
                held.guard = Some(guard);
                held.failed = None;
            }
            Err(err) => {
                let msg = err.to_string();
                if held.failed.as_deref() != Some(msg.as_str()) {
                    eprintln!(
                        "Catatan: layar tidak dapat dicegah padam (desktop tidak menyediakan penghambat layar: {msg}); atur sendiri agar layar tidak padam."
                    );
                    held.failed = Some(msg);
                }
            }
        }
    }
}
