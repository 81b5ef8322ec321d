//! Signing at the kiosk: submit rules, bad input, and the chain that
//! `chain::verify` walks, tampered with in every way a person with
//! the SQLite file could.

use netra_core::audit::Actor;
use netra_core::declaration::chain::{self, Problem, Report};
use netra_core::declaration::pledge;
use netra_core::declaration::{self, Submission};
use netra_core::keys::InstallationKey;
use netra_core::keys::{KeySource, TrustedKeys};
use netra_core::{db, demo, ErrorCode};
use rusqlite::params;

use crate::{now, today};

struct Fixture {
    conn: db::Connection,
    key: InstallationKey,
    event: i64,
    people: Vec<i64>,
    pledge_hash: String,
}

fn fixture(people: usize) -> Fixture {
    let mut conn = db::open_in_memory().expect("db");
    let event = demo::create(&mut conn, people, now(), today())
        .expect("demo")
        .event
        .id;
    let ids = conn
        .prepare("SELECT id FROM people WHERE event_id = ?1 ORDER BY id")
        .expect("prepare")
        .query_map([event], |r| r.get(0))
        .expect("query")
        .collect::<rusqlite::Result<Vec<i64>>>()
        .expect("ids");
    let pledge_hash = pledge::current(&mut conn, event, now())
        .expect("pledge")
        .content_hash;
    Fixture {
        conn,
        key: InstallationKey::generate(),
        event,
        people: ids,
        pledge_hash,
    }
}

fn submission(f: &Fixture, person: i64, n: u64) -> Submission {
    Submission {
        submission_id: format!("test-submission-{person}-{n}"),
        person_id: person,
        pledge_hash: f.pledge_hash.clone(),
        strokes: demo::signature_json(n),
        png: None,
    }
}

/// Signs the first `n` people.
fn signed(n: usize) -> Fixture {
    let mut f = fixture(n + 4);
    for (i, &p) in f.people.clone().iter().take(n).enumerate() {
        let sub = submission(&f, p, i as u64);
        declaration::submit(&mut f.conn, &f.key, f.event, &sub, Actor::Kiosk, now())
            .expect("submit");
    }
    f
}

fn verify(f: &Fixture) -> Report {
    chain::verify(
        &f.conn,
        f.event,
        &TrustedKeys::only(&[f.key.verifying_key()], KeySource::Given),
    )
    .expect("verify")
}

fn count(conn: &db::Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .expect("count")
}

/// What a person with `sqlite3` and the file could do: drop the guards.
fn drop_guards(conn: &db::Connection) {
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF; DROP TRIGGER declarations_no_delete; DROP TRIGGER declarations_void_only;
         DROP TRIGGER signatures_no_update; DROP TRIGGER signatures_no_delete;",
    )
    .expect("drop triggers");
}

#[test]
fn a_signed_chain_verifies_and_the_signer_is_checked_in() {
    let f = signed(5);
    let report = verify(&f);
    assert!(report.ok(), "{:?}", report.findings);
    assert_eq!((report.records, report.voided), (5, 0));
    let list = declaration::list(&f.conn, f.event).expect("list");
    assert_eq!(
        list.iter().map(|d| d.seq).collect::<Vec<_>>(),
        vec![1, 2, 3, 4, 5]
    );
    let person = netra_core::roster::get(&f.conn, f.people[0]).expect("person");
    assert!(person.checked_in_at.is_some(), "signing is attendance");
    assert_eq!(list[0].person.name, person.name);
    let strokes = declaration::strokes_of(&f.conn, list[0].id).expect("strokes");
    assert!(strokes.path_length() > 100.0);
}

