//! Signed declarations: one attendee's *surat pernyataan netralitas*, as a
//! link in the event's hash chain, signed by the installation key.
//!
//! A record is the JSON [`SignedBody`] (person as at signing, event, pledge
//! text hash, strokes hash, time, previous record's hash); its SHA-256 is
//! the record hash, which the installation key signs. Submitting is one
//! IMMEDIATE transaction on a `synchronous=FULL` connection: when
//! [`submit`] returns, the declaration is on disk; when it fails, nothing
//! of it is.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::audit::{self, Actor};
use crate::db;
use crate::error::{Error, Result};
use crate::event::Event;
use crate::hall::Channel;
use crate::indonesian_date;
use crate::keys::InstallationKey;
use crate::roster::person::{Category, Person};

use strokes::Strokes;

pub mod chain;
pub mod kiosk;
pub mod pledge;
pub mod strokes;

/// `prev_hash` of an event's first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// Version of the [`SignedBody`] layout.
pub const BODY_VERSION: u32 = 1;

/// The person as they were when they signed; later roster edits do not
/// change what they signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Snapshot {
    pub name: String,
    pub nip: Option<String>,
    pub category: Category,
    pub rank: String,
    pub position: String,
    pub unit: String,
}

impl From<&Person> for Snapshot {
    fn from(p: &Person) -> Self {
        Snapshot {
            name: p.name.clone(),
            nip: p.nip.clone(),
            category: p.category,
            rank: p.rank.clone(),
            position: p.position.clone(),
            unit: p.unit.clone(),
        }
    }
}

/// Exactly what is hashed and signed. Field order is fixed by the struct,
/// so the JSON is the same in every build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedBody {
    pub v: u32,
    pub event_id: i64,
    pub seq: i64,
    pub person_id: i64,
    pub person: Snapshot,
    pub pledge_hash: String,
    pub strokes_hash: String,
    pub signed_at: String,
    pub prev_hash: String,
}

