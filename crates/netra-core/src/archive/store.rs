//! Imported events, each in its own SQLite file under `arsip-impor/`, and
//! the checks that read them: the chain, printed records and QR codes.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Actor};
use crate::declaration::chain;
use crate::error::{Error, Result};
use crate::keys::{self, TrustedKeys};
use crate::pdf::register::{self, QrCheck, QrStatus};

/// The folder of imported events, beside the database.
pub fn store_dir(db_path: &Path) -> PathBuf {
    match db_path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join("arsip-impor"),
        _ => PathBuf::from("arsip-impor"),
    }
}

/// A fresh database file in the store folder for an archive being checked.
pub(super) fn scratch(db_path: &Path) -> Result<crate::db::Scratch> {
    let dir = store_dir(db_path);
    crate::files::private_dir(&dir)?;
    Ok(crate::db::Scratch::at(dir.join(format!(
        ".periksa-{}-{:016x}.db",
        std::process::id(),
        fastrand::u64(..)
    ))))
}

pub(super) fn file_name(key_id: &str, event_id: i64) -> String {
    format!("{key_id}-acara-{event_id}.db")
}

/// One imported event, as registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportedArchive {
    pub id: i64,
    pub origin_key_id: String,
    pub origin_event_id: i64,
    pub title: String,
    /// Wall clock in `timezone`, as the archive's event says.
    pub starts_at: String,
    pub timezone: String,
    pub people: i64,
    pub declarations: i64,
    pub documents: Vec<String>,
    pub imported_at: String,
    pub imported_by: String,
    pub archive_sha256: String,
    store_file: String,
}

const SELECT: &str = "SELECT id, origin_key_id, origin_event_id, title, starts_at, people,
        declarations, imported_at, imported_by, archive_sha256, store_file, manifest
     FROM imported_archives";

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<ImportedArchive> {
    let manifest: String = r.get(11)?;
    let (documents, timezone) = serde_json::from_str::<super::Manifest>(&manifest)
        .map(|m| {
            let documents = m
                .entries
                .into_iter()
                .filter(|e| e.path.starts_with(super::DOCUMENTS_DIR))
                .map(|e| e.path)
                .collect();
            (documents, m.event.timezone)
        })
        .unwrap_or_default();
    Ok(ImportedArchive {
        id: r.get(0)?,
        origin_key_id: r.get(1)?,
        origin_event_id: r.get(2)?,
        title: r.get(3)?,
        starts_at: r.get(4)?,
        people: r.get(5)?,
        declarations: r.get(6)?,
        imported_at: r.get(7)?,
        imported_by: r.get(8)?,
        archive_sha256: r.get(9)?,
        store_file: r.get(10)?,
        documents,
        timezone,
    })
}

/// Every imported event, newest import first.
pub fn list(conn: &Connection) -> Result<Vec<ImportedArchive>> {
    let rows = conn
        .prepare(&format!("{SELECT} ORDER BY imported_at DESC, id DESC"))?
        .query_map([], map)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(super) fn find(
    conn: &Connection,
    key_id: &str,
    event_id: i64,
) -> Result<Option<ImportedArchive>> {
    Ok(conn
        .query_row(
            &format!("{SELECT} WHERE origin_key_id = ?1 AND origin_event_id = ?2"),
            params![key_id, event_id],
            map,
        )
        .optional()?)
}

fn get(conn: &Connection, id: i64) -> Result<ImportedArchive> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], map)
        .optional()?
        .ok_or_else(|| Error::field("import_id", format!("Arsip impor no. {id} tidak ada")))
}

