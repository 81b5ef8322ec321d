//! Backups and restore of the whole database, through SQLite's online
//! backup API.
//!
//! A WAL database is never copied as a file: the newest commits may still
//! sit in `netra.db-wal`, and a copy taken while a kiosk writes can tear.
//! The backup API copies every page under one read transaction instead
//! (`step(-1)`), so a backup holds exactly what was committed when it
//! started, while kiosks keep signing (WAL readers never block writers).
//! A backup is one self-contained file (rollback journal, no `-wal`),
//! readable by its owner only, written beside its destination and renamed
//! into place, so a full disk or a power cut never leaves half a backup
//! under the real name.
//!
//! The installation key is not in the database (it lives beside it, see
//! `keys::path_for`), so a backup never carries it.
//!
//! Restore checks everything before it touches the live database: the file
//! is SQLite, not damaged, a Netra database, its schema is not newer than
//! this build; an older one is migrated forward on a scratch copy; every
//! event's chain must verify there. Only then is the live database set
//! aside (as a backup of its own) and replaced, again through the backup
//! API, so other connections of this process or the app see the restored
//! content, never a file swapped under them.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Actor};
use crate::db;
use crate::declaration::chain;
use crate::error::{Error, Result};
use crate::keys::{self, TrustedKeys};

/// What a backup file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    pub path: String,
    pub bytes: u64,
    /// Schema version of the database inside (after migration, for a
    /// restored one).
    pub schema: usize,
    pub events: i64,
    pub people: i64,
    pub declarations: i64,
    /// The installation key is inside, sealed with a passphrase (age).
    pub has_key: bool,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Restored {
    /// The backup that is now the database.
    pub from: BackupInfo,
    /// Schema version the backup was made with (older ones are migrated).
    pub schema_before: usize,
    /// The database as it was just before, kept as a backup file.
    pub set_aside: BackupInfo,
    /// In Indonesian, when this installation has no key file (a new
    /// laptop): the chains were checked with the keys the backup names,
    /// which proves them whole, not that they were made here.
    pub note: Option<String>,
    /// The installation key came out of the backup (this laptop had none).
    pub key_restored: bool,
}

/// The table a backup made with its key holds it in, sealed; never copied
/// into a live database.
const KEY_TABLE: &str = "netra_backup_key";

/// Writes a backup of `conn`'s database to `dest` (replacing a file there).
pub fn write(conn: &Connection, dest: &Path) -> Result<BackupInfo> {
    write_inner(conn, dest, None)
}

/// [`write`], with the installation key at `key_file` sealed inside with
/// `passphrase` (age, scrypt): for a backup that must also bring the
/// signing key to a new laptop.
pub fn write_with_key(
    conn: &Connection,
    dest: &Path,
    key_file: &Path,
    passphrase: &str,
) -> Result<BackupInfo> {
    crate::crypto::check_passphrase(passphrase)?;
    let key = std::fs::read(key_file).map_err(|_| {
        Error::field(
            "key",
            format!("Berkas kunci instalasi {} tidak ada", key_file.display()),
        )
    })?;
    let sealed = crate::crypto::encrypt(&key, passphrase)?;
    write_inner(conn, dest, Some(&sealed))
}

