//! Daftar hadir: the attendance list with drawn signatures in a
//! zig-zag column, the table header on every page and the "Mengetahui"
//! block on the last.

use printpdf::PaintMode;

use super::canvas::{Align, Canvas, Page};
use super::data::{self, Entry};
use super::fonts::Face;
use super::parts::{self, OFFICIAL_HEIGHT};
use super::{Job, Scope, Sheet};
use crate::error::Result;
use crate::indonesian_date;
use crate::pdf::register::RecordKind;

const QR: f32 = 26.0;
const HEADER_ROW: f32 = 8.0;
const MIN_ROW: f32 = 13.0;
const LEADING: f32 = 3.2;
const BODY: f32 = 8.0;
const SMALL: f32 = 7.5;
/// An 18-digit NIP stays on one line at this size.
const NIP_SIZE: f32 = 7.0;
/// Where the even rows' signing area starts, as a share of the column.
const ZIG: f32 = 0.42;

/// Column widths in mm for a 160 mm table (A4 and F4 share it).
struct Columns {
    no: f32,
    name: f32,
    nip: f32,
    position: f32,
    unit: f32,
    sign: f32,
}

impl Columns {
    fn for_width(w: f32) -> Columns {
        let fixed = 8.0 + 34.0 + 32.0;
        let rest = w - fixed;
        Columns {
            no: 8.0,
            name: rest * 0.4,
            nip: 34.0,
            position: rest * 0.3,
            unit: rest * 0.3,
            sign: 32.0,
        }
    }

    fn xs(&self, left: f32) -> [f32; 7] {
        let mut x = left;
        let mut out = [0.0; 7];
        for (i, w) in [
            self.no,
            self.name,
            self.nip,
            self.position,
            self.unit,
            self.sign,
        ]
        .iter()
        .enumerate()
        {
            out[i] = x;
            x += w;
        }
        out[6] = x;
        out
    }
}

struct Row<'a> {
    no: usize,
    entry: &'a Entry,
    name: Vec<String>,
    nip: Vec<String>,
    position: Vec<String>,
    unit: Vec<String>,
    height: f32,
}

