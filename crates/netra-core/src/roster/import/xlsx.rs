//! `.xlsx` rosters through calamine: the first worksheet, cells as text,
//! with numbers flagged so a NIP stored as a number can be reported.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx, XlsxError};

use super::table::{Cell, Row};
use crate::error::{Error, Result};

/// Reads the first worksheet of an `.xlsx` file.
pub fn read(bytes: &[u8]) -> Result<Vec<Row>> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(book_error)?;
    let range = match book.worksheet_range_at(0) {
        Some(Ok(r)) => r,
        Some(Err(e)) => return Err(book_error(e)),
        None => {
            return Err(Error::ImportFile(
                "Berkas .xlsx tidak berisi lembar kerja".into(),
            ))
        }
    };
    let first_row = range.start().map(|(r, _)| r).unwrap_or(0);
    let first_col = range.start().map(|(_, c)| c).unwrap_or(0) as usize;
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            // Columns left of the used range are empty; keep positions stable.
            let mut row = vec![Cell::default(); first_col];
            row.extend(cells.iter().map(cell));
            Row {
                line: first_row + i as u32 + 1,
                cells: row,
            }
        })
        .collect())
}

fn book_error(e: XlsxError) -> Error {
    match e {
        XlsxError::Password => Error::ImportFile(
            "Berkas .xlsx dilindungi kata sandi; buka di Excel, hapus kata sandinya, lalu simpan ulang".into(),
        ),
        other => Error::ImportFile(format!(
            "Berkas .xlsx rusak atau tidak dapat dibaca ({other}); buka di Excel lalu simpan ulang sebagai .xlsx"
        )),
    }
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::String(s) => Cell::text(s.clone()),
        Data::Int(i) => Cell {
            text: i.to_string(),
            number: Some(*i as f64),
        },
        Data::Float(f) => Cell {
            text: if f.fract() == 0.0 && f.abs() < 1e21 {
                format!("{f:.0}")
            } else {
                f.to_string()
            },
            number: Some(*f),
        },
        Data::Bool(b) => Cell::text(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Cell::text(format!("{y:04}-{m:02}-{d:02}"))
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::text(s.clone()),
        Data::Error(e) => Cell::text(format!("#{e}")),
        Data::Empty => Cell::default(),
    }
}
