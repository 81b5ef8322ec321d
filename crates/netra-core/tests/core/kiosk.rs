//! What the kiosk may show and do: one person at a time, NIPs masked,
//! nobody from another event, the organiser's PIN to leave.

use chrono::Duration;
use netra_core::declaration::kiosk::{self, KioskStart};
use netra_core::roster::search::RosterIndex;
use netra_core::roster::PersonForm;
use netra_core::{db, demo, ErrorCode};

use crate::{now, today};

fn event(conn: &mut db::Connection, people: usize) -> i64 {
    demo::create(conn, people, now(), today())
        .expect("demo")
        .event
        .id
}

#[test]
fn search_needs_enough_typed_and_shows_few_masked_matches() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = event(&mut conn, 400);
    let index = RosterIndex::load(&conn, ev).expect("index");

    let short = kiosk::find(&conn, &index, "ah").expect("short");
    assert!(short.matches.is_empty());
    assert!(short.hint.as_deref().is_some_and(|h| h.contains("3 huruf")));
    let digits = kiosk::find(&conn, &index, "19860512").expect("digits");
    assert!(digits.matches.is_empty(), "a NIP prefix cannot list people");

    let people = netra_core::roster::list(&conn, ev).expect("list");
    let someone = people.iter().find(|p| p.nip.is_some()).expect("asn");
    let nip = someone.nip.clone().expect("nip");
    let found = kiosk::find(&conn, &index, &nip).expect("by nip");
    assert_eq!(found.matches.len(), 1);
    let shown = &found.matches[0];
    assert_eq!(shown.name, someone.name);
    let masked = shown.nip_masked.clone().expect("masked");
    assert_eq!(masked, kiosk::mask_nip(&nip));
    assert!(!masked.contains(&nip[4..14]));

    let many = kiosk::find(&conn, &index, "Sri").expect("common name");
    assert!(many.matches.len() <= kiosk::MAX_MATCHES);
    let json = serde_json::to_string(&many).expect("json");
    for p in &people {
        if let Some(n) = &p.nip {
            assert!(!json.contains(n.as_str()), "full NIP in a kiosk answer");
        }
    }
}

#[test]
fn a_person_of_another_event_is_not_found() {
    let mut conn = db::open_in_memory().expect("db");
    let a = event(&mut conn, 3);
    let b = event(&mut conn, 3);
    let of_b: i64 = conn
        .query_row("SELECT id FROM people WHERE event_id = ?1", [b], |r| {
            r.get(0)
        })
        .expect("id");
    let err = kiosk::person(&conn, a, of_b).expect_err("other event");
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert!(kiosk::person(&conn, b, of_b).is_ok());
}

#[test]
fn a_walk_in_with_a_taken_nip_is_not_told_whose_it_is() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = event(&mut conn, 20);
    let holder = netra_core::roster::list(&conn, ev)
        .expect("list")
        .into_iter()
        .find(|p| p.nip.is_some())
        .expect("asn");
    let form = PersonForm {
        name: "Budi Santoso".into(),
        nip: holder.nip.clone().unwrap_or_default(),
        ..PersonForm::default()
    };
    let err = kiosk::walk_in(&mut conn, ev, &form, now()).expect_err("taken");
    assert!(!err.to_string().contains(&holder.name), "{err}");
    let fresh = PersonForm {
        name: "Budi Santoso".into(),
        category: "lainnya".into(),
        unit: "Kecamatan Lain".into(),
        ..PersonForm::default()
    };
    let card = kiosk::walk_in(&mut conn, ev, &fresh, now()).expect("walk-in");
    assert_eq!(card.name, "Budi Santoso");
    assert!(card.signed.is_none());
}

#[test]
fn the_pin_is_required_once_hashed_and_guards_the_exit() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = event(&mut conn, 2);
    let mut start = KioskStart {
        event_id: ev,
        idle_seconds: 45,
        ..KioskStart::default()
    };
    let err = kiosk::prepare_start(
        &mut conn,
        &start,
        netra_core::audit::Actor::Organizer,
        now(),
    )
    .expect_err("no pin yet");
    assert!(err.to_string().contains("Isian"), "{err}");
    start.new_pin = "2468".into();
    start.new_pin_again = "2469".into();
    assert!(kiosk::prepare_start(
        &mut conn,
        &start,
        netra_core::audit::Actor::Organizer,
        now()
    )
    .is_err());
    start.new_pin_again = "2468".into();
    let session = kiosk::prepare_start(
        &mut conn,
        &start,
        netra_core::audit::Actor::Organizer,
        now(),
    )
    .expect("start");
    assert_eq!(session.idle_seconds, 45);
    let stored: String = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'kiosk.pin'",
            [],
            |r| r.get(0),
        )
        .expect("stored");
    assert!(stored.starts_with("$argon2") && !stored.contains("2468"));

    assert!(kiosk::try_exit(&conn, "1111", now()).is_err());
    assert!(kiosk::try_exit(&conn, "2468", now()).is_ok());
    for _ in 0..kiosk::PIN_ATTEMPTS {
        let _ = kiosk::try_exit(&conn, "0000", now());
    }
    let locked = kiosk::try_exit(&conn, "2468", now()).expect_err("locked");
    assert!(locked.to_string().contains("detik"), "{locked}");
    let later = now() + Duration::seconds(kiosk::PIN_LOCK_SECONDS + 1);
    assert!(kiosk::try_exit(&conn, "2468", later).is_ok());
}

