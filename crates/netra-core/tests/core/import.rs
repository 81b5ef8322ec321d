use chrono::NaiveDate;
use netra_core::audit::Actor;
use netra_core::db;
use netra_core::error::ErrorCode;
use netra_core::roster::import::{self, Severity};
use netra_core::roster::person::Category;

use crate::{now, today};

fn event_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 9).expect("valid date")
}

fn preview(name: &str, bytes: &[u8]) -> import::Preview {
    import::preview_bytes(name, bytes, event_day()).expect("preview")
}

fn messages(p: &import::Preview) -> Vec<String> {
    p.summary.issues.iter().map(ToString::to_string).collect()
}

fn refused(name: &str, bytes: &[u8]) -> String {
    let err = import::preview_bytes(name, bytes, event_day()).expect_err("refused");
    assert_eq!(err.code(), ErrorCode::BadFile, "{err}");
    err.to_string()
}

const ROSTER: &str = "\u{feff}DAFTAR UNDANGAN SOSIALISASI NETRALITAS ASN\r\n\
;;;;\r\n\
No;NAMA LENGKAP;NIP/NI PPPK;Jabatan;Pangkat/Gol;OPD;No. HP;Keterangan\r\n\
1;Dr. H. Ahmad Fauzi, S.H., M.Si.;19860926 201505 1 001;Kepala Bidang;Penata / III-c;Dinas Kesehatan;0812;\r\n\
2;Hj. Siti Aminah, S.Pd.;199001152022212003;Guru;IX;Dinas Pendidikan;;hadir\r\n\
3;Budi;1986092620150510;Staf;;BKPSDM;;\r\n\
4;   ;198609262015051002;Staf;;BKPSDM;;\r\n\
5;Wali Nagari Koto Baru;;Kepala Desa;;Nagari Koto Baru;;\r\n";

#[test]
fn a_semicolon_roster_with_title_rows_is_previewed_row_by_row() {
    let p = preview("undangan.csv", ROSTER.as_bytes());
    let s = &p.summary;
    assert_eq!(
        s.header_line, 3,
        "the title rows above the header are skipped"
    );
    assert_eq!(s.rows, 5);
    assert_eq!(s.valid, 3);
    assert_eq!(s.with_errors, 2);
    assert_eq!(
        s.unknown_columns,
        ["Keterangan"],
        "unknown columns are reported, not fatal"
    );
    let msgs = messages(&p);
    assert!(
        msgs.contains(&"baris 6: NIP harus 18 digit (ditemukan 16)".to_string()),
        "{msgs:?}"
    );
    assert!(
        msgs.contains(&"baris 7: nama kosong".to_string()),
        "{msgs:?}"
    );
    let siti = &p.people[1].1;
    assert_eq!(siti.category, Category::Pppk, "classified from the NI PPPK");
    assert_eq!(p.people[0].1.nip.as_deref(), Some("198609262015051001"));
    assert_eq!(p.people[0].1.unit, "Dinas Kesehatan");
    let village = &p.people[2].1;
    assert_eq!(village.category, Category::Lainnya);
    assert!(s
        .issues
        .iter()
        .any(|i| i.line == 8 && i.severity == Severity::Warning));
}

#[test]
fn commit_writes_valid_rows_and_a_reimport_updates_instead_of_duplicating() {
    let mut conn = db::open_in_memory().expect("db");
    let ev = netra_core::demo::create(&mut conn, 0, now(), today())
        .expect("event")
        .event;
    let p = preview("undangan.csv", ROSTER.as_bytes());
    let first = import::commit(&mut conn, ev.id, &p, Actor::Organizer, now()).expect("commit");
    assert_eq!((first.inserted, first.updated), (3, 0));

    let edited = ROSTER.replace("Kepala Bidang", "Sekretaris Dinas");
    let p = preview("undangan.csv", edited.as_bytes());
    let again = import::commit(&mut conn, ev.id, &p, Actor::Organizer, now()).expect("commit");
    assert_eq!(
        (again.inserted, again.updated),
        (0, 3),
        "matched by NIP or by name"
    );
    let count: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM people WHERE event_id = ?1",
            [ev.id],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(count, 3);
    let position: String = conn
        .query_row(
            "SELECT position FROM people WHERE nip = '198609262015051001'",
            [],
            |r| r.get(0),
        )
        .expect("row");
    assert_eq!(position, "Sekretaris Dinas");
}

