//! Event archives between two installations: what verifies at the other
//! end, and every way a damaged or hostile archive is refused with nothing
//! imported.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use netra_core::archive::{self, ExportOptions, ImportOptions};
use netra_core::audit::Actor;
use netra_core::declaration;
use netra_core::keys::{self, InstallationKey};
use netra_core::pdf::register::QrStatus;
use netra_core::{db, demo, ErrorCode};

use crate::{now, today};

/// One installation: its own folder, database and key.
struct Install {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    db_path: PathBuf,
    conn: db::Connection,
    key: InstallationKey,
}

fn install() -> Install {
    let (dir, path) = crate::temp_db();
    let mut conn = db::open(&path).expect("db");
    let key = InstallationKey::open_for(&mut conn, &path, now()).expect("key");
    Install {
        dir: dir.path().to_path_buf(),
        db_path: path,
        _dir: dir,
        conn,
        key,
    }
}

/// The first installation with an event of 12 people, 8 signed, one voided.
fn source() -> (Install, i64) {
    let mut a = install();
    let event = demo::create(&mut a.conn, 12, now(), today())
        .expect("demo")
        .event
        .id;
    demo::sign(&mut a.conn, &a.key, event, 8, now, &mut |_, _| Ok(())).expect("sign");
    let first: i64 = a
        .conn
        .query_row(
            "SELECT id FROM declarations WHERE event_id = ?1 ORDER BY seq LIMIT 1",
            [event],
            |r| r.get(0),
        )
        .expect("declaration");
    declaration::void(&mut a.conn, &a.key, first, "Salah orang", Actor::Cli, now()).expect("void");
    (a, event)
}

fn export(a: &mut Install, event: i64, options: &ExportOptions) -> PathBuf {
    let path = a.dir.join("acara.netra");
    archive::export(
        &mut a.conn,
        &a.key,
        event,
        &path,
        options,
        Actor::Cli,
        now(),
    )
    .expect("export");
    path
}

fn with_documents() -> ExportOptions {
    ExportOptions {
        with_documents: true,
        passphrase: None,
    }
}

fn trusting(fingerprint: &str) -> ImportOptions {
    ImportOptions {
        trust_fingerprint: Some(fingerprint.into()),
        ..ImportOptions::default()
    }
}

fn import(
    b: &mut Install,
    file: &Path,
    options: &ImportOptions,
) -> netra_core::Result<archive::Imported> {
    archive::import(
        &mut b.conn,
        &b.db_path,
        &b.key,
        file,
        options,
        Actor::Cli,
        now(),
    )
}

/// Nothing was kept: no registration and no file but the empty folder.
fn nothing_imported(b: &Install) {
    assert!(archive::list(&b.conn).expect("list").is_empty());
    let dir = archive::store_dir(&b.db_path);
    let files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(files.is_empty(), "left in {}: {files:?}", dir.display());
    let trusted: i64 = b
        .conn
        .query_row("SELECT COUNT(*) FROM trusted_keys", [], |r| r.get(0))
        .expect("count");
    assert_eq!(trusted, 0, "a refused archive trusts no key");
}

