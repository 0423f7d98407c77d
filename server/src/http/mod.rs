//! The HTTP surface: the JSON API, the WebSocket and the static app.

mod boards;
mod extract;
mod static_files;
mod ws;

pub use extract::{AppJson, AppPath, AppQuery};

use crate::AppState;
use crate::error::Error;
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::routing::get;
use qadam_shared::limits::FRAME_MAX_BYTES;
use serde_json::{Value, json};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

/// The whole application; the seam tests drive with `oneshot`.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route("/health", get(health))
        .merge(boards::router())
        .merge(ws::router())
        .fallback(|| async { Error::NotFound("API endpoint") })
        // Board snapshots are repetitive JSON; the static files come precompressed.
        .layer(CompressionLayer::new());
    Router::new()
        .nest("/api", api)
        .fallback_service(static_files::service(&state.static_dir))
        .layer(DefaultBodyLimit::max(FRAME_MAX_BYTES))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// For load balancers: 200 when the database answers, 503 when it does not.
async fn health(State(state): State<AppState>) -> Result<AppJson<Value>, Error> {
    state.hub.store().ping().await?;
    Ok(AppJson(json!({ "status": "ok" })))
}
