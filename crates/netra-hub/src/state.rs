//! What the hub holds while it runs: its own two connections to the
//! event's database (reads, and the writes every signature takes in
//! turn), the search index, the short-lived QR tokens, each client's kiosk
//! run, and the rate limiters.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use netra_core::db::Connection;
use netra_core::declaration::kiosk::Run;
use netra_core::hall::offers::{Pairings, PhoneCode};
use netra_core::hall::Channel;
use netra_core::keys::InstallationKey;
use netra_core::roster::search::SearchCache;

use crate::assets::Assets;
use crate::error::ApiError;
use crate::log::AccessLog;

/// Requests per second a device or phone may make, and the burst it may
/// spend at once (a search per keystroke).
const CLIENT_PER_SECOND: u32 = 20;
const CLIENT_BURST: u32 = 60;
/// Pairing and phone-opening calls per address: enough for a queue that
/// scans at once behind one hotspot, too few to guess tokens.
const OPEN_PER_SECOND: u32 = 20;
const OPEN_BURST: u32 = 100;
/// Kiosk runs kept; the oldest phone sessions' runs are dropped past it.
const MAX_RUNS: usize = 20_000;

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking handler leaves SQLite rolled back; keep serving.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

pub struct Shared {
    pub event_id: i64,
    pub key: Arc<InstallationKey>,
    pub reads: Mutex<Connection>,
    pub writes: Mutex<Connection>,
    pub search: Mutex<SearchCache>,
    pub pairings: Mutex<Pairings>,
    pub phone_code: Mutex<PhoneCode>,
    pub phones_open: AtomicBool,
    pub stopping: AtomicBool,
    runs: Mutex<HashMap<Channel, Arc<Mutex<Run>>>>,
    clients: DefaultKeyedRateLimiter<Channel>,
    opens: DefaultKeyedRateLimiter<IpAddr>,
    pub log: AccessLog,
    pub assets: Arc<dyn Assets>,
    /// Counts what changed the event's attendance (a signature, a
    /// walk-in), for the organiser's screens to follow.
    pub changes: tokio::sync::watch::Sender<u64>,
}

fn quota(per_second: u32, burst: u32) -> Quota {
    let n = |v: u32| NonZeroU32::new(v).unwrap_or(NonZeroU32::MIN);
    Quota::per_second(n(per_second)).allow_burst(n(burst))
}

impl Shared {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        event_id: i64,
        key: Arc<InstallationKey>,
        reads: Connection,
        writes: Connection,
        phones_open: bool,
        log: AccessLog,
        assets: Arc<dyn Assets>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Shared {
        Shared {
            event_id,
            key,
            reads: Mutex::new(reads),
            writes: Mutex::new(writes),
            search: Mutex::new(SearchCache::default()),
            pairings: Mutex::new(Pairings::default()),
            phone_code: Mutex::new(PhoneCode::new(now)),
            phones_open: AtomicBool::new(phones_open),
            stopping: AtomicBool::new(false),
            runs: Mutex::new(HashMap::new()),
            clients: RateLimiter::keyed(quota(CLIENT_PER_SECOND, CLIENT_BURST)),
            opens: RateLimiter::keyed(quota(OPEN_PER_SECOND, OPEN_BURST)),
            log,
            assets,
            changes: tokio::sync::watch::Sender::new(0),
        }
    }

    pub fn changed(&self) {
        self.changes.send_modify(|n| *n += 1);
    }

    pub fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    pub fn phones_open(&self) -> bool {
        self.phones_open.load(Ordering::SeqCst)
    }

    /// The kiosk run of one client; a new one the first time.
    pub fn run(&self, channel: Channel) -> Arc<Mutex<Run>> {
        let mut runs = lock(&self.runs);
        if runs.len() >= MAX_RUNS && !runs.contains_key(&channel) {
            let phone = runs
                .keys()
                .find(|c| matches!(c, Channel::Phone(_)))
                .copied();
            if let Some(old) = phone {
                runs.remove(&old);
            }
        }
        Arc::clone(
            runs.entry(channel)
                .or_insert_with(|| Arc::new(Mutex::new(Run::through(self.event_id, channel)))),
        )
    }

    pub fn limit_client(&self, channel: Channel) -> Result<(), ApiError> {
        self.clients
            .check_key(&channel)
            .map_err(|_| ApiError::too_many())
    }

    pub fn limit_open(&self, ip: IpAddr) -> Result<(), ApiError> {
        self.opens.check_key(&ip).map_err(|_| ApiError::too_many())
    }
}
