//! The `netra` binary on a temporary database: exit codes, Indonesian
//! messages, and what the core reads back afterwards.

mod common;

use std::path::{Path, PathBuf};

use common::{netra, temp_db};

const SOLOK: &[&str] = &[
    "event",
    "create",
    "--title",
    "Sosialisasi Netralitas ASN",
    "--kind",
    "sosialisasi",
    "--organizer",
    "Bawaslu Kabupaten Solok",
    "--place",
    "Arosuka",
    "--start",
    "2099-01-09 09:00",
    "--speaker",
    "Titony Tanjung|Ketua|Bawaslu Kabupaten Solok",
    "--official-name",
    "Medison",
    "--official-position",
    "Sekretaris Daerah",
    "--official-nip",
    "19680512 199303 1 004",
];

#[test]
fn an_event_created_on_the_command_line_is_listed_shown_and_reread_by_the_core() {
    let (_dir, db) = temp_db();
    let created = netra(&db, SOLOK);
    assert_eq!(created.code, 0, "create succeeds: {}", created.stderr);
    assert!(
        created.stdout.contains("Acara 1 tersimpan"),
        "{}",
        created.stdout
    );

    let list = netra(&db, &["event", "list"]);
    assert_eq!(list.code, 0);
    assert!(list.stdout.contains("Sosialisasi Netralitas ASN"));
    assert!(
        list.stdout.contains("Jumat, 9 Januari 2099"),
        "Indonesian date: {}",
        list.stdout
    );

    let show = netra(&db, &["event", "show", "1"]);
    assert!(
        show.stdout.contains("NIP 19680512 199303 1 004"),
        "{}",
        show.stdout
    );
    assert!(show
        .stdout
        .contains("Titony Tanjung (Ketua, Bawaslu Kabupaten Solok)"));

    let conn = netra_core::db::open(&db).expect("the CLI left a valid database");
    let events = netra_core::event::list(&conn, false).expect("list");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].official.nip, "196805121993031004");
}

#[test]
fn json_output_is_the_core_type_and_edit_keeps_unchanged_fields() {
    let (_dir, db) = temp_db();
    assert_eq!(netra(&db, SOLOK).code, 0);
    let edit = netra(
        &db,
        &[
            "event", "edit", "1", "--tz", "WITA", "--paper", "F4", "--json",
        ],
    );
    assert_eq!(edit.code, 0, "{}", edit.stderr);
    let saved: serde_json::Value = serde_json::from_str(&edit.stdout).expect("JSON on stdout");
    assert_eq!(saved["event"]["timezone"], "WITA");
    assert_eq!(saved["event"]["paper"], "F4");
    assert_eq!(
        saved["event"]["place"], "Arosuka",
        "fields not given keep their value"
    );
    assert_eq!(saved["event"]["time_label"], "09.00 WITA");

    let list = netra(&db, &["event", "list", "--json"]);
    let events: serde_json::Value = serde_json::from_str(&list.stdout).expect("JSON list");
    assert_eq!(events.as_array().map(Vec::len), Some(1));
}

#[test]
fn archived_events_leave_the_default_list_but_not_the_database() {
    let (_dir, db) = temp_db();
    assert_eq!(netra(&db, SOLOK).code, 0);
    assert_eq!(netra(&db, &["event", "archive", "1"]).code, 0);
    assert!(!netra(&db, &["event", "list"])
        .stdout
        .contains("Sosialisasi Netralitas"));
    let all = netra(&db, &["event", "list", "--all"]);
    assert!(all.stdout.contains("[arsip]"), "{}", all.stdout);
    assert_eq!(netra(&db, &["event", "restore", "1"]).code, 0);
    assert!(netra(&db, &["event", "list"])
        .stdout
        .contains("Sosialisasi Netralitas"));
}

#[test]
fn bad_fields_exit_2_with_every_problem_in_indonesian_and_write_nothing() {
    let (_dir, db) = temp_db();
    let run = netra(
        &db,
        &[
            "event",
            "create",
            "--title",
            " ",
            "--kind",
            "rapat",
            "--start",
            "2024-02-30 09:00",
        ],
    );
    assert_eq!(run.code, 2, "bad input is exit code 2");
    for expected in [
        "Judul acara wajib diisi",
        "Jenis acara 'rapat' tidak dikenal",
        "Tanggal 30 Februari 2024 tidak ada di kalender",
        "Tempat wajib diisi",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in {}",
            run.stderr
        );
    }
    let conn = netra_core::db::open(&db).expect("db");
    assert!(netra_core::event::list(&conn, true)
        .expect("list")
        .is_empty());
}

