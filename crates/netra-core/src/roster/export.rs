//! Spreadsheets Netra writes: the attendee list and the import problem
//! report, as XLSX or as CSV that Excel opens safely.
//! In CSV every cell that Excel would run as a formula is neutralised with
//! a leading apostrophe. In XLSX a string cell never runs, so the exact
//! value is written; a formula-like one gets the quote-prefix format, which
//! is what Excel itself stores when a user types a leading apostrophe.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use std::path::Path;

use crate::error::{Error, Result};
use crate::event::Event;
use crate::files;
use crate::roster::import::PreviewSummary;
use crate::roster::person::Person;

/// Whether a spreadsheet would take the cell for a formula.
pub fn looks_like_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Prefixes a cell that starts with `=`, `+`, `-`, `@`, tab or CR with an
/// apostrophe, so Excel shows it as text instead of running it.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match looks_like_formula(cell) {
        true => format!("'{cell}").into(),
        false => cell.into(),
    }
}

/// The two spreadsheet formats Netra writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SheetFormat {
    Xlsx,
    Csv,
}

impl SheetFormat {
    /// From a file name's extension, as the CLI's `-o` gives it.
    pub fn from_path(path: &Path) -> Result<SheetFormat> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("xlsx") => Ok(SheetFormat::Xlsx),
            Some("csv") => Ok(SheetFormat::Csv),
            _ => Err(Error::field(
                "output",
                "nama berkas keluaran harus berakhiran .xlsx atau .csv",
            )),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            SheetFormat::Xlsx => "xlsx",
            SheetFormat::Csv => "csv",
        }
    }

    /// What a save dialog calls the file type.
    pub fn label(self) -> &'static str {
        match self {
            SheetFormat::Xlsx => "Buku kerja Excel",
            SheetFormat::Csv => "CSV (dipisah titik koma)",
        }
    }
}

/// A file name for an event's export, safe on Windows and Linux:
/// "Daftar hadir - Deklarasi Netralitas ASN.xlsx".
pub fn file_name(what: &str, ev: &Event, format: SheetFormat) -> String {
    files::for_event(what, &ev.title, format.extension())
}

/// The attendee list's file name for the event `event_id`.
pub fn attendees_file_name(
    conn: &Connection,
    event_id: i64,
    format: SheetFormat,
) -> Result<String> {
    let event = crate::db::events::get(conn, event_id)?;
    Ok(file_name("Daftar hadir", &event, format))
}

/// Where the problems of an import are saved: "Masalah impor - <berkas>.xlsx".
pub fn issues_file_name(summary: &PreviewSummary, format: SheetFormat) -> String {
    files::import_report(&summary.file_name, format.extension())
}

/// Writes `value` exactly as a string cell: in `plain`, or in `quoted` (the
/// same with Excel's quote prefix) when a spreadsheet would take it for a
/// formula.
fn write_text(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    value: &str,
    plain: &rust_xlsxwriter::Format,
    quoted: &rust_xlsxwriter::Format,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let format = if looks_like_formula(value) {
        quoted
    } else {
        plain
    };
    sheet.write_string_with_format(row, col, value, format)?;
    Ok(())
}

/// The attendees of an event in `format`.
pub fn attendees(conn: &Connection, event_id: i64, format: SheetFormat) -> Result<Vec<u8>> {
    match format {
        SheetFormat::Xlsx => attendees_xlsx(conn, event_id),
        SheetFormat::Csv => attendees_csv(conn, event_id),
    }
}

/// An import's problems in `format`, for fixing the source file.
pub fn issues(summary: &PreviewSummary, format: SheetFormat) -> Result<Vec<u8>> {
    match format {
        SheetFormat::Xlsx => issues_xlsx(summary),
        SheetFormat::Csv => Ok(issues_csv(summary)),
    }
}

const ISSUE_HEADER: [&str; 4] = ["Baris", "Kolom", "Tingkat", "Masalah"];

/// One import problem as the cells of a row.
fn issue_cells(i: &crate::roster::import::RowIssue) -> [String; 4] {
    let line = if i.line == 0 {
        String::new()
    } else {
        i.line.to_string()
    };
    let level = match i.severity {
        crate::roster::import::Severity::Error => "Kesalahan",
        crate::roster::import::Severity::Warning => "Peringatan",
    };
    [line, i.field.clone(), level.into(), i.message.clone()]
}

/// The import problems as `.xlsx`, line numbers as numbers (sortable).
pub fn issues_xlsx(summary: &PreviewSummary) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let xl = |e: rust_xlsxwriter::XlsxError| Error::Io(std::io::Error::other(e));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Masalah impor").map_err(xl)?;
    let bold = Format::new().set_bold();
    let plain = Format::new();
    let quoted = Format::new().set_quote_prefix();
    for (c, h) in ISSUE_HEADER.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(xl)?;
    }
    for (r, issue) in summary.issues.iter().enumerate() {
        let row = r as u32 + 1;
        if issue.line > 0 {
            sheet.write_number(row, 0, issue.line as f64).map_err(xl)?;
        }
        for (c, value) in issue_cells(issue).iter().enumerate().skip(1) {
            write_text(sheet, row, c as u16, value, &plain, &quoted).map_err(xl)?;
        }
    }
    for (c, width) in [8, 16, 12, 80].iter().enumerate() {
        sheet.set_column_width(c as u16, *width).map_err(xl)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xl)?;
    book.save_to_buffer().map_err(xl)
}

/// The import problems as a `;`-separated CSV with a UTF-8 BOM (what Excel
/// in the Indonesian locale opens directly), for fixing the source file.
pub fn issues_csv(summary: &PreviewSummary) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let mut write = |cells: &[String]| {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(cells.iter().map(|c| neutralise(c).into_owned()));
    };
    write(&ISSUE_HEADER.map(String::from));
    for i in &summary.issues {
        write(&issue_cells(i));
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
        .and_then(|n| crate::roster::nip::Nip::parse(n).ok())
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
        crate::roster::list(conn, event_id)?,
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
    let quoted = Format::new().set_num_format("@").set_quote_prefix();
    for (c, h) in ATTENDEE_HEADER.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(xl)?;
    }
    for (i, p) in people.iter().enumerate() {
        let row = i as u32 + 1;
        for (c, value) in attendee_cells(i + 1, p, &ev).iter().enumerate() {
            write_text(sheet, row, c as u16, value, &text, &quoted).map_err(xl)?;
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