#[test]
fn a_commit_to_a_missing_event_writes_nothing() {
    let mut conn = db::open_in_memory().expect("db");
    let p = preview("undangan.csv", ROSTER.as_bytes());
    assert!(import::commit(&mut conn, 99, &p, Actor::Organizer, now()).is_err());
    let count: i64 = conn
        .query_row("SELECT COUNT(*) FROM people", [], |r| r.get(0))
        .expect("count");
    assert_eq!(count, 0);
}

#[test]
fn bad_nips_and_duplicates_are_row_errors() {
    let csv = "Nama,NIP\n\
        A,19860926201505100A\n\
        B,19860926201505100\n\
        C,1986092620150510011\n\
        D,199913312015051001\n\
        E,198609262015051001\n\
        F,19860926 201505 1 001\n";
    let p = preview("a.csv", csv.as_bytes());
    let msgs = messages(&p).join("\n");
    assert!(
        msgs.contains("baris 2: NIP hanya boleh berisi angka"),
        "{msgs}"
    );
    assert!(
        msgs.contains("baris 3: NIP harus 18 digit (ditemukan 17)"),
        "{msgs}"
    );
    assert!(
        msgs.contains("baris 4: NIP harus 18 digit (ditemukan 19)"),
        "{msgs}"
    );
    assert!(
        msgs.contains("baris 5: 8 digit pertama NIP (19991331) bukan tanggal lahir"),
        "{msgs}"
    );
    assert!(
        msgs.contains("baris 7: NIP 198609262015051001 sama dengan baris 6"),
        "{msgs}"
    );
    assert_eq!(p.summary.valid, 1);
}

#[test]
fn whole_file_problems_are_refused_with_a_reason() {
    assert!(refused("a.csv", b"").contains("kosong"));
    assert!(refused("a.csv", b"  \n\r\n").contains("kosong"));
    assert!(refused("a.csv", b"Nama;NIP\n").contains("hanya berisi baris judul"));
    assert!(refused("a.csv", b"NIP;Jabatan\n1;2\n").contains("Kolom Nama tidak ditemukan"));
    assert!(refused("a.csv", b"\x00\x01\x02\x03\xff\xfe garbage").contains("bukan berkas teks CSV"));
    let xls = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
    assert!(refused("lama.xls", &xls).contains(".xls"));
    assert!(refused("palsu.xlsx", b"Nama;NIP\n").contains("bukan berkas Excel"));
}

#[test]
fn a_200_mb_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("besar.csv");
    let f = std::fs::File::create(&path).expect("create");
    f.set_len(200 * 1024 * 1024).expect("sparse file");
    let err = import::preview_file(&path, event_day()).expect_err("too large");
    assert!(err.to_string().contains("terlalu besar (200 MB)"), "{err}");
}

#[test]
fn wide_rows_latin1_and_formula_text_are_handled() {
    let mut wide = String::from("Nama;NIP");
    for i in 0..398 {
        wide.push_str(&format!(";X{i}"));
    }
    wide.push_str("\nAhmad;198609262015051001");
    wide.push_str(&";x".repeat(398));
    wide.push('\n');
    let p = preview("lebar.csv", wide.as_bytes());
    assert_eq!(p.summary.valid, 1);
    assert_eq!(p.summary.unknown_columns.len(), 398);

    let mut latin1 = b"Nama;Unit\nTh\xe9resia Nainggolan;Dinas\n".to_vec();
    latin1.extend_from_slice("Andr\u{e9};Dinas\n".as_bytes()); // UTF-8 in the same file
    let p = preview("campur.csv", &latin1);
    assert_eq!(p.people[0].1.name, "Théresia Nainggolan");
    assert_eq!(
        p.summary.rows, 2,
        "a mixed-encoding file still yields every row"
    );

    let p = preview(
        "f.csv",
        b"Nama;Unit\n\"=HYPERLINK(\"\"http://x\"\")\";Dinas\n",
    );
    assert_eq!(
        p.people[0].1.name, "=HYPERLINK(\"http://x\")",
        "kept as text"
    );
}

