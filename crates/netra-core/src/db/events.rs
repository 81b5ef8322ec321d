//! SQL for the `events` and `speakers` tables and their row mapping.

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

use super::{to_text, utc_column};
use crate::error::{Error, Result};
use crate::event::model::{Event, EventKind, Official, Paper, Speaker, ValidEvent, Zone};
use crate::indonesian_date;

const LOCAL_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

const SELECT: &str = "SELECT e.id, e.title, e.kind, e.organizer, e.place, e.starts_at, e.timezone,
        e.paper, e.official_name, e.official_position, e.official_nip,
        e.archived_at, e.created_at, e.updated_at,
        (SELECT COUNT(*) FROM people p WHERE p.event_id = e.id),
        e.closed_at, e.retain_until
    FROM events e";

pub fn insert(conn: &Connection, ev: &ValidEvent, now: DateTime<Utc>) -> Result<i64> {
    conn.execute(
        "INSERT INTO events (title, kind, organizer, place, starts_at, timezone, starts_at_utc,
             paper, official_name, official_position, official_nip, updated_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
        params_from_iter(columns(ev, now)),
    )?;
    let id = conn.last_insert_rowid();
    replace_speakers(conn, id, &ev.speakers)?;
    Ok(id)
}

pub fn update(conn: &Connection, id: i64, ev: &ValidEvent, now: DateTime<Utc>) -> Result<()> {
    let n = conn.execute(
        "UPDATE events SET title = ?1, kind = ?2, organizer = ?3, place = ?4, starts_at = ?5,
             timezone = ?6, starts_at_utc = ?7, paper = ?8, official_name = ?9,
             official_position = ?10, official_nip = ?11, updated_at = ?12
         WHERE id = ?13",
        params_from_iter(columns(ev, now).into_iter().chain([Value::Integer(id)])),
    )?;
    if n == 0 {
        return Err(Error::EventNotFound(id));
    }
    replace_speakers(conn, id, &ev.speakers)
}

/// An event form's columns in the order `insert` and `update` bind them
/// (?1..?12): title, kind, organizer, place, starts_at, timezone,
/// starts_at_utc, paper, the official's name, position and NIP, updated_at.
fn columns(ev: &ValidEvent, now: DateTime<Utc>) -> [Value; 12] {
    let text = |s: &str| Value::Text(s.to_owned());
    [
        text(&ev.title),
        text(ev.kind.as_str()),
        text(&ev.organizer),
        text(&ev.place),
        Value::Text(ev.starts_at.format(LOCAL_FORMAT).to_string()),
        text(ev.timezone.as_str()),
        Value::Text(to_text(ev.starts_at_utc())),
        text(ev.paper.as_str()),
        text(&ev.official.name),
        text(&ev.official.position),
        text(&ev.official.nip),
        Value::Text(to_text(now)),
    ]
}

