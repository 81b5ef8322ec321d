//! Printed records: daftar hadir, surat pernyataan, sertifikat and berita
//! acara as vector PDFs (printpdf), each page with a signed QR code.
//!
//! Every document is one PDF with the fonts subset once and its content
//! streams compressed; signatures are drawn as paths from the stored strokes.
//!
//! Printing never holds the database while it draws, so a kiosk signing
//! beside a 1,000-page batch does not wait for it. A document is made in
//! three steps on its own connection: read what it shows in one read
//! transaction (WAL lets writers go on meanwhile), register every page's
//! QR record in one short write transaction, then draw with no lock held.

mod assemble;
mod berita_acara;
pub mod canvas;
pub mod claims;
mod daftar_hadir;
pub mod data;
pub mod fonts;
pub mod images;
pub mod marks;
mod parts;
mod pernyataan;
pub mod register;
mod sertifikat;
pub mod verify_file;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use printpdf::PdfDocument;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::event::{Event, Paper};
use crate::keys::{InstallationKey, TrustedKeys};
use register::{Issued, RecordKind};

pub use data::facts_now;
pub use verify_file::{verify_pdf, verify_pdf_bytes, PageCheck, PdfCheck};

/// Who a daftar hadir lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Scope {
    /// People who came (checked in or signed).
    Attended,
    /// The whole roster, to be signed on paper.
    Roster,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Attended => "hadir",
            Scope::Roster => "semua",
        }
    }
}

/// What to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PrintRequest {
    pub event_id: i64,
    pub kind: RecordKind,
    /// "A4" or "F4"; empty means the event's paper.
    pub paper: String,
    pub scope: Scope,
    /// Only these people (pernyataan, sertifikat); empty means everyone.
    pub person_ids: Vec<i64>,
}

/// A written document.
#[derive(Debug, Clone)]
pub struct Document {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Printed records made or found for its QR codes.
    pub records: Vec<i64>,
    /// The text of each record's QR code, in the same order.
    pub codes: Vec<String>,
    /// Things the organiser should check (names the font cannot show,
    /// unreadable signatures), in Indonesian.
    pub warnings: Vec<String>,
}

/// How far a batch is, for the progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PrintProgress {
    pub done: u32,
    pub total: u32,
}

/// A document written for the window: where it is and what to check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PrintedDocument {
    /// Handle for "Buka", "Cetak" and "Simpan salinan".
    pub id: u32,
    pub path: String,
    pub file_name: String,
    pub pages: u32,
    pub kilobytes: u32,
    pub records: u32,
    pub warnings: Vec<String>,
}

/// File name for a document of `req`: "Sertifikat - <judul acara>.pdf",
/// with the person's name when only one person is printed.
pub fn file_name(conn: &Connection, req: &PrintRequest) -> Result<String> {
    let event = crate::db::events::get(conn, req.event_id)?;
    let mut what = req.kind.label().to_string();
    if req.kind == RecordKind::DaftarHadir && req.scope == Scope::Roster {
        what.push_str(" (semua peserta)");
    }
    if let [one] = req.person_ids[..] {
        if let Some(p) = crate::db::people::get(conn, one)? {
            what = format!("{what} - {}", p.name);
        }
    }
    Ok(crate::files::for_event(&what, &event.title, "pdf"))
}

/// Page size and margins in mm. Indonesian filing punches the left edge,
/// so portrait pages keep a wider left margin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sheet {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}

impl Sheet {
    pub fn portrait(paper: Paper) -> Sheet {
        let (width, height) = paper.size_mm();
        Sheet {
            width,
            height,
            left: 30.0,
            right: 20.0,
            top: 20.0,
            bottom: 15.0,
        }
    }

    pub fn landscape(paper: Paper) -> Sheet {
        let (height, width) = paper.size_mm();
        Sheet {
            width,
            height,
            left: 20.0,
            right: 20.0,
            top: 18.0,
            bottom: 15.0,
        }
    }

