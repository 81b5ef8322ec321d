//! Roster import: an Excel or CSV invitee list becomes people on an
//! event's roster. Two steps, as the organiser sees them: [`preview`] reads
//! and checks every row and says what is wrong per row ("baris 17: NIP harus
//! 18 digit (ditemukan 17)"); [`commit`] writes all valid rows in one
//! transaction, updating people already on the roster instead of
//! duplicating them.

mod csv;
mod header;
mod pending;
mod table;
mod xlsx;

pub use pending::{Pending, MAX_PENDING, PREVIEW_TTL_MINUTES};

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use header::Column;
use table::Row;

use crate::audit::{self, Actor};
use crate::db;
use crate::error::FieldError;
use crate::error::{Error, Result};
use crate::roster::person::NewPerson;
use crate::roster::{self, PersonForm};

/// Files above this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// How bad a row problem is: errors keep the row out, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RowIssue {
    /// Line in the spreadsheet (as Excel numbers it); 0 for the whole file.
    pub line: u32,
    /// `name`, `nip`, `category`, ... or `file`.
    pub field: String,
    pub severity: Severity,
    pub message: String,
}

impl std::fmt::Display for RowIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(f, "baris {}: {}", self.line, self.message)
        }
    }
}

/// What the preview screen and `netra roster import` show before commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PreviewSummary {
    pub file_name: String,
    /// Line of the detected header row.
    pub header_line: u32,
    /// Headers recognised, as "Header → kolom".
    pub columns: Vec<String>,
    /// Headers kept aside (not imported), reported to the organiser.
    pub unknown_columns: Vec<String>,
    /// Data rows read (blank lines not counted).
    pub rows: u32,
    /// Rows that will be imported (including those with warnings).
    pub valid: u32,
    /// Valid rows that carry at least one warning.
    pub with_warnings: u32,
    /// Rows left out because of an error.
    pub with_errors: u32,
    /// Every problem, in file order.
    pub issues: Vec<RowIssue>,
}

/// A checked file: the summary plus the people ready to commit.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub summary: PreviewSummary,
    /// Valid rows with their line numbers.
    pub people: Vec<(u32, NewPerson)>,
}

/// A preview waiting for the organiser's decision in the desktop app; the
/// people stay in the app's memory, the UI gets this and a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PendingImport {
    pub token: u32,
    pub event_id: i64,
    pub summary: PreviewSummary,
}

/// What a commit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CommitResult {
    pub inserted: u32,
    pub updated: u32,
}

/// Refuses a roster file of `size` bytes before it is read: the app asks
/// with the size the window reports, so a huge file is never loaded.
pub fn check_size(size: u64) -> Result<()> {
    if size > MAX_FILE_BYTES {
        return Err(Error::FileTooLarge {
            size_mb: size.div_ceil(1024 * 1024),
            limit_mb: MAX_FILE_BYTES / (1024 * 1024),
        });
    }
    Ok(())
}

/// Reads and checks a roster file; nothing is written.
pub fn preview_file(path: &Path, event_date: NaiveDate) -> Result<Preview> {
    let size = std::fs::metadata(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                Error::ImportFile(format!("Berkas {} tidak ditemukan", path.display()))
            }
            _ => Error::Io(e),
        })?
        .len();
    check_size(size)?;
    let bytes = std::fs::read(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    preview_bytes(&name, &bytes, event_date)
}

/// Checks a roster sent for an event (the app's drop or file picker): NIPs
/// are judged at the event's date, as every import judges them.
pub fn preview_for_event(
    conn: &Connection,
    event_id: i64,
    file_name: &str,
    bytes: &[u8],
) -> Result<Preview> {
    let event = crate::db::events::get(conn, event_id)?;
    preview_bytes(file_name, bytes, event.starts_at.date())
}

/// Checks a roster file on disk for an event (`netra roster import`).
pub fn preview_file_for_event(conn: &Connection, event_id: i64, path: &Path) -> Result<Preview> {
    let event = crate::db::events::get(conn, event_id)?;
    preview_file(path, event.starts_at.date())
}

/// Checks a roster already in memory (drag-and-drop, tests, benches).
pub fn preview_bytes(file_name: &str, bytes: &[u8], event_date: NaiveDate) -> Result<Preview> {
    check_size(bytes.len() as u64)?;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::ImportFile(
            "Berkas kosong; tidak ada yang diimpor".into(),
        ));
    }
    let rows = read_rows(file_name, bytes)?;
    check_rows(file_name, &rows, event_date)
}

fn read_rows(file_name: &str, bytes: &[u8]) -> Result<Vec<Row>> {
    let lower = file_name.to_lowercase();
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Error::ImportFile(
            "Berkas ini format Excel lama (.xls) atau .xlsx yang dilindungi kata sandi; buka di Excel, hapus kata sandi bila ada, lalu simpan sebagai .xlsx (Excel Workbook)".into(),
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return xlsx::read(bytes);
    }
    if lower.ends_with(".xlsx") || lower.ends_with(".xls") || lower.ends_with(".xlsm") {
        return Err(Error::ImportFile(format!(
            "Berkas {file_name} bukan berkas Excel .xlsx yang sah; simpan ulang dari Excel sebagai .xlsx"
        )));
    }
    csv::read(bytes)
}

