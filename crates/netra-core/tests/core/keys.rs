//! The installation key is made once, for a database that never signed;
//! afterwards a missing or foreign key file is an error, never a new key.

use netra_core::db;
use netra_core::keys::{self, InstallationKey};

use crate::{now, temp_db};

#[test]
fn a_database_that_signed_never_gets_a_new_key_when_its_key_file_is_gone() {
    let (_dir, path) = temp_db();
    let conn = db::open(&path).expect("db");
    let key_file = keys::path_for(&path);
    let first = InstallationKey::for_database(&conn, &path, now()).expect("first run makes a key");
    assert!(key_file.exists());
    let again = InstallationKey::for_database(&conn, &path, now()).expect("read back");
    assert_eq!(again.key_id(), first.key_id(), "the same key every time");

    std::fs::remove_file(&key_file).expect("lose the key file");
    let err = InstallationKey::for_database(&conn, &path, now()).expect_err("no new key");
    let msg = err.to_string();
    assert!(
        msg.contains("tidak ada") && msg.contains(&first.key_id()),
        "{msg}"
    );
    assert!(msg.contains("cadangan"), "it says how to restore it: {msg}");
    assert!(
        !key_file.exists(),
        "no key file was made behind the organiser's back"
    );

    // Another installation's key file in its place is refused too.
    let elsewhere = tempfile::tempdir().expect("dir");
    let elsewhere_db = elsewhere.path().join("netra.db");
    let elsewhere_conn = db::open(&elsewhere_db).expect("db");
    InstallationKey::for_database(&elsewhere_conn, &elsewhere_db, now()).expect("its own key");
    std::fs::copy(keys::path_for(&elsewhere_db), &key_file).expect("wrong key file");
    let err = InstallationKey::for_database(&conn, &path, now()).expect_err("foreign key");
    assert!(err.to_string().contains("bukan kunci"), "{err}");
}
