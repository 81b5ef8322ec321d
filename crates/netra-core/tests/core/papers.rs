//! What papers carry besides the record: the letterhead on the daftar
//! hadir and the berita acara, the certificate's two logos, the official's
//! scanned signature and stamp, the materai box, the certificate designs
//! and the detailed statement form, and the preview. Checked on rendered
//! pages (poppler) and in the file (each image embedded once).

use std::io::Cursor;
use std::path::Path;

use netra_core::audit::Actor;
use netra_core::papers::{self, Design, Layout, LetterheadInput, Slot};
use netra_core::pdf::register::RecordKind;

use crate::now;
use crate::pdf::{
    fixture, grey_page, parse_pgm, qr_codes, render, request, run, text, write, Fixture,
};

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

/// An opaque `w` x `h` background: a dark frame 15 mm wide (at A4
/// landscape) around a pale ground.
fn background(w: u32, h: u32, format: image::ImageFormat) -> Vec<u8> {
    let frame = (w as f32 * 15.0 / 297.0) as u32;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        if x.min(y).min(w - 1 - x).min(h - 1 - y) < frame {
            image::Rgb([40, 30, 10])
        } else {
            image::Rgb([250, 244, 225])
        }
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), format)
        .expect("background");
    out
}

fn design(f: &mut Fixture, design: Design) {
    papers::set_design(&mut f.conn, f.event, design, Actor::Organizer, now()).expect("design");
}

#[test]
fn every_certificate_design_prints_the_same_facts_with_a_code_that_verifies() {
    let mut f = fixture(4, 2);
    let bg = background(1169, 827, image::ImageFormat::Jpeg);
    papers::set_image(
        &mut f.conn,
        f.event,
        Slot::Background,
        Some(&bg),
        Actor::Organizer,
        now(),
    )
    .expect("background");
    assert_eq!(
        papers::event_papers(&f.conn, f.event)
            .expect("papers")
            .design,
        Design::Latar,
        "a background given is the design"
    );
    let mut frames = Vec::new();
    for d in [Design::Klasik, Design::Modern, Design::Latar] {
        design(&mut f, d);
        let doc = render(&mut f, RecordKind::Sertifikat, "A4");
        let path = write(&f, &format!("sertifikat-{}.pdf", d.as_str()), &doc);
        let page = text(&path, Some(1));
        for wanted in [
            "SERTIFIKAT",
            "diberikan kepada",
            "NIP.",
            "Nomor: NETRA/",
            "atas partisipasinya",
        ] {
            assert!(page.contains(wanted), "{d:?}: {wanted} in {page}");
        }
        let checked = netra_core::pdf::verify_pdf(&f.conn, &f.db_path, &path).expect("verify");
        assert!(checked.ok, "{d:?}: {checked:?}");
        // The left edge: the modern band is dark, the background's frame
        // is dark, the classic page is white beside its thin frame.
        frames.push(darkness(&path, 1, (1.0, 60.0, 6.0, 60.0)));
    }
    assert!(frames[0] < 0.05, "klasik: {frames:?}");
    assert!(frames[1] > 0.9, "modern band: {frames:?}");
    assert!(frames[2] > 0.9, "background frame: {frames:?}");

    // Taking the background away goes back to the classic design.
    papers::set_image(
        &mut f.conn,
        f.event,
        Slot::Background,
        None,
        Actor::Organizer,
        now(),
    )
    .expect("clear");
    let p = papers::event_papers(&f.conn, f.event).expect("papers");
    assert_eq!((p.design, p.background_id), (Design::Klasik, None));
    let err = papers::set_design(&mut f.conn, f.event, Design::Latar, Actor::Organizer, now())
        .expect_err("no background");
    assert!(err.to_string().contains("butuh gambar latar"), "{err}");
}

#[test]
fn the_text_goes_where_the_layout_puts_it_on_the_background() {
    let mut f = fixture(2, 1);
    let bg = background(1169, 827, image::ImageFormat::Png);
    papers::set_image(
        &mut f.conn,
        f.event,
        Slot::Background,
        Some(&bg),
        Actor::Organizer,
        now(),
    )
    .expect("background");
    // The name's band, 8 mm above its baseline, across the middle.
    let name_band = |f: &mut Fixture, y: u16| {
        let doc = render(f, RecordKind::Sertifikat, "A4");
        let path = write(f, &format!("latar-{y}.pdf"), &doc);
        (
            darkness(&path, 1, (90.0, f32::from(y) - 8.0, 117.0, 8.0)),
            text(&path, Some(1)),
        )
    };
    let high = Layout {
        title: false,
        name_y: 70,
        sign_y: 130,
        ..Layout::default()
    };
    papers::set_layout(&mut f.conn, f.event, high, Actor::Organizer, now()).expect("layout");
    let (at_70, page) = name_band(&mut f, 70);
    assert!(
        !page.contains("SERTIFIKAT"),
        "the background carries its title: {page}"
    );
    let low = Layout {
        name_y: 110,
        sign_y: 160,
        ..high
    };
    papers::set_layout(&mut f.conn, f.event, low, Actor::Organizer, now()).expect("layout");
    let (at_110, _) = name_band(&mut f, 110);
    let (empty_70, _) = name_band(&mut f, 70);
    assert!(at_70 > 0.04 && at_110 > 0.04, "{at_70} {at_110}");
    assert!(
        empty_70 < at_70 / 4.0,
        "the name left 70 mm: {empty_70} vs {at_70}"
    );

    // Places that overlap or leave the page are refused, per field.
    let err = papers::set_layout(
        &mut f.conn,
        f.event,
        Layout {
            name_y: 120,
            sign_y: 130,
            ..Layout::default()
        },
        Actor::Organizer,
        now(),
    )
    .expect_err("overlap");
    assert!(
        err.to_string()
            .contains("Tanda tangan harus paling sedikit"),
        "{err}"
    );
    let err = papers::set_layout(
        &mut f.conn,
        f.event,
        Layout {
            side: 200,
            ..Layout::default()
        },
        Actor::Organizer,
        now(),
    )
    .expect_err("off the page");
    assert!(err.to_string().contains("Tepi kiri-kanan 200 mm"), "{err}");
    assert_eq!(
        papers::event_papers(&f.conn, f.event)
            .expect("papers")
            .layout,
        low
    );
}

