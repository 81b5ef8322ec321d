use std::io::Write;

use netra_core::db;
use netra_core::presentation::{self, decks, SettingsForm};

use crate::{now, today};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

fn event(conn: &mut db::Connection) -> i64 {
    netra_core::demo::create(conn, 0, now(), today())
        .expect("event")
        .event
        .id
}

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("dir");
    }
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(bytes))
        .expect("write");
    path
}

#[test]
fn an_event_presents_the_default_deck_filled_with_its_own_details() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = event(&mut conn);
    presentation::save_settings(
        &conn,
        ev,
        &SettingsForm {
            deck_id: None,
            hotline: "0812-0000-1234".into(),
        },
        now(),
    )
    .expect("settings");
    let show = presentation::show(&mut conn, ev, now()).expect("show");
    let all: String = show.deck.slides.iter().map(|s| s.html.as_str()).collect();
    assert!(all.contains(&show.event_title), "title filled");
    assert!(all.contains("0812-0000-1234"), "hotline filled");
    assert!(
        !all.contains("{{"),
        "no placeholder left in the default deck"
    );
    assert!(show.deck.unknown_placeholders.is_empty());
    assert_eq!(show.pledge_lines.len(), 9);
}

#[test]
fn an_imported_deck_keeps_its_images_and_names_the_ones_it_lacks() {
    let dir = tempfile::tempdir().expect("dir");
    write(dir.path(), "gambar/logo.png", PNG);
    write(dir.path(), "catatan.png", b"bukan gambar");
    let deck = write(
        dir.path(),
        "materi.md",
        b"---\ntitle: Materi Kecamatan\n---\n# Satu\n![Logo](gambar/logo.png)\n---\n# Dua\n![x](catatan.png) ![y](hilang.jpg) ![z](../rahasia.png)\n",
    );
    let file = decks::read_file(&deck).expect("read");
    assert_eq!(file.images.len(), 1);
    assert_eq!(file.warnings.len(), 2, "{:?}", file.warnings);
    assert!(file.warnings[0].contains("catatan.png") && file.warnings[0].contains("bukan gambar"));
    assert!(
        file.warnings[1].contains("hilang.jpg") && file.warnings[1].contains("tidak ditemukan")
    );

    let mut conn = db::open_in_memory().expect("db");
    let ev = event(&mut conn);
    let stored = decks::create(&mut conn, &file, now()).expect("create");
    assert_eq!(stored.title, "Materi Kecamatan");
    assert_eq!(stored.images, vec!["gambar/logo.png"]);
    presentation::save_settings(
        &conn,
        ev,
        &SettingsForm {
            deck_id: stored.id,
            hotline: String::new(),
        },
        now(),
    )
    .expect("settings");
    let show = presentation::show(&mut conn, ev, now()).expect("show");
    assert!(show.deck.slides[0]
        .html
        .contains("src=\"data:image/png;base64,"));
    assert!(show.deck.slides[1]
        .html
        .contains("Gambar tidak tersedia: hilang.jpg"));
    assert!(show
        .deck
        .missing_images
        .contains(&"../rahasia.png".to_string()));

    // Export writes the deck and its images where the deck names them.
    let out = tempfile::tempdir().expect("out");
    let written = decks::export(&conn, stored.id, &out.path().join("salinan.md")).expect("export");
    assert_eq!(written.len(), 2);
    assert_eq!(
        std::fs::read(out.path().join("gambar/logo.png")).expect("png"),
        PNG
    );
}

#[test]
fn bad_deck_files_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().expect("dir");
    let big = write(dir.path(), "besar.md", &vec![b'a'; 5 * 1024 * 1024]);
    let err = decks::read_file(&big).expect_err("5 MB");
    assert!(err.to_string().contains("terlalu besar (5.0 MB)"), "{err}");
    let latin1 = write(dir.path(), "lama.md", b"# Sambutan Bupati \xe9\n");
    assert!(decks::read_file(&latin1)
        .expect_err("latin1")
        .to_string()
        .contains("UTF-8"));
    let empty = write(dir.path(), "kosong.md", b"\n\n");
    assert!(decks::read_file(&empty)
        .expect_err("empty")
        .to_string()
        .contains("kosong"));
    let unclosed = write(dir.path(), "buka.md", b"---\ntitle: a\n# Slide\n");
    let err = decks::read_file(&unclosed).expect_err("unclosed");
    assert!(err.to_string().starts_with("Baris 1:"), "{err}");
    let missing = dir.path().join("tidak-ada.md");
    assert!(decks::read_file(&missing)
        .expect_err("missing")
        .to_string()
        .contains("tidak dapat dibaca"));
}