fn xlsx(rows: &[(&str, XCell)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Nama").expect("write");
    sheet.write_string(0, 1, "NIP").expect("write");
    for (i, (name, nip)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, *name).expect("write");
        match nip {
            XCell::Text(t) => sheet.write_string(r, 1, *t).expect("write"),
            XCell::Number(n) => sheet.write_number(r, 1, *n).expect("write"),
            XCell::Formula(f, cached) => sheet
                .write_formula(r, 1, rust_xlsxwriter::Formula::new(*f).set_result(*cached))
                .expect("write"),
        };
    }
    book.save_to_buffer().expect("xlsx")
}

enum XCell {
    Text(&'static str),
    Number(f64),
    /// A formula and the value Excel cached for it.
    Formula(&'static str, &'static str),
}

#[test]
fn xlsx_nip_as_text_is_read_and_as_number_is_refused_per_row() {
    let bytes = xlsx(&[
        ("Ahmad Fauzi", XCell::Text("19860926 201505 1 001")),
        ("Siti Aminah", XCell::Number(198609262015052000.0)),
        ("Budi", XCell::Text("'198609262015051002")),
        (
            "Rina",
            XCell::Formula(
                "=HYPERLINK(\"http://contoh\",\"19860926 201505 2 003\")",
                "19860926 201505 2 003",
            ),
        ),
    ]);
    let p = preview("daftar.xlsx", &bytes);
    let msgs = messages(&p).join("\n");
    assert!(
        msgs.contains("baris 3: NIP tersimpan sebagai angka"),
        "{msgs}"
    );
    assert!(msgs.contains("Format kolom NIP sebagai Teks"), "{msgs}");
    assert_eq!(p.people[0].1.nip.as_deref(), Some("198609262015051001"));
    assert_eq!(
        p.people[1].1.nip.as_deref(),
        Some("198609262015051002"),
        "leading apostrophe"
    );
    assert_eq!(
        p.people[2].1.nip.as_deref(),
        Some("198609262015052003"),
        "a formula cell is read as the text Excel shows"
    );
    assert_eq!(p.summary.valid, 3, "{msgs}");
}

#[test]
fn nik_columns_are_dropped_and_said_so() {
    let p = preview(
        "nik.csv",
        b"Nama;NIK;NIP\nAhmad;1371012345678901;198609262015051001\n",
    );
    assert!(messages(&p).iter().any(|m| m.contains("NIK diabaikan")));
    assert!(p.summary.unknown_columns.is_empty());
}

#[test]
fn previews_nobody_answers_expire_and_never_pile_up() {
    use netra_core::roster::import::{Pending, MAX_PENDING, PREVIEW_TTL_MINUTES};
    let csv = "Nama;Unit Kerja\nBudi;Dinas Kesehatan\n";
    let preview = || {
        netra_core::roster::import::preview_bytes("daftar.csv", csv.as_bytes(), today())
            .expect("preview")
    };
    let mut pending = Pending::default();
    let first = pending.hold(1, preview(), now());
    assert!(
        pending.summary(first.token, now()).is_ok(),
        "waiting for Simpan"
    );
    let late = now() + chrono::Duration::minutes(PREVIEW_TTL_MINUTES + 1);
    let err = pending.take(first.token, late).expect_err("expired");
    assert!(err.to_string().contains("tidak berlaku"), "{err}");

    let tokens: Vec<u32> = (0..MAX_PENDING + 2)
        .map(|_| pending.hold(1, preview(), now()).token)
        .collect();
    assert!(
        pending.take(tokens[0], now()).is_err(),
        "the oldest gives way once {MAX_PENDING} are held"
    );
    let (event, kept) = pending
        .take(*tokens.last().expect("last"), now())
        .expect("the newest is kept");
    assert_eq!((event, kept.summary.valid), (1, 1));
}

/// The parts of `book` rewritten by `edit` (name, text → text), plus `extra`
/// parts: how a crafted file is made from a real one.
fn repack(
    book: &[u8],
    edit: impl Fn(&str, String) -> String,
    extra: &[(&str, Vec<u8>)],
) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).expect("part");
        let name = part.name().expect("name").to_string();
        let mut text = String::new();
        part.read_to_string(&mut text).expect("xml");
        out.start_file(name.as_str(), opts).expect("start");
        out.write_all(edit(&name, text).as_bytes()).expect("write");
    }
    for (name, bytes) in extra {
        out.start_file(*name, opts).expect("start");
        out.write_all(bytes).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

#[test]
fn a_crafted_xlsx_is_refused_with_a_sentence_before_anything_big_is_allocated() {
    let book = xlsx(&[("Ahmad Fauzi", XCell::Text("198609262015051001"))]);
    let refused = |bytes: &[u8]| {
        netra_core::roster::import::preview_bytes("daftar.xlsx", bytes, today())
            .expect_err("refused")
            .to_string()
    };

    // A shared-string count of four billion, which calamine would reserve.
    let strings = repack(
        &book,
        |name, xml| {
            if name.ends_with("sharedStrings.xml") {
                let at = xml.find("uniqueCount=\"").expect("uniqueCount") + 13;
                let end = at + xml[at..].find('"').expect("quote");
                format!("{}4000000000{}", &xml[..at], &xml[end..])
            } else {
                xml
            }
        },
        &[],
    );
    let msg = refused(&strings);
    assert!(msg.contains("4000000000 teks berbeda"), "{msg}");

    // One more cell at the last cell Excel has: a dense range of 17 billion.
    let far = repack(
        &book,
        |name, xml| {
            if name.ends_with("sheet1.xml") {
                xml.replace(
                    "</sheetData>",
                    "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData>",
                )
                .replace("<dimension ref=\"A1:B2\"/>", "<dimension ref=\"A1:XFD1048576\"/>")
            } else {
                xml
            }
        },
        &[],
    );
    let msg = refused(&far);
    assert!(
        msg.contains("Sel XFD1048576") && msg.contains("di luar batas"),
        "{msg}"
    );

    // A part that unzips to more than the whole budget: a few hundred KB
    // in the file, 300 MB opened.
    let bomb = repack(
        &book,
        |_, xml| xml,
        &[("xl/media/bomb.bin", vec![0u8; 300 << 20])],
    );
    assert!(bomb.len() < 2 << 20, "{} bytes", bomb.len());
    let msg = refused(&bomb);
    assert!(msg.contains("terlalu besar setelah dibuka"), "{msg}");

    // The real book still reads.
    let p = preview("daftar.xlsx", &book);
    assert_eq!(p.summary.valid, 1);
}

/// Found by fuzzing (`fuzz/regressions/import_csv/`): old Mac Excel ends
/// lines with a lone CR, and every row was reported as "baris 1".
#[test]
fn a_csv_with_carriage_return_line_ends_names_the_right_rows() {
    let p = preview(
        "mac.csv",
        b"Nama;NIP;Unit Kerja\rBudi Santoso;198503122010011002;Dinas PU\rSari;19860926201505;Bappeda\r",
    );
    assert_eq!(p.summary.header_line, 1);
    assert_eq!(p.people.first().map(|(line, _)| *line), Some(2));
    let msgs = messages(&p).join("\n");
    assert!(msgs.contains("baris 3: NIP harus 18 digit"), "{msgs}");
}

/// Found by fuzzing (`fuzz/regressions/import_xlsx/`): a cell reference with
/// many letters overflows calamine's column arithmetic and panicked.
#[test]
fn an_xlsx_cell_reference_too_long_to_count_is_refused_not_a_crash() {
    let book = xlsx(&[("Ahmad Fauzi", XCell::Text("198609262015051001"))]);
    let crafted = repack(
        &book,
        |name, xml| {
            if name.ends_with("sheet1.xml") {
                assert!(xml.contains("<c r=\"A2\""), "{xml}");
                xml.replace("<c r=\"A2\"", "<c r=\"ZZZZZZZZZZZZZZ2\"")
            } else {
                xml
            }
        },
        &[],
    );
    let err = netra_core::roster::import::preview_bytes("daftar.xlsx", &crafted, today())
        .expect_err("refused");
    assert!(err.to_string().contains("Berkas .xlsx rusak"), "{err}");
}
