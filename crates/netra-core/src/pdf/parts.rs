//! Pieces every document shares: the QR footer with page numbers and the
//! official's signature block.

use super::canvas::{Align, Canvas, Style};
use super::fonts::Face;
use super::Sheet;
use crate::event::Official;
use crate::pdf::register::Issued;

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
/// at `x`; `heading` goes above the jabatan ("Mengetahui,").
pub fn official_block(
    c: &mut Canvas,
    x: f32,
    y: f32,
    width: f32,
    place_date: &str,
    heading: &str,
    official: &Official,
) {
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
