//! The roster: who is invited to an event and who came. This module holds
//! the hand edits (walk-ins, edits, check-in and its undo, removal) and the
//! attendance counts; its rooms hold the person form rules (`form`), NIPs,
//! name folding, search, import and export. The rules for one person are in
//! `form` once; the importer applies the same ones per row.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Actor};
use crate::db;
use crate::error::{Error, FieldError, Result};
use crate::roster::person::{Category, NewPerson, Person};

pub mod export;
pub mod form;
pub mod import;
pub mod names;
pub mod nip;
pub mod person;
pub mod search;

pub use form::{parse_category, validate, PersonForm};

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
    let event = db::events::get_open(conn, event_id)?;
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
    let event = db::events::get_open(&tx, before.event_id)?;
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

/// The roster of an event, in name order.
pub fn list(conn: &Connection, event_id: i64) -> Result<Vec<Person>> {
    db::events::get(conn, event_id)?;
    db::people::list(conn, event_id)
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
    db::events::get_open(&tx, person.event_id)?;
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
    db::events::get_open(&tx, person.event_id)?;
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
