//! A full disk: the kiosk and the printer get an Indonesian sentence, not
//! SQLite's text, and nothing already stored is lost. Runs on a small tmpfs
//! mounted for the test (needs root, as CI has); elsewhere it says it was
//! skipped.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use netra_core::audit::Actor;
use netra_core::declaration::{self, chain, pledge, Submission};
use netra_core::keys::InstallationKey;
use netra_core::pdf::register::RecordKind;
use netra_core::pdf::{self, PrintRequest, Scope};
use netra_core::{db, demo, Error, ErrorCode};

use crate::{now, today};

/// A tmpfs of `size` mounted on a fresh folder, unmounted on drop.
struct SmallDisk {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl SmallDisk {
    fn mount(size: &str) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("disk");
        std::fs::create_dir(&path).expect("mount point");
        let ok = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(&path)
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then_some(SmallDisk { _dir: dir, path })
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

/// Fills what is left of the disk; returns the filler to delete later.
fn fill(dir: &Path) -> PathBuf {
    let filler = dir.join("filler.bin");
    let mut f = std::fs::File::create(&filler).expect("filler");
    let block = vec![0xA5u8; 64 * 1024];
    while f.write_all(&block).is_ok() {}
    let small = [0u8; 512];
    while f.write_all(&small).is_ok() {}
    let _ = f.sync_all();
    filler
}

fn submission(person_id: i64, pledge_hash: &str, n: u64) -> Submission {
    Submission {
        submission_id: format!("disk-full-{person_id}-{n}"),
        person_id,
        pledge_hash: pledge_hash.into(),
        strokes: demo::signature_json(n),
        png: None,
    }
}

#[test]
fn a_full_disk_says_so_in_indonesian_and_loses_nothing() {
    let Some(disk) = SmallDisk::mount("4m") else {
        eprintln!("SKIPPED: mounting a tmpfs needs root (CI runs this test)");
        return;
    };
    let db_path = disk.path.join("netra.db");
    let mut conn = db::open(&db_path).expect("db");
    let event = demo::create(&mut conn, 60, now(), today())
        .expect("demo")
        .event
        .id;
    let key = InstallationKey::for_database(&conn, &db_path, now()).expect("key");
    let pledge_hash = pledge::current(&mut conn, event, now())
        .expect("pledge")
        .content_hash;
    let people: Vec<i64> = conn
        .prepare("SELECT id FROM people WHERE event_id = ?1 ORDER BY id")
        .expect("prepare")
        .query_map([event], |r| r.get(0))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("ids");

    let sign = |conn: &mut db::Connection, person: i64, n: u64| {
        declaration::submit(
            conn,
            &key,
            event,
            &submission(person, &pledge_hash, n),
            Actor::Kiosk,
            now(),
        )
    };
    let mut stored = Vec::new();
    for (i, &p) in people.iter().take(5).enumerate() {
        let r = sign(&mut conn, p, i as u64).expect("room for these");
        stored.push(r.declaration_id);
    }

    let filler = fill(&disk.path);
    // Pages SQLite already holds may take a few more; the disk runs out soon.
    let mut refused = None;
    for (i, &p) in people.iter().enumerate().skip(5) {
        match sign(&mut conn, p, i as u64) {
            Ok(r) => stored.push(r.declaration_id),
            Err(e) => {
                refused = Some((p, i, e));
                break;
            }
        }
    }
    let (person, n, err) = refused.expect("a full disk refuses a submit");
    eprintln!(
        "{} declarations stored before the disk ran out",
        stored.len()
    );
    assert!(matches!(err, Error::DiskFull), "{err:?}");
    assert_eq!(err.code(), ErrorCode::DiskFull);
    let msg = err.to_string();
    assert!(
        msg.starts_with("Penyimpanan penuh") && msg.contains("data yang sudah tersimpan aman"),
        "{msg}"
    );

    // Printing to the full disk says the same, and leaves no half file.
    let docs = disk.path.join("dokumen");
    let req = PrintRequest {
        event_id: event,
        kind: RecordKind::DaftarHadir,
        paper: "A4".into(),
        scope: Scope::Roster,
        person_ids: Vec::new(),
    };
    // (registering the printed records may already fail on the full disk)
    let printed = pdf::print_into(&mut conn, &key, &req, &docs, now(), &mut |_| {});
    let err = printed.expect_err("no room for a PDF");
    assert!(matches!(err, Error::DiskFull), "{err:?}");
    if docs.is_dir() {
        for entry in std::fs::read_dir(&docs).expect("dir") {
            let name = entry.expect("entry").file_name();
            assert!(!name.to_string_lossy().ends_with(".netra-tmp"), "{name:?}");
        }
    }

    // Space is freed: the same submission goes through, everything is there.
    std::fs::remove_file(&filler).expect("free space");
    let again = sign(&mut conn, person, n as u64).expect("saved once there is room");
    stored.push(again.declaration_id);
    drop(conn);
    let conn = db::open(&db_path).expect("reopen");
    for id in &stored {
        declaration::get(&conn, *id).expect("every stored declaration is still there");
    }
    let report = chain::verify_event(&conn, &db_path, event, &[]).expect("verify");
    assert!(report.ok(), "{:?}", report.findings);
    assert_eq!(report.records as usize, stored.len());
}
