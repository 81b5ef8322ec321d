//! "Kiosk tambahan": the hall hub that tablets and attendees' phones sign
//! through (the `netra-hub` crate). The organiser's window starts and stops
//! it, shows its codes, watches the hall and revokes a device. Every
//! signature it takes goes through the same core path as the kiosk window.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use netra_core::audit::Actor;
use netra_core::hall::devices::{self, Device};
use netra_core::hall::wire::{HubQr, HubRunning, HubStart, NetworkInterface};
use netra_core::hall::{self, HallView};
use netra_core::{Error, ErrorReport};
use netra_hub::{AccessLog, Changes, Config, Hub};
use tauri::{AppHandle, State};

use super::now;
use crate::state::{AppAssets, Db, Hall, Signer};

/// How long devices are told "stopped" before the port closes: longer
/// than their 5-second heartbeat, so each of them hears it (as `netra hub`).
pub const STOP_GRACE: Duration = Duration::from_secs(8);
/// The access log's file name, beside the database.
const ACCESS_LOG: &str = "hub-access.log";
const FOLLOW_EVERY: Duration = Duration::from_millis(700);

#[tauri::command(async)]
pub fn hub_interfaces() -> Vec<NetworkInterface> {
    netra_hub::net::interfaces()
}

/// Starts the hub for one event on the chosen address; refused while one runs.
#[tauri::command(async)]
pub fn start_hub(
    app: AppHandle,
    db: State<'_, Db>,
    signer: State<'_, Signer>,
    hall: State<'_, Hall>,
    start: HubStart,
) -> Result<HubRunning, ErrorReport> {
    let listen = listen_address(&start)?;
    // A broken key is the organiser's to fix, before any attendee signs.
    let key = signer.key(&db)?;
    let access_log = AccessLog::to_file(&db.path().with_file_name(ACCESS_LOG))
        .map_err(|e| ErrorReport::from(Error::from(e)))?;
    hall.start(|| {
        let hub = Hub::start(Config {
            db_path: db.path().to_path_buf(),
            event_id: start.event_id,
            listen,
            public_host: None,
            key: Arc::clone(&key),
            assets: Arc::new(AppAssets::new(&app)),
            phones_open: start.phones,
            access_log,
            stop_grace: STOP_GRACE,
        })?;
        follow_changes(app.clone(), hub.changes());
        Ok(hub)
    })
}

/// Tells the organiser's screens when tablets and phones changed the
/// attendance, at most every `FOLLOW_EVERY` however fast they sign; ends
/// with the hub.
fn follow_changes(app: AppHandle, mut changes: Changes) {
    std::thread::spawn(move || loop {
        std::thread::sleep(FOLLOW_EVERY);
        match changes.take() {
            Some(true) => super::attendance_changed(&app),
            Some(false) => {}
            None => return,
        }
    });
}

fn listen_address(start: &HubStart) -> Result<SocketAddr, ErrorReport> {
    match start.address.trim().parse::<IpAddr>() {
        Ok(ip) => Ok(SocketAddr::new(ip, start.port)),
        Err(_) => Err(Error::field("address", "pilih salah satu jaringan laptop ini").into()),
    }
}

/// Tells devices the hub stopped, waits the grace period, closes the port.
/// The wait runs on a blocking thread; the window stays responsive.
#[tauri::command]
pub async fn stop_hub(hall: State<'_, Hall>) -> Result<(), ErrorReport> {
    let Some(hub) = hall.take() else {
        return Ok(());
    };
    tauri::async_runtime::spawn_blocking(move || hub.stop())
        .await
        .map_err(|e| Error::Environment(format!("Kiosk tambahan gagal dihentikan: {e}")).into())
}

#[tauri::command(async)]
pub fn hub_running(hall: State<'_, Hall>) -> Option<HubRunning> {
    hall.running()
}

/// The live view of an event, whether or not the hub runs.
#[tauri::command(async)]
pub fn hub_view(db: State<'_, Db>, event_id: i64) -> Result<HallView, ErrorReport> {
    db.with(|c| hall::view(c, event_id))
}

/// A fresh one-time pairing code for a tablet (two minutes).
#[tauri::command(async)]
pub fn hub_pairing(hall: State<'_, Hall>) -> Result<HubQr, ErrorReport> {
    hall.with(Hub::pairing)
}

/// The phones' code as it is now (it rotates); `None` while phones are off.
#[tauri::command(async)]
pub fn hub_phone_code(hall: State<'_, Hall>) -> Result<Option<HubQr>, ErrorReport> {
    hall.with(Hub::phone_code)
}

/// Opens or closes signing by phone; open phone sessions stop at once.
#[tauri::command(async)]
pub fn hub_set_phones(hall: State<'_, Hall>, open: bool) -> Result<HubRunning, ErrorReport> {
    hall.with(|hub| hub.set_phones(open))?;
    hall.running()
        .ok_or_else(|| Error::Closed("Kiosk tambahan belum dimulai".into()).into())
}

/// Ends a paired device's token at once (a lost or misused tablet); works
/// with the hub stopped too, so it cannot come back when it restarts.
#[tauri::command(async)]
pub fn revoke_device(
    db: State<'_, Db>,
    event_id: i64,
    device_id: i64,
) -> Result<Device, ErrorReport> {
    db.with(|c| devices::revoke(c, event_id, device_id, Actor::Organizer, now().0))
}
