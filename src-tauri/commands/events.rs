//! The Acara screen: list, show, create, edit, archive, close, retention, erase.

use netra_core::audit::Actor;
use netra_core::event::erase::{self, ErasePlan, Erased};
use netra_core::event::{self, Event, EventForm, FormOptions, Retention, Saved};
use netra_core::{Error, ErrorReport};
use tauri::State;

use super::now;
use crate::state::{Db, Hall, Kiosk, Search};

#[tauri::command(async)]
pub fn event_form_options() -> FormOptions {
    event::form_options(now().1)
}

#[tauri::command(async)]
pub fn list_events(db: State<'_, Db>, include_archived: bool) -> Result<Vec<Event>, ErrorReport> {
    db.with(|c| event::list(c, include_archived))
}

#[tauri::command(async)]
pub fn get_event(db: State<'_, Db>, id: i64) -> Result<Event, ErrorReport> {
    db.with(|c| event::get(c, id))
}

#[tauri::command(async)]
pub fn create_event(db: State<'_, Db>, form: EventForm) -> Result<Saved, ErrorReport> {
    let (at, today) = now();
    db.with(|c| event::create(c, &form, Actor::Organizer, at, today))
}

#[tauri::command(async)]
pub fn update_event(db: State<'_, Db>, id: i64, form: EventForm) -> Result<Saved, ErrorReport> {
    let (at, today) = now();
    db.with(|c| event::update(c, id, &form, Actor::Organizer, at, today))
}

#[tauri::command(async)]
pub fn set_event_archived(
    db: State<'_, Db>,
    id: i64,
    archived: bool,
) -> Result<Event, ErrorReport> {
    db.with(|c| event::set_archived(c, id, archived, Actor::Organizer, now().0))
}

/// "Tutup acara" / "Buka lagi": a closed event takes no arrival or signature.
#[tauri::command(async)]
pub fn set_event_closed(db: State<'_, Db>, id: i64, closed: bool) -> Result<Event, ErrorReport> {
    db.with(|c| event::set_closed(c, id, closed, Actor::Organizer, now().0))
}

#[tauri::command(async)]
pub fn event_retention(db: State<'_, Db>, id: i64) -> Result<Retention, ErrorReport> {
    let today = now().1;
    db.with(|c| event::retention(c, &event::get(c, id)?, today))
}

/// `until`: YYYY-MM-DD, or empty for the default months after the event.
#[tauri::command(async)]
pub fn set_event_retention(
    db: State<'_, Db>,
    id: i64,
    until: String,
) -> Result<Retention, ErrorReport> {
    let (at, today) = now();
    db.with(|c| {
        let ev = event::set_retention_text(c, id, &until, Actor::Organizer, at)?;
        event::retention(c, &ev, today)
    })
}

/// What "Hapus acara" would remove, for the confirmation.
#[tauri::command(async)]
pub fn erase_plan(db: State<'_, Db>, id: i64) -> Result<ErasePlan, ErrorReport> {
    db.with(|c| erase::plan(c, id))
}

/// Erases the event once `confirm` is its title; refused while its kiosk
/// or the hall hub for it runs.
#[tauri::command(async)]
pub fn erase_event(
    db: State<'_, Db>,
    kiosk: State<'_, Kiosk>,
    hall: State<'_, Hall>,
    search: State<'_, Search>,
    id: i64,
    confirm: String,
) -> Result<Erased, ErrorReport> {
    let signing = kiosk.event_id() == Some(id) || hall.running().is_some_and(|h| h.event_id == id);
    if signing {
        return Err(
            Error::Closed("Tutup kiosk dan hentikan Kiosk tambahan acara ini dulu".into()).into(),
        );
    }
    let path = db.path().to_path_buf();
    let erased = db.with(|c| erase::erase(c, &path, id, &confirm, Actor::Organizer, now().0))?;
    search.clear();
    Ok(erased)
}
