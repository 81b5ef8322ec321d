//! What papers carry besides the record: the letterhead on the daftar
//! hadir and the berita acara, the certificate's two logos, the official's
//! scanned signature and stamp, the materai box. Checked on rendered pages
//! (poppler) and in the file (each image embedded once).

use std::io::Cursor;
use std::path::Path;

use netra_core::audit::Actor;
use netra_core::papers::{self, LetterheadInput, Slot};
use netra_core::pdf::register::RecordKind;

use crate::now;
use crate::pdf::{fixture, grey_page, parse_pgm, qr_codes, render, run, text, write, Fixture};

/// A `w` x `h` PNG: a solid disc of grey `level` on a transparent ground.
fn disc(w: u32, h: u32, level: u8) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as f32 - w as f32 / 2.0, y as f32 - h as f32 / 2.0);
        if dx.hypot(dy) < w.min(h) as f32 / 2.2 {
            image::Rgba([level, level, level, 255])
        } else {
            image::Rgba([255, 255, 255, 0])
        }
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("png");
    out
}

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb([200, 30, 30]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .expect("jpeg");
    out
}

/// Share of dark pixels in the box (x, y, w, h) mm of page `page` at 100 dpi.
fn darkness(path: &Path, page: usize, (x, y, w, h): (f32, f32, f32, f32)) -> f32 {
    let pgm = std::fs::read(grey_page(path, page, 100, "dark")).expect("pgm");
    let (width, _, pixels) = parse_pgm(&pgm);
    let px = |mm: f32| (mm / 25.4 * 100.0) as usize;
    let (mut dark, mut all) = (0, 0);
    for row in px(y)..px(y + h) {
        for col in px(x)..px(x + w) {
            all += 1;
            if pixels[row * width + col] < 128 {
                dark += 1;
            }
        }
    }
    dark as f32 / all.max(1) as f32
}

/// Distinct images in the file (not counting their transparency masks):
/// `pdfimages -list` names each by its object number on every page using it.
fn images_in(path: &Path) -> usize {
    let list = run("pdfimages", &["-list", path.to_str().expect("path")]);
    let objects: std::collections::BTreeSet<String> = list
        .lines()
        .skip(2)
        .filter(|l| l.split_whitespace().nth(2) == Some("image"))
        .filter_map(|l| l.split_whitespace().nth(10).map(str::to_string))
        .collect();
    objects.len()
}

fn with_letterhead(f: &mut Fixture, logo: bool) {
    let input = LetterheadInput {
        label: "Bawaslu Solok".into(),
        lines: vec![
            "Badan Pengawas Pemilihan Umum".into(),
            "Kabupaten Solok".into(),
        ],
        address: "Jl. Raya Koto Baru No. 1, Arosuka, Kabupaten Solok 27361".into(),
        contact: "Telp. (0755) 123456 · solok@bawaslu.go.id".into(),
    };
    let png = disc(400, 400, 0);
    let lh = papers::create_letterhead(
        &mut f.conn,
        &input,
        logo.then_some(png.as_slice()),
        Actor::Organizer,
        now(),
    )
    .expect("letterhead");
    papers::set_letterhead(&mut f.conn, f.event, Some(lh.id), Actor::Organizer, now())
        .expect("pick");
}

#[test]
fn the_daftar_hadir_and_the_minutes_carry_the_letterhead_on_their_first_page() {
    let mut f = fixture(40, 40);
    with_letterhead(&mut f, true);
    for (kind, name) in [
        (RecordKind::DaftarHadir, "dh.pdf"),
        (RecordKind::BeritaAcara, "ba.pdf"),
    ] {
        let doc = render(&mut f, kind, "A4");
        let path = write(&f, name, &doc);
        let first = text(&path, Some(1));
        assert!(first.contains("BADAN PENGAWAS PEMILIHAN UMUM"), "{first}");
        assert!(first.contains("KABUPATEN SOLOK"));
        assert!(first.contains("Jl. Raya Koto Baru No. 1"));
        assert!(first.contains("solok@bawaslu.go.id"));
        // Below the letterhead, the page's own title.
        let kop = first.find("KABUPATEN SOLOK").expect("kop");
        let title = first
            .find(if kind == RecordKind::DaftarHadir {
                "DAFTAR HADIR"
            } else {
                "BERITA ACARA"
            })
            .expect("title");
        assert!(kop < title, "{first}");
        if doc.pages > 1 {
            assert!(!text(&path, Some(2)).contains("BADAN PENGAWAS"));
        }
        // The logo is drawn at the top left (30 mm margin, above the rule).
        assert!(
            darkness(&path, 1, (31.0, 13.0, 20.0, 20.0)) > 0.3,
            "{name}: logo"
        );
        assert_eq!(images_in(&path), 1, "{name}: one logo image");
        assert!(!qr_codes(&path, 1).is_empty(), "{name}: QR still reads");
    }
    // Without a logo the lines stay; nothing is drawn where it would be.
    let mut g = fixture(5, 5);
    with_letterhead(&mut g, false);
    let doc = render(&mut g, RecordKind::DaftarHadir, "F4");
    let path = write(&g, "dh2.pdf", &doc);
    assert!(text(&path, Some(1)).contains("BADAN PENGAWAS"));
    assert!(darkness(&path, 1, (31.0, 13.0, 20.0, 20.0)) < 0.05);
    assert_eq!(images_in(&path), 0);
}

