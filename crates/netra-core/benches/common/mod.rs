//! Set-up shared by the benchmarks: a demo event in a real SQLite file with
//! the installation key beside it, at a fixed date.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use netra_core::db::{self, Connection};
use netra_core::demo;
use netra_core::keys::{self, InstallationKey};

pub struct Bench {
    /// Kept so the directory lives as long as the bench.
    pub dir: tempfile::TempDir,
    pub conn: Connection,
    pub event: i64,
    pub key: InstallationKey,
    pub now: DateTime<Utc>,
}

/// A demo event of `people` synthetic attendees, none signed yet.
pub fn demo_event(people: usize) -> Bench {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let now = Utc
        .with_ymd_and_hms(2026, 11, 23, 1, 0, 0)
        .single()
        .expect("now");
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("netra.db");
    let mut conn = db::open(&path).expect("db");
    let event = demo::create(&mut conn, people, now, today)
        .expect("event")
        .event
        .id;
    let key = InstallationKey::load_or_create(&keys::path_for(&path)).expect("key");
    Bench {
        dir,
        conn,
        event,
        key,
        now,
    }
}
