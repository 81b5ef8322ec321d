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

#[test]
fn opening_a_database_keyed_by_older_name_folding_rekeys_it_once() {
    use netra_core::roster::names::{name_key, FOLD_VERSION};
    let (_dir, path) = temp_db();
    let (event, id) = {
        let mut conn = db::open(&path).expect("db");
        let event = netra_core::demo::create(&mut conn, 3, crate::now(), crate::today())
            .expect("demo")
            .event
            .id;
        let form = netra_core::roster::PersonForm {
            name: "Ṣiddīq Al-Fārūq, S.H.".into(),
            category: "ppnpn".into(),
            ..Default::default()
        };
        let saved = netra_core::roster::register_walk_in(
            &mut conn,
            event,
            &form,
            netra_core::audit::Actor::Organizer,
            crate::now(),
        )
        .expect("walk-in");
        // As an older build would have left it: keys folded by other rules,
        // and the version it folded with.
        conn.execute_batch(
            "UPDATE people SET name_key = upper(name);
             UPDATE settings SET value = '1' WHERE key = 'name_fold_version';",
        )
        .expect("age the keys");
        (event, saved.person.id)
    };

    let conn = db::open(&path).expect("reopen");
    let (name, key): (String, String) = conn
        .query_row(
            "SELECT name, name_key FROM people WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("row");
    assert_eq!(key, name_key(&name), "the stale key is replaced on open");
    assert_eq!(key, "siddiq al faruq");
    let version = db::settings::get(&conn, db::people::FOLD_VERSION_KEY).expect("setting");
    assert_eq!(
        version,
        Some(FOLD_VERSION.to_string()),
        "the new version is recorded"
    );
    // The same walk-in again is found by its (re-keyed) name, not added twice.
    let again = netra_core::roster::person::NewPerson {
        name: "SIDDIQ AL FARUQ".into(),
        nip: None,
        category: netra_core::roster::person::Category::Ppnpn,
        rank: String::new(),
        position: String::new(),
        unit: String::new(),
        phone: String::new(),
    };
    assert_eq!(
        db::people::find_match(&conn, event, &again).expect("match"),
        Some(id),
        "a name compares with the stored key under the current rules"
    );
    drop(conn);
    let mut conn = db::open(&path).expect("third open");
    assert_eq!(
        db::people::refold_names(&mut conn).expect("refold"),
        0,
        "nothing to do once the keys are current"
    );
}

#[cfg(unix)]
#[test]
fn the_database_its_wal_and_written_files_are_private_to_their_owner() {
    use std::os::unix::fs::PermissionsExt;
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("exists").permissions().mode() & 0o777;
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("app-data");
    netra_core::files::private_dir(&data).expect("data dir");
    assert_eq!(mode(&data), 0o700, "the data folder is its owner's");
    let path = data.join("netra.db");
    let mut conn = db::open(&path).expect("db");
    netra_core::demo::create(&mut conn, 2, crate::now(), crate::today()).expect("demo");
    assert_eq!(mode(&path), 0o600, "netra.db");
    assert_eq!(mode(&data.join("netra.db-wal")), 0o600, "its WAL");
    let pdf = data.join("x.pdf");
    netra_core::files::write(&pdf, b"%PDF").expect("write");
    assert_eq!(mode(&pdf), 0o600, "a written export or PDF");
    assert_eq!(netra_core::files::shared_dir_warning(&data), None);

    // A folder others can read is reported, and a readable file narrowed.
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    assert!(netra_core::files::shared_dir_warning(&data).is_some_and(|w| w.contains("chmod 700")));
    drop(conn);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    db::open(&path).expect("reopen");
    assert_eq!(mode(&path), 0o600, "narrowed on open");
}