    pub fn content_width(&self) -> f32 {
        self.width - self.left - self.right
    }

    pub fn right_edge(&self) -> f32 {
        self.width - self.right
    }

    pub fn bottom_edge(&self) -> f32 {
        self.height - self.bottom
    }
}

/// Everything a document needs while it is being drawn.
pub(crate) struct Job<'a> {
    pub conn: &'a Connection,
    pub key: &'a InstallationKey,
    pub event: Event,
    pub paper: Paper,
    pub now: DateTime<Utc>,
    pub fonts: fonts::DocFonts,
    /// Letterhead, logos, the official's signature and stamp, as this
    /// document uses them (embedded once).
    pub marks: parts::Marks,
    pub records: Vec<i64>,
    pub codes: Vec<String>,
    pub warnings: Vec<String>,
    /// A preview: nothing is registered, one person is drawn.
    pub preview: bool,
}

/// What a preview's QR codes say: no record, nothing to verify.
pub const PREVIEW_CODE: &str = "NETRA-PRATINJAU (bukan dokumen resmi)";

impl Job<'_> {
    /// Registers the records of every page at once and returns their QR
    /// payloads in the same order. This ends the read transaction the
    /// document's data came from, and writes in one short transaction of
    /// its own, so the drawing that follows holds no lock.
    pub fn issue_all(
        &mut self,
        kind: RecordKind,
        facts: &[serde_json::Value],
    ) -> Result<Vec<Issued>> {
        if self.preview {
            return Ok(facts
                .iter()
                .map(|_| Issued {
                    id: 0,
                    content_hash: String::new(),
                    payload: PREVIEW_CODE.into(),
                })
                .collect());
        }
        if !self.conn.is_autocommit() {
            self.conn.execute_batch("COMMIT")?;
        }
        let issued =
            register::issue_all(self.conn, self.key, kind, self.event.id, facts, self.now)?;
        for i in &issued {
            if self.records.last() != Some(&i.id) {
                self.records.push(i.id);
                self.codes.push(i.payload.clone());
            }
        }
        Ok(issued)
    }

    /// Warns once per text the font cannot print as written.
    pub fn check_glyphs(&mut self, what: &str, text: &str) {
        if let Some(problem) = fonts::glyph_problem(text) {
            let warning = format!("{what} \u{201c}{text}\u{201d} {problem}.");
            if !self.warnings.contains(&warning) {
                self.warnings.push(warning);
            }
        }
    }

    /// The event's people `ids` names (or all of them) that `keep` accepts,
    /// for the one-page-per-person documents; `none` says why nobody is left.
    pub fn people(
        &self,
        ids: &[i64],
        keep: fn(&data::Entry) -> bool,
        none: &str,
    ) -> Result<Vec<data::Entry>> {
        let entries = data::entries(self.conn, self.event.id)?;
        if self.preview {
            // The first person the document would show, or a stand-in
            // where nobody has come yet (not for a statement: it shows
            // what a person signed).
            return match select(&entries, ids, keep, none) {
                Ok(kept) => Ok(kept.into_iter().take(1).cloned().collect()),
                Err(e) if !keep(&data::Entry::sample(self.event.id, self.now)) => Err(e),
                Err(_) => Ok(vec![data::Entry::sample(self.event.id, self.now)]),
            };
        }
        Ok(select(&entries, ids, keep, none)?
            .into_iter()
            .cloned()
            .collect())
    }

    pub fn unreadable_signature(&mut self, name: &str) {
        self.warnings.push(format!(
            "Tanda tangan {name} tersimpan rusak dan tidak dapat digambar; tercetak \u{201c}tanda tangan tidak terbaca\u{201d}. Jalankan Verifikasi untuk acara ini."
        ));
    }
}