#[test]
fn an_archive_verifies_on_a_second_installation_and_its_printed_qr_is_genuine_there() {
    let (mut a, event) = source();
    let file = export(&mut a, event, &with_documents());
    let mut b = install();

    // Unknown key: shown with its fingerprint, not imported.
    let preview = archive::inspect(&b.conn, &b.db_path, &file, None).expect("inspect");
    assert!(!preview.signer.trusted);
    assert_eq!(preview.signer.key_id, a.key.key_id());
    assert_eq!(preview.manifest.counts.people, 12);
    assert_eq!(preview.manifest.counts.declarations, 8);
    assert_eq!(preview.manifest.counts.voided, 1);
    assert_eq!(preview.documents.len(), 4, "{:?}", preview.documents);
    assert_eq!(preview.chain_records, 8);
    assert!(preview.conflict.is_none());
    let refused = import(&mut b, &file, &ImportOptions::default()).expect_err("unknown key");
    assert_eq!(refused.code(), ErrorCode::Invalid);
    assert!(
        refused
            .to_string()
            .contains(&preview.signer.fingerprint_grouped),
        "{refused}"
    );
    nothing_imported(&b);
    let wrong = import(&mut b, &file, &trusting(&"0".repeat(64))).expect_err("wrong fingerprint");
    assert!(wrong.to_string().contains("tidak sama"), "{wrong}");
    nothing_imported(&b);

    let done = import(
        &mut b,
        &file,
        &trusting(&preview.signer.fingerprint_grouped.to_uppercase()),
    )
    .expect("import");
    assert!(done.key_trusted_now);
    assert_eq!((done.people, done.declarations, done.documents), (12, 8, 4));
    let listed = archive::list(&b.conn).expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].origin_key_id, a.key.key_id());
    let report = archive::verify(&b.conn, &b.db_path, done.id).expect("verify");
    assert!(report.ok(), "{:?}", report.findings);
    assert_eq!((report.records, report.voided), (8, 1));

    // The statement PDF from the first installation, as a reader scans it.
    let pdf_name = listed[0]
        .documents
        .iter()
        .find(|d| d.contains("Surat_pernyataan"))
        .expect("statement pdf")
        .clone();
    let bytes = archive::document(&b.conn, &b.db_path, done.id, &pdf_name).expect("document");
    let pdf = b.dir.join("pernyataan.pdf");
    std::fs::write(&pdf, bytes).expect("write");
    let codes = crate::pdf::qr_codes(&pdf, 1);
    assert_eq!(codes.len(), 1, "one QR on the first statement");
    let check = netra_core::pdf::check_qr(&b.conn, &b.db_path, &codes[0]).expect("check");
    assert_eq!(check.status, QrStatus::Genuine, "{check:?}");
    assert!(
        check.details.iter().any(|d| d.contains("arsip impor")),
        "{check:?}"
    );

    // The same archive again: a duplicate, named as such.
    let again = import(&mut b, &file, &ImportOptions::default()).expect_err("duplicate");
    assert_eq!(again.code(), ErrorCode::Conflict);
    assert!(again.to_string().contains("sudah diimpor"), "{again}");
    assert_eq!(archive::list(&b.conn).expect("list").len(), 1);

    // A later archive of the same event, with more signatures: a conflict
    // that says what differs.
    demo::sign(&mut a.conn, &a.key, event, 10, now, &mut |_, _| Ok(())).expect("sign more");
    let later = export(&mut a, event, &ExportOptions::default());
    let conflict = import(&mut b, &later, &ImportOptions::default()).expect_err("conflict");
    assert_eq!(conflict.code(), ErrorCode::Conflict);
    assert!(conflict.to_string().contains("isi berbeda"), "{conflict}");

    // Removing the import lets the newer archive in; its key is trusted now.
    // Without the import the code still names its paper (its key stays
    // trusted), but nothing here can say whether it changed since.
    archive::remove(&b.conn, &b.db_path, done.id, Actor::Cli, now()).expect("remove");
    let check = netra_core::pdf::check_qr(&b.conn, &b.db_path, &codes[0]).expect("check");
    assert_eq!(check.status, QrStatus::GenuineOffline);
    let newer = import(&mut b, &later, &ImportOptions::default()).expect("import newer");
    assert!(!newer.key_trusted_now);
    assert_eq!(newer.declarations, 10);
}

#[test]
fn an_event_still_here_is_not_imported_over_itself_and_an_erased_one_comes_back_read_only() {
    let (mut a, event) = source();
    let file = export(&mut a, event, &ExportOptions::default());
    let own = import(&mut a, &file, &ImportOptions::default()).expect_err("own event");
    assert_eq!(own.code(), ErrorCode::Conflict);
    assert!(own.to_string().contains("masih ada di sini"), "{own}");

    let title = netra_core::event::get(&a.conn, event).expect("event").title;
    netra_core::event::erase::erase(&mut a.conn, &a.db_path, event, &title, Actor::Cli, now())
        .expect("erase");
    let back = import(&mut a, &file, &ImportOptions::default()).expect("import after erase");
    assert!(!back.key_trusted_now, "its own key is trusted already");
    assert!(archive::verify(&a.conn, &a.db_path, back.id)
        .expect("verify")
        .ok());
}

#[test]
fn a_sealed_archive_needs_its_passphrase() {
    let (mut a, event) = source();
    let sealed = ExportOptions {
        with_documents: false,
        passphrase: Some("empat kata acak sekali".into()),
    };
    let file = export(&mut a, event, &sealed);
    assert!(std::fs::read(&file)
        .expect("read")
        .starts_with(b"age-encryption.org/v1"));
    let mut b = install();
    let none = archive::inspect(&b.conn, &b.db_path, &file, None).expect_err("no passphrase");
    assert!(none.to_string().contains("kata sandi"), "{none}");
    let wrong = archive::inspect(&b.conn, &b.db_path, &file, Some("bukan kata sandinya"))
        .expect_err("wrong passphrase");
    assert!(wrong.to_string().contains("Kata sandi salah"), "{wrong}");
    let preview = archive::inspect(&b.conn, &b.db_path, &file, Some("empat kata acak sekali"))
        .expect("right passphrase");
    assert!(preview.encrypted);
    let options = ImportOptions {
        passphrase: Some("empat kata acak sekali".into()),
        trust_fingerprint: Some(preview.signer.fingerprint.clone()),
        key_label: String::new(),
    };
    import(&mut b, &file, &options).expect("import");
}

