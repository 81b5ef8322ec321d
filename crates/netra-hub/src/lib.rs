//! The hall hub: an HTTP server on the laptop that tablets (paired as
//! kiosks) and attendees' own phones sign through, over the local Wi-Fi,
//! with no internet. Every signature takes the same `netra-core` path as
//! the laptop's kiosk window: the same chain, key and checks.
//!
//! Started by the desktop app ("Kiosk tambahan") and by `netra hub`. See
//! `docs/hub.md` for the API and the security choices.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;
use netra_core::hall::wire::HubQr;
use netra_core::hall::{self, devices, HallView};
use netra_core::keys::InstallationKey;
use netra_core::{Error, Result};
use tokio::sync::watch;

pub mod assets;
mod error;
mod log;
pub mod net;
mod routes;
mod serve;
mod state;

pub use assets::{Asset, Assets, DirAssets};
pub use error::status_of;
pub use log::AccessLog;

use routes::LogSlot;
use state::{lock, Shared};

/// Largest request body: a long signature with its preview fits many
/// times over; anything bigger is refused before it is read.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// A request (headers, body and the work) must finish within this.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// How to start a hub.
pub struct Config {
    /// The event's database; the hub opens its own connections to it.
    pub db_path: PathBuf,
    pub event_id: i64,
    /// Where to listen (`0` as port picks a free one).
    pub listen: SocketAddr,
    /// The address put in QR codes, when `listen` is a wildcard.
    pub public_host: Option<IpAddr>,
    pub key: Arc<InstallationKey>,
    pub assets: Arc<dyn Assets>,
    pub phones_open: bool,
    pub access_log: AccessLog,
    /// How long devices are told "stopped" before the port closes.
    pub stop_grace: Duration,
}

/// Follows [`Hub::changes`] from any thread.
pub struct Changes(tokio::sync::watch::Receiver<u64>);

impl Changes {
    /// Whether the attendance changed since the last call; `None` once the
    /// hub has stopped and gone.
    pub fn take(&mut self) -> Option<bool> {
        match self.0.has_changed() {
            Ok(true) => {
                self.0.borrow_and_update();
                Some(true)
            }
            Ok(false) => Some(false),
            Err(_) => None,
        }
    }
}

/// A running hub. Dropping it stops it.
pub struct Hub {
    shared: Arc<Shared>,
    addr: SocketAddr,
    base: String,
    stop: watch::Sender<bool>,
    grace: Duration,
    thread: Option<std::thread::JoinHandle<()>>,
}

fn bind_error(addr: SocketAddr, err: std::io::Error) -> Error {
    let why = match err.kind() {
        std::io::ErrorKind::AddrInUse => {
            "alamat dan port ini sudah dipakai program lain; pilih port lain".to_string()
        }
        std::io::ErrorKind::AddrNotAvailable => {
            "alamat ini bukan milik laptop ini (jaringan berganti?); pilih jaringan lagi"
                .to_string()
        }
        std::io::ErrorKind::PermissionDenied => {
            "port di bawah 1024 butuh hak administrator; pakai port 8080 atau lebih".to_string()
        }
        _ => err.to_string(),
    };
    Error::Environment(format!(
        "Kiosk tambahan tidak dapat dibuka di {addr}: {why}"
    ))
}

