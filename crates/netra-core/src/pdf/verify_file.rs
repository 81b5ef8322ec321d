//! Checking a PDF file (one received by WhatsApp, say) page by page: the
//! QR codes Netra drew on each page are read back from the file itself,
//! decoded, and checked like a scanned code; the page's own text is then
//! compared with what each code says, so a genuine code pasted onto a
//! forged page is named.
//!
//! Netra draws a QR code as a form XObject of filled rectangles (see
//! `marks::qr`), so it is rebuilt from those rectangles without rendering
//! the page. A scanned paper (a photo inside a PDF) holds no such form:
//! its pages are reported as having no readable code, to be checked with
//! a scanner instead.

use std::path::Path;

use lopdf::{Document, Object};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::register::QrCheck;
use crate::error::{Error, Result};

/// Larger files are refused before parsing.
pub const MAX_BYTES: u64 = 100 * 1024 * 1024;
/// A QR form's content is a few kilobytes; anything larger is not one.
const MAX_FORM_BYTES: usize = 256 * 1024;
/// A page's content, decompressed, at most (a 1,000-name daftar hadir
/// page is well under a megabyte).
const MAX_PAGE_BYTES: usize = 16 * 1024 * 1024;
/// Pixels per module when a rebuilt code is handed to the decoder.
const SCALE: usize = 4;

/// One page's verdicts.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PageCheck {
    /// 1-based.
    pub page: u32,
    pub checks: Vec<QrCheck>,
    /// In Indonesian: what the page's text does not show of what its code
    /// says (a forged page with a copied code), or why the page has no code.
    pub problems: Vec<String>,
}

/// A PDF file's verdicts, page by page.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PdfCheck {
    pub file: String,
    pub pages: u32,
    pub results: Vec<PageCheck>,
    /// Every page has a code, every code is genuine and its page shows
    /// what the code says (the screens and the CLI's exit code use this).
    pub ok: bool,
}

/// Every page has a code, every code is genuine and its page shows what
/// the code says.
fn all_genuine(results: &[PageCheck]) -> bool {
    !results.is_empty()
        && results.iter().all(|p| {
            p.problems.is_empty() && !p.checks.is_empty() && p.checks.iter().all(QrCheck::ok)
        })
}

