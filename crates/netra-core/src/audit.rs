//! The append-only audit log: who changed what, when. The table refuses
//! updates and deletes (triggers in the schema); this module only appends.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db;
use crate::error::Result;

/// Who performed an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Actor {
    /// The organiser in the desktop app.
    Organizer,
    /// An attendee at the kiosk.
    Kiosk,
    /// Someone at the command line.
    Cli,
    /// A tablet paired with the hub, used as a kiosk.
    Device,
    /// An attendee on their own phone, through the hub.
    Phone,
    /// Netra itself, on its own (re-signing records after an upgrade).
    Netra,
}

impl Actor {
    pub fn as_str(self) -> &'static str {
        match self {
            Actor::Organizer => "organizer",
            Actor::Kiosk => "kiosk",
            Actor::Cli => "cli",
            Actor::Device => "device",
            Actor::Phone => "phone",
            Actor::Netra => "netra",
        }
    }
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    /// The event the entry is about, if any (installation-wide changes
    /// such as a restore have none).
    pub event_id: Option<i64>,
    pub details: serde_json::Value,
}

/// Which entries [`list`] returns; every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditFilter {
    pub event_id: Option<i64>,
    /// An action or its start: `person` finds `person.update`, `person.check_in`, ...
    pub action: Option<String>,
    /// `organizer`, `kiosk`, `cli`, `device`, `phone`.
    pub actor: Option<String>,
    /// Newest first, at most this many (default and ceiling 10,000).
    pub limit: Option<u32>,
}

const MAX_LIST: u32 = 10_000;

/// The entries matching `filter`, newest first.
pub fn list(conn: &Connection, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
    let action = filter
        .action
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    let actor = filter
        .actor
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, action, entity, entity_id, event_id, details FROM audit_log
         WHERE (?1 IS NULL OR event_id = ?1)
           AND (?2 IS NULL OR action = ?2 OR action LIKE ?2 || '.%')
           AND (?3 IS NULL OR actor = ?3)
         ORDER BY id DESC LIMIT ?4",
    )?;
    let limit = filter.limit.unwrap_or(MAX_LIST).min(MAX_LIST);
    let rows = stmt.query_map(params![filter.event_id, action, actor, limit], entry)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    let details: String = r.get(7)?;
    Ok(AuditEntry {
        id: r.get(0)?,
        at: db::utc_column(r, 1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        entity: r.get(4)?,
        entity_id: r.get(5)?,
        event_id: r.get(6)?,
        details: serde_json::from_str(&details).unwrap_or(serde_json::Value::Null),
    })
}

/// Appends an entry; call inside the transaction that made the change.
pub fn append(
    conn: &Connection,
    at: DateTime<Utc>,
    actor: Actor,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    details: &serde_json::Value,
) -> Result<()> {
    // The event is found from the row the entry names (as migration 9 did
    // for older entries); call before deleting that row.
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, details, event_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, COALESCE(CASE ?4
            WHEN 'event' THEN ?5
            WHEN 'person' THEN (SELECT event_id FROM people WHERE id = ?5)
            WHEN 'declaration' THEN (SELECT event_id FROM declarations WHERE id = ?5)
            WHEN 'hub_device' THEN (SELECT event_id FROM hub_devices WHERE id = ?5)
            WHEN 'pledge_text' THEN (SELECT event_id FROM pledge_texts WHERE id = ?5)
            END, json_extract(?6, '$.event_id')))",
        params![
            db::to_text(at),
            actor.as_str(),
            action,
            entity,
            entity_id,
            details.to_string()
        ],
    )?;
    Ok(())
}

/// The entries about one entity, oldest first.
pub fn for_entity(conn: &Connection, entity: &str, entity_id: i64) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, action, entity, entity_id, event_id, details
         FROM audit_log WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![entity, entity_id], entry)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// `{"field": {"from": old, "to": new}}` for each field that differs, so
/// the log shows what an edit changed without a diff tool.
pub fn changed_fields<T: Serialize>(before: &T, after: &T) -> serde_json::Value {
    let (b, a) = match (serde_json::to_value(before), serde_json::to_value(after)) {
        (Ok(serde_json::Value::Object(b)), Ok(serde_json::Value::Object(a))) => (b, a),
        _ => return serde_json::json!({}),
    };
    let changes: serde_json::Map<String, serde_json::Value> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), serde_json::json!({ "from": b.get(k), "to": v })))
        .collect();
    serde_json::Value::Object(changes)
}