fn write_inner(conn: &Connection, dest: &Path, sealed_key: Option<&[u8]>) -> Result<BackupInfo> {
    let dir = parent_of(dest);
    if !dir.is_dir() {
        return Err(Error::field(
            "output",
            format!("Folder {} tidak ada", dir.display()),
        ));
    }
    if dest.is_dir() {
        return Err(Error::field(
            "output",
            format!(
                "{} adalah folder; tulis nama berkas cadangan",
                dest.display()
            ),
        ));
    }
    let mut tmp = dest.as_os_str().to_owned();
    tmp.push(".netra-tmp");
    let tmp = PathBuf::from(tmp);
    let result = copy_into_file(conn, &tmp).and_then(|()| {
        if let Some(sealed) = sealed_key {
            let c = Connection::open(&tmp)?;
            c.execute_batch(&format!("CREATE TABLE {KEY_TABLE} (sealed BLOB NOT NULL)"))?;
            c.execute(
                &format!("INSERT INTO {KEY_TABLE} (sealed) VALUES (?1)"),
                [sealed],
            )?;
            c.close().map_err(|(_, e)| Error::from(e))?;
            std::fs::File::open(&tmp)?.sync_all()?;
        }
        std::fs::rename(&tmp, dest).map_err(Error::from)?;
        sync_dir(&dir);
        describe(dest)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Copies every page of `conn`'s main database into a new file at `path`
/// under one read transaction, then makes that file self-contained.
fn copy_into_file(conn: &Connection, path: &Path) -> Result<()> {
    let _ = std::fs::remove_file(path);
    // Owner-only before SQLite writes a byte of personal data into it.
    crate::files::private_file(path)?;
    let mut dst = Connection::open(path)?;
    {
        let backup = Backup::new(conn, &mut dst)?;
        // -1: all pages in one step, so one read transaction sees them all.
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                // Another connection of ours holds a write lock on the
                // destination (never here) or the source is busy: wait.
                StepResult::More | StepResult::Busy | StepResult::Locked => {
                    std::thread::sleep(std::time::Duration::from_millis(20))
                }
                // StepResult is non-exhaustive.
                _ => std::thread::sleep(std::time::Duration::from_millis(20)),
            }
        }
    }
    // One file: no -wal beside the backup on a USB stick.
    dst.pragma_update(None, "journal_mode", "DELETE")?;
    dst.close().map_err(|(_, e)| Error::from(e))?;
    std::fs::File::open(path)?.sync_all()?;
    Ok(())
}

/// Reads what a backup file holds, read-only, after checking it is one.
pub fn describe(path: &Path) -> Result<BackupInfo> {
    let conn = open_checked(path)?;
    info_of(&conn, path)
}

fn info_of(conn: &Connection, path: &Path) -> Result<BackupInfo> {
    let count = |table: &str| -> Result<i64> {
        Ok(conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?)
    };
    Ok(BackupInfo {
        path: path.display().to_string(),
        bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        schema: schema_of(conn)?,
        events: count("events")?,
        people: count("people")?,
        declarations: count("declarations")?,
        has_key: sealed_key_of(conn)?.is_some(),
    })
}

fn sealed_key_of(conn: &Connection) -> Result<Option<Vec<u8>>> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
        [KEY_TABLE],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(None);
    }
    Ok(conn
        .query_row(
            &format!("SELECT sealed FROM {KEY_TABLE} LIMIT 1"),
            [],
            |r| r.get(0),
        )
        .optional()?)
}

fn schema_of(conn: &Connection) -> Result<usize> {
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok(usize::try_from(v).unwrap_or(0))
}

/// Opens `path` read-only and refuses anything that is not an intact Netra
/// database this build can read. Nothing is written to the file.
fn open_checked(path: &Path) -> Result<Connection> {
    let bad =
        |why: &str| Error::BadBackup(format!("{} tidak dapat dipulihkan: {why}", path.display()));
    let meta = std::fs::metadata(path).map_err(|_| bad("berkas tidak ada"))?;
    if meta.is_dir() {
        return Err(bad("itu folder, bukan berkas cadangan"));
    }
    if meta.len() < 512 || !starts_with_sqlite_magic(path) {
        return Err(bad("bukan berkas cadangan Netra (bukan basis data SQLite)"));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| bad("berkas tidak dapat dibuka sebagai basis data"))?;
    let check: std::result::Result<String, _> =
        conn.query_row("PRAGMA quick_check", [], |r| r.get(0));
    match check {
        Ok(ok) if ok == "ok" => {}
        _ => {
            return Err(bad(
                "berkas rusak atau terpotong (pemeriksaan SQLite gagal)",
            ))
        }
    }
    let schema = schema_of(&conn).map_err(|_| bad("berkas rusak atau terpotong"))?;
    let has_events: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events')",
            [],
            |r| r.get(0),
        )
        .map_err(|_| bad("berkas rusak atau terpotong"))?;
    if schema == 0 || !has_events {
        return Err(bad("ini basis data SQLite, tetapi bukan milik Netra"));
    }
    let supported = db::migrations::latest_version();
    if schema > supported {
        return Err(bad(&format!(
            "dibuat oleh Netra versi yang lebih baru (skema {schema}, versi ini mengenal sampai {supported}); perbarui Netra dulu"
        )));
    }
    Ok(conn)
}

