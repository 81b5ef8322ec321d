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
    let stamp = Stamp {
        is_set: |e| e.archived_at.is_some(),
        write: db::events::set_archived,
        actions: ("event.archive", "event.restore"),
    };
    stamp.set(conn, id, archived, actor, now)
}

/// Closes an event (read-only: no arrivals, no signatures, no roster
/// changes; documents still print and verify) or opens it again. Either
/// is audited.
pub fn set_closed(
    conn: &mut Connection,
    id: i64,
    closed: bool,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Event> {
    let stamp = Stamp {
        is_set: |e| e.closed_at.is_some(),
        write: db::events::set_closed,
        actions: ("event.close", "event.reopen"),
    };
    stamp.set(conn, id, closed, actor, now)
}

/// Writes an event's stamp (`None` clears it) at `now`.
type StampWriter = fn(&Connection, i64, Option<DateTime<Utc>>, DateTime<Utc>) -> Result<()>;

/// A moment an event was put in a state (archived, closed), or none.
struct Stamp {
    is_set: fn(&Event) -> bool,
    write: StampWriter,
    /// The audit actions for setting and clearing it.
    actions: (&'static str, &'static str),
}

impl Stamp {
    /// Sets or clears the stamp in one transaction, audited only when it
    /// changes (asking twice is not two events).
    fn set(
        &self,
        conn: &mut Connection,
        id: i64,
        on: bool,
        actor: Actor,
        now: DateTime<Utc>,
    ) -> Result<Event> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = db::events::get(&tx, id)?;
        if (self.is_set)(&before) != on {
            (self.write)(&tx, id, on.then_some(now), now)?;
            let action = if on { self.actions.0 } else { self.actions.1 };
            audit::append(
                &tx,
                now,
                actor,
                action,
                "event",
                Some(id),
                &serde_json::json!({}),
            )?;
        }
        tx.commit()?;
        db::events::get(conn, id)
    }
}

/// Default retention after the event day, in months, until the organiser
/// sets another (`retention.default_months`).
pub const DEFAULT_RETENTION_MONTHS: u32 = 24;
const RETENTION_KEY: &str = "retention.default_months";

pub fn default_retention_months(conn: &Connection) -> Result<u32> {
    Ok(db::settings::get(conn, RETENTION_KEY)?
        .and_then(|v| v.parse().ok())
        .filter(|m| (1..=600).contains(m))
        .unwrap_or(DEFAULT_RETENTION_MONTHS))
}

pub fn set_default_retention_months(
    conn: &Connection,
    months: u32,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<u32> {
    if !(1..=600).contains(&months) {
        return Err(crate::Error::field(
            "months",
            "Masa simpan antara 1 dan 600 bulan",
        ));
    }
    db::settings::set(conn, RETENTION_KEY, &months.to_string())?;
    audit::append(
        conn,
        now,
        actor,
        "retention.default",
        "settings",
        None,
        &serde_json::json!({ "months": months }),
    )?;
    Ok(months)
}

/// The day an event's records may be erased: its own date, or the event
/// day plus the default retention.
pub fn retention_ends(conn: &Connection, event: &Event) -> Result<NaiveDate> {
    if let Some(day) = event.retain_until {
        return Ok(day);
    }
    let months = default_retention_months(conn)?;
    let day = event.starts_at.date();
    Ok(day
        .checked_add_months(chrono::Months::new(months))
        .unwrap_or(day))
}

/// An event's retention as the organiser's screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Retention {
    pub event_id: i64,
    /// YYYY-MM-DD: the day its records may be erased.
    pub ends: String,
    /// "Rabu, 9 Januari 2026".
    pub ends_label: String,
    /// Set for this event (otherwise the default months after it).
    pub explicit: bool,
    pub default_months: u32,
    pub passed: bool,
}

pub fn retention(conn: &Connection, event: &Event, today: NaiveDate) -> Result<Retention> {
    let ends = retention_ends(conn, event)?;
    Ok(Retention {
        event_id: event.id,
        ends: ends.format("%Y-%m-%d").to_string(),
        ends_label: crate::indonesian_date::day_and_date(ends),
        explicit: event.retain_until.is_some(),
        default_months: default_retention_months(conn)?,
        passed: ends < today,
    })
}

/// [`set_retention`] from a form's text: YYYY-MM-DD, or empty for the default.
pub fn set_retention_text(
    conn: &mut Connection,
    id: i64,
    until: &str,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Event> {
    let until = match until.trim() {
        "" => None,
        text => Some(NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            crate::Error::field(
                "retain_until",
                format!("Tanggal \"{text}\" tidak terbaca; pilih tanggal dari kalender"),
            )
        })?),
    };
    set_retention(conn, id, until, actor, now)
}

/// Whether the retention period has passed on `today` (the app warns).
pub fn retention_passed(conn: &Connection, event: &Event, today: NaiveDate) -> Result<bool> {
    Ok(retention_ends(conn, event)? < today)
}

/// Sets (or, with `None`, clears back to the default) when an event's
/// records may be erased; not before the event itself.
pub fn set_retention(
    conn: &mut Connection,
    id: i64,
    until: Option<NaiveDate>,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Event> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let event = db::events::get(&tx, id)?;
    if let Some(day) = until {
        if day < event.starts_at.date() {
            return Err(crate::Error::field(
                "retain_until",
                "Masa simpan tidak boleh berakhir sebelum hari acara",
            ));
        }
    }
    db::events::set_retain_until(&tx, id, until, now)?;
    audit::append(
        &tx,
        now,
        actor,
        "event.retention",
        "event",
        Some(id),
        &serde_json::json!({ "retain_until": until.map(|d| d.to_string()) }),
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
