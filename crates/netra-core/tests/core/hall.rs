//! The hall's records: paired devices and their tokens, phone sessions
//! that sign once, and the way in each declaration records.

use netra_core::audit::Actor;
use netra_core::declaration::kiosk::Run;
use netra_core::declaration::{self, pledge, Submission};
use netra_core::hall::{self, devices, phones, tokens, Channel};
use netra_core::keys::InstallationKey;
use netra_core::roster::search::RosterIndex;
use netra_core::{db, demo, ErrorCode};

use crate::{now, today};

struct Hall {
    conn: db::Connection,
    key: InstallationKey,
    event: i64,
    pledge_hash: String,
}

fn hall(people: usize) -> Hall {
    let mut conn = db::open_in_memory().expect("db");
    let event = demo::create(&mut conn, people, now(), today())
        .expect("demo")
        .event
        .id;
    let pledge_hash = pledge::current(&mut conn, event, now())
        .expect("pledge")
        .content_hash;
    Hall {
        conn,
        key: InstallationKey::generate(),
        event,
        pledge_hash,
    }
}

fn submission(h: &Hall, person: i64, id: &str) -> Submission {
    Submission {
        submission_id: id.to_string(),
        person_id: person,
        pledge_hash: h.pledge_hash.clone(),
        strokes: demo::signature_json(person as u64),
        png: None,
    }
}

/// A run that has "searched" `person` by their full NIP.
fn run_showing(h: &Hall, channel: Channel, person: i64) -> Run {
    let nip: String = h
        .conn
        .query_row("SELECT nip FROM people WHERE id = ?1", [person], |r| {
            r.get(0)
        })
        .expect("nip");
    let index = RosterIndex::load(&h.conn, h.event).expect("index");
    let mut run = Run::through(h.event, channel);
    let found = run.find(&h.conn, &index, &nip).expect("find");
    assert_eq!(found.matches.len(), 1);
    run
}

fn people_with_nip(h: &Hall, n: usize) -> Vec<i64> {
    h.conn
        .prepare("SELECT id FROM people WHERE event_id = ?1 AND nip IS NOT NULL ORDER BY id")
        .expect("prepare")
        .query_map([h.event], |r| r.get(0))
        .expect("query")
        .take(n)
        .collect::<rusqlite::Result<Vec<i64>>>()
        .expect("ids")
}

