//! Event archive benchmark: a 1,000-person event with every attendee
//! signed, exported with and without its PDFs, then inspected and
//! imported on a second installation (every check: signature over the
//! whole file, manifest hashes, a store built and its chain verified).
//! Run: `cargo bench -p netra-core --bench archive`. Asserts nothing.

use std::time::Instant;

use netra_core::archive::{self, ExportOptions, ImportOptions};
use netra_core::audit::Actor;
use netra_core::keys::{self, InstallationKey};
use netra_core::{db, demo};

mod common;

const PEOPLE: usize = 1_000;

fn main() {
    let common::Bench {
        dir,
        mut conn,
        event,
        key,
        now,
    } = common::demo_event(PEOPLE);
    demo::sign(&mut conn, &key, event, PEOPLE, || now, &mut |_, _| Ok(())).expect("sign");

    for with_documents in [false, true] {
        let file = dir.path().join(format!("acara-{with_documents}.netra"));
        let options = ExportOptions {
            with_documents,
            passphrase: None,
        };
        let t = Instant::now();
        let done = archive::export(&mut conn, &key, event, &file, &options, Actor::Cli, now)
            .expect("export");
        let exported = t.elapsed();

        let other = tempfile::tempdir().expect("dir");
        let other_db = other.path().join("netra.db");
        let mut other_conn = db::open(&other_db).expect("db");
        let own = InstallationKey::open_for(&mut other_conn, &other_db, now).expect("key");
        let t = Instant::now();
        archive::inspect(&other_conn, &other_db, &file, None).expect("inspect");
        let inspected = t.elapsed();
        let trust = ImportOptions {
            trust_fingerprint: Some(keys::fingerprint(&key.verifying_key())),
            ..ImportOptions::default()
        };
        let t = Instant::now();
        archive::import(
            &mut other_conn,
            &other_db,
            &own,
            &file,
            &trust,
            Actor::Cli,
            now,
        )
        .expect("import");
        let imported = t.elapsed();
        println!(
            "{PEOPLE} people, {} signed, documents {}: {:.1} MB; export {:.2} s, inspect {:.2} s, import {:.2} s",
            done.counts.declarations,
            if with_documents { "included" } else { "left out" },
            done.bytes as f64 / 1e6,
            exported.as_secs_f64(),
            inspected.as_secs_f64(),
            imported.as_secs_f64()
        );
    }
}
