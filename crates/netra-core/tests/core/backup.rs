//! Backups through SQLite's online backup API and restore with its checks.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use netra_core::audit::Actor;
use netra_core::backup;
use netra_core::declaration::chain;
use netra_core::keys::InstallationKey;
use netra_core::{db, demo, ErrorCode};

use crate::{now, temp_db, today};

fn declarations(conn: &db::Connection) -> i64 {
    conn.query_row("SELECT COUNT(*) FROM declarations", [], |r| r.get(0))
        .expect("count")
}

fn chain_ok(conn: &db::Connection, db_path: &Path, event: i64) -> bool {
    chain::verify_event(conn, db_path, event, &[])
        .expect("verify")
        .ok()
}

/// An installation on disk (database and key file) with a demo event.
fn installation(people: usize) -> (tempfile::TempDir, std::path::PathBuf, db::Connection, i64) {
    let (dir, path) = temp_db();
    let mut conn = db::open(&path).expect("open");
    let event = demo::create(&mut conn, people, now(), today())
        .expect("demo")
        .event
        .id;
    InstallationKey::open_for(&mut conn, &path, now()).expect("key");
    (dir, path, conn, event)
}

#[test]
fn a_backup_taken_while_a_kiosk_signs_holds_everything_committed_before_it_and_restores() {
    let (dir, path, conn, event) = installation(400);
    let committed = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (path, committed) = (path.clone(), Arc::clone(&committed));
        std::thread::spawn(move || {
            let mut conn = db::open(&path).expect("writer");
            let key = InstallationKey::open_for(&mut conn, &path, now()).expect("key");
            demo::sign(&mut conn, &key, event, 300, now, &mut |_, _| {
                committed.fetch_add(1, Ordering::SeqCst);
                Ok(())
            })
            .expect("signing");
        })
    };
    while committed.load(Ordering::SeqCst) < 40 {
        std::thread::yield_now();
    }
    let before = committed.load(Ordering::SeqCst) as i64;
    let dest = dir.path().join("cadangan.db");
    let info = backup::write(&conn, &dest).expect("backup");
    writer.join().expect("writer thread");
    assert_eq!(declarations(&conn), 300, "the kiosk kept signing");
    assert!(
        info.declarations >= before && info.declarations < 300,
        "the backup holds what was committed when it started ({before}) and is a snapshot: {}",
        info.declarations
    );
    // One file, owner-only, no WAL beside it.
    assert!(!dir.path().join("cadangan.db-wal").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&dest).expect("meta").permissions().mode();
        assert_eq!(mode & 0o077, 0, "backup readable by its owner only");
    }

    let mut live = conn;
    let done = backup::restore(&mut live, &path, &dest, Actor::Cli, now()).expect("restore");
    assert_eq!(done.from.declarations, info.declarations);
    assert_eq!(declarations(&live), info.declarations);
    assert!(chain_ok(&live, &path, event), "the restored chain verifies");
    assert!(done.note.is_none(), "checked with this installation's key");
    // The database as it was is kept, whole.
    let aside = db::open(Path::new(&done.set_aside.path)).expect("aside");
    assert_eq!(declarations(&aside), 300);
    // Another connection (the app's) sees the restored database.
    let other = db::open(&path).expect("other");
    assert_eq!(declarations(&other), info.declarations);
    let action: String = other
        .query_row(
            "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(action, "restore");
}

