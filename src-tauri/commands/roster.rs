//! The Peserta screen: roster import (preview held here until the organiser
//! commits or cancels) and the roster list.

use netra_core::audit::Actor;
use netra_core::import::{self, CommitResult, PendingImport};
use netra_core::person::{self, Person};
use netra_core::roster::{self, Attendance, PersonForm, SavedPerson};
use netra_core::{Error, ErrorReport};
use tauri::ipc::{InvokeBody, Request};
use tauri::State;

use super::now;
use crate::state::{Db, Imports};

/// The file arrives as raw bytes (no JSON number arrays for a 6 MB file);
/// the event and the file name travel in headers.
#[tauri::command(async)]
pub fn preview_import(
    db: State<'_, Db>,
    imports: State<'_, Imports>,
    request: Request<'_>,
) -> Result<PendingImport, ErrorReport> {
    let header = |k: &str| request.headers().get(k).and_then(|v| v.to_str().ok());
    let event_id: i64 = header("x-event-id")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let file_name = header("x-file-name")
        .map(percent_decode)
        .unwrap_or_default();
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(Error::ImportFile("Isi berkas tidak terkirim".into()).into());
    };
    let event = db.with(|c| netra_core::event::get(c, event_id))?;
    let preview = import::preview_bytes(&file_name, bytes, event.starts_at.date())?;
    Ok(imports.hold(event_id, preview))
}

#[tauri::command(async)]
pub fn commit_import(
    db: State<'_, Db>,
    imports: State<'_, Imports>,
    token: u32,
) -> Result<CommitResult, ErrorReport> {
    let (event_id, preview) = imports.take(token)?;
    db.with(|c| import::commit(c, event_id, &preview, Actor::Organizer, now().0))
}

#[tauri::command(async)]
pub fn cancel_import(imports: State<'_, Imports>, token: u32) {
    let _ = imports.take(token);
}

#[tauri::command(async)]
pub fn list_people(db: State<'_, Db>, event_id: i64) -> Result<Vec<Person>, ErrorReport> {
    db.with(|c| person::list(c, event_id))
}

/// File names are sent percent-encoded (`encodeURIComponent`): headers are ASCII.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[tauri::command(async)]
pub fn check_in(db: State<'_, Db>, person_id: i64, undo: bool) -> Result<Person, ErrorReport> {
    let at = now().0;
    db.with(|c| match undo {
        false => roster::check_in(c, person_id, Actor::Organizer, at),
        true => roster::undo_check_in(c, person_id, Actor::Organizer, at),
    })
}

#[tauri::command(async)]
pub fn register_walk_in(
    db: State<'_, Db>,
    event_id: i64,
    form: PersonForm,
) -> Result<SavedPerson, ErrorReport> {
    db.with(|c| roster::register_walk_in(c, event_id, &form, Actor::Organizer, now().0))
}

#[tauri::command(async)]
pub fn attendance(db: State<'_, Db>, event_id: i64) -> Result<Attendance, ErrorReport> {
    db.with(|c| roster::attendance(c, event_id))
}
