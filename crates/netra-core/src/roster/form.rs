//! The person form: what an organiser (or a roster row) says about one
//! person, and the rules that turn it into a [`NewPerson`] or field errors.
//! Walk-ins, edits and every imported row go through [`validate`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::FieldError;
use crate::roster::nip::{self, NipKind};
use crate::roster::person::{Category, NewPerson, Person};

const MAX_TEXT: usize = 200;

/// What the organiser typed for one person; every field as text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonForm {
    pub name: String,
    /// With or without spaces; empty for non-ASN.
    pub nip: String,
    /// `pns`, `pppk`, ... or how rosters write it ("Honorer", "Kades"); empty
    /// means "from the NIP", or Lainnya without one.
    pub category: String,
    pub rank: String,
    pub position: String,
    pub unit: String,
    pub phone: String,
}

/// Checks one person. Errors block; warnings (odd but possible data) come
/// back with the person. Field names: `name`, `nip`, `category`, ...
pub fn validate(
    form: &PersonForm,
    event_date: NaiveDate,
) -> std::result::Result<(NewPerson, Vec<FieldError>), Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let name = clean(&form.name);
    if name.is_empty() {
        errors.push(FieldError::new("name", "nama kosong"));
    }
    for (field, value) in [
        ("name", &name),
        ("rank", &form.rank),
        ("position", &form.position),
        ("unit", &form.unit),
        ("phone", &form.phone),
    ] {
        let n = value.chars().count();
        if n > MAX_TEXT {
            errors.push(FieldError::new(
                field,
                format!("terlalu panjang ({n} karakter, paling banyak {MAX_TEXT})"),
            ));
        }
        // Tabs and line breaks are folded into spaces below; anything else
        // invisible is refused.
        if let Some(problem) = crate::text::check(&clean(value)) {
            errors.push(FieldError::new(field, problem));
        }
    }

    let category_text = clean(&form.category);
    let mut category = None;
    if !category_text.is_empty() {
        match parse_category(&category_text) {
            Some(c) => category = Some(c),
            None => errors.push(FieldError::new(
                "category",
                format!("kategori '{category_text}' tidak dikenal (PNS, PPPK, PPPK Paruh Waktu, PPNPN/Honorer, Kepala Desa, Perangkat Desa, TNI/Polri, Lainnya)"),
            )),
        }
    }

    let mut nip_value = None;
    let nip_given = !nip::normalise(&form.nip).is_empty();
    if nip_given {
        match nip::check(&form.nip, event_date) {
            Ok(checked) => {
                warnings.extend(
                    checked
                        .warnings
                        .into_iter()
                        .map(|w| FieldError::new("nip", w)),
                );
                let kind = checked.nip.kind;
                match category {
                    None if category_text.is_empty() => {
                        category = Some(if kind == NipKind::Pns {
                            Category::Pns
                        } else {
                            Category::Pppk
                        })
                    }
                    Some(Category::Pns) if kind == NipKind::Pppk => warnings.push(FieldError::new(
                        "category",
                        "kategori PNS tetapi NIP berformat NI PPPK",
                    )),
                    Some(Category::Pppk | Category::PppkParuhWaktu) if kind == NipKind::Pns => {
                        warnings.push(FieldError::new(
                            "category",
                            "kategori PPPK tetapi NIP berformat NIP PNS",
                        ))
                    }
                    Some(c) if !c.is_asn() => warnings.push(FieldError::new(
                        "category",
                        format!("kategori {} tetapi memiliki NIP", c.label()),
                    )),
                    _ => {}
                }
                nip_value = Some(checked.nip.as_str().to_string());
            }
            Err(msg) => errors.push(FieldError::new("nip", msg)),
        }
    } else {
        match category {
            Some(c) if c.is_asn() => errors.push(FieldError::new(
                "nip",
                format!("NIP wajib untuk {}", c.label()),
            )),
            None if category_text.is_empty() => {
                warnings.push(FieldError::new(
                    "category",
                    "tanpa NIP dan tanpa kategori; dicatat sebagai Lainnya",
                ));
                category = Some(Category::Lainnya);
            }
            _ => {}
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((
        NewPerson {
            name,
            nip: nip_value,
            category: category.unwrap_or(Category::Lainnya),
            rank: clean(&form.rank),
            position: clean(&form.position),
            unit: clean(&form.unit),
            phone: clean(&form.phone),
        },
        warnings,
    ))
}

/// Trims and collapses inner whitespace (including newlines in a cell).
pub(crate) fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How a spreadsheet label is compared: lower case, punctuation as spaces,
/// single spaces ("NIP/NI PPPK" and "nip ni-pppk" are the same).
pub(crate) fn label_key(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads a category the way rosters write it.
pub fn parse_category(s: &str) -> Option<Category> {
    Some(match label_key(s).as_str() {
        "pns" | "asn pns" | "cpns" | "pegawai negeri sipil" => Category::Pns,
        "pppk" | "p3k" | "asn pppk" => Category::Pppk,
        "pppk paruh waktu" | "p3k paruh waktu" | "paruh waktu" => Category::PppkParuhWaktu,
        "ppnpn"
        | "honorer"
        | "thl"
        | "tenaga honorer"
        | "non asn"
        | "tenaga harian lepas"
        | "ppnpn honorer" => Category::Ppnpn,
        "kepala desa" | "kades" | "wali nagari" | "kepala kampung" => Category::KepalaDesa,
        "perangkat desa" | "perangkat nagari" | "perangkat kampung" | "sekdes" => {
            Category::PerangkatDesa
        }
        "tni" | "polri" | "tni polri" => Category::TniPolri,
        "lainnya" | "lain lain" | "umum" | "tamu" => Category::Lainnya,
        _ => return None,
    })
}

impl From<&NewPerson> for PersonForm {
    fn from(p: &NewPerson) -> PersonForm {
        PersonForm {
            name: p.name.clone(),
            nip: p.nip.clone().unwrap_or_default(),
            category: p.category.as_str().into(),
            rank: p.rank.clone(),
            position: p.position.clone(),
            unit: p.unit.clone(),
            phone: p.phone.clone(),
        }
    }
}

impl From<&Person> for PersonForm {
    fn from(p: &Person) -> PersonForm {
        PersonForm::from(&p.details())
    }
}
