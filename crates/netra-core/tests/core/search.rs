use netra_core::audit::Actor;
use netra_core::db;
use netra_core::roster::person::{Category, NewPerson};
use netra_core::roster::search::{Presence, RosterIndex, RosterQuery, SearchCache};
use netra_core::roster::{self, PersonForm};

use crate::{now, temp_db, today};

fn person(name: &str, nip: Option<&str>, unit: &str) -> NewPerson {
    NewPerson {
        name: name.into(),
        nip: nip.map(Into::into),
        category: if nip.is_some() {
            Category::Pns
        } else {
            Category::Ppnpn
        },
        rank: String::new(),
        position: String::new(),
        unit: unit.into(),
        phone: String::new(),
    }
}

/// An event with a small roster of names that search must tell apart.
fn roster(conn: &mut db::Connection) -> i64 {
    let ev = netra_core::demo::create(conn, 0, now(), today())
        .expect("event")
        .event
        .id;
    let people = [
        person(
            "Dr. H. Ahmad Fauzi, S.H., M.Si.",
            Some("198605122010011001"),
            "Dinas Pendidikan",
        ),
        person("Budi Ahmadi", Some("198701012011011002"), "Inspektorat"),
        person("I Nyoman Sukarṇa", Some("197003032000031003"), "BKPSDM"),
        person("Siti Aminah", None, "Dinas Pendidikan dan Kebudayaan"),
        person("Ir. Irwan Setiawan", Some("196812121995031001"), "Bappeda"),
    ];
    db::people::insert_many(conn, ev, &people, now()).expect("insert");
    ev
}

fn names(index: &RosterIndex, text: &str) -> Vec<String> {
    query(index, text, None, Presence::All)
}

fn query(
    index: &RosterIndex,
    text: &str,
    category: Option<Category>,
    presence: Presence,
) -> Vec<String> {
    index
        .page(&RosterQuery {
            text: text.into(),
            category,
            presence,
            offset: 0,
            limit: 50,
        })
        .people
        .into_iter()
        .map(|p| p.name)
        .collect()
}

#[test]
fn names_are_found_ignoring_titles_case_punctuation_and_diacritics() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = roster(&mut conn);
    let index = RosterIndex::load(&conn, ev).expect("index");
    assert_eq!(
        names(&index, "ahmad fauzi"),
        ["Dr. H. Ahmad Fauzi, S.H., M.Si."]
    );
    assert_eq!(
        names(&index, "AHMAD   FAUZI"),
        ["Dr. H. Ahmad Fauzi, S.H., M.Si."]
    );
    assert_eq!(
        names(&index, "dr. ahmad f"),
        ["Dr. H. Ahmad Fauzi, S.H., M.Si."]
    );
    assert_eq!(names(&index, "fauzi"), ["Dr. H. Ahmad Fauzi, S.H., M.Si."]);
    assert_eq!(names(&index, "sukarna"), ["I Nyoman Sukarṇa"]);
    assert_eq!(names(&index, "nyoman sukarṇa"), ["I Nyoman Sukarṇa"]);
    // "ir" while typing is the start of Irwan, not a title to drop.
    assert_eq!(names(&index, "ir"), ["Ir. Irwan Setiawan"]);
    assert!(names(&index, "zulkifli").is_empty());
}

#[test]
fn names_that_start_with_the_query_come_first() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = roster(&mut conn);
    let index = RosterIndex::load(&conn, ev).expect("index");
    // Budi Ahmadi has a word starting with "ahmad" but Ahmad Fauzi starts so.
    assert_eq!(
        names(&index, "ahmad"),
        ["Dr. H. Ahmad Fauzi, S.H., M.Si.", "Budi Ahmadi"]
    );
}

#[test]
fn nip_prefix_is_found_with_or_without_spaces() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = roster(&mut conn);
    let index = RosterIndex::load(&conn, ev).expect("index");
    let fauzi = ["Dr. H. Ahmad Fauzi, S.H., M.Si."];
    assert_eq!(names(&index, "19860512"), fauzi);
    assert_eq!(names(&index, "19860512 2010"), fauzi);
    assert_eq!(names(&index, "19860512 201001 1 001"), fauzi);
    assert_eq!(names(&index, "1986.0512"), fauzi);
    assert_eq!(names(&index, "19").len(), 4, "every NIP starts with 19");
    assert!(names(&index, "2099").is_empty());
}

#[test]
fn units_match_after_names() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = roster(&mut conn);
    let index = RosterIndex::load(&conn, ev).expect("index");
    assert_eq!(
        names(&index, "dinas pendidikan"),
        ["Dr. H. Ahmad Fauzi, S.H., M.Si.", "Siti Aminah"]
    );
    assert_eq!(names(&index, "bkpsdm"), ["I Nyoman Sukarṇa"]);
    // A name word and a unit word together narrow to one person.
    assert_eq!(names(&index, "siti kebudayaan"), ["Siti Aminah"]);
}