#[test]
fn a_second_signature_is_refused_until_the_first_is_voided() {
    let mut f = signed(1);
    let p = f.people[0];
    let again = submission(&f, p, 99);
    let err = declaration::submit(&mut f.conn, &f.key, f.event, &again, Actor::Kiosk, now())
        .expect_err("second signature");
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(err.to_string().contains("sudah ditandatangani"), "{err}");
    assert_eq!(count(&f.conn, "declarations"), 1);

    let first = declaration::list(&f.conn, f.event).expect("list")[0].clone();
    let err = declaration::void(&mut f.conn, &f.key, first.id, " ", Actor::Organizer, now())
        .expect_err("no reason");
    assert_eq!(err.code(), ErrorCode::Invalid);
    let voided = declaration::void(
        &mut f.conn,
        &f.key,
        first.id,
        "Salah orang menandatangani",
        Actor::Organizer,
        now(),
    )
    .expect("void");
    assert_eq!(
        voided.void_reason.as_deref(),
        Some("Salah orang menandatangani")
    );
    assert!(declaration::void(
        &mut f.conn,
        &f.key,
        first.id,
        "dua kali",
        Actor::Organizer,
        now()
    )
    .is_err());
    let receipt = declaration::submit(&mut f.conn, &f.key, f.event, &again, Actor::Kiosk, now())
        .expect("sign again after void");
    assert_eq!(receipt.seq, 2);
    let report = verify(&f);
    assert!(report.ok(), "{:?}", report.findings);
    assert_eq!((report.records, report.voided), (2, 1));
    let actions: Vec<String> = f
        .conn
        .prepare("SELECT action FROM audit_log WHERE entity = 'declaration' ORDER BY id")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("actions");
    assert_eq!(
        actions,
        ["declaration.sign", "declaration.void", "declaration.sign"]
    );
}

#[test]
fn a_double_tap_saves_one_declaration() {
    let mut f = fixture(3);
    let sub = submission(&f, f.people[0], 1);
    let a = declaration::submit(&mut f.conn, &f.key, f.event, &sub, Actor::Kiosk, now())
        .expect("first");
    let b = declaration::submit(&mut f.conn, &f.key, f.event, &sub, Actor::Kiosk, now())
        .expect("second tap");
    assert_eq!(a.declaration_id, b.declaration_id);
    assert!(!a.repeated && b.repeated);
    assert_eq!(count(&f.conn, "declarations"), 1);
    // The same id for someone else is not a repeat.
    let mut other = submission(&f, f.people[1], 1);
    other.submission_id = sub.submission_id.clone();
    assert!(
        declaration::submit(&mut f.conn, &f.key, f.event, &other, Actor::Kiosk, now()).is_err()
    );
}

