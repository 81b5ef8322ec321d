//! The installation's Ed25519 key: it signs every declaration record, so a
//! record edited outside Netra no longer verifies.
//!
//! The private key lives in its own file (mode 0600) beside the database,
//! never inside it: a copied or backed-up database carries public keys only.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use rusqlite::{params, Connection};
use sha2::{Digest, Sha256};

use crate::db;
use crate::error::{Error, Result};

/// File name of the private key, next to the database file.
pub const KEY_FILE: &str = "installation-key.ed25519";
const HEADER: &str = "netra-ed25519-v1";

/// Where the key for the database at `db_path` lives.
pub fn path_for(db_path: &Path) -> PathBuf {
    match db_path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(KEY_FILE),
        _ => PathBuf::from(KEY_FILE),
    }
}

/// The installation's signing key.
pub struct InstallationKey {
    signing: SigningKey,
}

impl std::fmt::Debug for InstallationKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "InstallationKey({})", self.key_id())
    }
}

impl InstallationKey {
    /// A fresh random key (first run, tests).
    pub fn generate() -> Self {
        Self {
            signing: SigningKey::generate(&mut rand_core::OsRng),
        }
    }

    /// Reads the key at `path`, creating it when there is none. Creation
    /// links a finished temporary file into place, so two processes
    /// starting at once end up with the same key and a crash never leaves
    /// half a key. On file systems without hard links (FAT/exFAT on a USB
    /// stick) the file is created exclusively and written in place. The
    /// folder is synced after, so the new name survives a power cut.
    ///
    /// Prefer [`InstallationKey::for_database`]: it refuses to make a new
    /// key for a database that has already signed with another.
    pub fn load_or_create(path: &Path) -> Result<Self> {
        if path.exists() {
            return Self::load(path);
        }
        let key = Self::generate();
        let text = format!("{HEADER}\n{}\n", hex::encode(key.signing.to_bytes()));
        let failed = |e: std::io::Error| {
            Error::KeyFile(format!(
                "kunci instalasi tidak dapat dibuat di {}: {e}",
                path.display()
            ))
        };
        match write_linked(path, text.as_bytes()) {
            Ok(()) => {}
            // Someone else created it first: use theirs.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Self::load(path),
            Err(_) => match write_exclusive(path, text.as_bytes()) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Self::load(path),
                Err(e) => return Err(failed(e)),
            },
        }
        sync_dir(path);
        Ok(key)
    }

    /// The key of the database `conn` at `db_path`, recorded in it. A key is
    /// made only for a database that has never signed anything; when the
    /// database names keys and the file beside it is missing or another
    /// key, that is an error saying how to restore it, never a new key
    /// (which would make every earlier record look foreign).
    pub fn for_database(conn: &Connection, db_path: &Path, now: DateTime<Utc>) -> Result<Self> {
        let path = path_for(db_path);
        let recorded: Vec<String> = conn
            .prepare("SELECT key_id FROM installation_keys ORDER BY created_at")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let key = if path.exists() {
            let key = Self::load(&path)?;
            if !recorded.is_empty() && !recorded.contains(&key.key_id()) {
                return Err(Error::KeyFile(format!(
                    "berkas kunci {} berisi kunci {}, bukan kunci yang menandatangani basis data ini ({}). \
                     Pulihkan berkas kunci yang benar dari cadangan dan letakkan di samping basis data",
                    path.display(),
                    key.key_id(),
                    recorded.join(", ")
                )));
            }
            key
        } else if !recorded.is_empty() {
            return Err(Error::KeyFile(format!(
                "berkas kunci instalasi {} tidak ada, padahal basis data ini sudah ditandatangani dengan kunci {}. \
                 Netra tidak membuat kunci baru (catatan lama akan tampak asing). \
                 Pulihkan berkas {} dari cadangan, letakkan di samping basis data, lalu coba lagi",
                path.display(),
                recorded.join(", "),
                KEY_FILE
            )));
        } else {
            Self::load_or_create(&path)?
        };
        key.register(conn, now)?;
        Ok(key)
    }

    /// [`InstallationKey::for_database`], then signs what older versions of
    /// Netra left unsigned (see [`crate::declaration::sign_legacy`]). The
    /// app and the CLI open their key this way.
    pub fn open_for(conn: &mut Connection, db_path: &Path, now: DateTime<Utc>) -> Result<Self> {
        let key = Self::for_database(conn, db_path, now)?;
        crate::declaration::sign_legacy(conn, &key, now)?;
        Ok(key)
    }

    /// Reads an existing key; a damaged file is an error, never a new key
    /// (that would silently orphan every record signed so far).
    pub fn load(path: &Path) -> Result<Self> {
        let bad = |why: &str| {
            Error::KeyFile(format!(
                "berkas kunci instalasi {} {why}; pulihkan dari cadangan",
                path.display()
            ))
        };
        tighten_permissions(path);
        let text = std::fs::read_to_string(path).map_err(|_| bad("tidak dapat dibaca"))?;
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Err(bad("bukan kunci Netra"));
        }
        let bytes = lines
            .next()
            .and_then(|l| hex::decode(l.trim()).ok())
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| bad("rusak"))?;
        Ok(Self {
            signing: SigningKey::from_bytes(&bytes),
        })
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    /// Short fingerprint stored with each record.
    pub fn key_id(&self) -> String {
        key_id(&self.verifying_key())
    }

    /// Ed25519 signature (hex) over `message`.
    pub fn sign_hex(&self, message: &[u8]) -> String {
        hex::encode(self.signing.sign(message).to_bytes())
    }

    /// Records the public key in the database so a copy of it names the
    /// keys its records were signed with.
    pub fn register(&self, conn: &Connection, now: DateTime<Utc>) -> Result<()> {
        conn.execute(
            "INSERT OR IGNORE INTO installation_keys (key_id, public_key, created_at)
             VALUES (?1, ?2, ?3)",
            params![
                self.key_id(),
                hex::encode(self.verifying_key().to_bytes()),
                db::to_text(now)
            ],
        )?;
        Ok(())
    }
}

