//! A demo event with a realistic synthetic roster, for `make run`, the
//! screenshots and the benches. Deterministic: the same seed gives the same
//! people, so screenshots and tests are stable. No real person is in here.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rusqlite::{Connection, TransactionBehavior};

use crate::audit::{self, Actor};
use crate::db;
use crate::error::Result;
use crate::event::{self, EventForm, Official, Saved, Speaker};
use crate::roster::person::{Category, NewPerson};

const MALE: &[&str] = &[
    "Ahmad Fauzi",
    "Muhammad Ridwan",
    "Budi Santoso",
    "Rahmat Hidayat",
    "Andi Saputra",
    "Yusuf Effendi",
    "Agus Salim",
    "Hendra Gunawan",
    "Dedi Kurniawan",
    "Fajar Nugroho",
    "Rizky Pratama",
    "Irwan Syahputra",
    "Zulkifli",
    "Syafrizal",
    "Afrizal Tanjung",
    "Edi Saputra Nasution",
    "Joko Widodo Susanto",
    "I Made Suartana",
    "I Gede Wirawan",
    "Yohanes Manurung",
    "Arif Rahman Hakim",
    "Taufik Hidayatullah",
    "Darmawan",
    "Nofri Yendi",
    "Hendri Datuak Rajo",
    "Supriyadi",
    "Mulyadi",
    "Asep Sunandar",
    "Ujang Hermawan",
    "Andi Muh. Arsyad",
    "La Ode Safiuddin",
    "Benediktus Ola",
    "Sutrisno",
    "Bambang Hermanto",
];
const FEMALE: &[&str] = &[
    "Siti Aminah",
    "Nurhayati",
    "Dewi Lestari",
    "Rina Marlina",
    "Sri Wahyuni",
    "Fitri Yanti",
    "Yulia Rahmawati",
    "Nur Aisyah",
    "Ratna Sari Dewi",
    "Desi Ratnasari",
    "Elvi Susanti",
    "Yusnidar",
    "Mardiana",
    "Ni Luh Putu Ayu Ardani",
    "Ni Made Sukerti",
    "Maria Goreti Bunga",
    "Théresia Nainggolan",
    "Rosmawati Siregar",
    "Andi Nurul Fadhilah",
    "Wa Ode Nurhaliza",
    "Evi Novianti",
    "Hafizah",
    "Silvia Anggraini",
    "Zurmaini",
    "Puti Reno Ayu",
    "Neneng Hasanah",
    "Euis Komariah",
    "Yanti Febrianti",
    "Lusiana Dewi",
    "Kristina Simanjuntak",
];
const DEGREES: &[&str] = &[
    "S.H.",
    "S.Pd.",
    "S.E.",
    "S.Kom.",
    "S.Sos.",
    "S.Kep., Ns.",
    "S.T.",
    "S.Si.",
    "S.Ag.",
    "A.Md.",
    "S.H., M.H.",
    "S.Pd., M.Pd.",
    "S.E., M.M.",
    "S.Sos., M.Si.",
    "S.T., M.T.",
    "S.K.M.",
    "S.IP.",
    "S.Farm., Apt.",
];
const UNITS: &[&str] = &[
    "Sekretariat Daerah",
    "Dinas Pendidikan dan Kebudayaan",
    "Dinas Kesehatan",
    "RSUD Arosuka",
    "BKPSDM",
    "Badan Perencanaan Pembangunan Daerah",
    "Badan Pengelolaan Keuangan Daerah",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Sosial",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Komunikasi dan Informatika",
    "Dinas Pertanian",
    "Satuan Polisi Pamong Praja",
    "Inspektorat Daerah",
    "Kecamatan Kubung",
    "Kecamatan Gunung Talang",
    "Kecamatan X Koto Singkarak",
    "Puskesmas Talang",
    "SMP Negeri 1 Gunung Talang",
    "SD Negeri 05 Koto Baru",
];
const POSITIONS_PNS: &[&str] = &[
    "Kepala Bidang",
    "Kepala Subbagian Umum",
    "Analis Kepegawaian Ahli Muda",
    "Guru Ahli Pertama",
    "Guru Ahli Madya",
    "Perawat Terampil",
    "Bidan Ahli Pertama",
    "Penyuluh Pertanian Ahli Muda",
    "Pranata Komputer Ahli Pertama",
    "Camat",
    "Sekretaris Camat",
    "Kepala Seksi Pemerintahan",
    "Auditor Ahli Muda",
    "Pengadministrasi Umum",
    "Analis Kebijakan Ahli Madya",
    "Kepala Dinas",
];
const POSITIONS_PPPK: &[&str] = &[
    "Guru Ahli Pertama",
    "Perawat Terampil",
    "Penyuluh Pertanian Terampil",
    "Pranata Komputer Terampil",
    "Bidan Terampil",
    "Operator Layanan Operasional",
];
const RANKS: &[&str] = &[
    "Pengatur / II-c",
    "Pengatur Tk. I / II-d",
    "Penata Muda / III-a",
    "Penata Muda Tk. I / III-b",
    "Penata / III-c",
    "Penata Tk. I / III-d",
    "Pembina / IV-a",
    "Pembina Tk. I / IV-b",
    "Pembina Utama Muda / IV-c",
];
const PPPK_GRADES: &[&str] = &["Golongan IX", "Golongan VII", "Golongan X", "Golongan V"];
const VILLAGES: &[&str] = &[
    "Nagari Koto Baru",
    "Nagari Selayo",
    "Nagari Cupak",
    "Nagari Saok Laweh",
    "Nagari Sulit Air",
];

