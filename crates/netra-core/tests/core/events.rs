use netra_core::audit::{self, Actor};
use netra_core::db;
use netra_core::event::{self, EventForm, EventKind, Official, Speaker, Zone};
use netra_core::Error;

use crate::{now, today};

fn ppu() -> EventForm {
    EventForm {
        title: "Sosialisasi Kebijakan Netralitas ASN".into(),
        kind: "sosialisasi".into(),
        organizer: "Pemkab Penajam Paser Utara".into(),
        place: "Gedung Graha Pemuda".into(),
        starts_at: "2024-09-13T08:00".into(),
        timezone: "WITA".into(),
        speakers: vec![Speaker {
            name: "Khazin".into(),
            title: "Ketua".into(),
            institution: "Bawaslu Kabupaten Penajam Paser Utara".into(),
        }],
        official: Official {
            name: "Makmur Marbun".into(),
            position: "Penjabat Bupati".into(),
            nip: String::new(),
        },
        paper: "F4".into(),
    }
}

#[test]
fn a_created_event_reads_back_with_indonesian_labels() {
    let mut conn = db::open_in_memory().expect("db");
    let saved = event::create(&mut conn, &ppu(), Actor::Organizer, now(), today()).expect("create");
    let ev = event::get(&conn, saved.event.id).expect("get");
    assert_eq!(ev.title, "Sosialisasi Kebijakan Netralitas ASN");
    assert_eq!(ev.kind, EventKind::Sosialisasi);
    assert_eq!(ev.timezone, Zone::Wita);
    assert_eq!(ev.date_label, "Jumat, 13 September 2024");
    assert_eq!(ev.time_label, "08.00 WITA");
    assert_eq!(ev.speakers.len(), 1);
    assert_eq!(ev.speakers[0].name, "Khazin");
    assert_eq!(
        ev.to_form().starts_at,
        "2024-09-13T08:00",
        "edit starts from what was saved"
    );
}

#[test]
fn editing_replaces_fields_and_speakers_and_audits_what_changed() {
    let mut conn = db::open_in_memory().expect("db");
    let id = event::create(&mut conn, &ppu(), Actor::Organizer, now(), today())
        .expect("create")
        .event
        .id;
    let mut form = ppu();
    form.place = "Aula Kantor Bupati".into();
    form.speakers.push(Speaker {
        name: "Makmur Marbun".into(),
        ..Speaker::default()
    });
    let saved =
        event::update(&mut conn, id, &form, Actor::Organizer, now(), today()).expect("update");
    assert_eq!(saved.event.place, "Aula Kantor Bupati");
    assert_eq!(saved.event.speakers.len(), 2);

    let log = audit::for_entity(&conn, "event", id).expect("audit");
    let actions: Vec<_> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["event.create", "event.update"]);
    let changes = &log[1].details;
    assert_eq!(changes["place"]["from"], "Gedung Graha Pemuda");
    assert_eq!(changes["place"]["to"], "Aula Kantor Bupati");
    assert!(
        changes.get("title").is_none(),
        "unchanged fields are not listed"
    );
}

#[test]
fn a_rejected_edit_changes_nothing() {
    let mut conn = db::open_in_memory().expect("db");
    let id = event::create(&mut conn, &ppu(), Actor::Organizer, now(), today())
        .expect("create")
        .event
        .id;
    let mut form = ppu();
    form.title = String::new();
    form.place = "Tempat lain".into();
    let err =
        event::update(&mut conn, id, &form, Actor::Organizer, now(), today()).expect_err("invalid");
    assert!(matches!(err, Error::Invalid(_)));
    let ev = event::get(&conn, id).expect("get");
    assert_eq!(
        ev.place, "Gedung Graha Pemuda",
        "nothing was written half-way"
    );
    assert_eq!(
        audit::for_entity(&conn, "event", id).expect("audit").len(),
        1
    );
}

#[test]
fn editing_an_unknown_event_is_not_found() {
    let mut conn = db::open_in_memory().expect("db");
    let err =
        event::update(&mut conn, 7, &ppu(), Actor::Organizer, now(), today()).expect_err("missing");
    assert!(matches!(err, Error::EventNotFound(7)));
    assert_eq!(err.to_string(), "Acara dengan nomor 7 tidak ditemukan");
}

