//! What the documents print, read from the database in a few queries, and
//! the facts of each printed record: the same functions build the facts at
//! printing time and again when a QR code is checked.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};
use serde_json::{json, Value};

use crate::declaration::chain;
use crate::declaration::{self, Declaration};
use crate::error::Result;
use crate::event::Event;
use crate::indonesian_date;
use crate::keys::TrustedKeys;
use crate::pdf::register::{RecordKind, Stored};
use crate::roster;
use crate::roster::person::{Category, Person};

/// One person as the documents see them.
#[derive(Debug, Clone)]
pub struct Entry {
    pub person: Person,
    /// The live (not voided) declaration.
    pub declaration: Option<Declaration>,
    /// Canonical strokes JSON of that declaration.
    pub strokes: Option<String>,
}

impl Entry {
    /// A stand-in attendee for a preview made before anyone has come: a
    /// long name with titles and a NIP, so the design is seen at its
    /// fullest.
    pub fn sample(event_id: i64, now: chrono::DateTime<chrono::Utc>) -> Entry {
        Entry {
            person: Person {
                id: 0,
                event_id,
                name: "Dr. Nama Lengkap Peserta Contoh, S.Sos., M.Si.".into(),
                nip: Some("198501012010011001".into()),
                category: Category::Pns,
                rank: "Penata / III-c".into(),
                position: "Jabatan Peserta".into(),
                unit: "Unit Kerja Peserta".into(),
                phone: String::new(),
                walk_in: false,
                checked_in_at: Some(now),
            },
            declaration: None,
            strokes: None,
        }
    }

    pub fn attended(&self) -> bool {
        self.person.checked_in_at.is_some() || self.declaration.is_some()
    }
}

/// Everyone on the roster of `event_id`, in name order, with their live
/// declaration and its strokes.
pub fn entries(conn: &Connection, event_id: i64) -> Result<Vec<Entry>> {
    let people = crate::roster::list(conn, event_id)?;
    let mut live: HashMap<i64, Declaration> = declaration::list(conn, event_id)?
        .into_iter()
        .filter(|d| d.voided_at.is_none())
        .map(|d| (d.person_id, d))
        .collect();
    let mut strokes: HashMap<i64, String> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT s.declaration_id, s.strokes FROM signatures s
         JOIN declarations d ON d.id = s.declaration_id
         WHERE d.event_id = ?1 AND d.voided_at IS NULL",
    )?;
    for row in stmt.query_map([event_id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })? {
        let (id, text) = row?;
        strokes.insert(id, text);
    }
    Ok(people
        .into_iter()
        .map(|person| {
            let declaration = live.remove(&person.id);
            let strokes = declaration.as_ref().and_then(|d| strokes.remove(&d.id));
            Entry {
                person,
                declaration,
                strokes,
            }
        })
        .collect())
}

fn entry(conn: &Connection, person_id: i64) -> Result<Option<Entry>> {
    let Some(person) = crate::db::people::get(conn, person_id)? else {
        return Ok(None);
    };
    let declaration = declaration::live_of(conn, person.event_id, person.id)?;
    Ok(Some(Entry {
        person,
        declaration,
        strokes: None,
    }))
}

pub fn nip_text(nip: Option<&str>) -> String {
    match nip.map(crate::roster::nip::Nip::parse) {
        Some(Ok(n)) => n.formatted(),
        Some(Err(_)) => nip.unwrap_or_default().to_string(),
        None => String::new(),
    }
}

/// The event as every record states it.
pub fn event_facts(event: &Event) -> Value {
    json!({
        "id": event.id,
        "title": event.title,
        "kind": event.kind.as_str(),
        "place": event.place,
        "date": indonesian_date::day_and_date(event.starts_at.date()),
        "organizer": event.organizer,
        "official": {
            "name": event.official.name,
            "position": event.official.position,
            "nip": event.official.nip,
        },
    })
}

fn person_facts(p: &Person) -> Value {
    json!({
        "person_id": p.id,
        "name": p.name,
        "nip": p.nip,
        "position": p.position,
        "unit": p.unit,
    })
}