#[test]
fn an_older_backup_is_migrated_forward_and_a_newer_one_refused() {
    let (dir, path, mut live, event) = installation(10);
    let key = InstallationKey::open_for(&mut live, &path, now()).expect("key");
    demo::sign(&mut live, &key, event, 3, now, &mut |_, _| Ok(())).expect("sign");

    // A database of the schema before the hall (7), with one event.
    let old = dir.path().join("lama.db");
    {
        let mut conn = db::Connection::open(&old).expect("old");
        db::migrations::migrations()
            .to_version(&mut conn, 7)
            .expect("schema 7");
        // As a build of schema 7 wrote them (today's code writes columns it lacks).
        conn.execute_batch(
            "INSERT INTO events (id, title, kind, organizer, place, starts_at, timezone,
                                 starts_at_utc, paper, created_at, updated_at)
             VALUES (4, 'Acara lama', 'sosialisasi', 'Bawaslu', 'Aula', '2024-01-09T09:00:00',
                     'WIB', '2024-01-09T02:00:00Z', 'F4', '2024-01-02T00:00:00.000Z',
                     '2024-01-02T00:00:00.000Z');
             INSERT INTO audit_log (at, actor, action, entity, entity_id, details)
             VALUES ('2024-01-02T00:00:00.000Z', 'cli', 'event.create', 'event', 4, '{}');",
        )
        .expect("event at schema 7");
    }
    let done = backup::restore(&mut live, &path, &old, Actor::Cli, now()).expect("restore");
    assert_eq!(done.schema_before, 7);
    assert_eq!(done.from.schema, db::migrations::latest_version());
    assert_eq!(declarations(&live), 0);
    let title: String = live
        .query_row("SELECT title FROM events", [], |r| r.get(0))
        .expect("event");
    assert_eq!(title, "Acara lama");
    // Migration 9 gave the old audit entry its event.
    let old_entries = netra_core::audit::list(
        &live,
        &netra_core::audit::AuditFilter {
            event_id: Some(4),
            ..Default::default()
        },
    )
    .expect("audit");
    assert_eq!(old_entries.len(), 1, "{old_entries:?}");
    assert_eq!(old_entries[0].action, "event.create");
    let version: i64 = live
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version as usize, db::migrations::latest_version());
    // The backup file itself was not migrated.
    let untouched = db::Connection::open(&old).expect("old again");
    let v: i64 = untouched
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("v");
    assert_eq!(v, 7);

    // Back to the signed database, then a backup from the future.
    backup::restore(
        &mut live,
        &path,
        Path::new(&done.set_aside.path),
        Actor::Cli,
        now(),
    )
    .expect("restore the set-aside copy");
    assert_eq!(declarations(&live), 3);
    let newer = dir.path().join("baru.db");
    backup::write(&live, &newer).expect("backup");
    db::Connection::open(&newer)
        .expect("newer")
        .pragma_update(None, "user_version", 99)
        .expect("bump");
    let err = backup::restore(&mut live, &path, &newer, Actor::Cli, now()).expect_err("newer");
    assert_eq!(err.code(), ErrorCode::BadFile);
    assert!(err.to_string().contains("lebih baru"), "{err}");
    assert_eq!(declarations(&live), 3, "nothing changed");
}

#[test]
fn what_is_not_a_whole_netra_backup_is_refused_and_nothing_changes() {
    let (dir, path, mut live, event) = installation(20);
    let key = InstallationKey::open_for(&mut live, &path, now()).expect("key");
    demo::sign(&mut live, &key, event, 5, now, &mut |_, _| Ok(())).expect("sign");
    let good = dir.path().join("baik.db");
    backup::write(&live, &good).expect("backup");
    let bytes = std::fs::read(&good).expect("read");

    let text = dir.path().join("catatan.db");
    std::fs::write(&text, "ini bukan basis data ".repeat(100)).expect("write");
    let truncated = dir.path().join("terpotong.db");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("write");
    let foreign = dir.path().join("lain.db");
    db::Connection::open(&foreign)
        .expect("foreign")
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1); PRAGMA user_version = 3;")
        .expect("foreign db");
    // Someone edited a signed record inside a copy of the backup.
    let tampered = dir.path().join("diubah.db");
    std::fs::write(&tampered, &bytes).expect("copy");
    db::Connection::open(&tampered)
        .expect("tampered")
        .execute_batch(
            "DROP TRIGGER declarations_void_only;
             UPDATE declarations SET snapshot = replace(snapshot, 'a', 'o') WHERE seq = 2;",
        )
        .expect("tamper");

    for (file, why) in [
        (&text, "bukan basis data SQLite"),
        (&truncated, "rusak atau terpotong"),
        (&foreign, "bukan milik Netra"),
        (&tampered, "tidak utuh"),
        (&dir.path().join("tidak-ada.db"), "tidak ada"),
    ] {
        let err = backup::restore(&mut live, &path, file, Actor::Cli, now()).expect_err("refused");
        assert_eq!(err.code(), ErrorCode::BadFile, "{file:?}: {err}");
        assert!(err.to_string().contains(why), "{file:?}: {err}");
        assert_eq!(declarations(&live), 5, "{file:?}: nothing changed");
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("netra-sebelum") || n.starts_with(".netra-pemulihan"))
        .collect();
    assert!(left.is_empty(), "no set-aside or scratch file: {left:?}");
    assert!(chain_ok(&live, &path, event));
}

