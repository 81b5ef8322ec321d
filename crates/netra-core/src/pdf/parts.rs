//! Pieces every document shares: the QR footer with page numbers and the
//! official's signature block.

use super::canvas::{Align, Canvas, Style};
use super::fonts::Face;
use super::images::Placed;
use super::Sheet;
use crate::event::Official;
use crate::pdf::register::{Issued, RecordKind};

/// QR code at the bottom left with its record number, "Halaman X dari Y"
/// at the bottom right (not on certificates).
pub fn footer(
    c: &mut Canvas,
    sheet: &Sheet,
    page: Option<(usize, usize)>,
    issued: &Issued,
    qr_size: f32,
) {
    let top = sheet.bottom_edge() - qr_size;
    if let Err(msg) = super::marks::qr(c, &issued.payload, sheet.left - 2.0, top, qr_size) {
        c.text(
            Face::Regular,
            7.0,
            sheet.left,
            sheet.bottom_edge() - 3.0,
            Align::Left,
            &msg,
        );
    }
    let x = sheet.left + qr_size;
    c.gray(0.3);
    c.text(
        Face::Bold,
        7.0,
        x,
        top + qr_size * 0.45,
        Align::Left,
        &format!("Catatan cetak no. {}", issued.id),
    );
    c.text(
        Face::Regular,
        6.5,
        x,
        top + qr_size * 0.45 + 3.2,
        Align::Left,
        "Keaslian dapat diperiksa dengan memindai kode QR ini",
    );
    c.text(
        Face::Regular,
        6.5,
        x,
        top + qr_size * 0.45 + 6.0,
        Align::Left,
        "di menu Verifikasi aplikasi Netra (luring).",
    );
    if let Some((page, pages)) = page {
        c.text(
            Face::Regular,
            8.0,
            sheet.right_edge(),
            sheet.bottom_edge() - 1.0,
            Align::Right,
            &format!("Halaman {page} dari {pages}"),
        );
    }
    c.gray(0.0);
}

/// Height of the official's block.
pub const OFFICIAL_HEIGHT: f32 = 38.0;

/// "Tempat, tanggal / Jabatan, / (space to sign) / Nama / NIP", left-aligned
/// at `x` of `at` (x, top, width); `heading` goes above the jabatan
/// ("Mengetahui,").
pub fn official_block(
    c: &mut Canvas,
    at: (f32, f32, f32),
    place_date: &str,
    heading: &str,
    official: &Official,
    seal: &Seal,
) {
    let (x, y, width) = at;
    let (position, name, nip) = (&official.position, official.name.as_str(), &official.nip);
    let mut y = y + 4.0;
    if !place_date.is_empty() {
        y = c.paragraph(
            Style::new(Face::Regular, 10.0, 4.6),
            x,
            y,
            width,
            place_date,
        ) + 0.4;
    }
    if !heading.is_empty() {
        c.text(Face::Regular, 10.0, x, y, Align::Left, heading);
        y += 5.0;
    }
    let position = if position.is_empty() {
        "Pejabat penanda tangan".to_string()
    } else {
        format!("{position},")
    };
    y = c.paragraph(Style::new(Face::Regular, 10.0, 4.6), x, y, width, &position);
    // The scanned signature fills the signing space; the stamp overlaps
    // its left part, as a wet stamp would.
    if let Some(signature) = &seal.signature {
        c.image(signature, x + 6.0, y - 4.0, (width - 6.0).min(48.0), 19.0);
    }
    if let Some(stamp) = &seal.stamp {
        c.image(stamp, x - 6.0, y - 9.0, 24.0, 22.0);
    }
    y += 16.0;
    let name = if name.is_empty() {
        "(............................................)"
    } else {
        name
    };
    let lines = c.wrap(Face::Bold, 10.0, width, name);
    for line in &lines {
        c.text(Face::Bold, 10.0, x, y, Align::Left, line);
        y += 4.6;
    }
    if let Some(first) = lines.first() {
        let w = c.measure(Face::Bold, 10.0, first).min(width);
        c.thickness(0.5);
        c.line(x, y - 3.8, x + w, y - 3.8);
    }
    if !nip.is_empty() {
        c.text(
            Face::Regular,
            10.0,
            x,
            y,
            Align::Left,
            &format!("NIP. {}", super::data::nip_text(Some(nip))),
        );
    }
}

/// The papers' marks as one document draws them, each image embedded
/// once (see `papers`).
#[derive(Default)]
pub struct Marks {
    /// Daftar hadir and berita acara.
    pub letterhead: Option<(crate::papers::Letterhead, Option<Placed>)>,
    /// Certificates.
    pub logos: (Option<Placed>, Option<Placed>),
    pub seal: Seal,
    /// Certificates: their design, and with `latar` the organiser's
    /// background and where the text goes on it.
    pub design: crate::papers::Design,
    pub background: Option<Placed>,
    pub layout: crate::papers::Layout,
    /// Statements.
    pub materai: bool,
    /// Statements: the audit trail on a page of its own.
    pub detailed: bool,
}

