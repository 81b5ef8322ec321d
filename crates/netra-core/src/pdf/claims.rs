//! What a QR code says about its paper, signed, so a verifier can compare
//! it with what the paper shows: a genuine code copied onto a certificate
//! made out to someone else then names the real person, not the forged one.
//!
//! The text is short (it is printed inside the code) and plain:
//! `<kind letter>|<field>|<field>|<event title>|<event date>`, fields with
//! no `|` in them. Kind letters: `P` surat pernyataan (name, NIP), `S`
//! sertifikat (name, NIP), `H` daftar hadir (page "2/5", names on the
//! page), `B` berita acara (attended, signed).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::register::RecordKind;
use crate::event::Event;

/// Longest title or name kept in a code; longer ones end in "...". Keeps a
/// code at version 11 or below (61 modules) for every kind.
pub const MAX_TEXT: usize = 48;

/// One thing the paper must show, for people to compare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Claim {
    /// "Nama", "NIP", "Acara", "Tanggal acara", …
    pub label: String,
    pub value: String,
}

/// The claims text of a record with `facts` of `kind`, printed for `event`.
pub fn text(kind: RecordKind, event: &Event, facts: &Value) -> String {
    let date = event.starts_at.date().format("%Y-%m-%d").to_string();
    let title = short(&event.title);
    let str_at = |path: &[&str]| {
        let mut v = facts;
        for p in path {
            v = &v[*p];
        }
        v.as_str().unwrap_or_default().to_string()
    };
    let (letter, a, b) = match kind {
        RecordKind::Pernyataan => (
            'P',
            short(&str_at(&["person", "name"])),
            str_at(&["person", "nip"]),
        ),
        RecordKind::Sertifikat => (
            'S',
            short(&str_at(&["person", "name"])),
            str_at(&["person", "nip"]),
        ),
        RecordKind::DaftarHadir => (
            'H',
            format!(
                "{}/{}",
                facts["page"].as_u64().unwrap_or(0),
                facts["pages"].as_u64().unwrap_or(0)
            ),
            facts["rows"]
                .as_array()
                .map_or(0, |r| r.iter().filter(|row| !row["name"].is_null()).count())
                .to_string(),
        ),
        RecordKind::BeritaAcara => (
            'B',
            facts["counts"]["attended"]
                .as_u64()
                .unwrap_or(0)
                .to_string(),
            facts["counts"]["signed"].as_u64().unwrap_or(0).to_string(),
        ),
    };
    [letter.to_string(), a, b, title, date]
        .iter()
        .map(|f| f.replace('|', "/"))
        .collect::<Vec<_>>()
        .join("|")
}

/// A text cut to [`MAX_TEXT`] characters, without control characters.
fn short(text: &str) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() <= MAX_TEXT {
        return clean;
    }
    // Three dots rather than "…": an all-ASCII code needs no charset
    // designator, and most Indonesian names are ASCII.
    let cut: String = clean.chars().take(MAX_TEXT - 3).collect();
    format!("{}...", cut.trim_end())
}

/// The kind a claims text names.
pub fn kind(text: &str) -> Option<RecordKind> {
    match text.split('|').next()? {
        "P" => Some(RecordKind::Pernyataan),
        "S" => Some(RecordKind::Sertifikat),
        "H" => Some(RecordKind::DaftarHadir),
        "B" => Some(RecordKind::BeritaAcara),
        _ => None,
    }
}

/// The claims as people read them, in the order a paper shows them.
/// `None` when the text is not claims of a known kind.
pub fn read(text: &str) -> Option<Vec<Claim>> {
    let parts: Vec<&str> = text.split('|').collect();
    let [_, a, b, title, date] = parts[..] else {
        return None;
    };
    let kind = kind(text)?;
    let claim = |label: &str, value: String| Claim {
        label: label.into(),
        value,
    };
    let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map(crate::indonesian_date::day_and_date)
        .unwrap_or_else(|_| date.to_string());
    let mut out = vec![claim("Jenis", kind.label().into())];
    match kind {
        RecordKind::Pernyataan | RecordKind::Sertifikat => {
            out.push(claim("Nama", a.into()));
            out.push(claim(
                "NIP",
                if b.is_empty() {
                    "tanpa NIP".into()
                } else {
                    spaced_nip(b)
                },
            ));
        }
        RecordKind::DaftarHadir => {
            let (page, pages) = a.split_once('/').unwrap_or((a, "?"));
            out.push(claim("Halaman", format!("{page} dari {pages}")));
            out.push(claim("Nama di halaman ini", b.into()));
        }
        RecordKind::BeritaAcara => {
            out.push(claim("Hadir", format!("{a} orang")));
            out.push(claim("Menandatangani", format!("{b} orang")));
        }
    }
    out.push(claim("Acara", title.into()));
    out.push(claim("Tanggal acara", day));
    Some(out)
}

/// "199001152022212003" → "19900115 202221 2 003", as NIPs are printed.
fn spaced_nip(nip: &str) -> String {
    if nip.len() == 18 && nip.bytes().all(|b| b.is_ascii_digit()) {
        format!(
            "{} {} {} {}",
            &nip[..8],
            &nip[8..14],
            &nip[14..15],
            &nip[15..]
        )
    } else {
        nip.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_read_back_in_words() {
        let text = "S|Hj. Siti Aminah, S.Pd.|199001152022212003|Sosialisasi Netralitas|2026-12-10";
        let claims = read(text).expect("claims");
        let get = |l: &str| {
            claims
                .iter()
                .find(|c| c.label == l)
                .map(|c| c.value.clone())
                .expect(l)
        };
        assert_eq!(get("Jenis"), "Sertifikat");
        assert_eq!(get("Nama"), "Hj. Siti Aminah, S.Pd.");
        assert_eq!(get("NIP"), "19900115 202221 2 003");
        assert_eq!(get("Tanggal acara"), "Kamis, 10 Desember 2026");
        assert!(read("X|a|b|c|d").is_none());
        assert!(read("S|a|b").is_none());
    }

    #[test]
    fn long_texts_are_cut_and_separators_replaced() {
        let long = "Nama Yang Sangat Panjang Sekali Melebihi Batas Yang Ditentukan Untuk Kode";
        let cut = short(long);
        assert!(cut.chars().count() <= MAX_TEXT, "{cut}");
        assert!(cut.ends_with("..."));
        assert_eq!(short("A\u{7}B"), "AB");
    }
}
