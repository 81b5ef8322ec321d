//! SQL for the `people` table (the roster of each event).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::to_text;
use crate::error::Result;
use crate::person::{name_key, Category, NewPerson, Person};

/// Starts a new roster revision for a bulk change and returns it; rows
/// written with it skip the per-row revision triggers (migration 2).
pub fn bump_rev(conn: &Connection, event_id: i64) -> Result<i64> {
    Ok(conn.query_row(
        "UPDATE events SET roster_rev = roster_rev + 1 WHERE id = ?1 RETURNING roster_rev",
        [event_id],
        |r| r.get(0),
    )?)
}

/// Adds people to an event's roster; the caller owns the transaction.
pub fn insert_many(
    conn: &Connection,
    event_id: i64,
    people: &[NewPerson],
    now: DateTime<Utc>,
) -> Result<usize> {
    if people.is_empty() {
        return Ok(0);
    }
    let rev = bump_rev(conn, event_id)?;
    insert_at(conn, event_id, people, rev, now)
}

/// [`insert_many`] for a caller that already holds a revision from
/// [`bump_rev`] (an import mixing inserts and updates).
pub fn insert_at(
    conn: &Connection,
    event_id: i64,
    people: &[NewPerson],
    rev: i64,
    now: DateTime<Utc>,
) -> Result<usize> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO people (event_id, name, name_key, nip, category, rank, position, unit,
             phone, created_at, updated_at, rev)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
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
            rev,
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

/// The person on this event's roster that an imported row refers to: same
/// NIP, or, for people without NIP, the same name ignoring titles and case.
pub fn find_match(conn: &Connection, event_id: i64, p: &NewPerson) -> Result<Option<i64>> {
    use rusqlite::OptionalExtension;
    let id = match &p.nip {
        Some(nip) => conn
            .prepare_cached("SELECT id FROM people WHERE event_id = ?1 AND nip = ?2")?
            .query_row(params![event_id, nip], |r| r.get(0))
            .optional()?,
        None => conn
            .prepare_cached(
                "SELECT id FROM people WHERE event_id = ?1 AND nip IS NULL AND name_key = ?2
                 ORDER BY id LIMIT 1",
            )?
            .query_row(params![event_id, name_key(&p.name)], |r| r.get(0))
            .optional()?,
    };
    Ok(id)
}

/// Overwrites a person's roster fields (from an imported row or the person
/// form) and stamps the row with `rev` from [`bump_rev`]; check-in state
/// and signatures are untouched.
pub fn update(
    conn: &Connection,
    id: i64,
    p: &NewPerson,
    rev: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE people SET name = ?2, name_key = ?3, nip = ?4, category = ?5, rank = ?6,
             position = ?7, unit = ?8, phone = ?9, updated_at = ?10, rev = ?11
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        p.name,
        name_key(&p.name),
        p.nip,
        p.category.as_str(),
        p.rank,
        p.position,
        p.unit,
        p.phone,
        to_text(now),
        rev,
    ])?;
    Ok(())
}

const SELECT_PERSON: &str = "SELECT id, event_id, name, nip, category, rank, position, unit,
        phone, walk_in, checked_in_at FROM people";

/// Everyone on an event's roster, in name order.
pub fn list(conn: &Connection, event_id: i64) -> Result<Vec<Person>> {
    let sql = format!("{SELECT_PERSON} WHERE event_id = ?1 ORDER BY name_key, id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([event_id], map_person)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The people of an event changed (or added) after roster revision `rev`.
pub fn changed_since(conn: &Connection, event_id: i64, rev: i64) -> Result<Vec<Person>> {
    let sql = format!("{SELECT_PERSON} WHERE event_id = ?1 AND rev > ?2");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![event_id, rev], map_person)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One person, if they exist.
pub fn get(conn: &Connection, id: i64) -> Result<Option<Person>> {
    use rusqlite::OptionalExtension;
    let sql = format!("{SELECT_PERSON} WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], map_person).optional()?)
}

fn map_person(r: &rusqlite::Row<'_>) -> rusqlite::Result<Person> {
    let category: String = r.get(4)?;
    Ok(Person {
        id: r.get(0)?,
        event_id: r.get(1)?,
        name: r.get(2)?,
        nip: r.get(3)?,
        category: parse_category_column(4, &category)?,
        rank: r.get(5)?,
        position: r.get(6)?,
        unit: r.get(7)?,
        phone: r.get(8)?,
        walk_in: r.get(9)?,
        checked_in_at: match r.get::<_, Option<String>>(10)? {
            Some(_) => Some(super::utc_column(r, 10)?),
            None => None,
        },
    })
}

fn parse_category_column(idx: usize, s: &str) -> rusqlite::Result<Category> {
    Category::ALL
        .iter()
        .copied()
        .find(|c| c.as_str() == s)
        .ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                idx,
                rusqlite::types::Type::Text,
                format!("kategori {s}").into(),
            )
        })
}