/// Writes the document `req` asks for. `progress(done, total)` is called as
/// pages are drawn, for the progress bar of a batch.
///
/// `conn` should be a connection of its own (not the one the kiosk submits
/// on): the document's data is read in one read transaction, its records
/// are registered in one short write transaction, and the pages are drawn
/// after that with no transaction open.
pub fn render(
    conn: &mut Connection,
    key: &InstallationKey,
    req: &PrintRequest,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Document> {
    draw(conn, key, req, now, false, progress)
}

/// Pages of a preview of `req` (its first person, at most two pages), for
/// the Dokumen screen before printing: drawn exactly as `render` would,
/// with nothing registered or written. Its QR codes say
/// [`PREVIEW_CODE`], so a preview that got printed verifies as nothing.
pub fn preview(
    conn: &mut Connection,
    key: &InstallationKey,
    req: &PrintRequest,
    now: DateTime<Utc>,
) -> Result<Document> {
    let mut doc = draw(conn, key, req, now, true, &mut |_, _| {})?;
    doc.records.clear();
    doc.codes.clear();
    Ok(doc)
}

/// Most pages a preview shows.
pub const PREVIEW_PAGES: usize = 2;

fn draw(
    conn: &mut Connection,
    key: &InstallationKey,
    req: &PrintRequest,
    now: DateTime<Utc>,
    preview: bool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Document> {
    let conn: &Connection = conn;
    let event = crate::db::events::get(conn, req.event_id)?;
    let paper = paper_for(req, &event)?;
    // Whatever happens below, no transaction outlives the call.
    struct Reading<'c>(&'c Connection);
    impl Drop for Reading<'_> {
        fn drop(&mut self) {
            if !self.0.is_autocommit() {
                let _ = self.0.execute_batch("ROLLBACK");
            }
        }
    }
    let reading = Reading(conn);
    conn.execute_batch("BEGIN DEFERRED")?;
    let mut doc = PdfDocument::new(&format!("{} - {}", req.kind.label(), event.title));
    let fonts = fonts::DocFonts::add_to(&mut doc);
    let marks = parts::Marks::load(conn, &fonts, event.id, req.kind)?;
    let mut job = Job {
        conn: reading.0,
        key,
        event,
        paper,
        now,
        fonts,
        marks,
        records: Vec::new(),
        codes: Vec::new(),
        warnings: Vec::new(),
        preview,
    };
    let mut pages: Vec<canvas::Page> = match req.kind {
        RecordKind::DaftarHadir => daftar_hadir::pages(&mut job, req.scope, progress)?,
        RecordKind::Pernyataan => pernyataan::pages(&mut job, &req.person_ids, progress)?,
        RecordKind::Sertifikat => sertifikat::pages(&mut job, &req.person_ids, progress)?,
        RecordKind::BeritaAcara => berita_acara::pages(&mut job)?,
    };
    drop(reading);
    if preview {
        pages.truncate(PREVIEW_PAGES);
    }
    let (records, codes, warnings) = (job.records, job.codes, job.warnings);
    let count = pages.len();
    let bytes = assemble::assemble(doc, &job.fonts, pages)?;
    Ok(Document {
        bytes,
        pages: count,
        records,
        codes,
        warnings,
    })
}

fn paper_for(req: &PrintRequest, event: &Event) -> Result<Paper> {
    if req.paper.trim().is_empty() {
        return Ok(event.paper);
    }
    Paper::parse(&req.paper).ok_or_else(|| {
        Error::field(
            "paper",
            format!(
                "Ukuran kertas \u{201c}{}\u{201d} tidak dikenal; pilih A4 atau F4",
                req.paper
            ),
        )
    })
}

/// Where the app keeps the documents it prints: `dokumen/` beside the
/// database, so a backup of the folder carries them.
pub fn documents_dir(db_path: &Path) -> PathBuf {
    match db_path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join("dokumen"),
        _ => PathBuf::from("dokumen"),
    }
}

/// A document written to disk.
#[derive(Debug, Clone)]
pub struct Printed {
    pub path: PathBuf,
    pub file_name: String,
    pub document: Document,
}

