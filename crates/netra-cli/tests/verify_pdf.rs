//! `netra verify-pdf`: a PDF file checked page by page.

mod common;

use common::{demo_with_signatures, netra, temp_db};

#[test]
fn a_certificate_file_verifies_page_by_page_and_a_non_pdf_is_exit_2() {
    let (dir, db) = temp_db();
    demo_with_signatures(&db, 6, 2);
    let pdf = dir.path().join("sertifikat.pdf");
    let pdf = pdf.to_str().expect("path");
    let printed = netra(&db, &["pdf", "sertifikat", "--event", "1", "-o", pdf]);
    assert_eq!(printed.code, 0, "{}", printed.stderr);

    let out = netra(&db, &["verify-pdf", pdf]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("Halaman 2:"), "{}", out.stdout);
    assert!(out.stdout.contains("Nama: "), "{}", out.stdout);
    assert!(out.stdout.contains("Semua halaman asli"), "{}", out.stdout);

    // Another installation without the key: not genuine here, exit 3.
    let (_other_dir, other) = temp_db();
    let unknown = netra(&other, &["verify-pdf", pdf]);
    assert_eq!(unknown.code, 3, "{}", unknown.stdout);
    assert!(
        unknown.stdout.contains("tidak dikenal"),
        "{}",
        unknown.stdout
    );

    let junk = dir.path().join("bukan.pdf");
    std::fs::write(&junk, "bukan pdf").expect("write");
    let bad = netra(&db, &["verify-pdf", junk.to_str().expect("path")]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("bukan PDF"), "{}", bad.stderr);
}