#[test]
fn the_default_is_duplicated_before_editing_and_a_broken_edit_keeps_the_saved_deck() {
    let mut conn = db::open_in_memory().expect("db");
    let err = decks::update(&conn, None, "# x", now()).expect_err("default");
    assert!(err.to_string().contains("Duplikat"), "{err}");
    let copy = decks::duplicate(&mut conn, None, now()).expect("dup");
    assert!(
        copy.title.starts_with("Salinan Netralitas ASN"),
        "{}",
        copy.title
    );
    let id = copy.id;
    let err = decks::update(&conn, id, "---\ntitle: x\n", now()).expect_err("broken");
    assert!(err.to_string().contains("Baris 1"), "{err}");
    assert_eq!(decks::get(&conn, id).expect("get").markdown, copy.markdown);
    decks::update(&conn, id, "---\ntitle: Versi Desa\n---\n# Halo", now()).expect("save");
    let list = decks::list(&conn).expect("list");
    assert_eq!(list.len(), 2);
    assert!(list[0].title.ends_with("(bawaan)"));
    assert_eq!(
        (list[1].title.as_str(), list[1].slide_count),
        ("Versi Desa", 1)
    );
}

#[test]
fn deleting_a_deck_returns_its_events_to_the_default() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = event(&mut conn);
    let copy = decks::duplicate(&mut conn, None, now()).expect("dup");
    let form = SettingsForm {
        deck_id: copy.id,
        hotline: String::new(),
    };
    presentation::save_settings(&conn, ev, &form, now()).expect("settings");
    decks::delete(&conn, copy.id.expect("id")).expect("delete");
    assert_eq!(
        presentation::settings(&conn, ev).expect("get").deck_id,
        None
    );
    let err = presentation::save_settings(&conn, ev, &form, now()).expect_err("gone");
    assert!(err.to_string().contains("tidak ditemukan"), "{err}");
}

#[test]
fn a_logo_must_be_a_small_png_or_jpeg() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = event(&mut conn);
    let set = presentation::set_logo(&conn, ev, Some(PNG), now()).expect("png");
    assert!(set
        .logo
        .expect("logo")
        .starts_with("data:image/png;base64,"));
    let err = presentation::set_logo(&conn, ev, Some(b"GIF89a...."), now()).expect_err("gif");
    assert!(err.to_string().contains("PNG atau JPEG"));
    let big = [PNG, &vec![0u8; 1024 * 1024]].concat();
    assert!(presentation::set_logo(&conn, ev, Some(&big), now()).is_err());
    let hotline = "9".repeat(81);
    let err = presentation::save_settings(
        &conn,
        ev,
        &SettingsForm {
            deck_id: None,
            hotline,
        },
        now(),
    )
    .expect_err("long");
    assert!(err.to_string().contains("80 karakter"));
    assert!(presentation::set_logo(&conn, ev, None, now())
        .expect("clear")
        .logo
        .is_none());
}

#[test]
fn a_huge_logo_file_is_refused_before_it_is_read() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = event(&mut conn);
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("logo.png");
    // 8 GB that take no disk: reading it whole would need 8 GB of memory.
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(8 << 30).expect("sparse");
    drop(file);
    let err = presentation::set_logo_from_file(&conn, ev, &path, now()).expect_err("too big");
    assert!(
        err.to_string().contains("8388608 KB"),
        "refused from the size the file declares: {err}"
    );
    let small = write(dir.path(), "kecil.png", PNG);
    presentation::set_logo_from_file(&conn, ev, &small, now()).expect("a small PNG is fine");
}
