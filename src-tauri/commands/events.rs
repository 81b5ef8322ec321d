//! The Acara screen: list, show, create, edit, archive.

use netra_core::audit::Actor;
use netra_core::event::{self, Event, EventForm, FormOptions, Saved};
use netra_core::ErrorReport;
use tauri::State;

use super::now;
use crate::state::Db;

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
