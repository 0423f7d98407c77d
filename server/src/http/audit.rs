//! `GET /api/audit`: the security audit log, for administrators, newest first, a page at a time
//! (`?before=` the oldest entry's time).

use super::{AppJson, AppQuery};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Result;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use qadam_shared::audit::AuditEntry;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/audit", get(entries))
}

#[derive(Deserialize)]
struct Page {
    /// Entries older than this (milliseconds); the latest without it.
    before: Option<i64>,
}

async fn entries(
    State(state): State<AppState>,
    current: CurrentUser,
    AppQuery(page): AppQuery<Page>,
) -> Result<AppJson<Vec<AuditEntry>>> {
    current.require_admin()?;
    let before = page.before.unwrap_or(i64::MAX);
    Ok(AppJson(state.store.audit_before(before).await?))
}
