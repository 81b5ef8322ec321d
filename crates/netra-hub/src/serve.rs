//! The accept loop. Hyper directly (not `axum::serve`) because a hall
//! network has slow and half-dead clients: headers must arrive within a
//! few seconds, connections are capped, and stopping tells clients first
//! and then closes within a bounded time.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tower::ServiceExt;

use crate::routes::Peer;

/// Headers not complete within this are cut off (a slow or stuck client).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections open at once; more are closed at accept.
pub const MAX_CONNECTIONS: usize = 1024;
/// How long open connections may finish after the port is closed.
const DRAIN: Duration = Duration::from_secs(2);

pub async fn run(listener: TcpListener, app: Router, mut stop: watch::Receiver<bool>) {
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .keep_alive(true);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                // Out of file descriptors and the like: breathe, go on.
                Err(_) => { tokio::time::sleep(Duration::from_millis(50)).await; continue; }
            },
            _ = stop.changed() => break,
        };
        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: Request<Incoming>| {
            req.extensions_mut().insert(Peer(peer));
            let app = app.clone();
            async move { app.oneshot(req.map(axum::body::Body::new)).await }
        });
        let conn = http.serve_connection(TokioIo::new(stream), service);
        let watched = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = watched.await;
            drop(slot);
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(DRAIN) => {}
    }
}
