//! Erasing an event when its purpose has ended (UU PDP 27/2022 asks that
//! personal data then goes).
//!
//! One IMMEDIATE transaction removes the event with its people, speakers,
//! pledge texts, declarations, signatures, printed-record register, hall
//! devices and phone sessions, and every audit entry about it (those hold
//! names and NIPs of edits). What stays is one audit entry with counts and
//! the chain head: proof that the records existed and how many, without
//! whose they were. The keep-forever triggers allow this only while the
//! event is listed in `event_erasures` (see migration 9).
//!
//! Deleted rows do not linger in the file: `secure_delete` zeroes what the
//! transaction frees, and a TRUNCATE checkpoint empties the WAL that still
//! holds older page images. Automatic backups that hold the event are
//! removed and a fresh one is written, so no backup of this installation
//! made before the erasure brings the data back; copies the organiser made
//! elsewhere are theirs to delete, and the result says so.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Actor};
use crate::backup;
use crate::db;
use crate::error::{Error, Result};

/// What erasing an event would remove: shown before the organiser confirms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ErasePlan {
    pub event_id: i64,
    pub title: String,
    pub people: i64,
    pub declarations: i64,
    pub printed_records: i64,
    /// What the organiser types to confirm: the event's title.
    pub confirm_with: String,
}

/// What an erasure did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Erased {
    pub plan: ErasePlan,
    /// The chain's last record hash, kept in the audit entry.
    pub chain_head: Option<String>,
    /// Automatic backups that held the event and were removed.
    pub removed_backups: Vec<String>,
    /// The fresh automatic backup(s) written after it.
    pub new_backups: Vec<String>,
    /// In Indonesian: what the organiser must still do themselves.
    pub warnings: Vec<String>,
}

pub fn plan(conn: &Connection, event_id: i64) -> Result<ErasePlan> {
    let event = db::events::get(conn, event_id)?;
    let count = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [event_id], |r| r.get(0))?) };
    Ok(ErasePlan {
        event_id,
        title: event.title.clone(),
        people: count("SELECT COUNT(*) FROM people WHERE event_id = ?1")?,
        declarations: count("SELECT COUNT(*) FROM declarations WHERE event_id = ?1")?,
        printed_records: count("SELECT COUNT(*) FROM printed_records WHERE event_id = ?1")?,
        confirm_with: event.title,
    })
}

/// Erases the event once `confirm` is its title; see the module comment.
pub fn erase(
    conn: &mut Connection,
    db_path: &Path,
    event_id: i64,
    confirm: &str,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Erased> {
    let plan = plan(conn, event_id)?;
    if confirm.trim() != plan.confirm_with.trim() {
        return Err(Error::field(
            "confirm",
            format!(
                "Untuk menghapus, ketik judul acara persis: \"{}\" ({} peserta, {} surat pernyataan akan dihapus selamanya)",
                plan.confirm_with, plan.people, plan.declarations
            ),
        ));
    }
    conn.pragma_update(None, "secure_delete", "ON")?;
    let removed = remove_rows(conn, &plan, actor, now);
    conn.pragma_update(None, "secure_delete", "OFF")?;
    let chain_head = removed?;

    let mut warnings = Vec::new();
    // Older page images of the deleted rows sit in the WAL until it is
    // emptied; a reader in another window can hold it for a moment.
    let (busy, _, _): (i64, i64, i64) =
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    if busy != 0 {
        warnings.push(
            "Berkas -wal basis data belum dapat dikosongkan karena sedang dibaca; Netra mengosongkannya saat ditutup.".to_string(),
        );
    }
    let mut removed_backups = Vec::new();
    let settings = backup::auto_settings(conn, db_path)?;
    let mut folders = vec![backup::auto_dir(db_path)];
    folders.extend(settings.second_dir.map(Into::into));
    for folder in folders {
        for file in backup::list_auto(&folder)? {
            if holds_event(Path::new(&file.path), &plan) && std::fs::remove_file(&file.path).is_ok()
            {
                removed_backups.push(file.path);
            }
        }
    }
    let fresh = backup::run_auto(conn, db_path, "acara dihapus", now)?;
    warnings.extend(fresh.warnings);
    warnings.push(
        "Cadangan manual dan ekspor yang disimpan di tempat lain masih memuat data acara ini; hapus sendiri."
            .to_string(),
    );
    Ok(Erased {
        plan,
        chain_head,
        removed_backups,
        new_backups: fresh.written.into_iter().map(|w| w.path).collect(),
        warnings,
    })
}

/// The one transaction; the chain head it kept.
fn remove_rows(
    conn: &mut Connection,
    plan: &ErasePlan,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Option<String>> {
    let id = plan.event_id;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let head: Option<(i64, String)> = tx
        .query_row(
            "SELECT seq, record_hash FROM chain_heads WHERE event_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    tx.execute("INSERT INTO event_erasures (event_id) VALUES (?1)", [id])?;
    for sql in [
        "DELETE FROM hub_phones WHERE event_id = ?1",
        "DELETE FROM signatures WHERE declaration_id IN (SELECT id FROM declarations WHERE event_id = ?1)",
        "DELETE FROM declarations WHERE event_id = ?1",
        "DELETE FROM hub_devices WHERE event_id = ?1",
        "DELETE FROM printed_records WHERE event_id = ?1",
        "DELETE FROM chain_heads WHERE event_id = ?1",
        "DELETE FROM pledge_texts WHERE event_id = ?1",
        "DELETE FROM people WHERE event_id = ?1",
        "DELETE FROM audit_log WHERE event_id = ?1",
        "DELETE FROM event_papers WHERE event_id = ?1",
        // The official's signature and stamp go with the event unless
        // another event or a letterhead still uses them.
        "DELETE FROM images WHERE ?1 IS NOT NULL AND id NOT IN (
            SELECT logo_id FROM letterheads WHERE logo_id IS NOT NULL
            UNION SELECT logo_left_id FROM event_papers WHERE logo_left_id IS NOT NULL
            UNION SELECT logo_right_id FROM event_papers WHERE logo_right_id IS NOT NULL
            UNION SELECT signature_id FROM event_papers WHERE signature_id IS NOT NULL
            UNION SELECT stamp_id FROM event_papers WHERE stamp_id IS NOT NULL
            UNION SELECT background_id FROM event_papers WHERE background_id IS NOT NULL)",
        "DELETE FROM events WHERE id = ?1",
        "DELETE FROM event_erasures WHERE event_id = ?1",
    ] {
        tx.execute(sql, params![id])?;
    }
    audit::append(
        &tx,
        now,
        actor,
        "event.erase",
        "event",
        Some(id),
        &serde_json::json!({
            "title": plan.title,
            "people": plan.people,
            "declarations": plan.declarations,
            "printed_records": plan.printed_records,
            "chain_head": head.as_ref().map(|(seq, hash)| serde_json::json!({"seq": seq, "record_hash": hash})),
        }),
    )?;
    tx.commit()?;
    Ok(head.map(|(_, hash)| hash))
}

/// Whether the backup at `path` still holds this event (same id and title).
fn holds_event(path: &Path, plan: &ErasePlan) -> bool {
    let Ok(conn) = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return false;
    };
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM events WHERE id = ?1 AND title = ?2)",
        params![plan.event_id, plan.title],
        |r| r.get(0),
    )
    .unwrap_or(false)
}
