//! The hall: signing through the laptop from tablets and attendees' own
//! phones. What is stored and decided lives here (paired devices, phone
//! sessions, the way in of each declaration, the organiser's live view);
//! the HTTP server over it is the `netra-hub` crate.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::Actor;
use crate::db;
use crate::declaration;
use crate::error::Result;

pub mod devices;
pub mod offers;
pub mod phones;
pub mod tokens;
pub mod wire;

/// The way a declaration came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// The laptop's own kiosk window (and scripted demo signings).
    Kiosk,
    /// A paired tablet, by device id.
    Device(i64),
    /// An attendee's phone, by phone-session id.
    Phone(i64),
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Kiosk => "kiosk",
            Channel::Device(_) => "device",
            Channel::Phone(_) => "phone",
        }
    }

    pub fn device_id(self) -> Option<i64> {
        match self {
            Channel::Device(id) => Some(id),
            _ => None,
        }
    }

    /// Who the audit log names for a signature through this way in.
    pub fn actor(self) -> Actor {
        match self {
            Channel::Kiosk => Actor::Kiosk,
            Channel::Device(_) => Actor::Device,
            Channel::Phone(_) => Actor::Phone,
        }
    }

    /// From the stored columns; `None` for a row that does not add up.
    pub(crate) fn from_row(kind: &str, device: Option<i64>, phone: Option<i64>) -> Option<Channel> {
        match (kind, device, phone) {
            ("kiosk", None, None) => Some(Channel::Kiosk),
            ("device", Some(id), None) => Some(Channel::Device(id)),
            ("phone", None, Some(id)) => Some(Channel::Phone(id)),
            _ => None,
        }
    }
}

pub(crate) fn parse_time(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

/// SQL for a declaration row's way in as the organiser reads it (the
/// label of [`ChannelCount`]), for a query over `declarations`.
pub(crate) const VIA_SQL: &str = "CASE declarations.channel
        WHEN 'kiosk' THEN 'Kiosk laptop' WHEN 'phone' THEN 'Ponsel peserta'
        ELSE COALESCE((SELECT name FROM hub_devices h WHERE h.id = declarations.device_id), 'Tablet')
    END";

/// Live declarations through one way in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChannelCount {
    /// "kiosk", "device" or "phone".
    pub channel: String,
    /// "Kiosk laptop", the device's name, or "Ponsel peserta".
    pub label: String,
    pub count: i64,
}

/// Live declarations of an event by way in: the laptop's kiosk, each
/// device by name, phones together. Ways with no signature are left out.
pub fn counts(conn: &Connection, event_id: i64) -> Result<Vec<ChannelCount>> {
    let rows = conn
        .prepare(&format!(
            "SELECT channel, {VIA_SQL} AS via, COUNT(*) FROM declarations
                 WHERE event_id = ?1 AND voided_at IS NULL
                 GROUP BY channel, device_id
                 ORDER BY CASE channel WHEN 'kiosk' THEN 0 WHEN 'device' THEN 1 ELSE 2 END,
                          via, device_id"
        ))?
        .query_map([event_id], |r| {
            Ok(ChannelCount {
                channel: r.get(0)?,
                label: r.get(1)?,
                count: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// One signature in the live view's list of the latest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecentSigning {
    pub declaration_id: i64,
    pub name: String,
    /// "09.12 WIB".
    pub time_label: String,
    /// Where it was signed ([`ChannelCount::label`]).
    pub via: String,
}

/// What the organiser watches while the hall signs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HallView {
    pub event_id: i64,
    pub invited: i64,
    pub present: i64,
    pub signed: i64,
    pub channels: Vec<ChannelCount>,
    pub devices: Vec<devices::Device>,
    /// Phone sessions opened, and how many of them signed.
    pub phones_opened: i64,
    pub recent: Vec<RecentSigning>,
}

/// How many of the latest signatures the live view lists.
pub const RECENT: i64 = 12;

/// The live view of an event.
pub fn view(conn: &Connection, event_id: i64) -> Result<HallView> {
    let event = db::events::get(conn, event_id)?;
    let (invited, present): (i64, i64) = conn.query_row(
        "SELECT COUNT(*), COUNT(checked_in_at) FROM people WHERE event_id = ?1",
        [event_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let signed: i64 = conn.query_row(
        "SELECT COUNT(*) FROM declarations WHERE event_id = ?1 AND voided_at IS NULL",
        [event_id],
        |r| r.get(0),
    )?;
    let phones_opened: i64 = conn.query_row(
        "SELECT COUNT(*) FROM hub_phones WHERE event_id = ?1",
        [event_id],
        |r| r.get(0),
    )?;
    let recent = conn
        .prepare(&format!(
            "SELECT id, snapshot, signed_at, {VIA_SQL} FROM declarations
                 WHERE event_id = ?1 AND voided_at IS NULL ORDER BY seq DESC LIMIT ?2"
        ))?
        .query_map(rusqlite::params![event_id, RECENT], |r| {
            let snapshot: String = r.get(1)?;
            let name = serde_json::from_str::<declaration::Snapshot>(&snapshot)
                .map(|s| s.name)
                .unwrap_or_default();
            Ok(RecentSigning {
                declaration_id: r.get(0)?,
                name,
                time_label: declaration::time_label(&event, parse_time(&r.get::<_, String>(2)?)),
                via: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(HallView {
        event_id,
        invited,
        present,
        signed,
        channels: counts(conn, event_id)?,
        devices: devices::list(conn, event_id)?,
        phones_opened,
        recent,
    })
}
