//! SQL for the `people` table (the roster of each event).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::to_text;
use crate::error::Result;
use crate::person::{name_key, NewPerson};

/// Adds people to an event's roster; the caller owns the transaction.
pub fn insert_many(
    conn: &Connection,
    event_id: i64,
    people: &[NewPerson],
    now: DateTime<Utc>,
) -> Result<usize> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO people (event_id, name, name_key, nip, category, rank, position, unit,
             phone, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    )?;
    let at = to_text(now);
    for p in people {
        stmt.execute(params![
            event_id,
            p.name,
            name_key(&p.name),
            p.nip,
            p.category.as_str(),
            p.rank,
            p.position,
            p.unit,
            p.phone,
            at,
        ])?;
    }
    Ok(people.len())
}

/// How many people of each category are on an event's roster.
pub fn count_by_category(conn: &Connection, event_id: i64) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT category, COUNT(*) FROM people WHERE event_id = ?1 GROUP BY category ORDER BY category",
    )?;
    let rows = stmt.query_map([event_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
