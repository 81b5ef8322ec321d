//! Surat pernyataan netralitas: one page per signed declaration, with
//! the exact pledge version that person signed, their details as they were
//! at signing, and their signature.

use super::canvas::{Align, Canvas, Page, Style};
use super::data;
use super::fonts::Face;
use super::{parts, Job, Sheet};
use crate::error::Result;
use crate::indonesian_date;
use crate::pdf::register::RecordKind;

const QR: f32 = 28.0;

pub fn pages(
    job: &mut Job,
    ids: &[i64],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<Page>> {
    let sheet = Sheet::portrait(job.paper);
    let none = if ids.is_empty() {
        "Belum ada peserta yang menandatangani surat pernyataan di acara ini; tidak ada yang dicetak"
    } else {
        "Peserta yang dipilih belum menandatangani surat pernyataan; tidak ada yang dicetak"
    };
    let signed = job.people(ids, |e| e.declaration.is_some(), none)?;
    // Every page's facts first (the pledge texts they name, read once), so
    // the records are registered together before anything is drawn.
    let signed: Vec<(&data::Entry, &crate::declaration::Declaration)> = signed
        .iter()
        .filter_map(|e| e.declaration.as_ref().map(|d| (e, d)))
        .collect();
    let total = signed.len();
    let mut pledges = std::collections::HashMap::new();
    for (_, d) in &signed {
        if let std::collections::hash_map::Entry::Vacant(slot) = pledges.entry(d.pledge_text_id) {
            slot.insert(job.conn.query_row(
                "SELECT title, body, content_hash, version FROM pledge_texts WHERE id = ?1",
                [d.pledge_text_id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                    ))
                },
            )?);
        }
    }
    let facts: Vec<_> = signed
        .iter()
        .map(|(_, d)| data::pernyataan_facts(&job.event, d, &pledges[&d.pledge_text_id].2))
        .collect();
    let issued_all = job.issue_all(RecordKind::Pernyataan, &facts)?;
    let trail = Trail::read(job, &signed)?;

    let mut out = Vec::with_capacity(total);
    for (i, ((e, d), issued)) in signed.iter().zip(&issued_all).enumerate() {
        let (title, body, pledge_hash, pledge_version) = &pledges[&d.pledge_text_id];
        job.check_glyphs("Nama", &d.person.name);
        let fonts = job.fonts.clone();
        let mut c = Canvas::new(&fonts, sheet.width, sheet.height);
        let w = sheet.content_width();
        let cx = sheet.left + w / 2.0;
        let mut y = sheet.top + 8.0;
        for line in c.wrap(Face::Bold, 13.0, w, title) {
            c.text(Face::Bold, 13.0, cx, y, Align::Center, &line);
            y += 6.0;
        }
        y += 6.0;

        // The commitments shrink to fit one page if an organiser wrote a long text.
        let paragraphs: Vec<&str> = body
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let details = details(d);
        let detailed = job.marks.detailed;
        let trail_room = if detailed { 6.0 } else { TRAIL_HEIGHT };
        let room = sheet.bottom_edge() - QR - 62.0 - trail_room - y;
        let size = [10.5_f32, 10.0, 9.5, 9.0, 8.5, 8.0]
            .into_iter()
            .find(|s| body_height(&c, *s, w, &paragraphs, &details) <= room)
            .unwrap_or(8.0);
        let leading = size * 0.5;
        let mut rest = paragraphs.as_slice();
        if let Some((first, tail)) = paragraphs.split_first() {
            y = c.paragraph(
                Style::new(Face::Regular, size, leading),
                sheet.left,
                y,
                w,
                first,
            ) + 2.0;
            rest = tail;
        }
        for (label, value) in &details {
            c.text(Face::Regular, size, sheet.left + 8.0, y, Align::Left, label);
            c.text(Face::Regular, size, sheet.left + 45.0, y, Align::Left, ":");
            y = c.paragraph(
                Style::new(Face::Regular, size, leading),
                sheet.left + 48.0,
                y,
                w - 48.0,
                value,
            );
        }
        y += 2.0;
        for para in rest {
            y = numbered(&mut c, size, sheet.left, y, w, leading, para) + 1.5;
        }

        // Place and date of signing, then the signature as drawn at the kiosk.
        let local = d.signed_at.with_timezone(&job.event.timezone.offset());
        let x = sheet.left + w * 0.55;
        let bw = sheet.right_edge() - x;
        y += 4.0;
        let place_date = format!(
            "{}, {}",
            job.event.place,
            indonesian_date::date(local.date_naive())
        );
        y = c.paragraph(Style::new(Face::Regular, 10.0, 4.6), x, y, bw, &place_date) - 4.6;
        c.text(
            Face::Regular,
            10.0,
            x,
            y + 5.0,
            Align::Left,
            "Yang membuat pernyataan,",
        );
        if job.marks.materai {
            materai_box(&mut c, x - 34.0, y + 8.0);
        }
        if !super::marks::signature(&mut c, e.strokes.as_deref(), x, y + 7.0, bw.min(55.0), 20.0) {
            job.unreadable_signature(&d.person.name);
        }
        y += 32.0;
        for line in c.wrap(Face::Bold, 10.0, bw, &d.person.name) {
            c.text(Face::Bold, 10.0, x, y, Align::Left, &line);
            y += 4.6;
        }
        if let Some(nip) = &d.person.nip {
            c.text(
                Face::Regular,
                10.0,
                x,
                y,
                Align::Left,
                &format!("NIP. {}", data::nip_text(Some(nip))),
            );
        }
        let lines = trail.lines(job, d, pledge_hash, *pledge_version);
        if detailed {
            c.gray(0.3);
            c.text(
                Face::Regular,
                7.5,
                sheet.left,
                sheet.bottom_edge() - QR - 4.0,
                Align::Left,
                "Jejak audit surat pernyataan ini ada di halaman berikutnya (lampiran).",
            );
            c.gray(0.0);
            parts::footer(&mut c, &sheet, Some((1, 2)), issued, QR);
            out.push(c.finish());
            let mut c = Canvas::new(&fonts, sheet.width, sheet.height);
            audit_page(&mut c, &sheet, &job.event.title, d, &lines);
            parts::footer(&mut c, &sheet, Some((2, 2)), issued, QR);
            out.push(c.finish());
        } else {
            audit_section(&mut c, &sheet, &lines);
            c.gray(0.0);
            parts::footer(&mut c, &sheet, None, issued, QR);
            out.push(c.finish());
        }
        progress(i + 1, total);
    }
    Ok(out)
}

