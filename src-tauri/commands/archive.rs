//! Arsip acara: export an event's signed archive, and import archives of
//! other installations (checked, then kept read-only beside the database).

use std::path::PathBuf;
use std::sync::Mutex;

use netra_core::archive::{
    self, ExportOptions, Exported, ImportOptions, Imported, ImportedArchive, Preview,
};
use netra_core::audit::Actor;
use netra_core::declaration::chain::Report;
use netra_core::{files, Error, ErrorReport};
use tauri::{State, Window};

use super::{ask_open_path, ask_save_path, now};
use crate::state::{Db, Signer};

/// The archive the organiser picked in the open dialog. The page names no
/// path of its own: it can only inspect or import what was picked.
#[derive(Default)]
pub struct PickedArchive(Mutex<Option<PathBuf>>);

impl PickedArchive {
    fn get(&self) -> Result<PathBuf, ErrorReport> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| Error::field("file", "Pilih berkas arsip .netra lebih dulu").into())
    }

    fn set(&self, path: Option<PathBuf>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = path;
    }
}

/// Asks where, then writes the archive; `None` when cancelled. On the jobs
/// connection: rendering the PDFs must not hold up the kiosk.
#[tauri::command(async)]
pub fn export_archive(
    window: Window,
    db: State<'_, Db>,
    signer: State<'_, Signer>,
    event_id: i64,
    options: ExportOptions,
) -> Result<Option<Exported>, ErrorReport> {
    if let Some(p) = &options.passphrase {
        netra_core::crypto::check_passphrase(p)?;
    }
    let key = signer.key(&db)?;
    let name = db.with(|c| archive::file_name(c, event_id))?;
    let Some(path) = ask_save_path(&window, &name, "Arsip acara Netra", archive::EXTENSION)? else {
        return Ok(None);
    };
    db.with_job(|c| {
        archive::export(
            c,
            &key,
            event_id,
            &path,
            &options,
            Actor::Organizer,
            now().0,
        )
    })
    .map(Some)
}

/// The open dialog for an archive; its file name, `None` when cancelled.
#[tauri::command(async)]
pub fn pick_archive(
    window: Window,
    picked: State<'_, PickedArchive>,
) -> Result<Option<String>, ErrorReport> {
    let path = ask_open_path(
        &window,
        "Impor arsip acara",
        "Arsip acara Netra",
        &[archive::EXTENSION],
    )?;
    picked.set(path.clone());
    Ok(path.map(|p| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }))
}

/// Checks the picked archive and says what importing it would add.
#[tauri::command(async)]
pub fn inspect_archive(
    db: State<'_, Db>,
    picked: State<'_, PickedArchive>,
    passphrase: Option<String>,
) -> Result<Preview, ErrorReport> {
    let path = picked.get()?;
    let pass = passphrase.filter(|p| !p.is_empty());
    db.with(|c| archive::inspect(c, db.path(), &path, pass.as_deref()))
}

#[tauri::command(async)]
pub fn import_archive(
    db: State<'_, Db>,
    signer: State<'_, Signer>,
    picked: State<'_, PickedArchive>,
    options: ImportOptions,
) -> Result<Imported, ErrorReport> {
    let path = picked.get()?;
    let own = signer.key(&db)?;
    let done = db.with(|c| {
        archive::import(
            c,
            db.path(),
            &own,
            &path,
            &options,
            Actor::Organizer,
            now().0,
        )
    })?;
    picked.set(None);
    Ok(done)
}

#[tauri::command(async)]
pub fn list_imports(db: State<'_, Db>) -> Result<Vec<ImportedArchive>, ErrorReport> {
    db.with(|c| archive::list(c))
}

#[tauri::command(async)]
pub fn verify_import(db: State<'_, Db>, id: i64) -> Result<Report, ErrorReport> {
    db.with(|c| archive::verify(c, db.path(), id))
}

#[tauri::command(async)]
pub fn remove_import(db: State<'_, Db>, id: i64) -> Result<ImportedArchive, ErrorReport> {
    db.with(|c| archive::remove(c, db.path(), id, Actor::Organizer, now().0))
}

/// Writes one PDF that came with an import into the documents folder and
/// opens it in the system viewer.
#[tauri::command(async)]
pub fn open_import_document(
    app: tauri::AppHandle,
    db: State<'_, Db>,
    id: i64,
    name: String,
) -> Result<(), ErrorReport> {
    let bytes = db.with(|c| archive::document(c, db.path(), id, &name))?;
    // The name passed the archive's checks: plain ASCII, no folders but
    // `documents/`.
    let file = name.rsplit('/').next().unwrap_or("dokumen.pdf");
    let dir = netra_core::pdf::documents_dir(db.path()).join(format!("arsip-impor-{id}"));
    files::private_dir(&dir).map_err(|e| ErrorReport::from(Error::Io(e)))?;
    let path = dir.join(file);
    files::write(&path, &bytes)?;
    super::documents::open_in_viewer(&app, &path)
}