/// First 16 hex digits of SHA-256 of the public key.
pub fn key_id(key: &VerifyingKey) -> String {
    hex::encode(&Sha256::digest(key.to_bytes())[..8])
}

/// Whether `signature_hex` is `key`'s signature over `message`.
pub fn verify_hex(key: &VerifyingKey, message: &[u8], signature_hex: &str) -> bool {
    let Some(bytes) = hex::decode(signature_hex)
        .ok()
        .and_then(|b| <[u8; 64]>::try_from(b).ok())
    else {
        return false;
    };
    key.verify(message, &Signature::from_bytes(&bytes)).is_ok()
}

/// This installation's public key, to hand to another installation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct KeyInfo {
    pub key_id: String,
    pub public_key: String,
}

impl InstallationKey {
    pub fn info(&self) -> KeyInfo {
        KeyInfo {
            key_id: self.key_id(),
            public_key: hex::encode(self.verifying_key().to_bytes()),
        }
    }
}

/// A public key as 64 hex digits.
pub fn parse_public(hex_key: &str) -> Result<VerifyingKey> {
    let bad = || {
        Error::field(
            "public_key",
            "Kunci publik harus 64 digit heksadesimal (0-9, a-f), seperti yang ditampilkan `netra key show`",
        )
    };
    let bytes = hex::decode(hex_key.trim()).map_err(|_| bad())?;
    let bytes = <[u8; 32]>::try_from(bytes).map_err(|_| bad())?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| bad())
}

/// Full SHA-256 (hex) of a public key: what an organiser compares, read
/// aloud or side by side, before trusting another installation's key.
pub fn fingerprint(key: &VerifyingKey) -> String {
    hex::encode(Sha256::digest(key.to_bytes()))
}

/// Where a trusted key came from; reports name it beside each verdict.
///
/// There is no "recorded in the database" source: anyone who can write
/// `netra.db` could add a key there, so a table row is trusted only when
/// this installation's key file endorsed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum KeySource {
    /// This installation's key file beside the database.
    KeyFile,
    /// Imported by the organiser from another installation (`trusted_keys`),
    /// endorsed by this installation's key.
    Imported,
    /// Given for this check only (`netra verify --public-key`).
    Given,
}

