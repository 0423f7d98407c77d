//! `GET /api/audit`: the security audit log, for administrators, newest first, a page at a time
//! (`?before=<at>&before_id=<id>` of the last entry read, for the next page).

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
    /// The time (milliseconds) and id of the last entry read; the latest without them.
    before: Option<i64>,
    before_id: Option<String>,
}

async fn entries(
    State(state): State<AppState>,
    current: CurrentUser,
    AppQuery(page): AppQuery<Page>,
) -> Result<AppJson<Vec<AuditEntry>>> {
    current.require_admin()?;
    // Without an id, strictly before the time.
    let before = page
        .before
        .map(|at| (at, page.before_id.as_deref().unwrap_or_default()));
    Ok(AppJson(state.store.audit_before(before).await?))
}
