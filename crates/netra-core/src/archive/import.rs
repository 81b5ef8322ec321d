//! Reading an archive from elsewhere: every check before anything is kept,
//! and a report that names each problem.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use ed25519_dalek::VerifyingKey;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::tables::{self, Rows, TABLES};
use super::{container, store, Manifest, DOCUMENTS_DIR, MANIFEST};
use crate::audit::{self, Actor};
use crate::declaration::chain;
use crate::error::{Error, Result};
use crate::keys::{self, InstallationKey, TrustedKeys};

/// How to import.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export, rename = "ArchiveImportOptions")]
pub struct ImportOptions {
    /// For an archive sealed with a passphrase.
    pub passphrase: Option<String>,
    /// The signer's fingerprint as the organiser confirmed it: trusts a key
    /// this installation does not know yet. Spaces and case do not matter.
    pub trust_fingerprint: Option<String>,
    /// The name the trusted key gets; empty: "Arsip: <judul acara>".
    pub key_label: String,
}

/// The key that signed an archive, and what this installation makes of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ArchiveSigner")]
pub struct Signer {
    pub key_id: String,
    pub public_key: String,
    pub fingerprint: String,
    /// The fingerprint in groups of four, to read aloud.
    pub fingerprint_grouped: String,
    pub trusted: bool,
    /// In Indonesian: which trusted key it is ("berkas kunci instalasi ini").
    pub trusted_as: Option<String>,
}

/// What an archive holds and whether it can be imported here.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export, rename = "ArchivePreview")]
pub struct Preview {
    pub file: String,
    pub bytes: u64,
    pub encrypted: bool,
    pub manifest: Manifest,
    pub signer: Signer,
    /// PDFs inside.
    pub documents: Vec<String>,
    /// Records in the chain, checked with the signer's key.
    pub chain_records: i64,
    /// In Indonesian, when the event is here already; the import is refused.
    pub conflict: Option<String>,
}

/// An import that was kept.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export, rename = "ArchiveImported")]
pub struct Imported {
    pub id: i64,
    pub title: String,
    pub people: i64,
    pub declarations: i64,
    pub documents: i64,
    /// The signer's key was trusted by this import.
    pub key_trusted_now: bool,
    pub signer: Signer,
}

/// An archive that passed every check that does not depend on this
/// installation's keys.
pub(super) struct Checked {
    pub manifest: Manifest,
    pub manifest_bytes: Vec<u8>,
    pub signer: VerifyingKey,
    pub rows: BTreeMap<&'static str, Rows>,
    pub documents: Vec<(String, Vec<u8>)>,
    /// SHA-256 of the plain archive.
    pub sha256: String,
}

/// Checks the archive at `path` and says what importing it would add. A
/// damaged archive is an error naming every problem.
pub fn inspect(
    conn: &Connection,
    db_path: &Path,
    path: &Path,
    passphrase: Option<&str>,
) -> Result<Preview> {
    let (plain, encrypted, bytes) = read(path, passphrase)?;
    let checked = check(&plain)?;
    let trust = TrustedKeys::gather(conn, &keys::path_for(db_path), &[])?;
    let signer = signer_of(&checked.signer, &trust);
    // The chain is checked with the signer's key here; whether that key
    // is to be trusted is the organiser's decision, shown beside it.
    let with_signer = TrustedKeys::gather(conn, &keys::path_for(db_path), &[checked.signer])?;
    let scratch = store::scratch(db_path)?;
    let report = build_store(scratch.path(), &checked, &with_signer)?;
    Ok(Preview {
        file: path.display().to_string(),
        bytes,
        encrypted,
        documents: checked.documents.iter().map(|(n, _)| n.clone()).collect(),
        chain_records: report.records,
        conflict: conflict(conn, db_path, &checked.manifest)?,
        manifest: checked.manifest,
        signer,
    })
}