impl KeySource {
    pub fn label(self) -> &'static str {
        match self {
            KeySource::KeyFile => "berkas kunci instalasi ini",
            KeySource::Imported => "kunci instalasi lain yang diimpor",
            KeySource::Given => "kunci yang diberikan untuk pemeriksaan ini",
        }
    }
}

/// One key a check may accept, with where it came from.
#[derive(Debug, Clone)]
pub struct TrustedKey {
    pub key: VerifyingKey,
    pub key_id: String,
    pub source: KeySource,
    /// For an imported key: its label, who imported it and when.
    pub imported: Option<ImportedKey>,
}

/// A key the organiser imported, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ImportedKey {
    pub key_id: String,
    pub fingerprint: String,
    pub label: String,
    pub imported_by: String,
    pub imported_at: String,
}

/// The keys a verification accepts: the one trust policy that the app, the
/// CLI and the QR check share. Gathering never creates a key, so checking a
/// copied or restored database leaves no new key file behind.
#[derive(Debug, Clone, Default)]
pub struct TrustedKeys {
    keys: Vec<TrustedKey>,
    /// The key file that was looked for and not found, if so.
    pub key_file_missing: Option<PathBuf>,
    /// In Indonesian: imported keys that were not trusted, and why.
    pub ignored: Vec<String>,
}

impl TrustedKeys {
    /// This installation's key file (read if it is there, never made), the
    /// keys the organiser imported that this key file endorsed, and
    /// `given`. A damaged key file is an error, not a reason to trust less.
    /// Without the key file no table row is trusted: only `given` keys.
    pub fn gather(conn: &Connection, key_file: &Path, given: &[VerifyingKey]) -> Result<Self> {
        let mut trust = TrustedKeys::default();
        let own = if key_file.exists() {
            let key = InstallationKey::load(key_file)?;
            trust.add(key.verifying_key(), KeySource::KeyFile, None);
            Some(key.verifying_key())
        } else {
            trust.key_file_missing = Some(key_file.to_path_buf());
            None
        };
        for row in imported_rows(conn)? {
            let name = if row.label.is_empty() {
                row.key_id.clone()
            } else {
                format!("{} ({})", row.key_id, row.label)
            };
            let Some(own) = own else {
                trust
                    .ignored
                    .push(format!("Kunci impor {name} tidak dipakai: {NO_KEY_FILE}."));
                continue;
            };
            match row.trusted(&own) {
                Ok((key, info)) => trust.add(key, KeySource::Imported, Some(info)),
                Err(why) => trust
                    .ignored
                    .push(format!("Kunci impor {name} tidak dipercaya: {why}.")),
            }
        }
        for key in given {
            trust.add(*key, KeySource::Given, None);
        }
        Ok(trust)
    }

    /// Exactly these keys (tests, benchmarks, a check against one key).
    pub fn only(keys: &[VerifyingKey], source: KeySource) -> Self {
        let mut trust = TrustedKeys::default();
        for key in keys {
            trust.add(*key, source, None);
        }
        trust
    }

    /// The first source that vouches for a key is the one reported.
    fn add(&mut self, key: VerifyingKey, source: KeySource, imported: Option<ImportedKey>) {
        let key_id = key_id(&key);
        if self.find(&key_id).is_none() {
            self.keys.push(TrustedKey {
                key,
                key_id,
                source,
                imported,
            });
        }
    }

    pub fn find(&self, key_id: &str) -> Option<&TrustedKey> {
        self.keys.iter().find(|k| k.key_id == key_id)
    }

    pub fn keys(&self) -> &[TrustedKey] {
        &self.keys
    }

    /// How a report names the key that vouched: "kunci instalasi lain yang
    /// diimpor: Bawaslu Kab. X (diimpor oleh organizer@ani, 2026-…)".
    pub fn describe(&self, key_id: &str) -> String {
        match self.find(key_id) {
            None => "tidak dipercaya di sini".into(),
            Some(TrustedKey {
                source,
                imported: Some(i),
                ..
            }) => format!(
                "{}: {} (diimpor oleh {}, {})",
                source.label(),
                if i.label.is_empty() {
                    &i.key_id
                } else {
                    &i.label
                },
                i.imported_by,
                i.imported_at
            ),
            Some(t) => t.source.label().into(),
        }
    }
}