/// One row of a daftar hadir page.
pub fn row_facts(no: usize, e: &Entry) -> Value {
    let mut v = person_facts(&e.person);
    v["no"] = json!(no);
    v["declaration"] = json!(e.declaration.as_ref().map(|d| d.record_hash.clone()));
    v
}

pub fn daftar_hadir_facts(
    event: &Event,
    page: usize,
    pages: usize,
    scope: &str,
    rows: Vec<Value>,
) -> Value {
    json!({
        "kind": RecordKind::DaftarHadir.as_str(),
        "event": event_facts(event),
        "scope": scope,
        "page": page,
        "pages": pages,
        "rows": rows,
    })
}

pub fn pernyataan_facts(event: &Event, d: &Declaration, pledge_hash: &str) -> Value {
    json!({
        "kind": RecordKind::Pernyataan.as_str(),
        "event_id": event.id,
        "place": event.place,
        "declaration_id": d.id,
        "seq": d.seq,
        "record_hash": d.record_hash,
        "pledge_hash": pledge_hash,
        "signed_at": d.signed_at.to_rfc3339(),
        "person": d.person,
        "voided": d.voided_at.is_some(),
    })
}

pub fn sertifikat_facts(event: &Event, e: &Entry) -> Value {
    json!({
        "kind": RecordKind::Sertifikat.as_str(),
        "event": event_facts(event),
        "person": person_facts(&e.person),
        "declaration": e.declaration.as_ref().map(|d| d.record_hash.clone()),
    })
}

/// Counts for the berita acara.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub invited: u32,
    pub attended: u32,
    pub signed: u32,
    pub voided: u32,
    /// (label, invited, attended, signed)
    pub by_category: Vec<(String, u32, u32, u32)>,
    pub by_unit: Vec<(String, u32, u32, u32)>,
    /// Live declarations by way in (the laptop's kiosk, each tablet, phones).
    pub by_channel: Vec<crate::hall::ChannelCount>,
    pub chain_head: Option<String>,
}