impl Hub {
    /// Opens the database, binds the address and starts serving on a
    /// thread of its own. Fails (and nothing runs) when the event or the
    /// address cannot be used.
    pub fn start(config: Config) -> Result<Hub> {
        let reads = netra_core::db::open(&config.db_path)?;
        let writes = netra_core::db::open(&config.db_path)?;
        netra_core::db::events::get(&reads, config.event_id)?;
        let std_listener =
            std::net::TcpListener::bind(config.listen).map_err(|e| bind_error(config.listen, e))?;
        std_listener
            .set_nonblocking(true)
            .map_err(|e| bind_error(config.listen, e))?;
        let addr = std_listener
            .local_addr()
            .map_err(|e| bind_error(config.listen, e))?;
        let host = match addr.ip() {
            ip if ip.is_unspecified() => config
                .public_host
                .or_else(net::first_lan_address)
                .unwrap_or(ip),
            ip => ip,
        };
        let base = match host {
            IpAddr::V6(v6) => format!("http://[{v6}]:{}", addr.port()),
            IpAddr::V4(v4) => format!("http://{v4}:{}", addr.port()),
        };
        let shared = Arc::new(Shared::new(
            config.event_id,
            config.key,
            reads,
            writes,
            config.phones_open,
            config.access_log,
            config.assets,
            Utc::now(),
        ));
        let app = router(Arc::clone(&shared));
        let (stop, stopped) = watch::channel(false);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(4)
            .thread_name("netra-hub")
            .enable_all()
            .build()
            .map_err(|e| Error::Environment(format!("Kiosk tambahan tidak dapat dimulai: {e}")))?;
        let thread = std::thread::Builder::new()
            .name("netra-hub".into())
            .spawn(move || {
                runtime.block_on(async move {
                    if let Ok(listener) = tokio::net::TcpListener::from_std(std_listener) {
                        serve::run(listener, app, stopped).await
                    }
                });
            })
            .map_err(|e| Error::Environment(format!("Kiosk tambahan tidak dapat dimulai: {e}")))?;
        Ok(Hub {
            shared,
            addr,
            base,
            stop,
            grace: config.stop_grace,
            thread: Some(thread),
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<host>:<port>`, as put in the QR codes.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    pub fn event_id(&self) -> i64 {
        self.shared.event_id
    }

    /// Bumped after each new signature or walk-in; the organiser's screens
    /// refresh when it moves (a burst of changes is seen as one).
    pub fn changes(&self) -> Changes {
        Changes(self.shared.changes.subscribe())
    }

    /// A new pairing QR for one tablet, good for two minutes.
    pub fn pairing(&self) -> HubQr {
        let offer = lock(&self.shared.pairings).offer(Utc::now());
        let url = format!("{}/#pair={}", self.base, offer.token);
        HubQr {
            svg: qr_svg(&url),
            url,
            until: offer.expires_at.timestamp(),
        }
    }

    /// The phone QR as it is now (it rotates), or `None` when phones are off.
    pub fn phone_code(&self) -> Option<HubQr> {
        if !self.shared.phones_open() {
            return None;
        }
        let (token, changes) = lock(&self.shared.phone_code).current(Utc::now());
        let url = format!("{}/#phone={}", self.base, token);
        Some(HubQr {
            svg: qr_svg(&url),
            url,
            until: changes.timestamp(),
        })
    }

    /// Opens or closes signing by phone; open sessions stop at once.
    pub fn set_phones(&self, open: bool) {
        self.shared.phones_open.store(open, Ordering::SeqCst);
    }

    pub fn phones_open(&self) -> bool {
        self.shared.phones_open()
    }

    /// What the organiser's live view shows.
    pub fn view(&self) -> Result<HallView> {
        hall::view(&lock(&self.shared.reads), self.shared.event_id)
    }

    pub fn revoke(&self, device_id: i64) -> Result<devices::Device> {
        devices::revoke(
            &mut lock(&self.shared.writes),
            self.shared.event_id,
            device_id,
            netra_core::audit::Actor::Organizer,
            Utc::now(),
        )
    }

    /// Tells devices the hub stopped for the grace period, then closes the
    /// port. What was committed stays; nothing half-done is stored.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let Some(thread) = self.thread.take() else {
            return;
        };
        self.shared.stopping.store(true, Ordering::SeqCst);
        lock(&self.shared.pairings).clear();
        std::thread::sleep(self.grace);
        let _ = self.stop.send(true);
        let _ = thread.join();
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// An SVG QR code for `text`.
pub fn qr_svg(text: &str) -> String {
    match qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(256, 256)
            .quiet_zone(true)
            .build(),
        Err(_) => String::new(),
    }
}

fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .route("/api/pair", post(routes::pair))
        .route("/api/phone", post(routes::open_phone))
        .route("/api/session", get(routes::session))
        .route("/api/find", post(routes::find))
        .route("/api/person", post(routes::person))
        .route("/api/walk-in", post(routes::walk_in))
        .route("/api/submit", post(routes::submit))
        .route("/api/exit", post(routes::exit))
        .route("/api/ping", get(routes::ping))
        .fallback(api_not_found);
    Router::new()
        .merge(api)
        .fallback(static_file)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), guard))
        .with_state(shared)
}

async fn api_not_found() -> Response {
    error::ApiError::new(
        StatusCode::NOT_FOUND,
        netra_core::ErrorCode::NotFound,
        "Alamat ini tidak ada di kiosk tambahan",
    )
    .into_response()
}

/// Static files: the hub page and its assets, nothing else.
async fn static_file(
    State(hub): State<Arc<Shared>>,
    method: Method,
    uri: axum::http::Uri,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let Some(path) = assets::servable(uri.path()) else {
        return (StatusCode::NOT_FOUND, "Tidak ditemukan").into_response();
    };
    let h = Arc::clone(&hub);
    let p = path.clone();
    let asset = tokio::task::spawn_blocking(move || h.assets.get(&p))
        .await
        .ok()
        .flatten();
    let Some(asset) = asset else {
        return (StatusCode::NOT_FOUND, "Tidak ditemukan").into_response();
    };
    let cache = if path.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-store"
    };
    let mut res = asset.bytes.into_owned().into_response();
    let headers = res.headers_mut();
    if let Ok(mime) = HeaderValue::from_str(&asset.mime) {
        headers.insert(header::CONTENT_TYPE, mime);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    res
}

/// Around every request: a closed door to other origins, the security
/// headers, the time limit, and one access-log line.
async fn guard(State(hub): State<Arc<Shared>>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let slot = LogSlot::default();
    req.extensions_mut().insert(slot.clone());
    let mut res = if foreign_origin(&req) {
        error::ApiError::new(
            StatusCode::FORBIDDEN,
            netra_core::ErrorCode::Forbidden,
            "Permintaan dari halaman lain ditolak",
        )
        .into_response()
    } else {
        match tokio::time::timeout(REQUEST_TIMEOUT, next.run(req)).await {
            Ok(res) => res,
            Err(_) => error::ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                netra_core::ErrorCode::Busy,
                "Permintaan terlalu lama; jaringan lambat, coba lagi",
            )
            .into_response(),
        }
    };
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(assets::CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if path.starts_with("/api/") {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    let client = lock(&slot.0).clone();
    hub.log.line(
        method.as_str(),
        &path,
        res.status().as_u16(),
        started.elapsed().as_millis(),
        if client.is_empty() { "-" } else { &client },
    );
    res
}

/// A browser sends `Origin` on cross-site requests; the hub answers only
/// its own page. (No CORS headers are ever sent either.)
fn foreign_origin(req: &Request) -> bool {
    let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .unwrap_or(origin);
    origin_host != host
}
