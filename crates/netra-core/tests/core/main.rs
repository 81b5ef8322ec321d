//! Integration tests of netra-core on real SQLite files, one module per
//! area of `src/`.

mod archive;
mod audit;
mod backup;
mod crypto;
mod db;
mod declaration;
mod disk_full;
mod erase;
mod events;
mod export;
mod hall;
mod hidden_text;
mod import;
mod keys;
mod kiosk;
mod papers;
mod pdf;
mod pledge;
mod presentation;
mod roster;
mod search;

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

/// A fresh database file in its own temporary directory.
pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("netra.db");
    (dir, path)
}

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 2, 3, 0, 0)
        .single()
        .expect("valid instant")
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 2).expect("valid date")
}