/// Where a materai stamp is stuck, for offices that require one.
fn materai_box(c: &mut Canvas, x: f32, y: f32) {
    c.stroke_gray(0.55);
    c.thickness(0.5);
    c.dashed_rect(x, y, 30.0, 20.0);
    c.gray(0.55);
    c.text(
        Face::Regular,
        7.0,
        x + 15.0,
        y + 9.0,
        Align::Center,
        "METERAI",
    );
    c.text(
        Face::Regular,
        7.0,
        x + 15.0,
        y + 13.0,
        Align::Center,
        "10.000",
    );
    c.gray(0.0);
    c.stroke_gray(0.0);
}

/// Height of the audit section above the footer.
const TRAIL_HEIGHT: f32 = 21.0;

/// What the audit section needs besides the declaration: read once per job.
struct Trail {
    /// The event's signed chain head when printing: (seq, record hash).
    head: Option<(i64, String)>,
    strokes: std::collections::HashMap<i64, String>,
    fingerprint: String,
}

impl Trail {
    fn read(
        job: &Job,
        signed: &[(&data::Entry, &crate::declaration::Declaration)],
    ) -> Result<Trail> {
        use rusqlite::OptionalExtension;
        let head = job
            .conn
            .query_row(
                "SELECT seq, record_hash FROM chain_heads WHERE event_id = ?1",
                [job.event.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let mut strokes = std::collections::HashMap::new();
        let mut stmt = job
            .conn
            .prepare_cached("SELECT strokes_hash FROM signatures WHERE declaration_id = ?1")?;
        for (_, d) in signed {
            if let Some(hash) = stmt
                .query_row([d.id], |r| r.get::<_, String>(0))
                .optional()?
            {
                strokes.insert(d.id, hash);
            }
        }
        Ok(Trail {
            head,
            strokes,
            fingerprint: crate::keys::fingerprint(&job.key.verifying_key()),
        })
    }

    /// (label, value) lines of one declaration's audit section.
    fn lines(
        &self,
        job: &Job,
        d: &crate::declaration::Declaration,
        pledge_hash: &str,
        pledge_version: i64,
    ) -> Vec<(&'static str, String)> {
        let zone = job.event.timezone;
        let local = d.signed_at.with_timezone(&zone.offset());
        let offset = zone.offset().local_minus_utc() / 3600;
        vec![
            (
                "Ditandatangani",
                format!(
                    "{} pukul {}.{:02} {} (UTC+{offset:02}:00) \u{00b7} melalui {}",
                    indonesian_date::day_and_date(local.date_naive()),
                    indonesian_date::time(local.time()),
                    chrono::Timelike::second(&local),
                    zone.as_str(),
                    d.via
                ),
            ),
            (
                "Teks pernyataan",
                format!("versi {pledge_version}, sidik {pledge_hash}"),
            ),
            (
                "Goresan tanda tangan",
                format!(
                    "sidik {}",
                    self.strokes.get(&d.id).map_or("-", String::as_str)
                ),
            ),
            (
                "Rekaman",
                format!("no. {} dalam rantai acara, sidik {}", d.seq, d.record_hash),
            ),
            (
                "Ujung rantai saat dicetak",
                match &self.head {
                    Some((seq, hash)) => format!("no. {seq}, sidik {hash}"),
                    None => "-".into(),
                },
            ),
            (
                "Kunci instalasi",
                format!("{}, sidik jari {}", job.key.key_id(), self.fingerprint),
            ),
        ]
    }
}

/// The audit section between the signature and the footer: what an
/// auditor needs to find the record and check it (signing certificates of
/// e-signature tools carry the same).
fn audit_section(c: &mut Canvas, sheet: &Sheet, lines: &[(&'static str, String)]) {
    let top = sheet.bottom_edge() - QR - TRAIL_HEIGHT;
    c.stroke_gray(0.6);
    c.thickness(0.3);
    c.line(sheet.left, top - 3.0, sheet.right_edge(), top - 3.0);
    c.stroke_gray(0.0);
    c.gray(0.3);
    c.text(Face::Bold, 6.5, sheet.left, top, Align::Left, "Jejak audit");
    let mut y = top + 2.9;
    for (label, value) in lines {
        c.text(Face::Regular, 6.0, sheet.left, y, Align::Left, label);
        c.text(Face::Regular, 6.0, sheet.left + 31.0, y, Align::Left, value);
        y += 2.7;
    }
    c.gray(0.0);
}

/// The detailed form's second page: the same audit trail in readable
/// type, with the whole of every hash, and how to check it.
fn audit_page(
    c: &mut Canvas,
    sheet: &Sheet,
    event_title: &str,
    d: &crate::declaration::Declaration,
    lines: &[(&'static str, String)],
) {
    let w = sheet.content_width();
    let cx = sheet.left + w / 2.0;
    let mut y = sheet.top + 8.0;
    c.text(
        Face::Bold,
        13.0,
        cx,
        y,
        Align::Center,
        "LAMPIRAN: JEJAK AUDIT SURAT PERNYATAAN",
    );
    y += 9.0;
    let nip = match &d.person.nip {
        Some(nip) => format!(", NIP. {}", data::nip_text(Some(nip))),
        None => String::new(),
    };
    let whom = format!(
        "Surat pernyataan netralitas atas nama {}{nip}, dalam acara \u{201c}{event_title}\u{201d}.",
        d.person.name
    );
    y = c.paragraph(
        Style::new(Face::Regular, 10.0, 5.0),
        sheet.left,
        y,
        w,
        &whom,
    ) + 4.0;
    c.stroke_gray(0.6);
    c.thickness(0.3);
    c.line(sheet.left, y - 4.0, sheet.right_edge(), y - 4.0);
    c.stroke_gray(0.0);
    for (label, value) in lines {
        c.text(Face::Bold, 9.5, sheet.left, y, Align::Left, label);
        y = c.paragraph(
            Style::new(Face::Regular, 9.5, 4.8),
            sheet.left + 50.0,
            y,
            w - 50.0,
            value,
        ) + 2.5;
    }
    y += 4.0;
    c.text(
        Face::Bold,
        10.0,
        sheet.left,
        y,
        Align::Left,
        "Cara memeriksa",
    );
    y += 5.5;
    for step in [
        "1. Pindai kode QR di bawah dengan menu Verifikasi aplikasi Netra (tanpa internet). Netra menampilkan nama, NIP dan acara yang ditandatangani kunci instalasi; pastikan sama dengan kertas ini.",
        "2. Sidik rekaman dan nomornya dalam rantai acara harus sama dengan yang tercetak di atas. Tanda tangan yang diubah atau dihapus setelah dicetak mengubah sidik rantai sesudahnya.",
        "3. Sidik jari kunci instalasi harus sama dengan kunci penyelenggara yang Anda percaya (menu Verifikasi, Kunci).",
    ] {
        y = numbered(c, 9.5, sheet.left, y, w, 4.8, step) + 1.5;
    }
}

fn details(d: &crate::declaration::Declaration) -> Vec<(&'static str, String)> {
    let p = &d.person;
    vec![
        ("Nama", p.name.clone()),
        (
            "NIP",
            p.nip
                .as_deref()
                .map(|n| data::nip_text(Some(n)))
                .unwrap_or_else(|| "-".into()),
        ),
        ("Pangkat/Golongan", dash(&p.rank)),
        ("Jabatan", dash(&p.position)),
        ("Unit Kerja", dash(&p.unit)),
    ]
}

fn dash(s: &str) -> String {
    if s.trim().is_empty() {
        "-".into()
    } else {
        s.to_string()
    }
}

fn body_height(
    c: &Canvas,
    size: f32,
    w: f32,
    paragraphs: &[&str],
    details: &[(&str, String)],
) -> f32 {
    let leading = size * 0.5;
    let lines: usize = paragraphs
        .iter()
        .map(|p| c.wrap(Face::Regular, size, w - 6.0, p).len())
        .sum::<usize>()
        + details
            .iter()
            .map(|(_, v)| c.wrap(Face::Regular, size, w - 48.0, v).len())
            .sum::<usize>();
    lines as f32 * leading + paragraphs.len() as f32 * 1.5 + 4.0
}

/// A paragraph; "1. ..." items get a hanging indent.
fn numbered(c: &mut Canvas, size: f32, x: f32, y: f32, w: f32, leading: f32, text: &str) -> f32 {
    let mut y = y;
    for para in text.split('\n') {
        let marker = para
            .split_once(". ")
            .filter(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        match marker {
            Some((n, rest)) => {
                c.text(Face::Regular, size, x, y, Align::Left, &format!("{n}."));
                y = c.paragraph(
                    Style::new(Face::Regular, size, leading),
                    x + 6.0,
                    y,
                    w - 6.0,
                    rest,
                );
            }
            None => y = c.paragraph(Style::new(Face::Regular, size, leading), x, y, w, para),
        }
    }
    y
}
