//! Files Netra writes for spreadsheets (M14): CSV that Excel opens safely.
//! Every cell that Excel would run as a formula is neutralised.

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::event::Event;
use crate::import::PreviewSummary;
use crate::person::Person;

/// Prefixes a cell that starts with `=`, `+`, `-`, `@`, tab or CR with an
/// apostrophe, so Excel shows it as text instead of running it.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// The import problems as a `;`-separated CSV with a UTF-8 BOM (what Excel
/// in the Indonesian locale opens directly), for fixing the source file.
pub fn issues_csv(summary: &PreviewSummary) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let mut write = |cells: [&str; 4]| {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(cells.iter().map(|c| neutralise(c).into_owned()));
    };
    write(["Baris", "Kolom", "Tingkat", "Masalah"]);
    for i in &summary.issues {
        let line = if i.line == 0 {
            String::new()
        } else {
            i.line.to_string()
        };
        let level = match i.severity {
            crate::import::Severity::Error => "Kesalahan",
            crate::import::Severity::Warning => "Peringatan",
        };
        write([&line, &i.field, level, &i.message]);
    }
    out.extend(w.into_inner().unwrap_or_default());
    out
}

const ATTENDEE_HEADER: [&str; 10] = [
    "No",
    "Nama",
    "NIP",
    "Kategori",
    "Pangkat/Gol",
    "Jabatan",
    "Unit Kerja",
    "No. HP",
    "Status",
    "Waktu Hadir",
];

/// One attendee as the cells of a row (NIP spaced as printed).
fn attendee_cells(n: usize, p: &Person, ev: &Event) -> [String; 10] {
    let nip = p
        .nip
        .as_deref()
        .and_then(|n| crate::nip::Nip::parse(n).ok())
        .map(|n| n.formatted())
        .unwrap_or_default();
    let (status, time) = match p.checked_in_at {
        Some(at) => {
            let local = at.with_timezone(&ev.timezone.offset());
            let status = if p.walk_in {
                "Hadir (tanpa undangan)"
            } else {
                "Hadir"
            };
            (
                status,
                format!(
                    "{} {}",
                    local.format("%d-%m-%Y %H.%M"),
                    ev.timezone.as_str()
                ),
            )
        }
        None => ("Belum hadir", String::new()),
    };
    [
        n.to_string(),
        p.name.clone(),
        nip,
        p.category.label().to_string(),
        p.rank.clone(),
        p.position.clone(),
        p.unit.clone(),
        p.phone.clone(),
        status.to_string(),
        time,
    ]
}

fn roster(conn: &Connection, event_id: i64) -> Result<(Event, Vec<Person>)> {
    Ok((
        crate::event::get(conn, event_id)?,
        crate::person::list(conn, event_id)?,
    ))
}

/// The roster with attendance as `;`-CSV (UTF-8 BOM), formula-safe.
pub fn attendees_csv(conn: &Connection, event_id: i64) -> Result<Vec<u8>> {
    let (ev, people) = roster(conn, event_id)?;
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let io = |e: csv::Error| Error::Io(std::io::Error::other(e));
    w.write_record(ATTENDEE_HEADER).map_err(io)?;
    for (i, p) in people.iter().enumerate() {
        let cells = attendee_cells(i + 1, p, &ev);
        w.write_record(cells.iter().map(|c| neutralise(c).into_owned()))
            .map_err(io)?;
    }
    w.into_inner().map_err(|e| Error::Io(e.into_error()))
}

/// The roster with attendance as `.xlsx`: NIP as text (all 18 digits kept),
/// every cell a string so nothing is evaluated, a frozen header row.
pub fn attendees_xlsx(conn: &Connection, event_id: i64) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let (ev, people) = roster(conn, event_id)?;
    let xl = |e: rust_xlsxwriter::XlsxError| Error::Io(std::io::Error::other(e));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Daftar Hadir").map_err(xl)?;
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    for (c, h) in ATTENDEE_HEADER.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(xl)?;
    }
    for (i, p) in people.iter().enumerate() {
        let row = i as u32 + 1;
        for (c, value) in attendee_cells(i + 1, p, &ev).iter().enumerate() {
            sheet
                .write_string_with_format(row, c as u16, neutralise(value), &text)
                .map_err(xl)?;
        }
    }
    for (c, width) in [5, 36, 24, 16, 20, 30, 30, 16, 20, 20].iter().enumerate() {
        sheet.set_column_width(c as u16, *width).map_err(xl)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xl)?;
    book.save_to_buffer().map_err(xl)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_neutralised_and_others_kept() {
        for bad in [
            "=HYPERLINK(\"x\")",
            "+62812",
            "-1",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(neutralise("Ahmad"), "Ahmad");
        assert_eq!(neutralise(""), "");
    }
}
