//! Printed records, checked the way a reader sees them: rendered by
//! poppler (`pdftotext`, `pdftoppm`, `pdfinfo`) and the QR code decoded
//! from the rendered pixels.

use std::path::{Path, PathBuf};
use std::process::Command;

use netra_core::keys::{self, InstallationKey};
use netra_core::pdf::register::{self, QrStatus, RecordKind};
use netra_core::pdf::{self, Document, PrintRequest, Scope};
use netra_core::{db, demo, ErrorCode};

use crate::{now, today};

pub(crate) struct Fixture {
    _dir: tempfile::TempDir,
    pub dir: PathBuf,
    pub db_path: PathBuf,
    pub conn: db::Connection,
    pub key: InstallationKey,
    pub event: i64,
}

/// An event of `people` with the first `signed` of them signed at the kiosk.
pub(crate) fn fixture(people: usize, signed: usize) -> Fixture {
    let (dir, path) = crate::temp_db();
    let mut conn = db::open(&path).expect("db");
    let event = demo::create(&mut conn, people, now(), today())
        .expect("demo")
        .event
        .id;
    // The key file beside the database: QR checks trust it, and nothing
    // recorded only in the database.
    let key = InstallationKey::for_database(&conn, &path, now()).expect("key");
    demo::sign(&mut conn, &key, event, signed, now, &mut |_, _| Ok(())).expect("sign");
    Fixture {
        dir: dir.path().to_path_buf(),
        db_path: path,
        _dir: dir,
        conn,
        key,
        event,
    }
}

pub(crate) fn request(f: &Fixture, kind: RecordKind, paper: &str) -> PrintRequest {
    PrintRequest {
        event_id: f.event,
        kind,
        paper: paper.into(),
        scope: Scope::Attended,
        person_ids: Vec::new(),
    }
}

pub(crate) fn try_render(f: &mut Fixture, req: &PrintRequest) -> netra_core::Result<Document> {
    pdf::render(&mut f.conn, &f.key, req, now(), &mut |_, _| {})
}

pub(crate) fn render_req(f: &mut Fixture, req: &PrintRequest) -> Document {
    try_render(f, req).expect("render")
}

pub(crate) fn render(f: &mut Fixture, kind: RecordKind, paper: &str) -> Document {
    let req = request(f, kind, paper);
    render_req(f, &req)
}

pub(crate) fn write(f: &Fixture, name: &str, doc: &Document) -> PathBuf {
    let path = f.dir.join(name);
    netra_core::files::write(&path, &doc.bytes).expect("write");
    path
}

