//! Kiosk mode. The organiser's window starts it; the kiosk window (its own
//! label, its own capability) can only find one attendee, register a
//! walk-in, submit a signature, and leave with the PIN. The event comes
//! from Rust state, never from the page, and every kiosk command checks
//! the calling window's label.

use netra_core::audit::Actor;
use netra_core::declaration::chain::{self, Report};
use netra_core::declaration::kiosk::{
    self, KioskPerson, KioskSearch, KioskSession, KioskSettings, KioskStart,
};
use netra_core::declaration::{self, Declaration, Receipt, Submission};
use netra_core::roster::PersonForm;
use netra_core::{Error, ErrorReport};
use tauri::{AppHandle, State, Window};

use super::now;
use crate::state::{Db, Kiosk, Search, Signer};

/// Label of the kiosk window; capabilities/kiosk.json is scoped to it.
pub const KIOSK: &str = "kiosk";
const MAIN: &str = "main";

fn not_kiosk() -> ErrorReport {
    Error::field("window", "Perintah ini hanya untuk layar kiosk").into()
}

/// The event of the running kiosk, if `window` is the kiosk.
fn kiosk_event(window: &Window, kiosk: &Kiosk) -> Result<i64, ErrorReport> {
    if window.label() != KIOSK {
        return Err(not_kiosk());
    }
    kiosk
        .event_id()
        .ok_or_else(|| Error::field("window", "Mode kiosk belum dimulai oleh penyelenggara").into())
}

#[tauri::command(async)]
pub fn kiosk_settings(db: State<'_, Db>) -> Result<KioskSettings, ErrorReport> {
    db.with(|c| kiosk::settings(c))
}

/// Saves the PIN and timeout, opens the kiosk window full screen and
/// hides the organiser's window (and with it the roster).
#[tauri::command(async)]
pub fn start_kiosk(
    app: AppHandle,
    window: Window,
    db: State<'_, Db>,
    kiosk: State<'_, Kiosk>,
    signer: State<'_, Signer>,
    start: KioskStart,
) -> Result<(), ErrorReport> {
    if window.label() != MAIN {
        return Err(not_kiosk());
    }
    // A broken key is the organiser's to fix, before any attendee signs.
    signer.key(&db)?;
    db.with(|c| kiosk::prepare_start(c, &start, Actor::Organizer, now().0))?;
    kiosk.begin(start.event_id);
    if let Err(err) = open_window(&app) {
        kiosk.end();
        return Err(err);
    }
    crate::awake::Awake::sync(&app);
    let _ = window.hide();
    Ok(())
}

fn open_window(app: &AppHandle) -> Result<(), ErrorReport> {
    if super::show_and_focus(app, KIOSK) {
        return Ok(());
    }
    super::app_window(app, KIOSK, "kiosk.html")
        .title("Netra — Kiosk Deklarasi")
        .inner_size(1280.0, 800.0)
        .fullscreen(true)
        .decorations(false)
        .build()
        .map(|_| ())
        .map_err(|e| Error::Environment(format!("Jendela kiosk tidak dapat dibuka: {e}")).into())
}

#[tauri::command(async)]
pub fn kiosk_session(
    window: Window,
    db: State<'_, Db>,
    kiosk: State<'_, Kiosk>,
) -> Result<KioskSession, ErrorReport> {
    let event_id = kiosk_event(&window, &kiosk)?;
    db.with(|c| kiosk::session(c, event_id, now().0))
}

#[tauri::command(async)]
pub fn kiosk_find(
    window: Window,
    db: State<'_, Db>,
    search: State<'_, Search>,
    kiosk: State<'_, Kiosk>,
    text: String,
) -> Result<KioskSearch, ErrorReport> {
    kiosk_event(&window, &kiosk)?;
    db.with(|c| {
        kiosk.with(|run| search.with(|cache| run.find(c, cache.index(c, run.event_id())?, &text)))
    })
}

#[tauri::command(async)]
pub fn kiosk_person(
    window: Window,
    db: State<'_, Db>,
    kiosk: State<'_, Kiosk>,
    person_id: i64,
) -> Result<KioskPerson, ErrorReport> {
    kiosk_event(&window, &kiosk)?;
    db.with(|c| kiosk.with(|run| run.person(c, person_id)))
}

#[tauri::command(async)]
pub fn kiosk_walk_in(
    window: Window,
    db: State<'_, Db>,
    kiosk: State<'_, Kiosk>,
    form: PersonForm,
) -> Result<KioskPerson, ErrorReport> {
    kiosk_event(&window, &kiosk)?;
    let card = db.with(|c| kiosk.with(|run| run.walk_in(c, &form, now().0)))?;
    super::attendance_changed(tauri::Manager::app_handle(&window));
    Ok(card)
}

/// Returns only after the declaration is committed (synchronous=FULL).
#[tauri::command(async)]
pub fn kiosk_submit(
    window: Window,
    db: State<'_, Db>,
    kiosk: State<'_, Kiosk>,
    signer: State<'_, Signer>,
    submission: Submission,
) -> Result<Receipt, ErrorReport> {
    kiosk_event(&window, &kiosk)?;
    let key = signer.key(&db)?;
    let receipt = db.with(|c| kiosk.with(|run| run.submit(c, &key, &submission, now().0)))?;
    if !receipt.repeated {
        super::attendance_changed(tauri::Manager::app_handle(&window));
    }
    Ok(receipt)
}

/// Leaves kiosk mode with the organiser's PIN.
#[tauri::command(async)]
pub fn kiosk_exit(
    app: AppHandle,
    window: Window,
    db: State<'_, Db>,
    kiosk: State<'_, Kiosk>,
    pin: String,
) -> Result<(), ErrorReport> {
    kiosk_event(&window, &kiosk)?;
    db.with(|c| kiosk::try_exit(c, &pin, now().0))?;
    kiosk.end();
    crate::awake::Awake::sync(&app);
    super::show_and_focus(&app, MAIN);
    let _ = window.destroy();
    super::backup::auto_in_background(&app, "kiosk selesai");
    Ok(())
}

#[tauri::command(async)]
pub fn list_declarations(
    db: State<'_, Db>,
    event_id: i64,
) -> Result<Vec<Declaration>, ErrorReport> {
    db.with(|c| declaration::list(c, event_id))
}

#[tauri::command(async)]
pub fn void_declaration(
    db: State<'_, Db>,
    signer: State<'_, Signer>,
    id: i64,
    reason: String,
) -> Result<Declaration, ErrorReport> {
    let key = signer.key(&db)?;
    db.with(|c| declaration::void(c, &key, id, &reason, Actor::Organizer, now().0))
}

/// Walks the event's chain the way `netra verify` does; never makes a key.
#[tauri::command(async)]
pub fn verify_declarations(db: State<'_, Db>, event_id: i64) -> Result<Report, ErrorReport> {
    db.with(|c| chain::verify_event(c, db.path(), event_id, &[]))
}
