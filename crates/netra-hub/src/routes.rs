//! The hub's API: pairing, opening a phone session, and the kiosk's own
//! steps (session, find, person, walk-in, submit, exit), each over the
//! same `netra-core` function the laptop's kiosk window calls.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::Json;
use chrono::Utc;
use netra_core::declaration::kiosk::{self, KioskPerson, KioskSearch};
use netra_core::declaration::{Receipt, Submission};
use netra_core::hall::wire::{
    ExitRequest, FindRequest, HubLogin, HubMode, HubPing, HubSession, PairRequest, PersonRequest,
    PhoneRequest,
};
use netra_core::hall::{devices, phones, Channel};
use netra_core::roster::PersonForm;
use netra_core::{Error, ErrorCode};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, ApiResult};
use crate::state::{lock, Shared};

pub type Hub = Arc<Shared>;

/// The peer address of the connection (set by the accept loop).
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub SocketAddr);

/// Where the access log learns which client made a request.
#[derive(Debug, Clone, Default)]
pub struct LogSlot(pub Arc<Mutex<String>>);

/// Runs core work off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> netra_core::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(result) => result.map_err(ApiError::from),
        Err(_) => Err(Error::Environment("Hub gagal memproses permintaan ini".into()).into()),
    }
}

/// A JSON body; anything else is refused with an Indonesian message.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(Body(v)),
            Err(rejection) => Err(match rejection.status() {
                StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    ErrorCode::Invalid,
                    format!(
                        "Kiriman terlalu besar (paling banyak {} KB); tanda tangan seperti ini tidak dapat disimpan, hapus lalu tanda tangani lagi",
                        crate::MAX_BODY_BYTES / 1024
                    ),
                ),
                StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    ErrorCode::Invalid,
                    "Kiriman harus berupa JSON (Content-Type: application/json)",
                ),
                _ => ApiError::bad_request(
                    "Isi kiriman tidak dapat dibaca (bukan JSON yang diharapkan); muat ulang halaman lalu coba lagi",
                ),
            }),
        }
    }
}

/// The device or phone a request comes from, by its bearer token.
#[derive(Debug, Clone)]
pub struct Client {
    pub channel: Channel,
    pub device_name: Option<String>,
    pub used: bool,
}

fn unauthorized() -> ApiError {
    Error::Unauthorized(
        "Perangkat ini belum terhubung. Pindai kode QR dari panitia untuk mulai".into(),
    )
    .into()
}

fn phones_closed() -> ApiError {
    Error::Closed(
        "Penandatanganan lewat ponsel sedang ditutup oleh panitia. Silakan menandatangani di kiosk"
            .into(),
    )
    .into()
}

impl FromRequestParts<Hub> for Client {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, hub: &Hub) -> Result<Self, ApiError> {
        if hub.stopping() {
            return Err(ApiError::stopped());
        }
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .and_then(|v| v.split_once('.'))
            .map(|(kind, token)| (kind.to_string(), token.to_string()));
        let Some((kind, token)) = bearer else {
            return Err(unauthorized());
        };
        let address = parts.extensions.get::<Peer>().map(|p| p.0.ip().to_string());
        let phones_open = hub.phones_open();
        let h = Arc::clone(hub);
        let client = blocking(move || match kind.as_str() {
            "device" => {
                let d = devices::authenticate(&lock(&h.reads), h.event_id, &token)?;
                let now = Utc::now();
                if devices::seen_is_stale(&d, address.as_deref(), now) {
                    devices::seen(&lock(&h.writes), d.id, address.as_deref(), now)?;
                }
                Ok(Client {
                    channel: Channel::Device(d.id),
                    device_name: Some(d.name),
                    used: false,
                })
            }
            "phone" => {
                let p = phones::authenticate(&lock(&h.reads), h.event_id, &token)?;
                Ok(Client {
                    channel: Channel::Phone(p.id),
                    device_name: None,
                    used: p.declaration_id.is_some(),
                })
            }
            _ => Err(Error::Unauthorized(
                "Perangkat ini belum terhubung. Pindai kode QR dari panitia untuk mulai".into(),
            )),
        })
        .await?;
        if matches!(client.channel, Channel::Phone(_)) && !phones_open {
            return Err(phones_closed());
        }
        if let Some(slot) = parts.extensions.get::<LogSlot>() {
            *lock(&slot.0) = match client.channel {
                Channel::Device(id) => format!("device#{id}"),
                Channel::Phone(id) => format!("phone#{id}"),
                Channel::Kiosk => "kiosk".into(),
            };
        }
        hub.limit_client(client.channel)?;
        Ok(client)
    }
}

fn peer_ip(parts: Option<Peer>) -> std::net::IpAddr {
    parts
        .map(|p| p.0.ip())
        .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
}

/// A tablet becomes a kiosk: the one-time pairing token for a device token.
pub async fn pair(
    State(hub): State<Hub>,
    peer: Option<axum::Extension<Peer>>,
    Body(req): Body<PairRequest>,
) -> ApiResult<HubLogin> {
    if hub.stopping() {
        return Err(ApiError::stopped());
    }
    let peer = peer.map(|p| p.0);
    hub.limit_open(peer_ip(peer))?;
    let h = Arc::clone(&hub);
    let address = peer.map(|p| p.0.ip().to_string());
    let login = blocking(move || {
        let now = Utc::now();
        let mut offers = lock(&h.pairings);
        if !offers.is_open(&req.token, now) {
            return Err(Error::Unauthorized(
                "Kode pemasangan ini sudah dipakai atau kedaluwarsa (berlaku 2 menit). Minta panitia menampilkan kode baru".into(),
            ));
        }
        let mut conn = lock(&h.writes);
        let (device, token) = devices::pair(&mut conn, h.event_id, &req.name, address.as_deref(), now)?;
        let _ = offers.take(&req.token, now);
        Ok(HubLogin {
            mode: HubMode::Device,
            token: format!("device.{token}"),
            device_name: Some(device.name),
        })
    })
    .await?;
    Ok(Json(login))
}