fn starts_with_sqlite_magic(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok()
        && &header == b"SQLite format 3\0"
}

/// Replaces the database at `db_path` (open as `live`) with the backup at
/// `backup`, after checking it; the database as it was is kept beside it
/// as `netra-sebelum-pemulihan-<time>.db`. Nothing changes when a check
/// fails.
pub fn restore(
    live: &mut Connection,
    db_path: &Path,
    backup: &Path,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Restored> {
    restore_with(live, db_path, backup, None, actor, now)
}

/// [`restore`]; `passphrase` opens a backup sealed with age and the
/// installation key a backup carries, which is put beside the database
/// when this laptop has none (a wrong one changes nothing).
pub fn restore_with(
    live: &mut Connection,
    db_path: &Path,
    backup: &Path,
    passphrase: Option<&str>,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Restored> {
    if !is_sealed(backup) {
        return restore_plain(live, db_path, backup, passphrase, actor, now);
    }
    let pass = passphrase.ok_or_else(|| {
        Error::field(
            "passphrase",
            "Cadangan ini terenkripsi; masukkan kata sandinya",
        )
    })?;
    let plain = crate::crypto::decrypt(&std::fs::read(backup)?, pass)?;
    let opened = db::Scratch::at(parent_of(db_path).join(format!(
        ".netra-terbuka-{}-{}.db",
        std::process::id(),
        now.timestamp_micros()
    )));
    crate::files::write(opened.path(), &plain)?;
    let mut done = restore_plain(live, db_path, opened.path(), passphrase, actor, now)?;
    done.from.path = backup.display().to_string();
    Ok(done)
}

/// Whether `path` is a backup sealed with age (its first bytes say so).
pub fn is_sealed(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 32];
    std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .is_ok_and(|n| crate::crypto::is_encrypted(&head[..n]))
}

/// How a backup is written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupOptions {
    /// Seal the whole file with the passphrase (age).
    pub encrypt: bool,
    /// Carry the installation key, sealed with the passphrase.
    pub with_key: bool,
    pub passphrase: Option<String>,
}

/// [`write`] as `options` ask: sealed, with the key, or both; the plain
/// copy a sealed backup is made from never stays on disk.
pub fn write_with(
    conn: &Connection,
    db_path: &Path,
    dest: &Path,
    options: &BackupOptions,
) -> Result<BackupInfo> {
    let pass = options.passphrase.as_deref().unwrap_or("");
    if options.encrypt || options.with_key {
        crate::crypto::check_passphrase(pass)?;
    }
    let key_file = keys::path_for(db_path);
    let plain_write = |to: &Path| {
        if options.with_key {
            write_with_key(conn, to, &key_file, pass)
        } else {
            write(conn, to)
        }
    };
    if !options.encrypt {
        return plain_write(dest);
    }
    let mut name = dest.as_os_str().to_owned();
    name.push(".netra-tmp-plain");
    let plain = db::Scratch::at(PathBuf::from(name));
    let mut info = plain_write(plain.path())?;
    let sealed = crate::crypto::encrypt(&std::fs::read(plain.path())?, pass)?;
    crate::files::write(dest, &sealed)?;
    info.path = dest.display().to_string();
    info.bytes = sealed.len() as u64;
    Ok(info)
}

