//! The Dokumen and Verifikasi screens: print a document into the app's
//! document folder (progress over a channel), open or print it with the
//! system viewer, save a copy, check a QR code, exchange public keys.

use std::path::PathBuf;
use std::sync::Mutex;

use netra_core::audit::Actor;
use netra_core::keys::{self, ImportedKey, KeyEntry, KeyInfo};
use netra_core::pdf::register::QrCheck;
use netra_core::pdf::{self, PrintProgress, PrintRequest, PrintedDocument};
use netra_core::{files, Error, ErrorReport};
use tauri::ipc::Channel;
use tauri::{State, Window};
use tauri_plugin_opener::OpenerExt;

use super::now;
use crate::state::{Db, Signer};

/// Documents written this session, by id; the page only ever names an id,
/// so it cannot ask to open an arbitrary path.
#[derive(Default)]
pub struct Documents(Mutex<Vec<PathBuf>>);

impl Documents {
    fn add(&self, path: PathBuf) -> u32 {
        let mut all = self.0.lock().unwrap_or_else(|p| p.into_inner());
        all.push(path);
        all.len() as u32
    }

    fn get(&self, id: u32) -> Result<PathBuf, ErrorReport> {
        let all = self.0.lock().unwrap_or_else(|p| p.into_inner());
        id.checked_sub(1)
            .and_then(|i| all.get(i as usize).cloned())
            .ok_or_else(|| {
                Error::field("document", "Dokumen itu tidak ada lagi; cetak ulang").into()
            })
    }
}

/// Prints on the jobs connection: the kiosk keeps signing meanwhile.
#[tauri::command(async)]
pub fn print_document(
    db: State<'_, Db>,
    signer: State<'_, Signer>,
    docs: State<'_, Documents>,
    request: PrintRequest,
    on_progress: Channel<PrintProgress>,
) -> Result<PrintedDocument, ErrorReport> {
    let key = signer.key(&db)?;
    let dir = pdf::documents_dir(db.path());
    let printed = db.with_job(|c| {
        pdf::print_into(c, &key, &request, &dir, now().0, &mut |p| {
            let _ = on_progress.send(p);
        })
    })?;
    Ok(printed.summary(docs.add(printed.path.clone())))
}

/// Opens the PDF in the system viewer (where "Cetak" also leads: printing
/// from the viewer at 100 % keeps A4/F4 layouts exact).
#[tauri::command(async)]
pub fn open_document(
    app: tauri::AppHandle,
    docs: State<'_, Documents>,
    id: u32,
) -> Result<(), ErrorReport> {
    open_in_viewer(&app, &docs.get(id)?)
}

/// Opens a PDF in the system viewer; the error names where the file is.
pub(super) fn open_in_viewer(
    app: &tauri::AppHandle,
    path: &std::path::Path,
) -> Result<(), ErrorReport> {
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| {
            Error::Environment(format!(
                "Penampil PDF tidak dapat dibuka ({e}). Berkasnya ada di {}",
                path.display()
            ))
            .into()
        })
}

/// Asks where to save a copy of a printed document. `None`: cancelled.
#[tauri::command(async)]
pub fn save_document_copy(
    window: Window,
    docs: State<'_, Documents>,
    id: u32,
) -> Result<Option<String>, ErrorReport> {
    let source = docs.get(id)?;
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some(path) = super::ask_save_path(&window, &name, "PDF", "pdf")? else {
        return Ok(None);
    };
    let bytes = std::fs::read(&source).map_err(|e| ErrorReport::from(Error::Io(e)))?;
    files::write(&path, &bytes)?;
    Ok(Some(path.display().to_string()))
}

/// Picks a PDF file and checks it page by page; `None` when cancelled.
#[tauri::command(async)]
pub fn verify_pdf_file(
    window: Window,
    db: State<'_, Db>,
) -> Result<Option<pdf::PdfCheck>, ErrorReport> {
    let Some(path) = super::ask_open_path(&window, "Periksa berkas PDF", "PDF", &["pdf"])? else {
        return Ok(None);
    };
    db.with(|c| pdf::verify_pdf(c, db.path(), &path)).map(Some)
}

/// Checks a PDF dropped on the Verifikasi screen (its bytes: a dropped
/// file has no path the page may name).
#[tauri::command(async)]
pub fn verify_pdf_dropped(
    db: State<'_, Db>,
    name: String,
    bytes: Vec<u8>,
) -> Result<pdf::PdfCheck, ErrorReport> {
    db.with(|c| pdf::verify_pdf_bytes(c, db.path(), &name, &bytes))
}

#[tauri::command(async)]
pub fn verify_qr(db: State<'_, Db>, payload: String) -> Result<QrCheck, ErrorReport> {
    db.with(|c| pdf::check_qr(c, db.path(), &payload))
}

#[tauri::command(async)]
pub fn installation_key(
    db: State<'_, Db>,
    signer: State<'_, Signer>,
) -> Result<KeyInfo, ErrorReport> {
    Ok(signer.key(&db)?.info())
}

#[tauri::command(async)]
pub fn import_public_key(
    db: State<'_, Db>,
    signer: State<'_, Signer>,
    public_key: String,
    label: String,
) -> Result<String, ErrorReport> {
    let own = signer.key(&db)?;
    db.with(|c| keys::import_public(c, &own, &public_key, &label, Actor::Organizer, now().0))
        .map(|imported| imported.key_id)
}

/// This installation's key and every imported one, with whether a check
/// accepts it now; never makes a key file.
#[tauri::command(async)]
pub fn list_trusted_keys(db: State<'_, Db>) -> Result<Vec<KeyEntry>, ErrorReport> {
    db.with(|c| keys::list_trusted(c, &keys::path_for(db.path())))
}

#[tauri::command(async)]
pub fn remove_trusted_key(
    db: State<'_, Db>,
    signer: State<'_, Signer>,
    key_id: String,
) -> Result<ImportedKey, ErrorReport> {
    let own = signer.key(&db)?.key_id();
    db.with(|c| keys::remove_trusted(c, &key_id, Some(&own), Actor::Organizer, now().0))
}
