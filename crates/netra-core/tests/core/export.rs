use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use netra_core::audit::Actor;
use netra_core::db;
use netra_core::roster::export;
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
        names.contains(&&Data::String("=HYPERLINK(\"http://x\",\"klik\")".into())),
        "the exact value, no apostrophe added: {names:?}"
    );
}

#[test]
fn xlsx_export_keeps_formula_like_values_exact_behind_a_quote_prefix() {
    let (mut conn, ev) = roster_with_a_formula_name();
    let form = PersonForm {
        name: "Budi".into(),
        phone: "+6281234567890".into(),
        ..PersonForm::default()
    };
    roster::register_walk_in(&mut conn, ev, &form, Actor::Organizer, now()).expect("walk-in");
    let bytes = export::attendees_xlsx(&conn, ev).expect("xlsx");

    let mut book: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).expect("open");
    let range = book.worksheet_range("Daftar Hadir").expect("sheet");
    let values: Vec<String> = range.rows().flatten().map(|c| c.to_string()).collect();
    assert!(
        values.iter().any(|v| v == "+6281234567890"),
        "a phone number is read back as typed, not as '+62…: {values:?}"
    );
    assert!(!values.iter().any(|v| v.starts_with('\'')), "{values:?}");

    // The cells carry Excel's own quote-prefix style, so Excel shows them as
    // text and never evaluates them, also after an edit.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut styles = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/styles.xml").expect("styles"),
        &mut styles,
    )
    .expect("read");
    assert!(styles.contains("quotePrefix=\"1\""), "{styles}");
}

#[test]
fn the_import_problem_report_opens_in_excel_with_one_row_per_problem() {
    let csv = "Nama;NIP\nBudi;1986051220100110\n=HYPERLINK(\"x\");\n   ;198605122010011001\n";
    let preview = netra_core::roster::import::preview_bytes("daftar.csv", csv.as_bytes(), today())
        .expect("preview");
    let issues = &preview.summary.issues;
    assert!(issues.len() >= 2, "{issues:?}");
    let bytes = export::issues(&preview.summary, export::SheetFormat::Xlsx).expect("xlsx");
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("open");
    let range = book.worksheet_range("Masalah impor").expect("sheet");
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    assert_eq!(rows[0][3], Data::String("Masalah".into()));
    assert_eq!(rows.len(), issues.len() + 1);
    assert_eq!(rows[1][0], Data::Float(f64::from(issues[0].line)));
    assert_eq!(rows[1][3], Data::String(issues[0].message.clone()));

    let csv = export::issues(&preview.summary, export::SheetFormat::Csv).expect("csv");
    let text = String::from_utf8(csv).expect("utf-8");
    assert!(text.contains("NIP harus 18 digit"), "{text}");
}

#[test]
fn an_export_file_is_written_whole_and_the_format_comes_from_its_name() {
    let (conn, ev) = roster_with_a_formula_name();
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("Daftar hadir.XLSX");
    let format = export::SheetFormat::from_path(&path).expect("xlsx");
    let bytes = export::attendees(&conn, ev, format).expect("bytes");
    netra_core::files::write(&path, &bytes).expect("write");
    assert_eq!(std::fs::read(&path).expect("read"), bytes);
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        1,
        "no temp left"
    );
    let err = export::SheetFormat::from_path(std::path::Path::new("x.pdf")).expect_err("pdf");
    assert!(err.to_string().contains(".xlsx atau .csv"), "{err}");
    let event = netra_core::event::get(&conn, ev).expect("event");
    let name = export::file_name("Daftar hadir", &event, format);
    assert!(
        name.starts_with("Daftar hadir - ") && name.ends_with(".xlsx"),
        "{name}"
    );
    assert!(!name.contains('/'));
}