/// The demo event's form, dated a week after `today`.
pub fn event_form(today: NaiveDate) -> EventForm {
    let day = today + Duration::days(7);
    EventForm {
        title: "Sosialisasi dan Deklarasi Netralitas ASN pada Pemilihan Serentak".into(),
        kind: "sosialisasi_deklarasi".into(),
        organizer: "Bawaslu Kabupaten Solok".into(),
        place: "Gedung Solok Nan Indah, Arosuka".into(),
        starts_at: format!("{}T09:00", day.format("%Y-%m-%d")),
        timezone: "WIB".into(),
        speakers: vec![
            Speaker {
                name: "Titony Tanjung".into(),
                title: "Ketua".into(),
                institution: "Bawaslu Kabupaten Solok".into(),
            },
            Speaker {
                name: "Afrialdi, S.Sos., M.Si.".into(),
                title: "Kepala BKPSDM".into(),
                institution: "Pemerintah Kabupaten Solok".into(),
            },
        ],
        official: Official {
            name: "Drs. Medison, M.Si.".into(),
            position: "Sekretaris Daerah Kabupaten Solok".into(),
            nip: "196805121993031004".into(),
        },
        paper: "F4".into(),
    }
}

/// `count` synthetic people: mostly PNS, some PPPK, some non-ASN, with
/// valid NIPs whose birth dates make them 20-59 years old on `today`.
pub fn roster(count: usize, seed: u64, today: NaiveDate) -> Vec<NewPerson> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut serials = std::collections::HashMap::<String, u32>::new();
    (0..count)
        .map(|_| {
            let category = match rng.u32(0..100) {
                0..=59 => Category::Pns,
                60..=77 => Category::Pppk,
                78..=82 => Category::PppkParuhWaktu,
                83..=90 => Category::Ppnpn,
                91..=93 => Category::KepalaDesa,
                94..=97 => Category::PerangkatDesa,
                _ => Category::Lainnya,
            };
            let male = rng.bool();
            let base = if male {
                MALE[rng.usize(..MALE.len())]
            } else {
                FEMALE[rng.usize(..FEMALE.len())]
            };
            let name = decorate(&mut rng, base, male, category);
            let age = rng.i32(22..58);
            let birth = NaiveDate::from_ymd_opt(today.year() - age, rng.u32(1..13), rng.u32(1..29))
                .unwrap_or(today);
            let unit = UNITS[rng.usize(..UNITS.len())].to_string();
            let (nip, rank, position) = match category {
                Category::Pns => {
                    let year = (birth.year() + rng.i32(20..30)).min(today.year() - 1);
                    let head = format!(
                        "{}{}{:02}{}",
                        birth.format("%Y%m%d"),
                        year,
                        rng.u32(1..13),
                        if male { 1 } else { 2 }
                    );
                    (
                        Some(with_serial(&mut serials, head)),
                        RANKS[rng.usize(..RANKS.len())].to_string(),
                        POSITIONS_PNS[rng.usize(..POSITIONS_PNS.len())].to_string(),
                    )
                }
                Category::Pppk | Category::PppkParuhWaktu => {
                    let year = rng.i32(2021..=today.year().clamp(2021, 2025));
                    let code = [21, 22, 23, 24][rng.usize(..4)];
                    let head = format!(
                        "{}{}{}{}",
                        birth.format("%Y%m%d"),
                        year,
                        code,
                        if male { 1 } else { 2 }
                    );
                    (
                        Some(with_serial(&mut serials, head)),
                        PPPK_GRADES[rng.usize(..PPPK_GRADES.len())].to_string(),
                        POSITIONS_PPPK[rng.usize(..POSITIONS_PPPK.len())].to_string(),
                    )
                }
                Category::KepalaDesa => (None, String::new(), "Wali Nagari".to_string()),
                Category::PerangkatDesa => (None, String::new(), "Sekretaris Nagari".to_string()),
                Category::Ppnpn => (None, String::new(), "Tenaga Harian Lepas".to_string()),
                Category::TniPolri | Category::Lainnya => {
                    (None, String::new(), "Tamu Undangan".to_string())
                }
            };
            let unit = match category {
                Category::KepalaDesa | Category::PerangkatDesa => {
                    VILLAGES[rng.usize(..VILLAGES.len())].to_string()
                }
                _ => unit,
            };
            NewPerson {
                name,
                nip,
                category,
                rank,
                position,
                unit,
                phone: format!("08{}", rng.u64(1_100_000_000..9_999_999_999)),
            }
        })
        .collect()
}

