//! Events: a *sosialisasi*, a *deklarasi*, or both in one sitting.
//!
//! The UI and the CLI both send an [`EventForm`] (what the organiser typed,
//! all strings); [`validate`] turns it into a [`ValidEvent`] or a list of
//! per-field Indonesian messages. The types and their rules are in
//! `model` (no storage); this module saves them through `db::events`.

pub mod erase;
pub mod model;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, TransactionBehavior};

use crate::audit::{self, Actor};
use crate::db;
use crate::error::Result;

pub use model::*;

/// Creates an event from a form. One transaction: the row, its speakers and
/// the audit entry are written together or not at all.
pub fn create(
    conn: &mut Connection,
    form: &EventForm,
    actor: Actor,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Saved> {
    let (valid, warnings) = validate(form, today)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let id = db::events::insert(&tx, &valid, now)?;
    audit::append(
        &tx,
        now,
        actor,
        "event.create",
        "event",
        Some(id),
        &serde_json::json!({ "title": valid.title }),
    )?;
    tx.commit()?;
    Ok(Saved {
        event: db::events::get(conn, id)?,
        warnings,
    })
}

/// Replaces an event's fields with the form's. The audit entry names the
/// fields that changed, with their old and new values.
pub fn update(
    conn: &mut Connection,
    id: i64,
    form: &EventForm,
    actor: Actor,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Saved> {
    let (valid, warnings) = validate(form, today)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let before = db::events::get(&tx, id)?.to_form();
    db::events::update(&tx, id, &valid, now)?;
    let after = db::events::get(&tx, id)?.to_form();
    audit::append(
        &tx,
        now,
        actor,
        "event.update",
        "event",
        Some(id),
        &audit::changed_fields(&before, &after),
    )?;
    tx.commit()?;
    Ok(Saved {
        event: db::events::get(conn, id)?,
        warnings,
    })
}

/// Archives (hides from the default list) or restores an event. Nothing is
/// deleted: archived events keep their roster and declarations.
pub fn set_archived(
    conn: &mut Connection,
    id: i64,
    archived: bool,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Event> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    db::events::set_archived(&tx, id, archived.then_some(now), now)?;
    let action = if archived {
        "event.archive"
    } else {
        "event.restore"
    };
    audit::append(
        &tx,
        now,
        actor,
        action,
        "event",
        Some(id),
        &serde_json::json!({}),
    )?;
    tx.commit()?;
    db::events::get(conn, id)
}

/// One event.
pub fn get(conn: &Connection, id: i64) -> Result<Event> {
    db::events::get(conn, id)
}

/// Events, newest first; archived ones only when asked.
pub fn list(conn: &Connection, include_archived: bool) -> Result<Vec<Event>> {
    db::events::list(conn, include_archived)
}
