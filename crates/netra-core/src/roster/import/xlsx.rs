//! `.xlsx` rosters through calamine: the first worksheet, cells as text,
//! with numbers flagged so a NIP stored as a number can be reported.
//!
//! A file is only a few megabytes, but what it declares inside can be
//! anything: a part that unzips to gigabytes, a shared-string count that
//! calamine reserves up front, a cell at XFD1048576 that turns a dense
//! range into 17 billion cells. So the parts are measured before calamine
//! opens the book, the shared-string count is read and bounded first, and
//! cells are streamed one by one into sparse rows, each bounded.

use std::io::{Cursor, Read};

use calamine::{open_workbook_from_rs, DataRef, Reader, Xlsx, XlsxError};

use super::table::{Cell, Row};
use crate::error::{Error, Result};

/// All parts of a book together, unzipped. A roster of 100,000 people is
/// well under 100 MB of XML.
pub const MAX_UNZIPPED_BYTES: u64 = 256 * 1024 * 1024;
/// Parts (files) inside the zip; a workbook has tens.
pub const MAX_PARTS: usize = 10_000;
/// Distinct strings the book may declare.
pub const MAX_SHARED_STRINGS: u64 = 2_000_000;
/// Rows and columns a roster may use.
pub const MAX_ROWS: u32 = 200_000;
pub const MAX_COLUMNS: u32 = 200;
/// Non-empty cells read in total.
pub const MAX_CELLS: usize = 4_000_000;

/// Reads the first worksheet of an `.xlsx` file.
pub fn read(bytes: &[u8]) -> Result<Vec<Row>> {
    inspect(bytes)?;
    // calamine 0.38 can panic on a crafted cell reference (`r="flersion"`
    // overflows its column arithmetic; found by fuzzing): a bad file is
    // refused like any other, never taking the app down.
    std::panic::catch_unwind(|| read_book(bytes)).unwrap_or_else(|_| {
        Err(Error::ImportFile(
            "Berkas .xlsx rusak: ada referensi sel yang tidak sah; buka di Excel lalu simpan ulang sebagai .xlsx".into(),
        ))
    })
}

fn read_book(bytes: &[u8]) -> Result<Vec<Row>> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(book_error)?;
    let Some(first) = book.sheet_names().first().cloned() else {
        return Err(Error::ImportFile(
            "Berkas .xlsx tidak berisi lembar kerja".into(),
        ));
    };
    let mut cells = book.worksheet_cells_reader(&first).map_err(book_error)?;
    // Sparse: only rows that hold a cell, in sheet order.
    let mut rows: std::collections::BTreeMap<u32, Vec<Cell>> = Default::default();
    let mut count = 0usize;
    while let Some(c) = cells.next_cell().map_err(book_error)? {
        let value = cell(c.get_value());
        if value.text.is_empty() {
            continue;
        }
        let (r, col) = c.get_position();
        if r >= MAX_ROWS || col >= MAX_COLUMNS {
            return Err(Error::ImportFile(format!(
                "Sel {} berisi data di luar batas daftar peserta (paling banyak {MAX_ROWS} baris dan {MAX_COLUMNS} kolom). \
                 Hapus isi sel itu di Excel, atau salin tabel peserta ke lembar baru, lalu simpan ulang",
                cell_name(r, col)
            )));
        }
        count += 1;
        if count > MAX_CELLS {
            return Err(Error::ImportFile(format!(
                "Lembar kerja berisi lebih dari {MAX_CELLS} sel terisi; bagi daftar peserta menjadi beberapa berkas"
            )));
        }
        let row = rows.entry(r).or_default();
        let col = col as usize;
        if row.len() <= col {
            row.resize(col + 1, Cell::default());
        }
        row[col] = value;
    }
    Ok(rows
        .into_iter()
        .map(|(r, cells)| Row { line: r + 1, cells })
        .collect())
}

