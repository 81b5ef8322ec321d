//! Kiosk submit benchmark: the path from "Kirim" to "Terima
//! kasih", on a real SQLite file with `synchronous=FULL` (one fsync per
//! commit). Run: `cargo bench -p netra-core --bench declaration`.
//!
//! 1,000 attendees each submit a scripted signature (about 100 points)
//! with a 40 KB PNG preview: strokes are parsed and hashed, the record is
//! hashed, signed and chained, strokes and PNG stored, the attendee checked
//! in and the audit entry written, in one transaction. Prints p50, p99 and
//! max per submit, then the time to verify the whole chain. Asserts nothing.

use std::time::{Duration, Instant};

use base64::Engine;
use netra_core::audit::Actor;
use netra_core::declaration::{self, Submission};
use netra_core::declaration::{chain, pledge};
use netra_core::demo;
use netra_core::keys::{KeySource, TrustedKeys};

mod common;

const PEOPLE: usize = 1_000;

fn main() {
    let common::Bench {
        dir: _dir,
        mut conn,
        event: ev,
        key,
        now,
    } = common::demo_event(PEOPLE);
    let hash = pledge::current(&mut conn, ev, now)
        .expect("pledge")
        .content_hash;
    let ids: Vec<i64> = netra_core::roster::list(&conn, ev)
        .expect("list")
        .iter()
        .map(|p| p.id)
        .collect();
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.resize(40_000, 7);
    let png = format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(&png)
    );

    let mut times = Vec::with_capacity(PEOPLE);
    for (i, &person) in ids.iter().enumerate() {
        let sub = Submission {
            submission_id: format!("bench-{person:06}"),
            person_id: person,
            pledge_hash: hash.clone(),
            strokes: demo::signature_json(i as u64),
            png: Some(png.clone()),
        };
        let t = Instant::now();
        declaration::submit(&mut conn, &key, ev, &sub, Actor::Kiosk, now).expect("submit");
        times.push(t.elapsed());
    }
    println!(
        "submit ({PEOPLE}, synchronous=FULL, 40 KB PNG): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        ms(pct(&mut times, 50)),
        ms(pct(&mut times, 99)),
        ms(pct(&mut times, 100))
    );

    let t = Instant::now();
    let report = chain::verify(
        &conn,
        ev,
        &TrustedKeys::only(&[key.verifying_key()], KeySource::Given),
    )
    .expect("verify");
    println!(
        "verify chain of {}: {:.1} ms ({} problems)",
        report.records,
        ms(t.elapsed()),
        report.findings.len()
    );
}

fn pct(v: &mut [Duration], p: usize) -> Duration {
    v.sort();
    let i = ((v.len() * p) / 100).min(v.len() - 1);
    v[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
