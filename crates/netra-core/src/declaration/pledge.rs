//! Pledge texts: the *surat pernyataan netralitas* an attendee reads
//! and signs. Every text is a version with a content hash; an edit makes a
//! new version and the schema refuses changes to stored ones, so the hash a
//! declaration keeps always names the exact words that were signed.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use unicode_normalization::UnicodeNormalization;

use crate::audit::{self, Actor};
use crate::db;
use crate::error::{Error, FieldError, Result};

/// The title every event starts with.
pub const DEFAULT_TITLE: &str = "SURAT PERNYATAAN NETRALITAS";

/// The default commitments, shipped in `assets/pledge/`.
pub const DEFAULT_BODY: &str =
    include_str!("../../../../assets/pledge/surat-pernyataan-netralitas.txt");

const MAX_TITLE: usize = 200;
const MAX_BODY: usize = 20_000;

/// One version of an event's pledge text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PledgeText {
    pub id: i64,
    pub event_id: i64,
    pub version: i64,
    pub title: String,
    pub body: String,
    /// SHA-256 (hex) of the canonical title and body.
    pub content_hash: String,
    pub created_at: DateTime<Utc>,
}

/// The form of a text that is hashed: NFC, `\n` line ends, no trailing
/// spaces, no blank lines at either end. Two texts that look the same on
/// screen hash the same.
pub fn canonical(text: &str) -> String {
    let text: String = text.nfc().collect();
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.trim_end_matches('\r').trim_end())
        .collect();
    lines.join("\n").trim_matches('\n').trim().to_string()
}

/// How new texts are hashed (`pledge_texts.hash_version`).
pub const HASH_VERSION: i64 = 2;

