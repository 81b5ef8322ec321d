//! The audit log read per event, filtered by action and actor.

use netra_core::audit::{self, Actor, AuditFilter};
use netra_core::{db, demo, roster};

use crate::{now, today};

#[test]
fn the_log_is_read_per_event_newest_first_and_filtered_by_action_and_actor() {
    let mut conn = db::open_in_memory().expect("db");
    let first = demo::create(&mut conn, 5, now(), today())
        .expect("demo")
        .event
        .id;
    let second = demo::create(&mut conn, 5, now(), today())
        .expect("demo")
        .event
        .id;
    let people: Vec<i64> = conn
        .prepare("SELECT id FROM people WHERE event_id = ?1 ORDER BY id")
        .expect("sql")
        .query_map([first], |r| r.get(0))
        .expect("ids")
        .collect::<Result<_, _>>()
        .expect("ids");
    roster::check_in(&mut conn, people[0], Actor::Organizer, now()).expect("check in");
    roster::undo_check_in(&mut conn, people[0], Actor::Organizer, now()).expect("undo");
    // Removed: its row is gone, the entry still names the event.
    roster::remove(&mut conn, people[1], Actor::Cli, now()).expect("remove");

    let all = audit::list(
        &conn,
        &AuditFilter {
            event_id: Some(first),
            ..Default::default()
        },
    )
    .expect("list");
    let actions: Vec<&str> = all.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions[0], "person.remove", "newest first: {actions:?}");
    assert!(
        actions.contains(&"event.create") && actions.contains(&"roster.demo"),
        "{actions:?}"
    );
    assert!(all.iter().all(|e| e.event_id == Some(first)));
    assert!(
        audit::list(
            &conn,
            &AuditFilter {
                event_id: Some(second),
                ..Default::default()
            }
        )
        .expect("list")
        .iter()
        .all(|e| e.event_id == Some(second)),
        "the other event's entries stay apart"
    );

    let person = audit::list(
        &conn,
        &AuditFilter {
            event_id: Some(first),
            action: Some("person".into()),
            ..Default::default()
        },
    )
    .expect("list");
    assert_eq!(
        person.len(),
        3,
        "check-in, its undo, the removal: {person:?}"
    );
    let by_cli = audit::list(
        &conn,
        &AuditFilter {
            event_id: Some(first),
            actor: Some("cli".into()),
            limit: Some(1),
            ..Default::default()
        },
    )
    .expect("list");
    assert_eq!(by_cli.len(), 1);
    assert_eq!(by_cli[0].action, "person.remove");
}
