//! Working with an event's roster by hand: the person form (walk-ins and
//! edits), check-in and its undo, removal, attendance counts. The rules for
//! one person are here once; the importer applies the same ones per row.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Actor};
use crate::db;
use crate::error::{Error, FieldError, Result};
use crate::nip::{self, NipKind};
use crate::person::{Category, NewPerson, Person};

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

/// A saved person (walk-in or edit) and the warnings the organiser should see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SavedPerson {
    pub person: Person,
    pub warnings: Vec<FieldError>,
}

/// A walk-in: registered at the door, checked in at once. One transaction.
pub fn register_walk_in(
    conn: &mut Connection,
    event_id: i64,
    form: &PersonForm,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<SavedPerson> {
    let event = db::events::get(conn, event_id)?;
    let (person, warnings) = validate(form, event.starts_at.date()).map_err(Error::Invalid)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    ensure_nip_free(&tx, event_id, &person, None)?;
    db::people::insert_many(&tx, event_id, std::slice::from_ref(&person), now)?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "UPDATE people SET walk_in = 1, checked_in_at = ?2 WHERE id = ?1",
        params![id, db::to_text(now)],
    )?;
    audit::append(
        &tx,
        now,
        actor,
        "person.walk_in",
        "person",
        Some(id),
        &serde_json::json!({ "event_id": event_id, "name": person.name }),
    )?;
    tx.commit()?;
    Ok(SavedPerson {
        person: get(conn, id)?,
        warnings,
    })
}

/// A NIP belongs to one person per event.
fn ensure_nip_free(
    conn: &Connection,
    event_id: i64,
    person: &NewPerson,
    except: Option<i64>,
) -> Result<()> {
    let Some(nip) = &person.nip else {
        return Ok(());
    };
    match db::people::find_match(conn, event_id, person)? {
        Some(other) if Some(other) != except => {
            let name = db::people::get(conn, other)?
                .map(|p| p.name)
                .unwrap_or_default();
            let hint = match except {
                None => "; cari namanya lalu tandai hadir",
                Some(_) => "",
            };
            Err(Error::field(
                "nip",
                format!("NIP {nip} sudah terdaftar atas nama {name} di acara ini{hint}"),
            ))
        }
        _ => Ok(()),
    }
}

/// Saves the person form over an existing person. Check-in state and any
/// signed declaration stay as they are (a declaration keeps its own copy
/// of the person as at signing).
pub fn update_person(
    conn: &mut Connection,
    id: i64,
    form: &PersonForm,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<SavedPerson> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let before = db::people::get(&tx, id)?.ok_or(Error::PersonNotFound(id))?;
    let event = db::events::get(&tx, before.event_id)?;
    let (person, warnings) = validate(form, event.starts_at.date()).map_err(Error::Invalid)?;
    ensure_nip_free(&tx, before.event_id, &person, Some(id))?;
    let changes = audit::changed_fields(&PersonForm::from(&before), &PersonForm::from(&person));
    if changes.as_object().is_some_and(|c| !c.is_empty()) {
        let rev = db::people::bump_rev(&tx, before.event_id)?;
        db::people::update(&tx, id, &person, rev, now)?;
        audit::append(
            &tx,
            now,
            actor,
            "person.update",
            "person",
            Some(id),
            &changes,
        )?;
    }
    tx.commit()?;
    Ok(SavedPerson {
        person: get(conn, id)?,
        warnings,
    })
}

