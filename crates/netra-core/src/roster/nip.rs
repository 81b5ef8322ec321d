//! NIP (PNS) and NI PPPK: 18-digit identity numbers of civil servants.
//!
//! Digits 1-8 are the birth date (YYYYMMDD), 9-14 the first appointment
//! (YYYYMM for PNS; YYYY + a non-month code for PPPK), 15 the sex (1/2),
//! 16-18 a serial. This module normalises what people type ("19860926
//! 201505 1 001", dots, a leading apostrophe from Excel) and checks the hard
//! rules; the roster import builds its warnings on top of [`Nip::parse`].

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Digits per group when a NIP is shown: birth date, appointment year and
/// month, sex, serial number.
pub const GROUPS: [usize; 4] = [8, 6, 1, 3];

/// What kind of civil servant a valid number belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NipKind {
    Pns,
    Pppk,
}

/// A structurally valid 18-digit NIP / NI PPPK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nip {
    digits: String,
    pub birth_date: NaiveDate,
    pub appointment_year: i32,
    pub kind: NipKind,
    pub male: bool,
}

impl Nip {
    /// Normalises and checks a NIP. The error is an Indonesian sentence.
    pub fn parse(input: &str) -> Result<Nip, String> {
        let digits = normalise(input);
        if digits.is_empty() {
            return Err("NIP kosong".into());
        }
        if let Some(c) = digits.chars().find(|c| !c.is_ascii_digit()) {
            return Err(format!("NIP hanya boleh berisi angka (ditemukan '{c}')"));
        }
        if digits.len() != 18 {
            return Err(format!(
                "NIP harus 18 digit (ditemukan {})",
                digits.chars().count()
            ));
        }
        let num = |range: std::ops::Range<usize>| -> u32 {
            // Safe: every char was checked to be an ASCII digit above.
            digits[range].parse().unwrap_or(0)
        };
        let birth_date = NaiveDate::from_ymd_opt(num(0..4) as i32, num(4..6), num(6..8))
            .ok_or_else(|| {
                format!(
                    "8 digit pertama NIP ({}) bukan tanggal lahir yang ada",
                    &digits[0..8]
                )
            })?;
        let appointment_year = num(8..12) as i32;
        let code = num(12..14);
        let kind = if (1..=12).contains(&code) {
            NipKind::Pns
        } else {
            NipKind::Pppk
        };
        if appointment_year < birth_date.year() + 15 {
            return Err(format!(
                "tahun pengangkatan {appointment_year} terlalu dekat dengan tahun lahir {}",
                birth_date.year()
            ));
        }
        let male = match &digits[14..15] {
            "1" => true,
            "2" => false,
            other => {
                return Err(format!(
                    "digit ke-15 NIP (jenis kelamin) harus 1 atau 2, bukan {other}"
                ))
            }
        };
        if num(15..18) == 0 {
            return Err("nomor urut NIP (3 digit terakhir) tidak boleh 000".into());
        }
        Ok(Nip {
            digits,
            birth_date,
            appointment_year,
            kind,
            male,
        })
    }

    /// The 18 digits without separators.
    pub fn as_str(&self) -> &str {
        &self.digits
    }

    /// The way NIPs are printed: "19860926 201505 1 001".
    pub fn formatted(&self) -> String {
        let mut out = String::with_capacity(21);
        let mut at = 0;
        for len in GROUPS {
            if at > 0 {
                out.push(' ');
            }
            out.push_str(&self.digits[at..at + len]);
            at += len;
        }
        out
    }
}
/// A NIP checked against the event date: the hard error, or the parsed
/// number with the soft anomalies that never block an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub nip: Nip,
    /// Indonesian sentences, e.g. an age outside 17-70.
    pub warnings: Vec<String>,
}