#[test]
fn a_paired_device_signs_by_its_token_until_it_is_revoked() {
    let mut h = hall(20);
    let (device, token) = devices::pair(
        &mut h.conn,
        h.event,
        "  Tablet pintu kiri ",
        Some("10.0.0.7"),
        now(),
    )
    .expect("pair");
    assert_eq!(device.name, "Tablet pintu kiri");
    let stored: String = h
        .conn
        .query_row(
            "SELECT token_hash FROM hub_devices WHERE id = ?1",
            [device.id],
            |r| r.get(0),
        )
        .expect("stored");
    assert_eq!(stored, tokens::hash(&token), "only the hash is kept");
    assert_ne!(stored, token);

    let seen = devices::authenticate(&h.conn, h.event, &token).expect("authenticate");
    assert_eq!(seen.id, device.id);
    assert!(
        devices::seen_is_stale(&seen, Some("10.0.0.8"), now()),
        "moved"
    );
    assert!(
        !devices::seen_is_stale(&seen, Some("10.0.0.7"), now()),
        "just seen"
    );
    devices::seen(&h.conn, seen.id, Some("10.0.0.8"), now()).expect("seen");
    let other = devices::authenticate(&h.conn, h.event + 1, &token).expect_err("another event");
    assert_eq!(other.code(), ErrorCode::Unauthorized);
    let junk = devices::authenticate(&h.conn, h.event, "x' OR 1=1 --").expect_err("junk");
    assert_eq!(junk.code(), ErrorCode::Unauthorized);

    let person = people_with_nip(&h, 1)[0];
    let run = run_showing(&h, Channel::Device(device.id), person);
    let sub = submission(&h, person, "device-sub-0001");
    let receipt = run
        .submit(&mut h.conn, &h.key, &sub, now())
        .expect("submit");
    let (channel, device_id): (String, Option<i64>) = h
        .conn
        .query_row(
            "SELECT channel, device_id FROM declarations WHERE id = ?1",
            [receipt.declaration_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("row");
    assert_eq!((channel.as_str(), device_id), ("device", Some(device.id)));
    let listed = devices::list(&h.conn, h.event).expect("list");
    assert_eq!(listed[0].signatures, 1);
    assert_eq!(listed[0].address.as_deref(), Some("10.0.0.8"));

    devices::revoke(&mut h.conn, h.event, device.id, Actor::Organizer, now()).expect("revoke");
    let refused = devices::authenticate(&h.conn, h.event, &token).expect_err("revoked");
    assert_eq!(refused.code(), ErrorCode::Forbidden);
    let audit: i64 = h
        .conn
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('hub.device.pair', 'hub.device.revoke')",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(audit, 2);
}

#[test]
fn a_device_name_is_required_short_and_plain() {
    let mut h = hall(1);
    for bad in ["", "   ", &"x".repeat(41), "Tablet\u{202e}A"] {
        let err = devices::pair(&mut h.conn, h.event, bad, None, now()).expect_err(bad);
        assert_eq!(err.code(), ErrorCode::Invalid, "{bad:?}");
    }
}

#[test]
fn a_phone_session_signs_for_exactly_one_person_and_its_retry_is_the_same_receipt() {
    let mut h = hall(20);
    let (phone, token) = phones::open(&h.conn, h.event, now()).expect("open");
    assert_eq!(
        phones::authenticate(&h.conn, h.event, &token)
            .expect("auth")
            .id,
        phone.id
    );
    let ids = people_with_nip(&h, 2);

    let first = run_showing(&h, Channel::Phone(phone.id), ids[0]);
    let sub = submission(&h, ids[0], "phone-sub-00001");
    let receipt = first
        .submit(&mut h.conn, &h.key, &sub, now())
        .expect("first");
    let again = first
        .submit(&mut h.conn, &h.key, &sub, now())
        .expect("retry");
    assert!(again.repeated && again.declaration_id == receipt.declaration_id);

    // The same phone, a second person: refused, and nothing stored of it.
    let second = run_showing(&h, Channel::Phone(phone.id), ids[1]);
    let sub2 = submission(&h, ids[1], "phone-sub-00002");
    let err = second
        .submit(&mut h.conn, &h.key, &sub2, now())
        .expect_err("second signature");
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(err.to_string().contains("sudah dipakai"), "{err}");
    let count: i64 = h
        .conn
        .query_row("SELECT COUNT(*) FROM declarations", [], |r| r.get(0))
        .expect("count");
    assert_eq!(count, 1);
    let used = phones::authenticate(&h.conn, h.event, &token).expect("auth");
    assert_eq!(used.declaration_id, Some(receipt.declaration_id));

    // A spent session cannot be reset by hand either.
    let reset = h.conn.execute(
        "UPDATE hub_phones SET declaration_id = NULL WHERE id = ?1",
        [phone.id],
    );
    assert!(reset.is_err(), "the trigger keeps a phone's signature");
}

#[test]
fn a_submission_replayed_through_another_device_reads_nothing_back() {
    let mut h = hall(20);
    let (a, _) = devices::pair(&mut h.conn, h.event, "Tablet A", None, now()).expect("a");
    let (b, _) = devices::pair(&mut h.conn, h.event, "Tablet B", None, now()).expect("b");
    let person = people_with_nip(&h, 1)[0];
    let sub = submission(&h, person, "replayed-sub-01");
    run_showing(&h, Channel::Device(a.id), person)
        .submit(&mut h.conn, &h.key, &sub, now())
        .expect("a signs");
    // B never searched this person; a replay of A's request is refused
    // without returning A's receipt (name, time).
    let err = Run::through(h.event, Channel::Device(b.id))
        .submit(&mut h.conn, &h.key, &sub, now())
        .expect_err("replay");
    assert_eq!(err.code(), ErrorCode::Invalid);
    assert!(!err.to_string().contains("Fauzi"));
    // The hub restarted (a fresh run for A): A's retry is still answered.
    let retry = Run::through(h.event, Channel::Device(a.id))
        .submit(&mut h.conn, &h.key, &sub, now())
        .expect("retry after restart");
    assert!(retry.repeated);
}

#[test]
fn the_hall_view_counts_each_way_in_and_changing_it_breaks_the_guard() {
    let mut h = hall(20);
    let ids = people_with_nip(&h, 4);
    let (tab, _) = devices::pair(&mut h.conn, h.event, "Tablet A", None, now()).expect("pair");
    let (phone, _) = phones::open(&h.conn, h.event, now()).expect("phone");
    let sign = |h: &mut Hall, channel: Channel, person: i64, id: &str| {
        let run = run_showing(h, channel, person);
        let sub = submission(h, person, id);
        run.submit(&mut h.conn, &h.key, &sub, now()).expect("sign")
    };
    sign(&mut h, Channel::Kiosk, ids[0], "kiosk-sub-0001");
    sign(&mut h, Channel::Device(tab.id), ids[1], "tab-sub-00001");
    sign(&mut h, Channel::Device(tab.id), ids[2], "tab-sub-00002");
    let phoned = sign(&mut h, Channel::Phone(phone.id), ids[3], "phone-sub-0001");

    let view = hall::view(&h.conn, h.event).expect("view");
    assert_eq!((view.invited, view.signed), (20, 4));
    assert_eq!(view.present, 4, "signing is being there");
    let counts: Vec<(&str, i64)> = view
        .channels
        .iter()
        .map(|c| (c.label.as_str(), c.count))
        .collect();
    assert_eq!(
        counts,
        [("Kiosk laptop", 1), ("Tablet A", 2), ("Ponsel peserta", 1)]
    );
    assert_eq!(view.recent.len(), 4);
    assert_eq!(view.recent[0].via, "Ponsel peserta");
    assert_eq!(view.phones_opened, 1);

    let moved = h.conn.execute(
        "UPDATE declarations SET channel = 'kiosk' WHERE id = ?1",
        [phoned.declaration_id],
    );
    assert!(moved.is_err(), "the way in is as fixed as the record");
    let voided = declaration::void(
        &mut h.conn,
        &h.key,
        phoned.declaration_id,
        "salah orang",
        Actor::Organizer,
        now(),
    );
    assert!(voided.is_ok());
    let after = hall::counts(&h.conn, h.event).expect("counts");
    assert!(
        after.iter().all(|c| c.channel != "phone"),
        "voids are not counted"
    );
}