#[test]
fn certificates_carry_two_logos_and_the_officials_signature_and_stamp_each_embedded_once() {
    let mut f = fixture(30, 30);
    for (slot, png) in [
        (Slot::LogoLeft, disc(300, 300, 0)),
        (Slot::LogoRight, disc(300, 300, 60)),
        (Slot::Signature, disc(800, 300, 0)),
        (Slot::Stamp, disc(500, 500, 90)),
    ] {
        papers::set_image(
            &mut f.conn,
            f.event,
            slot,
            Some(&png),
            Actor::Organizer,
            now(),
        )
        .expect("image");
    }
    let doc = render(&mut f, RecordKind::Sertifikat, "A4");
    assert_eq!(doc.pages, 30);
    let path = write(&f, "sertifikat.pdf", &doc);
    assert_eq!(images_in(&path), 4, "four images for thirty pages");
    for page in [1, 30] {
        assert!(
            darkness(&path, page, (21.0, 19.0, 22.0, 22.0)) > 0.3,
            "left logo"
        );
        assert!(
            darkness(&path, page, (254.0, 19.0, 22.0, 22.0)) > 0.3,
            "right logo"
        );
        assert!(!qr_codes(&path, page).is_empty(), "QR on page {page}");
    }
    let page = text(&path, Some(1));
    assert!(page.contains("SERTIFIKAT"));
    // Per page, the images cost nothing more than their reference.
    let per_page = doc.bytes.len() / doc.pages;
    assert!(per_page < 12_000, "{per_page} bytes per page");

    // Taken away again, they are gone from the next print.
    papers::set_image(
        &mut f.conn,
        f.event,
        Slot::Stamp,
        None,
        Actor::Organizer,
        now(),
    )
    .expect("clear");
    let doc = render(&mut f, RecordKind::Sertifikat, "A4");
    let path = write(&f, "tanpa-cap.pdf", &doc);
    assert_eq!(images_in(&path), 3);
}

#[test]
fn a_statement_gets_a_materai_box_when_the_event_asks_for_one() {
    let mut f = fixture(3, 3);
    let doc = render(&mut f, RecordKind::Pernyataan, "A4");
    let path = write(&f, "tanpa.pdf", &doc);
    assert!(!text(&path, Some(1)).contains("METERAI"));
    papers::set_materai(&mut f.conn, f.event, true, Actor::Organizer, now()).expect("on");
    let doc = render(&mut f, RecordKind::Pernyataan, "A4");
    let path = write(&f, "materai.pdf", &doc);
    let page = text(&path, Some(1));
    assert!(
        page.contains("METERAI") && page.contains("10.000"),
        "{page}"
    );
    assert!(page.contains("Yang membuat pernyataan"));
}

#[test]
fn a_wrong_or_oversized_image_is_refused_with_a_message_and_nothing_changes() {
    let mut f = fixture(3, 3);
    let before = papers::event_papers(&f.conn, f.event).expect("papers");
    let refuse = |f: &mut Fixture, slot, bytes: &[u8]| {
        papers::set_image(
            &mut f.conn,
            f.event,
            slot,
            Some(bytes),
            Actor::Organizer,
            now(),
        )
        .expect_err("refused")
        .to_string()
    };
    let msg = refuse(
        &mut f,
        Slot::LogoLeft,
        b"%PDF-1.4 this is a PDF, not a logo",
    );
    assert!(msg.contains("bukan gambar PNG atau JPEG"), "{msg}");
    let msg = refuse(&mut f, Slot::Stamp, &jpeg(300, 300));
    assert!(msg.contains("harus PNG berlatar transparan"), "{msg}");
    let big = vec![0x89u8; papers::images::MAX_FILE_BYTES + 10];
    let msg = refuse(&mut f, Slot::LogoRight, &big);
    assert!(msg.contains("terlalu besar"), "{msg}");
    let mut opaque = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(300, 200, image::Rgb([9, 9, 9])))
        .write_to(&mut Cursor::new(&mut opaque), image::ImageFormat::Png)
        .expect("png");
    let msg = refuse(&mut f, Slot::Signature, &opaque);
    assert!(msg.contains("tidak transparan"), "{msg}");
    assert_eq!(
        papers::event_papers(&f.conn, f.event).expect("papers"),
        before
    );
    let stored: i64 = f
        .conn
        .query_row("SELECT COUNT(*) FROM images", [], |r| r.get(0))
        .expect("count");
    assert_eq!(stored, 0, "nothing stored from refused files");
    // A JPEG logo is fine.
    papers::set_image(
        &mut f.conn,
        f.event,
        Slot::LogoLeft,
        Some(&jpeg(300, 300)),
        Actor::Organizer,
        now(),
    )
    .expect("jpeg logo");
}

#[test]
fn a_letterhead_needs_a_first_line_and_one_in_use_is_not_removed() {
    let mut f = fixture(2, 0);
    let err = papers::create_letterhead(
        &mut f.conn,
        &LetterheadInput::default(),
        None,
        Actor::Organizer,
        now(),
    )
    .expect_err("no lines");
    assert!(err.to_string().contains("Baris pertama kop surat"), "{err}");
    with_letterhead(&mut f, false);
    let id = papers::letterheads(&f.conn).expect("list")[0].id;
    let err =
        papers::remove_letterhead(&mut f.conn, id, Actor::Organizer, now()).expect_err("in use");
    assert!(err.to_string().contains("masih dipakai acara"), "{err}");
    papers::set_letterhead(&mut f.conn, f.event, None, Actor::Organizer, now()).expect("none");
    papers::remove_letterhead(&mut f.conn, id, Actor::Organizer, now()).expect("removed");
    assert!(papers::letterheads(&f.conn).expect("list").is_empty());
}
