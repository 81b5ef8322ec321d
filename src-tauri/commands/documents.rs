//! The Dokumen and Verifikasi screens: print a document into the app's
//! document folder (progress over a channel), open or print it with the
//! system viewer, save a copy, check a QR code, exchange public keys.

use std::path::PathBuf;
use std::sync::Mutex;

use netra_core::keys::{self, KeyInfo};
use netra_core::pdf::{self, PrintProgress, PrintRequest, PrintedDocument};
use netra_core::record::{self, QrCheck};
use netra_core::{export, Error, ErrorReport};
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

#[tauri::command(async)]
pub fn print_document(
    db: State<'_, Db>,
    signer: State<'_, Signer>,
    docs: State<'_, Documents>,
    request: PrintRequest,
    on_progress: Channel<PrintProgress>,
) -> Result<PrintedDocument, ErrorReport> {
    let key = signer.key(db.path())?;
    let dir = db
        .path()
        .parent()
        .map(|d| d.join("dokumen"))
        .unwrap_or_else(|| PathBuf::from("dokumen"));
    std::fs::create_dir_all(&dir).map_err(|e| ErrorReport::from(Error::Io(e)))?;
    let (file_name, doc) = db.with(|c| {
        let name = pdf::file_name(c, &request)?;
        let mut last = 0;
        let doc = pdf::render(c, key, &request, now().0, &mut |done, total| {
            // A message per page would flood the window on a 1,000-page batch.
            if done == total || done - last >= total.div_ceil(50) {
                last = done;
                let _ = on_progress.send(PrintProgress {
                    done: done as u32,
                    total: total as u32,
                });
            }
        })?;
        Ok((name, doc))
    })?;
    let path = dir.join(&file_name);
    export::write_file(&path, &doc.bytes)?;
    Ok(PrintedDocument {
        id: docs.add(path.clone()),
        path: path.display().to_string(),
        file_name,
        pages: doc.pages as u32,
        kilobytes: doc.bytes.len().div_ceil(1024) as u32,
        records: doc.records.len() as u32,
        warnings: doc.warnings,
    })
}

/// Opens the PDF in the system viewer (where "Cetak" also leads: printing
/// from the viewer at 100 % keeps A4/F4 layouts exact).
#[tauri::command(async)]
pub fn open_document(
    app: tauri::AppHandle,
    docs: State<'_, Documents>,
    id: u32,
) -> Result<(), ErrorReport> {
    let path = docs.get(id)?;
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
    export::write_file(&path, &bytes)?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command(async)]
pub fn verify_qr(db: State<'_, Db>, payload: String) -> Result<QrCheck, ErrorReport> {
    db.with(|c| record::check(c, &payload, pdf::facts_now))
}

#[tauri::command(async)]
pub fn installation_key(
    db: State<'_, Db>,
    signer: State<'_, Signer>,
) -> Result<KeyInfo, ErrorReport> {
    let key = signer.key(db.path())?;
    db.with(|c| key.register(c, now().0))?;
    Ok(key.info())
}

#[tauri::command(async)]
pub fn import_public_key(
    db: State<'_, Db>,
    public_key: String,
    label: String,
) -> Result<String, ErrorReport> {
    db.with(|c| keys::import_public(c, &public_key, &label, now().0))
}
