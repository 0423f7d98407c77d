//! Accepting connections, with the protections axum's `serve` leaves out: a deadline for request
//! headers (a client that never finishes them is dropped), `TCP_NODELAY` (small frames go out at
//! once), logged accept errors, and a cap below the descriptor limit past which new connections
//! get a quick 503 while `/api/health` keeps answering.

use crate::AppState;
use crate::error::Error;
use axum::Router;
use axum::extract::ConnectInfo;
use axum::response::IntoResponse;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long a client has to send a request's headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Descriptors kept free for the database, files and the health check.
const RESERVED_DESCRIPTORS: u64 = 128;
/// How long open connections get to finish at shutdown.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Raises the soft limit on open descriptors to the hard limit (systemd's default soft limit of
/// 1,024 would stop the server at about a thousand viewers) and returns how many connections
/// fit below it.
pub fn connection_capacity() -> usize {
    let limit = match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => limit,
        Err(e) => {
            tracing::warn!("could not raise the open-file limit: {e}");
            rlimit::getrlimit(rlimit::Resource::NOFILE).map_or(1024, |(soft, _)| soft)
        }
    };
    let capacity = limit.saturating_sub(RESERVED_DESCRIPTORS).max(16);
    tracing::info!("open-file limit {limit}: up to {capacity} connections");
    usize::try_from(capacity).unwrap_or(usize::MAX)
}

/// Serves `state`'s app on `listener` until `shutdown` completes, with at most `capacity`
/// connections served in full.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    capacity: usize,
    shutdown: impl Future<Output = ()>,
) {
    let app = crate::http::app(state);
    let open = Arc::new(AtomicUsize::new(0));
    let graceful = GracefulShutdown::new();
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let mut last_error_logged: Option<Instant> = None;
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of descriptors, most likely: say so (once a second at most) and let
                    // connections close before trying again.
                    if last_error_logged.is_none_or(|t| t.elapsed() > Duration::from_secs(1)) {
                        tracing::error!("accepting a connection: {e}");
                        last_error_logged = Some(Instant::now());
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let full = open.fetch_add(1, Ordering::SeqCst) >= capacity;
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            let app: Router = app.clone();
            async move {
                if full && request.uri().path() != "/api/health" {
                    return Ok(Error::Busy.into_response());
                }
                app.oneshot(request).await
            }
        });
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let connection = graceful.watch(connection);
        let open = open.clone();
        tokio::spawn(async move {
            let _ = connection.await;
            open.fetch_sub(1, Ordering::SeqCst);
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("connections still open at shutdown were closed");
    }
}

/// Serves on `listener` in the background, as the server does: for tests and benchmarks.
pub fn spawn(listener: TcpListener, state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(serve(
        listener,
        state,
        usize::MAX,
        std::future::pending::<()>(),
    ))
}