pub fn summary(conn: &Connection, event_id: i64) -> Result<Summary> {
    let att = roster::attendance(conn, event_id)?;
    let signed_by = |sql: &str| -> Result<HashMap<String, u32>> {
        let mut stmt = conn.prepare(sql)?;
        let out = stmt
            .query_map([event_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(out)
    };
    let base = "FROM declarations d JOIN people p ON p.id = d.person_id
                WHERE d.event_id = ?1 AND d.voided_at IS NULL";
    let by_cat = signed_by(&format!(
        "SELECT p.category, COUNT(*) {base} GROUP BY p.category"
    ))?;
    let by_unit = signed_by(&format!(
        "SELECT CASE WHEN p.unit = '' THEN '(tanpa unit)' ELSE p.unit END, COUNT(*) {base} GROUP BY 1"
    ))?;
    let (signed, voided): (u32, u32) = conn.query_row(
        "SELECT COUNT(*) FILTER (WHERE voided_at IS NULL), COUNT(*) FILTER (WHERE voided_at IS NOT NULL)
         FROM declarations WHERE event_id = ?1",
        [event_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let chain_head = conn
        .query_row(
            "SELECT record_hash FROM chain_heads WHERE event_id = ?1",
            [event_id],
            |r| r.get(0),
        )
        .optional()?;
    let category_key = |label: &str| {
        Category::ALL
            .iter()
            .find(|c| c.label() == label)
            .map(|c| c.as_str().to_string())
            .unwrap_or_default()
    };
    Ok(Summary {
        invited: att.invited,
        attended: att.attended,
        signed,
        voided,
        by_category: att
            .by_category
            .iter()
            .map(|r| {
                let s = by_cat.get(&category_key(&r.label)).copied().unwrap_or(0);
                (r.label.clone(), r.invited, r.attended, s)
            })
            .collect(),
        by_unit: att
            .by_unit
            .iter()
            .map(|r| {
                (
                    r.label.clone(),
                    r.invited,
                    r.attended,
                    by_unit.get(&r.label).copied().unwrap_or(0),
                )
            })
            .collect(),
        by_channel: crate::hall::counts(conn, event_id)?,
        chain_head,
    })
}

pub fn berita_acara_facts(event: &Event, s: &Summary) -> Value {
    let rows = |v: &[(String, u32, u32, u32)]| -> Vec<Value> {
        v.iter().map(|(l, i, a, g)| json!([l, i, a, g])).collect()
    };
    let mut ev = event_facts(event);
    ev["speakers"] = json!(event
        .speakers
        .iter()
        .map(|s| json!([s.name, s.title, s.institution]))
        .collect::<Vec<_>>());
    let mut facts = json!({
        "kind": RecordKind::BeritaAcara.as_str(),
        "event": ev,
        "counts": {
            "invited": s.invited,
            "attended": s.attended,
            "signed": s.signed,
            "voided": s.voided,
            "by_category": rows(&s.by_category),
            "by_unit": rows(&s.by_unit),
        },
        "chain_head": s.chain_head,
    });
    // Only once something came in through the hub: minutes printed before
    // there was a hub keep the facts (and so the hash) they were signed with.
    if s.by_channel.iter().any(|c| c.channel != "kiosk") {
        facts["counts"]["by_channel"] = json!(s
            .by_channel
            .iter()
            .map(|c| json!([c.channel, c.label, c.count]))
            .collect::<Vec<_>>());
    }
    facts
}

/// The facts of a stored record as the database says them now, plus the
/// problems a deeper check finds (a declaration's own integrity).
pub fn facts_now(
    conn: &Connection,
    trust: &TrustedKeys,
    stored: &Stored,
) -> Result<(Value, Vec<String>)> {
    let event = crate::db::events::get(conn, stored.event_id)?;
    let c = &stored.content;
    Ok(match stored.kind {
        RecordKind::DaftarHadir => {
            let mut rows = Vec::new();
            for row in c["rows"].as_array().into_iter().flatten() {
                let no = row["no"].as_u64().unwrap_or(0) as usize;
                match row["person_id"]
                    .as_i64()
                    .map(|id| entry(conn, id))
                    .transpose()?
                    .flatten()
                {
                    Some(e) => rows.push(row_facts(no, &e)),
                    None => rows.push(json!({"no": no, "name": null})),
                }
            }
            let page = c["page"].as_u64().unwrap_or(0) as usize;
            let pages = c["pages"].as_u64().unwrap_or(0) as usize;
            (
                daftar_hadir_facts(&event, page, pages, c["scope"].as_str().unwrap_or(""), rows),
                Vec::new(),
            )
        }
        RecordKind::Pernyataan => {
            let id = c["declaration_id"].as_i64().unwrap_or(0);
            let d = declaration::get(conn, id)?;
            let pledge_hash = pledge_hash_of(conn, d.pledge_text_id)?;
            let problems = chain::verify(conn, event.id, trust)?
                .findings
                .into_iter()
                .filter(|f| f.declaration_id == Some(id))
                .map(|f| f.message)
                .collect();
            (pernyataan_facts(&event, &d, &pledge_hash), problems)
        }
        RecordKind::Sertifikat => {
            let id = c["person"]["person_id"].as_i64().unwrap_or(0);
            match entry(conn, id)? {
                Some(e) => (sertifikat_facts(&event, &e), Vec::new()),
                None => (
                    json!({}),
                    vec!["Peserta pada sertifikat ini tidak ada lagi di daftar.".into()],
                ),
            }
        }
        RecordKind::BeritaAcara => (
            berita_acara_facts(&event, &summary(conn, event.id)?),
            Vec::new(),
        ),
    })
}

pub fn pledge_hash_of(conn: &Connection, pledge_text_id: i64) -> Result<String> {
    Ok(conn.query_row(
        "SELECT content_hash FROM pledge_texts WHERE id = ?1",
        [pledge_text_id],
        |r| r.get(0),
    )?)
}