#[test]
fn bad_submissions_are_refused_with_a_reason_and_write_nothing() {
    let mut f = fixture(3);
    let other_event = demo::create(&mut f.conn, 2, now(), today())
        .expect("other")
        .event
        .id;
    let stranger: i64 = f
        .conn
        .query_row(
            "SELECT id FROM people WHERE event_id = ?1 LIMIT 1",
            [other_event],
            |r| r.get(0),
        )
        .expect("stranger");
    let good = submission(&f, f.people[0], 1);
    let huge_point = r#"{"x":1e300,"y":5,"pressure":0.5,"time":1}"#;
    let cases: Vec<(&str, Submission, &str, &str)> = vec![
        ("not json", Submission { strokes: "{not json".into(), ..good.clone() }, "signature", "rusak"),
        ("not strokes", Submission { strokes: r#"{"a":1}"#.into(), ..good.clone() }, "signature", "rusak"),
        (
            "over 1 MB",
            Submission { strokes: format!("{{\"pad\":\"{}\"}}", "x".repeat(1_100_000)), ..good.clone() },
            "signature",
            "terlalu besar",
        ),
        (
            "NaN sent as null",
            Submission {
                strokes: r#"{"width":600,"height":240,"strokes":[{"points":[{"x":null,"y":1,"time":1}]}]}"#.into(),
                ..good.clone()
            },
            "signature",
            "rusak",
        ),
        (
            "huge coordinate",
            Submission {
                strokes: format!(r#"{{"width":600,"height":240,"strokes":[{{"points":[{huge_point}]}}]}}"#),
                ..good.clone()
            },
            "signature",
            "di luar",
        ),
        ("unknown pledge text", Submission { pledge_hash: "ab".repeat(32), ..good.clone() }, "pledge_hash", "tidak dikenal"),
        ("person of another event", Submission { person_id: stranger, ..good.clone() }, "person_id", "tidak terdaftar"),
        ("no such person", Submission { person_id: 999_999, ..good.clone() }, "person_id", "tidak terdaftar"),
        ("bad submission id", Submission { submission_id: "x".into(), ..good.clone() }, "submission_id", "tidak sah"),
        ("png that is not a png", Submission { png: Some("data:image/png;base64,aGFsbw==".into()), ..good.clone() }, "signature", "bukan PNG"),
    ];
    for (what, sub, field, words) in cases {
        let err = declaration::submit(&mut f.conn, &f.key, f.event, &sub, Actor::Kiosk, now())
            .expect_err(what);
        let report = netra_core::ErrorReport::from(&err);
        assert_eq!(report.code, ErrorCode::Invalid, "{what}: {err}");
        assert_eq!(report.fields[0].field, field, "{what}");
        assert!(
            report.fields[0].message.contains(words),
            "{what}: {}",
            report.fields[0].message
        );
    }
    assert_eq!(count(&f.conn, "declarations"), 0);
    assert_eq!(count(&f.conn, "signatures"), 0);
    assert_eq!(count(&f.conn, "chain_heads"), 0);
    // And the good one still goes through.
    declaration::submit(&mut f.conn, &f.key, f.event, &good, Actor::Kiosk, now()).expect("good");
}

#[test]
fn a_locked_database_says_try_again_and_the_retry_saves_once() {
    let (_dir, path) = crate::temp_db();
    let mut conn = db::open(&path).expect("open");
    let event = demo::create(&mut conn, 3, now(), today())
        .expect("demo")
        .event
        .id;
    let person: i64 = conn
        .query_row("SELECT id FROM people LIMIT 1", [], |r| r.get(0))
        .expect("person");
    let pledge_hash = pledge::current(&mut conn, event, now())
        .expect("pledge")
        .content_hash;
    let key = InstallationKey::generate();
    let sub = Submission {
        submission_id: "locked-retry-0001".into(),
        person_id: person,
        pledge_hash,
        strokes: demo::signature_json(3),
        png: None,
    };
    conn.busy_timeout(std::time::Duration::from_millis(100))
        .expect("timeout");
    let other = db::open(&path).expect("second connection");
    other.execute_batch("BEGIN IMMEDIATE").expect("lock");
    let err =
        declaration::submit(&mut conn, &key, event, &sub, Actor::Kiosk, now()).expect_err("locked");
    assert_eq!(err.code(), ErrorCode::Busy);
    assert!(err.to_string().contains("coba lagi"), "{err}");
    other.execute_batch("ROLLBACK").expect("unlock");
    declaration::submit(&mut conn, &key, event, &sub, Actor::Kiosk, now()).expect("retry");
    declaration::submit(&mut conn, &key, event, &sub, Actor::Kiosk, now()).expect("repeat");
    assert_eq!(count(&conn, "declarations"), 1);
}

#[test]
fn the_schema_refuses_quiet_edits_and_deletes() {
    let f = signed(2);
    for sql in [
        "UPDATE declarations SET snapshot = '{}' WHERE seq = 1",
        "DELETE FROM declarations WHERE seq = 2",
        "UPDATE signatures SET strokes = '[]'",
        "DELETE FROM signatures",
        "DELETE FROM people WHERE id IN (SELECT person_id FROM declarations)",
    ] {
        assert!(f.conn.execute(sql, []).is_err(), "{sql}");
    }
}

/// The columns someone could edit, and how.
const EDITS: &[(&str, &str)] = &[
    ("snapshot name", "UPDATE declarations SET snapshot = json_set(snapshot, '$.name', 'Orang Lain') WHERE id = ?1"),
    ("snapshot nip", "UPDATE declarations SET snapshot = json_set(snapshot, '$.nip', '199001012020011001') WHERE id = ?1"),
    ("snapshot unit", "UPDATE declarations SET snapshot = json_set(snapshot, '$.unit', 'Dinas Lain') WHERE id = ?1"),
    ("signed_at", "UPDATE declarations SET signed_at = '2024-01-01T00:00:00.000Z' WHERE id = ?1"),
    ("person_id", "UPDATE declarations SET person_id = (SELECT MAX(id) FROM people) WHERE id = ?1"),
    ("pledge_text_id", "UPDATE declarations SET pledge_text_id = (SELECT MAX(id) FROM pledge_texts) WHERE id = ?1"),
    ("prev_hash", "UPDATE declarations SET prev_hash = substr('ff' || prev_hash, 1, 64) WHERE id = ?1"),
    ("record_hash", "UPDATE declarations SET record_hash = substr('00' || record_hash, 1, 64) WHERE id = ?1"),
    ("key_signature", "UPDATE declarations SET key_signature = substr('00' || key_signature, 1, 128) WHERE id = ?1"),
    ("signed_body", "UPDATE declarations SET signed_body = replace(signed_body, '\"seq\"', '\"seq\" ') WHERE id = ?1"),
    ("signed_body name", "UPDATE declarations SET signed_body = json_set(signed_body, '$.person.name', 'X') WHERE id = ?1"),
    ("key_id", "UPDATE declarations SET key_id = 'ffffffffffffffff' WHERE id = ?1"),
    ("event_id", "UPDATE declarations SET event_id = event_id + 1 WHERE id = ?1"),
    ("strokes", "UPDATE signatures SET strokes = replace(strokes, '[[', '[[1') WHERE declaration_id = ?1"),
    ("strokes_hash", "UPDATE signatures SET strokes_hash = substr('00' || strokes_hash, 1, 64) WHERE declaration_id = ?1"),
    ("signature row", "DELETE FROM signatures WHERE declaration_id = ?1"),
];

fn named(report: &Report, seq: i64) -> bool {
    report.findings.iter().any(|f| f.seq == seq)
}

#[test]
fn every_edit_of_every_record_is_named() {
    const N: usize = 5;
    for (what, sql) in EDITS {
        for target in 1..=N as i64 {
            let mut f = signed(N);
            // A second pledge version for the pledge_text_id edit.
            let body = "1. Netral.\n2. Tidak berpihak.";
            pledge::edit(&mut f.conn, f.event, "Judul", body, Actor::Organizer, now()).expect("v2");
            drop_guards(&f.conn);
            let id: i64 = f
                .conn
                .query_row(
                    "SELECT id FROM declarations WHERE seq = ?1",
                    [target],
                    |r| r.get(0),
                )
                .expect("id");
            let changed = f.conn.execute(sql, params![id]).expect(what);
            assert_eq!(changed, 1, "{what}");
            let report = verify(&f);
            if *what == "event_id" {
                // Moved out of this event's chain: a hole here.
                assert!(
                    report.findings.iter().any(
                        |x| matches!(x.problem, Problem::Missing { from, .. } if from == target)
                    ),
                    "{what} #{target}: {:?}",
                    report.findings
                );
                continue;
            }
            assert!(
                named(&report, target),
                "{what} #{target}: {:?}",
                report.findings
            );
        }
    }
}

#[test]
fn edited_columns_are_named_by_field() {
    let f = signed(3);
    drop_guards(&f.conn);
    f.conn.execute(EDITS[0].1, params![2]).expect("edit name");
    let report = verify(&f);
    let fields: Vec<_> = report
        .findings
        .iter()
        .filter_map(|x| match &x.problem {
            Problem::Edited { field } => Some((x.seq, field.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(fields, vec![(2, "snapshot.nama")]);
    assert!(report.findings[0].message.starts_with("Catatan no. 2"));
}

#[test]
fn deleted_records_are_named_in_the_middle_at_the_start_and_at_the_end() {
    for (target, expect) in [(3, 3), (1, 1), (5, 5)] {
        let f = signed(5);
        drop_guards(&f.conn);
        f.conn
            .execute_batch(&format!(
                "DELETE FROM signatures WHERE declaration_id = (SELECT id FROM declarations WHERE seq = {target});
                 DELETE FROM declarations WHERE seq = {target};"
            ))
            .expect("delete");
        let report = verify(&f);
        assert!(
            report.findings.iter().any(|x| x.problem
                == Problem::Missing {
                    from: expect,
                    to: expect
                }),
            "delete #{target}: {:?}",
            report.findings
        );
    }
}

#[test]
fn swapped_records_are_named() {
    let f = signed(5);
    drop_guards(&f.conn);
    f.conn
        .execute_batch(
            "UPDATE declarations SET seq = -1 WHERE seq = 2;
             UPDATE declarations SET seq = 2 WHERE seq = 4;
             UPDATE declarations SET seq = 4 WHERE seq = -1;",
        )
        .expect("swap");
    let report = verify(&f);
    for seq in [2, 4] {
        assert!(
            report
                .findings
                .iter()
                .any(|x| x.seq == seq && matches!(x.problem, Problem::Reordered { .. })),
            "#{seq}: {:?}",
            report.findings
        );
    }
}

#[test]
fn a_record_re_signed_with_another_key_is_named() {
    let f = signed(4);
    drop_guards(&f.conn);
    let intruder = InstallationKey::generate();
    let hash: String = f
        .conn
        .query_row(
            "SELECT record_hash FROM declarations WHERE seq = 3",
            [],
            |r| r.get(0),
        )
        .expect("hash");
    // With the intruder's own key id: not a key this installation trusts.
    f.conn
        .execute(
            "UPDATE declarations SET key_id = ?1, key_signature = ?2 WHERE seq = 3",
            params![intruder.key_id(), intruder.sign_hex(hash.as_bytes())],
        )
        .expect("re-sign");
    let report = verify(&f);
    assert!(report.findings.iter().any(|x| x.seq == 3
        && x.problem
            == Problem::UntrustedKey {
                key_id: intruder.key_id()
            }));
    // Keeping our key id: the signature does not match.
    f.conn
        .execute(
            "UPDATE declarations SET key_id = ?1 WHERE seq = 3",
            params![f.key.key_id()],
        )
        .expect("re-label");
    let report = verify(&f);
    assert!(report
        .findings
        .iter()
        .any(|x| x.seq == 3 && x.problem == Problem::BadSignature));
}

#[test]
fn the_installation_key_is_private_and_stable() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join(netra_core::keys::KEY_FILE);
    let a = InstallationKey::load_or_create(&path).expect("create");
    let b = InstallationKey::load_or_create(&path).expect("load");
    assert_eq!(a.key_id(), b.key_id());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    std::fs::write(&path, "netra-ed25519-v1\nnot hex\n").expect("damage");
    let err = InstallationKey::load_or_create(&path).expect_err("damaged");
    assert!(err.to_string().contains("rusak"), "{err}");
}

#[test]
fn a_record_signed_earlier_than_the_one_before_it_is_reported() {
    let mut f = fixture(4);
    let people = f.people.clone();
    let first = submission(&f, people[0], 0);
    declaration::submit(&mut f.conn, &f.key, f.event, &first, Actor::Kiosk, now()).expect("first");
    // The laptop's clock was set back an hour before the next signature.
    let second = submission(&f, people[1], 1);
    let earlier = now() - chrono::Duration::hours(1);
    declaration::submit(&mut f.conn, &f.key, f.event, &second, Actor::Kiosk, earlier)
        .expect("second");
    let report = verify(&f);
    assert!(
        report
            .findings
            .iter()
            .any(|x| x.seq == 2 && matches!(x.problem, Problem::TimeWentBack { .. })),
        "time going backwards along the chain is named on the record: {:?}",
        report.findings
    );
}

#[test]
fn a_whole_chain_deleted_with_its_head_is_reported() {
    let f = signed(4);
    drop_guards(&f.conn);
    f.conn
        .execute_batch("DELETE FROM signatures; DELETE FROM declarations; DELETE FROM chain_heads;")
        .expect("delete everything");
    let report = verify(&f);
    assert_eq!(report.records, 0);
    assert!(
        !report.ok(),
        "an event that had 4 declarations is not OK with none"
    );
    assert!(
        report
            .findings
            .iter()
            .any(|x| x.problem == Problem::Missing { from: 1, to: 4 }
                && x.message.contains("Seluruh rantai hilang")),
        "{:?}",
        report.findings
    );
    // The event's own count is one witness, the audit log another: removing
    // one of them still leaves the other.
    f.conn
        .execute("UPDATE events SET chain_seq = 0", [])
        .expect("reset the count");
    assert!(verify(&f)
        .findings
        .iter()
        .any(|x| x.problem == Problem::Missing { from: 1, to: 4 }));
}

#[test]
fn voids_are_signed_and_a_void_made_or_undone_outside_netra_is_named() {
    let mut f = signed(4);
    let list = declaration::list(&f.conn, f.event).expect("list");
    declaration::void(
        &mut f.conn,
        &f.key,
        list[0].id,
        "Salah orang menandatangani",
        Actor::Organizer,
        now(),
    )
    .expect("void");
    let report = verify(&f);
    assert!(report.ok(), "{:?}", report.findings);
    assert_eq!(report.voided, 1);

    drop_guards(&f.conn);
    // A void typed into SQLite: no signature, and the head does not know it.
    f.conn
        .execute(
            "UPDATE declarations SET voided_at = '2026-01-15T03:00:00Z', void_reason = 'dibatalkan diam-diam'
             WHERE seq = 3",
            [],
        )
        .expect("quiet void");
    let report = verify(&f);
    assert!(
        report
            .findings
            .iter()
            .any(|x| x.seq == 3 && x.problem == Problem::VoidNotSigned),
        "{:?}",
        report.findings
    );
    assert!(report.findings.iter().any(|x| x.problem == Problem::Head));

    // Undoing the quiet void restores the chain; undoing Netra's void does not.
    f.conn
        .execute(
            "UPDATE declarations SET voided_at = NULL, void_reason = NULL WHERE seq = 3",
            [],
        )
        .expect("undo quiet void");
    assert!(verify(&f).ok());
    f.conn
        .execute(
            "UPDATE declarations SET voided_at = NULL, void_reason = NULL, void_key_id = NULL,
                 void_signature = NULL WHERE seq = 1",
            [],
        )
        .expect("un-void");
    let report = verify(&f);
    assert!(
        report.findings.iter().any(|x| x.problem == Problem::Head),
        "un-voiding breaks the head: {:?}",
        report.findings
    );

    // Rewording the reason of a signed void is named too.
    let mut f = signed(2);
    let first = declaration::list(&f.conn, f.event).expect("list")[0].id;
    declaration::void(
        &mut f.conn,
        &f.key,
        first,
        "Alasan asli",
        Actor::Organizer,
        now(),
    )
    .expect("void");
    drop_guards(&f.conn);
    f.conn
        .execute(
            "UPDATE declarations SET void_reason = 'Alasan lain' WHERE id = ?1",
            [first],
        )
        .expect("reword");
    assert!(verify(&f)
        .findings
        .iter()
        .any(|x| x.seq == 1 && x.problem == Problem::VoidNotSigned));
}

#[test]
fn an_edited_pledge_text_is_named_even_when_its_hash_column_is_kept() {
    let f = signed(2);
    f.conn
        .execute_batch(
            "DROP TRIGGER pledge_texts_no_update;
             UPDATE pledge_texts SET body = body || ' Kecuali pada hari Minggu.';",
        )
        .expect("edit text");
    let report = verify(&f);
    for seq in [1, 2] {
        assert!(
            report
                .findings
                .iter()
                .any(|x| x.seq == seq && x.problem == Problem::PledgeTextChanged),
            "{:?}",
            report.findings
        );
    }
}

#[test]
fn voids_and_heads_from_before_version_7_are_signed_again_once() {
    let mut f = signed(3);
    let first = declaration::list(&f.conn, f.event).expect("list")[0].id;
    declaration::void(
        &mut f.conn,
        &f.key,
        first,
        "Salah orang",
        Actor::Organizer,
        now(),
    )
    .expect("void");
    // As an older Netra left it: an unsigned void and a version-1 head.
    drop_guards(&f.conn);
    let (seq, hash): (i64, String) = f
        .conn
        .query_row("SELECT seq, record_hash FROM chain_heads", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("head");
    f.conn
        .execute(
            "UPDATE declarations SET void_key_id = NULL, void_signature = NULL WHERE id = ?1",
            [first],
        )
        .expect("legacy void");
    f.conn
        .execute(
            "UPDATE chain_heads SET version = 1, key_signature = ?1",
            [f.key
                .sign_hex(declaration::head_message_v1(f.event, seq, &hash).as_bytes())],
        )
        .expect("legacy head");
    assert!(!verify(&f).ok(), "the old head does not cover the void");
    declaration::sign_legacy(&mut f.conn, &f.key, now()).expect("upgrade");
    let report = verify(&f);
    assert!(report.ok(), "{:?}", report.findings);
    assert_eq!(report.voided, 1);
}
