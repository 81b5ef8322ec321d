//! One module per noun; each holds its clap definition and its `run`.

pub mod archive;
pub mod audit;
pub mod backup;
pub mod deck;
pub mod declaration;
pub mod demo;
pub mod event;
pub mod generate;
pub mod hub;
pub mod papers;
pub mod pdf;
pub mod roster;

use std::path::PathBuf;

use anyhow::Context as _;
use chrono::{DateTime, Local, NaiveDate, Utc};
use netra_core::db::Connection;

/// The passphrase for an encrypted export or backup: from `--passphrase-file`
/// (its first line), else `NETRA_PASSPHRASE`; never a flag, which would
/// sit in the shell history and the process list.
pub fn passphrase(file: Option<&std::path::Path>) -> anyhow::Result<String> {
    let text = match file {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("Berkas kata sandi {} tidak terbaca", path.display()))?,
        None => std::env::var("NETRA_PASSPHRASE").map_err(|_| {
            netra_core::Error::field(
                "passphrase",
                "Beri kata sandi lewat --passphrase-file BERKAS atau variabel NETRA_PASSPHRASE",
            )
        })?,
    };
    Ok(text.lines().next().unwrap_or("").to_string())
}

/// What every command gets: the open database, the clock, the output mode.
pub struct Context {
    pub conn: Connection,
    /// The database file; the installation key lives beside it.
    pub db_path: PathBuf,
    pub json: bool,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
}

impl Context {
    /// Opens `--db`, or the app-data file shared with the desktop app.
    pub fn open(db: Option<PathBuf>, json: bool) -> anyhow::Result<Context> {
        let path = match db {
            Some(p) => p,
            None => {
                let p = netra_core::db::default_path()?;
                if let Some(dir) = p.parent() {
                    netra_core::files::private_dir(dir).with_context(|| {
                        format!("Folder data aplikasi {} tidak dapat dibuat", dir.display())
                    })?;
                }
                p
            }
        };
        let conn = netra_core::db::open(&path)?;
        Ok(Context {
            conn,
            db_path: path,
            json,
            now: Utc::now(),
            today: Local::now().date_naive(),
        })
    }
}
