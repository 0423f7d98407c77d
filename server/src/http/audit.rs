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

/// The security audit log, newest first, 200 entries a page.
#[utoipa::path(
    get,
    operation_id = "audit_entries",
    path = "/api/audit",
    tag = "people",
    params(
        ("before" = Option<i64>, Query, description = "The time (ms) of the last entry read"),
        ("before_id" = Option<String>, Query, description = "The id of the last entry read")
    ),
    responses(
        (status = 200, description = "Up to 200 entries, newest first", body = Vec<AuditEntry>),
        (status = 404, description = "Not an administrator", body = qadam_shared::api::ErrorBody)
    )
)]
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
