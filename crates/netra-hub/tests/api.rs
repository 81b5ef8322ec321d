//! The hub driven over HTTP on 127.0.0.1, the way a tablet or a phone
//! would: pairing, phone sessions, the kiosk steps, and every refusal a
//! device must be able to show (status, code, Indonesian message).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use netra_core::declaration::kiosk::KioskSearch;
use netra_core::declaration::{Receipt, Submission};
use netra_core::hall::wire::{HubLogin, HubSession};
use netra_core::keys::InstallationKey;
use netra_core::{db, demo, ErrorReport};
use netra_hub::{AccessLog, Config, DirAssets, Hub};
use reqwest::StatusCode;
use serde_json::{json, Value};

struct Hall {
    _dir: tempfile::TempDir,
    db_path: PathBuf,
    log_path: PathBuf,
    hub: Option<Hub>,
    url: String,
    http: reqwest::Client,
    event: i64,
}

fn start(people: usize, phones: bool, grace: Duration) -> Hall {
    let dir = tempfile::tempdir().expect("temp dir");
    let db_path = dir.path().join("netra.db");
    let mut conn = db::open(&db_path).expect("db");
    let now = chrono::Utc::now();
    let today = now.date_naive();
    let event = demo::create(&mut conn, people, now, today)
        .expect("demo")
        .event
        .id;
    let key = Arc::new(InstallationKey::open_for(&mut conn, &db_path, now).expect("key"));
    let web = dir.path().join("web");
    std::fs::create_dir_all(web.join("assets/sub")).expect("web");
    std::fs::write(web.join("hub.html"), "<!doctype html><title>hub</title>").expect("page");
    std::fs::write(web.join("assets/hub.js"), "console.log(1)").expect("js");
    std::fs::write(web.join("index.html"), "organiser").expect("index");
    let log_path = dir.path().join("access.log");
    let hub = Hub::start(Config {
        db_path: db_path.clone(),
        event_id: event,
        listen: "127.0.0.1:0".parse().expect("addr"),
        public_host: None,
        key,
        assets: Arc::new(DirAssets::new(&web)),
        phones_open: phones,
        access_log: AccessLog::to_file(&log_path).expect("log"),
        stop_grace: grace,
    })
    .expect("hub");
    let url = hub.base_url().to_string();
    Hall {
        _dir: dir,
        db_path,
        log_path,
        hub: Some(hub),
        url,
        http: reqwest::Client::new(),
        event,
    }
}

impl Hall {
    fn hub(&self) -> &Hub {
        self.hub.as_ref().expect("running")
    }

    async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        let mut req = self.http.post(format!("{}{path}", self.url)).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("send");
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        let mut req = self.http.get(format!("{}{path}", self.url));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("send");
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// Pairs a tablet through the pairing QR; returns its bearer token.
    async fn pair(&self, name: &str) -> String {
        let qr = self.hub().pairing();
        let token = qr.url.split("#pair=").nth(1).expect("token in url");
        let (status, body) = self
            .post("/api/pair", None, json!({ "token": token, "name": name }))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let login: HubLogin = serde_json::from_value(body).expect("login");
        login.token
    }

    async fn phone(&self) -> String {
        let qr = self.hub().phone_code().expect("phones open");
        let token = qr.url.split("#phone=").nth(1).expect("token in url");
        let (status, body) = self
            .post("/api/phone", None, json!({ "token": token }))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_value::<HubLogin>(body)
            .expect("login")
            .token
    }

