//! People on an event's roster: ASN (PNS, PPPK) and the non-ASN who are
//! bound by the same rules locally. NIK is never asked for (UU PDP).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Employment category, as organisers group attendance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Category {
    Pns,
    Pppk,
    PppkParuhWaktu,
    Ppnpn,
    KepalaDesa,
    PerangkatDesa,
    TniPolri,
    Lainnya,
}

impl Category {
    pub const ALL: [Category; 8] = [
        Category::Pns,
        Category::Pppk,
        Category::PppkParuhWaktu,
        Category::Ppnpn,
        Category::KepalaDesa,
        Category::PerangkatDesa,
        Category::TniPolri,
        Category::Lainnya,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Pns => "pns",
            Category::Pppk => "pppk",
            Category::PppkParuhWaktu => "pppk_paruh_waktu",
            Category::Ppnpn => "ppnpn",
            Category::KepalaDesa => "kepala_desa",
            Category::PerangkatDesa => "perangkat_desa",
            Category::TniPolri => "tni_polri",
            Category::Lainnya => "lainnya",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::Pns => "PNS",
            Category::Pppk => "PPPK",
            Category::PppkParuhWaktu => "PPPK Paruh Waktu",
            Category::Ppnpn => "PPNPN/Honorer",
            Category::KepalaDesa => "Kepala Desa",
            Category::PerangkatDesa => "Perangkat Desa",
            Category::TniPolri => "TNI/Polri",
            Category::Lainnya => "Lainnya",
        }
    }

    /// Whether people in this category carry a NIP / NI PPPK.
    pub fn is_asn(self) -> bool {
        matches!(
            self,
            Category::Pns | Category::Pppk | Category::PppkParuhWaktu
        )
    }
}

/// A person on a roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Person {
    pub id: i64,
    pub event_id: i64,
    /// As typed, titles included: "Dr. H. Ahmad Fauzi, S.H., M.Si.".
    pub name: String,
    /// 18 digits, or none for non-ASN.
    pub nip: Option<String>,
    pub category: Category,
    /// *Pangkat/golongan*, e.g. "Penata Muda / III-a".
    pub rank: String,
    /// *Jabatan*.
    pub position: String,
    /// *Unit kerja / OPD / instansi*.
    pub unit: String,
    pub phone: String,
    pub walk_in: bool,
    pub checked_in_at: Option<DateTime<Utc>>,
}

/// A person to add, already validated by its source (import, form, demo).
#[derive(Debug, Clone, PartialEq)]
pub struct NewPerson {
    pub name: String,
    pub nip: Option<String>,
    pub category: Category,
    pub rank: String,
    pub position: String,
    pub unit: String,
    pub phone: String,
}

/// The roster of an event, in name order.
pub fn list(conn: &rusqlite::Connection, event_id: i64) -> crate::Result<Vec<Person>> {
    crate::db::events::get(conn, event_id)?;
    crate::db::people::list(conn, event_id)
}

/// Academic and religious titles that search ignores.
const TITLES: &[&str] = &[
    "dr", "drs", "dra", "ir", "h", "hj", "prof", "ns", "s", "m", "a", "md", "sh", "mh", "si",
    "msi", "spd", "mpd", "se", "mm", "skom", "mkom", "sos", "ssos", "skep", "st", "mt", "ssi",
    "sag", "mag", "sip", "ak", "ked", "sked", "amd", "apt", "sfarm", "pd", "kom", "kep", "phd",
    "mba", "ma", "ag", "ip", "ikom", "hum", "shut", "stp", "spt", "sp", "mkes", "skm",
];

/// Whether a word is an academic or religious title ("dr", "hj", "msi").
pub fn is_title(word: &str) -> bool {
    TITLES.contains(&word)
}

/// The form of a name that search compares: lower case, no diacritics, no
/// punctuation, no titles. "Dr. H. Ahmad Fauzi, S.H., M.Si." becomes
/// "ahmad fauzi"; "Nyoman Sukarṇa" becomes "nyoman sukarna".
pub fn name_key(name: &str) -> String {
    // Degrees follow the first comma: "Ahmad Fauzi, S.H., M.Si.".
    let core = name.split(',').next().unwrap_or(name);
    core.split(|c: char| c.is_whitespace() || matches!(c, '.' | '-' | '/'))
        .map(|w| {
            fold(w)
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty() && !is_title(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lower case without diacritics: "Ṣiddīq" becomes "siddiq". Letters that
/// have no plain base (ø, ł) stay as they are.
pub fn fold(s: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_before_and_after_the_name_are_ignored() {
        assert_eq!(name_key("Dr. H. Ahmad Fauzi, S.H., M.Si."), "ahmad fauzi");
        assert_eq!(name_key("Hj. Siti Aminah, S.Pd."), "siti aminah");
        assert_eq!(name_key("Sukarno"), "sukarno");
    }

    #[test]
    fn diacritics_and_case_do_not_matter() {
        assert_eq!(name_key("NYOMAN SUKARṆA"), "nyoman sukarna");
        assert_eq!(name_key("Ṣiddīq Al-Fārūq"), "siddiq al faruq");
        assert_eq!(name_key("José Müller"), "jose muller");
    }
}