/// Opens an imported event's file (read-only: nothing here changes it).
pub fn open_store(db_path: &Path, archive: &ImportedArchive) -> Result<Connection> {
    let path = store_dir(db_path).join(&archive.store_file);
    if !path.is_file() {
        return Err(Error::BadArchive(format!(
            "Berkas arsip impor «{}» ({}) hilang dari folder {}; impor ulang berkas .netra-nya",
            archive.title,
            archive.store_file,
            store_dir(db_path).display()
        )));
    }
    Ok(Connection::open_with_flags(
        &path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?)
}

/// Verifies imported event `id`'s chain with this installation's trusted
/// keys, as its own chains are.
pub fn verify(conn: &Connection, db_path: &Path, id: i64) -> Result<chain::Report> {
    let archive = get(conn, id)?;
    let store = open_store(db_path, &archive)?;
    let trust = TrustedKeys::gather(conn, &keys::path_for(db_path), &[])?;
    let mut report = chain::verify(&store, archive.origin_event_id, &trust)?;
    let printed = printed_problems(&store, &trust)?;
    for message in printed {
        report.findings.push(chain::Finding {
            seq: 0,
            declaration_id: None,
            problem: chain::Problem::Head,
            message,
        });
    }
    Ok(report)
}

/// Removes imported event `id`: its file and its registration. The
/// archive it came from is untouched, so it can be imported again.
pub fn remove(
    conn: &Connection,
    db_path: &Path,
    id: i64,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<ImportedArchive> {
    let archive = get(conn, id)?;
    audit::append(
        conn,
        now,
        actor,
        "archive.remove",
        "imported_archive",
        Some(id),
        &serde_json::json!({
            "title": archive.title,
            "origin_key_id": archive.origin_key_id,
            "origin_event_id": archive.origin_event_id,
            "people": archive.people,
            "declarations": archive.declarations,
        }),
    )?;
    conn.execute("DELETE FROM imported_archives WHERE id = ?1", [id])?;
    let path = store_dir(db_path).join(&archive.store_file);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e.into()),
    }
    Ok(archive)
}

/// The bytes of one PDF that came with imported event `id`.
pub fn document(conn: &Connection, db_path: &Path, id: i64, name: &str) -> Result<Vec<u8>> {
    let archive = get(conn, id)?;
    let store = open_store(db_path, &archive)?;
    store
        .query_row(
            "SELECT bytes FROM archive_documents WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::field("name", format!("Dokumen «{name}» tidak ada di arsip ini")))
}

/// What an imported event's file holds besides the tables: the manifest
/// and the PDFs, exactly as they came.
pub(super) fn write_meta(
    conn: &Connection,
    manifest: &[u8],
    documents: &[(String, Vec<u8>)],
) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE archive_manifest (json TEXT NOT NULL) STRICT;
         CREATE TABLE archive_documents (name TEXT PRIMARY KEY, bytes BLOB NOT NULL) STRICT;",
    )?;
    conn.execute(
        "INSERT INTO archive_manifest (json) VALUES (?1)",
        [String::from_utf8_lossy(manifest)],
    )?;
    for (name, bytes) in documents {
        conn.execute(
            "INSERT INTO archive_documents (name, bytes) VALUES (?1, ?2)",
            params![name, bytes],
        )?;
    }
    Ok(())
}

/// Printed records whose signature no trusted key vouches for.
pub(super) fn printed_problems(store: &Connection, trust: &TrustedKeys) -> Result<Vec<String>> {
    type Row = (
        i64,
        String,
        String,
        String,
        i64,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = store
        .prepare(
            "SELECT id, key_id, content_hash, signature, sig_version, claims, claims_signature
             FROM printed_records ORDER BY id",
        )?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (id, key_id, hash, signature, version, claims, claims_signature) in rows {
        let ok = trust.find(&key_id).is_some_and(|k| {
            register::signature_ok(&k.key, &key_id, id, &hash, &signature, version)
                && match (&claims, &claims_signature) {
                    (None, None) => true,
                    (Some(c), Some(s)) => register::claims_signature_ok(&k.key, &key_id, id, c, s),
                    _ => false,
                }
        });
        if !ok {
            out.push(format!(
                "catatan cetak no. {id}: tanda tangan kunci {key_id} tidak sah atau kuncinya tidak dipercaya"
            ));
        }
    }
    Ok(out)
}

/// A QR code this database has no record of, checked in the imported
/// events of the installation that printed it. `None` when none holds it.
pub fn check_qr_in_imports(
    conn: &Connection,
    db_path: &Path,
    trust: &TrustedKeys,
    text: &str,
) -> Result<Option<QrCheck>> {
    let Ok(payload) = register::parse_payload(text) else {
        return Ok(None);
    };
    let candidates: Vec<ImportedArchive> = conn
        .prepare(&format!("{SELECT} WHERE origin_key_id = ?1 ORDER BY id"))?
        .query_map([&payload.key_id], map)?
        .collect::<rusqlite::Result<_>>()?;
    for archive in candidates {
        let Ok(store) = open_store(db_path, &archive) else {
            continue;
        };
        let mut found = register::check(&store, trust, text, crate::pdf::facts_now)?;
        if found.status != QrStatus::UnknownRecord {
            found.details.push(format!(
                "Diperiksa pada arsip impor «{}» (acara no. {} di instalasi {}, diimpor {}).",
                archive.title, archive.origin_event_id, archive.origin_key_id, archive.imported_at
            ));
            return Ok(Some(found));
        }
    }
    Ok(None)
}
