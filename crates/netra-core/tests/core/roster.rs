use netra_core::audit::{self, Actor};
use netra_core::db;
use netra_core::roster::person::Category;
use netra_core::roster::{self, PersonForm};
use netra_core::Error;

use crate::{now, today};

fn setup() -> (db::Connection, i64) {
    let mut conn = db::open_in_memory().expect("db");
    let id = netra_core::demo::create(&mut conn, 0, now(), today())
        .expect("event")
        .event
        .id;
    (conn, id)
}

fn walk_in(name: &str, nip: &str, category: &str) -> PersonForm {
    PersonForm {
        name: name.into(),
        nip: nip.into(),
        category: category.into(),
        unit: "Dinas Sosial".into(),
        ..PersonForm::default()
    }
}

fn fields(err: Error) -> Vec<String> {
    match err {
        Error::Invalid(f) => f
            .into_iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect(),
        other => panic!("expected field errors, got {other}"),
    }
}

#[test]
fn a_walk_in_is_registered_checked_in_and_audited() {
    let (mut conn, ev) = setup();
    let roster::SavedPerson {
        person: p,
        warnings,
    } = roster::register_walk_in(
        &mut conn,
        ev,
        &walk_in("  Hj.  Siti Aminah, S.Pd. ", "19900115 202221 2 003", ""),
        Actor::Organizer,
        now(),
    )
    .expect("walk-in");
    assert!(warnings.is_empty());
    assert_eq!(
        p.name, "Hj. Siti Aminah, S.Pd.",
        "spaces collapsed, titles kept"
    );
    assert_eq!(p.category, Category::Pppk, "category from the NI PPPK");
    assert!(p.walk_in && p.checked_in_at.is_some());
    let log = audit::for_entity(&conn, "person", p.id).expect("audit");
    assert_eq!(log[0].action, "person.walk_in");
}

#[test]
fn a_bad_walk_in_gets_field_messages_and_nothing_is_written() {
    let (mut conn, ev) = setup();
    let err = roster::register_walk_in(
        &mut conn,
        ev,
        &walk_in(" ", "12345", "PNS"),
        Actor::Organizer,
        now(),
    )
    .expect_err("invalid");
    let got = fields(err);
    assert!(got.contains(&"name: nama kosong".to_string()), "{got:?}");
    assert!(
        got.iter().any(|g| g.starts_with("nip: NIP harus 18 digit")),
        "{got:?}"
    );
    let err = roster::register_walk_in(
        &mut conn,
        ev,
        &walk_in("Budi", "", "PNS"),
        Actor::Organizer,
        now(),
    )
    .expect_err("PNS without NIP");
    assert_eq!(fields(err), ["nip: NIP wajib untuk PNS"]);
    assert!(roster::attendance(&conn, ev).expect("counts").invited == 0);
}

#[test]
fn the_same_nip_cannot_walk_in_twice() {
    let (mut conn, ev) = setup();
    let form = walk_in("Ahmad Fauzi", "198609262015051001", "");
    roster::register_walk_in(&mut conn, ev, &form, Actor::Organizer, now()).expect("first");
    let err = roster::register_walk_in(&mut conn, ev, &form, Actor::Organizer, now())
        .expect_err("second");
    assert!(fields(err)[0].contains("sudah terdaftar atas nama"));
}

#[test]
fn check_in_can_be_undone_and_the_log_keeps_both() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = netra_core::demo::create(&mut conn, 3, now(), today())
        .expect("demo")
        .event
        .id;
    let person = netra_core::roster::list(&conn, ev).expect("list")[0].clone();
    let p = roster::check_in(&mut conn, person.id, Actor::Organizer, now()).expect("check in");
    assert!(p.checked_in_at.is_some());
    let again = roster::check_in(&mut conn, person.id, Actor::Organizer, now()).expect("twice");
    assert_eq!(
        again.checked_in_at, p.checked_in_at,
        "a second check-in keeps the first time"
    );
    let undone =
        roster::undo_check_in(&mut conn, person.id, Actor::Organizer, now()).expect("undo");
    assert!(undone.checked_in_at.is_none());
    let actions: Vec<_> = audit::for_entity(&conn, "person", person.id)
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["person.check_in", "person.check_in_undo"]);
}