#[test]
fn an_unreadable_date_and_a_missing_start_are_field_errors() {
    let (_dir, db) = temp_db();
    let mut args: Vec<&str> = SOLOK.to_vec();
    let i = args
        .iter()
        .position(|a| *a == "--start")
        .expect("start flag");
    args[i + 1] = "besok pagi";
    let run = netra(&db, &args);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("tidak dapat dibaca"), "{}", run.stderr);

    args.drain(i..i + 2);
    let run = netra(&db, &args);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("Tanggal dan jam mulai wajib diisi"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_past_date_is_saved_with_a_warning() {
    let (_dir, db) = temp_db();
    let mut args: Vec<&str> = SOLOK.to_vec();
    let i = args
        .iter()
        .position(|a| *a == "--start")
        .expect("start flag");
    args[i + 1] = "09/01/2020 09.00";
    let run = netra(&db, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("Peringatan"), "{}", run.stderr);
    assert!(run.stderr.contains("lebih dari setahun yang lalu"));
}

#[test]
fn a_database_in_a_missing_directory_is_refused_and_not_created() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("tidak-ada").join("netra.db");
    let run = netra(&db, &["event", "list"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("tidak ada"), "{}", run.stderr);
    assert!(!db.parent().expect("parent").exists(), "nothing is created");
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_unchanged() {
    let (_dir, db) = temp_db();
    let content = b"Nama;NIP\nAhmad;19860926 201505 1 001\n";
    std::fs::write(&db, content).expect("write");
    let run = netra(&db, &["event", "list"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("bukan basis data"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(&db).expect("read"),
        content,
        "the file is untouched"
    );
    assert!(!db.with_extension("db-wal").exists());
}

#[test]
fn a_database_from_a_newer_netra_is_refused_without_changes() {
    let (_dir, db) = temp_db();
    assert_eq!(netra(&db, SOLOK).code, 0);
    {
        let conn = rusqlite::Connection::open(&db).expect("open");
        conn.pragma_update(None, "user_version", 99).expect("bump");
    }
    let run = netra(&db, &["event", "list"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("versi yang lebih baru"),
        "{}",
        run.stderr
    );
    let conn = rusqlite::Connection::open(&db).expect("open");
    let v: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(v, 99, "the newer schema is not touched");
}

#[test]
fn an_unknown_event_is_exit_2_and_an_unknown_command_too() {
    let (_dir, db) = temp_db();
    let run = netra(&db, &["event", "show", "42"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("Acara dengan nomor 42 tidak ditemukan"));
    let run = netra(&db, &["event", "lst"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("Perintah tidak dikenal"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_demo_has_300_people_and_if_empty_does_not_duplicate_it() {
    let (_dir, db) = temp_db();
    let run = netra(&db, &["demo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("300 peserta"), "{}", run.stdout);
    let again = netra(&db, &["demo", "--if-empty"]);
    assert_eq!(again.code, 0);
    let conn = netra_core::db::open(&db).expect("db");
    let events = netra_core::event::list(&conn, true).expect("list");
    assert_eq!(
        events.len(),
        1,
        "--if-empty leaves an existing database alone"
    );
    assert_eq!(events[0].people_count, 300);
}

const ROSTER_CSV: &str = "No;NAMA LENGKAP;NIP/NI PPPK;Jabatan;OPD\r\n\
1;Dr. H. Ahmad Fauzi, S.H., M.Si.;19860926 201505 1 001;Kepala Bidang;Dinas Kesehatan\r\n\
2;Budi;1986092620150510;Staf;BKPSDM\r\n\
3;Hj. Siti Aminah, S.Pd.;199001152022212003;Guru;Dinas Pendidikan\r\n";

fn people_count(db: &Path) -> i64 {
    let conn = netra_core::db::open(db).expect("db");
    conn.query_row("SELECT COUNT(*) FROM people", [], |r| r.get(0))
        .expect("count")
}

#[test]
fn roster_import_previews_without_writing_then_commits_with_yes() {
    let (dir, db) = temp_db();
    assert_eq!(netra(&db, &["demo", "--people", "0"]).code, 0);
    let file = dir.path().join("undangan.csv");
    std::fs::write(&file, ROSTER_CSV).expect("write");
    let f = file.to_str().expect("utf-8 path");

    let preview = netra(&db, &["roster", "import", f, "--event", "1"]);
    assert_eq!(preview.code, 0, "{}", preview.stderr);
    assert!(
        preview
            .stdout
            .contains("baris 3: NIP harus 18 digit (ditemukan 16)"),
        "{}",
        preview.stdout
    );
    assert!(preview.stdout.contains("2 valid"), "{}", preview.stdout);
    assert_eq!(people_count(&db), 0, "a preview writes nothing");

    let report = dir.path().join("masalah.csv");
    let run = netra(
        &db,
        &[
            "roster",
            "import",
            f,
            "--event",
            "1",
            "--yes",
            "--report",
            report.to_str().expect("path"),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("2 orang baru"), "{}", run.stdout);
    assert_eq!(people_count(&db), 2);
    let csv = std::fs::read_to_string(&report).expect("report");
    assert!(
        csv.contains("3;nip;Kesalahan;NIP harus 18 digit (ditemukan 16)"),
        "{csv}"
    );

    let again = netra(
        &db,
        &["roster", "import", f, "--event", "1", "--yes", "--json"],
    );
    let v: serde_json::Value = serde_json::from_str(&again.stdout).expect("json");
    assert_eq!(
        v["committed"]["updated"], 2,
        "re-import updates, never duplicates"
    );
    assert_eq!(people_count(&db), 2);
}

#[test]
fn roster_import_of_a_bad_file_is_exit_2_and_writes_nothing() {
    let (dir, db) = temp_db();
    assert_eq!(netra(&db, &["demo", "--people", "0"]).code, 0);
    let file = dir.path().join("lama.xls");
    std::fs::write(&file, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).expect("write");
    let run = netra(
        &db,
        &[
            "roster",
            "import",
            file.to_str().expect("path"),
            "--event",
            "1",
            "--yes",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("simpan sebagai .xlsx"),
        "{}",
        run.stderr
    );
    let missing = netra(&db, &["roster", "import", "tidak-ada.csv", "--event", "1"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("tidak ditemukan"),
        "{}",
        missing.stderr
    );
    assert_eq!(people_count(&db), 0);
}

#[test]
fn a_spreadsheet_that_unzips_to_gigabytes_is_refused_with_exit_2() {
    use std::io::Write;
    let (dir, db) = temp_db();
    assert_eq!(netra(&db, &["demo", "--people", "0"]).code, 0);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", opts)
        .expect("part");
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..300 {
        zip.write_all(&zeros).expect("write");
    }
    let bytes = zip.finish().expect("zip").into_inner();
    let file = dir.path().join("bom.xlsx");
    std::fs::write(&file, &bytes).expect("write");
    let run = netra(
        &db,
        &[
            "roster",
            "import",
            file.to_str().expect("path"),
            "--event",
            "1",
        ],
    );
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("terlalu besar setelah dibuka"),
        "{}",
        run.stderr
    );
    assert_eq!(people_count(&db), 0);
}

#[test]
fn check_in_and_export_from_the_command_line() {
    let (dir, db) = temp_db();
    assert_eq!(netra(&db, &["demo", "--people", "5"]).code, 0);
    let run = netra(&db, &["roster", "checkin", "1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("tercatat hadir"));
    let list = netra(&db, &["roster", "list", "--event", "1"]);
    assert!(
        list.stdout.contains("5 peserta, 1 hadir"),
        "{}",
        list.stdout
    );
    let out = dir.path().join("hadir.csv");
    let run = netra(
        &db,
        &[
            "roster",
            "export",
            "--event",
            "1",
            "-o",
            out.to_str().expect("path"),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = std::fs::read_to_string(&out).expect("csv");
    assert_eq!(csv.lines().count(), 6, "header + 5 people");
    assert!(csv.contains(";Hadir;"), "{csv}");
    let undo = netra(&db, &["roster", "checkin", "1", "--undo"]);
    assert!(undo.stdout.contains("dibatalkan"));
    let missing = netra(&db, &["roster", "checkin", "999"]);
    assert_eq!(missing.code, 2);
    assert!(missing
        .stderr
        .contains("Peserta dengan nomor 999 tidak ditemukan"));
}

#[test]
fn roster_list_searches_names_without_titles_and_nip_prefixes() {
    let (_dir, db) = temp_db();
    assert_eq!(netra(&db, &["demo", "--people", "40"]).code, 0);
    let all = netra(&db, &["--json", "roster", "list", "--event", "1"]);
    let v: serde_json::Value = serde_json::from_str(&all.stdout).expect("json");
    let people = v["people"].as_array().expect("people");
    // Someone with titles and a NIP, searched as an organiser would type.
    let p = people
        .iter()
        .find(|p| p["nip"].is_string() && p["name"].as_str().is_some_and(|n| n.contains(',')))
        .expect("a titled ASN in the demo");
    let name = p["name"].as_str().expect("name");
    let key = netra_core::roster::names::name_key(name);
    let run = netra(&db, &["roster", "list", "--event", "1", "--cari", &key]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(name), "{key} → {}", run.stdout);
    let nip = p["nip"].as_str().expect("nip");
    let spaced = format!("{} {}", &nip[..8], &nip[8..12]);
    let run = netra(&db, &["roster", "list", "--event", "1", "--cari", &spaced]);
    assert!(run.stdout.contains(name), "{spaced} → {}", run.stdout);
    assert!(run.stdout.contains("cocok dengan pencarian"));
    let none = netra(&db, &["roster", "list", "--event", "1", "--cari", "qqqzzz"]);
    assert!(none.stdout.contains("0 peserta cocok"), "{}", none.stdout);
}

#[test]
fn verify_reports_ok_then_names_a_record_edited_behind_its_back() {
    let (_dir, db) = temp_db();
    assert_eq!(netra(&db, &["demo", "--people", "20"]).code, 0);
    let signed = netra(
        &db,
        &["declaration", "sign-script", "--event", "1", "--count", "4"],
    );
    assert_eq!(signed.code, 0, "{}", signed.stderr);
    assert_eq!(signed.stdout.lines().count(), 4);
    let ok = netra(&db, &["verify", "--event", "1"]);
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    assert!(ok.stdout.starts_with("OK: 4 pernyataan"), "{}", ok.stdout);

    let list = netra(&db, &["declaration", "list", "--event", "1"]);
    assert!(
        list.stdout.contains("4 pernyataan sah, 0 dibatalkan"),
        "{}",
        list.stdout
    );
    let void = netra(&db, &["declaration", "void", "2", "--reason", "x"]);
    assert_eq!(void.code, 2, "a reason is required: {}", void.stderr);
    let void = netra(
        &db,
        &[
            "declaration",
            "void",
            "2",
            "--reason",
            "Ditandatangani orang lain",
        ],
    );
    assert_eq!(void.code, 0, "{}", void.stderr);
    assert_eq!(
        netra(&db, &["verify", "--event", "1"]).code,
        0,
        "voiding keeps the chain whole"
    );

    {
        let conn = rusqlite::Connection::open(&db).expect("open");
        conn.execute_batch(
            "DROP TRIGGER declarations_void_only;
             UPDATE declarations SET snapshot = json_set(snapshot, '$.unit', 'Dinas Lain') WHERE seq = 3;",
        )
        .expect("tamper");
    }
    let broken = netra(&db, &["verify", "--event", "1"]);
    assert_eq!(broken.code, 3, "{}{}", broken.stdout, broken.stderr);
    assert!(
        broken
            .stdout
            .contains("Catatan no. 3: kolom snapshot.unit diubah"),
        "{}",
        broken.stdout
    );
    let json = netra(&db, &["verify", "--event", "1", "--json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(report["findings"][0]["seq"], 3);
    assert_eq!(report["findings"][0]["problem"]["kind"], "edited");
}

#[test]
fn pdf_writes_documents_and_verify_qr_tells_genuine_from_changed_and_forged() {
    let (dir, db) = temp_db();
    assert_eq!(netra(&db, &["demo", "--people", "12"]).code, 0);
    let signed = netra(
        &db,
        &["declaration", "sign-script", "--event", "1", "--count", "5"],
    );
    assert_eq!(signed.code, 0, "{}", signed.stderr);
    let out = dir.path().join("ba.pdf");
    let out_s = out.to_str().expect("path");
    let ran = netra(
        &db,
        &["--json", "pdf", "berita-acara", "--event", "1", "-o", out_s],
    );
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(std::fs::read(&out).expect("pdf").starts_with(b"%PDF-"));
    let json: serde_json::Value = serde_json::from_str(&ran.stdout).expect("json");
    let code = json["codes"][0].as_str().expect("a QR code").to_string();

    let ok = netra(&db, &["verify-qr", &code]);
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    assert!(ok.stdout.starts_with("ASLI"), "{}", ok.stdout);

    assert_eq!(
        netra(&db, &["event", "edit", "1", "--place", "Aula Baru"]).code,
        0
    );
    let changed = netra(&db, &["verify-qr", &code]);
    assert_eq!(changed.code, 3, "{}", changed.stdout);
    assert!(changed.stdout.contains("tempat"), "{}", changed.stdout);

    let mut forged = code.clone().into_bytes();
    let at = forged.len() - 10;
    forged[at] = if forged[at] == b'A' { b'B' } else { b'A' };
    let forged = netra(
        &db,
        &["verify-qr", std::str::from_utf8(&forged).expect("ascii")],
    );
    assert_eq!(forged.code, 3);
    assert!(forged.stdout.starts_with("PALSU"), "{}", forged.stdout);
    assert_eq!(netra(&db, &["verify-qr", "bukan kode"]).code, 2);

    let a5 = netra(
        &db,
        &[
            "pdf",
            "daftar-hadir",
            "--event",
            "1",
            "--paper",
            "a5",
            "-o",
            out_s,
        ],
    );
    assert_eq!(a5.code, 2);
    assert!(a5.stderr.contains("A4 atau F4"), "{}", a5.stderr);
    let nowhere = netra(
        &db,
        &[
            "pdf",
            "daftar-hadir",
            "--event",
            "1",
            "-o",
            "/nonexistent-dir/x.pdf",
        ],
    );
    assert_eq!(nowhere.code, 2);
    assert!(nowhere.stderr.contains("tidak ada"), "{}", nowhere.stderr);
}

#[test]
fn a_deck_is_checked_imported_and_chosen_for_an_event_and_a_broken_one_names_its_line() {
    let (dir, db) = temp_db();
    assert_eq!(netra(&db, &["demo", "--people", "3"]).code, 0);
    let good = dir.path().join("materi.md");
    std::fs::write(
        &good,
        "---\ntitle: Materi Desa\n---\n# Halo {{event.place}}\n---\n# {{event.kepala}}\n",
    )
    .expect("write");
    let check = netra(
        &db,
        &[
            "deck",
            "check",
            good.to_str().expect("path"),
            "--event",
            "1",
        ],
    );
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stdout.contains("Materi Desa: 2 slide"),
        "{}",
        check.stdout
    );
    assert!(
        check.stderr.contains("{{event.kepala}} tidak dikenal"),
        "{}",
        check.stderr
    );

    let broken = dir.path().join("rusak.md");
    std::fs::write(&broken, "---\ntitle: x\nbukan pasangan\n---\n# a\n").expect("write");
    let bad = netra(&db, &["deck", "import", broken.to_str().expect("path")]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("Baris 3: bagian pembuka"),
        "{}",
        bad.stderr
    );

    let import = netra(
        &db,
        &[
            "deck",
            "import",
            good.to_str().expect("path"),
            "--event",
            "1",
        ],
    );
    assert_eq!(import.code, 0, "{}", import.stderr);
    let list = netra(&db, &["deck", "list"]);
    assert!(
        list.stdout.contains("bawaan") && list.stdout.contains("Materi Desa"),
        "{}",
        list.stdout
    );
    let out = dir.path().join("keluar.md");
    assert_eq!(
        netra(
            &db,
            &[
                "deck",
                "export",
                "--id",
                "1",
                "-o",
                out.to_str().expect("path")
            ]
        )
        .code,
        0
    );
    assert!(std::fs::read_to_string(&out)
        .expect("exported")
        .contains("{{event.place}}"));
}

#[test]
fn the_app_and_netra_verify_give_one_verdict_and_a_copy_without_its_key_gets_no_new_key() {
    let (dir, db) = temp_db();
    assert_eq!(netra(&db, &["demo", "--people", "10"]).code, 0);
    let signed = netra(
        &db,
        &["declaration", "sign-script", "--event", "1", "--count", "3"],
    );
    assert_eq!(signed.code, 0, "{}", signed.stderr);

    // A copy of the database on another laptop, without the key file.
    let copy_dir = tempfile::tempdir().expect("copy dir");
    let copy = copy_dir.path().join("netra.db");
    {
        let conn = netra_core::db::open(&db).expect("open");
        conn.execute("VACUUM INTO ?1", [copy.display().to_string()])
            .expect("copy");
    }
    let key_file = netra_core::keys::path_for(&copy);
    assert!(!key_file.exists());

    let shown = netra(&db, &["--json", "key", "show"]);
    let public: serde_json::Value = serde_json::from_str(&shown.stdout).expect("json");
    let public = public["public_key"].as_str().expect("hex").to_string();
    let given = [netra_core::keys::parse_public(&public).expect("key")];
    let cases: [(&PathBuf, &[&str], &[_], &str); 2] = [
        (&db, &[], &[], "key_file"),
        (&copy, &["--public-key", &public], &given, "given"),
    ];
    for (path, extra, keys, source) in cases {
        let mut args = vec!["--json", "verify", "--event", "1"];
        args.extend_from_slice(extra);
        let cli = netra(path, &args);
        assert_eq!(cli.code, 0, "{}{}", cli.stdout, cli.stderr);
        let cli: serde_json::Value = serde_json::from_str(&cli.stdout).expect("json");
        // What the app's `verify_declarations` command calls.
        let conn = netra_core::db::open(path).expect("open");
        let app =
            netra_core::declaration::chain::verify_event(&conn, path, 1, keys).expect("verify");
        assert_eq!(
            cli,
            serde_json::to_value(&app).expect("json"),
            "the app and the CLI give the same report"
        );
        assert!(app.ok(), "a copy is not tampered with: {:?}", app.findings);
        assert_eq!(
            cli["keys"][0]["source"], source,
            "the report names the key's source"
        );
        assert_eq!(cli["checked"].as_array().map(Vec::len), Some(3));
    }
    assert!(
        !key_file.exists(),
        "verifying a copy never makes a key file"
    );
    // Without the key file or a key given, the keys recorded in the copy
    // vouch for nothing: anyone who can write the file could add one.
    let copy_report = netra(&copy, &["verify", "--event", "1"]);
    assert_ne!(copy_report.code, 0, "{}", copy_report.stdout);
    let said = format!("{}{}", copy_report.stdout, copy_report.stderr);
    assert!(said.contains("tidak ada"), "{said}");
    assert!(said.contains("tidak dipercaya"), "{said}");
    assert!(said.contains("--public-key"), "{said}");
    drop(dir);
}

#[test]
fn netra_hub_prints_its_addresses_runs_for_the_time_asked_and_refuses_a_bad_event_or_port() {
    let (_dir, db) = temp_db();
    assert_eq!(netra(&db, &["demo"]).code, 0);
    let run = netra(
        &db,
        &[
            "--json",
            "hub",
            "--event",
            "1",
            "--listen",
            "127.0.0.1:0",
            "--phones",
            "--pairings",
            "2",
            "--for",
            "1",
            "--grace",
            "0",
            "--web",
            "/nonexistent",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    let events: Vec<&str> = lines.iter().filter_map(|l| l["event"].as_str()).collect();
    assert_eq!(
        events,
        ["started", "pairing", "pairing", "phone", "stopping", "stopped"],
        "{}",
        run.stdout
    );
    assert!(lines[1]["url"]
        .as_str()
        .is_some_and(|u| u.starts_with("http://127.0.0.1:") && u.contains("/#pair=")));
    assert!(
        run.stderr.contains("halaman kiosk tidak ada"),
        "{}",
        run.stderr
    );

    let missing = netra(
        &db,
        &[
            "hub",
            "--event",
            "99",
            "--listen",
            "127.0.0.1:0",
            "--for",
            "1",
        ],
    );
    assert_eq!(missing.code, 2, "{}", missing.stderr);
    assert!(
        missing
            .stderr
            .contains("Acara dengan nomor 99 tidak ditemukan"),
        "{}",
        missing.stderr
    );

    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let listen = format!("127.0.0.1:{port}");
    let busy = netra(
        &db,
        &["hub", "--event", "1", "--listen", &listen, "--for", "1"],
    );
    assert_ne!(busy.code, 0);
    assert!(
        busy.stderr.contains("sudah dipakai program lain"),
        "{}",
        busy.stderr
    );
}

#[test]
fn backup_and_restore_round_trip_and_a_bad_backup_is_refused_in_indonesian() {
    let (dir, db) = temp_db();
    assert_eq!(netra(&db, &["demo", "--people", "20"]).code, 0);
    let signed = netra(
        &db,
        &["declaration", "sign-script", "--event", "1", "--count", "3"],
    );
    assert_eq!(signed.code, 0, "{}", signed.stderr);
    let file = dir.path().join("cadangan.db");
    let made = netra(
        &db,
        &["--json", "backup", "-o", file.to_str().expect("path")],
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    let info: netra_core::backup::BackupInfo = serde_json::from_str(&made.stdout).expect("json");
    assert_eq!((info.events, info.people, info.declarations), (1, 20, 3));

    // More signatures after the backup; restoring brings back the three.
    let more = netra(
        &db,
        &["declaration", "sign-script", "--event", "1", "--count", "6"],
    );
    assert_eq!(more.code, 0, "{}", more.stderr);
    let back = netra(&db, &["restore", file.to_str().expect("path")]);
    assert_eq!(back.code, 0, "{}", back.stderr);
    assert!(
        back.stdout.contains("3 surat pernyataan"),
        "{}",
        back.stdout
    );
    assert!(
        back.stdout.contains("netra-sebelum-pemulihan-"),
        "{}",
        back.stdout
    );
    let ok = netra(&db, &["verify", "--event", "1"]);
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    assert!(ok.stdout.starts_with("OK: 3 pernyataan"), "{}", ok.stdout);

    let junk = dir.path().join("bukan.db");
    std::fs::write(&junk, "bukan cadangan ".repeat(100)).expect("write");
    let refused = netra(&db, &["restore", junk.to_str().expect("path")]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("bukan berkas cadangan Netra"),
        "{}",
        refused.stderr
    );
    assert!(netra(&db, &["verify", "--event", "1"])
        .stdout
        .starts_with("OK: 3 pernyataan"));
}

#[test]
fn completions_and_man_pages_come_from_the_same_definition_without_a_database() {
    let dir = tempfile::tempdir().expect("dir");
    // A --db in a folder that does not exist: generate never opens it.
    let db = dir.path().join("tidak-ada").join("netra.db");
    let bash = netra(&db, &["generate", "completions", "--shell", "bash"]);
    assert_eq!(bash.code, 0, "{}", bash.stderr);
    for verb in ["backup", "restore", "verify-qr", "hub", "deck"] {
        assert!(bash.stdout.contains(verb), "bash completion knows {verb}");
    }
    let man = dir.path().join("man");
    let made = netra(&db, &["generate", "man", "-o", man.to_str().expect("path")]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let top = std::fs::read_to_string(man.join("netra.1")).expect("netra.1");
    assert!(top.starts_with(".ie") || top.contains(".TH netra"), "{top}");
    let page = std::fs::read_to_string(man.join("netra-backup.1")).expect("netra-backup.1");
    assert!(page.contains("Cadangkan seluruh basis data"), "{page}");
    assert!(man.join("netra-event-create.1").exists());
    assert!(!db.exists() && !db.parent().expect("dir").exists());
}

#[test]
fn audit_lists_an_events_changes_newest_first_as_text_or_json() {
    let (_dir, db) = temp_db();
    assert_eq!(netra(&db, &["demo", "--people", "10"]).code, 0);
    let signed = netra(
        &db,
        &["declaration", "sign-script", "--event", "1", "--count", "2"],
    );
    assert_eq!(signed.code, 0, "{}", signed.stderr);
    let text = netra(&db, &["audit", "--event", "1"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(text.stdout.contains("declaration.sign"), "{}", text.stdout);
    assert!(text.stdout.contains("event.create"), "{}", text.stdout);
    let json = netra(
        &db,
        &["--json", "audit", "--event", "1", "--action", "declaration"],
    );
    let entries: Vec<serde_json::Value> = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(entries.len(), 2, "{}", json.stdout);
    assert!(entries.iter().all(|e| e["event_id"] == 1));
    let missing = netra(&db, &["audit", "--event", "9"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("tidak ditemukan"),
        "{}",
        missing.stderr
    );
}

#[test]
fn erasing_an_event_asks_for_its_title_then_leaves_only_an_audit_entry() {
    let (_dir, db) = temp_db();
    assert_eq!(netra(&db, &["demo", "--people", "12"]).code, 0);
    let asked = netra(&db, &["event", "erase", "1"]);
    assert_eq!(asked.code, 2, "{}", asked.stderr);
    assert!(asked.stderr.contains("12 peserta"), "{}", asked.stderr);
    assert!(asked.stderr.contains("--confirm"), "{}", asked.stderr);
    let title = netra(&db, &["--json", "event", "show", "1"]);
    let title = serde_json::from_str::<serde_json::Value>(&title.stdout).expect("json")["title"]
        .as_str()
        .expect("title")
        .to_string();
    let done = netra(&db, &["event", "erase", "1", "--confirm", &title]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(done.stdout.contains("dihapus"), "{}", done.stdout);
    assert_eq!(netra(&db, &["event", "show", "1"]).code, 2);
    let audit = netra(&db, &["--json", "audit"]);
    let entries: Vec<serde_json::Value> = serde_json::from_str(&audit.stdout).expect("json");
    assert!(entries
        .iter()
        .any(|e| e["action"] == "event.erase" && e["details"]["people"] == 12));
}

#[test]
fn a_closed_event_refuses_signatures_until_reopened_and_retention_is_shown_and_set() {
    let (_dir, db) = temp_db();
    assert_eq!(netra(&db, &["demo", "--people", "5"]).code, 0);
    assert_eq!(netra(&db, &["event", "close", "1"]).code, 0);
    let refused = netra(
        &db,
        &["declaration", "sign-script", "--event", "1", "--count", "1"],
    );
    assert_ne!(refused.code, 0);
    assert!(
        refused.stderr.contains("sudah ditutup"),
        "{}",
        refused.stderr
    );
    assert_eq!(netra(&db, &["event", "reopen", "1"]).code, 0);
    let signed = netra(
        &db,
        &["declaration", "sign-script", "--event", "1", "--count", "1"],
    );
    assert_eq!(signed.code, 0, "{}", signed.stderr);

    let shown = netra(&db, &["event", "retention", "1"]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert!(shown.stdout.contains("disimpan sampai"), "{}", shown.stdout);
    let bad = netra(&db, &["event", "retention", "1", "--until", "kemarin"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("YYYY-MM-DD"), "{}", bad.stderr);
    let set = netra(
        &db,
        &["--json", "event", "retention", "1", "--until", "2199-12-31"],
    );
    assert_eq!(set.code, 0, "{}", set.stderr);
    let ev: serde_json::Value = serde_json::from_str(&set.stdout).expect("json");
    assert_eq!(ev["retain_until"], "2199-12-31");
}

#[test]
fn exports_and_backups_can_be_sealed_with_a_passphrase_and_open_only_with_it() {
    let (dir, db) = temp_db();
    assert_eq!(netra(&db, &["demo", "--people", "8"]).code, 0);
    let signed = netra(
        &db,
        &["declaration", "sign-script", "--event", "1", "--count", "2"],
    );
    assert_eq!(signed.code, 0, "{}", signed.stderr);
    let pass = dir.path().join("sandi.txt");
    std::fs::write(&pass, "empat kata acak sekali\n").expect("pass");
    let pass = pass.to_str().expect("path");

    // Unencrypted: written, with a warning.
    let plain = dir.path().join("peserta.csv");
    let out = netra(
        &db,
        &[
            "roster",
            "export",
            "--event",
            "1",
            "-o",
            plain.to_str().expect("p"),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("tanpa enkripsi"), "{}", out.stderr);
    // "No;Nama;NIP;...": the first attendee's name and phone.
    let first = std::fs::read_to_string(&plain)
        .expect("csv")
        .lines()
        .nth(1)
        .map(|l| l.split(';').map(str::to_string).collect::<Vec<_>>())
        .expect("a row");
    let (name, phone) = (first[1].clone(), first[7].clone());
    assert!(phone.len() >= 10, "{first:?}");

    // Sealed: no NIP in the file, age's header instead.
    let sealed = dir.path().join("peserta.csv.age");
    let out = netra(
        &db,
        &[
            "roster",
            "export",
            "--event",
            "1",
            "-o",
            sealed.to_str().expect("p"),
            "--passphrase-file",
            pass,
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let bytes = std::fs::read(&sealed).expect("sealed");
    assert!(bytes.starts_with(b"age-encryption.org/v1"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        !text.contains(&name) && !text.contains(&phone),
        "nothing readable inside"
    );

    let backup = dir.path().join("cadangan.db.age");
    let made = netra(
        &db,
        &[
            "backup",
            "-o",
            backup.to_str().expect("p"),
            "--encrypt",
            "--passphrase-file",
            pass,
        ],
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    assert!(std::fs::read(&backup)
        .expect("b")
        .starts_with(b"age-encryption.org/v1"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("netra-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no plain copy left behind");

    let wrong = dir.path().join("salah.txt");
    std::fs::write(&wrong, "bukan kata sandi yang benar").expect("wrong");
    let refused = netra(
        &db,
        &[
            "restore",
            backup.to_str().expect("p"),
            "--passphrase-file",
            wrong.to_str().expect("p"),
        ],
    );
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("Kata sandi salah"),
        "{}",
        refused.stderr
    );
    let back = netra(
        &db,
        &[
            "restore",
            backup.to_str().expect("p"),
            "--passphrase-file",
            pass,
        ],
    );
    assert_eq!(back.code, 0, "{}", back.stderr);
    assert!(
        back.stdout.contains("2 surat pernyataan"),
        "{}",
        back.stdout
    );
}

#[test]
fn a_backup_with_its_key_moves_an_installation_to_a_new_laptop() {
    let (dir, db) = temp_db();
    assert_eq!(netra(&db, &["demo", "--people", "6"]).code, 0);
    let signed = netra(
        &db,
        &["declaration", "sign-script", "--event", "1", "--count", "2"],
    );
    assert_eq!(signed.code, 0, "{}", signed.stderr);
    let pass = dir.path().join("sandi.txt");
    std::fs::write(&pass, "empat kata acak sekali\n").expect("pass");
    let file = dir.path().join("pindah.db");
    let made = netra(
        &db,
        &[
            "backup",
            "-o",
            file.to_str().expect("p"),
            "--with-key",
            "--passphrase-file",
            pass.to_str().expect("p"),
        ],
    );
    assert_eq!(made.code, 0, "{}", made.stderr);

    let (_new, new_db) = temp_db();
    let back = netra(
        &new_db,
        &[
            "restore",
            file.to_str().expect("p"),
            "--passphrase-file",
            pass.to_str().expect("p"),
        ],
    );
    assert_eq!(back.code, 0, "{}", back.stderr);
    assert!(
        back.stdout
            .contains("Kunci instalasi dari cadangan dipasang"),
        "{}",
        back.stdout
    );
    let ok = netra(&new_db, &["verify", "--event", "1"]);
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    assert!(ok.stdout.starts_with("OK: 2 pernyataan"), "{}", ok.stdout);
}

#[test]
fn an_imported_key_is_listed_with_its_source_then_removed_and_its_papers_are_unknown_again() {
    // Installation A prints a paper; installation B trusts A's key.
    let (dir_a, a) = temp_db();
    assert_eq!(netra(&a, &["demo", "--people", "3"]).code, 0);
    let out = dir_a.path().join("ba.pdf");
    let printed = netra(
        &a,
        &[
            "--json",
            "pdf",
            "berita-acara",
            "--event",
            "1",
            "-o",
            out.to_str().expect("path"),
        ],
    );
    assert_eq!(printed.code, 0, "{}", printed.stderr);
    let printed: serde_json::Value = serde_json::from_str(&printed.stdout).expect("json");
    let code = printed["codes"][0].as_str().expect("a QR code").to_string();
    let shown: serde_json::Value =
        serde_json::from_str(&netra(&a, &["--json", "key", "show"]).stdout).expect("json");
    let a_key = shown["key_id"].as_str().expect("key id").to_string();
    let a_public = shown["public_key"].as_str().expect("hex").to_string();

    let (_dir_b, b) = temp_db();
    let imported = netra(&b, &["key", "import", &a_public, "--label", "Kiosk Solok"]);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let list = netra(&b, &["key", "list"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert!(list.stdout.contains("instalasi ini"), "{}", list.stdout);
    let row = list
        .stdout
        .lines()
        .find(|l| l.starts_with(&a_key))
        .unwrap_or_else(|| panic!("{a_key} listed: {}", list.stdout));
    assert!(
        row.contains("diimpor") && row.contains("Kiosk Solok") && row.contains("dipercaya"),
        "{row}"
    );
    let json = netra(&b, &["--json", "key", "list"]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(json[0]["source"], "key_file");
    assert_eq!(json[1]["key_id"], a_key.as_str());
    assert_eq!(json[1]["source"], "imported");
    assert_eq!(json[1]["trusted"], true);
    // Trusted: the signature checks out, though the record lives in A, and
    // the code itself says what the paper must show.
    let before = netra(&b, &["verify-qr", &code]);
    assert_eq!(before.code, 0, "{}", before.stderr);
    assert!(
        before
            .stdout
            .starts_with("ASLI menurut tanda tangan digital"),
        "{}",
        before.stdout
    );
    assert!(
        before.stdout.contains("Pastikan kertas ini menyebut:"),
        "{}",
        before.stdout
    );

    let removed = netra(&b, &["key", "remove", &a_key]);
    assert_eq!(removed.code, 0, "{}", removed.stderr);
    assert!(
        removed.stdout.contains("tidak lagi dipercaya"),
        "{}",
        removed.stdout
    );
    let list = netra(&b, &["key", "list"]);
    assert!(!list.stdout.contains(&a_key), "{}", list.stdout);
    let after = netra(&b, &["verify-qr", &code]);
    assert_eq!(after.code, 3, "{}{}", after.stdout, after.stderr);
    assert!(after.stdout.contains("tidak dikenal"), "{}", after.stdout);

    let again = netra(&b, &["key", "remove", &a_key]);
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("tidak ada di daftar kunci tepercaya"),
        "{}",
        again.stderr
    );
    let b_key: serde_json::Value =
        serde_json::from_str(&netra(&b, &["--json", "key", "show"]).stdout).expect("json");
    let own = netra(
        &b,
        &["key", "remove", b_key["key_id"].as_str().expect("key id")],
    );
    assert_eq!(own.code, 2);
    assert!(own.stderr.contains("kunci instalasi ini"), "{}", own.stderr);
}
