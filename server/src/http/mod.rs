//! The HTTP surface: the JSON API, the WebSockets, the static app, and the protections around
//! them.

mod boards;
mod embeds;
mod extract;
mod people;
pub mod rate;
mod security;
mod session;
mod static_files;
mod ws;

pub use extract::{AppJson, AppPath, AppQuery};

use crate::AppState;
use crate::error::Error;
use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use qadam_shared::limits::FRAME_MAX_BYTES;
use serde_json::{Value, json};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

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
    ("POST", "/api/session", Access::Public),
    ("DELETE", "/api/session", Access::SignedIn),
    ("GET", "/api/me", Access::SignedIn),
    ("POST", "/api/me/password", Access::SignedIn),
    ("GET", "/api/users", Access::Admin),
    ("POST", "/api/users", Access::Admin),
    ("PATCH", "/api/users/{user}", Access::Admin),
    ("GET", "/api/boards", Access::SignedIn),
    ("GET", "/api/boards/{board}", Access::BoardRole),
    ("POST", "/api/boards/{board}/ops", Access::BoardRole),
    ("GET", "/api/boards/{board}/events", Access::BoardRole),
    ("GET", "/api/boards/{board}/ws", Access::BoardRole),
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
    ("GET", "/api/embed/{token}", Access::EmbedToken),
    ("GET", "/api/embed/{token}/ws", Access::EmbedToken),
];

/// The whole application; the seam tests drive with `oneshot`.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route("/health", get(health))
        .merge(session::router())
        .merge(people::router())
        .merge(boards::router())
        .merge(ws::router())
        .merge(embeds::router())
        .route_layer(middleware::from_fn(registered_only))
        .fallback(|| async { Error::NotFound("API endpoint") })
        // Board snapshots are repetitive JSON; the static files come precompressed.
        .layer(CompressionLayer::new());
    Router::new()
        .nest("/api", api)
        .fallback_service(static_files::service(&state.static_dir))
        .layer(middleware::from_fn(security::check_origin))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .layer(DefaultBodyLimit::max(FRAME_MAX_BYTES))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Answers 500 for a route that is not in `ENDPOINTS`.
async fn registered_only(path: MatchedPath, request: Request, next: Next) -> Response {
    let method = request.method().as_str();
    let known = ENDPOINTS
        .iter()
        .any(|(m, p, _)| *m == method && *p == path.as_str());
    if !known {
        tracing::error!("{method} {} is not in http::ENDPOINTS", path.as_str());
        return Error::Internal(anyhow::anyhow!("unregistered endpoint")).into_response();
    }
    next.run(request).await
}

/// For load balancers: 200 when the database answers, 503 when it does not.
async fn health(State(state): State<AppState>) -> Result<AppJson<Value>, Error> {
    state.hub.store().ping().await?;
    Ok(AppJson(json!({ "status": "ok" })))
}