#[test]
fn attendance_is_counted_by_category_and_unit() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = netra_core::demo::create(&mut conn, 40, now(), today())
        .expect("demo")
        .event
        .id;
    let people = netra_core::roster::list(&conn, ev).expect("list");
    for p in people.iter().take(10) {
        roster::check_in(&mut conn, p.id, Actor::Organizer, now()).expect("check in");
    }
    let a = roster::attendance(&conn, ev).expect("counts");
    assert_eq!((a.invited, a.attended), (40, 10));
    assert_eq!(a.by_category.iter().map(|r| r.invited).sum::<u32>(), 40);
    assert_eq!(a.by_unit.iter().map(|r| r.attended).sum::<u32>(), 10);
    assert!(a.by_category.iter().any(|r| r.label == "PNS"));
}

#[test]
fn a_person_who_signed_cannot_be_removed_but_others_can() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = netra_core::demo::create(&mut conn, 2, now(), today())
        .expect("demo")
        .event
        .id;
    let people = netra_core::roster::list(&conn, ev).expect("list");
    conn.execute_batch(&format!(
        "INSERT INTO pledge_texts (id, event_id, version, title, body, content_hash, created_at)
           VALUES (1, {ev}, 1, 'Pernyataan', 'teks', 'h', '2024-01-01T00:00:00Z');
         INSERT INTO declarations (event_id, person_id, pledge_text_id, seq, snapshot, signed_at,
           prev_hash, record_hash, key_id, key_signature)
           VALUES ({ev}, {}, 1, 1, '{{}}', '2024-01-01T00:00:00Z', '', 'h', 'k', 's');",
        people[0].id
    ))
    .expect("a signed declaration");
    let err = roster::remove(&mut conn, people[0].id, Actor::Organizer, now()).expect_err("signed");
    assert!(err.to_string().contains("Isian belum benar") || matches!(err, Error::Invalid(_)));
    roster::remove(&mut conn, people[1].id, Actor::Organizer, now()).expect("unsigned");
    assert_eq!(netra_core::roster::list(&conn, ev).expect("list").len(), 1);
}

#[test]
fn an_edit_is_validated_saved_and_audited_with_what_changed() {
    let (mut conn, ev) = setup();
    let a = roster::register_walk_in(
        &mut conn,
        ev,
        &walk_in("Siti Aminah", "19900115 202221 2 003", ""),
        Actor::Organizer,
        now(),
    )
    .expect("walk-in")
    .person;
    let b = roster::register_walk_in(
        &mut conn,
        ev,
        &walk_in("Budi", "", "honorer"),
        Actor::Organizer,
        now(),
    )
    .expect("walk-in")
    .person;

    let mut form = PersonForm::from(&a);
    form.name = String::new();
    form.nip = "1990".into();
    let errors = fields(
        roster::update_person(&mut conn, a.id, &form, Actor::Organizer, now()).expect_err("bad"),
    );
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(
        roster::get(&conn, a.id).expect("get").name,
        "Siti Aminah",
        "nothing saved"
    );

    // Taking someone else's NIP is refused with their name.
    let mut form = PersonForm::from(&b);
    form.nip = a.nip.clone().expect("nip");
    form.category = String::new();
    let err = roster::update_person(&mut conn, b.id, &form, Actor::Organizer, now())
        .expect_err("duplicate");
    assert!(fields(err)[0].contains("Siti Aminah"));

    let mut form = PersonForm::from(&a);
    form.unit = "Inspektorat".into();
    let saved = roster::update_person(&mut conn, a.id, &form, Actor::Organizer, now())
        .expect("edit")
        .person;
    assert_eq!(saved.unit, "Inspektorat");
    assert_eq!(saved.checked_in_at, a.checked_in_at, "arrival kept");
    let log = audit::for_entity(&conn, "person", a.id).expect("audit");
    let last = log.last().expect("entry");
    assert_eq!(last.action, "person.update");
    assert_eq!(last.details["unit"]["from"], "Dinas Sosial");
    assert_eq!(last.details["unit"]["to"], "Inspektorat");
    assert!(last.details.get("name").is_none(), "only changed fields");
}
