//! Search benchmark: keystroke queries on a 50,000-person
//! roster in a real SQLite file. Run: `cargo bench -p netra-core --bench search`.
//!
//! Each query is what the Peserta table sends per keystroke: the text typed
//! so far and a window of 60 rows. Queries are every prefix of names, NIPs
//! (typed with spaces) and units of people picked at random. Prints p50,
//! p99 and max; also the cost of loading the index and of refreshing it
//! after one check-in. Asserts nothing.

use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use netra_core::audit::Actor;
use netra_core::roster::search::{RosterIndex, RosterQuery, SearchCache};
use netra_core::{db, demo, roster};

const PEOPLE: usize = 50_000;

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let now = Utc
        .with_ymd_and_hms(2026, 11, 23, 1, 0, 0)
        .single()
        .expect("now");
    let dir = tempfile::tempdir().expect("dir");
    let mut conn = db::open(&dir.path().join("netra.db")).expect("db");
    let ev = demo::create(&mut conn, 0, now, today)
        .expect("event")
        .event
        .id;
    let people = demo::roster(PEOPLE, 11, today);
    let tx = conn.transaction().expect("tx");
    db::people::insert_many(&tx, ev, &people, now).expect("insert");
    tx.commit().expect("commit");

    let mut loads = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let index = RosterIndex::load(&conn, ev).expect("load");
        loads.push(t.elapsed());
        assert_eq!(index.len(), PEOPLE);
    }
    println!(
        "load index of {PEOPLE}: {:.1} ms (median of 5)",
        ms(pct(&mut loads, 50))
    );

    let mut cache = SearchCache::default();
    cache.index(&conn, ev).expect("warm");
    let ids: Vec<i64> = netra_core::roster::list(&conn, ev)
        .expect("list")
        .iter()
        .map(|p| p.id)
        .collect();
    let mut refreshes = Vec::new();
    for &id in ids.iter().step_by(PEOPLE / 50).take(50) {
        roster::check_in(&mut conn, id, Actor::Organizer, now).expect("check in");
        let t = Instant::now();
        cache.index(&conn, ev).expect("refresh");
        refreshes.push(t.elapsed());
    }
    println!(
        "refresh after one check-in: p50 {:.2} ms, p99 {:.2} ms (50 check-ins)",
        ms(pct(&mut refreshes, 50)),
        ms(pct(&mut refreshes, 99))
    );

    let mut rng = fastrand::Rng::with_seed(5);
    let mut queries = Vec::new();
    for _ in 0..200 {
        let p = &people[rng.usize(..people.len())];
        // "Dr. H. Ahmad Fauzi, S.H." typed as "ahmad fauzi", letter by letter.
        let name = netra_core::roster::names::name_key(&p.name);
        queries.extend(prefixes(&name));
        if let Some(nip) = &p.nip {
            let spaced = format!(
                "{} {} {} {}",
                &nip[..8],
                &nip[8..14],
                &nip[14..15],
                &nip[15..]
            );
            queries.extend(prefixes(&spaced));
        }
        queries.extend(prefixes(&p.unit.to_lowercase()).take(12));
    }
    let mut times = Vec::with_capacity(queries.len());
    let mut hits = 0u64;
    let index = cache.index(&conn, ev).expect("index");
    for text in &queries {
        let q = RosterQuery {
            text: text.clone(),
            limit: 60,
            ..RosterQuery::default()
        };
        let t = Instant::now();
        let page = index.page(&q);
        times.push(t.elapsed());
        hits += u64::from(page.matched);
    }
    let n = times.len();
    println!(
        "keystroke queries: {n}; p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms (mean matches {})",
        ms(pct(&mut times, 50)),
        ms(pct(&mut times, 99)),
        ms(*times.iter().max().expect("some")),
        hits / n as u64
    );

    // The same through the cache, as the window calls it (revision check included).
    let mut cached = Vec::new();
    for text in queries.iter().take(2000) {
        let q = RosterQuery {
            text: text.clone(),
            limit: 60,
            ..RosterQuery::default()
        };
        let t = Instant::now();
        cache.page(&conn, ev, &q).expect("page");
        cached.push(t.elapsed());
    }
    println!(
        "through SearchCache (with revision check): p50 {:.2} ms, p99 {:.2} ms",
        ms(pct(&mut cached, 50)),
        ms(pct(&mut cached, 99))
    );
}

/// "ahm", "ahma", ... as typed; one character is too broad to count.
fn prefixes(s: &str) -> impl Iterator<Item = String> + '_ {
    s.char_indices()
        .skip(1)
        .map(|(i, c)| s[..i + c.len_utf8()].to_string())
}

fn pct(v: &mut [Duration], p: usize) -> Duration {
    v.sort();
    v[((v.len() - 1) * p) / 100]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
