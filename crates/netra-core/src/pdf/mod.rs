//! Printed records (M10-M13): daftar hadir, surat pernyataan, sertifikat and
//! berita acara as vector PDFs (printpdf), each page with a signed QR code.
//!
//! Every document is one PDF with the fonts subset once and its content
//! streams compressed; signatures are drawn as paths from the stored strokes.

mod berita_acara;
pub mod canvas;
mod daftar_hadir;
pub mod data;
pub mod fonts;
pub mod marks;
mod parts;
mod pernyataan;
mod sertifikat;

use chrono::{DateTime, Utc};
use printpdf::{PdfDocument, PdfPage, PdfSaveOptions};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::event::{Event, Paper};
use crate::keys::InstallationKey;
use crate::record::RecordKind;

pub use data::facts_now;

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
    Ok(crate::export::file_name_ext(&what, &event, "pdf"))
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
    pub records: Vec<i64>,
    pub codes: Vec<String>,
    pub warnings: Vec<String>,
}

impl Job<'_> {
    /// Registers the facts of one printed record and returns its QR payload.
    pub fn issue(
        &mut self,
        kind: RecordKind,
        facts: &serde_json::Value,
    ) -> Result<crate::record::Issued> {
        let issued =
            crate::record::issue(self.conn, self.key, kind, self.event.id, facts, self.now)?;
        if self.records.last() != Some(&issued.id) {
            self.records.push(issued.id);
            self.codes.push(issued.payload.clone());
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

    pub fn unreadable_signature(&mut self, name: &str) {
        self.warnings.push(format!(
            "Tanda tangan {name} tersimpan rusak dan tidak dapat digambar; tercetak \u{201c}tanda tangan tidak terbaca\u{201d}. Jalankan Verifikasi untuk acara ini."
        ));
    }
}

/// Writes the document `req` asks for. `progress(done, total)` is called as
/// pages are drawn, for the progress bar of a batch.
pub fn render(
    conn: &mut Connection,
    key: &InstallationKey,
    req: &PrintRequest,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Document> {
    let event = crate::db::events::get(conn, req.event_id)?;
    let paper = if req.paper.trim().is_empty() {
        event.paper
    } else {
        Paper::parse(&req.paper).ok_or_else(|| {
            Error::field(
                "paper",
                format!(
                    "Ukuran kertas \u{201c}{}\u{201d} tidak dikenal; pilih A4 atau F4",
                    req.paper
                ),
            )
        })?
    };
    key.register(conn, now)?;
    let tx = conn.transaction()?;
    let mut doc = PdfDocument::new(&format!("{} - {}", req.kind.label(), event.title));
    let fonts = fonts::DocFonts::add_to(&mut doc);
    let mut job = Job {
        conn: &tx,
        key,
        event,
        paper,
        now,
        fonts,
        records: Vec::new(),
        codes: Vec::new(),
        warnings: Vec::new(),
    };
    let pages: Vec<PdfPage> = match req.kind {
        RecordKind::DaftarHadir => daftar_hadir::pages(&mut job, req.scope, progress)?,
        RecordKind::Pernyataan => pernyataan::pages(&mut job, &req.person_ids, progress)?,
        RecordKind::Sertifikat => sertifikat::pages(&mut job, &req.person_ids, progress)?,
        RecordKind::BeritaAcara => berita_acara::pages(&mut job)?,
    };
    let (records, codes, warnings) = (job.records, job.codes, job.warnings);
    let forms = std::mem::take(&mut *job.fonts.forms.borrow_mut());
    for (id, form) in forms {
        doc.resources
            .xobjects
            .map
            .insert(id, printpdf::XObject::External(form));
    }
    tx.commit()?;
    let count = pages.len();
    let bytes = save(doc.with_pages(pages))?;
    Ok(Document {
        bytes,
        pages: count,
        records,
        codes,
        warnings,
    })
}

/// Serialises with the fonts subset, compressing the streams here: lopdf
/// compresses at zlib level 9, which was a third of a 1,000-page batch;
/// level 6 on every core gives files within a few percent of that size.
fn save(doc: &PdfDocument) -> Result<Vec<u8>> {
    let opts = PdfSaveOptions {
        optimize: false,
        ..PdfSaveOptions::default()
    };
    let mut lo = doc.to_lopdf_document(&opts, &mut Vec::new());
    let mut streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|o| match o {
            lopdf::Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => {
                Some(s)
            }
            _ => None,
        })
        .collect();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    let chunk = streams.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        for part in streams.chunks_mut(chunk) {
            scope.spawn(move || {
                for stream in part {
                    deflate(stream);
                }
            });
        }
    });
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| Error::Environment(format!("PDF tidak dapat disusun: {e}")))?;
    Ok(out)
}

fn deflate(stream: &mut lopdf::Stream) {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    if encoder.write_all(&stream.content).is_err() {
        return;
    }
    if let Ok(compressed) = encoder.finish() {
        if compressed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
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