/// Measures every part before calamine reads any: the zip's declared sizes
/// are not trusted, each part is unzipped into nothing and counted, with
/// one budget for the whole book. Then the shared-string count the book
/// declares is bounded, since calamine reserves room for it.
fn inspect(bytes: &[u8]) -> Result<()> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        Error::ImportFile(format!(
            "Berkas .xlsx rusak atau bukan berkas Excel ({e}); buka di Excel lalu simpan ulang sebagai .xlsx"
        ))
    })?;
    if zip.len() > MAX_PARTS {
        return Err(Error::ImportFile(format!(
            "Berkas .xlsx berisi {} bagian (paling banyak {MAX_PARTS}); ini bukan buku kerja Excel biasa",
            zip.len()
        )));
    }
    let too_big = || {
        Error::ImportFile(format!(
            "Isi berkas .xlsx terlalu besar setelah dibuka (lebih dari {} MB); simpan hanya lembar daftar peserta di berkas baru",
            MAX_UNZIPPED_BYTES / (1024 * 1024)
        ))
    };
    let mut budget = MAX_UNZIPPED_BYTES;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| {
            Error::ImportFile(format!(
                "Bagian ke-{} berkas .xlsx rusak ({e}); buka di Excel lalu simpan ulang",
                i + 1
            ))
        })?;
        if part.size() > budget {
            return Err(too_big());
        }
        // calamine finds parts by name in any case and with either slash.
        let shared_strings = part.name().is_ok_and(|n| {
            n.to_ascii_lowercase()
                .replace('\\', "/")
                .ends_with("sharedstrings.xml")
        });
        let mut limited = (&mut part).take(budget + 1);
        let (size, declared) = if shared_strings {
            declared_strings(&mut limited)?
        } else {
            (std::io::copy(&mut limited, &mut std::io::sink())?, None)
        };
        if size > budget {
            return Err(too_big());
        }
        budget -= size;
        if let Some(n) = declared.filter(|&n| n > MAX_SHARED_STRINGS) {
            return Err(Error::ImportFile(format!(
                "Berkas .xlsx menyatakan {n} teks berbeda (paling banyak {MAX_SHARED_STRINGS}); berkas ini rusak atau dibuat untuk merusak. Simpan ulang dari Excel"
            )));
        }
    }
    Ok(())
}

/// Reads a shared-strings part to its end, returning its size and the
/// `uniqueCount` of its `<sst>` element as calamine reads it (the same XML
/// reader and settings, so comments or odd spacing hide nothing).
fn declared_strings(part: &mut impl Read) -> Result<(u64, Option<u64>)> {
    let mut counted = Counted {
        inner: part,
        bytes: 0,
    };
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(&mut counted));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    let mut declared = None;
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                let value = e
                    .attributes()
                    .with_checks(false)
                    .flatten()
                    .find(|a| a.key.as_ref() == "uniqueCount")
                    .map(|a| a.value.as_bytes().to_vec());
                declared = value.as_deref().and_then(count_value);
                break;
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    let mut rest = xml.into_inner();
    std::io::copy(&mut rest, &mut std::io::sink())?;
    drop(rest);
    Ok((counted.bytes, declared))
}

/// A count as calamine would take it: digits (an optional sign first);
/// a number too long for `u64` counts as the largest.
fn count_value(raw: &[u8]) -> Option<u64> {
    let digits = raw.strip_prefix(b"+").unwrap_or(raw);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        std::str::from_utf8(digits)
            .ok()
            .and_then(|d| d.parse().ok())
            .unwrap_or(u64::MAX),
    )
}

/// Counts the bytes read through it.
struct Counted<'a, R> {
    inner: &'a mut R,
    bytes: u64,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

/// "XFD1048576" for a zero-based position.
fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
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

fn cell(d: &DataRef<'_>) -> Cell {
    match d {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            Cell::text(s.clone())
        }
        DataRef::SharedString(s) => Cell::text(*s),
        DataRef::Int(i) => Cell {
            text: i.to_string(),
            number: Some(*i as f64),
        },
        DataRef::Float(f) => Cell {
            text: if f.fract() == 0.0 && f.abs() < 1e21 {
                format!("{f:.0}")
            } else {
                f.to_string()
            },
            number: Some(*f),
        },
        DataRef::Bool(b) => Cell::text(if *b { "TRUE" } else { "FALSE" }),
        DataRef::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Cell::text(format!("{y:04}-{m:02}-{d:02}"))
        }
        DataRef::Error(e) => Cell::text(format!("#{e}")),
        DataRef::Empty => Cell::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(9, 25), "Z10");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn the_declared_string_count_is_found_across_chunks() {
        let mut xml = b"<?xml version=\"1.0\"?><!--".to_vec();
        xml.extend(std::iter::repeat_n(b'x', 64 * 1024 - 30));
        xml.extend_from_slice(
            b"--><sst count=\"5\" uniqueCount=\"123456789\"><si><t>a</t></si></sst>",
        );
        let (size, n) = declared_strings(&mut xml.as_slice()).expect("read");
        assert_eq!(size, xml.len() as u64);
        assert_eq!(n, Some(123_456_789));
        let (_, none) = declared_strings(&mut &b"<sst><si><t>a</t></si></sst>"[..]).expect("read");
        assert_eq!(none, None);
        // What the fuzzer found hiding the count: spaces around `=`, single
        // quotes, a decoy in a comment.
        let odd =
            b"<!-- <sst uniqueCount=\"1\"> --><x:sst uniqueCount = '99999999999'><si/></x:sst>";
        let (_, n) = declared_strings(&mut &odd[..]).expect("read");
        assert_eq!(n, Some(99_999_999_999));
        assert_eq!(count_value(b"123456789012345678901234"), Some(u64::MAX));
        assert_eq!(count_value(b" 5"), None);
    }
}