pub(crate) fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} (poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub(crate) fn text(path: &Path, page: Option<usize>) -> String {
    let p = path.to_str().expect("utf-8 path");
    match page {
        Some(n) => run(
            "pdftotext",
            &[
                "-layout",
                "-f",
                &n.to_string(),
                "-l",
                &n.to_string(),
                p,
                "-",
            ],
        ),
        None => run("pdftotext", &["-layout", p, "-"]),
    }
}

fn page_size(path: &Path) -> (f32, f32) {
    let info = run("pdfinfo", &[path.to_str().expect("path")]);
    let line = info
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .expect("page size");
    let nums: Vec<f32> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (nums[0], nums[1])
}

/// The QR codes on page `page`, decoded from a greyscale rendering. rqrr,
/// like a phone camera, misses a code at some module-to-pixel ratios, so a
/// second resolution is tried before concluding there is none.
pub(crate) fn qr_codes(path: &Path, page: usize) -> Vec<String> {
    for dpi in [150, 300] {
        let codes = qr_codes_at(path, page, dpi);
        if !codes.is_empty() {
            return codes;
        }
    }
    Vec::new()
}

/// Page `page` rendered in grey at `dpi` (poppler), as a PGM file whose
/// name says `what` it is for.
pub(crate) fn grey_page(path: &Path, page: usize, dpi: u32, what: &str) -> PathBuf {
    let dpi = dpi.to_string();
    let prefix = path.with_extension(format!("{what}{page}-{dpi}"));
    let n = page.to_string();
    run(
        "pdftoppm",
        &[
            "-gray",
            "-r",
            &dpi,
            "-f",
            &n,
            "-l",
            &n,
            "-singlefile",
            path.to_str().expect("path"),
            prefix.to_str().expect("path"),
        ],
    );
    prefix.with_extension(format!("{what}{page}-{dpi}.pgm"))
}

/// The QR codes on page `page` rendered at exactly `dpi`.
pub(crate) fn qr_codes_at(path: &Path, page: usize, dpi: u32) -> Vec<String> {
    let pgm = std::fs::read(grey_page(path, page, dpi, "p")).expect("pgm");
    let (w, h, pixels) = parse_pgm(&pgm);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    img.detect_grids()
        .into_iter()
        .filter_map(|g| g.decode().ok())
        .map(|(_, content)| content)
        .collect()
}

/// The QR codes on page `page` at `dpi` as ZBar reads them (`zbarimg`, the
/// decoder of many scanner apps): what a phone or a desk scanner would get
/// from the printed page. rqrr, used elsewhere, misses codes of version 9
/// and up at 150 dpi that ZBar reads.
pub(crate) fn scanned_at(path: &Path, page: usize, dpi: u32) -> Vec<String> {
    let image = grey_page(path, page, dpi, "scan");
    let out = Command::new("zbarimg")
        .args(["-q", "--raw", "-Sdisable", "-Sqrcode.enable"])
        .arg(&image)
        .output()
        .expect("zbarimg runs (apt package zbar-tools)");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

pub(crate) fn parse_pgm(data: &[u8]) -> (usize, usize, &[u8]) {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while data[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !data[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(
            std::str::from_utf8(&data[start..i])
                .expect("header")
                .to_string(),
        );
    }
    assert_eq!(fields[0], "P5");
    let (w, h) = (fields[1].parse().expect("w"), fields[2].parse().expect("h"));
    (w, h, &data[i + 1..i + 1 + w * h])
}

fn names_in_order(f: &Fixture, signed_only: bool) -> Vec<(String, Option<String>)> {
    let sql = if signed_only {
        "SELECT name, nip FROM people WHERE event_id = ?1 AND checked_in_at IS NOT NULL ORDER BY name_key, id"
    } else {
        "SELECT name, nip FROM people WHERE event_id = ?1 ORDER BY name_key, id"
    };
    f.conn
        .prepare(sql)
        .expect("prepare")
        .query_map([f.event], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows")
}

fn formatted(nip: &str) -> String {
    format!(
        "{} {} {} {}",
        &nip[0..8],
        &nip[8..14],
        &nip[14..15],
        &nip[15..18]
    )
}

#[test]
fn the_daftar_hadir_lists_every_attendee_in_order_with_page_numbers() {
    let mut f = fixture(60, 40);
    let doc = render(&mut f, RecordKind::DaftarHadir, "A4");
    let path = write(&f, "daftar-hadir.pdf", &doc);
    let all = text(&path, None);
    let flat: String = all.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut at = 0;
    for (name, nip) in names_in_order(&f, true) {
        let first_word = name.split_whitespace().next().expect("name");
        let pos = flat[at..]
            .find(first_word)
            .unwrap_or_else(|| panic!("{name} after byte {at}"));
        at += pos;
        if let Some(nip) = nip {
            // NIPs wrap inside their cell; the first two groups stay on one line.
            assert!(flat.contains(&formatted(&nip)[..15]), "NIP of {name}");
        }
    }
    assert!(!flat.contains("Belum ada peserta"));
    for page in 1..=doc.pages {
        let t = text(&path, Some(page));
        assert!(
            t.contains(&format!("Halaman {page} dari {}", doc.pages)),
            "page {page}"
        );
        assert!(
            t.contains("Tanda Tangan") || page == doc.pages,
            "table header repeated on page {page}"
        );
    }
    let last = text(&path, Some(doc.pages));
    assert!(last.contains("Mengetahui"));
    assert!(last.contains("Drs. Medison, M.Si."));
    assert!(last.contains("NIP. 19680512 199303 1 004"));
    let (w, h) = page_size(&path);
    assert!(
        (w - 595.3).abs() < 0.5 && (h - 841.9).abs() < 0.5,
        "A4: {w} x {h}"
    );
    assert_eq!(doc.pages, doc.records.len(), "one signed record per page");
}

#[test]
fn the_signature_column_zig_zags() {
    let mut f = fixture(10, 6);
    let doc = render(&mut f, RecordKind::DaftarHadir, "A4");
    let path = write(&f, "zigzag.pdf", &doc);
    let bbox = run(
        "pdftotext",
        &[
            "-bbox",
            "-f",
            "1",
            "-l",
            "1",
            path.to_str().expect("path"),
            "-",
        ],
    );
    // The row number beside each signature: the second "N." word on the page.
    let x_of = |n: usize| -> f32 {
        let marker = format!(">{n}.</word>");
        let xs: Vec<f32> = bbox
            .lines()
            .filter(|l| l.contains(&marker))
            .filter_map(|l| l.split("xMin=\"").nth(1)?.split('"').next()?.parse().ok())
            .collect();
        assert_eq!(xs.len(), 2, "row {n} number twice: {xs:?}");
        xs[1]
    };
    let (odd, even) = (x_of(1), x_of(2));
    assert!(
        even - odd > 30.0,
        "odd rows sign left, even right: {odd} vs {even}"
    );
    assert!((x_of(3) - odd).abs() < 1.0 && (x_of(4) - even).abs() < 1.0);
}

#[test]
fn f4_pages_are_215_by_330_mm_and_landscape_certificates_turn() {
    let mut f = fixture(6, 3);
    let doc = render(&mut f, RecordKind::DaftarHadir, "f4");
    let (w, h) = page_size(&write(&f, "f4.pdf", &doc));
    assert!(
        (w - 609.4).abs() <= 1.0 && (h - 935.4).abs() <= 1.0,
        "{w} x {h}"
    );
    let doc = render(&mut f, RecordKind::Sertifikat, "F4");
    let (w, h) = page_size(&write(&f, "f4-cert.pdf", &doc));
    assert!(
        (w - 935.4).abs() <= 1.0 && (h - 609.4).abs() <= 1.0,
        "{w} x {h}"
    );
}

#[test]
fn a_statement_shows_the_signed_text_and_details_and_its_qr_verifies() {
    let mut f = fixture(8, 3);
    let doc = render(&mut f, RecordKind::Pernyataan, "");
    assert_eq!(doc.pages, 3, "one page per signed person");
    let path = write(&f, "pernyataan.pdf", &doc);
    let (w, _) = page_size(&path);
    assert!((w - 609.4).abs() <= 1.0, "the demo event prints on F4");
    let page = text(&path, Some(1));
    for expected in [
        "SURAT PERNYATAAN NETRALITAS",
        "Pangkat/Golongan",
        "Unit Kerja",
        "Yang membuat pernyataan",
        "Bersedia menerima sanksi",
    ] {
        assert!(page.contains(expected), "{expected}");
    }
    let codes = qr_codes(&path, 1);
    assert_eq!(codes.len(), 1, "one QR on the page");
    let check = qr_check(&f.conn, &f.db_path, &codes[0]).expect("check");
    assert_eq!(check.status, QrStatus::Genuine, "{check:?}");
    assert_eq!(check.kind, Some(RecordKind::Pernyataan));

    // Someone edits the signed snapshot in SQLite (guards dropped): the paper no longer matches.
    f.conn
        .execute_batch("DROP TRIGGER declarations_void_only")
        .expect("drop");
    f.conn
        .execute("UPDATE declarations SET snapshot = replace(snapshot, '\"name\":\"', '\"name\":\"X') WHERE seq = (SELECT MIN(seq) FROM declarations)", [])
        .expect("edit");
    let checks: Vec<_> = (1..=3)
        .flat_map(|p| qr_codes(&path, p))
        .map(|c| qr_check(&f.conn, &f.db_path, &c).expect("check"))
        .collect();
    let changed: Vec<_> = checks
        .iter()
        .filter(|c| c.status == QrStatus::Changed)
        .collect();
    assert_eq!(changed.len(), 1, "{checks:?}");
    assert!(
        changed[0].details.iter().any(|d| d.contains("nama")),
        "{:?}",
        changed[0].details
    );
}

#[test]
fn a_daftar_hadir_qr_fails_after_a_name_changes_and_a_forged_one_is_named() {
    let mut f = fixture(12, 12);
    let doc = render(&mut f, RecordKind::DaftarHadir, "A4");
    let path = write(&f, "dh.pdf", &doc);
    let code = qr_codes(&path, 1).pop().expect("qr on page 1");
    assert_eq!(
        qr_check(&f.conn, &f.db_path, &code).expect("check").status,
        QrStatus::Genuine
    );

    // A forged paper: the signature part of the payload altered.
    let mut forged = code.clone();
    let last = forged.pop().expect("char");
    forged.push(if last == 'A' { 'B' } else { 'A' });
    let check = qr_check(&f.conn, &f.db_path, &forged).expect("check");
    assert!(
        matches!(check.status, QrStatus::Forged | QrStatus::Invalid),
        "{check:?}"
    );

    // Another installation's database: unknown key, then known key but unknown record.
    let (_other_dir, other_path) = crate::temp_db();
    let mut other = db::open(&other_path).expect("db");
    demo::create(&mut db::open_in_memory().expect("db"), 1, now(), today()).expect("demo");
    assert_eq!(
        qr_check(&other, &other_path, &code).expect("check").status,
        QrStatus::UnknownKey
    );
    let other_key = InstallationKey::open_for(&mut other, &other_path, now()).expect("its key");
    keys::import_public(
        &other,
        &other_key,
        &hex::encode(f.key.verifying_key().to_bytes()),
        "Kiosk lain",
        netra_core::audit::Actor::Organizer,
        now(),
    )
    .expect("import");
    // Known key, record not here: the code itself says whose paper it is.
    let offline = qr_check(&other, &other_path, &code).expect("check");
    assert_eq!(offline.status, QrStatus::GenuineOffline, "{offline:?}");
    let said: Vec<(&str, &str)> = offline
        .claims
        .iter()
        .map(|c| (c.label.as_str(), c.value.as_str()))
        .collect();
    assert!(said.contains(&("Jenis", "Daftar hadir")), "{said:?}");
    assert!(said.contains(&("Halaman", "1 dari 2")), "{said:?}");

    // The organiser corrects a name after printing.
    let first = names_in_order(&f, true)[0].0.clone();
    f.conn
        .execute(
            "UPDATE people SET name = name || ' (ralat)' WHERE name = ?1",
            [&first],
        )
        .expect("edit");
    let check = qr_check(&f.conn, &f.db_path, &code).expect("check");
    assert_eq!(check.status, QrStatus::Changed);
    assert!(
        check
            .details
            .iter()
            .any(|d| d.contains("baris 1, nama") && d.contains("(ralat)")),
        "{:?}",
        check.details
    );
    assert!(
        qr_check(&f.conn, &f.db_path, "bukan kode netra")
            .expect("check")
            .status
            == QrStatus::Invalid
    );
}

#[test]
fn reprinting_the_same_facts_reuses_the_record() {
    let mut f = fixture(5, 5);
    let a = render(&mut f, RecordKind::Sertifikat, "");
    let b = render(&mut f, RecordKind::Sertifikat, "");
    assert_eq!(a.records, b.records);
    assert_eq!(a.records.len(), 5);
}

#[test]
fn certificates_and_minutes_render_with_their_records() {
    let mut f = fixture(30, 20);
    let doc = render(&mut f, RecordKind::Sertifikat, "A4");
    assert_eq!(doc.pages, 20);
    let path = write(&f, "sertifikat.pdf", &doc);
    let t = text(&path, Some(1));
    assert!(
        t.contains("SERTIFIKAT")
            && t.contains("diberikan kepada")
            && t.contains("Sekretaris Daerah")
    );
    assert_eq!(qr_codes(&path, 2).len(), 1);

    let doc = render(&mut f, RecordKind::BeritaAcara, "A4");
    let path = write(&f, "berita-acara.pdf", &doc);
    let t = text(&path, None);
    assert!(t.contains("BERITA ACARA"));
    assert!(
        t.contains("Dari 30 orang yang diundang, 20 orang hadir dan 20 orang menandatangani"),
        "{t}"
    );
    assert!(t.contains("Titony Tanjung"), "speakers listed");
    let head: String = f
        .conn
        .query_row(
            "SELECT record_hash FROM chain_heads WHERE event_id = ?1",
            [f.event],
            |r| r.get(0),
        )
        .expect("head");
    assert!(t.contains(&head), "chain head printed");
    let code = qr_codes(&path, 1).pop().expect("qr");
    assert_eq!(
        qr_check(&f.conn, &f.db_path, &code).expect("check").status,
        QrStatus::Genuine
    );
}

#[test]
fn an_event_without_attendees_still_prints_with_a_note() {
    let mut f = fixture(5, 0);
    let doc = render(&mut f, RecordKind::DaftarHadir, "");
    let t = text(&write(&f, "empty.pdf", &doc), None);
    assert!(t.contains("Belum ada peserta yang hadir"));
    assert!(t.contains("Mengetahui"));
    let doc = render(&mut f, RecordKind::BeritaAcara, "");
    assert!(text(&write(&f, "empty-ba.pdf", &doc), None).contains("Belum ada surat pernyataan"));
    let req = request(&f, RecordKind::Pernyataan, "");
    let err = try_render(&mut f, &req).expect_err("nothing to print");
    assert!(err
        .to_string()
        .contains("Belum ada peserta yang menandatangani"));
    let roster = PrintRequest {
        scope: Scope::Roster,
        ..request(&f, RecordKind::DaftarHadir, "")
    };
    let doc = render_req(&mut f, &roster);
    assert!(text(&write(&f, "roster.pdf", &doc), None).contains("DAFTAR HADIR PESERTA"));
}

#[test]
fn long_and_foreign_names_wrap_or_warn_and_broken_signatures_say_so() {
    let mut f = fixture(4, 3);
    let long = format!(
        "Raden {} Wicaksono",
        "Mas Ngabehi Sastro ".repeat(15).trim()
    );
    let ids: Vec<i64> = f
        .conn
        .prepare(
            "SELECT id FROM people WHERE event_id = ?1 AND checked_in_at IS NOT NULL ORDER BY id",
        )
        .expect("prepare")
        .query_map([f.event], |r| r.get(0))
        .expect("q")
        .collect::<rusqlite::Result<_>>()
        .expect("ids");
    f.conn
        .execute(
            "UPDATE people SET name = ?1 WHERE id = ?2",
            rusqlite::params![long, ids[0]],
        )
        .expect("long");
    f.conn
        .execute("UPDATE people SET name = '王小明' WHERE id = ?1", [ids[1]])
        .expect("cjk");
    f.conn
        .execute_batch("DROP TRIGGER signatures_no_update")
        .expect("drop");
    f.conn
        .execute("UPDATE signatures SET strokes = '{broken' WHERE declaration_id = (SELECT id FROM declarations WHERE person_id = ?1)", [ids[2]])
        .expect("corrupt");
    let doc = render(&mut f, RecordKind::DaftarHadir, "");
    let t = text(&write(&f, "odd.pdf", &doc), None);
    assert!(t.contains("tanda tangan tidak terbaca"));
    assert!(
        t.contains("Wicaksono"),
        "the end of a 300-character name is printed, not cut"
    );
    assert!(
        doc.warnings
            .iter()
            .any(|w| w.contains("王小明") && w.contains("kotak")),
        "{:?}",
        doc.warnings
    );
    assert!(
        doc.warnings.iter().any(|w| w.contains("rusak")),
        "{:?}",
        doc.warnings
    );
}

#[test]
fn bad_paper_and_unwritable_paths_are_refused() {
    let mut f = fixture(3, 1);
    let req = request(&f, RecordKind::DaftarHadir, "A5");
    let err = try_render(&mut f, &req).expect_err("A5");
    assert_eq!(err.code(), ErrorCode::Invalid);
    assert!(err.to_string().contains("A4 atau F4"));
    let doc = render(&mut f, RecordKind::DaftarHadir, "");
    let err = netra_core::files::write(Path::new("/nonexistent-dir/x.pdf"), &doc.bytes)
        .expect_err("no dir");
    assert!(err.to_string().contains("tidak ada"), "{err}");
    let err =
        netra_core::files::write(Path::new("/proc/x.pdf"), &doc.bytes).expect_err("read-only");
    assert!(err.to_string().contains("tidak dapat ditulis"), "{err}");
}

/// A QR check with the keys this database records or imported (the test
/// databases have no key file beside them).
/// The check the app and `netra verify-qr` make for the database at `db_path`.
fn qr_check(
    conn: &netra_core::db::Connection,
    db_path: &Path,
    code: &str,
) -> netra_core::Result<register::QrCheck> {
    pdf::check_qr(conn, db_path, code)
}

#[test]
fn kiosk_submits_never_wait_for_a_thousand_certificate_batch() {
    let (_dir, path) = crate::temp_db();
    let key_path = netra_core::keys::path_for(&path);
    let key = netra_core::keys::InstallationKey::load_or_create(&key_path).expect("key");
    let event = {
        let mut conn = db::open(&path).expect("db");
        let event = demo::create(&mut conn, 1_200, now(), today())
            .expect("demo")
            .event
            .id;
        demo::check_in(&mut conn, event, 1_000, now()).expect("check in");
        event
    };
    let signers: Vec<i64> = {
        let conn = db::open(&path).expect("db");
        let mut stmt = conn
            .prepare("SELECT id FROM people WHERE event_id = ?1 AND checked_in_at IS NULL")
            .expect("sql");
        let ids = stmt
            .query_map([event], |r| r.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("ids");
        ids
    };
    let race = demo::sign_while_printing(
        &path,
        &key,
        event,
        &signers,
        std::time::Duration::from_millis(10),
        false,
        now(),
    )
    .expect("race");
    assert_eq!(race.pages, 1_000, "one certificate per attendee");
    let during: Vec<_> = race.during_batch().collect();
    assert!(
        during.len() >= 5,
        "the kiosk kept signing while the batch printed ({} submits in {:.0} ms)",
        during.len(),
        race.batch_ms
    );
    let slowest = during.iter().map(|s| s.latency_ms).fold(0.0, f64::max);
    assert!(
        slowest < race.batch_ms / 4.0,
        "no submit waited for the batch: slowest {slowest:.0} ms of a {:.0} ms batch",
        race.batch_ms
    );
    let conn = db::open(&path).expect("db");
    let report =
        netra_core::declaration::chain::verify_event(&conn, &path, event, &[]).expect("verify");
    assert!(report.ok(), "{:?}", report.findings);
    assert_eq!(
        report.records as usize,
        race.submits.len(),
        "every submit is in the chain"
    );
}

#[test]
fn a_key_written_into_the_database_vouches_for_no_paper() {
    let mut f = fixture(6, 0);
    // Someone with write access to netra.db prints with a key of their own:
    // `render` records that key in `installation_keys`, and they add it to
    // `trusted_keys` too, by hand.
    let intruder = InstallationKey::generate();
    let req = request(&f, RecordKind::DaftarHadir, "A4");
    let doc = pdf::render(&mut f.conn, &intruder, &req, now(), &mut |_, _| {}).expect("render");
    f.conn
        .execute(
            "INSERT INTO trusted_keys (key_id, public_key, label, imported_at) VALUES (?1, ?2, 'Kiosk', ?3)",
            rusqlite::params![
                intruder.key_id(),
                hex::encode(intruder.verifying_key().to_bytes()),
                "2026-01-15T01:00:00Z"
            ],
        )
        .expect("plant key");
    let check = qr_check(&f.conn, &f.db_path, &doc.codes[0]).expect("check");
    assert_eq!(check.status, QrStatus::UnknownKey, "{check:?}");

    // Imported by the organiser, the same key is trusted, and the verdict
    // says who imported it.
    keys::import_public(
        &f.conn,
        &f.key,
        &hex::encode(intruder.verifying_key().to_bytes()),
        "Kiosk aula",
        netra_core::audit::Actor::Organizer,
        now(),
    )
    .expect("import");
    let check = qr_check(&f.conn, &f.db_path, &doc.codes[0]).expect("check");
    assert_eq!(check.status, QrStatus::Genuine, "{check:?}");
    assert_eq!(check.key_source, Some(keys::KeySource::Imported));
    let trust =
        keys::TrustedKeys::gather(&f.conn, &keys::path_for(&f.db_path), &[]).expect("trust");
    let said = trust.describe(&intruder.key_id());
    assert!(
        said.contains("Kiosk aula") && said.contains("organizer"),
        "{said}"
    );

    // A quiet edit of the imported row (here its label) ends the trust.
    f.conn
        .execute("UPDATE trusted_keys SET label = 'Kiosk resmi'", [])
        .expect("edit");
    let check = qr_check(&f.conn, &f.db_path, &doc.codes[0]).expect("check");
    assert_eq!(check.status, QrStatus::UnknownKey, "{check:?}");
    let trust =
        keys::TrustedKeys::gather(&f.conn, &keys::path_for(&f.db_path), &[]).expect("trust");
    assert!(
        trust.ignored.iter().any(|m| m.contains("tidak dipercaya")),
        "{:?}",
        trust.ignored
    );
}

#[test]
fn the_record_number_in_a_qr_code_is_signed() {
    let mut f = fixture(40, 0);
    let mut req = request(&f, RecordKind::DaftarHadir, "A4");
    req.scope = Scope::Roster;
    let doc = try_render(&mut f, &req).expect("render");
    assert!(doc.codes.len() >= 2, "{} pages", doc.codes.len());
    let code = &doc.codes[0];
    assert!(code.starts_with("NETRA3."), "{code}");
    assert_eq!(
        qr_check(&f.conn, &f.db_path, code).expect("check").status,
        QrStatus::Genuine
    );
    // The same signature and hash, pointed at another record.
    let mut parts: Vec<String> = code.split('.').map(str::to_string).collect();
    parts[2] = doc.records[1].to_string();
    let moved = parts.join(".");
    let check = qr_check(&f.conn, &f.db_path, &moved).expect("check");
    assert_eq!(check.status, QrStatus::Forged, "{check:?}");
}

#[test]
fn the_minutes_count_signatures_by_the_way_they_came_in() {
    use netra_core::declaration::kiosk::Run;
    use netra_core::hall::{devices, phones, Channel};
    let mut f = fixture(30, 5);
    let (tablet, _) = devices::pair(&mut f.conn, f.event, "Tablet A", None, now()).expect("pair");
    let (phone, _) = phones::open(&f.conn, f.event, now()).expect("phone");
    let pledge = netra_core::declaration::pledge::current(&mut f.conn, f.event, now())
        .expect("pledge")
        .content_hash;
    let unsigned: Vec<(i64, String)> = f
        .conn
        .prepare(
            "SELECT id, nip FROM people WHERE event_id = ?1 AND nip IS NOT NULL
             AND id NOT IN (SELECT person_id FROM declarations) ORDER BY id LIMIT 3",
        )
        .expect("prepare")
        .query_map([f.event], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("people");
    let index = netra_core::roster::search::RosterIndex::load(&f.conn, f.event).expect("index");
    let ways = [
        Channel::Device(tablet.id),
        Channel::Device(tablet.id),
        Channel::Phone(phone.id),
    ];
    for (i, ((person, nip), way)) in unsigned.iter().zip(ways).enumerate() {
        let mut run = Run::through(f.event, way);
        run.find(&f.conn, &index, nip).expect("find");
        let sub = netra_core::declaration::Submission {
            submission_id: format!("minutes-by-way-{i}"),
            person_id: *person,
            pledge_hash: pledge.clone(),
            strokes: demo::signature_json(i as u64),
            png: None,
        };
        run.submit(&mut f.conn, &f.key, &sub, now()).expect("sign");
    }
    let doc = render(&mut f, RecordKind::BeritaAcara, "F4");
    let path = write(&f, "berita-acara-cara.pdf", &doc);
    let t = text(&path, None)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        t.contains(
            "ditandatangani melalui Kiosk laptop (5 orang), Tablet A (2 orang) dan Ponsel peserta (1 orang)."
        ),
        "{t}"
    );
    assert!(t.contains("8 orang menandatangani"), "{t}");
    let code = qr_codes(&path, 1).pop().expect("qr");
    assert_eq!(
        qr_check(&f.conn, &f.db_path, &code).expect("check").status,
        QrStatus::Genuine
    );
    if let Ok(dir) = std::env::var("NETRA_KEEP_PDF") {
        let _ = std::fs::copy(&path, Path::new(&dir).join("berita-acara-cara.pdf"));
    }
}

/// The claims of a check as (label, value).
fn claims(check: &register::QrCheck) -> Vec<(String, String)> {
    check
        .claims
        .iter()
        .map(|c| (c.label.clone(), c.value.clone()))
        .collect()
}

#[test]
fn a_certificate_qr_names_its_person_so_a_copy_on_a_forged_paper_shows() {
    let mut f = fixture(10, 3);
    let doc = render(&mut f, RecordKind::Sertifikat, "A4");
    let path = write(&f, "sertifikat-qr.pdf", &doc);
    let people = names_in_order(&f, true);
    // Page 1 is the first signed person's; page 2 someone else's.
    let (first, first_nip) = people[0].clone();
    let (second, _) = people[1].clone();
    for dpi in [150, 300] {
        let codes = scanned_at(&path, 1, dpi);
        assert_eq!(codes.len(), 1, "the code decodes at {dpi} dpi");
        assert!(codes[0].starts_with("NETRA3."), "{}", codes[0]);
    }
    let copied = scanned_at(&path, 1, 150).remove(0);
    // The forger pastes page 1's code onto a certificate made out to the
    // second person: the check names the first.
    let check = qr_check(&f.conn, &f.db_path, &copied).expect("check");
    assert_eq!(check.status, QrStatus::Genuine, "{check:?}");
    let said = claims(&check);
    assert!(said.contains(&("Nama".into(), first.clone())), "{said:?}");
    assert!(!said.iter().any(|(_, v)| v == &second), "{said:?}");
    if let Some(nip) = first_nip {
        let spaced = format!(
            "{} {} {} {}",
            &nip[..8],
            &nip[8..14],
            &nip[14..15],
            &nip[15..]
        );
        assert!(said.contains(&("NIP".into(), spaced)), "{said:?}");
    }
    assert!(
        said.contains(&("Jenis".into(), "Sertifikat".into())),
        "{said:?}"
    );

    // The signed claims cannot be edited to name someone else.
    let forged = copied.replacen(&first, &second, 1);
    assert_ne!(forged, copied);
    let check = qr_check(&f.conn, &f.db_path, &forged).expect("check");
    assert_eq!(check.status, QrStatus::Forged, "{check:?}");
}

#[test]
fn a_certificate_from_one_installation_verifies_on_another_with_only_its_key() {
    let mut f = fixture(6, 2);
    let doc = render(&mut f, RecordKind::Sertifikat, "F4");
    let path = write(&f, "sertifikat-b.pdf", &doc);
    let code = qr_codes(&path, 2).pop().expect("a code on page 2");
    let (name, _) = names_in_order(&f, true)[1].clone();

    let (_dir, other_path) = crate::temp_db();
    let mut other = db::open(&other_path).expect("db");
    let other_key = InstallationKey::open_for(&mut other, &other_path, now()).expect("key");
    assert_eq!(
        qr_check(&other, &other_path, &code).expect("check").status,
        QrStatus::UnknownKey
    );
    keys::import_public(
        &other,
        &other_key,
        &hex::encode(f.key.verifying_key().to_bytes()),
        "Bawaslu Kab. A",
        netra_core::audit::Actor::Organizer,
        now(),
    )
    .expect("import");
    let check = qr_check(&other, &other_path, &code).expect("check");
    assert_eq!(check.status, QrStatus::GenuineOffline, "{check:?}");
    assert!(check.ok());
    assert!(claims(&check).contains(&("Nama".into(), name)), "{check:?}");
    assert!(check.headline.starts_with("ASLI"), "{}", check.headline);
}

#[test]
fn every_kind_of_code_stays_at_version_11_or_below_and_decodes_at_150_and_300_dpi() {
    use netra_core::pdf::marks::qr_modules;
    let mut f = fixture(4, 2);
    let long = "Dr. Hj. Raden Ajeng Siti Nurhaliza Kusumawardhani Putri, S.H., M.Kn.";
    f.conn
        .execute(
            "UPDATE events SET title = ?1 WHERE id = ?2",
            rusqlite_params(long, f.event),
        )
        .expect("title");
    // A name with letters outside ASCII: the code then says it is UTF-8.
    let name = "Dr. Hj. Ñoman Ayu Kusumawardhani Putri Sekar Ayu Ningrum, S.H., M.Kn.";
    f.conn
        .execute(
            "UPDATE people SET name = ?1 WHERE event_id = ?2",
            rusqlite_params(name, f.event),
        )
        .expect("names");
    for kind in RecordKind::ALL {
        for paper in ["A4", "F4"] {
            let doc = render(&mut f, kind, paper);
            for code in &doc.codes {
                let (width, _) = qr_modules(code).expect("code");
                let version = (width - 17) / 4;
                assert!(
                    version <= 11,
                    "{kind:?}: version {version} for {} chars",
                    code.len()
                );
            }
            // As a scanner sees the printed page, at both resolutions.
            let path = write(&f, &format!("panjang-{kind:?}-{paper}.pdf"), &doc);
            for dpi in [150, 300] {
                let found = scanned_at(&path, 1, dpi);
                assert_eq!(
                    found,
                    vec![doc.codes[0].clone()],
                    "{kind:?} {paper} at {dpi} dpi"
                );
            }
        }
    }
}

fn rusqlite_params(text: &str, id: i64) -> (String, i64) {
    (text.to_string(), id)
}

#[test]
fn a_pdf_file_is_checked_page_by_page_and_a_page_with_a_copied_code_is_named() {
    let mut f = fixture(8, 3);
    let doc = render(&mut f, RecordKind::Sertifikat, "A4");
    let path = write(&f, "kiriman-wa.pdf", &doc);
    let checked = pdf::verify_pdf(&f.conn, &f.db_path, &path).expect("verify");
    assert_eq!(checked.pages, 3);
    assert!(checked.ok, "{checked:?}");
    let names = names_in_order(&f, true);
    for (page, (name, _)) in checked.results.iter().zip(&names) {
        assert_eq!(page.checks.len(), 1, "page {}", page.page);
        assert_eq!(page.checks[0].status, QrStatus::Genuine);
        assert!(claims(&page.checks[0]).contains(&("Nama".into(), name.clone())));
    }

    // Page 2 made to show page 1's code: the code is genuine, the page is not.
    let mut lo = lopdf::Document::load(&path).expect("load");
    let pages = lo.get_pages();
    let drawn = |lo: &lopdf::Document, page: u32| -> Vec<Vec<u8>> {
        let bytes = lo.get_page_content(pages[&page]);
        let content = lopdf::content::Content::decode(&bytes).expect("content");
        content
            .operations
            .iter()
            .filter(|op| op.operator == "Do")
            .filter_map(|op| op.operands.first()?.as_name().ok().map(<[u8]>::to_vec))
            .collect()
    };
    let (one, two) = (drawn(&lo, 1), drawn(&lo, 2));
    let code_one = one
        .iter()
        .find(|n| !two.contains(n))
        .expect("page 1's own form")
        .clone();
    let code_two = two
        .iter()
        .find(|n| !one.contains(n))
        .expect("page 2's own form")
        .clone();
    let stream_id = lo.get_page_contents(pages[&2])[0];
    let lopdf::Object::Stream(stream) = lo.get_object_mut(stream_id).expect("stream") else {
        panic!("page content is a stream");
    };
    let bytes = stream.decompressed_content().expect("content");
    let mut content = lopdf::content::Content::decode(&bytes).expect("decode");
    for op in &mut content.operations {
        if op.operator == "Do"
            && op.operands.first().and_then(|o| o.as_name().ok()) == Some(&code_two[..])
        {
            op.operands = vec![lopdf::Object::Name(code_one.clone())];
        }
    }
    stream.set_plain_content(content.encode().expect("encode"));
    let forged = f.dir.join("palsu.pdf");
    lo.save(&forged).expect("save");
    let checked = pdf::verify_pdf(&f.conn, &f.db_path, &forged).expect("verify");
    assert!(!checked.ok);
    let page = &checked.results[1];
    assert_eq!(
        page.checks[0].status,
        QrStatus::Genuine,
        "the code itself is genuine"
    );
    assert!(
        page.problems
            .iter()
            .any(|p| p.contains(&names[0].0) && p.contains("dipalsukan")),
        "{page:?}"
    );
    assert!(checked.results[0].problems.is_empty());

    // A person without a NIP and a name too long for the code: still whole.
    f.conn
        .execute(
            "UPDATE people SET nip = NULL, name = ?1 WHERE id = (SELECT person_id FROM declarations ORDER BY seq LIMIT 1)",
            ["Dr. Hj. Raden Ajeng Siti Nurhaliza Kusumawardhani Putri Sekar, S.H., M.Kn."],
        )
        .expect("no nip");
    let doc = render(&mut f, RecordKind::Sertifikat, "A4");
    let path = write(&f, "tanpa-nip.pdf", &doc);
    let checked = pdf::verify_pdf(&f.conn, &f.db_path, &path).expect("verify");
    assert!(checked.ok, "{checked:?}");

    // Not a PDF, and a PDF with no Netra code.
    let junk = f.dir.join("bukan.pdf");
    std::fs::write(&junk, b"bukan pdf").expect("write");
    let err = pdf::verify_pdf(&f.conn, &f.db_path, &junk).expect_err("not a pdf");
    assert!(err.to_string().contains("bukan PDF"), "{err}");
}

#[test]
fn every_statement_carries_an_audit_section_with_its_hashes_and_the_key() {
    let mut f = fixture(5, 2);
    let doc = render(&mut f, RecordKind::Pernyataan, "F4");
    let path = write(&f, "pernyataan-audit.pdf", &doc);
    let (record, strokes, pledge, seq): (String, String, String, i64) = f
        .conn
        .query_row(
            "SELECT d.record_hash, s.strokes_hash, p.content_hash, d.seq FROM declarations d
             JOIN signatures s ON s.declaration_id = d.id
             JOIN pledge_texts p ON p.id = d.pledge_text_id
             JOIN people pe ON pe.id = d.person_id
             ORDER BY pe.name_key LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .expect("first declaration");
    let (head_seq, head): (i64, String) = f
        .conn
        .query_row(
            "SELECT seq, record_hash FROM chain_heads WHERE event_id = ?1",
            [f.event],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("head");
    let fingerprint = keys::fingerprint(&f.key.verifying_key());
    let pages: Vec<String> = (1..=2).map(|p| text(&path, Some(p))).collect();
    let page = pages
        .iter()
        .find(|t| t.contains(&record))
        .unwrap_or_else(|| panic!("a page shows record {record}: {pages:?}"));
    assert!(page.contains("Jejak audit"), "{page}");
    assert!(page.contains("WIB (UTC+07:00)"), "{page}");
    assert!(page.contains("melalui Kiosk laptop"), "{page}");
    assert!(page.contains(&format!("versi 1, sidik {pledge}")), "{page}");
    assert!(page.contains(&format!("sidik {strokes}")), "{page}");
    assert!(
        page.contains(&format!("no. {seq} dalam rantai acara, sidik {record}")),
        "{page}"
    );
    assert!(
        page.contains(&format!("no. {head_seq}, sidik {head}")),
        "{page}"
    );
    assert!(page.contains(&fingerprint), "{page}");
}

#[test]
fn the_minutes_end_with_an_appendix_of_the_chain_ways_in_and_voided_statements() {
    let mut f = fixture(8, 4);
    let first: i64 = f
        .conn
        .query_row(
            "SELECT id FROM declarations ORDER BY seq LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("declaration");
    netra_core::declaration::void(
        &mut f.conn,
        &f.key,
        first,
        "Ditandatangani orang lain",
        netra_core::audit::Actor::Organizer,
        now(),
    )
    .expect("void");
    let doc = render(&mut f, RecordKind::BeritaAcara, "A4");
    let path = write(&f, "ba-lampiran.pdf", &doc);
    let last = text(&path, Some(doc.pages));
    assert!(last.contains("Lampiran berita acara"), "{last}");
    assert!(
        last.contains("4 surat pernyataan (3 sah, 1 dibatalkan)"),
        "{last}"
    );
    assert!(
        last.contains("Kiosk laptop: 3 surat pernyataan sah"),
        "{last}"
    );
    assert!(last.contains("Alasan: Ditandatangani orang lain"), "{last}");
    assert!(last.contains("No. 1:"), "{last}");
    // The appendix starts on a page of its own; every page has the record's code.
    assert!(!text(&path, Some(1)).contains("Lampiran berita acara"));
    assert_eq!(qr_codes(&path, doc.pages).len(), 1);
}