fn restore_plain(
    live: &mut Connection,
    db_path: &Path,
    backup: &Path,
    passphrase: Option<&str>,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Restored> {
    let schema_before = schema_of(&open_checked(backup)?)?;
    let dir = parent_of(db_path);
    let scratch = db::Scratch::at(dir.join(format!(
        ".netra-pemulihan-{}-{}.db",
        std::process::id(),
        now.timestamp_micros()
    )));
    // The backup file itself is never written to: a copy is migrated.
    copy_into_file(&open_checked(backup)?, scratch.path())?;
    let restored = db::open(scratch.path())?;
    let key_file = keys::path_for(db_path);
    let key = match (sealed_key_of(&restored)?, passphrase) {
        (Some(sealed), Some(pass)) if !key_file.exists() => {
            Some(crate::crypto::decrypt(&sealed, pass)?)
        }
        _ => None,
    };
    let mut note = verify_all(&restored, db_path, backup)?;
    let from = info_of(&restored, backup)?;
    if from.has_key && key.is_none() && !key_file.exists() {
        note = Some(
            "Cadangan ini membawa kunci instalasi terenkripsi; tanpa kata sandinya kunci tidak dipulihkan."
                .to_string(),
        );
    }
    // The sealed key never enters a live database (nor its next backups).
    restored.execute_batch(&format!("DROP TABLE IF EXISTS {KEY_TABLE}"))?;

    let aside_path = dir.join(format!(
        "netra-sebelum-pemulihan-{}.db",
        now.format("%Y%m%d-%H%M%S")
    ));
    let set_aside = write(live, &aside_path)?;
    {
        let backup_step = Backup::new(&restored, live)?;
        while backup_step.step(-1)? != StepResult::Done {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
    drop(restored);
    if let Some(key) = &key {
        // Owner-only from the first byte, as the key file always is.
        crate::files::write(&key_file, key)?;
    }
    audit::append(
        live,
        now,
        actor,
        "restore",
        "database",
        None,
        &serde_json::json!({
            "from": backup.display().to_string(),
            "schema_before": schema_before,
            "set_aside": set_aside.path,
            "events": from.events,
            "declarations": from.declarations,
        }),
    )?;
    Ok(Restored {
        from,
        schema_before,
        set_aside,
        note: if key.is_some() { None } else { note },
        key_restored: key.is_some(),
    })
}

/// Every event's chain must verify with the keys this installation trusts,
/// or, where it has no key file yet, with the keys the backup names.
fn verify_all(conn: &Connection, db_path: &Path, backup: &Path) -> Result<Option<String>> {
    let key_file = keys::path_for(db_path);
    let (trust, note) = if key_file.exists() {
        (TrustedKeys::gather(conn, &key_file, &[])?, None)
    } else {
        let named: Vec<_> = conn
            .prepare("SELECT public_key FROM installation_keys")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .iter()
            .filter_map(|hex| keys::parse_public(hex).ok())
            .collect();
        (
            TrustedKeys::only(&named, keys::KeySource::Given),
            Some(format!(
                "Laptop ini belum punya berkas kunci ({}). Rantai diperiksa dengan kunci yang tercatat di cadangan: utuh, tetapi belum terbukti dibuat oleh kunci yang Anda percayai. Pasang berkas kunci lama atau impor kuncinya untuk memeriksa dokumen cetak.",
                key_file.display()
            )),
        )
    };
    let events: Vec<(i64, String)> = conn
        .prepare("SELECT id, title FROM events ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, title) in events {
        let report = chain::verify(conn, id, &trust)?;
        if !report.ok() {
            return Err(Error::BadBackup(format!(
                "{} tidak dipulihkan: rantai surat pernyataan acara \"{title}\" (nomor {id}) tidak utuh ({} temuan); basis data sekarang tidak diubah",
                backup.display(),
                report.findings.len()
            )));
        }
    }
    Ok(note)
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The rename is on disk only once the folder is (POSIX).
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Automatic backups: file names start with this, then the UTC time, so
/// they sort by age.
pub const AUTO_PREFIX: &str = "netra-otomatis-";
/// How many automatic backups are kept in each folder unless the organiser
/// says otherwise.
pub const DEFAULT_KEEP: u32 = 10;
pub const MAX_KEEP: u32 = 100;
/// An automatic backup is due this long after the last one while the app
/// runs (one is also taken whenever a kiosk session ends).
pub const AUTO_EVERY_HOURS: i64 = 24;
const KEEP_KEY: &str = "backup.keep";
const SECOND_DIR_KEY: &str = "backup.second_dir";
const LAST_AT_KEY: &str = "backup.last_auto_at";
/// The folder of automatic backups, beside the database.
pub const AUTO_DIR: &str = "cadangan";

/// The organiser's choices for automatic backups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AutoSettings {
    /// Automatic backups kept per folder; older ones are removed.
    pub keep: u32,
    /// A second folder (a USB stick) that gets each automatic backup too.
    pub second_dir: Option<String>,
    /// The folder beside the database that always gets them.
    pub dir: String,
    /// When the last automatic backup was written (RFC 3339, UTC).
    pub last_at: Option<String>,
}

/// What the organiser may change in [`AutoSettings`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AutoSettingsForm {
    pub keep: u32,
    /// Empty or absent: no second folder.
    pub second_dir: Option<String>,
}

/// One backup file in a folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupFile {
    pub path: String,
    pub name: String,
    pub bytes: u64,
    /// From the file name (RFC 3339, UTC).
    pub taken_at: Option<String>,
}

/// What one automatic run wrote and removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AutoRun {
    pub written: Vec<BackupInfo>,
    /// Older automatic backups removed to keep `keep` per folder.
    pub removed: Vec<String>,
    /// In Indonesian: a folder that could not be written (a USB stick not
    /// plugged in), while the other one was.
    pub warnings: Vec<String>,
}

