//! Writing an event's archive.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::tables::{self, TABLES};
use super::{container, Counts, Entry, EventSummary, Manifest, SignerKey, DOCUMENTS_DIR};
use crate::audit::{self, Actor};
use crate::error::{Error, Result};
use crate::keys::{self, InstallationKey};
use crate::pdf::register::RecordKind;
use crate::pdf::{self, PrintRequest, Scope};

/// How to export.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export, rename = "ArchiveExportOptions")]
pub struct ExportOptions {
    /// Also render the four documents (daftar hadir, berita acara, every
    /// statement, every certificate) into the archive.
    pub with_documents: bool,
    /// Seal the whole file with this passphrase (age, scrypt).
    pub passphrase: Option<String>,
}

/// What was written.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export, rename = "ArchiveExported")]
pub struct Exported {
    pub path: String,
    pub bytes: u64,
    /// Of the file as written (sealed or not).
    pub sha256: String,
    pub counts: Counts,
    pub documents: Vec<String>,
    pub encrypted: bool,
    pub signer: SignerKey,
    /// In Indonesian: an unencrypted file holds personal data; a document
    /// that could not be rendered.
    pub warnings: Vec<String>,
}

/// The suggested file name: "Arsip - <judul acara>.netra".
pub fn file_name(conn: &Connection, event_id: i64) -> Result<String> {
    let event = crate::db::events::get(conn, event_id)?;
    Ok(crate::files::for_event(
        "Arsip",
        &event.title,
        super::EXTENSION,
    ))
}