/// Imports the archive at `path`: checks everything again, trusts its key
/// if the organiser confirmed the fingerprint, keeps the event in its own
/// file and registers it. Nothing is kept when any step fails.
pub fn import(
    conn: &mut Connection,
    db_path: &Path,
    own: &InstallationKey,
    path: &Path,
    options: &ImportOptions,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Imported> {
    let (plain, _, _) = read(path, options.passphrase.as_deref())?;
    let checked = check(&plain)?;
    if let Some(why) = conflict(conn, db_path, &checked.manifest)? {
        return Err(Error::ArchiveConflict(why));
    }
    let key_file = keys::path_for(db_path);
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut trust = TrustedKeys::gather(&tx, &key_file, &[])?;
    let signer_id = keys::key_id(&checked.signer);
    let fingerprint = keys::fingerprint(&checked.signer);
    let mut key_trusted_now = false;
    if trust.find(&signer_id).is_none() {
        let confirmed = options.trust_fingerprint.as_deref().map(|f| {
            f.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_lowercase()
        });
        match confirmed {
            Some(f) if f == fingerprint => {
                let label = if options.key_label.trim().is_empty() {
                    let title: String = checked.manifest.event.title.chars().take(100).collect();
                    format!("Arsip: {title}")
                } else {
                    options.key_label.clone()
                };
                keys::import_public(
                    &tx,
                    own,
                    &hex::encode(checked.signer.to_bytes()),
                    &label,
                    actor,
                    now,
                )?;
                trust = TrustedKeys::gather(&tx, &key_file, &[])?;
                key_trusted_now = true;
            }
            Some(_) => {
                return Err(Error::field(
                    "trust_fingerprint",
                    format!(
                        "Sidik jari yang dimasukkan tidak sama dengan kunci penanda tangan arsip ({}); arsip tidak diimpor",
                        super::grouped(&fingerprint)
                    ),
                ))
            }
            None => {
                return Err(Error::field(
                    "trust_fingerprint",
                    format!(
                        "Arsip ditandatangani kunci instalasi yang belum dipercaya di sini: kode {signer_id}, sidik jari {}. \
                         Cocokkan sidik jari itu dengan instalasi pengirim (misalnya lewat telepon), lalu percayai kuncinya saat mengimpor. Tidak ada yang diimpor",
                        super::grouped(&fingerprint)
                    ),
                ))
            }
        }
    }
    let dir = store::store_dir(db_path);
    crate::files::private_dir(&dir)?;
    let scratch = store::scratch(db_path)?;
    build_store(scratch.path(), &checked, &trust)?;
    let event = &checked.manifest.event;
    let store_file = store::file_name(&signer_id, event.id);
    let at = crate::db::to_text(now);
    tx.execute(
        "INSERT INTO imported_archives (origin_key_id, origin_event_id, title, starts_at, store_file,
             archive_sha256, manifest, people, declarations, documents, imported_at, imported_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        rusqlite::params![
            signer_id,
            event.id,
            event.title,
            event.starts_at,
            store_file,
            checked.sha256,
            String::from_utf8_lossy(&checked.manifest_bytes),
            checked.manifest.counts.people,
            checked.manifest.counts.declarations,
            checked.documents.len() as i64,
            at,
            keys::importer(actor),
        ],
    )?;
    let id = tx.last_insert_rowid();
    audit::append(
        &tx,
        now,
        actor,
        "archive.import",
        "imported_archive",
        Some(id),
        &serde_json::json!({
            "title": event.title,
            "origin_key_id": signer_id,
            "origin_event_id": event.id,
            "sha256": checked.sha256,
            "people": checked.manifest.counts.people,
            "declarations": checked.manifest.counts.declarations,
            "key_trusted_now": key_trusted_now,
        }),
    )?;
    let final_path = dir.join(&store_file);
    scratch.keep_as(&final_path)?;
    if let Err(e) = tx.commit() {
        let _ = std::fs::remove_file(&final_path);
        return Err(e.into());
    }
    let trust = TrustedKeys::gather(conn, &key_file, &[])?;
    Ok(Imported {
        id,
        title: event.title.clone(),
        people: checked.manifest.counts.people,
        declarations: checked.manifest.counts.declarations,
        documents: checked.documents.len() as i64,
        key_trusted_now,
        signer: signer_of(&checked.signer, &trust),
    })
}

fn signer_of(key: &VerifyingKey, trust: &TrustedKeys) -> Signer {
    let key_id = keys::key_id(key);
    let fingerprint = keys::fingerprint(key);
    let found = trust.find(&key_id).is_some();
    Signer {
        public_key: hex::encode(key.to_bytes()),
        fingerprint_grouped: super::grouped(&fingerprint),
        fingerprint,
        trusted: found,
        trusted_as: found.then(|| trust.describe(&key_id)),
        key_id,
    }
}

/// The archive's bytes, unsealed. Size is checked before reading.
fn read(path: &Path, passphrase: Option<&str>) -> Result<(Vec<u8>, bool, u64)> {
    let cannot = |e: std::io::Error| {
        Error::field(
            "file",
            format!("Berkas {} tidak dapat dibaca: {e}", path.display()),
        )
    };
    let size = std::fs::metadata(path).map_err(cannot)?.len();
    if size > container::MAX_FILE_BYTES {
        return Err(Error::BadArchive(format!(
            "Arsip ditolak: berkas {:.1} GB, lebih besar dari batas {} MB untuk arsip Netra. Tidak ada yang diimpor.",
            size as f64 / 1e9,
            container::MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(path).map_err(cannot)?;
    if crate::crypto::is_encrypted(&bytes) {
        let Some(p) = passphrase.filter(|p| !p.is_empty()) else {
            return Err(Error::field(
                "passphrase",
                "Arsip ini dienkripsi dengan kata sandi; masukkan kata sandinya",
            ));
        };
        return Ok((crate::crypto::decrypt(&bytes, p)?, true, size));
    }
    Ok((bytes, false, size))
}

/// Every check of the archive itself: the ZIP under its limits, the
/// manifest against every entry, the signature, the tables' shape and that
/// every row belongs to the one event.
pub(super) fn check(plain: &[u8]) -> Result<Checked> {
    let opened = container::open(plain)?;
    let mut problems = Vec::new();
    if !opened.signature_ok {
        problems.push(
            "tanda tangan digital arsip tidak cocok: berkas diubah atau rusak sesudah diekspor"
                .into(),
        );
    }
    problems.extend(opened.problems);
    let Some(manifest_bytes) = opened.entries.get(MANIFEST).cloned() else {
        problems.push("manifest.json tidak ada di dalam arsip".into());
        return Err(tables::refused(&problems));
    };
    let manifest: Manifest = match serde_json::from_slice(&manifest_bytes) {
        Ok(m) => m,
        Err(e) => {
            problems.push(format!("manifest.json tidak dapat dibaca ({e})"));
            return Err(tables::refused(&problems));
        }
    };
    if manifest.format != super::FORMAT {
        problems.push(format!("format «{}» bukan arsip Netra", manifest.format));
    }
    if manifest.version > super::VERSION {
        problems.push(format!(
            "arsip versi {} dibuat oleh Netra yang lebih baru (versi ini membaca sampai versi {}); perbarui Netra",
            manifest.version,
            super::VERSION
        ));
    }
    let latest = crate::db::migrations::latest_version() as u32;
    if manifest.schema_version > latest {
        problems.push(format!(
            "tabel arsip berskema {} (versi ini mengenal sampai {latest}); perbarui Netra",
            manifest.schema_version
        ));
    }
    if manifest.signer.public_key != hex::encode(opened.signer.to_bytes()) {
        problems.push("penanda tangan di manifest bukan kunci yang menandatangani berkas".into());
    }
    let listed: BTreeMap<&str, &super::Entry> = manifest
        .entries
        .iter()
        .map(|e| (e.path.as_str(), e))
        .collect();
    if listed.len() != manifest.entries.len() {
        problems.push("manifest mencantumkan satu berkas lebih dari sekali".into());
    }
    for (name, entry) in &listed {
        match opened.entries.get(*name) {
            None => problems.push(format!(
                "berkas «{name}» tercantum di manifest tetapi tidak ada di arsip"
            )),
            Some(bytes) => {
                if bytes.len() as u64 != entry.size
                    || hex::encode(Sha256::digest(bytes)) != entry.sha256
                {
                    problems.push(format!(
                        "isi «{name}» tidak cocok dengan manifest (diubah atau ditukar)"
                    ));
                }
            }
        }
    }
    for name in opened.entries.keys() {
        if name != MANIFEST && !listed.contains_key(name.as_str()) {
            problems.push(format!(
                "berkas tambahan «{name}» tidak tercantum di manifest"
            ));
        }
    }
    let mut rows = BTreeMap::new();
    for (table, _) in TABLES {
        let name = tables::entry_name(table);
        match opened.entries.get(&name) {
            None => problems.push(format!("tabel {table} tidak ada di arsip")),
            Some(bytes) => match tables::parse(table, bytes) {
                Ok(r) => {
                    rows.insert(*table, r);
                }
                Err(why) => problems.push(why),
            },
        }
    }
    let mut documents = Vec::new();
    for (name, bytes) in &opened.entries {
        if let Some(rest) = name.strip_prefix(DOCUMENTS_DIR) {
            if !rest.ends_with(".pdf") || rest.contains('/') || !bytes.starts_with(b"%PDF-") {
                problems.push(format!("«{name}» bukan dokumen PDF"));
            } else {
                documents.push((name.clone(), bytes.clone()));
            }
        } else if name != MANIFEST && !name.starts_with("tables/") {
            problems.push(format!("berkas «{name}» di luar susunan arsip Netra"));
        }
    }
    if problems.is_empty() {
        problems.extend(belongs(&manifest, &rows));
    }
    if !problems.is_empty() {
        problems.dedup();
        return Err(tables::refused(&problems));
    }
    Ok(Checked {
        manifest,
        manifest_bytes,
        signer: opened.signer,
        rows,
        documents,
        sha256: hex::encode(Sha256::digest(plain)),
    })
}

/// Every row belongs to the manifest's event, and every key row is the key
/// it names.
fn belongs(manifest: &Manifest, rows: &BTreeMap<&'static str, Rows>) -> Vec<String> {
    let id = manifest.event.id;
    let mut problems = Vec::new();
    match rows.get("events").map(Vec::as_slice) {
        Some([event]) if tables::int(event, "id") == Some(id) => {
            if tables::text(event, "title") != Some(manifest.event.title.as_str()) {
                problems.push("judul acara di tabel berbeda dengan manifest".into());
            }
        }
        _ => problems.push(format!(
            "tabel events harus berisi tepat satu acara, no. {id}"
        )),
    }
    for table in [
        "speakers",
        "people",
        "hub_devices",
        "declarations",
        "chain_heads",
        "printed_records",
        "audit_log",
    ] {
        for (i, row) in rows.get(table).into_iter().flatten().enumerate() {
            if tables::int(row, "event_id") != Some(id) {
                problems.push(format!(
                    "tabel {table}, baris {}: bukan milik acara no. {id}",
                    i + 1
                ));
                break;
            }
        }
    }
    for (i, row) in rows.get("pledge_texts").into_iter().flatten().enumerate() {
        if !matches!(row.get("event_id"), Some(serde_json::Value::Null) | None)
            && tables::int(row, "event_id") != Some(id)
        {
            problems.push(format!(
                "tabel pledge_texts, baris {}: bukan milik acara no. {id}",
                i + 1
            ));
        }
    }
    for row in rows.get("installation_keys").into_iter().flatten() {
        let named = tables::text(row, "key_id").unwrap_or_default();
        let ok = tables::text(row, "public_key")
            .and_then(|k| keys::parse_public(k).ok())
            .is_some_and(|k| keys::key_id(&k) == named);
        if !ok {
            problems.push(format!(
                "kunci publik {named} di tabel installation_keys tidak cocok dengan kodenya"
            ));
        }
    }
    let count = |t: &str| rows.get(t).map_or(0, |r| r.len() as i64);
    if count("people") != manifest.counts.people
        || count("declarations") != manifest.counts.declarations
    {
        problems.push("jumlah peserta atau pernyataan berbeda dengan manifest".into());
    }
    problems
}

/// Loads the checked rows into a fresh database at `path` and verifies
/// the chain and every printed record there with `trust`.
pub(super) fn build_store(
    path: &Path,
    checked: &Checked,
    trust: &TrustedKeys,
) -> Result<chain::Report> {
    let mut store = crate::db::open(path)?;
    let event_id = checked.manifest.event.id;
    let mut problems = Vec::new();
    {
        let tx = store.transaction()?;
        for (table, _) in TABLES {
            let Some(rows) = checked.rows.get(table) else {
                continue;
            };
            if *table == "events" {
                // Closed events refuse new people and declarations: the
                // event is loaded open and closed again once its rows are in.
                let open: Rows = rows
                    .iter()
                    .map(|r| {
                        let mut r = r.clone();
                        r.insert("closed_at".into(), serde_json::Value::Null);
                        r
                    })
                    .collect();
                if let Err(why) = tables::load(&tx, table, &open) {
                    problems.push(why);
                    break;
                }
                continue;
            }
            if let Err(why) = tables::load(&tx, table, rows) {
                problems.push(why);
                break;
            }
        }
        if problems.is_empty() {
            if let Some(closed) = checked.rows["events"]
                .first()
                .and_then(|r| tables::text(r, "closed_at"))
            {
                tx.execute(
                    "UPDATE events SET closed_at = ?1 WHERE id = ?2",
                    rusqlite::params![closed, event_id],
                )?;
            }
            store::write_meta(&tx, &checked.manifest_bytes, &checked.documents)?;
            tx.commit()?;
        }
    }
    if !problems.is_empty() {
        return Err(tables::refused(&problems));
    }
    let report = chain::verify(&store, event_id, trust)?;
    for finding in &report.findings {
        problems.push(format!("rantai tanda tangan: {}", finding.message));
    }
    problems.extend(store::printed_problems(&store, trust)?);
    store.pragma_update(None, "journal_mode", "DELETE")?;
    drop(store);
    if !problems.is_empty() {
        return Err(tables::refused(&problems));
    }
    Ok(report)
}

/// Why this archive's event cannot be imported here, if it cannot.
fn conflict(conn: &Connection, db_path: &Path, manifest: &Manifest) -> Result<Option<String>> {
    let key_id = &manifest.signer.key_id;
    let event = &manifest.event;
    if let Some(found) = store::find(conn, key_id, event.id)? {
        let counts = &manifest.counts;
        return Ok(Some(
            if found.people == counts.people && found.declarations == counts.declarations {
                format!(
                "Acara «{}» dari instalasi {key_id} sudah diimpor pada {} (impor no. {}), dengan {} peserta dan {} pernyataan yang sama. Tidak ada yang ditambahkan.",
                found.title, found.imported_at, found.id, found.people, found.declarations
            )
            } else {
                format!(
                "Acara «{}» dari instalasi {key_id} sudah diimpor pada {} (impor no. {}) dengan isi berbeda: di sini {} peserta dan {} pernyataan, di arsip ini {} peserta dan {} pernyataan. \
                 Bila arsip ini penggantinya, hapus impor lama lebih dulu. Tidak ada yang diimpor.",
                found.title,
                found.imported_at,
                found.id,
                found.people,
                found.declarations,
                counts.people,
                counts.declarations
            )
            },
        ));
    }
    let key_file = keys::path_for(db_path);
    let own = key_file
        .exists()
        .then(|| InstallationKey::load(&key_file))
        .transpose()?
        .map(|k| k.key_id());
    if own.as_deref() == Some(key_id.as_str()) && crate::db::events::get(conn, event.id).is_ok() {
        return Ok(Some(format!(
            "Acara «{}» dibuat di instalasi ini dan masih ada di sini (acara no. {}). Tidak ada yang diimpor.",
            event.title, event.id
        )));
    }
    Ok(None)
}