struct ImportedRow {
    key_id: String,
    public_key: String,
    label: String,
    imported_at: String,
    fingerprint: Option<String>,
    imported_by: Option<String>,
    endorsed_by: Option<String>,
    endorsement: Option<String>,
}

impl ImportedRow {
    fn message(&self, fingerprint: &str, imported_by: &str) -> String {
        endorsement_message(
            &self.key_id,
            fingerprint,
            &self.label,
            imported_by,
            &self.imported_at,
        )
    }

    /// The fingerprint of the public key the row holds now (what the
    /// organiser should compare), else whatever was stored.
    fn current_fingerprint(&self) -> String {
        parse_public(&self.public_key)
            .map(|k| fingerprint(&k))
            .ok()
            .or_else(|| self.fingerprint.clone())
            .unwrap_or_default()
    }

    /// The key, when `own` endorsed exactly this row.
    fn trusted(
        &self,
        own: &VerifyingKey,
    ) -> std::result::Result<(VerifyingKey, ImportedKey), &'static str> {
        let (Some(fp), Some(by), Some(endorsed_by), Some(sig)) = (
            &self.fingerprint,
            &self.imported_by,
            &self.endorsed_by,
            &self.endorsement,
        ) else {
            return Err("belum disahkan oleh kunci instalasi ini (diimpor oleh versi Netra lama atau ditulis langsung ke basis data); impor ulang kunci itu");
        };
        let key = parse_public(&self.public_key).map_err(|_| "kunci publiknya rusak")?;
        if key_id(&key) != self.key_id || fingerprint(&key) != *fp {
            return Err("sidik kuncinya tidak cocok dengan kunci publiknya (diubah)");
        }
        if *endorsed_by != key_id(own) || !verify_hex(own, self.message(fp, by).as_bytes(), sig) {
            return Err("pengesahannya tidak cocok dengan kunci instalasi ini (diubah atau ditambahkan di luar Netra)");
        }
        Ok((
            key,
            ImportedKey {
                key_id: self.key_id.clone(),
                fingerprint: fp.clone(),
                label: self.label.clone(),
                imported_by: by.clone(),
                imported_at: self.imported_at.clone(),
            },
        ))
    }
}

