//! What the CLI test files share: running `netra` on a database, and a
//! demo event with signatures.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// `netra --db DB ARGS…`, with `NETRA_DB` and `NETRA_PASSPHRASE` unset.
pub fn netra(db: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin("netra")
        .expect("netra binary is built")
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("NETRA_DB")
        .env_remove("NETRA_PASSPHRASE")
        .output()
        .expect("netra runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("netra.db");
    (dir, db)
}

/// Demo event 1 of `people`, the first `signed` of them signed.
pub fn demo_with_signatures(db: &Path, people: usize, signed: usize) {
    let demo = netra(db, &["demo", "--people", &people.to_string()]);
    assert_eq!(demo.code, 0, "{}", demo.stderr);
    let sign = netra(
        db,
        &[
            "declaration",
            "sign-script",
            "--event",
            "1",
            "--count",
            &signed.to_string(),
        ],
    );
    assert_eq!(sign.code, 0, "{}", sign.stderr);
}
