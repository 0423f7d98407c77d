//! Browser-facing protections: the Content-Security-Policy (with who may frame what), and the
//! origin check on state-changing requests and socket upgrades (CSRF, cross-site WebSocket
//! hijacking).

use crate::AppState;
use crate::error::Error;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::IpAddr;

/// Sets the security headers on every response. App pages cannot be framed; embed pages only by
/// the configured origins.
pub async fn headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let embed = request.uri().path().starts_with("/embed/");
    let https = over_https(request.headers());
    let mut response = next.run(request).await;
    let ancestors = if embed && !state.embed_origins.is_empty() {
        state.embed_origins.join(" ")
    } else {
        "'none'".to_owned()
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors {ancestors}"
    );
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}

/// Whether the browser reached us over HTTPS (directly or through a proxy that says so).
pub fn over_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|p| p.eq_ignore_ascii_case("https"))
}

/// Whether the request's `Origin`, when the browser sent one, is this server: same scheme,
/// same host and port.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let scheme = if over_https(headers) { "https" } else { "http" };
    origin.split_once("://").is_some_and(|(s, origin_host)| {
        s.eq_ignore_ascii_case(scheme) && origin_host.eq_ignore_ascii_case(host)
    })
}

/// Refuses requests for a host this server does not serve, so a page on another name that
/// resolves here (DNS rebinding) cannot read it. Loopback names always pass; others must be in
/// `--allowed-hosts`. A request without `Host` (no browser sends one) passes.
pub async fn check_host(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if let Some(host) = request.headers().get(header::HOST) {
        let host = host.to_str().unwrap_or_default().to_ascii_lowercase();
        let name = match host.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or_default().to_owned(),
            None => host.split(':').next().unwrap_or_default().to_owned(),
        };
        let loopback =
            name == "localhost" || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
        if !loopback && !state.allowed_hosts.iter().any(|h| *h == name || *h == host) {
            return Error::UnknownHost(host).into_response();
        }
    }
    next.run(request).await
}

/// Refuses state-changing requests and WebSocket upgrades that a page of another site made.
/// Embed sockets are meant to be opened from other sites' frames and are read-only.
pub async fn check_origin(request: Request, next: Next) -> Response {
    let changes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let upgrade = request.headers().contains_key(header::UPGRADE);
    let embed = request.uri().path().starts_with("/api/embed/");
    if (changes || upgrade) && !embed && !same_origin(request.headers()) {
        return Error::BadOrigin.into_response();
    }
    next.run(request).await
}