/// Full check: structure via [`Nip::parse`], then plausibility at
/// `event_date`. Hard problems are `Err`; oddities a real NIP can have
/// (old staff, a data-entry slip in the month) are warnings.
pub fn check(input: &str, event_date: NaiveDate) -> Result<Checked, String> {
    let nip = Nip::parse(input)?;
    let mut warnings = Vec::new();
    let age = years_between(nip.birth_date, event_date);
    if nip.birth_date > event_date {
        return Err(format!(
            "tanggal lahir pada NIP ({}) sesudah tanggal acara",
            nip.birth_date.format("%d-%m-%Y")
        ));
    }
    if !(17..=70).contains(&age) {
        warnings.push(format!(
            "umur menurut NIP {age} tahun pada tanggal acara (lazimnya 17-70); periksa NIP"
        ));
    }
    let digits = nip.as_str();
    if nip.appointment_year > event_date.year() {
        return Err(format!(
            "tahun pengangkatan {} pada NIP belum terjadi",
            nip.appointment_year
        ));
    }
    if nip.kind == NipKind::Pns {
        let month: u32 = digits[12..14].parse().unwrap_or(0);
        if nip.appointment_year == event_date.year() && month > event_date.month() {
            return Err(format!(
                "TMT {month:02}/{} pada NIP belum terjadi",
                nip.appointment_year
            ));
        }
    }
    let age_at_appointment = nip.appointment_year - nip.birth_date.year();
    if age_at_appointment < 17 {
        warnings.push(format!(
            "diangkat pada umur {age_at_appointment} tahun menurut NIP; periksa NIP"
        ));
    }
    Ok(Checked { nip, warnings })
}

fn years_between(from: NaiveDate, to: NaiveDate) -> i32 {
    let mut years = to.year() - from.year();
    if (to.month(), to.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    years
}

/// Removes what people and spreadsheets put around the digits.
pub fn normalise(input: &str) -> String {
    input
        .trim()
        .trim_start_matches('\'')
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '\u{a0}'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event_day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, 9).expect("valid date")
    }

    #[test]
    fn check_table() {
        // (case, input, Ok(number of warnings) or Err(substring of the message))
        let cases: &[(&str, &str, Result<usize, &str>)] = &[
            ("pns with spaces", "19860926 201505 1 001", Ok(0)),
            ("pppk", "199001152022212003", Ok(0)),
            ("dots", "19860926.201505.1.001", Ok(0)),
            (
                "17 digits",
                "19860926201505100",
                Err("18 digit (ditemukan 17)"),
            ),
            (
                "19 digits",
                "1986092620150510011",
                Err("18 digit (ditemukan 19)"),
            ),
            ("letters", "19860926201505100A", Err("angka")),
            ("month 13", "199913312015051001", Err("tanggal lahir")),
            ("sex digit 0", "198609262015050001", Err("digit ke-15")),
            ("serial 000", "198609262015051000", Err("000")),
            (
                "appointed in the future",
                "199001012030011001",
                Err("belum terjadi"),
            ),
            (
                "tmt month later this year",
                "199001012024061001",
                Err("belum terjadi"),
            ),
            (
                "born after the event",
                "202501012045011001",
                Err("sesudah tanggal acara"),
            ),
            ("appointed at 15", "199001012005011001", Ok(1)),
            (
                "appointed as a child",
                "199001012000011001",
                Err("terlalu dekat"),
            ),
            ("over 70", "194001011965031001", Ok(1)),
        ];
        for (name, input, want) in cases {
            let got = check(input, event_day());
            match (want, &got) {
                (Ok(n), Ok(c)) => assert_eq!(c.warnings.len(), *n, "{name}: {:?}", c.warnings),
                (Err(part), Err(msg)) => assert!(msg.contains(part), "{name}: {msg}"),
                _ => panic!("{name}: expected {want:?}, got {got:?}"),
            }
        }
    }

    #[test]
    fn a_pns_nip_with_spaces_is_accepted_and_classified() {
        let nip = Nip::parse("19860926 201505 1 001").expect("valid NIP");
        assert_eq!(nip.as_str(), "198609262015051001");
        assert_eq!(nip.kind, NipKind::Pns);
        assert!(nip.male);
        assert_eq!(nip.formatted(), "19860926 201505 1 001");
    }

    #[test]
    fn a_pppk_number_has_a_code_that_is_not_a_month() {
        let nip = Nip::parse("199001152022212003").expect("valid NI PPPK");
        assert_eq!(nip.kind, NipKind::Pppk);
        assert!(!nip.male);
    }

    #[test]
    fn excel_apostrophes_and_dots_are_stripped() {
        assert!(Nip::parse("'19860926.201505.1.001").is_ok());
    }

    #[test]
    fn wrong_length_impossible_birth_date_and_bad_sex_digit_are_refused() {
        let short = Nip::parse("19860926201505100").expect_err("17 digits");
        assert!(short.contains("18 digit (ditemukan 17)"), "{short}");
        let date = Nip::parse("198602302015051001").expect_err("30 Feb");
        assert!(date.contains("tanggal lahir"), "{date}");
        let sex = Nip::parse("198609262015053001").expect_err("sex digit 3");
        assert!(sex.contains("digit ke-15"), "{sex}");
        let letters = Nip::parse("19860926A015051001").expect_err("letter");
        assert!(letters.contains("angka"), "{letters}");
    }
}