#[test]
fn a_nip_search_says_nothing_until_the_whole_number_is_typed() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = event(&mut conn, 400);
    let index = RosterIndex::load(&conn, ev).expect("index");
    let people = netra_core::roster::list(&conn, ev).expect("roster");
    let nip = people
        .iter()
        .find_map(|p| p.nip.clone())
        .expect("an ASN with a NIP");
    // The mask shows digits 1-4 and 15-18; digit 9 is never shown.
    let flip = |n: &str| {
        let mut d: Vec<char> = n.chars().collect();
        d[8] = if d[8] == '0' { '1' } else { '0' };
        d.into_iter().collect::<String>()
    };
    for len in [8, 12, 17] {
        let right = kiosk::find(&conn, &index, &nip[..len]).expect("right prefix");
        let wrong = kiosk::find(&conn, &index, &flip(&nip)[..len]).expect("wrong prefix");
        assert_eq!(
            right, wrong,
            "a {len}-digit prefix answers the same whether its hidden digit is right or not"
        );
        assert!(right.matches.is_empty(), "no one is listed by a prefix");
    }
    // Letters with digits search names only: digits never probe a NIP.
    let name = people[0]
        .name
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_string();
    let a = kiosk::find(&conn, &index, &format!("{name} {}", &nip[..9])).expect("mixed");
    let b = kiosk::find(&conn, &index, &format!("{name} {}", &flip(&nip)[..9])).expect("mixed");
    assert_eq!(a, b, "digits typed beside a name reveal nothing");
    let whole = kiosk::find(&conn, &index, &nip).expect("whole");
    assert_eq!(whole.matches.len(), 1, "the whole NIP finds its holder");
}

/// A PIN hash as the kiosk stores it, with argon2 made cheap so the test can
/// try every PIN; the lockout does not depend on the hash's cost.
fn store_cheap_pin(conn: &db::Connection, pin: &str) {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let params = argon2::Params::new(8, 1, 1, None).expect("params");
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let hash = argon
        .hash_password(pin.as_bytes(), &SaltString::generate(&mut OsRng))
        .expect("hash")
        .to_string();
    db::settings::set(conn, "kiosk.pin", &hash).expect("store");
}

#[test]
fn guessing_every_4_digit_pin_at_the_kiosk_takes_more_than_a_day() {
    let conn = db::open_in_memory().expect("db");
    store_cheap_pin(&conn, "9999");
    let mut clock = now();
    let mut tries = 0;
    for guess in 0..10_000 {
        let pin = format!("{guess:04}");
        loop {
            tries += 1;
            match kiosk::try_exit(&conn, &pin, clock) {
                Ok(()) => break,
                Err(e) if e.to_string().contains("coba lagi") => {
                    // Locked: the attacker waits it out.
                    clock += Duration::seconds(5);
                }
                Err(_) => break,
            }
        }
        if pin == "9999" {
            break;
        }
        clock += Duration::seconds(1);
    }
    let hours = (clock - now()).num_seconds() as f64 / 3600.0;
    assert!(tries >= 10_000);
    assert!(
        hours > 24.0,
        "trying all 10,000 PINs took only {hours:.1} hours of locks"
    );
}

#[test]
fn the_pin_lockout_survives_a_restart_and_grows() {
    let (_dir, path) = crate::temp_db();
    {
        let conn = db::open(&path).expect("db");
        store_cheap_pin(&conn, "24681357");
        for _ in 0..kiosk::PIN_ATTEMPTS {
            let _ = kiosk::try_exit(&conn, "00000000", now());
        }
    }
    let conn = db::open(&path).expect("reopened, as after a restart");
    let err = kiosk::try_exit(&conn, "24681357", now()).expect_err("still locked");
    assert!(err.to_string().contains("coba lagi"), "{err}");
    assert!(
        kiosk::lock_seconds(2) > kiosk::lock_seconds(1),
        "the second lock is longer"
    );
    assert_eq!(kiosk::lock_seconds(40), kiosk::PIN_LOCK_MAX_SECONDS);
    let later = now() + Duration::seconds(kiosk::lock_seconds(1) + 1);
    assert!(
        kiosk::try_exit(&conn, "24681357", later).is_ok(),
        "an 8-digit PIN works once the lock ends"
    );
}

#[test]
fn the_kiosk_opens_and_signs_only_people_its_own_search_showed() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = event(&mut conn, 50);
    let index = RosterIndex::load(&conn, ev).expect("index");
    let people = netra_core::roster::list(&conn, ev).expect("roster");
    let mut run = kiosk::Run::new(ev);

    let stranger = people.iter().find(|p| p.nip.is_some()).expect("an ASN");
    let err = run.person(&conn, stranger.id).expect_err("not shown yet");
    assert_eq!(err.code(), ErrorCode::NotFound, "an id alone opens nobody");
    let pledge = netra_core::declaration::pledge::current(&mut conn, ev, now())
        .expect("pledge")
        .content_hash;
    let key = netra_core::keys::InstallationKey::generate();
    let submission = netra_core::declaration::Submission {
        submission_id: "kiosk-test-0001".into(),
        person_id: stranger.id,
        pledge_hash: pledge,
        strokes: demo::signature_json(1),
        png: None,
    };
    let err = run
        .submit(&mut conn, &key, &submission, now())
        .expect_err("not shown");
    assert_eq!(err.code(), ErrorCode::NotFound, "nor signs for them");

    let nip = stranger.nip.clone().unwrap_or_default();
    let found = run.find(&conn, &index, &nip).expect("search");
    assert!(found.matches.iter().any(|m| m.person_id == stranger.id));
    assert_eq!(
        run.person(&conn, stranger.id).expect("shown").person_id,
        stranger.id
    );
    run.submit(&mut conn, &key, &submission, now())
        .expect("a person the search showed may sign");
}
