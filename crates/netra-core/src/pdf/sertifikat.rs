//! Sertifikat (certificate of participation), landscape, one per attendee.

use printpdf::PaintMode;

use super::canvas::{Align, Canvas, Page};
use super::data;
use super::fonts::Face;
use super::{parts, Job, Sheet};
use crate::error::Result;
use crate::event::EventKind;
use crate::indonesian_date;
use crate::pdf::register::RecordKind;

const QR: f32 = 28.0;
/// The box of each of the two logos at the top corners.
const LOGO: f32 = 24.0;

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
        let fonts = job.fonts.clone();
        let mut c = Canvas::new(&fonts, sheet.width, sheet.height);
        let (w, h) = (sheet.width, sheet.height);
        let cx = w / 2.0;
        let text_w = w - 2.0 * sheet.left - 20.0;

        c.stroke_gray(0.25);
        c.thickness(2.2);
        c.rect(9.0, 9.0, w - 18.0, h - 18.0, PaintMode::Stroke);
        c.thickness(0.6);
        c.rect(12.5, 12.5, w - 25.0, h - 25.0, PaintMode::Stroke);
        c.stroke_gray(0.0);
        if let Some(logo) = &job.marks.logos.0 {
            c.image(logo, sheet.left, sheet.top, LOGO, LOGO);
        }
        if let Some(logo) = &job.marks.logos.1 {
            c.image(logo, w - sheet.right - LOGO, sheet.top, LOGO, LOGO);
        }

        let mut y = sheet.top + 14.0;
        c.gray(0.3);
        for line in c.wrap(Face::Bold, 11.0, text_w, &ev.organizer.to_uppercase()) {
            c.text(Face::Bold, 11.0, cx, y, Align::Center, &line);
            y += 5.0;
        }
        c.gray(0.0);
        y += 14.0;
        c.text(Face::SerifBold, 36.0, cx, y, Align::Center, "SERTIFIKAT");
        y += 8.0;
        c.text(
            Face::Regular,
            9.0,
            cx,
            y,
            Align::Center,
            &format!("Nomor: NETRA/{}/{}", ev.id, issued.id),
        );
        y += 11.0;
        c.text(
            Face::Regular,
            12.0,
            cx,
            y,
            Align::Center,
            "diberikan kepada",
        );
        y += 12.0;
        // The whole name, always: smaller type for long names, never cut.
        let (name_size, lines) = [24.0_f32, 18.0, 14.0, 11.0, 9.0]
            .into_iter()
            .map(|size| (size, c.wrap(Face::SerifBold, size, text_w, &p.name)))
            .find(|(_, lines)| lines.len() <= 3)
            .unwrap_or_else(|| (8.0, c.wrap(Face::SerifBold, 8.0, text_w, &p.name)));
        let mut baseline = y;
        for line in &lines {
            c.text(Face::SerifBold, name_size, cx, y, Align::Center, line);
            baseline = y;
            y += name_size * 0.45;
        }
        c.thickness(0.5);
        c.line(cx - 70.0, baseline + 2.2, cx + 70.0, baseline + 2.2);
        y = baseline + 2.2 + 5.5;
        if let Some(nip) = &p.nip {
            c.text(
                Face::Regular,
                11.0,
                cx,
                y,
                Align::Center,
                &format!("NIP. {}", data::nip_text(Some(nip))),
            );
            y += 5.5;
        }
        let role = [p.position.as_str(), p.unit.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" \u{2014} ");
        for line in c.wrap(Face::Regular, 11.0, text_w, &role).iter().take(2) {
            c.text(Face::Regular, 11.0, cx, y, Align::Center, line);
            y += 5.5;
        }
        y += 5.0;
        c.text(
            Face::Regular,
            12.0,
            cx,
            y,
            Align::Center,
            &format!("atas partisipasinya sebagai {what}"),
        );
        y += 6.0;
        for line in c
            .wrap(Face::Regular, 12.0, text_w, &occasion)
            .iter()
            .take(3)
        {
            c.text(Face::Regular, 12.0, cx, y, Align::Center, line);
            y += 6.0;
        }

        // The attendee's own pledge signature, when they signed one.
        let bottom = h - sheet.bottom - QR;
        if let Some(d) = &e.declaration {
            let sx = cx - 25.0;
            c.gray(0.35);
            c.text(
                Face::Regular,
                7.5,
                cx,
                bottom + 2.0,
                Align::Center,
                "Tanda tangan ikrar netralitas peserta",
            );
            c.gray(0.0);
            if !super::marks::signature(&mut c, e.strokes.as_deref(), sx, bottom + 4.0, 50.0, 15.0)
            {
                job.unreadable_signature(&p.name);
            }
            let local = d.signed_at.with_timezone(&ev.timezone.offset());
            c.gray(0.35);
            c.text(
                Face::Regular,
                7.0,
                cx,
                bottom + 23.0,
                Align::Center,
                &format!(
                    "{} {} \u{00b7} sidik {}",
                    indonesian_date::time(local.time()),
                    ev.timezone.as_str(),
                    &d.record_hash[..12.min(d.record_hash.len())]
                ),
            );
            c.gray(0.0);
        }
        let x = w - sheet.right - 85.0;
        parts::official_block(
            &mut c,
            (x, bottom - 12.0, 80.0),
            &place_date,
            "",
            &ev.official,
            &job.marks.seal,
        );
        parts::footer(&mut c, &sheet, None, issued, QR);
        out.push(c.finish());
        progress(i + 1, total);
    }
    Ok(out)
}
