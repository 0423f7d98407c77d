//! A person's notifications: read them, mark them read.

use super::AppJson;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Result;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use qadam_shared::api::MarkRead;
use qadam_shared::inbox::Inbox;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me/notifications", get(inbox))
        .route("/me/notifications/read", post(mark_read))
}

async fn inbox(State(state): State<AppState>, current: CurrentUser) -> Result<AppJson<Inbox>> {
    Ok(AppJson(state.store.inbox(current.user.id).await?))
}

async fn mark_read(
    State(state): State<AppState>,
    current: CurrentUser,
    AppJson(body): AppJson<MarkRead>,
) -> Result<StatusCode> {
    state
        .store
        .mark_read(current.user.id, body.id.as_deref())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
