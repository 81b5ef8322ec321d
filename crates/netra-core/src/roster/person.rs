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

impl Person {
    /// What was said about the person, without roster state (id, check-in).
    pub fn details(&self) -> NewPerson {
        NewPerson {
            name: self.name.clone(),
            nip: self.nip.clone(),
            category: self.category,
            rank: self.rank.clone(),
            position: self.position.clone(),
            unit: self.unit.clone(),
            phone: self.phone.clone(),
        }
    }
}