/// Checks every page of the PDF at `path` against this database and its
/// trusted keys (see `pdf::check_qr`).
pub fn verify_pdf(conn: &Connection, db_path: &Path, path: &Path) -> Result<PdfCheck> {
    let cannot = |why: String| Error::field("file", why);
    let size = std::fs::metadata(path)
        .map_err(|e| cannot(format!("Berkas {} tidak dapat dibaca: {e}", path.display())))?
        .len();
    if size > MAX_BYTES {
        return Err(cannot(format!(
            "Berkas {} terlalu besar ({} MB; paling besar {} MB)",
            path.display(),
            size / (1024 * 1024),
            MAX_BYTES / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| cannot(format!("Berkas {} tidak dapat dibaca: {e}", path.display())))?;
    verify_pdf_bytes(conn, db_path, &path.display().to_string(), &bytes)
}

/// [`verify_pdf`] of a file's bytes (one dropped on the Verifikasi screen);
/// `name` is how the report names it.
pub fn verify_pdf_bytes(
    conn: &Connection,
    db_path: &Path,
    name: &str,
    bytes: &[u8],
) -> Result<PdfCheck> {
    let cannot = |why: String| Error::field("file", why);
    if bytes.len() as u64 > MAX_BYTES {
        return Err(cannot(format!(
            "Berkas {name} terlalu besar ({} MB; paling besar {} MB)",
            bytes.len() / (1024 * 1024),
            MAX_BYTES / (1024 * 1024)
        )));
    }
    if !bytes.starts_with(b"%PDF-") {
        return Err(cannot(format!("Berkas {name} bukan PDF")));
    }
    let doc = Document::load_mem(bytes)
        .map_err(|e| cannot(format!("PDF {name} rusak atau tidak dapat dibaca ({e})")))?;
    let trust = crate::keys::TrustedKeys::gather(conn, &crate::keys::path_for(db_path), &[])?;
    let mut results = Vec::new();
    let pages = doc.get_pages();
    for (&number, &page_id) in &pages {
        let mut result = PageCheck {
            page: number,
            checks: Vec::new(),
            problems: Vec::new(),
        };
        let codes = page_codes(&doc, page_id);
        if codes.is_empty() {
            result.problems.push(
                "Halaman ini tidak memuat kode QR Netra yang dapat dibaca dari berkasnya (misalnya hasil pindaian kertas); periksa kodenya dengan pemindai.".into(),
            );
        }
        let text = doc
            .extract_text_with_limit(&[number], MAX_PAGE_BYTES)
            .ok()
            .map(|t| squash(&t));
        for code in codes {
            let check = super::check_qr_with(conn, db_path, &trust, &code)?;
            if check.ok() {
                result
                    .problems
                    .extend(missing_from_page(&check, text.as_deref()));
            }
            result.checks.push(check);
        }
        results.push(result);
    }
    Ok(PdfCheck {
        file: name.to_string(),
        pages: pages.len() as u32,
        ok: all_genuine(&results),
        results,
    })
}

/// What a genuine code says that the page's text does not show.
fn missing_from_page(check: &QrCheck, text: Option<&str>) -> Vec<String> {
    let wanted: Vec<&super::claims::Claim> = check
        .claims
        .iter()
        .filter(|c| c.label == "Nama" || c.label == "NIP")
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let Some(text) = text else {
        return vec!["Teks halaman ini tidak dapat dibaca untuk dibandingkan dengan kode QR-nya; bandingkan sendiri.".into()];
    };
    wanted
        .into_iter()
        // "tanpa NIP" is what the code says of a person without one.
        .filter(|c| c.label != "NIP" || c.value.chars().any(|ch| ch.is_ascii_digit()))
        // A name cut short in the code ("…...") is looked for up to the cut.
        .filter(|c| !text.contains(&squash(c.value.trim_end_matches("..."))))
        .map(|c| {
            format!(
                "{} pada kode QR ({}) tidak tertulis di halaman ini: kode QR itu milik kertas lain, halaman ini kemungkinan dipalsukan.",
                c.label, c.value
            )
        })
        .collect()
}

/// Text without whitespace, so line breaks and spacing do not matter.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The payloads of the QR forms a page draws (resources may be shared by
/// every page; only the names its content calls with `Do` count).
fn page_codes(doc: &Document, page_id: lopdf::ObjectId) -> Vec<String> {
    let Ok((own, inherited)) = doc.get_page_resources(page_id) else {
        return Vec::new();
    };
    let mut drawn: Vec<Vec<u8>> = Vec::new();
    for id in doc.get_page_contents(page_id) {
        let Ok(Object::Stream(stream)) = doc.get_object(id) else {
            continue;
        };
        let Ok(bytes) = stream.decompressed_content_with_limit(MAX_PAGE_BYTES) else {
            continue;
        };
        let Ok(content) = lopdf::content::Content::decode(&bytes) else {
            continue;
        };
        drawn.extend(
            content
                .operations
                .into_iter()
                .filter(|op| op.operator == "Do")
                .filter_map(|op| {
                    op.operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .map(<[u8]>::to_vec)
                }),
        );
    }
    let mut dicts: Vec<&lopdf::Dictionary> = own.into_iter().collect();
    dicts.extend(
        inherited
            .iter()
            .filter_map(|id| doc.get_dictionary(*id).ok()),
    );
    let mut codes = Vec::new();
    for resources in dicts {
        let xobjects = match resources.get(b"XObject") {
            Ok(Object::Dictionary(d)) => d,
            Ok(Object::Reference(id)) => match doc.get_dictionary(*id) {
                Ok(d) => d,
                Err(_) => continue,
            },
            _ => continue,
        };
        for (name, value) in xobjects.iter() {
            if !drawn.contains(name) {
                continue;
            }
            let Ok(id) = value.as_reference() else {
                continue;
            };
            let Ok(Object::Stream(stream)) = doc.get_object(id) else {
                continue;
            };
            if stream.dict.get(b"Subtype").and_then(Object::as_name).ok()
                != Some(b"Form".as_slice())
            {
                continue;
            }
            let Ok(content) = stream.decompressed_content_with_limit(MAX_FORM_BYTES) else {
                continue;
            };
            if let Some(code) = decode_form(&content).filter(|c| !codes.contains(c)) {
                codes.push(code);
            }
        }
    }
    codes
}

/// A form of "x y w h re" rectangles filled in black, as `marks::qr` writes
/// it, decoded as a QR code; `None` for any other form.
fn decode_form(content: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(content).ok()?;
    let mut boxes = Vec::new();
    let mut size = 0usize;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match line {
            "0 g" | "f" => continue,
            _ => {}
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [x, y, w, h, "re"] = parts[..] else {
            return None;
        };
        let [x, y, w, h] = [x, y, w, h].map(|v| v.parse::<usize>().ok());
        let (x, y, w, h) = (x?, y?, w?, h?);
        size = size.max(x + w).max(y + h);
        boxes.push((x, y, w, h));
    }
    // A QR code is at most 177 modules and a quiet zone of 4 each side.
    if boxes.is_empty() || size > 185 {
        return None;
    }
    let total = size + 4;
    let mut dark = vec![false; total * total];
    for (x, y, w, h) in boxes {
        for row in y..y + h {
            for col in x..x + w {
                // PDF's y axis points up; the image's down.
                dark[(total - 1 - row) * total + col] = true;
            }
        }
    }
    let px = total * SCALE;
    let mut img = rqrr::PreparedImage::prepare_from_bitmap(px, px, |x, y| {
        dark[(y / SCALE) * total + x / SCALE]
    });
    img.detect_grids()
        .into_iter()
        .find_map(|g| g.decode().ok().map(|(_, content)| content))
}
