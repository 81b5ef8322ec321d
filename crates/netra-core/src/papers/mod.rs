//! What official papers carry besides the record itself: the letterhead
//! (kop surat) an office sets up once and picks per event, the two logos
//! of a certificate, the official's scanned signature and stamp (so 1,000
//! certificates need no wet signature), and the materai box some offices
//! require on a statement. `pdf` draws them; this module keeps them.

pub mod images;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Actor};
use crate::error::{Error, Result};
use images::Role;

/// Longest line of a letterhead, in characters.
pub const MAX_LINE: usize = 120;

/// A kop surat: up to three name lines (the first one required), the
/// address and the contact line, and an optional logo on the left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Letterhead {
    pub id: i64,
    /// How the organiser picks it ("Bawaslu Kabupaten Solok").
    pub label: String,
    /// One to three lines, largest first ("BADAN PENGAWAS PEMILIHAN UMUM").
    pub lines: Vec<String>,
    pub address: String,
    pub contact: String,
    pub logo_id: Option<i64>,
}

/// A letterhead as typed in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LetterheadInput {
    pub label: String,
    pub lines: Vec<String>,
    pub address: String,
    pub contact: String,
}

impl LetterheadInput {
    fn validated(&self) -> Result<(String, [String; 3], String, String)> {
        let mut errors = Vec::new();
        let label = self.label.trim().to_string();
        let lines: Vec<String> = self
            .lines
            .iter()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            errors.push(crate::FieldError::new(
                "lines",
                "Baris pertama kop surat (nama instansi) wajib diisi",
            ));
        }
        if lines.len() > 3 {
            errors.push(crate::FieldError::new(
                "lines",
                format!(
                    "Kop surat paling banyak 3 baris nama, terisi {}",
                    lines.len()
                ),
            ));
        }
        for (i, line) in lines.iter().enumerate() {
            if line.chars().count() > MAX_LINE {
                errors.push(crate::FieldError::new(
                    "lines",
                    format!("Baris {} lebih dari {MAX_LINE} huruf", i + 1),
                ));
            }
        }
        for (field, value, what) in [
            ("address", &self.address, "Alamat"),
            ("contact", &self.contact, "Kontak"),
        ] {
            if value.trim().chars().count() > 2 * MAX_LINE {
                errors.push(crate::FieldError::new(
                    field,
                    format!("{what} lebih dari {} huruf", 2 * MAX_LINE),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let label = if label.is_empty() {
            lines.last().cloned().unwrap_or_default()
        } else {
            label
        };
        let mut three: [String; 3] = Default::default();
        for (slot, line) in three.iter_mut().zip(lines) {
            *slot = line;
        }
        Ok((
            label,
            three,
            self.address.trim().to_string(),
            self.contact.trim().to_string(),
        ))
    }
}

fn letterhead_row(r: &rusqlite::Row) -> rusqlite::Result<Letterhead> {
    let lines: Vec<String> = [r.get::<_, String>(3)?, r.get(4)?, r.get(5)?]
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect();
    Ok(Letterhead {
        id: r.get(0)?,
        label: r.get(1)?,
        logo_id: r.get(2)?,
        lines,
        address: r.get(6)?,
        contact: r.get(7)?,
    })
}

const LETTERHEAD_COLUMNS: &str =
    "id, label, logo_id, line1, line2, line3, address, contact FROM letterheads";

/// Saves a new letterhead, with its logo when given (checked first).
pub fn create_letterhead(
    conn: &mut Connection,
    input: &LetterheadInput,
    logo: Option<&[u8]>,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Letterhead> {
    let (label, lines, address, contact) = input.validated()?;
    let tx = conn.transaction()?;
    let logo_id = match logo {
        Some(bytes) => Some(images::store(&tx, bytes, Role::Logo, "logo", now)?.id),
        None => None,
    };
    tx.execute(
        "INSERT INTO letterheads (label, logo_id, line1, line2, line3, address, contact, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            label,
            logo_id,
            lines[0],
            lines[1],
            lines[2],
            address,
            contact,
            crate::db::to_text(now)
        ],
    )?;
    let id = tx.last_insert_rowid();
    audit::append(
        &tx,
        now,
        actor,
        "letterhead.create",
        "letterhead",
        Some(id),
        &serde_json::json!({ "label": label, "logo": logo_id.is_some() }),
    )?;
    tx.commit()?;
    letterhead(conn, id)
}

pub fn letterhead(conn: &Connection, id: i64) -> Result<Letterhead> {
    conn.query_row(
        &format!("SELECT {LETTERHEAD_COLUMNS} WHERE id = ?1"),
        [id],
        letterhead_row,
    )
    .optional()?
    .ok_or_else(|| Error::field("letterhead_id", format!("Kop surat {id} tidak ada")))
}

pub fn letterheads(conn: &Connection) -> Result<Vec<Letterhead>> {
    let mut stmt = conn.prepare(&format!("SELECT {LETTERHEAD_COLUMNS} ORDER BY label, id"))?;
    let rows = stmt.query_map([], letterhead_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Removes a letterhead no event uses (an event's papers would change).
pub fn remove_letterhead(
    conn: &mut Connection,
    id: i64,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    let found = letterhead(conn, id)?;
    let users: Vec<String> = {
        let mut stmt = conn.prepare(
            "SELECT e.title FROM event_papers p JOIN events e ON e.id = p.event_id
             WHERE p.letterhead_id = ?1 ORDER BY e.id",
        )?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    if !users.is_empty() {
        return Err(Error::field(
            "letterhead_id",
            format!(
                "Kop surat \u{201c}{}\u{201d} masih dipakai acara: {}. Pilih kop lain untuk acara itu dulu",
                found.label,
                users.join("; ")
            ),
        ));
    }
    let tx = conn.transaction()?;
    tx.execute("DELETE FROM letterheads WHERE id = ?1", [id])?;
    audit::append(
        &tx,
        now,
        actor,
        "letterhead.remove",
        "letterhead",
        Some(id),
        &serde_json::json!({ "label": found.label }),
    )?;
    tx.commit()?;
    Ok(())
}

/// What an event's papers carry besides the record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EventPapers {
    pub event_id: i64,
    /// On the daftar hadir and the berita acara.
    pub letterhead_id: Option<i64>,
    /// On certificates, top left and top right.
    pub logo_left_id: Option<i64>,
    pub logo_right_id: Option<i64>,
    /// Over the official's name on certificates.
    pub signature_id: Option<i64>,
    pub stamp_id: Option<i64>,
    /// A box for a materai stamp beside the signer on each statement.
    pub materai: bool,
}

/// An image place of an event's papers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Slot {
    LogoLeft,
    LogoRight,
    Signature,
    Stamp,
}

impl Slot {
    fn column(self) -> &'static str {
        match self {
            Slot::LogoLeft => "logo_left_id",
            Slot::LogoRight => "logo_right_id",
            Slot::Signature => "signature_id",
            Slot::Stamp => "stamp_id",
        }
    }

    fn role(self) -> Role {
        match self {
            Slot::LogoLeft | Slot::LogoRight => Role::Logo,
            Slot::Signature => Role::Signature,
            Slot::Stamp => Role::Stamp,
        }
    }

    pub fn parse(text: &str) -> Option<Slot> {
        Some(match text {
            "logo-kiri" | "logo_left" => Slot::LogoLeft,
            "logo-kanan" | "logo_right" => Slot::LogoRight,
            "tanda-tangan" | "signature" => Slot::Signature,
            "stempel" | "stamp" => Slot::Stamp,
            _ => return None,
        })
    }
}

pub fn event_papers(conn: &Connection, event_id: i64) -> Result<EventPapers> {
    crate::db::events::get(conn, event_id)?;
    let found = conn
        .query_row(
            "SELECT letterhead_id, logo_left_id, logo_right_id, signature_id, stamp_id, materai
             FROM event_papers WHERE event_id = ?1",
            [event_id],
            |r| {
                Ok(EventPapers {
                    event_id,
                    letterhead_id: r.get(0)?,
                    logo_left_id: r.get(1)?,
                    logo_right_id: r.get(2)?,
                    signature_id: r.get(3)?,
                    stamp_id: r.get(4)?,
                    materai: r.get::<_, i64>(5)? != 0,
                })
            },
        )
        .optional()?;
    Ok(found.unwrap_or(EventPapers {
        event_id,
        ..EventPapers::default()
    }))
}

fn save(
    tx: &rusqlite::Transaction,
    before: &EventPapers,
    after: &EventPapers,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO event_papers (event_id, letterhead_id, logo_left_id, logo_right_id, signature_id, stamp_id, materai)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (event_id) DO UPDATE SET letterhead_id = ?2, logo_left_id = ?3,
            logo_right_id = ?4, signature_id = ?5, stamp_id = ?6, materai = ?7",
        params![
            after.event_id,
            after.letterhead_id,
            after.logo_left_id,
            after.logo_right_id,
            after.signature_id,
            after.stamp_id,
            i64::from(after.materai)
        ],
    )?;
    if before != after {
        audit::append(
            tx,
            now,
            actor,
            "event.papers",
            "event",
            Some(after.event_id),
            &audit::changed_fields(before, after),
        )?;
    }
    Ok(())
}

/// Changes an event's papers by `change`, in one transaction that also
/// audits what changed.
fn update(
    conn: &mut Connection,
    event_id: i64,
    actor: Actor,
    now: DateTime<Utc>,
    change: impl FnOnce(&rusqlite::Transaction, &mut EventPapers) -> Result<()>,
) -> Result<EventPapers> {
    let before = event_papers(conn, event_id)?;
    let mut after = before.clone();
    let tx = conn.transaction()?;
    change(&tx, &mut after)?;
    save(&tx, &before, &after, actor, now)?;
    tx.commit()?;
    Ok(after)
}

/// Picks the letterhead of an event's papers (None: no letterhead).
pub fn set_letterhead(
    conn: &mut Connection,
    event_id: i64,
    letterhead_id: Option<i64>,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<EventPapers> {
    if let Some(id) = letterhead_id {
        letterhead(conn, id)?;
    }
    update(conn, event_id, actor, now, |_, p| {
        p.letterhead_id = letterhead_id;
        Ok(())
    })
}

/// Puts the image `bytes` (checked for the slot's use) in `slot`, or
/// empties it.
pub fn set_image(
    conn: &mut Connection,
    event_id: i64,
    slot: Slot,
    bytes: Option<&[u8]>,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<EventPapers> {
    update(conn, event_id, actor, now, |tx, p| {
        let id = match bytes {
            Some(bytes) => Some(images::store(tx, bytes, slot.role(), slot.column(), now)?.id),
            None => None,
        };
        match slot {
            Slot::LogoLeft => p.logo_left_id = id,
            Slot::LogoRight => p.logo_right_id = id,
            Slot::Signature => p.signature_id = id,
            Slot::Stamp => p.stamp_id = id,
        }
        Ok(())
    })
}

/// Turns the materai box on the statements on or off.
pub fn set_materai(
    conn: &mut Connection,
    event_id: i64,
    on: bool,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<EventPapers> {
    update(conn, event_id, actor, now, |_, p| {
        p.materai = on;
        Ok(())
    })
}
