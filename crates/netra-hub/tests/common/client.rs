//! A hub client as the kiosk page is one: a JSON call per step, the bearer
//! token after pairing or opening a phone session, failures read as the
//! core's `ErrorReport`. One `Api` per simulated tablet or phone, each
//! with its own connection pool, as separate devices have.

use std::net::IpAddr;
use std::time::Duration;

use netra_core::declaration::kiosk::{KioskPerson, KioskSearch};
use netra_core::declaration::{Receipt, Submission};
use netra_core::hall::wire::{
    FindRequest, HubLogin, HubPing, HubSession, PairRequest, PersonRequest, PhoneRequest,
};
use netra_core::{ErrorCode, ErrorReport};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why a call gave no answer the client can use.
#[derive(Debug, Clone)]
pub enum Failure {
    /// No HTTP answer: refused, reset, timed out. Retry the same thing.
    Network { timeout: bool, what: String },
    /// The hub answered with an error.
    Refused {
        status: u16,
        report: ErrorReport,
        /// `Retry-After`, in seconds.
        retry_after: Option<u64>,
    },
}

impl Failure {
    /// What the kiosk page retries by itself: no answer, or `busy`
    /// (429/503/408 with `Retry-After`).
    pub fn retryable(&self) -> bool {
        match self {
            Failure::Network { .. } => true,
            Failure::Refused { report, .. } => report.code == ErrorCode::Busy,
        }
    }

    /// How long to wait before that retry.
    pub fn wait(&self) -> Duration {
        match self {
            Failure::Refused {
                retry_after: Some(s),
                ..
            } => Duration::from_secs(*s),
            Failure::Refused { .. } => Duration::from_millis(250),
            Failure::Network { .. } => Duration::from_millis(100),
        }
    }

    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Failure::Refused { report, .. } => Some(report.code),
            Failure::Network { .. } => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            Failure::Refused { status, .. } => Some(*status),
            Failure::Network { .. } => None,
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Network {
                timeout: true,
                what,
            } => write!(f, "timed out: {what}"),
            Failure::Network { what, .. } => write!(f, "no answer: {what}"),
            Failure::Refused { status, report, .. } => {
                write!(f, "{status} {:?}: {}", report.code, report.message)
            }
        }
    }
}

/// One browser's view of the hub.
#[derive(Debug, Clone)]
pub struct Api {
    http: reqwest::Client,
    /// `http://host:port`, no trailing slash.
    pub base: String,
    /// `device.<43>` or `phone.<43>` once logged in.
    pub token: Option<String>,
}

/// The token in a QR's address: `http://h:p/#pair=TOKEN` with `key` "pair".
pub fn fragment_token(url: &str, key: &str) -> Option<String> {
    let (_, fragment) = url.split_once('#')?;
    fragment
        .split('&')
        .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
        .map(str::to_owned)
}

impl Api {
    /// A client whose every call gives up after `timeout` (then it is a
    /// [`Failure::Network`] with `timeout: true`).
    pub fn new(base: &str, timeout: Duration) -> Api {
        Api::from_address(base, timeout, None)
    }

    /// [`Api::new`] whose connections come from `local` (e.g. `127.1.0.7`:
    /// each phone on loopback with an address of its own, as phones on the
    /// hall's Wi-Fi have, so the per-address limit sees them apart).
    pub fn from_address(base: &str, timeout: Duration, local: Option<IpAddr>) -> Api {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .pool_max_idle_per_host(2)
            .tcp_nodelay(true)
            .local_address(local)
            .build()
            .expect("http client");
        Api::with_client(http, base)
    }

    pub fn with_client(http: reqwest::Client, base: &str) -> Api {
        Api {
            http,
            base: base.trim_end_matches('/').to_string(),
            token: None,
        }
    }

    fn login(&mut self, login: &HubLogin) {
        self.token = Some(login.token.clone());
    }

    /// `POST /api/pair` with the token of a pairing QR; keeps the device token.
    pub async fn pair(&mut self, token: &str, name: &str) -> Result<HubLogin, Failure> {
        let req = PairRequest {
            token: token.into(),
            name: name.into(),
        };
        let login: HubLogin = self.post("/api/pair", &req).await?;
        self.login(&login);
        Ok(login)
    }

    /// `POST /api/phone` with the token of the phone QR; keeps the phone token.
    pub async fn phone(&mut self, token: &str) -> Result<HubLogin, Failure> {
        let req = PhoneRequest {
            token: token.into(),
        };
        let login: HubLogin = self.post("/api/phone", &req).await?;
        self.login(&login);
        Ok(login)
    }

    pub async fn session(&self) -> Result<HubSession, Failure> {
        self.get("/api/session").await
    }

    pub async fn ping(&self) -> Result<HubPing, Failure> {
        self.get("/api/ping").await
    }

    pub async fn find(&self, text: &str) -> Result<KioskSearch, Failure> {
        self.post("/api/find", &FindRequest { text: text.into() })
            .await
    }

    pub async fn person(&self, person_id: i64) -> Result<KioskPerson, Failure> {
        self.post("/api/person", &PersonRequest { person_id }).await
    }

    pub async fn submit(&self, submission: &Submission) -> Result<Receipt, Failure> {
        self.post("/api/submit", submission).await
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, Failure> {
        self.send(self.http.get(format!("{}{path}", self.base)))
            .await
    }

    pub async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &(impl Serialize + ?Sized),
    ) -> Result<T, Failure> {
        self.send(self.http.post(format!("{}{path}", self.base)).json(body))
            .await
    }

    async fn send<T: DeserializeOwned>(&self, req: reqwest::RequestBuilder) -> Result<T, Failure> {
        let req = match &self.token {
            Some(t) => req.bearer_auth(t),
            None => req,
        };
        let res = req.send().await.map_err(network)?;
        let status = res.status();
        let retry_after = res
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        let bytes = res.bytes().await.map_err(network)?;
        if status.is_success() {
            return serde_json::from_slice(&bytes).map_err(|e| Failure::Refused {
                status: status.as_u16(),
                report: ErrorReport {
                    code: ErrorCode::Internal,
                    message: format!("answer is not the expected JSON: {e}"),
                    fields: Vec::new(),
                },
                retry_after: None,
            });
        }
        let report = serde_json::from_slice(&bytes).unwrap_or_else(|_| ErrorReport {
            code: ErrorCode::Internal,
            message: String::from_utf8_lossy(&bytes).into_owned(),
            fields: Vec::new(),
        });
        Err(Failure::Refused {
            status: status.as_u16(),
            report,
            retry_after,
        })
    }
}

fn network(e: reqwest::Error) -> Failure {
    let mut what = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        what.push_str(": ");
        what.push_str(&s.to_string());
        source = s.source();
    }
    Failure::Network {
        timeout: e.is_timeout(),
        what,
    }
}

/// Calls `f` until it gives an answer that is not a retryable failure,
/// waiting as the failure says; gives up after `attempts` tries. Returns
/// the outcome and how many retries it took.
pub async fn retrying<T, F, Fut>(attempts: u32, mut f: F) -> (Result<T, Failure>, u32)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, Failure>>,
{
    let mut tries = 0;
    loop {
        match f().await {
            Err(e) if e.retryable() && tries + 1 < attempts => {
                tries += 1;
                tokio::time::sleep(e.wait()).await;
            }
            other => return (other, tries),
        }
    }
}
