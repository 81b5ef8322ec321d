use netra_core::audit::{self, Actor};
use netra_core::db;
use netra_core::declaration::pledge;

use crate::{now, today};

fn event(conn: &mut db::Connection) -> i64 {
    netra_core::demo::create(conn, 0, now(), today())
        .expect("event")
        .event
        .id
}

#[test]
fn an_event_starts_with_the_default_text_as_version_1() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = event(&mut conn);
    let text = pledge::current(&mut conn, ev, now()).expect("current");
    assert_eq!(
        (text.version, text.title.as_str()),
        (1, pledge::DEFAULT_TITLE)
    );
    assert_eq!(
        text.content_hash,
        pledge::content_hash(&text.title, &text.body)
    );
    let again = pledge::current(&mut conn, ev, now()).expect("again");
    assert_eq!(again, text, "asking twice stores nothing new");
    assert!(
        pledge::current(&mut conn, 999, now()).is_err(),
        "unknown event"
    );
}

#[test]
fn an_edit_is_a_new_version_and_old_versions_stay_findable() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = event(&mut conn);
    let v1 = pledge::current(&mut conn, ev, now()).expect("v1");
    let body = format!("{}\n8. Melaporkan pelanggaran kepada Bawaslu.", v1.body);
    let v2 = pledge::edit(&mut conn, ev, &v1.title, &body, Actor::Organizer, now()).expect("v2");
    assert_eq!(v2.version, 2);
    assert_ne!(v2.content_hash, v1.content_hash);
    // Saving the same words again (other line ends) changes nothing.
    let same = pledge::edit(
        &mut conn,
        ev,
        &v1.title,
        &body.replace('\n', "\r\n"),
        Actor::Organizer,
        now(),
    )
    .expect("same");
    assert_eq!(same.id, v2.id);
    assert_eq!(pledge::versions(&conn, ev).expect("versions").len(), 2);
    let found = pledge::by_hash(&conn, ev, &v1.content_hash).expect("by hash");
    assert_eq!(found.map(|t| t.version), Some(1));
    let log = audit::for_entity(&conn, "pledge_text", v2.id).expect("audit");
    assert_eq!(log[0].action, "pledge.edit");
}

#[test]
fn an_empty_text_is_refused_and_a_stored_version_cannot_be_changed() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = event(&mut conn);
    let v1 = pledge::current(&mut conn, ev, now()).expect("v1");
    let err = pledge::edit(&mut conn, ev, " ", "\n\n", Actor::Organizer, now()).expect_err("empty");
    match err {
        netra_core::Error::Invalid(fields) => {
            assert_eq!(fields.len(), 2, "title and body: {fields:?}");
            assert!(fields.iter().all(|f| f.message.contains("kosong")));
        }
        other => panic!("expected field errors, got {other}"),
    }
    let changed = conn.execute(
        "UPDATE pledge_texts SET body = 'lain' WHERE id = ?1",
        [v1.id],
    );
    assert!(changed.is_err(), "the schema refuses edits in place");
    assert_eq!(pledge::versions(&conn, ev).expect("versions").len(), 1);
}
