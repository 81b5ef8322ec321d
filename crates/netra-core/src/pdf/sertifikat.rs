//! Sertifikat (certificate of participation), landscape, one per attendee,
//! in the event's design (`papers::Design`): the classic framed page, the
//! modern page with a dark band, or the organiser's own background with
//! the text where its `Layout` puts it. Every design carries the same
//! facts, the attendee's pledge signature, the official's block and the
//! QR code; only where they go differs.

use printpdf::PaintMode;

use super::canvas::{Align, Canvas, Page};
use super::data;
use super::fonts::Face;
use super::{parts, Job, Sheet};
use crate::error::Result;
use crate::event::EventKind;
use crate::indonesian_date;
use crate::papers::{Design, Layout};
use crate::pdf::register::{Issued, RecordKind};

const QR: f32 = 28.0;
/// The box of each of the two logos at the top corners.
const LOGO: f32 = 24.0;
/// Width of the modern design's band.
const BAND: f32 = 64.0;
/// The organiser's background is an A4 landscape sheet.
const A4_LANDSCAPE: (f32, f32) = (297.0, 210.0);

/// What one certificate says, whatever its design.
struct Texts {
    organizer: String,
    number: String,
    name: String,
    nip: Option<String>,
    role: String,
    what: String,
    occasion: String,
}