/// Adds titles the way rosters carry them: "Dr. H. …, S.H., M.Si.".
fn decorate(rng: &mut fastrand::Rng, base: &str, male: bool, category: Category) -> String {
    let mut name = String::new();
    if rng.u32(0..10) == 0 {
        name.push_str("Dr. ");
    } else if category == Category::Pns && rng.u32(0..15) == 0 {
        name.push_str(if rng.bool() { "Drs. " } else { "Ir. " });
    }
    if rng.u32(0..6) == 0 {
        name.push_str(if male { "H. " } else { "Hj. " });
    }
    name.push_str(base);
    if category.is_asn() && rng.u32(0..10) < 7 {
        name.push_str(", ");
        name.push_str(DEGREES[rng.usize(..DEGREES.len())]);
    }
    name
}

/// Appends the next free 3-digit serial to an 15-digit NIP head.
fn with_serial(serials: &mut std::collections::HashMap<String, u32>, head: String) -> String {
    let n = serials.entry(head.clone()).or_insert(0);
    *n += 1;
    format!("{head}{:03}", *n)
}

/// Creates the demo event with `people` attendees in one transaction.
pub fn create(
    conn: &mut Connection,
    people: usize,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Saved> {
    let saved = event::create(conn, &event_form(today), Actor::Cli, now, today)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let n = db::people::insert_many(&tx, saved.event.id, &roster(people, 2024, today), now)?;
    audit::append(
        &tx,
        now,
        Actor::Cli,
        "roster.demo",
        "event",
        Some(saved.event.id),
        &serde_json::json!({ "people": n }),
    )?;
    tx.commit()?;
    Ok(Saved {
        event: event::get(conn, saved.event.id)?,
        warnings: saved.warnings,
    })
}

/// Signs, with sample strokes, the first `count` people of the event (by id)
/// who have not signed yet; `on_commit(submission_id, seq)` runs after each
/// commit. For tests, benchmarks and the crash test, never the real kiosk.
pub fn sign(
    conn: &mut Connection,
    key: &crate::keys::InstallationKey,
    event_id: i64,
    count: usize,
    now: impl Fn() -> DateTime<Utc>,
    on_commit: &mut dyn FnMut(&str, i64) -> Result<()>,
) -> Result<()> {
    let pledge_hash = crate::declaration::pledge::current(conn, event_id, now())?.content_hash;
    let people: Vec<i64> = conn
        .prepare("SELECT id FROM people WHERE event_id = ?1 ORDER BY id LIMIT ?2")?
        .query_map([event_id, count as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for person in people {
        if crate::declaration::live_for_person(conn, event_id, person)?.is_some() {
            continue;
        }
        let sub = crate::declaration::Submission {
            submission_id: format!("script-{event_id}-{person}"),
            person_id: person,
            pledge_hash: pledge_hash.clone(),
            strokes: signature_json(person as u64),
            png: None,
        };
        let receipt = crate::declaration::submit(conn, key, event_id, &sub, Actor::Cli, now())?;
        on_commit(&sub.submission_id, receipt.seq)?;
    }
    Ok(())
}

/// Checks in the first `count` people of the event (by id) in one
/// transaction, as if they had come to the door.
pub fn check_in(
    conn: &mut Connection,
    event_id: i64,
    count: usize,
    now: DateTime<Utc>,
) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let rev = db::people::bump_rev(&tx, event_id)?;
    tx.execute(
        "UPDATE people SET checked_in_at = ?3, rev = ?4
         WHERE id IN (SELECT id FROM people WHERE event_id = ?1 AND checked_in_at IS NULL
                      ORDER BY id LIMIT ?2)",
        rusqlite::params![event_id, count as i64, db::to_text(now), rev],
    )?;
    tx.commit()?;
    Ok(())
}

/// One kiosk submit during [`sign_while_printing`], in milliseconds from
/// the start of the batch.
#[derive(Debug, Clone, Copy)]
pub struct SubmitTiming {
    pub started_ms: f64,
    pub latency_ms: f64,
}

/// What happened when a kiosk signed beside a certificate batch.
#[derive(Debug, Clone)]
pub struct PrintRace {
    pub batch_ms: f64,
    pub pages: usize,
    pub submits: Vec<SubmitTiming>,
}

impl PrintRace {
    /// The submits that started while the batch was running.
    pub fn during_batch(&self) -> impl Iterator<Item = &SubmitTiming> {
        self.submits.iter().filter(|s| s.started_ms < self.batch_ms)
    }
}

/// Prints certificates for everyone who attended the event at `db_path`
/// while a kiosk signs `signers` one after another, `gap` apart, until the
/// batch is done. With `shared`, both go through one connection behind one
/// lock, as the app once did; otherwise the batch has its own connection,
/// as the app does now. For the test and the benchmark of exactly that.
pub fn sign_while_printing(
    db_path: &std::path::Path,
    key: &crate::keys::InstallationKey,
    event_id: i64,
    signers: &[i64],
    gap: std::time::Duration,
    shared: bool,
    now: DateTime<Utc>,
) -> Result<PrintRace> {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Barrier, Mutex};
    use std::time::Instant;

    let kiosk = Arc::new(Mutex::new(db::open(db_path)?));
    let printer = if shared {
        Arc::clone(&kiosk)
    } else {
        Arc::new(Mutex::new(db::open(db_path)?))
    };
    let pledge_hash = crate::declaration::pledge::current(
        &mut kiosk.lock().unwrap_or_else(|p| p.into_inner()),
        event_id,
        now,
    )?
    .content_hash;
    let request = crate::pdf::PrintRequest {
        event_id,
        kind: crate::pdf::register::RecordKind::Sertifikat,
        paper: String::new(),
        scope: crate::pdf::Scope::Attended,
        person_ids: Vec::new(),
    };
    let start = Barrier::new(2);
    let done = AtomicBool::new(false);
    let began = Instant::now();
    let ms = |at: Instant| at.duration_since(began).as_secs_f64() * 1e3;
    std::thread::scope(|scope| {
        let printing = scope.spawn(|| {
            let mut conn = printer.lock().unwrap_or_else(|p| p.into_inner());
            start.wait();
            let from = ms(Instant::now());
            let doc = crate::pdf::render(&mut conn, key, &request, now, &mut |_, _| {});
            let to = ms(Instant::now());
            done.store(true, Ordering::SeqCst);
            doc.map(|d| (d.pages, from, to))
        });
        let signing = scope.spawn(|| -> Result<Vec<SubmitTiming>> {
            start.wait();
            // Let the batch take its connection first.
            std::thread::sleep(gap);
            let mut out = Vec::new();
            for person in signers {
                if done.load(Ordering::SeqCst) {
                    break;
                }
                let sub = crate::declaration::Submission {
                    submission_id: format!("race-{event_id}-{person}"),
                    person_id: *person,
                    pledge_hash: pledge_hash.clone(),
                    strokes: signature_json(*person as u64),
                    png: None,
                };
                let t0 = Instant::now();
                {
                    let mut conn = kiosk.lock().unwrap_or_else(|p| p.into_inner());
                    crate::declaration::submit(&mut conn, key, event_id, &sub, Actor::Kiosk, now)?;
                }
                out.push(SubmitTiming {
                    started_ms: ms(t0),
                    latency_ms: t0.elapsed().as_secs_f64() * 1e3,
                });
                std::thread::sleep(gap);
            }
            Ok(out)
        });
        let (pages, from, to) = match printing.join() {
            Ok(r) => r?,
            Err(_) => return Err(crate::Error::Environment("pencetakan berhenti".into())),
        };
        let mut submits = match signing.join() {
            Ok(r) => r?,
            Err(_) => return Err(crate::Error::Environment("penandatanganan berhenti".into())),
        };
        for s in &mut submits {
            s.started_ms -= from;
        }
        Ok(PrintRace {
            batch_ms: to - from,
            pages,
            submits,
        })
    })
}

/// A signature as the kiosk pad would send it: a few looping strokes
/// across a 600×240 pad, different for each `seed`. For the crash test,
/// the benchmark and demos.
pub fn signature_json(seed: u64) -> String {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut time = 1_000.0;
    let strokes: Vec<serde_json::Value> = (0..2 + rng.usize(..2))
        .map(|s| {
            let (x0, y0) = (60.0 + s as f64 * 150.0, 120.0 + rng.f64() * 30.0);
            let points: Vec<serde_json::Value> = (0..40)
                .map(|i| {
                    let t = i as f64 / 39.0;
                    time += 16.0;
                    serde_json::json!({
                        "x": x0 + t * 140.0,
                        "y": y0 + (t * 12.0 + seed as f64).sin() * 40.0,
                        "pressure": 0.4 + rng.f64() * 0.2,
                        "time": time,
                    })
                })
                .collect();
            time += 120.0;
            serde_json::json!({ "penColor": "#102a56", "points": points })
        })
        .collect();
    serde_json::json!({ "width": 600, "height": 240, "strokes": strokes }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::nip::{Nip, NipKind};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
    }

    #[test]
    fn every_demo_asn_has_a_valid_nip_of_the_right_kind() {
        for p in roster(300, 2024, today()) {
            match (p.category, &p.nip) {
                (Category::Pns, Some(n)) => {
                    assert_eq!(Nip::parse(n).map(|n| n.kind), Ok(NipKind::Pns), "{n}")
                }
                (Category::Pppk | Category::PppkParuhWaktu, Some(n)) => {
                    assert_eq!(Nip::parse(n).map(|n| n.kind), Ok(NipKind::Pppk), "{n}")
                }
                (c, nip) => assert!(!c.is_asn() && nip.is_none(), "{c:?} {nip:?}"),
            }
        }
    }

    #[test]
    fn the_roster_mixes_categories_and_titles_and_has_unique_nips() {
        let people = roster(300, 2024, today());
        let cats: std::collections::HashSet<_> = people.iter().map(|p| p.category).collect();
        assert!(cats.len() >= 5, "mixed categories: {cats:?}");
        assert!(people.iter().any(|p| p.name.starts_with("Dr. ")));
        assert!(people.iter().any(|p| p.name.contains("Hj. ")));
        assert!(people.iter().any(|p| p.name.contains(", S.")));
        let nips: Vec<_> = people.iter().filter_map(|p| p.nip.clone()).collect();
        let unique: std::collections::HashSet<_> = nips.iter().collect();
        assert_eq!(nips.len(), unique.len(), "NIPs are unique");
    }
}
