use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use netra_core::audit::Actor;
use netra_core::db;
use netra_core::export;
use netra_core::roster::{self, PersonForm};

use crate::{now, today};

fn roster_with_a_formula_name() -> (db::Connection, i64) {
    let mut conn = db::open_in_memory().expect("db");
    let ev = netra_core::demo::create(&mut conn, 0, now(), today())
        .expect("event")
        .event
        .id;
    for (name, nip) in [
        ("=HYPERLINK(\"http://x\",\"klik\")", "198609262015051001"),
        ("Théresia Nainggolan", ""),
    ] {
        let form = PersonForm {
            name: name.into(),
            nip: nip.into(),
            ..PersonForm::default()
        };
        roster::register_walk_in(&mut conn, ev, &form, Actor::Organizer, now()).expect("walk-in");
    }
    (conn, ev)
}

#[test]
fn csv_export_neutralises_formulas_and_keeps_unicode() {
    let (conn, ev) = roster_with_a_formula_name();
    let bytes = export::attendees_csv(&conn, ev).expect("csv");
    let text = String::from_utf8(bytes).expect("utf-8");
    assert!(text.starts_with('\u{feff}'), "a BOM so Excel reads UTF-8");
    assert!(text.contains("'=HYPERLINK"), "{text}");
    assert!(text.contains("Théresia Nainggolan"));
    assert!(text.contains("19860926 201505 1 001"));
    assert!(text.contains("Hadir (tanpa undangan)"));
}

#[test]
fn xlsx_export_keeps_all_18_nip_digits_as_text() {
    let (conn, ev) = roster_with_a_formula_name();
    let bytes = export::attendees_xlsx(&conn, ev).expect("xlsx");
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("open");
    let range = book.worksheet_range("Daftar Hadir").expect("sheet");
    let cells: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    assert_eq!(cells[0][2], Data::String("NIP".into()));
    // People are listed in name order; find the one with a NIP.
    let nips: Vec<&Data> = cells[1..].iter().map(|r| &r[2]).collect();
    assert!(
        nips.contains(&&Data::String("19860926 201505 1 001".into())),
        "NIP is a string cell, never a number: {nips:?}"
    );
    let names: Vec<&Data> = cells[1..].iter().map(|r| &r[1]).collect();
    assert!(
        names.contains(&&Data::String("'=HYPERLINK(\"http://x\",\"klik\")".into())),
        "{names:?}"
    );
}
