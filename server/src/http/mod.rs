//! The HTTP surface: the JSON API, the WebSockets, the static app, and the protections around
//! them.

mod audit;
pub mod boards;
mod catalog;
pub mod embeds;
mod encoding;
mod extract;
mod files;
mod inbox;
pub mod metrics;
mod my_work;
pub mod openapi;
mod people;
pub mod portfolio;
pub mod rate;
pub mod security;
mod session;
pub mod snapshots;
mod socket;
pub mod static_files;
mod stocktake;
mod tokens;
mod transfer;
mod webhooks;
mod ws;

pub use extract::{AppJson, AppPath, AppQuery};

use crate::AppState;
use crate::error::Error;
use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use qadam_shared::limits::FRAME_MAX_BYTES;
use serde_json::{Value, json};
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

/// How long a client may take to send a request body (at most 64 KB; an import's file, at most
/// 10 MB, needs 4 Mbit/s).
const BODY_TIMEOUT: Duration = Duration::from_secs(20);

/// Who may call an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone (sign-in, health).
    Public,
    /// Anyone signed in.
    SignedIn,
    /// Anyone holding a valid embed token.
    EmbedToken,
    /// Someone with a role on the board in the path (the handler checks which role).
    BoardRole,
    /// Project Office administrators (and, for the directory, leads).
    Admin,
}

/// Every API endpoint, with who may call it. A route missing here answers 500, and the
/// authorization test requires an expectation for every entry, so an endpoint cannot be added
/// without deciding who may call it.
pub const ENDPOINTS: &[(&str, &str, Access)] = &[
    ("GET", "/api/health", Access::Public),
    ("GET", "/api/openapi.json", Access::Public),
    ("GET", "/api/protocol.schema.json", Access::Public),
    ("POST", "/api/session", Access::Public),
    ("DELETE", "/api/session", Access::SignedIn),
    ("GET", "/api/me", Access::SignedIn),
    ("POST", "/api/me/password", Access::SignedIn),
    ("PUT", "/api/me/language", Access::SignedIn),
    ("GET", "/api/me/sessions", Access::SignedIn),
    ("DELETE", "/api/me/sessions", Access::SignedIn),
    ("DELETE", "/api/me/sessions/{session}", Access::SignedIn),
    ("GET", "/api/me/tokens", Access::SignedIn),
    ("POST", "/api/me/tokens", Access::SignedIn),
    ("DELETE", "/api/me/tokens/{token}", Access::SignedIn),
    ("GET", "/api/audit", Access::Admin),
    ("GET", "/api/users", Access::Admin),
    ("POST", "/api/users", Access::Admin),
    ("PATCH", "/api/users/{user}", Access::Admin),
    ("GET", "/api/boards", Access::SignedIn),
    ("GET", "/api/boards/{board}", Access::BoardRole),
    ("POST", "/api/boards/{board}/ops", Access::BoardRole),
    ("GET", "/api/boards/{board}/events", Access::BoardRole),
    ("GET", "/api/boards/{board}/as-of", Access::BoardRole),
    ("GET", "/api/boards/{board}/metrics", Access::BoardRole),
    ("GET", "/api/boards/{board}/stocktake", Access::BoardRole),
    ("GET", "/api/boards/{board}/ws", Access::BoardRole),
    ("GET", "/api/boards/{board}/export", Access::BoardRole),
    (
        "GET",
        "/api/boards/{board}/import/template",
        Access::BoardRole,
    ),
    ("POST", "/api/boards/{board}/import", Access::BoardRole),
    ("GET", "/api/boards/{board}/members", Access::BoardRole),
    (
        "PUT",
        "/api/boards/{board}/members/{user}",
        Access::BoardRole,
    ),
    (
        "DELETE",
        "/api/boards/{board}/members/{user}",
        Access::BoardRole,
    ),
    ("GET", "/api/boards/{board}/embeds", Access::BoardRole),
    ("POST", "/api/boards/{board}/embeds", Access::BoardRole),
    (
        "DELETE",
        "/api/boards/{board}/embeds/{embed}",
        Access::BoardRole,
    ),
    ("GET", "/api/boards/{board}/webhooks", Access::BoardRole),
    ("POST", "/api/boards/{board}/webhooks", Access::BoardRole),
    (
        "PATCH",
        "/api/boards/{board}/webhooks/{webhook}",
        Access::BoardRole,
    ),
    (
        "DELETE",
        "/api/boards/{board}/webhooks/{webhook}",
        Access::BoardRole,
    ),
    (
        "GET",
        "/api/boards/{board}/webhooks/{webhook}/deliveries",
        Access::BoardRole,
    ),
    (
        "POST",
        "/api/boards/{board}/webhooks/{webhook}/ping",
        Access::BoardRole,
    ),
    ("GET", "/api/catalog", Access::SignedIn),
    ("GET", "/api/portfolio", Access::SignedIn),
    ("GET", "/api/me/work", Access::SignedIn),
    ("GET", "/api/me/notifications", Access::SignedIn),
    ("POST", "/api/me/notifications/read", Access::SignedIn),
    ("GET", "/api/me/notifications/ws", Access::SignedIn),
    ("GET", "/api/portfolio/ws", Access::SignedIn),
    ("GET", "/api/projects/{code}/metrics", Access::SignedIn),
    ("GET", "/api/projects/{code}/stocktake", Access::SignedIn),
    ("PUT", "/api/catalog/agencies/{code}", Access::Admin),
    ("PUT", "/api/catalog/projects/{code}", Access::Admin),
    ("GET", "/api/embed/{token}", Access::EmbedToken),
    ("GET", "/api/embed/{token}/ws", Access::EmbedToken),
];

