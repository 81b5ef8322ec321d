//! What official papers carry besides the record itself: the letterhead
//! (kop surat) an office sets up once and picks per event, the two logos
//! of a certificate, the official's scanned signature and stamp (so 1,000
//! certificates need no wet signature), and the materai box some offices
//! require on a statement; the certificate's design (two built in, or the
//! organiser's own background with its text positions) and whether a
//! statement's audit trail gets a page of its own. `pdf` draws them; this
//! module keeps them.

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
    pub design: Design,
    /// The organiser's own certificate background (design `latar`).
    pub background_id: Option<i64>,
    /// Where the text goes on that background.
    pub layout: Layout,
    /// Each statement's audit trail on a second page, in readable type,
    /// rather than in small type under the signature.
    pub detailed: bool,
}

/// How certificates look.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Design {
    /// Centred, serif title and name, a double frame.
    #[default]
    Klasik,
    /// A dark band on the left with the logos, text set flush left in
    /// sans-serif.
    Modern,
    /// The organiser's own A4 landscape background, the text placed by
    /// [`Layout`].
    Latar,
}

impl Design {
    pub const ALL: [Design; 3] = [Design::Klasik, Design::Modern, Design::Latar];

    pub fn as_str(self) -> &'static str {
        match self {
            Design::Klasik => "klasik",
            Design::Modern => "modern",
            Design::Latar => "latar",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Design::Klasik => "Klasik (bingkai ganda, rata tengah)",
            Design::Modern => "Modern (pita gelap di kiri, rata kiri)",
            Design::Latar => "Latar sendiri (gambar A4 lanskap)",
        }
    }

    pub fn parse(text: &str) -> Option<Design> {
        Design::ALL
            .into_iter()
            .find(|d| d.as_str() == text.trim().to_lowercase())
    }
}

/// Where a certificate's text goes on the organiser's background, in mm
/// from the top left of an A4 landscape sheet (297 x 210). On F4 the
/// background keeps its A4 size, centred.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Layout {
    /// Print the organiser's name and "SERTIFIKAT" (off when the
    /// background already carries a title).
    pub title: bool,
    /// Baseline of "SERTIFIKAT".
    pub title_y: u16,
    /// Baseline of the recipient's name; NIP, position and the text of
    /// participation follow under it.
    pub name_y: u16,
    /// Top of the signatures (the attendee's and the official's).
    pub sign_y: u16,
    /// Left and right margin of the text, inside the background's border.
    pub side: u16,
}

impl Default for Layout {
    fn default() -> Layout {
        Layout {
            title: true,
            title_y: 58,
            name_y: 92,
            sign_y: 142,
            side: 30,
        }
    }
}

impl Layout {
    /// Room the name and what follows it need above the signatures.
    pub const TEXT_ROOM: u16 = 38;

    fn validated(self) -> Result<Layout> {
        let mut errors = Vec::new();
        let mut check =
            |field: &str, value: u16, range: std::ops::RangeInclusive<u16>, what: &str| {
                if !range.contains(&value) {
                    errors.push(crate::FieldError::new(
                        field,
                        format!(
                            "{what} {value} mm di luar halaman; isi {} sampai {} mm",
                            range.start(),
                            range.end()
                        ),
                    ));
                }
            };
        check("title_y", self.title_y, 20..=120, "Letak judul");
        check("name_y", self.name_y, 30..=150, "Letak nama");
        check("sign_y", self.sign_y, 80..=160, "Letak tanda tangan");
        check("side", self.side, 10..=80, "Tepi kiri-kanan");
        if self.title && self.title_y + 15 > self.name_y {
            errors.push(crate::FieldError::new(
                "name_y",
                format!(
                    "Nama harus paling sedikit 15 mm di bawah judul (judul {} mm, nama {} mm)",
                    self.title_y, self.name_y
                ),
            ));
        }
        if self.name_y + Self::TEXT_ROOM > self.sign_y {
            errors.push(crate::FieldError::new(
                "sign_y",
                format!(
                    "Tanda tangan harus paling sedikit {} mm di bawah nama, agar NIP, jabatan dan keterangan muat (nama {} mm, tanda tangan {} mm)",
                    Self::TEXT_ROOM,
                    self.name_y,
                    self.sign_y
                ),
            ));
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(Error::Invalid(errors))
        }
    }
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
    /// The certificate background of design `latar`.
    Background,
}

