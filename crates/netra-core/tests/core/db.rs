use netra_core::db;
use netra_core::error::ErrorCode;

use crate::temp_db;

#[test]
fn a_new_database_is_in_wal_mode_with_full_sync_and_foreign_keys() {
    let (_dir, path) = temp_db();
    let conn = db::open(&path).expect("open");
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .expect("journal_mode");
    assert_eq!(mode, "wal", "readers must not block the kiosk's writes");
    let sync: i64 = conn
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .expect("synchronous");
    assert_eq!(sync, 2, "FULL: a committed signature survives a power cut");
    let fk: i64 = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .expect("foreign_keys");
    assert_eq!(fk, 1);
}

#[test]
fn reopening_keeps_the_schema_version_and_the_data() {
    let (_dir, path) = temp_db();
    let mut conn = db::open(&path).expect("open");
    netra_core::demo::create(&mut conn, 5, crate::now(), crate::today()).expect("demo");
    drop(conn);
    let conn = db::open(&path).expect("reopen");
    let v: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(v as usize, db::migrations::latest_version());
    assert_eq!(netra_core::event::list(&conn, true).expect("list").len(), 1);
}

#[test]
fn the_whole_data_model_exists_from_the_first_migration() {
    let conn = db::open_in_memory().expect("open");
    for table in [
        "events",
        "speakers",
        "people",
        "pledge_texts",
        "declarations",
        "signatures",
        "audit_log",
    ] {
        let n: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .expect("query");
        assert_eq!(n, 1, "table {table} exists");
    }
}

#[test]
fn the_audit_log_refuses_updates_and_deletes() {
    let mut conn = db::open_in_memory().expect("open");
    netra_core::demo::create(&mut conn, 1, crate::now(), crate::today()).expect("demo");
    let update = conn.execute("UPDATE audit_log SET actor = 'someone'", []);
    assert!(update.is_err(), "history cannot be rewritten");
    let delete = conn.execute("DELETE FROM audit_log", []);
    assert!(delete.is_err(), "history cannot be erased");
}

#[test]
fn open_errors_are_user_errors_with_indonesian_messages() {
    let (dir, path) = temp_db();
    let missing = dir.path().join("x").join("netra.db");
    let err = db::open(&missing).expect_err("missing dir");
    assert_eq!(err.code(), ErrorCode::BadFile);
    assert!(err.to_string().contains("tidak ada"), "{err}");

    std::fs::write(&path, "ini bukan basis data").expect("write");
    let err = db::open(&path).expect_err("not sqlite");
    assert_eq!(err.code(), ErrorCode::BadFile);
    assert!(err.code().is_user_error());
    assert!(err.to_string().contains("bukan basis data"), "{err}");
}

#[test]
fn an_empty_file_is_treated_as_a_new_database() {
    let (_dir, path) = temp_db();
    std::fs::write(&path, b"").expect("touch");
    db::open(&path).expect("an empty file becomes a database");
}

#[test]
fn migration_2_rekeys_names_of_a_version_1_database() {
    let (_dir, path) = temp_db();
    let mut raw = db::Connection::open(&path).expect("raw open");
    db::migrations::migrations()
        .to_version(&mut raw, 1)
        .expect("v1");
    raw.execute_batch(
        "INSERT INTO events (id, title, kind, organizer, place, starts_at, timezone,
             starts_at_utc, paper, created_at, updated_at)
         VALUES (1, 'Deklarasi', 'deklarasi', 'Bawaslu', 'Aula', '2024-01-09T09:00:00', 'WIB',
             '2024-01-09T02:00:00Z', 'F4', '2024-01-02T03:00:00Z', '2024-01-02T03:00:00Z');
         INSERT INTO people (event_id, name, name_key, category, created_at, updated_at)
         VALUES (1, 'I Nyoman Sukarṇa', 'i nyoman sukarṇa', 'lainnya',
             '2024-01-02T03:00:00Z', '2024-01-02T03:00:00Z');",
    )
    .expect("v1 data");
    drop(raw);

    let conn = db::open(&path).expect("migrate");
    let key: String = conn
        .query_row("SELECT name_key FROM people", [], |r| r.get(0))
        .expect("key");
    assert_eq!(key, "i nyoman sukarna");
    let index = netra_core::roster::search::RosterIndex::load(&conn, 1).expect("index");
    assert_eq!(index.len(), 1);
}
