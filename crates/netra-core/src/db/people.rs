//! SQL for the `people` table (the roster of each event).

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection};

use super::to_text;
use crate::error::Result;
use crate::roster::names::{name_key, FOLD_VERSION};
use crate::roster::person::{Category, NewPerson, Person};

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
    // ?1 is the event; ?2.. are the person's columns, as in `update`.
    let mut stmt = conn.prepare_cached(
        "INSERT INTO people (event_id, name, name_key, nip, category, rank, position, unit,
             phone, updated_at, rev, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?10)",
    )?;
    for p in people {
        stmt.execute(params_from_iter(
            std::iter::once(Value::Integer(event_id)).chain(columns(p, rev, now)),
        ))?;
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
    // ?1 is the row; ?2.. are the person's columns, as in `insert_at`.
    conn.prepare_cached(
        "UPDATE people SET name = ?2, name_key = ?3, nip = ?4, category = ?5, rank = ?6,
             position = ?7, unit = ?8, phone = ?9, updated_at = ?10, rev = ?11
         WHERE id = ?1",
    )?
    .execute(params_from_iter(
        std::iter::once(Value::Integer(id)).chain(columns(p, rev, now)),
    ))?;
    Ok(())
}

/// A person's stored columns, in the order both `insert_at` and `update`
/// bind them: name, name_key, nip, category, rank, position, unit, phone,
/// updated_at, rev.
fn columns(p: &NewPerson, rev: i64, now: DateTime<Utc>) -> [Value; 10] {
    let text = |s: &str| Value::Text(s.to_owned());
    [
        text(&p.name),
        Value::Text(name_key(&p.name)),
        p.nip.as_deref().map_or(Value::Null, text),
        text(p.category.as_str()),
        text(&p.rank),
        text(&p.position),
        text(&p.unit),
        text(&p.phone),
        Value::Text(to_text(now)),
        Value::Integer(rev),
    ]
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

/// Key of the setting that says which [`FOLD_VERSION`] made the stored
/// `people.name_key` values.
pub const FOLD_VERSION_KEY: &str = "name_fold_version";

/// Re-keys every stored name when the folding rules changed since the keys
/// were made (or nobody recorded which rules made them), in one
/// transaction with the new version. Returns how many rows were re-keyed.
/// Like a migration, it runs on open, before anything compares a key.
pub fn refold_names(conn: &mut Connection) -> Result<usize> {
    let current = FOLD_VERSION.to_string();
    if super::settings::get(conn, FOLD_VERSION_KEY)?.as_deref() == Some(current.as_str()) {
        return Ok(0);
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let rows: Vec<(i64, String, String)> = tx
        .prepare("SELECT id, name, name_key FROM people")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut changed = 0;
    {
        // Only the key changes: no roster revision, updated_at or audit entry,
        // since nothing anybody said about the person changed.
        let mut update = tx.prepare("UPDATE people SET name_key = ?2 WHERE id = ?1")?;
        for (id, name, old) in rows {
            let key = name_key(&name);
            if key != old {
                update.execute(params![id, key])?;
                changed += 1;
            }
        }
    }
    super::settings::set(&tx, FOLD_VERSION_KEY, &current)?;
    tx.commit()?;
    Ok(changed)
}
