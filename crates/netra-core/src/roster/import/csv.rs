//! CSV as Excel and LibreOffice save it in Indonesia: `;`, `,` or tab
//! separated (sniffed, or an explicit `sep=;` first line), UTF-8 with or
//! without BOM, else Windows-1252; CRLF; quoted fields with newlines.

use super::table::{Cell, Row};
use crate::error::{Error, Result};

/// Parses CSV bytes into rows. Refuses binary data.
pub fn read(bytes: &[u8]) -> Result<Vec<Row>> {
    // csv counts lines by '\n' only: normalise CRLF, and the lone CR of
    // old Mac Excel ("CSV (Macintosh)"), so every record's line number is
    // the one the organiser sees.
    let text = decode(bytes)?.replace("\r\n", "\n").replace('\r', "\n");
    let (text, explicit) = strip_sep_line(&text);
    let delimiter = explicit.unwrap_or_else(|| sniff(text));
    // `sep=` took one physical line away from the line numbers.
    let offset = u32::from(explicit.is_some());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line() as u32 + offset;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => rows.push(Row {
                line: record.position().map_or(line, |p| p.line() as u32 + offset),
                cells: record.iter().map(Cell::text).collect(),
            }),
            Err(e) => {
                return Err(Error::ImportFile(format!(
                    "Berkas CSV tidak dapat dibaca di baris {line}: {e}"
                )))
            }
        }
    }
    Ok(rows)
}

/// UTF-8 (BOM stripped) when valid, else Windows-1252 (Excel's "CSV" in
/// Indonesian Windows). Binary files are refused.
fn decode(bytes: &[u8]) -> Result<String> {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let controls = sample
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)))
        .count();
    if sample.contains(&0) || controls * 100 > sample.len().max(1) {
        return Err(Error::ImportFile(
            "Berkas ini bukan berkas teks CSV (isinya biner). Simpan daftar dari Excel sebagai .xlsx atau CSV".into(),
        ));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(body);
            Ok(text.into_owned())
        }
    }
}

fn strip_sep_line(text: &str) -> (&str, Option<u8>) {
    let first = text.lines().next().unwrap_or("");
    let lower = first.trim().to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("sep=") {
        if let Some(&d) = rest.as_bytes().first() {
            let body = text.get(first.len()..).unwrap_or("");
            let body = body
                .strip_prefix("\r\n")
                .or_else(|| body.strip_prefix('\n'))
                .unwrap_or(body);
            return (body, Some(d));
        }
    }
    (text, None)
}

/// The delimiter that splits the first lines most consistently.
fn sniff(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let mut best = (b',', 0usize);
    for d in [b';', b',', b'\t'] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| count_outside_quotes(l, d as char))
            .collect();
        let max = counts.iter().copied().max().unwrap_or(0);
        // Prefer the delimiter the header uses most; ties go to ';' (id-ID Excel).
        if max > best.1 {
            best = (d, max);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, d: char) -> usize {
    let mut quoted = false;
    line.chars()
        .filter(|&c| {
            if c == '"' {
                quoted = !quoted;
            }
            c == d && !quoted
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[Row]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
            .collect()
    }

    #[test]
    fn semicolons_with_bom_and_crlf() {
        let rows = read(b"\xEF\xBB\xBFNama;NIP\r\nAhmad;1986\r\n").expect("csv");
        assert_eq!(texts(&rows), [["Nama", "NIP"], ["Ahmad", "1986"]]);
        assert_eq!(rows[1].line, 2);
    }

    #[test]
    fn commas_tabs_and_quoted_newlines_keep_line_numbers() {
        let rows = read(b"Nama,Unit\n\"Siti\nAminah\",Dinas\nBudi,BKPSDM\n").expect("csv");
        assert_eq!(rows[1].cells[0].text, "Siti\nAminah");
        assert_eq!(
            rows[2].line, 4,
            "the row after a two-line field starts on line 4"
        );
        let rows = read(b"Nama\tNIP\nAhmad\t1\n").expect("tsv");
        assert_eq!(texts(&rows)[1], ["Ahmad", "1"]);
    }

    #[test]
    fn an_explicit_sep_line_wins() {
        let rows = read(b"sep=,\nNama;Gelar,NIP\nA;B,1\n").expect("csv");
        assert_eq!(texts(&rows)[0], ["Nama;Gelar", "NIP"]);
        assert_eq!(rows[0].line, 2);
    }

    #[test]
    fn windows_1252_is_decoded() {
        let rows = read(b"Nama;Unit\nTh\xe9resia;Dinas\n").expect("latin-1");
        assert_eq!(rows[1].cells[0].text, "Théresia");
    }

    #[test]
    fn binary_data_is_refused() {
        let err = read(b"PK\x03\x04\x00\x00garbage\x00\x01\x02").expect_err("binary");
        assert!(err.to_string().contains("bukan berkas teks CSV"), "{err}");
    }
}