pub fn pages(
    job: &mut Job,
    ids: &[i64],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<Page>> {
    let sheet = Sheet::landscape(job.paper);
    let attended = job.people(
        ids,
        data::Entry::attended,
        "Belum ada peserta yang hadir; sertifikat hanya untuk peserta yang hadir atau menandatangani",
    )?;
    let ev = job.event.clone();
    let what = match ev.kind {
        EventKind::Sosialisasi => "peserta Sosialisasi Netralitas Aparatur Sipil Negara",
        EventKind::Deklarasi => "peserta Deklarasi Netralitas Aparatur Sipil Negara",
        EventKind::SosialisasiDeklarasi => {
            "peserta Sosialisasi dan Deklarasi Netralitas Aparatur Sipil Negara"
        }
    };
    let occasion = format!(
        "dengan tema \u{201c}{}\u{201d} yang diselenggarakan oleh {} di {} pada {}.",
        ev.title,
        ev.organizer,
        ev.place,
        indonesian_date::day_and_date(ev.starts_at.date())
    );
    let place_date = format!(
        "{}, {}",
        ev.place,
        indonesian_date::date(ev.starts_at.date())
    );
    let total = attended.len();
    let mut out = Vec::with_capacity(total);
    let facts: Vec<_> = attended
        .iter()
        .map(|e| data::sertifikat_facts(&ev, e))
        .collect();
    let issued_all = job.issue_all(RecordKind::Sertifikat, &facts)?;
    for (i, (e, issued)) in attended.iter().zip(&issued_all).enumerate() {
        let p = &e.person;
        job.check_glyphs("Nama", &p.name);
        let texts = Texts {
            organizer: ev.organizer.to_uppercase(),
            number: format!("Nomor: NETRA/{}/{}", ev.id, issued.id),
            name: p.name.clone(),
            nip: p.nip.as_ref().map(|n| data::nip_text(Some(n))),
            role: [p.position.as_str(), p.unit.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" \u{2014} "),
            what: format!("atas partisipasinya sebagai {what}"),
            occasion: occasion.clone(),
        };
        let fonts = job.fonts.clone();
        let mut c = Canvas::new(&fonts, sheet.width, sheet.height);
        let places = match job.marks.design {
            Design::Klasik => klasik(&mut c, job, &sheet, &texts),
            Design::Modern => modern(&mut c, job, &sheet, &texts, issued),
            Design::Latar => latar(&mut c, job, &sheet, &texts),
        };
        if e.declaration.is_some() && !attendee_signature(&mut c, job, e, places.attendee) {
            job.unreadable_signature(&p.name);
        }
        parts::official_block(
            &mut c,
            places.official,
            &place_date,
            "",
            &ev.official,
            &job.marks.seal,
        );
        if let Some(footer) = places.footer {
            parts::footer(&mut c, &footer, None, issued, QR);
        }
        out.push(c.finish());
        progress(i + 1, total);
    }
    Ok(out)
}

/// Where a design puts what every certificate has.
struct Places {
    /// Centre and top of the attendee's pledge signature.
    attendee: (f32, f32),
    /// The official's block: x, top, width.
    official: (f32, f32, f32),
    /// The QR footer's sheet (its left and bottom margins place it), or
    /// none when the design drew the code itself.
    footer: Option<Sheet>,
}

/// Framed, centred, serif title and name: the design since the start.
fn klasik(c: &mut Canvas, job: &Job, sheet: &Sheet, t: &Texts) -> Places {
    let (w, h) = (sheet.width, sheet.height);
    let cx = w / 2.0;
    let text_w = w - 2.0 * sheet.left - 20.0;
    c.stroke_gray(0.25);
    c.thickness(2.2);
    c.rect(9.0, 9.0, w - 18.0, h - 18.0, PaintMode::Stroke);
    c.thickness(0.6);
    c.rect(12.5, 12.5, w - 25.0, h - 25.0, PaintMode::Stroke);
    c.stroke_gray(0.0);
    logos(c, job, sheet.left, w - sheet.right - LOGO, sheet.top);
    let mut y = sheet.top + 14.0;
    c.gray(0.3);
    for line in c.wrap(Face::Bold, 11.0, text_w, &t.organizer) {
        c.text(Face::Bold, 11.0, cx, y, Align::Center, &line);
        y += 5.0;
    }
    c.gray(0.0);
    y += 14.0;
    c.text(Face::SerifBold, 36.0, cx, y, Align::Center, "SERTIFIKAT");
    y += 8.0;
    c.text(Face::Regular, 9.0, cx, y, Align::Center, &t.number);
    y += 11.0;
    c.text(
        Face::Regular,
        12.0,
        cx,
        y,
        Align::Center,
        "diberikan kepada",
    );
    recipient(c, t, Face::SerifBold, (cx, y + 12.0, text_w), Align::Center);
    let bottom = h - sheet.bottom - QR;
    Places {
        attendee: (cx, bottom),
        official: (w - sheet.right - 85.0, bottom - 12.0, 80.0),
        footer: Some(*sheet),
    }
}

/// A dark band down the left with the logos and the QR code (on white, so
/// it scans), the text flush left in sans-serif.
fn modern(c: &mut Canvas, job: &Job, sheet: &Sheet, t: &Texts, issued: &Issued) -> Places {
    let (w, h) = (sheet.width, sheet.height);
    let band_cx = BAND / 2.0;
    c.gray(0.16);
    c.rect(0.0, 0.0, BAND, h, PaintMode::Fill);
    let mut y = sheet.top;
    for logo in [&job.marks.logos.0, &job.marks.logos.1]
        .into_iter()
        .flatten()
    {
        // A logo on a white tile: most are drawn for a white page.
        c.gray(1.0);
        c.rect(band_cx - 15.0, y - 2.0, 30.0, 30.0, PaintMode::Fill);
        c.image(logo, band_cx - 13.0, y, 26.0, 26.0);
        y += 34.0;
    }
    c.gray(1.0);
    y += 6.0;
    c.text(Face::Bold, 12.0, band_cx, y, Align::Center, "NETRALITAS");
    c.text(Face::Bold, 12.0, band_cx, y + 6.0, Align::Center, "ASN");
    c.stroke_gray(1.0);
    c.thickness(0.8);
    c.line(band_cx - 12.0, y + 10.0, band_cx + 12.0, y + 10.0);
    // The code on a white card at the bottom of the band.
    let qr_top = h - sheet.bottom - QR - 10.0;
    c.rect(
        band_cx - 17.0,
        qr_top - 3.0,
        34.0,
        QR + 11.0,
        PaintMode::Fill,
    );
    if let Err(msg) = super::marks::qr(c, &issued.payload, band_cx - QR / 2.0, qr_top, QR) {
        c.gray(0.0);
        c.text(
            Face::Regular,
            6.0,
            band_cx,
            qr_top + 10.0,
            Align::Center,
            &msg,
        );
    }
    c.gray(0.0);
    c.text(
        Face::Bold,
        6.5,
        band_cx,
        qr_top + QR + 1.5,
        Align::Center,
        &format!("Catatan cetak no. {}", issued.id),
    );
    c.text(
        Face::Regular,
        5.5,
        band_cx,
        qr_top + QR + 4.5,
        Align::Center,
        "Pindai di menu Verifikasi Netra",
    );
    c.gray(1.0);
    c.text(
        Face::Regular,
        6.0,
        band_cx,
        h - sheet.bottom + 4.0,
        Align::Center,
        "Keaslian dapat diperiksa luring",
    );
    c.gray(0.0);
    c.stroke_gray(0.0);

    let x0 = BAND + 16.0;
    let width = w - sheet.right - x0;
    let mut y = sheet.top + 6.0;
    c.gray(0.35);
    for line in c.wrap(Face::Bold, 10.0, width, &t.organizer) {
        c.text(Face::Bold, 10.0, x0, y, Align::Left, &line);
        y += 4.6;
    }
    c.gray(0.0);
    y += 15.0;
    c.text(Face::Bold, 38.0, x0, y, Align::Left, "SERTIFIKAT");
    c.stroke_gray(0.16);
    c.thickness(4.0);
    c.line(x0, y + 4.0, x0 + 36.0, y + 4.0);
    c.stroke_gray(0.0);
    y += 11.0;
    c.gray(0.35);
    c.text(Face::Regular, 9.0, x0, y, Align::Left, &t.number);
    c.gray(0.0);
    y += 11.0;
    c.text(Face::Regular, 12.0, x0, y, Align::Left, "diberikan kepada");
    recipient(c, t, Face::Bold, (x0, y + 12.0, width), Align::Left);
    let bottom = h - sheet.bottom - QR;
    Places {
        attendee: (x0 + 25.0, bottom),
        official: (w - sheet.right - 80.0, bottom - 12.0, 80.0),
        footer: None,
    }
}

/// The organiser's own background, A4 landscape (centred on F4), with the
/// text where the event's [`Layout`] says.
fn latar(c: &mut Canvas, job: &Job, sheet: &Sheet, t: &Texts) -> Places {
    let (aw, ah) = A4_LANDSCAPE;
    let (ox, oy) = ((sheet.width - aw) / 2.0, (sheet.height - ah) / 2.0);
    if let Some(bg) = &job.marks.background {
        c.image(bg, ox, oy, aw, ah);
    }
    let l: Layout = job.marks.layout;
    let side = f32::from(l.side);
    let (x0, x1) = (ox + side, ox + aw - side);
    let (cx, width) = ((x0 + x1) / 2.0, x1 - x0);
    logos(c, job, x0, x1 - LOGO, oy + side * 0.6);
    let name_y = oy + f32::from(l.name_y);
    if l.title {
        let title_y = oy + f32::from(l.title_y);
        let lines = c.wrap(Face::Bold, 11.0, width - 2.0 * LOGO, &t.organizer);
        let mut y = title_y - 15.0 - 5.0 * (lines.len().min(2) as f32 - 1.0);
        c.gray(0.3);
        for line in lines.iter().take(2) {
            c.text(Face::Bold, 11.0, cx, y, Align::Center, line);
            y += 5.0;
        }
        c.gray(0.0);
        c.text(
            Face::SerifBold,
            36.0,
            cx,
            title_y,
            Align::Center,
            "SERTIFIKAT",
        );
        c.text(
            Face::Regular,
            9.0,
            cx,
            title_y + 8.0,
            Align::Center,
            &t.number,
        );
    } else {
        c.text(
            Face::Regular,
            9.0,
            cx,
            name_y - 20.0,
            Align::Center,
            &t.number,
        );
    }
    c.text(
        Face::Regular,
        12.0,
        cx,
        name_y - 12.0,
        Align::Center,
        "diberikan kepada",
    );
    recipient(c, t, Face::SerifBold, (cx, name_y, width), Align::Center);
    let sign_y = oy + f32::from(l.sign_y);
    // The code on white: a background may be patterned where it sits.
    let qr_top = oy + ah - 12.0 - QR;
    c.gray(1.0);
    c.rect(x0 - 2.0, qr_top, QR, QR, PaintMode::Fill);
    c.gray(0.0);
    let footer = Sheet {
        left: x0,
        bottom: sheet.height - (oy + ah - 12.0),
        ..*sheet
    };
    Places {
        attendee: (cx, sign_y + 14.0),
        official: (x1 - 80.0, sign_y, 80.0),
        footer: Some(footer),
    }
}

/// The two logos, when set, with their tops at `y`.
fn logos(c: &mut Canvas, job: &Job, left: f32, right: f32, y: f32) {
    if let Some(logo) = &job.marks.logos.0 {
        c.image(logo, left, y, LOGO, LOGO);
    }
    if let Some(logo) = &job.marks.logos.1 {
        c.image(logo, right, y, LOGO, LOGO);
    }
}

/// The name (first baseline at `y` of `at`: x, y, width; x is the centre
/// when centred), underlined when centred, then NIP, position and unit,
/// and what the certificate is for.
fn recipient(c: &mut Canvas, t: &Texts, face: Face, at: (f32, f32, f32), align: Align) {
    let (x, mut y, width) = at;
    // The whole name, always: smaller type for long names, never cut.
    let (name_size, lines) = [24.0_f32, 18.0, 14.0, 11.0, 9.0]
        .into_iter()
        .map(|size| (size, c.wrap(face, size, width, &t.name)))
        .find(|(_, lines)| lines.len() <= 3)
        .unwrap_or_else(|| (8.0, c.wrap(face, 8.0, width, &t.name)));
    let mut baseline = y;
    for line in &lines {
        c.text(face, name_size, x, y, align, line);
        baseline = y;
        y += name_size * 0.45;
    }
    c.thickness(0.5);
    match align {
        Align::Center => c.line(x - 70.0, baseline + 2.2, x + 70.0, baseline + 2.2),
        _ => c.line(x, baseline + 2.2, x + 90.0_f32.min(width), baseline + 2.2),
    }
    y = baseline + 2.2 + 5.5;
    if let Some(nip) = &t.nip {
        c.text(Face::Regular, 11.0, x, y, align, &format!("NIP. {nip}"));
        y += 5.5;
    }
    for line in c.wrap(Face::Regular, 11.0, width, &t.role).iter().take(2) {
        c.text(Face::Regular, 11.0, x, y, align, line);
        y += 5.5;
    }
    y += 5.0;
    c.text(Face::Regular, 12.0, x, y, align, &t.what);
    y += 6.0;
    for line in c
        .wrap(Face::Regular, 12.0, width, &t.occasion)
        .iter()
        .take(3)
    {
        c.text(Face::Regular, 12.0, x, y, align, line);
        y += 6.0;
    }
}

/// The attendee's own pledge signature, centred on x of `at` (x, top);
/// false when its stored strokes could not be drawn.
fn attendee_signature(c: &mut Canvas, job: &Job, e: &data::Entry, at: (f32, f32)) -> bool {
    let Some(d) = &e.declaration else {
        return true;
    };
    let (cx, top) = at;
    c.gray(0.35);
    c.text(
        Face::Regular,
        7.5,
        cx,
        top + 2.0,
        Align::Center,
        "Tanda tangan ikrar netralitas peserta",
    );
    c.gray(0.0);
    let drawn = super::marks::signature(c, e.strokes.as_deref(), cx - 25.0, top + 4.0, 50.0, 15.0);
    let local = d.signed_at.with_timezone(&job.event.timezone.offset());
    c.gray(0.35);
    c.text(
        Face::Regular,
        7.0,
        cx,
        top + 23.0,
        Align::Center,
        &format!(
            "{} {} \u{00b7} sidik {}",
            indonesian_date::time(local.time()),
            job.event.timezone.as_str(),
            &d.record_hash[..12.min(d.record_hash.len())]
        ),
    );
    c.gray(0.0);
    drawn
}