fn check_rows(file_name: &str, rows: &[Row], event_date: NaiveDate) -> Result<Preview> {
    let (header_idx, mapping) = header::detect(rows)?;
    let header_row = &rows[header_idx];
    let mut summary = PreviewSummary {
        file_name: file_name.to_string(),
        header_line: header_row.line,
        columns: mapping.recognised(header_row),
        unknown_columns: mapping.unknown(header_row),
        rows: 0,
        valid: 0,
        with_warnings: 0,
        with_errors: 0,
        issues: Vec::new(),
    };
    for note in mapping.notes(header_row) {
        summary.issues.push(RowIssue {
            line: header_row.line,
            field: "file".into(),
            severity: Severity::Warning,
            message: note,
        });
    }
    let mut people = Vec::new();
    let mut seen_nip: HashMap<String, u32> = HashMap::new();
    let mut seen_name: HashMap<String, u32> = HashMap::new();
    for row in rows[header_idx + 1..].iter().filter(|r| !r.is_blank()) {
        summary.rows += 1;
        let mut issues = Vec::new();
        let person = check_row(row, &mapping, event_date, &mut issues);
        if let Some(p) = &person {
            if let Some(nip) = &p.nip {
                if let Some(first) = seen_nip.get(nip) {
                    issues.push(issue(
                        row.line,
                        "nip",
                        Severity::Error,
                        format!("NIP {nip} sama dengan baris {first}"),
                    ));
                }
            } else {
                let key = crate::roster::names::name_key(&p.name);
                if let Some(first) = seen_name.get(&key) {
                    issues.push(issue(
                        row.line,
                        "name",
                        Severity::Warning,
                        format!("nama sama dengan baris {first} dan tanpa NIP; keduanya akan menjadi satu orang"),
                    ));
                }
            }
        }
        let has_error = issues.iter().any(|i| i.severity == Severity::Error);
        match person {
            Some(p) if !has_error => {
                if let Some(nip) = &p.nip {
                    seen_nip.entry(nip.clone()).or_insert(row.line);
                } else {
                    seen_name
                        .entry(crate::roster::names::name_key(&p.name))
                        .or_insert(row.line);
                }
                summary.valid += 1;
                if !issues.is_empty() {
                    summary.with_warnings += 1;
                }
                people.push((row.line, p));
            }
            _ => summary.with_errors += 1,
        }
        summary.issues.extend(issues);
    }
    if summary.rows == 0 {
        return Err(Error::ImportFile(format!(
            "Berkas hanya berisi baris judul (baris {}); tidak ada data peserta",
            header_row.line
        )));
    }
    Ok(Preview { summary, people })
}

fn issue(line: u32, field: &str, severity: Severity, message: String) -> RowIssue {
    RowIssue {
        line,
        field: field.into(),
        severity,
        message,
    }
}

fn check_row(
    row: &Row,
    mapping: &header::Mapping,
    event_date: NaiveDate,
    issues: &mut Vec<RowIssue>,
) -> Option<NewPerson> {
    let line = row.line;
    let text = |c: Column| {
        mapping
            .cell(row, c)
            .map(|c| c.text.clone())
            .unwrap_or_default()
    };
    // A NIP Excel stored as a number has lost digits before we see it.
    if let Some(cell) = mapping.cell(row, Column::Nip) {
        let raw = cell.text.trim();
        let scientific = raw.contains(['E', 'e'])
            && raw.contains('+')
            && raw.chars().any(|c| c.is_ascii_digit());
        if cell.number.is_some() || scientific {
            issues.push(issue(
                line,
                "nip",
                Severity::Error,
                format!("NIP tersimpan sebagai angka ({raw}); Excel hanya menyimpan 15 digit sehingga digit terakhir hilang. Format kolom NIP sebagai Teks lalu ketik ulang NIP"),
            ));
            return None;
        }
    }
    let form = PersonForm {
        name: text(Column::Name),
        nip: text(Column::Nip),
        category: text(Column::Category),
        rank: text(Column::Rank),
        position: text(Column::Position),
        unit: text(Column::Unit),
        phone: text(Column::Phone),
    };
    let to_issue = |severity| move |f: FieldError| issue(line, &f.field, severity, f.message);
    match roster::validate(&form, event_date) {
        Ok((person, warnings)) => {
            issues.extend(warnings.into_iter().map(to_issue(Severity::Warning)));
            Some(person)
        }
        Err(errors) => {
            issues.extend(errors.into_iter().map(to_issue(Severity::Error)));
            None
        }
    }
}

/// Writes every valid row of `preview` to the event's roster in one
/// transaction: people matched by NIP (or by name when they have none) are
/// updated, the others added. All or nothing.
pub fn commit(
    conn: &mut Connection,
    event_id: i64,
    preview: &Preview,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<CommitResult> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    db::events::get_open(&tx, event_id)?;
    let mut result = CommitResult {
        inserted: 0,
        updated: 0,
    };
    let rev = db::people::bump_rev(&tx, event_id)?;
    for (_, person) in &preview.people {
        match db::people::find_match(&tx, event_id, person)? {
            Some(id) => {
                db::people::update(&tx, id, person, rev, now)?;
                result.updated += 1;
            }
            None => {
                db::people::insert_at(&tx, event_id, std::slice::from_ref(person), rev, now)?;
                result.inserted += 1;
            }
        }
    }
    audit::append(
        &tx,
        now,
        actor,
        "roster.import",
        "event",
        Some(event_id),
        &serde_json::json!({
            "file": preview.summary.file_name,
            "inserted": result.inserted,
            "updated": result.updated,
            "rows_with_errors": preview.summary.with_errors,
        }),
    )?;
    tx.commit()?;
    Ok(result)
}