impl SignedBody {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// SHA-256 (hex) of a signed body's JSON text.
pub fn record_hash(body_json: &str) -> String {
    hex::encode(Sha256::digest(body_json.as_bytes()))
}

/// The message a version-1 chain head was signed over (before voids were
/// signed); still checked for events that have no voids.
pub fn head_message_v1(event_id: i64, seq: i64, record_hash: &str) -> String {
    format!("netra-head:{event_id}:{seq}:{record_hash}")
}

/// Version of the chain head written now.
pub const HEAD_VERSION: i64 = 2;

/// The message the installation key signs for an event's newest link and
/// its voids: `voids` are the [`void_message`]s of the voided records in
/// chain order, so adding, removing or editing a void breaks the head.
pub fn head_message(event_id: i64, seq: i64, record_hash: &str, voids: &[String]) -> String {
    let mut h = Sha256::new();
    for v in voids {
        h.update(v.as_bytes());
        h.update(b"\n");
    }
    format!(
        "netra-head:v2:{event_id}:{seq}:{record_hash}:{}:{}",
        voids.len(),
        hex::encode(h.finalize())
    )
}

/// What the installation key signs when a declaration is voided.
pub fn void_message(
    event_id: i64,
    seq: i64,
    record_hash: &str,
    voided_at: &str,
    reason: &str,
) -> String {
    format!(
        "netra-void:v1:{event_id}:{seq}:{record_hash}:{voided_at}:{}",
        hex::encode(Sha256::digest(reason.as_bytes()))
    )
}

/// The void messages of an event's voided records as stored, in chain order.
fn stored_voids(conn: &Connection, event_id: i64) -> Result<Vec<String>> {
    let rows = conn
        .prepare(
            "SELECT seq, record_hash, voided_at, COALESCE(void_reason, '') FROM declarations
             WHERE event_id = ?1 AND voided_at IS NOT NULL ORDER BY seq, id",
        )?
        .query_map([event_id], |r| {
            Ok(void_message(
                event_id,
                r.get(0)?,
                &r.get::<_, String>(1)?,
                &r.get::<_, String>(2)?,
                &r.get::<_, String>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The newest link of an event's chain (seq, record hash); `(0, GENESIS)`
/// before the first.
fn last_link(conn: &Connection, event_id: i64) -> Result<(i64, String)> {
    Ok(conn
        .query_row(
            "SELECT seq, record_hash FROM declarations WHERE event_id = ?1
             ORDER BY seq DESC LIMIT 1",
            [event_id],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()?
        .unwrap_or((0, GENESIS.to_string())))
}

/// Signs and stores the event's head: its newest link and its voids.
fn sign_head(
    conn: &Connection,
    key: &InstallationKey,
    event_id: i64,
    seq: i64,
    hash: &str,
) -> Result<()> {
    let voids = stored_voids(conn, event_id)?;
    conn.execute(
        "INSERT INTO chain_heads (event_id, seq, record_hash, key_id, key_signature, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (event_id) DO UPDATE SET seq = excluded.seq,
             record_hash = excluded.record_hash, key_id = excluded.key_id,
             key_signature = excluded.key_signature, version = excluded.version",
        params![
            event_id,
            seq,
            hash,
            key.key_id(),
            key.sign_hex(head_message(event_id, seq, hash, &voids).as_bytes()),
            HEAD_VERSION
        ],
    )?;
    // The event remembers how long its chain is, so a chain deleted with
    // its head is still missed.
    conn.execute(
        "UPDATE events SET chain_seq = MAX(chain_seq, ?2) WHERE id = ?1",
        params![event_id, seq],
    )?;
    Ok(())
}

/// Brings signatures made before schema version 7 up to date with `key`:
/// voids get their own signature and version-1 heads are signed again over
/// their voids. Only heads this key signed, and only while they still
/// verify, are re-signed: a head changed outside Netra stays broken.
pub fn sign_legacy(conn: &mut Connection, key: &InstallationKey, now: DateTime<Utc>) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let heads: Vec<(i64, i64, String, String)> = tx
        .prepare(
            "SELECT event_id, seq, record_hash, key_signature FROM chain_heads
             WHERE version = 1 AND key_id = ?1",
        )?
        .query_map([key.key_id()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let own = key.verifying_key();
    let mut upgraded = Vec::new();
    for (event_id, seq, hash, sig) in heads {
        if !crate::keys::verify_hex(&own, head_message_v1(event_id, seq, &hash).as_bytes(), &sig) {
            continue;
        }
        let voids: Vec<(i64, i64, String, String, String)> = tx
            .prepare(
                "SELECT id, seq, record_hash, voided_at, COALESCE(void_reason, '') FROM declarations
                 WHERE event_id = ?1 AND voided_at IS NOT NULL AND void_signature IS NULL
                   AND key_id = ?2",
            )?
            .query_map(params![event_id, key.key_id()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (id, seq, hash, at, reason) in voids {
            let msg = void_message(event_id, seq, &hash, &at, &reason);
            tx.execute(
                "UPDATE declarations SET void_key_id = ?2, void_signature = ?3 WHERE id = ?1",
                params![id, key.key_id(), key.sign_hex(msg.as_bytes())],
            )?;
        }
        sign_head(&tx, key, event_id, seq, &hash)?;
        upgraded.push(event_id);
    }
    if !upgraded.is_empty() {
        audit::append(
            &tx,
            now,
            Actor::Netra,
            "chain.resign",
            "event",
            None,
            &serde_json::json!({ "events": upgraded, "head_version": HEAD_VERSION }),
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// What the kiosk sends when an attendee taps "Kirim".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Submission {
    /// Made by the kiosk once per signing; sending it again (double tap,
    /// retry after a timeout) returns the same declaration.
    pub submission_id: String,
    pub person_id: i64,
    /// Hash of the pledge text that was on screen.
    pub pledge_hash: String,
    /// `{width, height, strokes: pad.toData()}` as JSON text.
    pub strokes: String,
    /// The pad's PNG (data URL), a preview only: the strokes are the record.
    pub png: Option<String>,
}

/// What the attendee is told after the commit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Receipt {
    pub declaration_id: i64,
    pub seq: i64,
    pub name: String,
    pub signed_at: DateTime<Utc>,
    /// "09.12 WIB".
    pub time_label: String,
    /// First 12 hex digits of the record hash, printed on the certificate.
    pub short_hash: String,
    /// True when this submission had already been saved (double tap).
    pub repeated: bool,
}

/// A declaration as the organiser sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Declaration {
    pub id: i64,
    pub event_id: i64,
    pub person_id: i64,
    pub seq: i64,
    pub person: Snapshot,
    pub signed_at: DateTime<Utc>,
    pub record_hash: String,
    pub pledge_text_id: i64,
    pub voided_at: Option<DateTime<Utc>>,
    pub void_reason: Option<String>,
    /// Where it was signed: "Kiosk laptop", a tablet's name, "Ponsel peserta".
    pub via: String,
}

/// "09.12 WIB" in the event's zone.
pub fn time_label(event: &Event, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&event.timezone.offset());
    format!(
        "{} {}",
        indonesian_date::time(local.time()),
        event.timezone.as_str()
    )
}

/// "9 Januari 2024 pukul 09.12 WIB" in the event's zone.
pub fn signed_label(event: &Event, at: DateTime<Utc>) -> String {
    let day = at.with_timezone(&event.timezone.offset()).date_naive();
    format!(
        "{} pukul {}",
        indonesian_date::date(day),
        time_label(event, at)
    )
}

fn check_submission_id(id: &str) -> Result<()> {
    let ok = (8..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Error::field(
            "submission_id",
            "nomor kiriman tidak sah (8–64 huruf, angka atau tanda hubung)",
        ))
    }
}

/// Saves one signed declaration. Checks everything before writing; writes
/// the record, its strokes, the chain head, the check-in and the audit
/// entry in one transaction.
pub fn submit(
    conn: &mut Connection,
    key: &InstallationKey,
    event_id: i64,
    sub: &Submission,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Receipt> {
    submit_through(conn, key, event_id, sub, Channel::Kiosk, actor, now)
}

/// [`submit`] through a given way in: a paired device or a phone session
/// is recorded with the declaration, and a phone session signs only once.
pub fn submit_through(
    conn: &mut Connection,
    key: &InstallationKey,
    event_id: i64,
    sub: &Submission,
    channel: Channel,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Receipt> {
    check_submission_id(&sub.submission_id)?;
    let strokes = Strokes::parse(&sub.strokes)?;
    let png = sub.png.as_deref().map(strokes::decode_png).transpose()?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let event = db::events::get(&tx, event_id)?;

    if let Some(found) = repeated_in(&tx, &event, sub, channel)? {
        return Ok(found);
    }
    // A retry of what was stored before the event closed is answered above.
    db::events::get_open(&tx, event_id)?;

    if event.archived_at.is_some() {
        return Err(Error::field(
            "event_id",
            "Acara ini sudah diarsipkan; penandatanganan ditutup",
        ));
    }
    let person = db::people::get(&tx, sub.person_id)?
        .filter(|p| p.event_id == event_id)
        .ok_or_else(|| Error::field("person_id", "Peserta ini tidak terdaftar pada acara ini"))?;
    let text = pledge::by_hash(&tx, event_id, &sub.pledge_hash)?.ok_or_else(|| {
        Error::field(
            "pledge_hash",
            "Teks pernyataan yang ditampilkan tidak dikenal untuk acara ini; mulai lagi dari awal",
        )
    })?;
    if let Some(at) = live_for_person(&tx, event_id, person.id)? {
        return Err(Error::AlreadySigned {
            at: signed_label(&event, at),
        });
    }

    let (last_seq, prev_hash) = last_link(&tx, event_id)?;
    let seq = last_seq + 1;
    let snapshot = Snapshot::from(&person);
    let signed_at = db::to_text(now);
    let body = SignedBody {
        v: BODY_VERSION,
        event_id,
        seq,
        person_id: person.id,
        person: snapshot.clone(),
        pledge_hash: text.content_hash.clone(),
        strokes_hash: strokes.hash(),
        signed_at: signed_at.clone(),
        prev_hash: prev_hash.clone(),
    };
    let body_json = body.to_json();
    let hash = record_hash(&body_json);
    if let Channel::Phone(phone) = channel {
        crate::hall::phones::check_unused(&tx, event_id, phone)?;
    }
    key.register(&tx, now)?;
    tx.execute(
        "INSERT INTO declarations (event_id, person_id, pledge_text_id, seq, snapshot, signed_at,
             prev_hash, record_hash, key_id, key_signature, signed_body, submission_id,
             channel, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            event_id,
            person.id,
            text.id,
            seq,
            serde_json::to_string(&snapshot).unwrap_or_default(),
            signed_at,
            prev_hash,
            hash,
            key.key_id(),
            key.sign_hex(hash.as_bytes()),
            body_json,
            sub.submission_id,
            channel.as_str(),
            channel.device_id(),
        ],
    )?;
    let id = tx.last_insert_rowid();
    if let Channel::Phone(phone) = channel {
        crate::hall::phones::spend(&tx, phone, id)?;
    }
    tx.execute(
        "INSERT INTO signatures (declaration_id, strokes, strokes_hash, width, height, png)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            id,
            strokes.canonical_json(),
            body.strokes_hash,
            strokes.width as f64,
            strokes.height as f64,
            png
        ],
    )?;
    sign_head(&tx, key, event_id, seq, &hash)?;
    // Signing at the kiosk is being there.
    tx.execute(
        "UPDATE people SET checked_in_at = ?2 WHERE id = ?1 AND checked_in_at IS NULL",
        params![person.id, signed_at],
    )?;
    audit::append(
        &tx,
        now,
        actor,
        "declaration.sign",
        "declaration",
        Some(id),
        &serde_json::json!({
            "event_id": event_id,
            "person_id": person.id,
            "seq": seq,
            "record_hash": hash,
            "channel": channel.as_str(),
            "device_id": channel.device_id(),
        }),
    )?;
    let d = get(&tx, id)?;
    tx.commit()?;
    Ok(receipt(&event, &d, false))
}

/// The receipt of a submission already saved, when `sub` is a retry from
/// the same way in. The same id from another device or phone is refused:
/// a replayed request must not read back someone else's receipt.
fn repeated_in(
    conn: &Connection,
    event: &Event,
    sub: &Submission,
    channel: Channel,
) -> Result<Option<Receipt>> {
    let Some((id, person_id, stored)) = conn
        .query_row(
            "SELECT d.id, d.person_id, d.channel, d.device_id, p.id FROM declarations d
             LEFT JOIN hub_phones p ON p.declaration_id = d.id WHERE d.submission_id = ?1",
            [&sub.submission_id],
            |r| {
                let channel = Channel::from_row(
                    &r.get::<_, String>(2)?,
                    r.get::<_, Option<i64>>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                );
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, channel))
            },
        )
        .optional()?
    else {
        return Ok(None);
    };
    let d = get(conn, id)?;
    if person_id != sub.person_id || d.event_id != event.id || stored != Some(channel) {
        return Err(Error::field(
            "submission_id",
            "nomor kiriman ini sudah dipakai untuk pernyataan lain",
        ));
    }
    Ok(Some(receipt(event, &d, true)))
}

/// A submission already saved, answered again without a new record; for a
/// hub that restarted and no longer remembers who a device searched for.
pub fn repeated(
    conn: &Connection,
    event_id: i64,
    sub: &Submission,
    channel: Channel,
) -> Result<Option<Receipt>> {
    let event = db::events::get(conn, event_id)?;
    repeated_in(conn, &event, sub, channel)
}

fn receipt(event: &Event, d: &Declaration, repeated: bool) -> Receipt {
    Receipt {
        declaration_id: d.id,
        seq: d.seq,
        name: d.person.name.clone(),
        signed_at: d.signed_at,
        time_label: time_label(event, d.signed_at),
        short_hash: d.record_hash.chars().take(12).collect(),
        repeated,
    }
}

/// When this person's live (not voided) declaration was signed, if any.
pub fn live_for_person(
    conn: &Connection,
    event_id: i64,
    person_id: i64,
) -> Result<Option<DateTime<Utc>>> {
    let at: Option<String> = conn
        .query_row(
            "SELECT signed_at FROM declarations
             WHERE event_id = ?1 AND person_id = ?2 AND voided_at IS NULL",
            params![event_id, person_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(at
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc)))
}

/// Voids a declaration: the record stays in the chain, marked, and the
/// person may sign again. The reason is required and audited; the void is
/// signed by `key` and the chain head signed again over it.
pub fn void(
    conn: &mut Connection,
    key: &InstallationKey,
    declaration_id: i64,
    reason: &str,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Declaration> {
    let reason = reason.trim();
    let n = reason.chars().count();
    if n < 5 {
        return Err(Error::field(
            "reason",
            "tuliskan alasan pembatalan (paling sedikit 5 huruf)",
        ));
    }
    if n > 500 {
        return Err(Error::field(
            "reason",
            format!("alasan terlalu panjang ({n} karakter, paling banyak 500)"),
        ));
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let before = get(&tx, declaration_id)?;
    db::events::get_open(&tx, before.event_id)?;
    if let Some(at) = before.voided_at {
        return Err(Error::field(
            "reason",
            format!("pernyataan ini sudah dibatalkan pada {}", db::to_text(at)),
        ));
    }
    let at = db::to_text(now);
    let msg = void_message(
        before.event_id,
        before.seq,
        &before.record_hash,
        &at,
        reason,
    );
    key.register(&tx, now)?;
    tx.execute(
        "UPDATE declarations SET voided_at = ?2, void_reason = ?3, void_key_id = ?4,
             void_signature = ?5 WHERE id = ?1",
        params![
            declaration_id,
            at,
            reason,
            key.key_id(),
            key.sign_hex(msg.as_bytes())
        ],
    )?;
    let (head_seq, head_hash) = last_link(&tx, before.event_id)?;
    sign_head(&tx, key, before.event_id, head_seq, &head_hash)?;
    audit::append(
        &tx,
        now,
        actor,
        "declaration.void",
        "declaration",
        Some(declaration_id),
        &serde_json::json!({
            "event_id": before.event_id,
            "person_id": before.person_id,
            "seq": before.seq,
            "record_hash": before.record_hash,
            "reason": reason,
        }),
    )?;
    let after = get(&tx, declaration_id)?;
    tx.commit()?;
    Ok(after)
}

static SELECT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT id, event_id, person_id, seq, snapshot, signed_at, record_hash,
            pledge_text_id, voided_at, void_reason, {} FROM declarations",
        crate::hall::VIA_SQL
    )
});

/// One declaration.
pub fn get(conn: &Connection, id: i64) -> Result<Declaration> {
    conn.query_row(&format!("{} WHERE id = ?1", *SELECT), [id], map)
        .optional()?
        .ok_or(Error::DeclarationNotFound(id))
}

/// The live (not voided) declaration of a person, if any.
pub fn live_of(conn: &Connection, event_id: i64, person_id: i64) -> Result<Option<Declaration>> {
    Ok(conn
        .query_row(
            &format!(
                "{} WHERE event_id = ?1 AND person_id = ?2 AND voided_at IS NULL",
                *SELECT
            ),
            params![event_id, person_id],
            map,
        )
        .optional()?)
}

/// Every declaration of an event in chain order, voided ones included.
pub fn list(conn: &Connection, event_id: i64) -> Result<Vec<Declaration>> {
    let mut stmt = conn.prepare(&format!("{} WHERE event_id = ?1 ORDER BY seq", *SELECT))?;
    let rows = stmt.query_map([event_id], map)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The stored strokes of a declaration.
pub fn strokes_of(conn: &Connection, declaration_id: i64) -> Result<Strokes> {
    let text: String = conn
        .query_row(
            "SELECT strokes FROM signatures WHERE declaration_id = ?1",
            [declaration_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(Error::DeclarationNotFound(declaration_id))?;
    Strokes::from_canonical(&text)
}

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Declaration> {
    let snapshot: String = r.get(4)?;
    Ok(Declaration {
        id: r.get(0)?,
        event_id: r.get(1)?,
        person_id: r.get(2)?,
        seq: r.get(3)?,
        person: serde_json::from_str(&snapshot).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, Box::new(e))
        })?,
        signed_at: db::utc_column(r, 5)?,
        record_hash: r.get(6)?,
        pledge_text_id: r.get(7)?,
        voided_at: match r.get::<_, Option<String>>(8)? {
            Some(_) => Some(db::utc_column(r, 8)?),
            None => None,
        },
        void_reason: r.get(9)?,
        via: r.get(10)?,
    })
}
