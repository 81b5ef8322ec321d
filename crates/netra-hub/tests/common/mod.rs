//! Shared by the hub's integration tests and the hall bench
//! (`benches/hall.rs` includes this folder with `#[path]`): a demo event in
//! a real SQLite file with a roster big enough for a busy hall, the hub
//! started over it, an HTTP client that behaves like the kiosk page, and
//! the after-the-run audit (nothing lost, nothing twice, the chain verifies).
//!
//! Use from a test file: `mod common;` then e.g.
//! `let db = common::HallDb::new(300); let hub = db.start_hub(loopback(), true);`.
#![allow(dead_code)]

pub mod client;
pub mod signature;

use std::collections::{HashMap, HashSet};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use netra_core::db::{self, Connection};
use netra_core::declaration::{Receipt, Submission};
use netra_core::keys::InstallationKey;
use netra_core::roster::names::name_key;
use netra_core::roster::person::{NewPerson, Person};
use netra_hub::{AccessLog, Config, DirAssets, Hub};

pub use client::{fragment_token, retrying, Api, Failure};
pub use signature::{signature, PHONE_PAD, TABLET_PAD};

/// Second names and family names, to give a big roster distinct names
/// the way a real one has them (the demo draws from ~60 given names).
const SURNAMES: &[&str] = &[
    "Pratama",
    "Saputra",
    "Siregar",
    "Lubis",
    "Harahap",
    "Nasution",
    "Simatupang",
    "Hutapea",
    "Tanjung",
    "Chaniago",
    "Piliang",
    "Sikumbang",
    "Jambak",
    "Wijaya",
    "Kusuma",
    "Permana",
    "Hidayat",
    "Setiawan",
    "Gunawan",
    "Nugraha",
    "Firmansyah",
    "Ramadhan",
    "Putra",
    "Putri",
    "Anggraini",
    "Lestari",
    "Wulandari",
    "Utami",
    "Rahayu",
    "Maharani",
    "Purnama",
    "Syahrial",
    "Yulianto",
    "Suryadi",
    "Hasibuan",
    "Pohan",
    "Daulay",
    "Batubara",
    "Sinaga",
    "Panjaitan",
    "Sitompul",
    "Rangkuti",
    "Caniago",
    "Melayu",
    "Guci",
    "Koto",
    "Sumbayak",
    "Bendang",
    "Syafitri",
    "Handayani",
    "Kurniasih",
    "Febriani",
    "Oktaviani",
    "Novita",
    "Rosalinda",
    "Marpaung",
    "Pardede",
    "Situmorang",
    "Hakim",
    "Arifin",
    "Basri",
    "Zulfikar",
    "Irawan",
    "Darmadi",
    "Wibowo",
    "Susilo",
    "Haryanto",
    "Santika",
    "Mahendra",
    "Adiputra",
];

/// A roster of `count` people like the demo's (categories, ranks, units,
/// valid NIPs) whose names, titles aside, are all different: "Dr. Ahmad
/// Fauzi Lubis Koto, S.H.". So a kiosk search by the whole name finds the
/// person, as it does in a real hall.
pub fn roster(count: usize, seed: u64, today: chrono::NaiveDate) -> Vec<NewPerson> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut taken = HashSet::new();
    netra_core::demo::roster(count, seed, today)
        .into_iter()
        .map(|mut p| {
            let (front, degrees) = match p.name.split_once(", ") {
                Some((f, d)) => (f.to_string(), Some(d.to_string())),
                None => (p.name.clone(), None),
            };
            loop {
                let a = SURNAMES[rng.usize(..SURNAMES.len())];
                let b = SURNAMES[rng.usize(..SURNAMES.len())];
                let name = match &degrees {
                    Some(d) => format!("{front} {a} {b}, {d}"),
                    None => format!("{front} {a} {b}"),
                };
                if a != b && taken.insert(name_key(&name)) {
                    p.name = name;
                    break;
                }
            }
            p
        })
        .collect()
}

/// What an attendee types at the kiosk to find themselves: the name
/// without titles, as they say it.
pub fn typed_name(name: &str) -> String {
    name_key(name)
}

/// A demo event in its own temporary folder, with the installation key
/// beside the database.
pub struct HallDb {
    /// Kept so the folder lives as long as the test.
    pub dir: tempfile::TempDir,
    pub db_path: PathBuf,
    pub event_id: i64,
    pub key: Arc<InstallationKey>,
}

/// `127.0.0.1:0`: a free port on loopback.
pub fn loopback() -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, 0))
}