impl From<&Person> for PersonForm {
    fn from(p: &Person) -> PersonForm {
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

/// One person.
pub fn get(conn: &Connection, id: i64) -> Result<Person> {
    db::people::get(conn, id)?.ok_or(Error::PersonNotFound(id))
}

/// Marks arrival (idempotent: a second check-in keeps the first time).
pub fn check_in(
    conn: &mut Connection,
    id: i64,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Person> {
    set_presence(conn, id, true, actor, now)
}

/// Undoes a check-in; the audit log keeps the time it had.
pub fn undo_check_in(
    conn: &mut Connection,
    id: i64,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Person> {
    set_presence(conn, id, false, actor, now)
}

/// Sets or clears the arrival time, auditing only a real change.
fn set_presence(
    conn: &mut Connection,
    id: i64,
    present: bool,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Person> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let person = db::people::get(&tx, id)?.ok_or(Error::PersonNotFound(id))?;
    let change = match (present, person.checked_in_at) {
        (true, None) => Some((
            "person.check_in",
            Some(db::to_text(now)),
            serde_json::json!({}),
        )),
        (false, Some(at)) => Some((
            "person.check_in_undo",
            None,
            serde_json::json!({ "was": db::to_text(at) }),
        )),
        _ => None,
    };
    if let Some((action, value, details)) = change {
        tx.execute(
            "UPDATE people SET checked_in_at = ?2 WHERE id = ?1",
            params![id, value],
        )?;
        audit::append(&tx, now, actor, action, "person", Some(id), &details)?;
    }
    tx.commit()?;
    get(conn, id)
}

/// Removes a person who has not signed; a signed declaration keeps them.
pub fn remove(conn: &mut Connection, id: i64, actor: Actor, now: DateTime<Utc>) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let person = db::people::get(&tx, id)?.ok_or(Error::PersonNotFound(id))?;
    let signed: Option<i64> = tx
        .query_row(
            "SELECT id FROM declarations WHERE person_id = ?1 LIMIT 1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    if signed.is_some() {
        return Err(Error::field(
            "person",
            format!(
                "{} sudah menandatangani pernyataan; data peserta tidak dapat dihapus",
                person.name
            ),
        ));
    }
    tx.execute("DELETE FROM people WHERE id = ?1", [id])?;
    audit::append(
        &tx,
        now,
        actor,
        "person.remove",
        "person",
        Some(id),
        &serde_json::json!({ "event_id": person.event_id, "name": person.name, "nip": person.nip }),
    )?;
    tx.commit()?;
    Ok(())
}

/// One line of the attendance table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CountRow {
    /// Category label or unit name.
    pub label: String,
    pub invited: u32,
    pub attended: u32,
}

/// Attendance by category and by unit, for the event page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Attendance {
    pub invited: u32,
    pub attended: u32,
    pub walk_ins: u32,
    pub by_category: Vec<CountRow>,
    pub by_unit: Vec<CountRow>,
}

/// Counts for an event's roster.
pub fn attendance(conn: &Connection, event_id: i64) -> Result<Attendance> {
    db::events::get(conn, event_id)?;
    let rows = |sql: &str| -> Result<Vec<(String, u32, u32)>> {
        let mut stmt = conn.prepare(sql)?;
        let out = stmt
            .query_map([event_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(out)
    };
    let by_category = rows(
        "SELECT category, COUNT(*), COUNT(checked_in_at) FROM people WHERE event_id = ?1
         GROUP BY category",
    )?;
    let by_unit = rows(
        "SELECT unit, COUNT(*), COUNT(checked_in_at) FROM people WHERE event_id = ?1
         GROUP BY unit ORDER BY COUNT(*) DESC, unit",
    )?;
    let (invited, attended, walk_ins): (u32, u32, u32) = conn.query_row(
        "SELECT COUNT(*), COUNT(checked_in_at), COALESCE(SUM(walk_in), 0) FROM people WHERE event_id = ?1",
        [event_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let mut by_category: Vec<CountRow> = Category::ALL
        .iter()
        .filter_map(|c| {
            by_category
                .iter()
                .find(|(k, ..)| k == c.as_str())
                .map(|(_, i, a)| CountRow {
                    label: c.label().into(),
                    invited: *i,
                    attended: *a,
                })
        })
        .collect();
    by_category.retain(|r| r.invited > 0);
    Ok(Attendance {
        invited,
        attended,
        walk_ins,
        by_category,
        by_unit: by_unit
            .into_iter()
            .map(|(u, i, a)| CountRow {
                label: if u.is_empty() {
                    "(tanpa unit)".into()
                } else {
                    u
                },
                invited: i,
                attended: a,
            })
            .collect(),
    })
}
