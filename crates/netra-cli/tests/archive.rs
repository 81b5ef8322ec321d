//! `netra archive` between two installations (two folders, two keys).

mod common;

use common::{demo_with_signatures, netra, temp_db};

#[test]
fn an_archive_moves_an_event_to_another_installation_after_its_key_is_trusted() {
    let (a_dir, a) = temp_db();
    demo_with_signatures(&a, 10, 6);
    let file = a_dir.path().join("acara.netra");
    let file = file.to_str().expect("path");
    let out = netra(
        &a,
        &[
            "archive",
            "export",
            "--event",
            "1",
            "-o",
            file,
            "--with-pdf",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("10 peserta, 6 surat pernyataan, 4 dokumen"),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr.contains("tidak dienkripsi"),
        "warns: {}",
        out.stderr
    );

    let (_b_dir, b) = temp_db();
    let inspect = netra(&b, &["archive", "inspect", file]);
    assert_eq!(inspect.code, 0, "{}", inspect.stderr);
    assert!(
        inspect.stdout.contains("BELUM dipercaya"),
        "{}",
        inspect.stdout
    );
    let json = netra(&b, &["--json", "archive", "inspect", file]);
    let preview: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    let fingerprint = preview["signer"]["fingerprint"]
        .as_str()
        .expect("fp")
        .to_string();
    assert_eq!(preview["manifest"]["counts"]["declarations"], 6);

    let refused = netra(&b, &["archive", "import", file]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("belum dipercaya"),
        "{}",
        refused.stderr
    );
    let listed = netra(&b, &["archive", "list"]);
    assert!(
        listed.stdout.contains("Belum ada arsip"),
        "{}",
        listed.stdout
    );

    let done = netra(
        &b,
        &["archive", "import", file, "--trust-key", &fingerprint],
    );
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(done.stdout.contains("impor no. 1"), "{}", done.stdout);
    assert!(
        done.stdout.contains("sekarang dipercaya"),
        "{}",
        done.stdout
    );

    let verify = netra(&b, &["archive", "verify", "1"]);
    assert_eq!(verify.code, 0, "{}{}", verify.stdout, verify.stderr);
    assert!(
        verify.stdout.contains("Rantai utuh: 6 surat pernyataan"),
        "{}",
        verify.stdout
    );

    let list = netra(&b, &["--json", "archive", "list"]);
    let all: serde_json::Value = serde_json::from_str(&list.stdout).expect("json");
    let doc = all[0]["documents"][0]
        .as_str()
        .expect("a document")
        .to_string();
    let pdf = _b_dir.path().join("salinan.pdf");
    let saved = netra(
        &b,
        &[
            "archive",
            "document",
            "1",
            &doc,
            "-o",
            pdf.to_str().expect("path"),
        ],
    );
    assert_eq!(saved.code, 0, "{}", saved.stderr);
    assert!(std::fs::read(&pdf).expect("pdf").starts_with(b"%PDF-"));

    let again = netra(&b, &["archive", "import", file]);
    assert_eq!(again.code, 2, "a duplicate is refused: {}", again.stderr);
    assert!(again.stderr.contains("sudah diimpor"), "{}", again.stderr);

    let removed = netra(&b, &["archive", "remove", "1"]);
    assert_eq!(removed.code, 0, "{}", removed.stderr);
    let audit = netra(&b, &["audit"]);
    for action in ["archive.import", "archive.remove", "key.trust"] {
        assert!(audit.stdout.contains(action), "{action}: {}", audit.stdout);
    }
}

#[test]
fn a_damaged_or_foreign_file_is_refused_in_indonesian_with_exit_2() {
    let (dir, db) = temp_db();
    let junk = dir.path().join("bukan.netra");
    std::fs::write(&junk, b"PK\x03\x04 ini bukan arsip").expect("write");
    let out = netra(&db, &["archive", "inspect", junk.to_str().expect("path")]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("Arsip ditolak"), "{}", out.stderr);
    let missing = netra(&db, &["archive", "verify", "9"]);
    assert_eq!(missing.code, 2, "{}", missing.stderr);
    assert!(missing.stderr.contains("tidak ada"), "{}", missing.stderr);
}
