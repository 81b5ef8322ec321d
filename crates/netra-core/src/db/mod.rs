//! Opening the SQLite file: path checks, pragmas, migrations.
//!
//! One file per installation, in the OS app-data directory unless `--db`
//! says otherwise. WAL so readers never block the kiosk's writes;
//! `synchronous=FULL` because a committed signature must survive a power cut
//! (WAL with `NORMAL` may lose the last commits then), and it is set on
//! every open since it is per connection. Tables that several parts of
//! Netra touch have their SQL here (`events`, `people`, `settings`); a table
//! with one owner keeps its SQL with that owner.

pub mod events;
pub mod migrations;
pub mod people;
pub mod settings;

use std::path::{Path, PathBuf};

pub use rusqlite::Connection;
use rusqlite::OpenFlags;
use rusqlite_migration::SchemaVersion;

use crate::error::{Error, Result};

/// Tauri's `identifier` in tauri.conf.json: the desktop app and the CLI
/// must agree on the data directory.
pub const APP_IDENTIFIER: &str = "id.netra.desktop";

/// File name of the database inside the data directory.
pub const DB_FILE: &str = "netra.db";

/// `<OS data dir>/id.netra.app/netra.db`, the same file Tauri's
/// `app_data_dir()` points at. The caller creates the directory.
pub fn default_path() -> Result<PathBuf> {
    let base = directories::BaseDirs::new().ok_or(Error::NoDataDir)?;
    Ok(base.data_dir().join(APP_IDENTIFIER).join(DB_FILE))
}

/// Opens (or creates) a Netra database and brings its schema up to date.
///
/// Refuses, without writing anything, a path whose directory is missing, a
/// file that is not SQLite, and a database from a newer Netra.
pub fn open(path: &Path) -> Result<Connection> {
    check_path(path)?;
    make_private(path)?;
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| map_open_error(e, path))?;
    // Read-only checks first: a foreign or newer file is left untouched.
    let migrations = migrations::migrations();
    match migrations.current_version(&conn) {
        Ok(SchemaVersion::Outside(found)) => {
            return Err(Error::SchemaTooNew {
                path: path.to_path_buf(),
                found: found.get(),
                supported: migrations::latest_version(),
            })
        }
        Ok(_) => {}
        Err(rusqlite_migration::Error::RusqliteError { err, .. }) => {
            return Err(map_open_error(err, path))
        }
        Err(e) => return Err(e.into()),
    }
    configure(&conn).map_err(|e| map_open_error(e, path))?;
    migrations.to_latest(&mut conn)?;
    people::refold_names(&mut conn)?;
    Ok(conn)
}

/// An in-memory database with the full schema, for tests and benches.
pub fn open_in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrations::migrations().to_latest(&mut conn)?;
    people::refold_names(&mut conn)?;
    Ok(conn)
}

/// A new database file is created readable by its owner only; SQLite gives
/// its `-wal` and `-shm` files the same mode. An existing file (and its
/// companions) that others can read is narrowed back to its owner.
fn make_private(path: &Path) -> Result<()> {
    if !path.exists() {
        // create_new: if another process made it meanwhile, keep theirs.
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(Error::Io(e)),
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for suffix in ["", "-wal", "-shm"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            let file = Path::new(&name);
            if let Ok(meta) = std::fs::metadata(file) {
                if meta.permissions().mode() & 0o077 != 0 {
                    let _ = std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600));
                }
            }
        }
    }
    Ok(())
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // Explicit, not rusqlite's default: a kiosk submit waits this long for a
    // print job's short registration or the CLI before giving up.
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // Per connection, so on every open.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

fn check_path(path: &Path) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Error::DbDirMissing(dir.to_path_buf()));
    }
    if path.is_dir() {
        return Err(Error::NotADatabase(path.to_path_buf()));
    }
    // An empty file is what `touch` leaves: SQLite treats it as a new database.
    if let Some(header) = file_header(path) {
        if !header.is_empty() && header.as_slice() != b"SQLite format 3\0" {
            return Err(Error::NotADatabase(path.to_path_buf()));
        }
    }
    Ok(())
}

/// The first 16 bytes of an existing file, where SQLite writes its magic.
fn file_header(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    let mut header = Vec::with_capacity(16);
    file.take(16).read_to_end(&mut header).ok()?;
    Some(header)
}

/// Timestamps are stored as RFC 3339 text in UTC.
pub(crate) fn to_text(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Reads a timestamp column written by [`to_text`]; a malformed value is a
/// conversion error, never a silent default.
pub(crate) fn utc_column(
    row: &rusqlite::Row<'_>,
    idx: usize,
) -> rusqlite::Result<chrono::DateTime<chrono::Utc>> {
    let text: String = row.get(idx)?;
    chrono::DateTime::parse_from_rfc3339(&text)
        .map(|d| d.with_timezone(&chrono::Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
        })
}

fn map_open_error(err: rusqlite::Error, path: &Path) -> Error {
    match err.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => Error::NotADatabase(path.to_path_buf()),
        _ => Error::Sqlite(err),
    }
}

/// A database file that lives only while it is built or checked: removed
/// when dropped, with its `-wal`, `-shm` and `-journal` companions, unless
/// it was kept.
pub(crate) struct Scratch {
    path: PathBuf,
    kept: bool,
}

impl Scratch {
    pub(crate) fn at(path: PathBuf) -> Scratch {
        Scratch { path, kept: false }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Renames it to `dest`, which then stays.
    pub(crate) fn keep_as(mut self, dest: &Path) -> Result<()> {
        std::fs::rename(&self.path, dest)?;
        self.kept = true;
        Ok(())
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if self.kept {
            return;
        }
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = self.path.as_os_str().to_owned();
            name.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(name));
        }
    }
}