impl Slot {
    fn column(self) -> &'static str {
        match self {
            Slot::LogoLeft => "logo_left_id",
            Slot::LogoRight => "logo_right_id",
            Slot::Signature => "signature_id",
            Slot::Stamp => "stamp_id",
            Slot::Background => "background_id",
        }
    }

    fn role(self) -> Role {
        match self {
            Slot::LogoLeft | Slot::LogoRight => Role::Logo,
            Slot::Signature => Role::Signature,
            Slot::Stamp => Role::Stamp,
            Slot::Background => Role::Background,
        }
    }

    pub fn parse(text: &str) -> Option<Slot> {
        Some(match text {
            "logo-kiri" | "logo_left" => Slot::LogoLeft,
            "logo-kanan" | "logo_right" => Slot::LogoRight,
            "tanda-tangan" | "signature" => Slot::Signature,
            "stempel" | "stamp" => Slot::Stamp,
            "latar" | "background" => Slot::Background,
            _ => return None,
        })
    }
}

pub fn event_papers(conn: &Connection, event_id: i64) -> Result<EventPapers> {
    crate::db::events::get(conn, event_id)?;
    let found = conn
        .query_row(
            "SELECT letterhead_id, logo_left_id, logo_right_id, signature_id, stamp_id, materai,
                    design, background_id, layout, detailed
             FROM event_papers WHERE event_id = ?1",
            [event_id],
            |r| {
                let layout: String = r.get(8)?;
                Ok(EventPapers {
                    event_id,
                    letterhead_id: r.get(0)?,
                    logo_left_id: r.get(1)?,
                    logo_right_id: r.get(2)?,
                    signature_id: r.get(3)?,
                    stamp_id: r.get(4)?,
                    materai: r.get::<_, i64>(5)? != 0,
                    design: Design::parse(&r.get::<_, String>(6)?).unwrap_or_default(),
                    background_id: r.get(7)?,
                    // Empty (never set) or unreadable: the default places.
                    layout: serde_json::from_str(&layout).unwrap_or_default(),
                    detailed: r.get::<_, i64>(9)? != 0,
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
        "INSERT INTO event_papers (event_id, letterhead_id, logo_left_id, logo_right_id, signature_id,
            stamp_id, materai, design, background_id, layout, detailed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (event_id) DO UPDATE SET letterhead_id = ?2, logo_left_id = ?3,
            logo_right_id = ?4, signature_id = ?5, stamp_id = ?6, materai = ?7,
            design = ?8, background_id = ?9, layout = ?10, detailed = ?11",
        params![
            after.event_id,
            after.letterhead_id,
            after.logo_left_id,
            after.logo_right_id,
            after.signature_id,
            after.stamp_id,
            i64::from(after.materai),
            after.design.as_str(),
            after.background_id,
            serde_json::to_string(&after.layout).unwrap_or_default(),
            i64::from(after.detailed)
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
/// empties it. A background given makes the certificates use it; taking
/// it away goes back to the classic design.
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
            Slot::Background => {
                p.background_id = id;
                p.design = if id.is_some() {
                    Design::Latar
                } else if p.design == Design::Latar {
                    Design::Klasik
                } else {
                    p.design
                };
            }
        }
        Ok(())
    })
}

/// Picks the certificate design; `latar` needs the background first.
pub fn set_design(
    conn: &mut Connection,
    event_id: i64,
    design: Design,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<EventPapers> {
    update(conn, event_id, actor, now, |_, p| {
        if design == Design::Latar && p.background_id.is_none() {
            return Err(Error::field(
                "design",
                "Desain latar sendiri butuh gambar latar: unggah dulu gambar A4 lanskapnya",
            ));
        }
        p.design = design;
        Ok(())
    })
}

/// Sets where the text goes on the organiser's background (checked to
/// stay on the page and not to overlap).
pub fn set_layout(
    conn: &mut Connection,
    event_id: i64,
    layout: Layout,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<EventPapers> {
    let layout = layout.validated()?;
    update(conn, event_id, actor, now, |_, p| {
        p.layout = layout;
        Ok(())
    })
}

/// Puts each statement's audit trail on a page of its own, or back under
/// the signature.
pub fn set_detailed(
    conn: &mut Connection,
    event_id: i64,
    on: bool,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<EventPapers> {
    update(conn, event_id, actor, now, |_, p| {
        p.detailed = on;
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