/// The archive's entries and comment, to rebuild it the way an attacker
/// with a ZIP tool would.
fn entries(bytes: &[u8]) -> (Vec<(String, Vec<u8>)>, Vec<u8>) {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let comment = zip.comment().to_vec();
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let name = f.name().expect("name").into_owned();
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read");
        out.push((name, data));
    }
    (out, comment)
}

fn rezip(entries: &[(String, Vec<u8>)], comment: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, data) in entries {
        zip.start_file(name.as_str(), options).expect("start");
        zip.write_all(data).expect("write");
    }
    zip.set_raw_comment(comment.to_vec().into_boxed_slice())
        .expect("comment");
    zip.finish().expect("finish").into_inner()
}

/// `bytes` is refused by a fresh installation with a message containing
/// `says`, and nothing is imported.
fn refused(bytes: &[u8], says: &str) {
    let mut b = install();
    let file = b.dir.join("rusak.netra");
    std::fs::write(&file, bytes).expect("write");
    let preview = archive::inspect(&b.conn, &b.db_path, &file, None);
    let err = preview.expect_err("inspect refuses");
    assert!(
        err.to_string().contains(says),
        "expected «{says}» in: {err}"
    );
    // Even with a key trusted on the spot, import refuses the same way.
    let any = ImportOptions {
        trust_fingerprint: Some("0".repeat(64)),
        ..ImportOptions::default()
    };
    let err = import(&mut b, &file, &any).expect_err("import refuses");
    assert!(
        err.to_string().contains(says),
        "expected «{says}» in: {err}"
    );
    nothing_imported(&b);
}

#[test]
fn a_damaged_archive_is_refused_naming_the_problem() {
    let (mut a, event) = source();
    let file = export(&mut a, event, &with_documents());
    let good = std::fs::read(&file).expect("read");

    // One flipped byte anywhere: start, middle, the central directory, the
    // signature itself.
    let step = good.len() / 37;
    for at in (0..good.len())
        .step_by(step)
        .chain([good.len() - 30, good.len() - 100])
    {
        let mut bad = good.clone();
        bad[at] ^= 0x01;
        let mut b = install();
        let path = b.dir.join("x.netra");
        std::fs::write(&path, &bad).expect("write");
        let err = archive::inspect(&b.conn, &b.db_path, &path, None)
            .expect_err(&format!("flipped byte {at} of {}", good.len()));
        assert!(
            err.to_string().contains("Arsip ditolak"),
            "byte {at}: {err}"
        );
        import(
            &mut b,
            &path,
            &trusting(&keys::fingerprint(&a.key.verifying_key())),
        )
        .expect_err("not imported");
        nothing_imported(&b);
    }

    refused(&good[..good.len() - 1], "terpotong");
    refused(&good[..good.len() / 2], "terpotong");

    // A signature by the right key over other bytes.
    let mut bad = good.clone();
    let n = bad.len();
    let sig = n - 128;
    bad[sig..].copy_from_slice(a.key.sign_hex(b"something else").as_bytes());
    refused(&bad, "tanda tangan digital arsip tidak cocok");

    let (list, comment) = entries(&good);
    // A statement PDF swapped for the certificate.
    let mut swapped = list.clone();
    let other = swapped
        .iter()
        .find(|(n, _)| n.contains("Sertifikat"))
        .expect("certificate")
        .1
        .clone();
    let statement = swapped
        .iter_mut()
        .find(|(n, _)| n.contains("Surat_pernyataan"))
        .expect("statement");
    statement.1 = other;
    let name = statement.0.clone();
    refused(
        &rezip(&swapped, &comment),
        &format!("isi «{name}» tidak cocok dengan manifest"),
    );

    let mut extra = list.clone();
    extra.push(("documents/tambahan.pdf".into(), b"%PDF-1.4 lain".to_vec()));
    refused(
        &rezip(&extra, &comment),
        "berkas tambahan «documents/tambahan.pdf» tidak tercantum di manifest",
    );

    let mut missing = list.clone();
    missing.retain(|(n, _)| n != "tables/signatures.json");
    refused(&rezip(&missing, &comment), "tables/signatures.json");
}