pub fn auto_dir(db_path: &Path) -> PathBuf {
    parent_of(db_path).join(AUTO_DIR)
}

pub fn auto_settings(conn: &Connection, db_path: &Path) -> Result<AutoSettings> {
    let keep = db::settings::get(conn, KEEP_KEY)?
        .and_then(|v| v.parse().ok())
        .filter(|k| (1..=MAX_KEEP).contains(k))
        .unwrap_or(DEFAULT_KEEP);
    Ok(AutoSettings {
        keep,
        second_dir: db::settings::get(conn, SECOND_DIR_KEY)?.filter(|d| !d.is_empty()),
        dir: auto_dir(db_path).display().to_string(),
        last_at: db::settings::get(conn, LAST_AT_KEY)?,
    })
}

/// Checks and stores the organiser's choices; every problem is named.
pub fn save_auto_settings(
    conn: &Connection,
    db_path: &Path,
    form: &AutoSettingsForm,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<AutoSettings> {
    let mut problems = Vec::new();
    if !(1..=MAX_KEEP).contains(&form.keep) {
        problems.push(crate::error::FieldError::new(
            "keep",
            format!("Simpan antara 1 dan {MAX_KEEP} cadangan otomatis"),
        ));
    }
    let second = form
        .second_dir
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    if let Some(dir) = second {
        let path = Path::new(dir);
        if !path.is_absolute() {
            problems.push(crate::error::FieldError::new(
                "second_dir",
                "Tulis lokasi folder lengkap (misalnya /media/usb/cadangan)",
            ));
        } else if !path.is_dir() {
            problems.push(crate::error::FieldError::new(
                "second_dir",
                format!("Folder {dir} tidak ada (USB belum dipasang?)"),
            ));
        } else if path == auto_dir(db_path) || path == parent_of(db_path) {
            problems.push(crate::error::FieldError::new(
                "second_dir",
                "Folder kedua harus di tempat lain (misalnya USB), bukan di samping basis data",
            ));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let before = auto_settings(conn, db_path)?;
    db::settings::set(conn, KEEP_KEY, &form.keep.to_string())?;
    db::settings::set(conn, SECOND_DIR_KEY, second.unwrap_or(""))?;
    let after = auto_settings(conn, db_path)?;
    audit::append(
        conn,
        now,
        actor,
        "backup.settings",
        "settings",
        None,
        &serde_json::json!({
            "keep": [before.keep, after.keep],
            "second_dir": [before.second_dir, after.second_dir],
        }),
    )?;
    Ok(after)
}

/// Whether the daily automatic backup is due.
pub fn auto_due(conn: &Connection, now: DateTime<Utc>) -> Result<bool> {
    let last = db::settings::get(conn, LAST_AT_KEY)?
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc));
    Ok(last.is_none_or(|t| now - t >= chrono::Duration::hours(AUTO_EVERY_HOURS)))
}

/// Writes an automatic backup into the folder beside the database and into
/// the second folder if one is set, keeping `keep` in each. A second
/// folder that is missing is a warning, not a failure; the first folder
/// failing is an error.
pub fn run_auto(
    conn: &Connection,
    db_path: &Path,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<AutoRun> {
    let settings = auto_settings(conn, db_path)?;
    let name = format!("{AUTO_PREFIX}{}.db", now.format("%Y%m%dT%H%M%SZ"));
    let mut run = AutoRun {
        written: Vec::new(),
        removed: Vec::new(),
        warnings: Vec::new(),
    };
    let first = auto_dir(db_path);
    crate::files::private_dir(&first)?;
    run.written.push(write(conn, &first.join(&name))?);
    run.removed.extend(prune(&first, settings.keep)?);
    if let Some(second) = settings.second_dir.as_deref().map(PathBuf::from) {
        let written = if second.is_dir() {
            write(conn, &second.join(&name))
        } else {
            Err(Error::field(
                "second_dir",
                format!(
                    "folder {} tidak ada (USB belum dipasang?)",
                    second.display()
                ),
            ))
        };
        match written {
            Ok(info) => {
                run.written.push(info);
                run.removed.extend(prune(&second, settings.keep)?);
            }
            Err(e) => run.warnings.push(format!(
                "Cadangan otomatis tidak tersimpan di folder kedua: {e}"
            )),
        }
    }
    db::settings::set(conn, LAST_AT_KEY, &db::to_text(now))?;
    audit::append(
        conn,
        now,
        Actor::Organizer,
        "backup.auto",
        "database",
        None,
        &serde_json::json!({
            "reason": reason,
            "written": run.written.iter().map(|w| &w.path).collect::<Vec<_>>(),
            "removed": run.removed.len(),
            "warnings": run.warnings,
        }),
    )?;
    Ok(run)
}

/// The automatic backups in `dir`, newest first.
pub fn list_auto(dir: &Path) -> Result<Vec<BackupFile>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut files: Vec<BackupFile> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stamp = name.strip_prefix(AUTO_PREFIX)?.strip_suffix(".db")?;
            let taken_at = chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%SZ")
                .ok()
                .map(|t| db::to_text(t.and_utc()));
            Some(BackupFile {
                path: e.path().display().to_string(),
                bytes: e.metadata().map(|m| m.len()).unwrap_or(0),
                name,
                taken_at,
            })
        })
        .collect();
    files.sort_by(|a, b| b.name.cmp(&a.name));
    Ok(files)
}

/// Removes the oldest automatic backups beyond `keep`; their paths.
fn prune(dir: &Path, keep: u32) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    for old in list_auto(dir)?.into_iter().skip(keep as usize) {
        if std::fs::remove_file(&old.path).is_ok() {
            removed.push(old.path);
        }
    }
    Ok(removed)
}