pub fn set_archived(
    conn: &Connection,
    id: i64,
    at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<()> {
    set_column(conn, id, Column::ArchivedAt, at.map(to_text), now)
}

pub fn set_closed(
    conn: &Connection,
    id: i64,
    at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<()> {
    set_column(conn, id, Column::ClosedAt, at.map(to_text), now)
}

pub fn set_retain_until(
    conn: &Connection,
    id: i64,
    until: Option<chrono::NaiveDate>,
    now: DateTime<Utc>,
) -> Result<()> {
    let day = until.map(|d| d.format("%Y-%m-%d").to_string());
    set_column(conn, id, Column::RetainUntil, day, now)
}

/// The event columns set one at a time; the SQL names only these.
enum Column {
    ArchivedAt,
    ClosedAt,
    RetainUntil,
}

fn set_column(
    conn: &Connection,
    id: i64,
    column: Column,
    value: Option<String>,
    now: DateTime<Utc>,
) -> Result<()> {
    let sql = match column {
        Column::ArchivedAt => "UPDATE events SET archived_at = ?2, updated_at = ?3 WHERE id = ?1",
        Column::ClosedAt => "UPDATE events SET closed_at = ?2, updated_at = ?3 WHERE id = ?1",
        Column::RetainUntil => "UPDATE events SET retain_until = ?2, updated_at = ?3 WHERE id = ?1",
    };
    if conn.execute(sql, params![id, value, to_text(now)])? == 0 {
        return Err(Error::EventNotFound(id));
    }
    Ok(())
}

/// The event, refused when it is closed: what every write about its
/// attendees and signatures checks first.
pub fn get_open(conn: &Connection, id: i64) -> Result<Event> {
    let event = get(conn, id)?;
    if event.closed_at.is_some() {
        return Err(Error::Closed(format!(
            "Acara \"{}\" sudah ditutup: tidak ada lagi kehadiran atau tanda tangan. Dokumen tetap dapat dicetak dan diperiksa.",
            event.title
        )));
    }
    Ok(event)
}

fn replace_speakers(conn: &Connection, event_id: i64, speakers: &[Speaker]) -> Result<()> {
    conn.execute("DELETE FROM speakers WHERE event_id = ?1", [event_id])?;
    let mut stmt = conn.prepare(
        "INSERT INTO speakers (event_id, position, name, title, institution)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, s) in speakers.iter().enumerate() {
        stmt.execute(params![event_id, i as i64, s.name, s.title, s.institution])?;
    }
    Ok(())
}

pub fn get(conn: &Connection, id: i64) -> Result<Event> {
    let sql = format!("{SELECT} WHERE e.id = ?1");
    let ev = conn
        .query_row(&sql, [id], map_row)
        .optional()?
        .ok_or(Error::EventNotFound(id))?;
    with_speakers(conn, ev)
}

/// Newest start first; archived events only when asked.
pub fn list(conn: &Connection, include_archived: bool) -> Result<Vec<Event>> {
    let filter = if include_archived {
        ""
    } else {
        " WHERE e.archived_at IS NULL"
    };
    let sql = format!("{SELECT}{filter} ORDER BY e.starts_at_utc DESC, e.id DESC");
    let mut stmt = conn.prepare(&sql)?;
    let events = stmt
        .query_map([], map_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    events.into_iter().map(|e| with_speakers(conn, e)).collect()
}

fn with_speakers(conn: &Connection, mut ev: Event) -> Result<Event> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, title, institution FROM speakers WHERE event_id = ?1 ORDER BY position",
    )?;
    ev.speakers = stmt
        .query_map([ev.id], |r| {
            Ok(Speaker {
                name: r.get(0)?,
                title: r.get(1)?,
                institution: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ev)
}

fn map_row(r: &Row<'_>) -> rusqlite::Result<Event> {
    let text_err = |idx: usize, msg: String| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, msg.into())
    };
    let kind: String = r.get(2)?;
    let kind = EventKind::parse(&kind).ok_or_else(|| text_err(2, format!("jenis acara {kind}")))?;
    let starts: String = r.get(5)?;
    let starts_at = NaiveDateTime::parse_from_str(&starts, LOCAL_FORMAT)
        .map_err(|e| text_err(5, e.to_string()))?;
    let tz: String = r.get(6)?;
    let timezone = Zone::parse(&tz).ok_or_else(|| text_err(6, format!("zona {tz}")))?;
    let paper: String = r.get(7)?;
    let paper = Paper::parse(&paper).ok_or_else(|| text_err(7, format!("kertas {paper}")))?;
    let archived_at = match r.get::<_, Option<String>>(11)? {
        Some(_) => Some(utc_column(r, 11)?),
        None => None,
    };
    let closed_at = match r.get::<_, Option<String>>(15)? {
        Some(_) => Some(utc_column(r, 15)?),
        None => None,
    };
    let retain_until = match r.get::<_, Option<String>>(16)? {
        Some(d) => Some(
            chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .map_err(|e| text_err(16, e.to_string()))?,
        ),
        None => None,
    };
    Ok(Event {
        closed_at,
        retain_until,
        id: r.get(0)?,
        title: r.get(1)?,
        kind,
        organizer: r.get(3)?,
        place: r.get(4)?,
        starts_at,
        timezone,
        speakers: Vec::new(),
        official: Official {
            name: r.get(8)?,
            position: r.get(9)?,
            nip: r.get(10)?,
        },
        paper,
        archived_at,
        created_at: utc_column(r, 12)?,
        updated_at: utc_column(r, 13)?,
        date_label: indonesian_date::day_and_date(starts_at.date()),
        time_label: format!(
            "{} {}",
            indonesian_date::time(starts_at.time()),
            timezone.as_str()
        ),
        people_count: r.get(14)?,
    })
}