/// Progress messages a batch sends at most: one per page would flood the
/// window on a 1,000-page batch.
const PROGRESS_STEPS: usize = 50;

/// Renders `req` into `dir` (made if missing) under its [`file_name`],
/// reporting progress about [`PROGRESS_STEPS`] times and always at the end.
pub fn print_into(
    conn: &mut Connection,
    key: &InstallationKey,
    req: &PrintRequest,
    dir: &Path,
    now: DateTime<Utc>,
    on_progress: &mut dyn FnMut(PrintProgress),
) -> Result<Printed> {
    crate::files::private_dir(dir).map_err(|e| {
        Error::field(
            "output",
            format!("Folder {} tidak dapat dibuat: {e}", dir.display()),
        )
    })?;
    let file_name = file_name(conn, req)?;
    let mut last = 0;
    let document = render(conn, key, req, now, &mut |done, total| {
        if done == total || done - last >= total.div_ceil(PROGRESS_STEPS) {
            last = done;
            on_progress(PrintProgress {
                done: done as u32,
                total: total as u32,
            });
        }
    })?;
    let path = dir.join(&file_name);
    crate::files::write(&path, &document.bytes)?;
    Ok(Printed {
        path,
        file_name,
        document,
    })
}

impl Printed {
    /// What the window shows of it; `id` is the shell's handle for it.
    pub fn summary(&self, id: u32) -> PrintedDocument {
        PrintedDocument {
            id,
            path: self.path.display().to_string(),
            file_name: self.file_name.clone(),
            pages: self.document.pages as u32,
            kilobytes: self.document.bytes.len().div_ceil(1024) as u32,
            records: self.document.records.len() as u32,
            warnings: self.document.warnings.clone(),
        }
    }
}

/// Checks a QR code the one way Netra does, for the app and the CLI: the
/// keys of [`TrustedKeys::gather`] for the database at `db_path` (never
/// creating a key), the facts rebuilt from this database.
pub fn check_qr(conn: &Connection, db_path: &Path, text: &str) -> Result<register::QrCheck> {
    let trust = TrustedKeys::gather(conn, &crate::keys::path_for(db_path), &[])?;
    check_qr_with(conn, db_path, &trust, text)
}

/// [`check_qr`] with the keys gathered once by the caller (a PDF file of
/// 1,000 pages checks 1,000 codes).
pub fn check_qr_with(
    conn: &Connection,
    db_path: &Path,
    trust: &TrustedKeys,
    text: &str,
) -> Result<register::QrCheck> {
    let found = register::check(conn, trust, text, facts_now)?;
    // Printed elsewhere: the event may have come here in an archive.
    if matches!(
        found.status,
        register::QrStatus::UnknownRecord | register::QrStatus::GenuineOffline
    ) {
        if let Some(imported) = crate::archive::check_qr_in_imports(conn, db_path, trust, text)? {
            return Ok(imported);
        }
    }
    Ok(found)
}

/// The people of `entries` asked for (in that order), or all of them,
/// keeping those `keep` accepts; an unknown id is an error, and so is
/// nobody left, with the message `none`.
pub(crate) fn select<'a>(
    entries: &'a [data::Entry],
    ids: &[i64],
    keep: fn(&data::Entry) -> bool,
    none: &str,
) -> Result<Vec<&'a data::Entry>> {
    let asked: Vec<&data::Entry> = if ids.is_empty() {
        entries.iter().collect()
    } else {
        ids.iter()
            .map(|id| {
                entries
                    .iter()
                    .find(|e| e.person.id == *id)
                    .ok_or(Error::PersonNotFound(*id))
            })
            .collect::<Result<_>>()?
    };
    let kept: Vec<&data::Entry> = asked.into_iter().filter(|e| keep(e)).collect();
    if kept.is_empty() {
        return Err(Error::field("person_ids", none));
    }
    Ok(kept)
}