#[test]
fn hostile_archives_are_refused_before_anything_is_written() {
    let (mut a, event) = source();
    let file = export(&mut a, event, &ExportOptions::default());
    let good = std::fs::read(&file).expect("read");
    let (list, comment) = entries(&good);

    for (name, says) in [
        ("../../etc/passwd", "../"),
        ("/etc/passwd", "jalur mutlak"),
        ("tables/..\\..\\x.json", "jalur mutlak"),
        ("C:/Windows/x", "jalur mutlak"),
    ] {
        let mut hostile = list.clone();
        hostile.push((name.into(), b"root:x:0:0".to_vec()));
        refused(&rezip(&hostile, &comment), says);
    }

    // A symbolic link entry.
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, data) in &list {
        zip.start_file(name.as_str(), options).expect("start");
        zip.write_all(data).expect("write");
    }
    zip.add_symlink("documents/tautan.pdf", "/etc/passwd", options)
        .expect("symlink");
    zip.set_raw_comment(comment.clone().into_boxed_slice())
        .expect("comment");
    refused(
        &zip.finish().expect("finish").into_inner(),
        "tautan simbolik",
    );

    // A zip bomb: 300 MB of zeros that packs into a few hundred kilobytes.
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflate = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, data) in &list {
        zip.start_file(name.as_str(), deflate).expect("start");
        zip.write_all(data).expect("write");
    }
    zip.start_file("documents/bom.pdf", deflate).expect("start");
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..300 {
        zip.write_all(&zeros).expect("write");
    }
    zip.set_raw_comment(comment.clone().into_boxed_slice())
        .expect("comment");
    refused(&zip.finish().expect("finish").into_inner(), "bom zip");

    refused(b"bukan arsip sama sekali, hanya teks biasa yang cukup panjang untuk dibaca sebagai arsip Netra oleh pemeriksa, ditambah beberapa kata lagi supaya lebih dari dua ratus bytes panjangnya sehingga sampai ke pemeriksaan tanda tangan.", "terpotong");
}

#[test]
fn a_two_gigabyte_file_is_refused_without_reading_it() {
    let mut b = install();
    let path = b.dir.join("besar.netra");
    let file = std::fs::File::create(&path).expect("create");
    // Sparse: no disk is spent, and nothing reads it.
    file.set_len(2 * 1024 * 1024 * 1024).expect("set_len");
    let err = archive::inspect(&b.conn, &b.db_path, &path, None).expect_err("too big");
    assert_eq!(err.code(), ErrorCode::BadFile);
    assert!(
        err.to_string().contains("2.1 GB") || err.to_string().contains("batas"),
        "{err}"
    );
    import(&mut b, &path, &ImportOptions::default()).expect_err("too big");
    nothing_imported(&b);
}

#[test]
fn an_archive_from_a_newer_netra_is_refused() {
    let (mut a, event) = source();
    let file = export(&mut a, event, &ExportOptions::default());
    let (mut list, _) = entries(&std::fs::read(&file).expect("read"));
    let manifest = list
        .iter_mut()
        .find(|(n, _)| n == "manifest.json")
        .expect("manifest");
    let mut value: serde_json::Value = serde_json::from_slice(&manifest.1).expect("json");
    value["version"] = 99.into();
    manifest.1 = serde_json::to_vec(&value).expect("json");
    // Signed properly by its (unknown here) maker, so only the version is wrong.
    let maker = InstallationKey::generate();
    let bytes = resign(&list, &maker);
    refused(&bytes, "versi 99");
}

/// Signs `entries` the way Netra does, with `key`.
fn resign(entries: &[(String, Vec<u8>)], key: &InstallationKey) -> Vec<u8> {
    let mut manifest: serde_json::Value = serde_json::from_slice(
        &entries
            .iter()
            .find(|(n, _)| n == "manifest.json")
            .expect("manifest")
            .1,
    )
    .expect("json");
    manifest["signer"]["public_key"] = hex::encode(key.verifying_key().to_bytes()).into();
    let mut list = entries.to_vec();
    for (n, d) in &mut list {
        if n == "manifest.json" {
            *d = serde_json::to_vec(&manifest).expect("json");
        }
    }
    let placeholder = vec![b'0'; archive::COMMENT_LEN];
    let mut bytes = rezip(&list, &placeholder);
    let body = bytes.len() - archive::COMMENT_LEN;
    use sha2::Digest;
    let message = format!(
        "{}{}",
        archive::SIGNED_PREFIX,
        hex::encode(sha2::Sha256::digest(&bytes[..body]))
    );
    let comment = format!(
        "NETRA-ARSIP-1 {} {}",
        hex::encode(key.verifying_key().to_bytes()),
        key.sign_hex(message.as_bytes())
    );
    bytes[body..].copy_from_slice(comment.as_bytes());
    bytes
}
