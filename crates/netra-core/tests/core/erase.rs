//! Erasing an event: confirmation, what goes, what stays, and that the
//! deleted names and NIPs are nowhere in the file, its WAL or the newest
//! automatic backup.

use netra_core::audit::{self, Actor, AuditFilter};
use netra_core::declaration::chain;
use netra_core::event::erase;
use netra_core::keys::InstallationKey;
use netra_core::roster::{self, PersonForm};
use netra_core::{backup, db, demo, ErrorCode};

use crate::{now, temp_db, today};

const NAME: &str = "Zulkarnaen Pinangsiang Uniknama";
const NIP: &str = "197701012003121009";

fn contains(path: &std::path::Path, needle: &str) -> bool {
    std::fs::read(path)
        .map(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
        .unwrap_or(false)
}

#[test]
fn an_erased_event_leaves_counts_and_its_chain_head_and_no_trace_of_its_people() {
    let (dir, path) = temp_db();
    let mut conn = db::open(&path).expect("open");
    let key = InstallationKey::open_for(&mut conn, &path, now()).expect("key");
    let gone = demo::create(&mut conn, 30, now(), today())
        .expect("demo")
        .event
        .id;
    let kept = demo::create(&mut conn, 10, now(), today())
        .expect("demo")
        .event
        .id;
    let walk_in = roster::register_walk_in(
        &mut conn,
        gone,
        &PersonForm {
            name: NAME.into(),
            nip: NIP.into(),
            category: String::new(),
            rank: String::new(),
            position: "Guru".into(),
            unit: "SMP Negeri 9".into(),
            phone: String::new(),
        },
        Actor::Organizer,
        now(),
    )
    .expect("walk-in");
    // An edit writes the name into the audit log too.
    roster::check_in(&mut conn, walk_in.person.id, Actor::Organizer, now()).expect("check in");
    demo::sign(&mut conn, &key, gone, 40, now, &mut |_, _| Ok(())).expect("sign");
    demo::sign(&mut conn, &key, kept, 3, now, &mut |_, _| Ok(())).expect("sign");
    backup::run_auto(&conn, &path, "harian", now()).expect("auto backup before");
    let before = backup::list_auto(&backup::auto_dir(&path)).expect("list");
    assert!(contains(std::path::Path::new(&before[0].path), NAME));

    let plan = erase::plan(&conn, gone).expect("plan");
    assert_eq!((plan.people, plan.declarations), (31, 31));
    let wrong = erase::erase(&mut conn, &path, gone, "hapus", Actor::Organizer, now())
        .expect_err("needs the title");
    assert_eq!(wrong.code(), ErrorCode::Invalid);
    assert!(wrong.to_string().contains("31 peserta"), "{wrong}");
    assert!(db::events::get(&conn, gone).is_ok(), "nothing erased yet");

    let later = now() + chrono::Duration::hours(1);
    let done = erase::erase(
        &mut conn,
        &path,
        gone,
        &plan.confirm_with,
        Actor::Organizer,
        later,
    )
    .expect("erase");
    assert!(done.chain_head.is_some());
    assert_eq!(done.removed_backups, vec![before[0].path.clone()]);
    assert_eq!(done.new_backups.len(), 1);
    assert!(db::events::get(&conn, gone).is_err());

    // What stays: one entry with counts and the chain head.
    let left = audit::list(
        &conn,
        &AuditFilter {
            event_id: Some(gone),
            ..Default::default()
        },
    )
    .expect("audit");
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].action, "event.erase");
    assert_eq!(left[0].details["people"], 31);
    assert_eq!(
        left[0].details["chain_head"]["record_hash"].as_str(),
        done.chain_head.as_deref()
    );
    // The other event is whole.
    let report = chain::verify_event(&conn, &path, kept, &[]).expect("verify");
    assert!(report.ok() && report.records == 3);

    // While the database is still open, as the app holds it.
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    for file in [
        path.clone(),
        wal.into(),
        std::path::PathBuf::from(&done.new_backups[0]),
    ] {
        for needle in [NAME, NIP] {
            assert!(!contains(&file, needle), "{needle} still in {file:?}");
        }
    }
    drop(conn);
    drop(dir);
}

#[test]
fn signed_records_cannot_be_deleted_by_any_other_path() {
    let mut conn = db::open_in_memory().expect("db");
    let key = InstallationKey::generate();
    let event = demo::create(&mut conn, 5, now(), today())
        .expect("demo")
        .event
        .id;
    demo::sign(&mut conn, &key, event, 2, now, &mut |_, _| Ok(())).expect("sign");
    for sql in [
        "DELETE FROM declarations",
        "DELETE FROM signatures",
        "DELETE FROM audit_log",
    ] {
        assert!(conn.execute(sql, []).is_err(), "{sql} must be refused");
    }
}