#[test]
fn archiving_hides_an_event_from_the_default_list_only() {
    let mut conn = db::open_in_memory().expect("db");
    let id = event::create(&mut conn, &ppu(), Actor::Organizer, now(), today())
        .expect("create")
        .event
        .id;
    let ev = event::set_archived(&mut conn, id, true, Actor::Organizer, now()).expect("archive");
    assert!(ev.archived_at.is_some());
    assert!(event::list(&conn, false).expect("list").is_empty());
    assert_eq!(event::list(&conn, true).expect("list").len(), 1);
    event::set_archived(&mut conn, id, false, Actor::Organizer, now()).expect("restore");
    assert_eq!(event::list(&conn, false).expect("list").len(), 1);
}

#[test]
fn events_are_listed_newest_first_across_time_zones() {
    let mut conn = db::open_in_memory().expect("db");
    let mut early = ppu();
    early.title = "Sosialisasi di Bengkulu".into();
    early.starts_at = "2024-09-13T08:30".into();
    early.timezone = "WIB".into();
    event::create(&mut conn, &ppu(), Actor::Organizer, now(), today()).expect("create");
    event::create(&mut conn, &early, Actor::Organizer, now(), today()).expect("create");
    let titles: Vec<_> = event::list(&conn, false)
        .expect("list")
        .into_iter()
        .map(|e| e.title)
        .collect();
    // 08:30 WIB is 09:30 WITA: later than 08:00 WITA.
    assert_eq!(titles[0], "Sosialisasi di Bengkulu");
}

#[test]
fn unicode_titles_and_names_are_kept_as_typed() {
    let mut conn = db::open_in_memory().expect("db");
    let mut form = ppu();
    form.title = "Deklarasi Netralitas — Kecamatan Ŋgada “2024”".into();
    form.speakers[0].name = "Théresia Nainggolan, S.H.".into();
    let saved = event::create(&mut conn, &form, Actor::Organizer, now(), today()).expect("create");
    assert_eq!(saved.event.title, form.title);
    assert_eq!(saved.event.speakers[0].name, "Théresia Nainggolan, S.H.");
}

#[test]
fn a_closed_event_takes_no_arrival_or_signature_and_opens_again() {
    use netra_core::declaration::{self, Submission};
    use netra_core::keys::InstallationKey;
    let mut conn = netra_core::db::open_in_memory().expect("db");
    let key = InstallationKey::generate();
    let id = netra_core::demo::create(&mut conn, 5, crate::now(), crate::today())
        .expect("demo")
        .event
        .id;
    let people: Vec<i64> = conn
        .prepare("SELECT id FROM people WHERE event_id = ?1 ORDER BY id")
        .expect("sql")
        .query_map([id], |r| r.get(0))
        .expect("ids")
        .collect::<Result<_, _>>()
        .expect("ids");
    let closed =
        event::set_closed(&mut conn, id, true, Actor::Organizer, crate::now()).expect("close");
    assert!(closed.closed_at.is_some());

    let refused =
        netra_core::roster::check_in(&mut conn, people[0], Actor::Organizer, crate::now())
            .expect_err("closed");
    assert_eq!(refused.code(), netra_core::ErrorCode::Closed);
    assert!(refused.to_string().contains("sudah ditutup"), "{refused}");
    let pledge = declaration::pledge::current(&mut conn, id, crate::now()).expect("pledge");
    let sub = Submission {
        submission_id: "closed-0001".into(),
        person_id: people[1],
        pledge_hash: pledge.content_hash,
        strokes: netra_core::demo::signature_json(1),
        png: None,
    };
    let refused = declaration::submit(&mut conn, &key, id, &sub, Actor::Kiosk, crate::now())
        .expect_err("closed");
    assert_eq!(refused.code(), netra_core::ErrorCode::Closed);
    // Behind the core's back, the schema refuses too.
    assert!(conn
        .execute(
            "UPDATE people SET checked_in_at = '2024-01-02T03:00:00.000Z' WHERE id = ?1",
            [people[0]]
        )
        .is_err());

    event::set_closed(&mut conn, id, false, Actor::Organizer, crate::now()).expect("reopen");
    netra_core::roster::check_in(&mut conn, people[0], Actor::Organizer, crate::now())
        .expect("open again");
    let receipt =
        declaration::submit(&mut conn, &key, id, &sub, Actor::Kiosk, crate::now()).expect("signs");
    // Closed again: its records cannot be voided either.
    event::set_closed(&mut conn, id, true, Actor::Organizer, crate::now()).expect("close");
    let refused = declaration::void(
        &mut conn,
        &key,
        receipt.declaration_id,
        "salah orang",
        Actor::Organizer,
        crate::now(),
    )
    .expect_err("closed");
    assert_eq!(refused.code(), netra_core::ErrorCode::Closed);
}

