//! Invisible characters that reorder or hide text are refused wherever a
//! name or title comes in, and event details reach slides as text, never
//! as Markdown.

use netra_core::audit::Actor;
use netra_core::event::{self, Speaker};
use netra_core::presentation;
use netra_core::roster::{self, PersonForm};
use netra_core::{db, demo, Error};

use crate::{now, today};

fn fields(err: Error) -> Vec<(String, String)> {
    match err {
        Error::Invalid(f) => f.into_iter().map(|f| (f.field, f.message)).collect(),
        other => panic!("expected field errors, got {other}"),
    }
}

#[test]
fn a_walk_in_or_an_edit_with_a_bidi_override_is_refused_on_its_field() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = demo::create(&mut conn, 1, now(), today())
        .expect("demo")
        .event
        .id;
    let form = PersonForm {
        name: "Ahmad \u{202e}nawaS".into(),
        unit: "Dinas\u{2066} Kominfo".into(),
        category: "ppnpn".into(),
        ..PersonForm::default()
    };
    let err = roster::register_walk_in(&mut conn, ev, &form, Actor::Organizer, now())
        .expect_err("refused");
    let f = fields(err);
    assert!(
        f.iter().any(|(k, m)| k == "name" && m.contains("U+202E")),
        "the name's field names the character: {f:?}"
    );
    assert!(f.iter().any(|(k, _)| k == "unit"), "{f:?}");

    let someone = roster::list(&conn, ev).expect("list").remove(0);
    let mut edit = PersonForm::from(&someone);
    edit.position = "Kepala\u{0007}".into();
    let err = roster::update_person(&mut conn, someone.id, &edit, Actor::Organizer, now())
        .expect_err("refused");
    assert!(fields(err).iter().any(|(k, _)| k == "position"));
}

#[test]
fn an_imported_row_with_a_control_character_is_reported_and_the_rest_imported() {
    let csv = "Nama;Unit Kerja\nBudi;Dinas Kesehatan\nSiti\u{202e}ahmaR;Inspektorat\n";
    let preview =
        roster::import::preview_bytes("daftar.csv", csv.as_bytes(), today()).expect("preview");
    assert_eq!(preview.summary.valid, 1, "the clean row is kept");
    assert!(
        preview
            .summary
            .issues
            .iter()
            .any(|i| i.line == 3 && i.field == "name" && i.message.contains("U+202E")),
        "{:?}",
        preview.summary.issues
    );
}

#[test]
fn event_fields_refuse_hidden_characters() {
    let mut form = demo::event_form(today());
    form.title = "Sosialisasi\u{2067} ASN".into();
    form.speakers = vec![Speaker {
        name: "Tito\u{0001}ny".into(),
        title: String::new(),
        institution: String::new(),
    }];
    let err = event::validate(&form, today()).expect_err("refused");
    let f = fields(err);
    assert!(f.iter().any(|(k, _)| k == "title"), "{f:?}");
    assert!(f.iter().any(|(k, _)| k.starts_with("speakers")), "{f:?}");
}

#[test]
fn an_event_title_with_markdown_shows_on_the_slides_as_typed() {
    let mut conn = db::open_in_memory().expect("db");
    let mut form = demo::event_form(today());
    form.title = "[klik](https://contoh.invalid/x) **Rapat**".into();
    form.organizer = "<b>Bawaslu</b> _Solok_".into();
    let ev = event::create(&mut conn, &form, Actor::Organizer, now(), today())
        .expect("event")
        .event
        .id;
    let show = presentation::show(&mut conn, ev, now()).expect("show");
    let html: String = show.deck.slides.iter().map(|s| s.html.as_str()).collect();
    assert!(
        !html.contains("href=\"https://contoh.invalid"),
        "no live link: {html}"
    );
    assert!(!html.contains("<strong>Rapat"), "no bold from a title");
    assert!(
        html.contains("[klik](https://contoh.invalid/x)"),
        "the title reads as typed"
    );
    assert!(!html.contains("<b>Bawaslu"), "no HTML from an organiser");
}
