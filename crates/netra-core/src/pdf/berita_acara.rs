//! Berita acara: the minutes of the event, with the counts by category
//! and by unit, the chain head of the declarations and the official's block.

use printpdf::PaintMode;

use super::canvas::{Align, Canvas, Page, Style};
use super::data;
use super::fonts::Face;
use super::parts::{self, OFFICIAL_HEIGHT};
use super::{Job, Sheet};
use crate::error::Result;
use crate::indonesian_date;
use crate::pdf::register::RecordKind;

const QR: f32 = 26.0;
const SIZE: f32 = 10.0;
const LEADING: f32 = 5.0;

/// One thing to lay out; the flow breaks pages between items.
enum Item {
    Para(String),
    Heading(String),
    /// A table: header, rows of (label, invited, attended, signed).
    Table(&'static str, Vec<(String, u32, u32, u32)>),
    Mono(String),
    Official,
    /// The rest starts on a new page (the appendix).
    PageBreak,
}

/// "Surat pernyataan ditandatangani melalui Kiosk laptop (120 orang),
/// Tablet A (80 orang) dan Ponsel peserta (100 orang)."
fn channels_sentence(ways: &[crate::hall::ChannelCount]) -> Option<String> {
    let parts: Vec<String> = ways
        .iter()
        .map(|c| format!("{} ({} orang)", c.label, c.count))
        .collect();
    let list = match parts.as_slice() {
        [] => return None,
        [one] => one.clone(),
        [init @ .., last] => format!("{} dan {last}", init.join(", ")),
    };
    Some(format!("Surat pernyataan ditandatangani melalui {list}."))
}

pub fn pages(job: &mut Job) -> Result<Vec<Page>> {
    let sheet = Sheet::portrait(job.paper);
    let summary = data::summary(job.conn, job.event.id)?;
    let facts = data::berita_acara_facts(&job.event, &summary);
    let issued = job.issue_all(RecordKind::BeritaAcara, &[facts])?.remove(0);
    let ev = job.event.clone();
    job.check_glyphs("Judul acara", &ev.title);
    let date = ev.starts_at.date();

    let mut items = vec![Item::Para(format!(
        "Pada hari ini {}, bertempat di {}, pukul {} {}, telah dilaksanakan kegiatan {} Netralitas Aparatur Sipil Negara \u{201c}{}\u{201d} yang diselenggarakan oleh {}, dengan keterangan sebagai berikut:",
        indonesian_date::day_and_date(date),
        ev.place,
        indonesian_date::time(ev.starts_at.time()),
        ev.timezone.as_str(),
        ev.kind.label(),
        ev.title,
        ev.organizer
    ))];
    items.push(Item::Heading("1. Pembukaan dan narasumber".into()));
    let official = if ev.official.name.is_empty() {
        "pejabat penanggung jawab kegiatan".to_string()
    } else {
        format!("{}, {}", ev.official.name, ev.official.position)
    };
    items.push(Item::Para(format!("Kegiatan dibuka oleh {official}.")));
    if ev.speakers.is_empty() {
        items.push(Item::Para("Tidak ada narasumber yang dicatat.".into()));
    }
    for (i, s) in ev.speakers.iter().enumerate() {
        let role = [s.title.as_str(), s.institution.as_str()]
            .iter()
            .filter(|t| !t.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let who = if role.is_empty() {
            s.name.clone()
        } else {
            format!("{}, {role}", s.name)
        };
        items.push(Item::Para(format!(
            "    {}) {who}, sebagai narasumber.",
            (b'a' + (i % 26) as u8) as char
        )));
    }
    items.push(Item::Heading("2. Peserta".into()));
    items.push(Item::Para(if summary.invited == 0 {
        "Belum ada peserta di daftar acara ini.".into()
    } else {
        format!(
            "Dari {} orang yang diundang, {} orang hadir dan {} orang menandatangani surat pernyataan netralitas{}.",
            summary.invited,
            summary.attended,
            summary.signed,
            if summary.voided > 0 { format!("; {} pernyataan dibatalkan oleh panitia", summary.voided) } else { String::new() }
        )
    }));
    if let Some(ways) = channels_sentence(&summary.by_channel) {
        items.push(Item::Para(ways));
    }
    if !summary.by_category.is_empty() {
        items.push(Item::Table("Kategori", summary.by_category.clone()));
    }
    if !summary.by_unit.is_empty() {
        items.push(Item::Table("Unit Kerja", summary.by_unit.clone()));
    }
    items.push(Item::Heading("3. Keutuhan catatan".into()));
    match &summary.chain_head {
        Some(head) => {
            items.push(Item::Para(format!(
                "Surat pernyataan yang ditandatangani di kiosk tersimpan berantai dan bertanda tangan digital. Catatan terakhir rantai acara ini (no. {}) bersidik:",
                summary.signed + summary.voided
            )));
            items.push(Item::Mono(head.clone()));
        }
        None => items.push(Item::Para(
            "Belum ada surat pernyataan yang ditandatangani di kiosk.".into(),
        )),
    }
    items.push(Item::Para(
        "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.".into(),
    ));
    items.push(Item::Official);
    appendix(job, &summary, &mut items)?;

    // Lay out into pages, then stamp "Halaman X dari Y" once the total is known.
    let fonts = job.fonts.clone();
    let limit = sheet.bottom_edge() - QR - 4.0;
    let w = sheet.content_width();
    let mut canvases = vec![Canvas::new(&fonts, sheet.width, sheet.height)];
    let first = canvases.last_mut().expect("one page");
    parts::letterhead(first, &sheet, &job.marks);
    let mut y = title(first, &sheet, job.marks.letterhead_height(), &ev.title);
    for item in &items {
        let c = canvases.last_mut().expect("one page");
        let needed = match item {
            Item::Para(t) => c.wrap(Face::Regular, SIZE, w, t).len() as f32 * LEADING,
            Item::Heading(_) | Item::Mono(_) => LEADING * 2.0,
            Item::Table(..) => 7.0 + 6.0 * 2.0,
            Item::Official => OFFICIAL_HEIGHT + 6.0,
            Item::PageBreak => f32::INFINITY,
        };
        if y + needed > limit {
            canvases.push(Canvas::new(&fonts, sheet.width, sheet.height));
            y = sheet.top + 6.0;
        }
        let c = canvases.last_mut().expect("one page");
        match item {
            Item::Para(t) => {
                y = c.paragraph(
                    Style::new(Face::Regular, SIZE, LEADING),
                    sheet.left,
                    y,
                    w,
                    t,
                ) + 1.5
            }
            Item::Heading(t) => {
                y += 2.0;
                c.text(Face::Bold, SIZE, sheet.left, y, Align::Left, t);
                y += LEADING + 1.0;
            }
            Item::Mono(t) => {
                c.text(Face::Regular, 8.5, sheet.left + 6.0, y, Align::Left, t);
                y += LEADING + 1.5;
            }
            Item::Table(label, rows) => {
                y = table(&mut canvases, &fonts, &sheet, y, limit, label, rows);
            }
            Item::PageBreak => {}
            Item::Official => {
                let x = sheet.left + w * 0.55;
                parts::official_block(
                    c,
                    (x, y + 2.0, sheet.right_edge() - x),
                    &format!("{}, {}", ev.place, indonesian_date::date(date)),
                    "",
                    &ev.official,
                    &parts::Seal::default(),
                );
            }
        }
    }
    let total = canvases.len();
    Ok(canvases
        .into_iter()
        .enumerate()
        .map(|(i, mut c)| {
            parts::footer(&mut c, &sheet, Some((i + 1, total)), &issued, QR);
            c.finish()
        })
        .collect())
}

/// "Lampiran": the chain head, signatures by way in, and every voided
/// statement with its reason, so the minutes account for each record.
fn appendix(job: &Job, summary: &data::Summary, items: &mut Vec<Item>) -> Result<()> {
    items.push(Item::PageBreak);
    items.push(Item::Heading(
        "Lampiran berita acara: catatan surat pernyataan".into(),
    ));
    items.push(Item::Heading("A. Ujung rantai".into()));
    match &summary.chain_head {
        Some(head) => {
            items.push(Item::Para(format!(
                "Rantai acara ini berisi {} surat pernyataan ({} sah, {} dibatalkan). Sidik catatan terakhirnya, yang ditandatangani kunci instalasi {}:",
                summary.signed + summary.voided,
                summary.signed,
                summary.voided,
                job.key.key_id()
            )));
            items.push(Item::Mono(head.clone()));
        }
        None => items.push(Item::Para(
            "Rantai acara ini belum berisi surat pernyataan.".into(),
        )),
    }
    items.push(Item::Heading("B. Cara penandatanganan".into()));
    if summary.by_channel.is_empty() {
        items.push(Item::Para("Belum ada surat pernyataan yang sah.".into()));
    }
    for c in &summary.by_channel {
        items.push(Item::Para(format!(
            "    {}: {} surat pernyataan sah",
            c.label, c.count
        )));
    }
    items.push(Item::Heading("C. Surat pernyataan yang dibatalkan".into()));
    let voids: Vec<(i64, String, Option<String>, String, String)> = job
        .conn
        .prepare(
            "SELECT seq, snapshot, voided_at, void_reason FROM declarations
             WHERE event_id = ?1 AND voided_at IS NOT NULL ORDER BY seq",
        )?
        .query_map([job.event.id], |r| {
            let snapshot: String = r.get(1)?;
            let person: serde_json::Value = serde_json::from_str(&snapshot).unwrap_or_default();
            Ok((
                r.get(0)?,
                person["name"].as_str().unwrap_or("?").to_string(),
                person["nip"].as_str().map(str::to_string),
                r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                r.get::<_, Option<String>>(3)?.unwrap_or_default(),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if voids.is_empty() {
        items.push(Item::Para(
            "Tidak ada surat pernyataan yang dibatalkan.".into(),
        ));
    }
    for (seq, name, nip, at, reason) in voids {
        let when = chrono::DateTime::parse_from_rfc3339(&at)
            .map(|t| crate::declaration::signed_label(&job.event, t.with_timezone(&chrono::Utc)))
            .unwrap_or(at);
        let nip = nip
            .map(|n| format!(", NIP {}", data::nip_text(Some(&n))))
            .unwrap_or_default();
        items.push(Item::Para(format!(
            "    No. {seq}: {name}{nip}. Dibatalkan {when}. Alasan: {reason}"
        )));
    }
    Ok(())
}

fn title(c: &mut Canvas, sheet: &Sheet, below: f32, event_title: &str) -> f32 {
    let cx = sheet.left + sheet.content_width() / 2.0;
    let mut y = sheet.top + below + 6.0;
    c.text(Face::Bold, 14.0, cx, y, Align::Center, "BERITA ACARA");
    y += 6.5;
    for line in c.wrap(Face::Bold, 11.0, sheet.content_width(), event_title) {
        c.text(Face::Bold, 11.0, cx, y, Align::Center, &line);
        y += 5.2;
    }
    c.thickness(0.8);
    c.line(sheet.left, y, sheet.right_edge(), y);
    y + 8.0
}

/// A count table that continues on the next page, header repeated.
fn table<'f>(
    canvases: &mut Vec<Canvas<'f>>,
    fonts: &'f super::fonts::DocFonts,
    sheet: &Sheet,
    y: f32,
    limit: f32,
    label: &str,
    rows: &[(String, u32, u32, u32)],
) -> f32 {
    let x0 = sheet.left + 6.0;
    let w = sheet.content_width() - 6.0;
    let num = 26.0;
    let xs = [
        x0,
        x0 + w - 3.0 * num,
        x0 + w - 2.0 * num,
        x0 + w - num,
        x0 + w,
    ];
    let header = |c: &mut Canvas, y: f32| {
        c.gray(0.88);
        c.rect(x0, y, w, 7.0, PaintMode::Fill);
        c.gray(0.0);
        c.thickness(0.5);
        c.rect(x0, y, w, 7.0, PaintMode::Stroke);
        c.text(Face::Bold, 8.5, xs[0] + 2.0, y + 4.8, Align::Left, label);
        for (i, h) in ["Diundang", "Hadir", "Tanda tangan"].iter().enumerate() {
            c.text(
                Face::Bold,
                8.0,
                (xs[i + 1] + xs[i + 2]) / 2.0,
                y + 4.8,
                Align::Center,
                h,
            );
        }
        y + 7.0
    };
    let mut y = header(canvases.last_mut().expect("page"), y);
    for (name, invited, attended, signed) in rows {
        let c = canvases.last_mut().expect("page");
        let lines = c.wrap(Face::Regular, 8.5, xs[1] - xs[0] - 4.0, name);
        let h = lines.len() as f32 * 3.8 + 2.4;
        if y + h > limit {
            canvases.push(Canvas::new(fonts, sheet.width, sheet.height));
            y = header(canvases.last_mut().expect("page"), sheet.top + 6.0);
        }
        let c = canvases.last_mut().expect("page");
        c.thickness(0.3);
        c.rect(x0, y, w, h, PaintMode::Stroke);
        for x in &xs[1..4] {
            c.line(*x, y, *x, y + h);
        }
        for (i, line) in lines.iter().enumerate() {
            c.text(
                Face::Regular,
                8.5,
                xs[0] + 2.0,
                y + 4.0 + i as f32 * 3.8,
                Align::Left,
                line,
            );
        }
        for (i, n) in [invited, attended, signed].iter().enumerate() {
            c.text(
                Face::Regular,
                8.5,
                xs[i + 2] - 3.0,
                y + 4.0,
                Align::Right,
                &n.to_string(),
            );
        }
        y += h;
    }
    y + 5.0
}
