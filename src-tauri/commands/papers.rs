//! Kop surat & tanda pengesah on the Dokumen screen: letterheads, the
//! images of an event's papers (picked in a native dialog and read here,
//! so the page never names a path), the certificate design, and the live
//! preview of a document (PDF bytes, nothing written).

use std::io::Read;
use std::path::Path;

use netra_core::audit::Actor;
use netra_core::papers::{
    self, images, Design, EventPapers, Layout, Letterhead, LetterheadInput, Slot,
};
use netra_core::pdf::{self, PrintRequest};
use netra_core::{Error, ErrorReport};
use tauri::ipc::Response;
use tauri::{State, Window};

use super::{ask_open_path, now};
use crate::state::{Db, Signer};

/// Reads a picked image; a file larger than any image the core accepts is
/// cut just past that size, so the core refuses it with its own message.
fn read_image(path: &Path, field: &str) -> Result<Vec<u8>, ErrorReport> {
    let unreadable = |e: std::io::Error| -> ErrorReport {
        Error::field(
            field,
            format!("Berkas {} tidak dapat dibaca: {e}", path.display()),
        )
        .into()
    };
    let limit = images::MAX_ANY_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limit).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    Ok(bytes)
}

/// The open dialog for the image of `slot`: PNG with transparency for the
/// signature and the stamp, PNG or JPEG otherwise.
fn ask_image(window: &Window, slot: Slot) -> Result<Option<std::path::PathBuf>, ErrorReport> {
    let (title, extensions): (&str, &[&str]) = match slot {
        Slot::LogoLeft => ("Pilih logo kiri", &["png", "jpg", "jpeg"]),
        Slot::LogoRight => ("Pilih logo kanan", &["png", "jpg", "jpeg"]),
        Slot::Signature => ("Pilih tanda tangan pejabat (PNG transparan)", &["png"]),
        Slot::Stamp => ("Pilih stempel (PNG transparan)", &["png"]),
        Slot::Background => (
            "Pilih latar sertifikat (A4 lanskap)",
            &["png", "jpg", "jpeg"],
        ),
    };
    ask_open_path(window, title, "Gambar", extensions)
}

#[tauri::command(async)]
pub fn list_letterheads(db: State<'_, Db>) -> Result<Vec<Letterhead>, ErrorReport> {
    db.with(|c| papers::letterheads(c))
}

/// Saves a new letterhead; with `with_logo` the open dialog asks for its
/// logo first (`None` when that is cancelled: nothing saved).
#[tauri::command(async)]
pub fn create_letterhead(
    window: Window,
    db: State<'_, Db>,
    input: LetterheadInput,
    with_logo: bool,
) -> Result<Option<Letterhead>, ErrorReport> {
    let logo = if with_logo {
        let Some(path) = ask_open_path(
            &window,
            "Pilih logo kop surat",
            "Gambar",
            &["png", "jpg", "jpeg"],
        )?
        else {
            return Ok(None);
        };
        Some(read_image(&path, "logo")?)
    } else {
        None
    };
    db.with(|c| papers::create_letterhead(c, &input, logo.as_deref(), Actor::Organizer, now().0))
        .map(Some)
}

#[tauri::command(async)]
pub fn remove_letterhead(db: State<'_, Db>, id: i64) -> Result<(), ErrorReport> {
    db.with(|c| papers::remove_letterhead(c, id, Actor::Organizer, now().0))
}

#[tauri::command(async)]
pub fn event_papers(db: State<'_, Db>, event_id: i64) -> Result<EventPapers, ErrorReport> {
    db.with(|c| papers::event_papers(c, event_id))
}

#[tauri::command(async)]
pub fn set_event_letterhead(
    db: State<'_, Db>,
    event_id: i64,
    letterhead_id: Option<i64>,
) -> Result<EventPapers, ErrorReport> {
    db.with(|c| papers::set_letterhead(c, event_id, letterhead_id, Actor::Organizer, now().0))
}

/// Asks for the image of `slot` and puts it there; `None` when cancelled.
#[tauri::command(async)]
pub fn choose_paper_image(
    window: Window,
    db: State<'_, Db>,
    event_id: i64,
    slot: Slot,
) -> Result<Option<EventPapers>, ErrorReport> {
    let Some(path) = ask_image(&window, slot)? else {
        return Ok(None);
    };
    let bytes = read_image(&path, "image")?;
    db.with(|c| papers::set_image(c, event_id, slot, Some(&bytes), Actor::Organizer, now().0))
        .map(Some)
}

#[tauri::command(async)]
pub fn clear_paper_image(
    db: State<'_, Db>,
    event_id: i64,
    slot: Slot,
) -> Result<EventPapers, ErrorReport> {
    db.with(|c| papers::set_image(c, event_id, slot, None, Actor::Organizer, now().0))
}

#[tauri::command(async)]
pub fn set_materai(db: State<'_, Db>, event_id: i64, on: bool) -> Result<EventPapers, ErrorReport> {
    db.with(|c| papers::set_materai(c, event_id, on, Actor::Organizer, now().0))
}

#[tauri::command(async)]
pub fn set_certificate_design(
    db: State<'_, Db>,
    event_id: i64,
    design: Design,
) -> Result<EventPapers, ErrorReport> {
    db.with(|c| papers::set_design(c, event_id, design, Actor::Organizer, now().0))
}

#[tauri::command(async)]
pub fn set_certificate_layout(
    db: State<'_, Db>,
    event_id: i64,
    layout: Layout,
) -> Result<EventPapers, ErrorReport> {
    db.with(|c| papers::set_layout(c, event_id, layout, Actor::Organizer, now().0))
}

#[tauri::command(async)]
pub fn set_detailed_statements(
    db: State<'_, Db>,
    event_id: i64,
    on: bool,
) -> Result<EventPapers, ErrorReport> {
    db.with(|c| papers::set_detailed(c, event_id, on, Actor::Organizer, now().0))
}

/// A stored image as PNG bytes (an ArrayBuffer in the page), for a thumbnail.
#[tauri::command(async)]
pub fn paper_image(db: State<'_, Db>, id: i64) -> Result<Response, ErrorReport> {
    db.with(|c| images::png_of(c, id)).map(Response::new)
}

/// The first pages of the document `request` would print, as PDF bytes;
/// nothing is written or recorded. On the jobs connection, like printing.
#[tauri::command(async)]
pub fn preview_document(
    db: State<'_, Db>,
    signer: State<'_, Signer>,
    request: PrintRequest,
) -> Result<Response, ErrorReport> {
    let key = signer.key(&db)?;
    let doc = db.with_job(|c| pdf::preview(c, &key, &request, now().0))?;
    Ok(Response::new(doc.bytes))
}
