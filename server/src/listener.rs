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
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long a client has to send a request's headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Descriptors kept free for the database, files and the health check.
const RESERVED_DESCRIPTORS: u64 = 128;
/// Connections the kernel completes and holds for the server to accept (the system default of
/// 128 made 200 browsers connecting at once wait a second each for a SYN retransmit; the kernel
/// caps it at `net.core.somaxconn`).
const BACKLOG: u32 = 4096;
/// How long open connections get to finish at shutdown.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// What a server takes before it refuses.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Connections served in full; past it, only `/api/health` is.
    pub connections: usize,
    /// How long a client has to send a request's headers.
    pub header_timeout: Duration,
}

impl Limits {
    /// This machine's: the descriptor limit raised as far as it goes.
    pub fn for_this_machine() -> Self {
        Self {
            connections: connection_capacity(),
            header_timeout: HEADER_TIMEOUT,
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            connections: usize::MAX,
            header_timeout: HEADER_TIMEOUT,
        }
    }
}

/// Raises the soft limit on open descriptors to the hard limit (systemd's default soft limit of
/// 1,024 would stop the server at about a thousand viewers) and returns how many connections
/// fit below it.
fn connection_capacity() -> usize {
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

/// Listens on `addr` with a backlog for thousands of browsers reconnecting at once (after a
/// restart, say).
pub fn bind(addr: std::net::SocketAddr) -> std::io::Result<TcpListener> {
    let socket = match addr {
        std::net::SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
        std::net::SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// Sets an accepted connection up: `TCP_NODELAY`, so a small frame (an ack, a move) goes out at
/// once instead of waiting for the peer's delayed ACK (with two sockets on a board, Nagle's
/// algorithm held each move about 40 ms).
pub fn tune(stream: &tokio::net::TcpStream) {
    if let Err(e) = stream.set_nodelay(true) {
        tracing::debug!("setting TCP_NODELAY: {e}");
    }
}

/// Serves `state`'s app on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let app = crate::http::app(state);
    let open = Arc::new(AtomicUsize::new(0));
    let graceful = GracefulShutdown::new();
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
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
        tune(&stream);
        let full = open.fetch_add(1, Ordering::SeqCst) >= limits.connections;
        // Counted until the stream closes, which for a WebSocket is long after the HTTP
        // connection handed it over.
        let stream = Counted {
            stream,
            open: open.clone(),
        };
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            let app: Router = app.clone();
            async move {
                if full && request.uri().path() != "/api/health" {
                    return Ok(Error::Overloaded.into_response());
                }
                app.oneshot(request).await
            }
        });
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(connection);
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
pub fn spawn(
    listener: TcpListener,
    state: AppState,
    limits: Limits,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(serve(listener, state, limits, std::future::pending::<()>()))
}

/// A connection's stream, counted among the open ones until dropped.
struct Counted {
    stream: tokio::net::TcpStream,
    open: Arc<AtomicUsize>,
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.open.fetch_sub(1, Ordering::SeqCst);
    }
}

impl tokio::io::AsyncRead for Counted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for Counted {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_accepted_connection_sends_small_frames_at_once() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let _client = tokio::net::TcpStream::connect(addr).await.unwrap();
        let (accepted, _) = listener.accept().await.unwrap();
        assert!(
            !accepted.nodelay().unwrap(),
            "the system's default is Nagle's algorithm"
        );
        tune(&accepted);
        assert!(accepted.nodelay().unwrap());
    }
}