pub fn pages(
    job: &mut Job,
    scope: Scope,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<Page>> {
    let sheet = Sheet::portrait(job.paper);
    let cols = Columns::for_width(sheet.content_width());
    let entries = data::entries(job.conn, job.event.id)?;
    let listed: Vec<&Entry> = entries
        .iter()
        .filter(|e| scope == Scope::Roster || e.attended())
        .collect();
    let font = job.fonts.set;
    let pad = 3.0;
    let rows: Vec<Row> = listed
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let p = &e.person;
            let wrap = |face, size, w: f32, t: &str| {
                super::canvas::wrap(font.data(face), size, w - pad, t)
            };
            let name = wrap(Face::Regular, BODY, cols.name, &p.name);
            let nip = wrap(
                Face::Regular,
                NIP_SIZE,
                cols.nip,
                &data::nip_text(p.nip.as_deref()),
            );
            let position = wrap(Face::Regular, SMALL, cols.position, &p.position);
            let unit = wrap(Face::Regular, SMALL, cols.unit, &p.unit);
            let lines = name
                .len()
                .max(nip.len())
                .max(position.len())
                .max(unit.len());
            let height = (lines as f32 * LEADING + 3.5).max(MIN_ROW);
            Row {
                no: i + 1,
                entry: e,
                name,
                nip,
                position,
                unit,
                height,
            }
        })
        .collect();
    for e in &listed {
        job.check_glyphs("Nama", &e.person.name);
    }

    // Pagination first: every page states its number out of the total.
    let first_top = sheet.top + header_height(job, &sheet);
    let later_top = sheet.top + 10.0;
    let limit = sheet.bottom_edge() - QR - 4.0;
    let mut pages: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    let mut y = first_top + HEADER_ROW;
    for (i, row) in rows.iter().enumerate() {
        if y + row.height > limit && i > start {
            pages.push(start..i);
            start = i;
            y = later_top + HEADER_ROW;
        }
        y += row.height;
    }
    let empty_note = if rows.is_empty() { 12.0 } else { 0.0 };
    pages.push(start..rows.len());
    // The "Mengetahui" block goes under the table, or on a page of its own.
    let needs_own_page = y + empty_note + 6.0 + OFFICIAL_HEIGHT > limit;
    if needs_own_page {
        pages.push(rows.len()..rows.len());
    }
    let total = pages.len();

    let facts: Vec<_> = pages
        .iter()
        .enumerate()
        .map(|(index, range)| {
            data::daftar_hadir_facts(
                &job.event,
                index + 1,
                total,
                scope.as_str(),
                rows[range.clone()]
                    .iter()
                    .map(|r| data::row_facts(r.no, r.entry))
                    .collect(),
            )
        })
        .collect();
    let issued_all = job.issue_all(RecordKind::DaftarHadir, &facts)?;

    let mut out = Vec::with_capacity(total);
    for (index, (range, issued)) in pages.iter().zip(&issued_all).enumerate() {
        let page_rows = &rows[range.clone()];
        let fonts = job.fonts.clone();
        let mut c = Canvas::new(&fonts, sheet.width, sheet.height);
        let mut y = if index == 0 {
            header(&mut c, job, &sheet, scope)
        } else {
            running_header(&mut c, job, &sheet)
        };
        let last = index + 1 == total;
        if !range.is_empty() || index == 0 {
            table_header(&mut c, &sheet, &cols, y);
            y += HEADER_ROW;
        }
        for row in page_rows {
            draw_row(&mut c, job, &sheet, &cols, row, y);
            y += row.height;
        }
        if rows.is_empty() && index == 0 {
            c.gray(0.35);
            c.text(
                Face::Regular,
                9.0,
                sheet.left + sheet.content_width() / 2.0,
                y + 7.0,
                Align::Center,
                match scope {
                    Scope::Attended => "Belum ada peserta yang hadir atau menandatangani.",
                    Scope::Roster => "Belum ada peserta di daftar acara ini.",
                },
            );
            c.gray(0.0);
            y += empty_note;
        }
        if last {
            let x = sheet.left + sheet.content_width() * 0.55;
            parts::official_block(
                &mut c,
                (x, y + 4.0, sheet.right_edge() - x),
                &format!(
                    "{}, {}",
                    job.event.place,
                    indonesian_date::date(job.event.starts_at.date())
                ),
                "Mengetahui,",
                &job.event.official,
                &parts::Seal::default(),
            );
        }
        parts::footer(&mut c, &sheet, Some((index + 1, total)), issued, QR);
        out.push(c.finish());
        progress(index + 1, total);
    }
    Ok(out)
}

fn header_height(job: &Job, sheet: &Sheet) -> f32 {
    job.marks.letterhead_height() + title_height(job, sheet)
}

fn title_height(job: &Job, sheet: &Sheet) -> f32 {
    let title_lines = super::canvas::wrap(
        &job.fonts.set.bold,
        11.0,
        sheet.content_width(),
        &job.event.title,
    )
    .len();
    14.0 + title_lines as f32 * 5.0 + 4.0 * 4.6 + 4.0
}

/// Title and event details on the first page; returns where the table starts.
fn header(c: &mut Canvas, job: &mut Job, sheet: &Sheet, scope: Scope) -> f32 {
    let cx = sheet.left + sheet.content_width() / 2.0;
    parts::letterhead(c, sheet, &job.marks);
    let mut y = sheet.top + job.marks.letterhead_height() + 5.0;
    let title = match scope {
        Scope::Attended => "DAFTAR HADIR",
        Scope::Roster => "DAFTAR HADIR PESERTA",
    };
    c.text(Face::Bold, 13.0, cx, y, Align::Center, title);
    y += 7.0;
    for line in c.wrap(Face::Bold, 11.0, sheet.content_width(), &job.event.title) {
        c.text(Face::Bold, 11.0, cx, y, Align::Center, &line);
        y += 5.0;
    }
    y += 4.0;
    let ev = &job.event;
    let when = format!(
        "{}, pukul {} {}",
        indonesian_date::day_and_date(ev.starts_at.date()),
        indonesian_date::time(ev.starts_at.time()),
        ev.timezone.as_str()
    );
    let details = [
        ("Hari, tanggal", when),
        ("Tempat", ev.place.clone()),
        ("Penyelenggara", ev.organizer.clone()),
        ("Kegiatan", ev.kind.label().to_string()),
    ];
    for (label, value) in details {
        c.text(Face::Regular, 9.0, sheet.left, y, Align::Left, label);
        c.text(Face::Regular, 9.0, sheet.left + 28.0, y, Align::Left, ":");
        let value = c
            .wrap(Face::Regular, 9.0, sheet.content_width() - 31.0, &value)
            .into_iter()
            .next()
            .unwrap_or_default();
        c.text(
            Face::Regular,
            9.0,
            sheet.left + 31.0,
            y,
            Align::Left,
            &value,
        );
        y += 4.6;
    }
    job.check_glyphs("Judul acara", &job.event.title.clone());
    sheet.top + header_height(job, sheet)
}

