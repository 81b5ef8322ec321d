//! The Peserta screen: roster import (preview held here until the organiser
//! commits or cancels), the searched and paged roster, the person form,
//! check-in, and spreadsheets saved where the organiser chooses.

use std::path::PathBuf;

use netra_core::audit::Actor;
use netra_core::roster::export::{self, SheetFormat};
use netra_core::roster::import::{self, CommitResult, PendingImport};
use netra_core::roster::person::Person;
use netra_core::roster::search::{RosterPage, RosterQuery};
use netra_core::roster::{self, Attendance, PersonForm, SavedPerson};
use netra_core::{crypto, files, Error, ErrorReport};
use tauri::ipc::{InvokeBody, Request};
use tauri::{State, Window};

use super::{ask_save_path, now};
use crate::state::{Db, Imports, Search};

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
        .ok_or_else(|| Error::ImportFile("Acara untuk impor tidak disebut (x-event-id)".into()))?;
    let file_name = header("x-file-name")
        .map(percent_decode)
        .unwrap_or_default();
    // A file over the limit is not sent at all, only its size.
    if let Some(size) = header("x-file-size").and_then(|v| v.parse().ok()) {
        import::check_size(size)?;
    }
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(Error::ImportFile("Isi berkas tidak terkirim".into()).into());
    };
    let preview = db.with(|c| import::preview_for_event(c, event_id, &file_name, bytes))?;
    Ok(imports.with(|p, now| p.hold(event_id, preview, now)))
}

#[tauri::command(async)]
pub fn commit_import(
    db: State<'_, Db>,
    imports: State<'_, Imports>,
    token: u32,
) -> Result<CommitResult, ErrorReport> {
    let (event_id, preview) = imports.with(|p, now| p.take(token, now))?;
    db.with(|c| import::commit(c, event_id, &preview, Actor::Organizer, now().0))
}

#[tauri::command(async)]
pub fn cancel_import(imports: State<'_, Imports>, token: u32) {
    let _ = imports.with(|p, now| p.take(token, now));
}

/// One window of the roster table: the search box, filters and the rows
/// in view. The index lives in `Search`, so a keystroke costs a scan, not a load.
#[tauri::command(async)]
pub fn roster_page(
    db: State<'_, Db>,
    search: State<'_, Search>,
    event_id: i64,
    query: RosterQuery,
) -> Result<RosterPage, ErrorReport> {
    db.with(|c| search.with(|cache| cache.page(c, event_id, &query)))
}

#[tauri::command(async)]
pub fn update_person(
    db: State<'_, Db>,
    person_id: i64,
    form: PersonForm,
) -> Result<SavedPerson, ErrorReport> {
    db.with(|c| roster::update_person(c, person_id, &form, Actor::Organizer, now().0))
}

#[tauri::command(async)]
pub fn remove_person(db: State<'_, Db>, person_id: i64) -> Result<(), ErrorReport> {
    db.with(|c| roster::remove(c, person_id, Actor::Organizer, now().0))
}

/// Asks where to save the attendee list, then writes it. `None`: cancelled.
/// With a passphrase the file is sealed with age (`crypto::encrypt`) and
/// named `….age`; the passphrase is checked before the dialog opens, so a
/// short one is reported beside its field and no file is asked for.
#[tauri::command(async)]
pub fn export_roster(
    window: Window,
    db: State<'_, Db>,
    event_id: i64,
    format: SheetFormat,
    passphrase: Option<String>,
) -> Result<Option<String>, ErrorReport> {
    if let Some(p) = &passphrase {
        crypto::check_passphrase(p)?;
    }
    let name = db.with(|c| export::attendees_file_name(c, event_id, format))?;
    let Some(path) = ask_export_path(&window, &name, format, passphrase.is_some())? else {
        return Ok(None);
    };
    let mut bytes = db.with_job(|c| export::attendees(c, event_id, format))?;
    if let Some(p) = &passphrase {
        bytes = crypto::encrypt(&bytes, p)?;
    }
    files::write(&path, &bytes)?;
    Ok(Some(path.display().to_string()))
}

/// The save dialog for an export; a sealed one offers `….xlsx.age`.
fn ask_export_path(
    window: &Window,
    name: &str,
    format: SheetFormat,
    sealed: bool,
) -> Result<Option<PathBuf>, ErrorReport> {
    if !sealed {
        return ask_save_path(window, name, format.label(), format.extension());
    }
    let filter = format!("{} terenkripsi (age)", format.label());
    let name = format!("{name}.{}", crypto::EXTENSION);
    Ok(ask_save_path(window, &name, &filter, crypto::EXTENSION)?.map(sealed_path))
}

/// The path the dialog answered, with `.age` added when the organiser
/// removed it: an encrypted file named `.xlsx` would not open and would
/// hide that it is sealed.
fn sealed_path(path: PathBuf) -> PathBuf {
    let is_age = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(crypto::EXTENSION));
    if is_age {
        return path;
    }
    let mut os = path.into_os_string();
    os.push(format!(".{}", crypto::EXTENSION));
    os.into()
}

/// Saves the problems of a pending import so the source file can be fixed.
#[tauri::command(async)]
pub fn save_import_report(
    window: Window,
    imports: State<'_, Imports>,
    token: u32,
    format: SheetFormat,
) -> Result<Option<String>, ErrorReport> {
    let summary = imports.with(|p, now| p.summary(token, now))?;
    let name = export::issues_file_name(&summary, format);
    let Some(path) = ask_save_path(&window, &name, format.label(), format.extension())? else {
        return Ok(None);
    };
    files::write(&path, &export::issues(&summary, format)?)?;
    Ok(Some(path.display().to_string()))
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