/// Writes event `event_id`'s archive to `dest`, signed by `key`. The tables
/// are read in one transaction, so an archive taken while kiosks sign
/// holds a whole chain. Documents are rendered first, so their printed
/// records are inside.
pub fn export(
    conn: &mut Connection,
    key: &InstallationKey,
    event_id: i64,
    dest: &Path,
    options: &ExportOptions,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Exported> {
    crate::db::events::get(conn, event_id)?;
    if let Some(p) = &options.passphrase {
        crate::crypto::check_passphrase(p)?;
    }
    let mut warnings = Vec::new();
    let mut documents: Vec<(String, Vec<u8>)> = Vec::new();
    if options.with_documents {
        for (kind, scope) in [
            (RecordKind::DaftarHadir, Scope::Attended),
            (RecordKind::BeritaAcara, Scope::Attended),
            (RecordKind::Pernyataan, Scope::Attended),
            (RecordKind::Sertifikat, Scope::Attended),
        ] {
            let req = PrintRequest {
                event_id,
                kind,
                paper: String::new(),
                scope,
                person_ids: Vec::new(),
            };
            match pdf::render(conn, key, &req, now, &mut |_, _| {}) {
                Ok(doc) => {
                    let name = pdf::file_name(conn, &req)?;
                    documents.push((document_entry(&name), doc.bytes));
                }
                // Nothing to print of this kind (no statement signed yet).
                Err(Error::Invalid(fields)) => warnings.push(format!(
                    "{} tidak disertakan: {}",
                    kind.label(),
                    fields
                        .iter()
                        .map(|f| f.message.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                )),
                Err(e) => return Err(e),
            }
        }
    }

    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    let mut counts = Counts::default();
    let mut event_row = None;
    {
        let tx = conn.transaction()?;
        for (table, sql) in TABLES {
            let (text, rows) = tables::dump(&tx, sql, event_id)?;
            match *table {
                "events" => {
                    event_row = tables::parse(table, text.as_bytes())
                        .ok()
                        .and_then(|r| r.into_iter().next())
                }
                "people" => counts.people = rows as i64,
                "declarations" => counts.declarations = rows as i64,
                "printed_records" => counts.printed_records = rows as i64,
                "audit_log" => counts.audit_entries = rows as i64,
                _ => {}
            }
            entries.push((tables::entry_name(table), text.into_bytes()));
        }
        (counts.attended, counts.voided) = tx.query_row(
            "SELECT (SELECT COUNT(*) FROM people p WHERE p.event_id = ?1 AND (p.checked_in_at IS NOT NULL
                        OR EXISTS (SELECT 1 FROM declarations d WHERE d.person_id = p.id))),
                    (SELECT COUNT(*) FROM declarations WHERE event_id = ?1 AND voided_at IS NOT NULL)",
            [event_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        tx.commit()?;
    }
    let event_row = event_row.ok_or(Error::EventNotFound(event_id))?;
    counts.documents = documents.len() as i64;
    let document_names: Vec<String> = documents.iter().map(|(n, _)| n.clone()).collect();
    entries.extend(documents);

    let text = |name: &str| {
        tables::text(&event_row, name)
            .unwrap_or_default()
            .to_string()
    };
    let signer = SignerKey {
        key_id: key.key_id(),
        public_key: hex::encode(key.verifying_key().to_bytes()),
        fingerprint: keys::fingerprint(&key.verifying_key()),
    };
    let manifest = Manifest {
        format: super::FORMAT.into(),
        version: super::VERSION,
        schema_version: crate::db::migrations::latest_version() as u32,
        created_at: crate::db::to_text(now),
        generator: format!("Netra {}", env!("CARGO_PKG_VERSION")),
        event: EventSummary {
            id: event_id,
            title: text("title"),
            organizer: text("organizer"),
            place: text("place"),
            starts_at: text("starts_at"),
            timezone: text("timezone"),
            closed_at: tables::text(&event_row, "closed_at").map(str::to_string),
        },
        counts: counts.clone(),
        signer: signer.clone(),
        entries: entries
            .iter()
            .map(|(path, bytes)| Entry {
                path: path.clone(),
                size: bytes.len() as u64,
                sha256: hex::encode(Sha256::digest(bytes)),
            })
            .collect(),
    };
    let manifest_json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| Error::Environment(format!("Manifest arsip tidak dapat ditulis: {e}")))?;
    let mut all = vec![(super::MANIFEST.to_string(), manifest_json)];
    all.extend(entries);
    let mut bytes = container::write(&all, key)?;
    let encrypted = options.passphrase.is_some();
    if let Some(p) = &options.passphrase {
        bytes = crate::crypto::encrypt(&bytes, p)?;
    } else {
        warnings.push(
            "Arsip tidak dienkripsi: berisi nama, NIP, nomor HP dan tanda tangan peserta yang dapat dibaca siapa pun yang memegang berkasnya. Simpan di tempat aman, atau ekspor dengan kata sandi.".into(),
        );
    }
    crate::files::write(dest, &bytes)?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    audit::append(
        conn,
        now,
        actor,
        "archive.export",
        "event",
        Some(event_id),
        &serde_json::json!({
            "file": dest.file_name().map(|n| n.to_string_lossy().into_owned()),
            "sha256": sha256,
            "people": counts.people,
            "declarations": counts.declarations,
            "documents": counts.documents,
            "encrypted": encrypted,
        }),
    )?;
    Ok(Exported {
        path: dest.display().to_string(),
        bytes: bytes.len() as u64,
        sha256,
        counts,
        documents: document_names,
        encrypted,
        signer,
        warnings,
    })
}

/// `documents/<ASCII name>.pdf`: entry names stay plain ASCII so every
/// unzip tool and file system takes them.
fn document_entry(file_name: &str) -> String {
    let stem = file_name.strip_suffix(".pdf").unwrap_or(file_name);
    let mut clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    while clean.contains("__") {
        clean = clean.replace("__", "_");
    }
    let clean = clean.trim_matches(|c| c == '_' || c == '.');
    let clean: String = clean.chars().take(120).collect();
    format!(
        "{DOCUMENTS_DIR}{}.pdf",
        if clean.is_empty() { "dokumen" } else { &clean }
    )
}