fn running_header(c: &mut Canvas, job: &Job, sheet: &Sheet) -> f32 {
    c.gray(0.3);
    let title = c.wrap(
        Face::Regular,
        8.0,
        sheet.content_width(),
        &format!("Daftar hadir \u{2014} {}", job.event.title),
    );
    c.text(
        Face::Regular,
        8.0,
        sheet.left,
        sheet.top + 4.0,
        Align::Left,
        title.first().map_or("", String::as_str),
    );
    c.gray(0.0);
    sheet.top + 10.0
}

fn table_header(c: &mut Canvas, sheet: &Sheet, cols: &Columns, y: f32) {
    let xs = cols.xs(sheet.left);
    c.gray(0.88);
    c.rect(
        sheet.left,
        y,
        xs[6] - sheet.left,
        HEADER_ROW,
        PaintMode::Fill,
    );
    c.gray(0.0);
    c.thickness(0.6);
    c.rect(
        sheet.left,
        y,
        xs[6] - sheet.left,
        HEADER_ROW,
        PaintMode::Stroke,
    );
    let labels = ["No", "Nama", "NIP", "Jabatan", "Unit Kerja", "Tanda Tangan"];
    for (i, label) in labels.iter().enumerate() {
        let mid = (xs[i] + xs[i + 1]) / 2.0;
        c.text(Face::Bold, 8.0, mid, y + 5.3, Align::Center, label);
        if i > 0 {
            c.line(xs[i], y, xs[i], y + HEADER_ROW);
        }
    }
}

fn draw_row(c: &mut Canvas, job: &mut Job, sheet: &Sheet, cols: &Columns, row: &Row, y: f32) {
    let xs = cols.xs(sheet.left);
    c.thickness(0.4);
    c.rect(
        sheet.left,
        y,
        xs[6] - sheet.left,
        row.height,
        PaintMode::Stroke,
    );
    for x in &xs[1..6] {
        c.line(*x, y, *x, y + row.height);
    }
    let top = y + 4.2;
    c.text(
        Face::Regular,
        BODY,
        (xs[0] + xs[1]) / 2.0,
        top,
        Align::Center,
        &format!("{}.", row.no),
    );
    let cells = [
        (&row.name, BODY, 1),
        (&row.nip, NIP_SIZE, 2),
        (&row.position, SMALL, 3),
        (&row.unit, SMALL, 4),
    ];
    for (lines, size, col) in cells {
        for (i, line) in lines.iter().enumerate() {
            c.text(
                Face::Regular,
                size,
                xs[col] + 1.5,
                top + i as f32 * LEADING,
                Align::Left,
                line,
            );
        }
    }
    // Zig-zag: odd numbers sign on the left, even on the right, so two
    // neighbouring signatures never share the same spot.
    let split = xs[5] + cols.sign * ZIG;
    let (x, right) = if row.no % 2 == 1 {
        (xs[5], xs[5] + cols.sign * (1.0 - ZIG) + 4.0)
    } else {
        (split, xs[6])
    };
    c.text(
        Face::Regular,
        6.5,
        x + 0.8,
        y + 3.5,
        Align::Left,
        &format!("{}.", row.no),
    );
    let (bx, by, bw, bh) = (x + 4.5, y + 1.2, right - x - 5.5, row.height - 2.4);
    let drawn = super::marks::signature(c, row.entry.strokes.as_deref(), bx, by, bw, bh);
    if !drawn {
        job.unreadable_signature(&row.entry.person.name);
    }
}