#[test]
fn retention_defaults_to_24_months_after_the_event_and_warns_once_past() {
    let mut conn = netra_core::db::open_in_memory().expect("db");
    let ev = netra_core::demo::create(&mut conn, 1, crate::now(), crate::today())
        .expect("demo")
        .event;
    let day = ev.starts_at.date();
    let ends = event::retention_ends(&conn, &ev).expect("ends");
    assert_eq!(
        ends,
        day.checked_add_months(chrono::Months::new(24))
            .expect("date")
    );
    assert!(!event::retention_passed(&conn, &ev, day).expect("passed"));
    assert!(event::retention_passed(&conn, &ev, ends.succ_opt().expect("day")).expect("passed"));
    let early = event::set_retention(
        &mut conn,
        ev.id,
        day.pred_opt(),
        Actor::Organizer,
        crate::now(),
    )
    .expect_err("before the event");
    assert!(early.to_string().contains("sebelum hari acara"), "{early}");
    let set = event::set_retention(
        &mut conn,
        ev.id,
        day.checked_add_months(chrono::Months::new(6)),
        Actor::Organizer,
        crate::now(),
    )
    .expect("set");
    assert_eq!(
        event::retention_ends(&conn, &set).expect("ends"),
        day.checked_add_months(chrono::Months::new(6))
            .expect("date")
    );
    event::set_default_retention_months(&conn, 60, Actor::Organizer, crate::now())
        .expect("default");
    let other = netra_core::demo::create(&mut conn, 1, crate::now(), crate::today())
        .expect("demo")
        .event;
    assert_eq!(
        event::retention_ends(&conn, &other).expect("ends"),
        day.checked_add_months(chrono::Months::new(60))
            .expect("date")
    );
}

#[test]
fn retention_is_shown_with_its_indonesian_day_and_set_from_a_form() {
    let mut conn = netra_core::db::open_in_memory().expect("db");
    let ev = netra_core::demo::create(&mut conn, 1, crate::now(), crate::today())
        .expect("demo")
        .event;
    let shown = event::retention(&conn, &ev, crate::today()).expect("retention");
    assert!(!shown.explicit && !shown.passed && shown.default_months == 24);
    let bad = event::set_retention_text(
        &mut conn,
        ev.id,
        "31/12/2030",
        Actor::Organizer,
        crate::now(),
    )
    .expect_err("bad date");
    assert!(bad.to_string().contains("tidak terbaca"), "{bad}");
    let set = event::set_retention_text(
        &mut conn,
        ev.id,
        "2199-12-31",
        Actor::Organizer,
        crate::now(),
    )
    .expect("set");
    let shown = event::retention(&conn, &set, crate::today()).expect("retention");
    assert_eq!(shown.ends, "2199-12-31");
    assert!(shown.explicit);
    assert!(
        shown.ends_label.contains("Desember 2199"),
        "{}",
        shown.ends_label
    );
    let back = event::set_retention_text(&mut conn, ev.id, " ", Actor::Organizer, crate::now())
        .expect("default");
    assert!(
        !event::retention(&conn, &back, crate::today())
            .expect("r")
            .explicit
    );
}