/// The hash a declaration stores for `title` + `body`. Each part is
/// length-prefixed, so no other split of the same words hashes the same.
pub fn content_hash(title: &str, body: &str) -> String {
    let (title, body) = (canonical(title), canonical(body));
    let mut h = Sha256::new();
    h.update(b"netra-pledge:v2\n");
    for part in [&title, &body] {
        h.update(format!("{}\n", part.len()).as_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// The hash of a stored text under the scheme it was stored with; `None`
/// for a scheme this build does not know.
pub fn content_hash_v(version: i64, title: &str, body: &str) -> Option<String> {
    match version {
        // Before version 7 of the schema: "title\n\nbody", ambiguous when
        // the title itself holds a blank line. Kept to check old texts.
        1 => {
            let mut h = Sha256::new();
            h.update(canonical(title).as_bytes());
            h.update(b"\n\n");
            h.update(canonical(body).as_bytes());
            Some(hex::encode(h.finalize()))
        }
        2 => Some(content_hash(title, body)),
        _ => None,
    }
}

/// The text attendees see now: the newest version, or the default stored
/// as version 1 the first time an event needs one.
pub fn current(conn: &mut Connection, event_id: i64, now: DateTime<Utc>) -> Result<PledgeText> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    db::events::get(&tx, event_id)?;
    let text = match latest(&tx, event_id)? {
        Some(t) => t,
        None => insert(&tx, event_id, 1, DEFAULT_TITLE, DEFAULT_BODY, now)?,
    };
    tx.commit()?;
    Ok(text)
}

/// Saves an edited text as the next version; an unchanged text (same hash)
/// stays the current version and writes nothing.
pub fn edit(
    conn: &mut Connection,
    event_id: i64,
    title: &str,
    body: &str,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<PledgeText> {
    let (title, body) = (canonical(title), canonical(body));
    let mut errors = Vec::new();
    for (field, value, max) in [("title", &title, MAX_TITLE), ("body", &body, MAX_BODY)] {
        let n = value.chars().count();
        if n == 0 {
            errors.push(FieldError::new(field, "tidak boleh kosong"));
        } else if n > max {
            errors.push(FieldError::new(
                field,
                format!("terlalu panjang ({n} karakter, paling banyak {max})"),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let before = current(conn, event_id, now)?;
    if (canonical(&before.title), canonical(&before.body)) == (canonical(&title), canonical(&body))
    {
        return Ok(before);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let text = insert(&tx, event_id, before.version + 1, &title, &body, now)?;
    audit::append(
        &tx,
        now,
        actor,
        "pledge.edit",
        "pledge_text",
        Some(text.id),
        &serde_json::json!({
            "event_id": event_id,
            "version": text.version,
            "replaces": before.content_hash,
            "content_hash": text.content_hash,
        }),
    )?;
    tx.commit()?;
    Ok(text)
}

/// Every version of an event's text, oldest first.
pub fn versions(conn: &Connection, event_id: i64) -> Result<Vec<PledgeText>> {
    let mut stmt = conn.prepare(&format!("{SELECT} WHERE event_id = ?1 ORDER BY version"))?;
    let rows = stmt.query_map([event_id], map)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The version of an event's text with this hash, if there is one.
pub fn by_hash(conn: &Connection, event_id: i64, hash: &str) -> Result<Option<PledgeText>> {
    Ok(conn
        .query_row(
            &format!("{SELECT} WHERE event_id = ?1 AND content_hash = ?2 ORDER BY version LIMIT 1"),
            params![event_id, hash],
            map,
        )
        .optional()?)
}

const SELECT: &str =
    "SELECT id, event_id, version, title, body, content_hash, created_at FROM pledge_texts";

fn latest(conn: &Connection, event_id: i64) -> Result<Option<PledgeText>> {
    Ok(conn
        .query_row(
            &format!("{SELECT} WHERE event_id = ?1 ORDER BY version DESC LIMIT 1"),
            [event_id],
            map,
        )
        .optional()?)
}

fn insert(
    conn: &Connection,
    event_id: i64,
    version: i64,
    title: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<PledgeText> {
    let (title, body) = (canonical(title), canonical(body));
    conn.execute(
        "INSERT INTO pledge_texts (event_id, version, title, body, content_hash, created_at,
             hash_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            event_id,
            version,
            title,
            body,
            content_hash(&title, &body),
            db::to_text(now),
            HASH_VERSION
        ],
    )?;
    let id = conn.last_insert_rowid();
    Ok(conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], map)?)
}

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<PledgeText> {
    Ok(PledgeText {
        id: r.get(0)?,
        event_id: r.get(1)?,
        version: r.get(2)?,
        title: r.get(3)?,
        body: r.get(4)?,
        content_hash: r.get(5)?,
        created_at: db::utc_column(r, 6)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_that_look_the_same_hash_the_same() {
        let a = content_hash("Judul", "1. Netral.\r\n2. Tidak berpihak.  \n\n");
        let b = content_hash("Judul ", "1. Netral.\n2. Tidak berpihak.");
        assert_eq!(a, b);
        // "é" composed and decomposed.
        assert_eq!(content_hash("Café", "x"), content_hash("Cafe\u{301}", "x"));
        assert_ne!(a, content_hash("Judul", "1. Netral."));
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn the_same_words_split_differently_between_title_and_body_hash_differently() {
        let title_takes_a_line = content_hash("PERNYATAAN\n\nSaya berjanji", "1. Netral.");
        let body_takes_it = content_hash("PERNYATAAN", "Saya berjanji\n\n1. Netral.");
        assert_ne!(title_takes_a_line, body_takes_it);
        // The scheme before it could not tell them apart; old texts still check.
        assert_eq!(
            content_hash_v(1, "PERNYATAAN\n\nSaya berjanji", "1. Netral."),
            content_hash_v(1, "PERNYATAAN", "Saya berjanji\n\n1. Netral.")
        );
        assert_eq!(
            content_hash_v(2, "Judul", "Isi"),
            Some(content_hash("Judul", "Isi"))
        );
        assert_eq!(content_hash_v(9, "Judul", "Isi"), None);
    }

    #[test]
    fn the_default_text_has_the_commitments() {
        for needle in [
            "netralitas",
            "politik praktis",
            "media sosial",
            "politik uang",
            "sanksi",
        ] {
            assert!(DEFAULT_BODY.contains(needle), "{needle}");
        }
    }
}