impl HallDb {
    /// A demo event (`netra demo`'s form, a week from today) with `people`
    /// attendees of distinct names, none signed or checked in.
    pub fn new(people: usize) -> HallDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let db_path = dir.path().join("netra.db");
        let now = Utc::now();
        let today = now.date_naive();
        let mut conn = db::open(&db_path).expect("open db");
        let event_id = netra_core::demo::create(&mut conn, 0, now, today)
            .expect("demo event")
            .event
            .id;
        let tx = conn.transaction().expect("tx");
        db::people::insert_many(&tx, event_id, &roster(people, 2024, today), now).expect("roster");
        tx.commit().expect("commit roster");
        let key = Arc::new(InstallationKey::open_for(&mut conn, &db_path, now).expect("key"));
        HallDb {
            dir,
            db_path,
            event_id,
            key,
        }
    }

    /// A connection of its own (as the organiser's window has).
    pub fn conn(&self) -> Connection {
        db::open(&self.db_path).expect("open db")
    }

    /// Everyone on the roster, by id.
    pub fn people(&self) -> Vec<Person> {
        let mut people = netra_core::roster::list(&self.conn(), self.event_id).expect("roster");
        people.sort_by_key(|p| p.id);
        people
    }

    /// Checks in the first `count` people (by id), as the door desk does.
    pub fn check_in(&self, count: usize) {
        netra_core::demo::check_in(&mut self.conn(), self.event_id, count, Utc::now())
            .expect("check in");
    }

    /// The hash of the pledge text the kiosk shows (also in `GET /api/session`).
    pub fn pledge_hash(&self) -> String {
        netra_core::declaration::pledge::current(&mut self.conn(), self.event_id, Utc::now())
            .expect("pledge")
            .content_hash
    }

    /// The hub over this event, listening on `listen`, no page assets, no
    /// access log, a grace of 0.2 s when stopped.
    pub fn start_hub(&self, listen: SocketAddr, phones: bool) -> Hub {
        Hub::start(Config {
            db_path: self.db_path.clone(),
            event_id: self.event_id,
            listen,
            public_host: None,
            key: Arc::clone(&self.key),
            assets: Arc::new(DirAssets::new("/nonexistent")),
            phones_open: phones,
            access_log: AccessLog::none(),
            stop_grace: Duration::from_millis(200),
        })
        .expect("hub starts")
    }

    /// The stored declarations of the event: `(submission_id, person_id,
    /// declaration id, seq)`, voided ones too.
    pub fn declarations(&self) -> Vec<(String, i64, i64, i64)> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare(
                "SELECT COALESCE(submission_id, ''), person_id, id, seq FROM declarations
                 WHERE event_id = ?1 ORDER BY seq",
            )
            .expect("query");
        stmt.query_map([self.event_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows")
    }

    /// Compares what the clients were told with what is stored, and
    /// verifies the chain as `netra verify` does.
    pub fn audit(&self, acked: &Acks) -> Audit {
        let rows = self.declarations();
        let mut stored: HashMap<&str, Vec<(i64, i64)>> = HashMap::new();
        let mut per_person: HashMap<i64, usize> = HashMap::new();
        for (sid, person, id, _) in &rows {
            stored.entry(sid.as_str()).or_default().push((*person, *id));
            *per_person.entry(*person).or_default() += 1;
        }
        let mut audit = Audit {
            acknowledged: acked.len(),
            stored: rows.len(),
            ..Audit::default()
        };
        for (sid, ack) in acked {
            match stored.get(sid.as_str()).map(Vec::as_slice) {
                None => {
                    audit.lost += 1;
                    audit
                        .problems
                        .push(format!("{sid}: acknowledged, not stored"));
                }
                Some([(person, id)]) => {
                    if *person != ack.person_id || *id != ack.declaration_id {
                        audit.mismatched += 1;
                        audit.problems.push(format!(
                            "{sid}: told #{} for person {}, stored #{id} for person {person}",
                            ack.declaration_id, ack.person_id
                        ));
                    }
                }
                Some(_) => {}
            }
        }
        for (sid, list) in &stored {
            if list.len() > 1 {
                audit.duplicated += list.len() - 1;
                audit
                    .problems
                    .push(format!("{sid}: stored {} times", list.len()));
            }
            if !acked.contains_key(*sid) {
                audit.unacknowledged += 1;
                audit
                    .problems
                    .push(format!("{sid}: stored, no client was told"));
            }
        }
        for (person, n) in per_person {
            if n > 1 {
                audit.duplicated += n - 1;
                audit
                    .problems
                    .push(format!("person {person}: {n} declarations"));
            }
        }
        let conn = self.conn();
        let report =
            netra_core::declaration::chain::verify_event(&conn, &self.db_path, self.event_id, &[])
                .expect("verify runs");
        audit.verified = report.ok();
        audit.chain_records = report.records;
        for f in &report.findings {
            audit.problems.push(format!("verify: {f:?}"));
        }
        audit
    }
}

/// What a client was told for one submission.
#[derive(Debug, Clone, PartialEq)]
pub struct Ack {
    pub person_id: i64,
    pub declaration_id: i64,
    pub seq: i64,
    pub short_hash: String,
}

impl Ack {
    pub fn of(sub: &Submission, receipt: &Receipt) -> Ack {
        Ack {
            person_id: sub.person_id,
            declaration_id: receipt.declaration_id,
            seq: receipt.seq,
            short_hash: receipt.short_hash.clone(),
        }
    }

    /// Whether a later answer to the same submission names the same record.
    pub fn same_record(&self, receipt: &Receipt) -> bool {
        self.declaration_id == receipt.declaration_id
            && self.seq == receipt.seq
            && self.short_hash == receipt.short_hash
    }
}

/// Acknowledged submissions by `submission_id`.
pub type Acks = HashMap<String, Ack>;

/// The outcome of [`HallDb::audit`].
#[derive(Debug, Default, Clone)]
pub struct Audit {
    pub acknowledged: usize,
    pub stored: usize,
    /// Acknowledged but not in the table.
    pub lost: usize,
    /// Extra rows for one submission or one person.
    pub duplicated: usize,
    /// Stored under an id with another person or record than the client was told.
    pub mismatched: usize,
    /// Stored but no client got a receipt for it.
    pub unacknowledged: usize,
    pub verified: bool,
    pub chain_records: i64,
    /// One line per problem found.
    pub problems: Vec<String>,
}

impl Audit {
    /// Nothing lost, nothing twice, everything stored was acknowledged,
    /// and the chain verifies.
    pub fn exact(&self) -> bool {
        self.lost == 0
            && self.duplicated == 0
            && self.mismatched == 0
            && self.unacknowledged == 0
            && self.stored == self.acknowledged
            && self.verified
            && self.chain_records as usize == self.stored
    }
}