#[test]
fn a_background_that_is_not_a4_landscape_is_refused() {
    let mut f = fixture(1, 0);
    let err = papers::set_image(
        &mut f.conn,
        f.event,
        Slot::Background,
        Some(&background(827, 1169, image::ImageFormat::Png)),
        Actor::Organizer,
        now(),
    )
    .expect_err("portrait");
    assert!(err.to_string().contains("bukan bentuk A4 lanskap"), "{err}");
    assert_eq!(
        papers::event_papers(&f.conn, f.event)
            .expect("papers")
            .design,
        Design::Klasik
    );
}

#[test]
fn the_detailed_form_puts_each_statements_audit_trail_on_a_page_of_its_own() {
    let mut f = fixture(3, 2);
    papers::set_detailed(&mut f.conn, f.event, true, Actor::Organizer, now()).expect("on");
    let doc = render(&mut f, RecordKind::Pernyataan, "F4");
    assert_eq!(doc.pages, 4, "two pages per signer");
    let path = write(&f, "rinci.pdf", &doc);
    let first = text(&path, Some(1));
    assert!(first.contains("halaman berikutnya (lampiran)"), "{first}");
    assert!(first.contains("Halaman 1 dari 2"));
    let second = text(&path, Some(2));
    assert!(
        second.contains("LAMPIRAN: JEJAK AUDIT SURAT PERNYATAAN"),
        "{second}"
    );
    for label in [
        "Ditandatangani",
        "Goresan tanda tangan",
        "Ujung rantai saat dicetak",
        "Kunci instalasi",
        "Cara memeriksa",
    ] {
        assert!(second.contains(label), "{label}: {second}");
    }
    // Both pages verify, and both name the signer.
    let checked = netra_core::pdf::verify_pdf(&f.conn, &f.db_path, &path).expect("verify");
    assert!(checked.ok, "{checked:?}");
    assert_eq!(doc.records.len(), 2, "one record per statement");
}

#[test]
fn a_preview_draws_the_first_person_and_registers_nothing() {
    let mut f = fixture(5, 1);
    papers::set_design(
        &mut f.conn,
        f.event,
        Design::Modern,
        Actor::Organizer,
        now(),
    )
    .expect("modern");
    let count = |f: &Fixture| -> i64 {
        f.conn
            .query_row("SELECT COUNT(*) FROM printed_records", [], |r| r.get(0))
            .expect("count")
    };
    let before = count(&f);
    let req = request(&f, RecordKind::Sertifikat, "A4");
    let doc = netra_core::pdf::preview(&mut f.conn, &f.key, &req, now()).expect("preview");
    assert_eq!(doc.pages, 1);
    assert!(doc.records.is_empty());
    assert_eq!(count(&f), before, "nothing registered");
    let path = write(&f, "pratinjau.pdf", &doc);
    assert_eq!(
        qr_codes(&path, 1),
        vec![netra_core::pdf::PREVIEW_CODE.to_string()]
    );
    assert!(text(&path, Some(1)).contains("SERTIFIKAT"));

    // Before anyone came, a stand-in shows the design at its fullest; a
    // statement has nobody to show.
    let mut empty = fixture(3, 0);
    let req = request(&empty, RecordKind::Sertifikat, "F4");
    let doc = netra_core::pdf::preview(&mut empty.conn, &empty.key, &req, now()).expect("sample");
    let path = write(&empty, "contoh.pdf", &doc);
    assert!(text(&path, Some(1)).contains("Nama Lengkap Peserta Contoh"));
    let req = request(&empty, RecordKind::Pernyataan, "F4");
    let err = netra_core::pdf::preview(&mut empty.conn, &empty.key, &req, now())
        .expect_err("nobody signed");
    assert!(
        err.to_string()
            .contains("Belum ada peserta yang menandatangani"),
        "{err}"
    );
    let req = request(&f, RecordKind::DaftarHadir, "A4");
    let doc = netra_core::pdf::preview(&mut f.conn, &f.key, &req, now()).expect("daftar hadir");
    assert!(doc.pages <= netra_core::pdf::PREVIEW_PAGES);
    assert_eq!(count(&f), before);
}