/// The whole application; the seam tests drive with `oneshot`.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(openapi::document))
        .route("/protocol.schema.json", get(openapi::protocol))
        .merge(session::router())
        .merge(people::router())
        .merge(audit::router())
        .merge(tokens::router())
        .merge(catalog::router())
        .merge(portfolio::router())
        .merge(metrics::router())
        .merge(stocktake::router())
        .merge(my_work::router())
        .merge(inbox::router())
        .merge(boards::router())
        .merge(transfer::router())
        .merge(ws::router())
        .merge(embeds::router())
        .merge(webhooks::router())
        .route_layer(middleware::from_fn(registered_only))
        .fallback(|| async { Error::NotFound("API endpoint") })
        // Answers are personal: no cache, shared or private, keeps them.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        // Board snapshots are repetitive JSON; the static files come precompressed.
        .layer(CompressionLayer::new());
    Router::new()
        .nest("/api", api)
        .fallback_service(static_files::service(state.static_dir.as_deref()))
        .layer(middleware::from_fn(security::check_origin))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::check_host,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .layer(DefaultBodyLimit::max(FRAME_MAX_BYTES))
        .layer(RequestBodyTimeoutLayer::new(BODY_TIMEOUT))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// Each request's span, under which everything it logs goes: its id (`X-Request-Id`, from a
/// proxy or made here, and sent back), method and path. With `RUST_LOG=tower_http=info` each
/// answer is logged too.
fn request_span<B>(request: &axum::http::Request<B>) -> tracing::Span {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        request_id = %id,
        method = %request.method(),
        path = %request.uri().path()
    )
}

/// Passes requests to routes in `ENDPOINTS` (`HEAD` counts as `GET`); answers 405 for a method
/// a listed route does not take, and 500 for a route missing from the list.
async fn registered_only(path: MatchedPath, request: Request, next: Next) -> Response {
    let method = match *request.method() {
        Method::HEAD => "GET",
        ref m => m.as_str(),
    };
    let allowed: Vec<&str> = ENDPOINTS
        .iter()
        .filter(|(_, p, _)| *p == path.as_str())
        .map(|(m, _, _)| *m)
        .collect();
    if allowed.contains(&method) {
        return next.run(request).await;
    }
    if allowed.is_empty() {
        tracing::error!("{method} {} is not in http::ENDPOINTS", path.as_str());
        return Error::Internal(anyhow::anyhow!("unregistered endpoint")).into_response();
    }
    let mut response = Error::MethodNotAllowed.into_response();
    let allow = if allowed.contains(&"GET") {
        format!("{}, HEAD", allowed.join(", "))
    } else {
        allowed.join(", ")
    };
    if let Ok(value) = HeaderValue::from_str(&allow) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

/// How long the health check waits for the database: a load balancer wants an answer, not a
/// hang, while the pool waits out an outage.
const HEALTH_DEADLINE: Duration = Duration::from_millis(800);

/// For load balancers: 200 when the database answers, 503 when it does not (within a second).
#[utoipa::path(
    get,
    operation_id = "health",
    path = "/api/health",
    tag = "meta",
    responses(
        (status = 200, description = "The database answers", body = serde_json::Value),
        (status = 503, description = "The database does not answer", body = qadam_shared::api::ErrorBody)
    ),
    security(())
)]
async fn health(State(state): State<AppState>) -> Result<AppJson<Value>, Error> {
    tokio::time::timeout(HEALTH_DEADLINE, state.store.ping())
        .await
        .map_err(|_| Error::Unavailable("the database did not answer the health check".into()))??;
    Ok(AppJson(json!({ "status": "ok" })))
}
