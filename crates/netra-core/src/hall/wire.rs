//! What tablets and phones send to the hub and get back, beside the
//! kiosk's own types (`KioskSession`, `KioskSearch`, `Submission`, ...).
//! Here so the TypeScript bindings come from one place.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::declaration::kiosk::KioskSession;

/// A tablet taking a pairing QR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PairRequest {
    /// The one-time token from the pairing QR.
    pub token: String,
    /// What the organiser's device list calls it ("Tablet pintu kiri").
    pub name: String,
}

/// A phone that scanned the code on the screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PhoneRequest {
    pub token: String,
}

/// How a browser signs: as a paired kiosk or as one attendee's phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum HubMode {
    Device,
    Phone,
}

/// The token a browser keeps and sends as `Authorization: Bearer <token>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HubLogin {
    pub mode: HubMode,
    /// `device.<43 chars>` or `phone.<43 chars>`.
    pub token: String,
    pub device_name: Option<String>,
}

/// What a browser kiosk needs when it opens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HubSession {
    pub mode: HubMode,
    pub device_name: Option<String>,
    /// A phone session that already signed: it shows its thank-you, not a search.
    pub used: bool,
    pub session: KioskSession,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FindRequest {
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonRequest {
    pub person_id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExitRequest {
    pub pin: String,
}

/// The answer to a device's heartbeat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HubPing {
    pub open: bool,
    pub phones_open: bool,
}

/// A QR the organiser shows: the address it opens and when it stops
/// working (pairing) or changes (phones).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HubQr {
    pub url: String,
    /// The QR as an SVG document.
    pub svg: String,
    /// Seconds since the epoch when this code stops working or changes.
    pub until: i64,
}

/// A network interface of the laptop, for the organiser to pick the one
/// the hall's Wi-Fi is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NetworkInterface {
    /// `wlan0`, `eth0`, `lo`.
    pub name: String,
    pub addresses: Vec<String>,
    /// Loopback: only this laptop can reach it (for trying things out).
    pub loopback: bool,
}

/// What the organiser picks to start the hub.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HubStart {
    pub event_id: i64,
    /// One of the interfaces' addresses.
    pub address: String,
    /// 0 picks a free port.
    pub port: u16,
    /// Open signing by phone from the start.
    pub phones: bool,
}

/// The running hub, as the organiser's screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HubRunning {
    pub event_id: i64,
    /// `http://192.168.1.10:8080`.
    pub url: String,
    pub phones_open: bool,
}
