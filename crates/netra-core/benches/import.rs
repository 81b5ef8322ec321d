//! Import benchmark: 50,000-row CSV and XLSX rosters, end to end
//! (parse + validate + commit into a real SQLite file in WAL with
//! synchronous=FULL). Run: `cargo bench -p netra-core --bench import`.
//! Prints the median of 3 runs per format; asserts nothing.

use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use netra_core::audit::Actor;
use netra_core::roster::import;
use netra_core::roster::person::NewPerson;
use netra_core::{db, demo};

const ROWS: usize = 50_000;

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let now = Utc
        .with_ymd_and_hms(2026, 11, 23, 1, 0, 0)
        .single()
        .expect("now");
    let people = demo::roster(ROWS, 7, today);
    let csv = to_csv(&people);
    let xlsx = to_xlsx(&people);
    println!(
        "roster: {ROWS} rows; CSV {:.1} MB, XLSX {:.1} MB",
        csv.len() as f64 / 1e6,
        xlsx.len() as f64 / 1e6
    );
    for (name, bytes) in [("daftar.csv", &csv), ("daftar.xlsx", &xlsx)] {
        let mut parse = Vec::new();
        let mut total = Vec::new();
        for _ in 0..3 {
            let dir = tempfile::tempdir().expect("dir");
            let mut conn = db::open(&dir.path().join("netra.db")).expect("db");
            let ev = demo::create(&mut conn, 0, now, today).expect("event").event;
            let t0 = Instant::now();
            let preview = import::preview_bytes(name, bytes, ev.starts_at.date()).expect("preview");
            let t1 = Instant::now();
            let r = import::commit(&mut conn, ev.id, &preview, Actor::Cli, now).expect("commit");
            let t2 = Instant::now();
            assert_eq!(
                (r.inserted + r.updated) as usize,
                preview.summary.valid as usize
            );
            parse.push(t1 - t0);
            total.push(t2 - t0);
        }
        println!(
            "{name}: parse+validate {:.0} ms, end to end (incl. commit) {:.0} ms  (median of 3)",
            ms(median(&mut parse)),
            ms(median(&mut total))
        );
    }
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

const HEADER: [&str; 8] = [
    "No",
    "Nama",
    "NIP",
    "Pangkat/Gol",
    "Jabatan",
    "Unit Kerja",
    "No. HP",
    "Kategori",
];

/// A person as the text cells of a roster row, after the row number.
fn cells(p: &NewPerson) -> [&str; 7] {
    [
        &p.name,
        p.nip.as_deref().unwrap_or(""),
        &p.rank,
        &p.position,
        &p.unit,
        &p.phone,
        p.category.label(),
    ]
}

fn to_csv(people: &[NewPerson]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    w.write_record(HEADER).expect("header");
    for (i, p) in people.iter().enumerate() {
        let no = (i + 1).to_string();
        let row = std::iter::once(no.as_str()).chain(cells(p));
        w.write_record(row).expect("row");
    }
    w.into_inner().expect("csv")
}

fn to_xlsx(people: &[NewPerson]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    for (i, p) in people.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_number(r, 0, (i + 1) as f64).expect("no");
        for (c, v) in cells(p).iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r, c as u16 + 1, *v).expect("cell");
            }
        }
    }
    book.save_to_buffer().expect("xlsx")
}
