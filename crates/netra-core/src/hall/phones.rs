//! Attendees' own phones. Scanning the rotating QR opens a phone session
//! whose token the phone keeps; the session may sign for exactly one
//! person. The database holds the token's hash and, once signed, which
//! declaration it made.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::tokens;
use crate::db;
use crate::error::{Error, Result};

/// A phone session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phone {
    pub id: i64,
    pub event_id: i64,
    /// The declaration it signed, once it has.
    pub declaration_id: Option<i64>,
}

/// Opens a phone session for `event_id` (the scanned code already
/// accepted); returns it with its token, shown to the phone once.
pub fn open(conn: &Connection, event_id: i64, now: DateTime<Utc>) -> Result<(Phone, String)> {
    db::events::get(conn, event_id)?;
    let token = tokens::new_token();
    conn.execute(
        "INSERT INTO hub_phones (event_id, token_hash, opened_at) VALUES (?1, ?2, ?3)",
        params![event_id, tokens::hash(&token), db::to_text(now)],
    )?;
    let phone = Phone {
        id: conn.last_insert_rowid(),
        event_id,
        declaration_id: None,
    };
    Ok((phone, token))
}

/// The phone session a token belongs to, for `event_id`.
pub fn authenticate(conn: &Connection, event_id: i64, token: &str) -> Result<Phone> {
    let unknown = || {
        Error::Unauthorized(
            "Sesi ponsel ini tidak dikenal atau sudah berakhir. Pindai lagi kode QR di layar"
                .into(),
        )
    };
    if !tokens::well_formed(token) {
        return Err(unknown());
    }
    let phone = conn
        .query_row(
            "SELECT id, event_id, declaration_id FROM hub_phones WHERE token_hash = ?1",
            [tokens::hash(token)],
            |r| {
                Ok(Phone {
                    id: r.get(0)?,
                    event_id: r.get(1)?,
                    declaration_id: r.get(2)?,
                })
            },
        )
        .optional()?
        .ok_or_else(unknown)?;
    if phone.event_id != event_id {
        return Err(unknown());
    }
    Ok(phone)
}

/// Refuses a second signature from one phone session.
pub(crate) fn check_unused(conn: &Connection, event_id: i64, id: i64) -> Result<()> {
    let used: Option<Option<i64>> = conn
        .query_row(
            "SELECT declaration_id FROM hub_phones WHERE id = ?1 AND event_id = ?2",
            params![id, event_id],
            |r| r.get(0),
        )
        .optional()?;
    match used {
        Some(None) => Ok(()),
        Some(Some(_)) => Err(Error::PhoneUsed),
        None => Err(Error::Unauthorized(
            "Sesi ponsel ini tidak dikenal. Pindai lagi kode QR di layar".into(),
        )),
    }
}

/// Marks the session as having signed `declaration_id` (same transaction).
pub(crate) fn spend(conn: &Connection, id: i64, declaration_id: i64) -> Result<()> {
    let n = conn.execute(
        "UPDATE hub_phones SET declaration_id = ?2 WHERE id = ?1 AND declaration_id IS NULL",
        params![id, declaration_id],
    )?;
    match n {
        1 => Ok(()),
        _ => Err(Error::PhoneUsed),
    }
}