fn imported_rows(conn: &Connection) -> Result<Vec<ImportedRow>> {
    let rows = conn
        .prepare(
            "SELECT key_id, public_key, label, imported_at, fingerprint, imported_by,
                    endorsed_by, endorsement
             FROM trusted_keys ORDER BY imported_at, key_id",
        )?
        .query_map([], |r| {
            Ok(ImportedRow {
                key_id: r.get(0)?,
                public_key: r.get(1)?,
                label: r.get(2)?,
                imported_at: r.get(3)?,
                fingerprint: r.get(4)?,
                imported_by: r.get(5)?,
                endorsed_by: r.get(6)?,
                endorsement: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// What this installation's key signs when the organiser trusts a key: every
/// column an attacker would want to change, length-prefixed.
fn endorsement_message(
    key_id: &str,
    fingerprint: &str,
    label: &str,
    imported_by: &str,
    imported_at: &str,
) -> String {
    let mut out = String::from("netra-trust:v1");
    for part in [key_id, fingerprint, label, imported_by, imported_at] {
        out.push_str(&format!(":{}:{part}", part.len()));
    }
    out
}

/// Who is at this computer, for the record of an import: the actor and the
/// operating-system user ("organizer@ani").
pub fn importer(actor: crate::audit::Actor) -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default();
    if user.is_empty() {
        actor.as_str().into()
    } else {
        format!("{}@{user}", actor.as_str())
    }
}

/// Trusts another installation's public key: records it with its
/// fingerprint, who imported it (`actor` and the OS user) and when, endorsed by this installation's
/// `own` key so no quiet edit of the row is trusted. Returns the record.
pub fn import_public(
    conn: &Connection,
    own: &InstallationKey,
    hex_key: &str,
    label: &str,
    actor: crate::audit::Actor,
    now: DateTime<Utc>,
) -> Result<ImportedKey> {
    let imported_by = &importer(actor);
    let key = parse_public(hex_key)?;
    let label = label.trim();
    if let Some(why) = crate::text::check(label) {
        return Err(Error::field("label", format!("Nama kunci {why}")));
    }
    if label.chars().count() > 120 {
        return Err(Error::field(
            "label",
            "Nama kunci terlalu panjang (paling banyak 120 karakter)",
        ));
    }
    let id = key_id(&key);
    let fp = fingerprint(&key);
    let at = db::to_text(now);
    let endorsement =
        own.sign_hex(endorsement_message(&id, &fp, label, imported_by, &at).as_bytes());
    conn.execute(
        "INSERT INTO trusted_keys (key_id, public_key, label, imported_at, fingerprint,
             imported_by, endorsed_by, endorsement)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(key_id) DO UPDATE SET public_key = excluded.public_key,
             label = excluded.label, imported_at = excluded.imported_at,
             fingerprint = excluded.fingerprint, imported_by = excluded.imported_by,
             endorsed_by = excluded.endorsed_by, endorsement = excluded.endorsement",
        params![
            id,
            hex::encode(key.to_bytes()),
            label,
            at,
            fp,
            imported_by,
            own.key_id(),
            endorsement
        ],
    )?;
    crate::audit::append(
        conn,
        now,
        actor,
        "key.trust",
        "trusted_key",
        None,
        &serde_json::json!({ "key_id": id, "fingerprint": fp, "label": label, "imported_by": imported_by }),
    )?;
    Ok(ImportedKey {
        key_id: id,
        fingerprint: fp,
        label: label.into(),
        imported_by: imported_by.clone(),
        imported_at: at,
    })
}

/// One key on the Verifikasi screen and in `netra key list`: where it came
/// from and whether a check would accept it now, so an organiser sees a
/// quietly edited row instead of wondering why a paper is "unknown".
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct KeyEntry {
    pub key_id: String,
    /// Full SHA-256 of the public key (see [`fingerprint`]); empty when the
    /// stored public key is damaged.
    pub fingerprint: String,
    pub public_key: String,
    pub source: KeySource,
    pub label: String,
    /// Absent for this installation's own key and for rows older versions
    /// of Netra wrote.
    pub imported_by: Option<String>,
    pub imported_at: Option<String>,
    /// Whether [`TrustedKeys::gather`] accepts it.
    pub trusted: bool,
    /// In Indonesian: why it is not trusted.
    pub problem: Option<String>,
}

/// Without the key file no endorsement can be checked.
const NO_KEY_FILE: &str =
    "pengesahannya hanya dapat diperiksa dengan berkas kunci instalasi ini, yang tidak ada";

/// This installation's key (when its file is there; it is never made
/// here), then every row of `trusted_keys`, trusted or not, judged exactly
/// as [`TrustedKeys::gather`] judges them.
pub fn list_trusted(conn: &Connection, key_file: &Path) -> Result<Vec<KeyEntry>> {
    let mut out = Vec::new();
    let own = if key_file.exists() {
        let key = InstallationKey::load(key_file)?.verifying_key();
        out.push(KeyEntry {
            key_id: key_id(&key),
            fingerprint: fingerprint(&key),
            public_key: hex::encode(key.to_bytes()),
            source: KeySource::KeyFile,
            label: String::new(),
            imported_by: None,
            imported_at: None,
            trusted: true,
            problem: None,
        });
        Some(key)
    } else {
        None
    };
    for row in imported_rows(conn)? {
        let verdict = match &own {
            Some(own) => row.trusted(own).map(|_| ()),
            None => Err(NO_KEY_FILE),
        };
        out.push(KeyEntry {
            fingerprint: row.current_fingerprint(),
            key_id: row.key_id,
            public_key: row.public_key,
            source: KeySource::Imported,
            label: row.label,
            imported_by: row.imported_by,
            imported_at: Some(row.imported_at),
            trusted: verdict.is_ok(),
            problem: verdict.err().map(String::from),
        });
    }
    Ok(out)
}

/// Stops trusting an imported key: the row goes, with an audit entry
/// `key.untrust` saying what it was and who removed it, in one
/// transaction. `own_key_id` is this installation's key: its trust comes
/// from the key file, not a row, so naming it gets a sentence saying it
/// cannot be removed rather than "not in the list". (Should the own key
/// also have been imported, that redundant row may go; the key file still
/// vouches for it.)
pub fn remove_trusted(
    conn: &mut Connection,
    key_id: &str,
    own_key_id: Option<&str>,
    actor: crate::audit::Actor,
    now: DateTime<Utc>,
) -> Result<ImportedKey> {
    let id = key_id.trim().to_ascii_lowercase();
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let Some(row) = imported_rows(&tx)?.into_iter().find(|r| r.key_id == id) else {
        if own_key_id.is_some_and(|own| own == id) {
            return Err(Error::field(
                "key_id",
                format!(
                    "Kunci {id} adalah kunci instalasi ini (berkas {KEY_FILE}), bukan kunci impor; \
                     kunci ini tidak dapat dihapus dari daftar kunci tepercaya"
                ),
            ));
        }
        return Err(Error::field(
            "key_id",
            format!("Kunci {id} tidak ada di daftar kunci tepercaya (lihat `netra key list`)"),
        ));
    };
    let removed = ImportedKey {
        fingerprint: row.current_fingerprint(),
        key_id: row.key_id,
        label: row.label,
        imported_by: row.imported_by.unwrap_or_default(),
        imported_at: row.imported_at,
    };
    crate::audit::append(
        &tx,
        now,
        actor,
        "key.untrust",
        "trusted_key",
        None,
        &serde_json::json!({
            "key_id": removed.key_id,
            "fingerprint": removed.fingerprint,
            "label": removed.label,
            "imported_by": removed.imported_by,
            "imported_at": removed.imported_at,
            "removed_by": importer(actor),
        }),
    )?;
    tx.execute("DELETE FROM trusted_keys WHERE key_id = ?1", params![id])?;
    tx.commit()?;
    Ok(removed)
}

/// A finished temporary file, linked into place only if nothing is there.
fn write_linked(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let result = (|| {
        let mut file = private_file(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::hard_link(&tmp, path)
    })();
    let _ = std::fs::remove_file(&tmp);
    result
}

/// Where hard links are not supported: created exclusively, written, synced.
fn write_exclusive(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = private_file(path)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if written.is_err() {
        let _ = std::fs::remove_file(path);
    }
    written
}

/// Makes a new name in the key's folder durable (best effort: not every
/// platform can open a folder for syncing).
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

/// A key file others can read (copied with `cp`, unpacked from a zip) is
/// narrowed back to its owner.
#[cfg(unix)]
fn tighten_permissions(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.permissions().mode() & 0o077 != 0 {
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
        }
    }
}

#[cfg(not(unix))]
fn tighten_permissions(_path: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::Actor;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-23T02:00:00Z")
            .expect("valid time")
            .with_timezone(&Utc)
    }

    /// A database, its key file in a temporary folder, and one imported key.
    fn setup() -> (
        tempfile::TempDir,
        PathBuf,
        Connection,
        InstallationKey,
        String,
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let key_file = dir.path().join(KEY_FILE);
        let own = InstallationKey::load_or_create(&key_file).expect("own key");
        let conn = db::open_in_memory().expect("db");
        let other = InstallationKey::generate();
        let imported = import_public(
            &conn,
            &own,
            &other.info().public_key,
            "Kiosk Bawaslu Kab. Solok",
            Actor::Organizer,
            now(),
        )
        .expect("import");
        (dir, key_file, conn, own, imported.key_id)
    }

    #[test]
    fn the_list_names_the_own_key_first_then_each_import_with_its_source() {
        let (_dir, key_file, conn, own, other) = setup();
        let list = list_trusted(&conn, &key_file).expect("list");
        assert_eq!(list.len(), 2, "{list:?}");
        assert_eq!(list[0].key_id, own.key_id());
        assert_eq!(list[0].source, KeySource::KeyFile);
        assert_eq!(list[0].fingerprint, fingerprint(&own.verifying_key()));
        assert!(list[0].trusted && list[0].imported_at.is_none());
        assert_eq!(list[1].key_id, other);
        assert_eq!(list[1].source, KeySource::Imported);
        assert_eq!(list[1].label, "Kiosk Bawaslu Kab. Solok");
        assert!(list[1].trusted, "{:?}", list[1].problem);
        assert!(list[1]
            .imported_by
            .as_deref()
            .is_some_and(|by| by.starts_with("organizer")));
        assert_eq!(list[1].fingerprint.len(), 64);
        // Listing only reads: with no key file, none is made.
        let none = tempfile::tempdir().expect("temp dir");
        let missing = none.path().join(KEY_FILE);
        let list = list_trusted(&conn, &missing).expect("list");
        assert_eq!(list.len(), 1);
        assert!(!list[0].trusted && list[0].problem.is_some());
        assert!(!missing.exists(), "listing never creates a key file");
    }

    #[test]
    fn a_row_edited_outside_netra_is_listed_as_not_trusted_with_the_reason() {
        let (_dir, key_file, conn, _own, other) = setup();
        conn.execute("UPDATE trusted_keys SET label = 'Kiosk resmi'", [])
            .expect("edit");
        let list = list_trusted(&conn, &key_file).expect("list");
        let row = list.iter().find(|k| k.key_id == other).expect("row");
        assert!(!row.trusted);
        assert!(
            row.problem
                .as_deref()
                .is_some_and(|p| p.contains("pengesahannya tidak cocok")),
            "{:?}",
            row.problem
        );
        let trust = TrustedKeys::gather(&conn, &key_file, &[]).expect("gather");
        assert!(trust.find(&other).is_none(), "the list and gather agree");
    }

    #[test]
    fn a_removed_key_is_trusted_no_more_and_the_removal_is_audited() {
        let (_dir, key_file, mut conn, own, other) = setup();
        let removed =
            remove_trusted(&mut conn, &other, Some(&own.key_id()), Actor::Cli, now()).expect("rm");
        assert_eq!(removed.key_id, other);
        assert_eq!(removed.label, "Kiosk Bawaslu Kab. Solok");
        let trust = TrustedKeys::gather(&conn, &key_file, &[]).expect("gather");
        assert!(trust.find(&other).is_none());
        assert!(trust.find(&own.key_id()).is_some());
        let list = list_trusted(&conn, &key_file).expect("list");
        assert_eq!(list.len(), 1);
        let audited: String = conn
            .query_row(
                "SELECT details FROM audit_log WHERE action = 'key.untrust'",
                [],
                |r| r.get(0),
            )
            .expect("one audit entry");
        assert!(audited.contains(&other), "{audited}");
    }

    #[test]
    fn removing_an_unknown_key_or_the_own_key_is_refused_in_indonesian() {
        let (_dir, _key_file, mut conn, own, other) = setup();
        let message = |e: Error| match e {
            Error::Invalid(f) => (f[0].field.clone(), f[0].message.clone()),
            other => panic!("a field error, not {other:?}"),
        };
        let unknown = remove_trusted(&mut conn, "0123456789abcdef", None, Actor::Cli, now())
            .expect_err("unknown");
        let (field, text) = message(unknown);
        assert_eq!(field, "key_id");
        assert!(
            text.contains("tidak ada di daftar kunci tepercaya"),
            "{text}"
        );
        let mine = remove_trusted(
            &mut conn,
            &own.key_id(),
            Some(&own.key_id()),
            Actor::Cli,
            now(),
        )
        .expect_err("own key");
        assert!(message(mine).1.contains("kunci instalasi ini"));
        let left: i64 = conn
            .query_row("SELECT count(*) FROM trusted_keys", [], |r| r.get(0))
            .expect("count");
        assert_eq!(left, 1, "{other} is still trusted");
        let audited: i64 = conn
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'key.untrust'",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(audited, 0);
    }
}
