//! Tablets paired with the hub as kiosks. The pairing QR's one-time token
//! is exchanged for a device token the tablet keeps; the database holds
//! only its hash, the name the organiser sees, and when and from where it
//! was last seen. Revoking ends the token at once.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{parse_time, tokens};
use crate::audit::{self, Actor};
use crate::db;
use crate::error::{Error, Result};

/// How long a device name may be, in characters.
pub const NAME_MAX: usize = 40;
/// Seen-times are written at most this often per device, so a busy tablet
/// does not write on every request.
const SEEN_EVERY_SECONDS: i64 = 10;

/// A paired device as the organiser's device list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Device {
    pub id: i64,
    pub event_id: i64,
    pub name: String,
    pub paired_at: DateTime<Utc>,
    pub last_seen_at: Option<DateTime<Utc>>,
    /// Its address on the hall network when last seen.
    pub address: Option<String>,
    pub revoked: bool,
    /// Live declarations signed on it.
    pub signatures: i64,
}

const SELECT: &str = "SELECT d.id, d.event_id, d.name, d.paired_at, d.last_seen_at, d.last_address,
        d.revoked_at IS NOT NULL,
        (SELECT COUNT(*) FROM declarations x WHERE x.device_id = d.id AND x.voided_at IS NULL)
    FROM hub_devices d";

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Device> {
    Ok(Device {
        id: r.get(0)?,
        event_id: r.get(1)?,
        name: r.get(2)?,
        paired_at: parse_time(&r.get::<_, String>(3)?),
        last_seen_at: r.get::<_, Option<String>>(4)?.as_deref().map(parse_time),
        address: r.get(5)?,
        revoked: r.get(6)?,
        signatures: r.get(7)?,
    })
}

fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    let n = name.chars().count();
    if n == 0 {
        return Err(Error::field(
            "name",
            "beri nama perangkat ini, misalnya \"Tablet pintu kiri\"",
        ));
    }
    if n > NAME_MAX {
        return Err(Error::field(
            "name",
            format!("nama perangkat terlalu panjang ({n} karakter, paling banyak {NAME_MAX})"),
        ));
    }
    if let Some(msg) = crate::text::check(name) {
        return Err(Error::field("name", msg));
    }
    Ok(name.to_string())
}

/// Pairs a device with `event_id` (its one-time token already taken) and
/// returns it with the device token, which is shown to it once.
pub fn pair(
    conn: &mut Connection,
    event_id: i64,
    name: &str,
    address: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(Device, String)> {
    let name = check_name(name)?;
    let token = tokens::new_token();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    db::events::get(&tx, event_id)?;
    tx.execute(
        "INSERT INTO hub_devices (event_id, name, token_hash, paired_at, last_seen_at, last_address)
         VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
        params![event_id, name, tokens::hash(&token), db::to_text(now), address],
    )?;
    let id = tx.last_insert_rowid();
    audit::append(
        &tx,
        now,
        Actor::Device,
        "hub.device.pair",
        "hub_device",
        Some(id),
        &serde_json::json!({ "event_id": event_id, "name": name }),
    )?;
    let device = get(&tx, id)?;
    tx.commit()?;
    Ok((device, token))
}

pub fn get(conn: &Connection, id: i64) -> Result<Device> {
    conn.query_row(&format!("{SELECT} WHERE d.id = ?1"), [id], map)
        .optional()?
        .ok_or_else(|| Error::field("device_id", "perangkat ini tidak dikenal"))
}

/// The devices paired with an event, newest first.
pub fn list(conn: &Connection, event_id: i64) -> Result<Vec<Device>> {
    let rows = conn
        .prepare(&format!(
            "{SELECT} WHERE d.event_id = ?1 ORDER BY d.revoked_at IS NOT NULL, d.id DESC"
        ))?
        .query_map([event_id], map)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The device a token belongs to, if it may still sign for `event_id`.
pub fn authenticate(conn: &Connection, event_id: i64, token: &str) -> Result<Device> {
    let unknown = || {
        Error::Unauthorized(
            "Perangkat ini belum dipasangkan. Minta panitia menampilkan kode QR pemasangan, lalu pindai"
                .into(),
        )
    };
    if !tokens::well_formed(token) {
        return Err(unknown());
    }
    let device = conn
        .query_row(
            &format!("{SELECT} WHERE d.token_hash = ?1"),
            [tokens::hash(token)],
            map,
        )
        .optional()?
        .ok_or_else(unknown)?;
    if device.event_id != event_id {
        return Err(unknown());
    }
    if device.revoked {
        return Err(Error::Forbidden(
            "Perangkat ini sudah dicabut oleh panitia dan tidak bisa dipakai untuk menandatangani"
                .into(),
        ));
    }
    Ok(device)
}

/// Whether `device`'s seen-time and address are worth writing now.
pub fn seen_is_stale(device: &Device, address: Option<&str>, now: DateTime<Utc>) -> bool {
    let old = device
        .last_seen_at
        .is_none_or(|at| now - at >= Duration::seconds(SEEN_EVERY_SECONDS));
    old || device.address.as_deref() != address
}

/// Notes when and from where a device was last seen (on the connection
/// that writes, so a read never waits for the write lock).
pub fn seen(conn: &Connection, id: i64, address: Option<&str>, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE hub_devices SET last_seen_at = ?2, last_address = ?3 WHERE id = ?1",
        params![id, db::to_text(now), address],
    )?;
    Ok(())
}

/// Revokes a device: its token stops working on the next request.
pub fn revoke(
    conn: &mut Connection,
    event_id: i64,
    id: i64,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Device> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let device = get(&tx, id)?;
    if device.event_id != event_id {
        return Err(Error::field(
            "device_id",
            "perangkat ini tidak terpasang pada acara ini",
        ));
    }
    if !device.revoked {
        tx.execute(
            "UPDATE hub_devices SET revoked_at = ?2 WHERE id = ?1",
            params![id, db::to_text(now)],
        )?;
        audit::append(
            &tx,
            now,
            actor,
            "hub.device.revoke",
            "hub_device",
            Some(id),
            &serde_json::json!({ "event_id": event_id, "name": device.name }),
        )?;
    }
    let device = get(&tx, id)?;
    tx.commit()?;
    Ok(device)
}