#[test]
fn filters_and_pages_count_what_matches() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = roster(&mut conn);
    let fauzi = netra_core::roster::list(&conn, ev).expect("list")[0].id;
    roster::check_in(&mut conn, fauzi, Actor::Organizer, now()).expect("check in");
    let index = RosterIndex::load(&conn, ev).expect("index");
    assert_eq!(
        query(&index, "", None, Presence::Present),
        ["Dr. H. Ahmad Fauzi, S.H., M.Si."]
    );
    assert_eq!(query(&index, "", None, Presence::Absent).len(), 4);
    assert_eq!(
        query(&index, "", Some(Category::Ppnpn), Presence::All),
        ["Siti Aminah"]
    );
    let page = index.page(&RosterQuery {
        text: String::new(),
        offset: 3,
        limit: 10,
        ..RosterQuery::default()
    });
    assert_eq!((page.total, page.matched, page.people.len()), (5, 5, 2));
    let page = index.page(&RosterQuery {
        text: "a".into(),
        limit: 1,
        ..RosterQuery::default()
    });
    assert_eq!(
        (page.matched, page.people.len()),
        (3, 1),
        "limit caps rows, not the count"
    );
}

#[test]
fn the_cache_follows_changes_made_through_another_connection() {
    let (_dir, path) = temp_db();
    let mut window = db::open(&path).expect("db");
    let ev = roster(&mut window);
    let mut cache = SearchCache::default();
    let all = RosterQuery {
        limit: 50,
        ..RosterQuery::default()
    };
    assert_eq!(cache.page(&window, ev, &all).expect("page").matched, 5);

    // The CLI (another connection) adds, renames, checks in and removes.
    let mut cli = db::open(&path).expect("second connection");
    let walk_in = PersonForm {
        name: "Zaenal Arifin".into(),
        category: "honorer".into(),
        ..PersonForm::default()
    };
    let zaenal = roster::register_walk_in(&mut cli, ev, &walk_in, Actor::Cli, now())
        .expect("walk-in")
        .person;
    let found = |cache: &mut SearchCache, text: &str| -> Vec<String> {
        let q = RosterQuery {
            text: text.into(),
            ..all.clone()
        };
        cache
            .page(&window, ev, &q)
            .expect("page")
            .people
            .into_iter()
            .map(|p| p.name)
            .collect()
    };
    assert_eq!(found(&mut cache, "zaenal"), ["Zaenal Arifin"]);

    let siti = netra_core::roster::list(&cli, ev)
        .expect("list")
        .into_iter()
        .find(|p| p.name == "Siti Aminah")
        .expect("siti");
    let renamed = PersonForm {
        name: "Siti Aminah Lubis".into(),
        ..PersonForm::from(&siti)
    };
    roster::update_person(&mut cli, siti.id, &renamed, Actor::Cli, now()).expect("edit");
    assert_eq!(found(&mut cache, "lubis"), ["Siti Aminah Lubis"]);
    assert_eq!(
        found(&mut cache, "siti").len(),
        1,
        "replaced, not duplicated"
    );

    roster::check_in(&mut cli, siti.id, Actor::Cli, now()).expect("check in");
    let present = RosterQuery {
        presence: Presence::Present,
        ..all.clone()
    };
    assert_eq!(cache.page(&window, ev, &present).expect("page").matched, 2);

    roster::remove(&mut cli, zaenal.id, Actor::Cli, now()).expect("remove");
    assert!(found(&mut cache, "zaenal").is_empty());
    assert_eq!(cache.page(&window, ev, &all).expect("page").total, 5);
}

#[test]
fn an_unknown_event_is_an_error_not_an_empty_roster() {
    let conn = db::open_in_memory().expect("db");
    let err = RosterIndex::load(&conn, 999).expect_err("no event");
    assert!(err.to_string().contains("999"), "{err}");
}

#[test]
fn a_re_import_that_renames_people_reaches_a_cached_index() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = roster(&mut conn);
    let mut cache = SearchCache::default();
    let q = |text: &str| RosterQuery {
        text: text.into(),
        limit: 10,
        ..RosterQuery::default()
    };
    assert_eq!(cache.page(&conn, ev, &q("")).expect("page").total, 5);
    let csv = "Nama;NIP;Unit Kerja\nAhmad Fauzi Rahman;198605122010011001;Dinas Pendidikan\nBaru Sekali;;Inspektorat\n";
    let preview = netra_core::roster::import::preview_bytes("ulang.csv", csv.as_bytes(), today())
        .expect("preview");
    netra_core::roster::import::commit(&mut conn, ev, &preview, Actor::Cli, now()).expect("commit");
    let page = cache.page(&conn, ev, &q("rahman")).expect("page");
    assert_eq!(page.people[0].name, "Ahmad Fauzi Rahman");
    assert_eq!(page.total, 6, "one updated by NIP, one added");
    assert_eq!(cache.page(&conn, ev, &q("baru")).expect("page").matched, 1);
}
