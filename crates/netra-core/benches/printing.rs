//! Kiosk submits while the organiser prints 1,000 certificates, on a real
//! SQLite file (WAL, `synchronous=FULL`). Run:
//! `cargo bench -p netra-core --bench printing`.
//!
//! Two set-ups side by side: the batch on its own connection (what the app
//! does), and both on one connection behind one lock (what the app once
//! did). The kiosk submits every 20 ms until the batch is done. Prints the
//! batch time and the submits' p50, p99 and max. Asserts nothing.

use std::time::Duration;

use netra_core::demo;

mod common;

const ATTENDED: usize = 1_000;
const SIGNERS: usize = 400;

fn main() {
    for (label, shared) in [("own connection", false), ("shared connection", true)] {
        let bench = common::demo_event(ATTENDED + SIGNERS);
        let mut conn = bench.conn;
        demo::check_in(&mut conn, bench.event, ATTENDED, bench.now).expect("check in");
        let signers: Vec<i64> = netra_core::roster::list(&conn, bench.event)
            .expect("roster")
            .iter()
            .filter(|p| p.checked_in_at.is_none())
            .map(|p| p.id)
            .collect();
        drop(conn);
        let path = bench.dir.path().join("netra.db");
        let race = demo::sign_while_printing(
            &path,
            &bench.key,
            bench.event,
            &signers,
            Duration::from_millis(20),
            shared,
            bench.now,
        )
        .expect("race");
        let mut latencies: Vec<f64> = race.during_batch().map(|s| s.latency_ms).collect();
        latencies.sort_by(f64::total_cmp);
        let at = |q: f64| {
            latencies
                .get(((latencies.len() as f64 - 1.0) * q).round() as usize)
                .copied()
                .unwrap_or(f64::NAN)
        };
        println!(
            "{label:>18}: {} certificates in {:.0} ms; {} submits during the batch: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            race.pages,
            race.batch_ms,
            latencies.len(),
            at(0.5),
            at(0.99),
            latencies.last().copied().unwrap_or(f64::NAN)
        );
    }
}