    fn people(&self) -> Vec<(i64, String, String)> {
        let conn = db::open(&self.db_path).expect("db");
        let rows = conn
            .prepare(
                "SELECT id, nip, name FROM people WHERE event_id = ?1 AND nip IS NOT NULL ORDER BY id",
            )
            .expect("prepare")
            .query_map([self.event], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("query")
            .map(|r| r.expect("row"))
            .collect();
        rows
    }

    fn declarations(&self) -> i64 {
        let conn = db::open(&self.db_path).expect("db");
        conn.query_row("SELECT COUNT(*) FROM declarations", [], |r| r.get(0))
            .expect("count")
    }

    async fn pledge_hash(&self, token: &str) -> String {
        let (status, body) = self.get("/api/session", Some(token)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let s: HubSession = serde_json::from_value(body).expect("session");
        s.session.pledge.content_hash
    }

    /// Finds `nip` as the client and returns the submission for it.
    async fn ready(&self, token: &str, person: i64, nip: &str, id: &str) -> Submission {
        let (status, body) = self
            .post("/api/find", Some(token), json!({ "text": nip }))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let found: KioskSearch = serde_json::from_value(body).expect("search");
        assert_eq!(found.matches.len(), 1);
        Submission {
            submission_id: id.into(),
            person_id: person,
            pledge_hash: self.pledge_hash(token).await,
            strokes: demo::signature_json(person as u64),
            png: None,
        }
    }

    async fn submit(&self, token: &str, sub: &Submission) -> (StatusCode, Value) {
        self.post(
            "/api/submit",
            Some(token),
            serde_json::to_value(sub).expect("json"),
        )
        .await
    }
}

fn report(body: &Value) -> ErrorReport {
    serde_json::from_value(body.clone()).unwrap_or_else(|_| panic!("not an ErrorReport: {body}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tablet_pairs_once_signs_and_a_retry_never_makes_a_second_record() {
    let hall = start(40, false, Duration::ZERO);
    let qr = hall.hub().pairing();
    assert!(
        qr.svg.starts_with("<?xml") || qr.svg.contains("<svg"),
        "QR as SVG"
    );
    let token = qr.url.split("#pair=").nth(1).expect("token").to_string();
    let (ok, _) = hall
        .post(
            "/api/pair",
            None,
            json!({ "token": token, "name": "Tablet pintu kiri" }),
        )
        .await;
    assert_eq!(ok, StatusCode::OK);
    let (again, body) = hall
        .post(
            "/api/pair",
            None,
            json!({ "token": token, "name": "Tablet lain" }),
        )
        .await;
    assert_eq!(again, StatusCode::UNAUTHORIZED, "a pairing code works once");
    assert!(report(&body).message.contains("kedaluwarsa"), "{body}");

    let device = hall.pair("Tablet B").await;
    let (id, nip, name) = hall.people()[3].clone();
    let sub = hall.ready(&device, id, &nip, "retry-test-0001").await;
    let mut changes = hall.hub().changes();
    let (s1, b1) = hall.submit(&device, &sub).await;
    // The organiser's screens hear of a new signature, not of its retry.
    assert_eq!(changes.take(), Some(true), "a signature is news");
    let (s2, b2) = hall.submit(&device, &sub).await;
    assert_eq!(changes.take(), Some(false), "a retry is not");
    assert_eq!((s1, s2), (StatusCode::OK, StatusCode::OK), "{b1} {b2}");
    let (r1, r2): (Receipt, Receipt) = (
        serde_json::from_value(b1).expect("receipt"),
        serde_json::from_value(b2).expect("receipt"),
    );
    assert_eq!(r1.name, name);
    assert!(!r1.repeated && r2.repeated && r1.declaration_id == r2.declaration_id);
    assert_eq!(hall.declarations(), 1);

    let view = hall.hub().view().expect("view");
    let tablet = view
        .devices
        .iter()
        .find(|d| d.name == "Tablet B")
        .expect("listed");
    assert_eq!(tablet.signatures, 1);
    assert_eq!(tablet.address.as_deref(), Some("127.0.0.1"));
    assert_eq!(view.channels[0].label, "Tablet B");

    // A second signature for the same person, from a fresh id: refused.
    let again = hall.ready(&device, id, &nip, "retry-test-0002").await;
    let (status, body) = hall.submit(&device, &again).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        report(&body).message.contains("sudah ditandatangani"),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_token_nothing_is_reachable() {
    let hall = start(10, true, Duration::ZERO);
    let calls = [
        ("GET", "/api/session"),
        ("POST", "/api/find"),
        ("POST", "/api/person"),
        ("POST", "/api/walk-in"),
        ("POST", "/api/submit"),
        ("POST", "/api/exit"),
        ("GET", "/api/ping"),
    ];
    for bearer in [
        None,
        Some("device.nonsense"),
        Some("phone.x' OR 1=1"),
        Some("admin.abc"),
    ] {
        for (method, path) in calls {
            let (status, body) = match method {
                "GET" => hall.get(path, bearer).await,
                _ => hall.post(path, bearer, json!({ "text": "ahmad" })).await,
            };
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "{method} {path} {bearer:?}"
            );
            let r = report(&body);
            assert_eq!(r.code, netra_core::ErrorCode::Unauthorized);
            assert!(r.message.to_lowercase().contains("pindai"), "{}", r.message);
        }
    }
    let (status, _) = hall.get("/api/roster", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = hall
        .post("/api/pair", None, json!({ "token": "x", "name": "A" }))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread")]
async fn search_answers_a_few_masked_matches_and_never_the_roster() {
    let hall = start(300, false, Duration::ZERO);
    let device = hall.pair("Tablet A").await;
    let people = hall.people();
    let mut everything = String::new();
    for text in [
        "a",
        "ah",
        "Sri",
        "Ahmad",
        "Dinas",
        "1990",
        &people[0].1[..17],
    ] {
        let (status, body) = hall
            .post("/api/find", Some(&device), json!({ "text": text }))
            .await;
        assert_eq!(status, StatusCode::OK);
        let found: KioskSearch = serde_json::from_value(body.clone()).expect("search");
        assert!(found.matches.len() <= 5, "{text}");
        everything.push_str(&body.to_string());
    }
    for (_, nip, _) in &people {
        assert!(
            !everything.contains(nip.as_str()),
            "a full NIP left the hub"
        );
    }
    // Someone this tablet never searched for cannot be opened.
    let (status, body) = hall
        .post(
            "/api/person",
            Some(&device),
            json!({ "person_id": people[250].0 }),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_phone_signs_for_one_person_only() {
    let hall = start(30, true, Duration::ZERO);
    let phone = hall.phone().await;
    let people = hall.people();
    let sub = hall
        .ready(&phone, people[0].0, &people[0].1, "phone-one-0001")
        .await;
    let (status, body) = hall.submit(&phone, &sub).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Its retry is answered; anything else is refused.
    let (status, body) = hall.submit(&phone, &sub).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = hall
        .post("/api/find", Some(&phone), json!({ "text": people[1].1 }))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(report(&body).message.contains("Ponsel ini sudah dipakai"));
    let second = Submission {
        submission_id: "phone-one-0002".into(),
        person_id: people[1].0,
        ..sub.clone()
    };
    let (status, _) = hall.submit(&phone, &second).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, body) = hall.get("/api/session", Some(&phone)).await;
    assert_eq!(body["used"], json!(true));
    let (status, body) = hall.post("/api/walk-in", Some(&phone), json!({})).await;
    assert!(
        status == StatusCode::FORBIDDEN || status == StatusCode::BAD_REQUEST,
        "{body}"
    );
    assert_eq!(hall.declarations(), 1);

    // The organiser switches phones off: sessions and the QR stop at once.
    let fresh = hall.phone().await;
    hall.hub().set_phones(false);
    assert!(hall.hub().phone_code().is_none());
    let (status, body) = hall.get("/api/session", Some(&fresh)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(report(&body).code, netra_core::ErrorCode::Closed);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_revoked_tablet_and_a_replayed_request_are_refused() {
    let hall = start(30, false, Duration::ZERO);
    let a = hall.pair("Tablet A").await;
    let b = hall.pair("Tablet B").await;
    let people = hall.people();
    let sub = hall
        .ready(&a, people[0].0, &people[0].1, "replay-test-001")
        .await;
    assert_eq!(hall.submit(&a, &sub).await.0, StatusCode::OK);
    // B replays A's request: it never searched this person, and the id is A's.
    let (status, body) = hall.submit(&b, &sub).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(!body.to_string().contains(&people[0].2), "no receipt for B");
    // A person of another event, even when B searched its own event.
    let other: i64 = {
        let mut conn = db::open(&hall.db_path).expect("db");
        let now = chrono::Utc::now();
        let ev = demo::create(&mut conn, 3, now, now.date_naive())
            .expect("demo")
            .event
            .id;
        conn.query_row("SELECT id FROM people WHERE event_id = ?1", [ev], |r| {
            r.get(0)
        })
        .expect("other")
    };
    let (status, _) = hall
        .post("/api/person", Some(&b), json!({ "person_id": other }))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let id = hall
        .hub()
        .view()
        .expect("view")
        .devices
        .iter()
        .find(|d| d.name == "Tablet B")
        .expect("b")
        .id;
    hall.hub().revoke(id).expect("revoke");
    let (status, body) = hall.get("/api/ping", Some(&b)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(report(&body).message.contains("dicabut"), "{body}");
    assert_eq!(hall.get("/api/ping", Some(&a)).await.0, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_bodies_are_refused_with_a_status_and_an_indonesian_message() {
    let hall = start(10, false, Duration::ZERO);
    let device = hall.pair("Tablet A").await;
    let send = |body: Vec<u8>, content_type: &'static str| {
        hall.http
            .post(format!("{}/api/submit", hall.url))
            .bearer_auth(&device)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let res = send(b"{not json".to_vec(), "application/json")
        .await
        .expect("send");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(report(&res.json().await.expect("json"))
        .message
        .contains("tidak dapat dibaca"));
    let res = send(b"{}".to_vec(), "text/plain").await.expect("send");
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge =
        serde_json::to_vec(&json!({ "strokes": "x".repeat(2 * 1024 * 1024) })).expect("json");
    let res = send(huge, "application/json").await.expect("send");
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(report(&res.json().await.expect("json"))
        .message
        .contains("terlalu besar"));
    // A signature the core refuses (too big for the pad, under the body limit).
    let people = hall.people();
    let mut sub = hall
        .ready(&device, people[0].0, &people[0].1, "bad-strokes-01")
        .await;
    sub.strokes = "[]".into();
    let (status, body) = hall.submit(&device, &sub).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(!report(&body).fields.is_empty(), "names the field: {body}");
    assert_eq!(hall.declarations(), 0, "nothing partial stored");
}

#[tokio::test(flavor = "multi_thread")]
async fn limits_slow_clients_foreign_pages_and_what_is_served() {
    let hall = start(10, false, Duration::ZERO);
    let device = hall.pair("Tablet A").await;

    // Rate limit: a flood from one tablet is told to wait, then served again.
    let mut limited = 0;
    for _ in 0..150 {
        if hall.get("/api/ping", Some(&device)).await.0 == StatusCode::TOO_MANY_REQUESTS {
            limited += 1;
        }
    }
    assert!(limited > 0, "150 requests in a burst are limited");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(hall.get("/api/ping", Some(&device)).await.0, StatusCode::OK);

    // Another page in the same browser may not call the hub.
    let res = hall
        .http
        .get(format!("{}/api/ping", hall.url))
        .bearer_auth(&device)
        .header("origin", "http://evil.example")
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.headers().get("access-control-allow-origin").is_none());

    // The page and its assets only; never a listing or the organiser's app.
    let page = hall.http.get(&hall.url).send().await.expect("page");
    assert_eq!(page.status(), StatusCode::OK);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_string();
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"));
    assert_eq!(page.headers()["referrer-policy"], "no-referrer");
    for path in [
        "/assets/",
        "/assets/sub",
        "/index.html",
        "/assets/%2e%2e/index.html",
        "/assets/..%2findex.html",
    ] {
        let res = hall
            .http
            .get(format!("{}{path}", hall.url))
            .send()
            .await
            .expect("get");
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let js = hall
        .http
        .get(format!("{}/assets/hub.js", hall.url))
        .send()
        .await
        .expect("js");
    assert_eq!(
        js.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );

    // A client that never finishes its headers is cut off.
    let addr = hall.hub().address();
    let started = Instant::now();
    let closed = tokio::task::spawn_blocking(move || {
        let mut s = TcpStream::connect(addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(15)))
            .expect("timeout");
        s.write_all(b"GET /api/ping HTTP/1.1\r\nHost: x\r\n")
            .expect("write");
        let mut buf = [0u8; 512];
        matches!(s.read(&mut buf), Ok(0) | Ok(_) | Err(_))
    })
    .await
    .expect("join");
    assert!(closed);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(4) && waited < Duration::from_secs(12),
        "cut off after {waited:?}"
    );

    // The access log names clients and paths, never tokens or people.
    let log = std::fs::read_to_string(&hall.log_path).expect("log");
    assert!(
        log.contains("/api/ping 200") && log.contains("device#"),
        "{log}"
    );
    assert!(!log.contains(device.split('.').nth(1).expect("token")));
    assert!(!log.contains("#pair"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stopped_hub_says_so_then_closes_and_what_was_signed_stays() {
    let mut hall = start(10, true, Duration::from_millis(1500));
    let device = hall.pair("Tablet A").await;
    let people = hall.people();
    let sub = hall
        .ready(&device, people[0].0, &people[0].1, "before-stop-01")
        .await;
    assert_eq!(hall.submit(&device, &sub).await.0, StatusCode::OK);
    let late = hall
        .ready(&device, people[1].0, &people[1].1, "after-stop-001")
        .await;

    let hub = hall.hub.take().expect("hub");
    let stopping = tokio::task::spawn_blocking(move || hub.stop());
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (status, body) = hall.submit(&device, &late).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let r = report(&body);
    assert_eq!(r.code, netra_core::ErrorCode::Closed);
    assert!(r.message.contains("dihentikan"), "{}", r.message);
    stopping.await.expect("stopped");
    let gone = hall.http.get(format!("{}/api/ping", hall.url)).send().await;
    assert!(gone.is_err(), "the port is closed");
    assert_eq!(hall.declarations(), 1);
}