#[test]
fn automatic_backups_rotate_in_both_folders_and_a_missing_usb_is_a_warning() {
    let (dir, path, live, _) = installation(5);
    let usb = tempfile::tempdir().expect("usb");
    let form = |keep, second: Option<&Path>| backup::AutoSettingsForm {
        keep,
        second_dir: second.map(|p| p.display().to_string()),
    };
    let err = backup::save_auto_settings(
        &live,
        &path,
        &form(0, Some(&dir.path().join("tidak-ada"))),
        Actor::Organizer,
        now(),
    )
    .expect_err("invalid");
    assert_eq!(err.code(), ErrorCode::Invalid);
    let text = err.to_string();
    assert!(
        text.contains("antara 1 dan 100") && text.contains("tidak ada"),
        "{text}"
    );
    let saved = backup::save_auto_settings(
        &live,
        &path,
        &form(3, Some(usb.path())),
        Actor::Organizer,
        now(),
    )
    .expect("saved");
    assert_eq!(saved.keep, 3);

    assert!(
        backup::auto_due(&live, now()).expect("due"),
        "never backed up"
    );
    for hour in 0..5 {
        let at = now() + chrono::Duration::hours(hour);
        let run = backup::run_auto(&live, &path, "harian", at).expect("auto");
        assert_eq!(run.written.len(), 2, "beside the database and on the USB");
        assert!(run.warnings.is_empty());
    }
    assert!(!backup::auto_due(&live, now() + chrono::Duration::hours(5)).expect("due"));
    assert!(backup::auto_due(&live, now() + chrono::Duration::hours(28)).expect("due"));
    for folder in [backup::auto_dir(&path), usb.path().to_path_buf()] {
        let kept = backup::list_auto(&folder).expect("list");
        let names: Vec<_> = kept.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "netra-otomatis-20240102T070000Z.db",
                "netra-otomatis-20240102T060000Z.db",
                "netra-otomatis-20240102T050000Z.db"
            ],
            "{folder:?}: the newest three"
        );
        assert_eq!(
            kept[0].taken_at.as_deref(),
            Some("2024-01-02T07:00:00.000Z")
        );
        assert_eq!(
            backup::describe(Path::new(&kept[0].path))
                .expect("a backup")
                .events,
            1
        );
    }

    drop(usb);
    let run = backup::run_auto(
        &live,
        &path,
        "kiosk selesai",
        now() + chrono::Duration::hours(6),
    )
    .expect("auto without the USB");
    assert_eq!(run.written.len(), 1);
    assert!(
        run.warnings[0].contains("folder kedua"),
        "{:?}",
        run.warnings
    );
}

#[test]
fn a_backup_can_carry_the_key_sealed_and_a_new_laptop_gets_it_back_with_the_passphrase() {
    let (dir, path, mut live, event) = installation(6);
    let key = InstallationKey::open_for(&mut live, &path, now()).expect("key");
    demo::sign(&mut live, &key, event, 2, now, &mut |_, _| Ok(())).expect("sign");
    let file = dir.path().join("dengan-kunci.db");
    let key_file = netra_core::keys::path_for(&path);
    let short = backup::write_with_key(&live, &file, &key_file, "pendek").expect_err("short");
    assert!(short.to_string().contains("minimal 12"), "{short}");
    let info = backup::write_with_key(&live, &file, &key_file, "empat kata acak sekali")
        .expect("backup with key");
    assert!(info.has_key);
    let key_bytes = std::fs::read(&key_file).expect("key bytes");
    assert!(
        !std::fs::read(&file)
            .expect("backup")
            .windows(key_bytes.len().min(32))
            .any(|w| w == &key_bytes[..key_bytes.len().min(32)]),
        "the key is sealed, not in the clear"
    );

    // A new laptop: no key file yet.
    let (_new_dir, new_path) = temp_db();
    let mut fresh = db::open(&new_path).expect("fresh");
    let wrong = backup::restore_with(
        &mut fresh,
        &new_path,
        &file,
        Some("bukan kata sandinya"),
        Actor::Cli,
        now(),
    )
    .expect_err("wrong passphrase");
    assert!(wrong.to_string().contains("Kata sandi salah"), "{wrong}");
    assert_eq!(declarations(&fresh), 0, "nothing changed");
    assert!(!netra_core::keys::path_for(&new_path).exists());

    let without =
        backup::restore(&mut fresh, &new_path, &file, Actor::Cli, now()).expect("restore");
    assert!(!without.key_restored);
    assert!(
        without.note.as_deref().unwrap_or("").contains("kunci"),
        "{:?}",
        without.note
    );

    let done = backup::restore_with(
        &mut fresh,
        &new_path,
        &file,
        Some("empat kata acak sekali"),
        Actor::Cli,
        now(),
    )
    .expect("restore with the key");
    assert!(done.key_restored && done.note.is_none());
    assert_eq!(
        std::fs::read(netra_core::keys::path_for(&new_path)).expect("key restored"),
        key_bytes
    );
    assert!(
        chain_ok(&fresh, &new_path, event),
        "verified with the restored key"
    );
    // The sealed key stays out of the live database and its next backups.
    let again = dir.path().join("berikutnya.db");
    assert!(!backup::write(&fresh, &again).expect("backup").has_key);
}