/// The official's scanned signature and stamp, over the signing space.
#[derive(Default)]
pub struct Seal {
    pub signature: Option<Placed>,
    pub stamp: Option<Placed>,
}

impl Marks {
    /// What a document of `kind` for `event_id` carries.
    pub fn load(
        conn: &rusqlite::Connection,
        fonts: &super::fonts::DocFonts,
        event_id: i64,
        kind: RecordKind,
    ) -> crate::Result<Marks> {
        let papers = crate::papers::event_papers(conn, event_id)?;
        let embed = |id: Option<i64>| -> crate::Result<Option<Placed>> {
            id.map(|id| super::images::embed(conn, fonts, id))
                .transpose()
        };
        let mut marks = Marks::default();
        match kind {
            RecordKind::DaftarHadir | RecordKind::BeritaAcara => {
                if let Some(id) = papers.letterhead_id {
                    let lh = crate::papers::letterhead(conn, id)?;
                    let logo = embed(lh.logo_id)?;
                    marks.letterhead = Some((lh, logo));
                }
            }
            RecordKind::Sertifikat => {
                marks.logos = (embed(papers.logo_left_id)?, embed(papers.logo_right_id)?);
                marks.seal = Seal {
                    signature: embed(papers.signature_id)?,
                    stamp: embed(papers.stamp_id)?,
                };
                marks.design = papers.design;
                marks.layout = papers.layout;
                if papers.design == crate::papers::Design::Latar {
                    marks.background = embed(papers.background_id)?;
                }
            }
            RecordKind::Pernyataan => {
                marks.materai = papers.materai;
                marks.detailed = papers.detailed;
            }
        }
        Ok(marks)
    }

    /// How much lower a first page's content starts with the letterhead
    /// (it begins in the top margin); 0 without one.
    pub fn letterhead_height(&self) -> f32 {
        match &self.letterhead {
            None => 0.0,
            Some((lh, logo)) => {
                letterhead_rule(lh, logo.is_some()) + LETTERHEAD_GAP - LETTERHEAD_RISE
            }
        }
    }
}

/// Where the rule under a letterhead is, from its top: under the text or
/// the logo, whichever is lower. A line takes half its size in mm.
fn letterhead_rule(lh: &crate::papers::Letterhead, logo: bool) -> f32 {
    let text: f32 = letterhead_layout(lh).iter().map(|l| l.2 * 0.5).sum::<f32>() + 3.0;
    if logo {
        text.max(24.0)
    } else {
        text
    }
}

/// Each line of a letterhead: (text, face, size, leading in mm).
fn letterhead_layout(lh: &crate::papers::Letterhead) -> Vec<(String, Face, f32)> {
    let sizes: &[f32] = match lh.lines.len() {
        1 => &[15.0],
        2 => &[12.0, 14.0],
        _ => &[11.0, 13.5, 11.0],
    };
    let mut out: Vec<(String, Face, f32)> = lh
        .lines
        .iter()
        .zip(sizes)
        .map(|(l, s)| (l.to_uppercase(), Face::Bold, *s))
        .collect();
    for extra in [&lh.address, &lh.contact] {
        if !extra.is_empty() {
            out.push((extra.clone(), Face::Regular, 8.5));
        }
    }
    out
}

const LETTERHEAD_RISE: f32 = 8.0;
const LETTERHEAD_GAP: f32 = 5.0;

/// The kop surat across the top of a portrait page: the logo on the left,
/// the lines centred beside it, a double rule under them. The page's own
/// content then starts [`Marks::letterhead_height`] lower.
pub fn letterhead(c: &mut Canvas, sheet: &Sheet, marks: &Marks) {
    let Some((lh, logo)) = &marks.letterhead else {
        return;
    };
    let top = sheet.top - LETTERHEAD_RISE;
    let logo_w = if logo.is_some() { 24.0 } else { 0.0 };
    let layout = letterhead_layout(lh);
    let rule = top + letterhead_rule(lh, logo.is_some());
    if let Some(logo) = logo {
        c.image(logo, sheet.left, top, 22.0, rule - top - 2.0);
    }
    let (x0, x1) = (sheet.left + logo_w, sheet.right_edge());
    let (cx, width) = ((x0 + x1) / 2.0, x1 - x0);
    let mut y = top;
    for (text, face, size) in &layout {
        // A long line gets smaller type rather than leaving the page.
        let fitted = (width / c.measure(*face, *size, text).max(0.1) * size).min(*size);
        y += size * 0.45;
        c.text(*face, fitted.max(6.0), cx, y, Align::Center, text);
        y += size * 0.05;
    }
    c.thickness(1.6);
    c.line(sheet.left, rule, x1, rule);
    c.thickness(0.5);
    c.line(sheet.left, rule + 1.1, x1, rule + 1.1);
}