/// An attendee's phone that scanned the code on the screen.
pub async fn open_phone(
    State(hub): State<Hub>,
    peer: Option<axum::Extension<Peer>>,
    Body(req): Body<PhoneRequest>,
) -> ApiResult<HubLogin> {
    if hub.stopping() {
        return Err(ApiError::stopped());
    }
    hub.limit_open(peer_ip(peer.map(|p| p.0)))?;
    if !hub.phones_open() {
        return Err(phones_closed());
    }
    if !lock(&hub.phone_code).accepts(&req.token, Utc::now()) {
        return Err(Error::Unauthorized(
            "Kode QR ini sudah berganti. Pindai lagi kode QR yang tampil di layar sekarang".into(),
        )
        .into());
    }
    let h = Arc::clone(&hub);
    let login = blocking(move || {
        let conn = lock(&h.writes);
        let (_, token) = phones::open(&conn, h.event_id, Utc::now())?;
        Ok(HubLogin {
            mode: HubMode::Phone,
            token: format!("phone.{token}"),
            device_name: None,
        })
    })
    .await?;
    Ok(Json(login))
}

pub async fn session(State(hub): State<Hub>, client: Client) -> ApiResult<HubSession> {
    let h = Arc::clone(&hub);
    let session = blocking(move || {
        let mut conn = lock(&h.reads);
        kiosk::session(&mut conn, h.event_id, Utc::now())
    })
    .await?;
    Ok(Json(HubSession {
        mode: match client.channel {
            Channel::Phone(_) => HubMode::Phone,
            _ => HubMode::Device,
        },
        device_name: client.device_name,
        used: client.used,
        session,
    }))
}

/// A phone that signed may not search again (its retry of the submit is
/// still answered).
fn spent(client: &Client) -> Result<(), ApiError> {
    match client.used {
        true => Err(Error::PhoneUsed.into()),
        false => Ok(()),
    }
}

pub async fn find(
    State(hub): State<Hub>,
    client: Client,
    Body(req): Body<FindRequest>,
) -> ApiResult<KioskSearch> {
    spent(&client)?;
    let h = Arc::clone(&hub);
    let found = blocking(move || {
        let run = h.run(client.channel);
        let mut run = lock(&run);
        let conn = lock(&h.reads);
        let mut cache = lock(&h.search);
        let index = cache.index(&conn, h.event_id)?;
        run.find(&conn, index, &req.text)
    })
    .await?;
    Ok(Json(found))
}

pub async fn person(
    State(hub): State<Hub>,
    client: Client,
    Body(req): Body<PersonRequest>,
) -> ApiResult<KioskPerson> {
    spent(&client)?;
    let h = Arc::clone(&hub);
    let card = blocking(move || {
        let run = h.run(client.channel);
        let run = lock(&run);
        let conn = lock(&h.reads);
        run.person(&conn, req.person_id)
    })
    .await?;
    Ok(Json(card))
}

/// Walk-ins only at a paired kiosk: a phone may not add people to the roster.
pub async fn walk_in(
    State(hub): State<Hub>,
    client: Client,
    Body(form): Body<PersonForm>,
) -> ApiResult<KioskPerson> {
    if matches!(client.channel, Channel::Phone(_)) {
        return Err(Error::Forbidden(
            "Peserta baru didaftarkan di kiosk atau meja panitia, tidak lewat ponsel".into(),
        )
        .into());
    }
    let h = Arc::clone(&hub);
    let card = blocking(move || {
        let run = h.run(client.channel);
        let mut run = lock(&run);
        let mut conn = lock(&h.writes);
        run.walk_in(&mut conn, &form, Utc::now())
    })
    .await?;
    hub.changed();
    Ok(Json(card))
}

/// Answers only after the declaration is committed.
pub async fn submit(
    State(hub): State<Hub>,
    client: Client,
    Body(sub): Body<Submission>,
) -> ApiResult<Receipt> {
    let h = Arc::clone(&hub);
    let receipt = blocking(move || {
        let run = h.run(client.channel);
        let run = lock(&run);
        let mut conn = lock(&h.writes);
        run.submit(&mut conn, &h.key, &sub, Utc::now())
    })
    .await?;
    if !receipt.repeated {
        hub.changed();
    }
    Ok(Json(receipt))
}

/// A paired kiosk leaves with the organiser's PIN; its token ends.
pub async fn exit(
    State(hub): State<Hub>,
    client: Client,
    Body(req): Body<ExitRequest>,
) -> ApiResult<HubPing> {
    let Channel::Device(device) = client.channel else {
        return Err(
            Error::Forbidden("Hanya kiosk yang dipasangkan yang keluar dengan PIN".into()).into(),
        );
    };
    let h = Arc::clone(&hub);
    blocking(move || {
        let now = Utc::now();
        let mut conn = lock(&h.writes);
        kiosk::try_exit(&conn, &req.pin, now)?;
        devices::revoke(
            &mut conn,
            h.event_id,
            device,
            netra_core::audit::Actor::Organizer,
            now,
        )
    })
    .await?;
    Ok(Json(HubPing {
        open: false,
        phones_open: hub.phones_open(),
    }))
}

pub async fn ping(State(hub): State<Hub>, _client: Client) -> ApiResult<HubPing> {
    Ok(Json(HubPing {
        open: !hub.stopping(),
        phones_open: hub.phones_open(),
    }))
}
