//! Flow metrics of a board and of a strategic project across the boards a person sees, computed
//! from the event log by `qadam_shared::metrics` over each board's kept history (`histories`).

use super::{AppJson, AppPath, AppQuery};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::clock::now_millis;
use crate::error::{Error, Result};
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use chrono::NaiveDate;
use qadam_shared::BoardId;
use qadam_shared::delivery::office_date;
use qadam_shared::metrics::{
    DEFAULT_SPAN_DAYS, History, Metrics, Period, board_metrics, project_metrics,
};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/boards/{board}/metrics", get(of_board))
        .route("/projects/{code}/metrics", get(of_project))
}

/// `?from=YYYY-MM-DD&to=YYYY-MM-DD`, both optional.
#[derive(Deserialize)]
pub struct PeriodQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl PeriodQuery {
    /// The period asked for, or `default_days` up to today in the office.
    pub fn period(&self, default_days: u64) -> Result<Period> {
        let today = office_date(now_millis());
        Period::asked(self.from, self.to, today, default_days).map_err(|e| Error::BadRequest {
            code: "bad_period",
            message: e.to_string(),
        })
    }
}

/// A strategic project on the office's list, or 404.
pub async fn listed_project(state: &AppState, code: &str) -> Result<()> {
    match state.store.catalog().await?.project(code) {
        Some(_) => Ok(()),
        None => Err(Error::NotFound("strategic project")),
    }
}

/// The board's metrics over a period.
#[utoipa::path(
    get,
    operation_id = "metrics_of_board",
    path = "/api/boards/{board}/metrics",
    tag = "reports",
    params(
        ("board" = BoardId, Path, description = "The board"),
        ("from" = Option<NaiveDate>, Query, description = "First day (default: 90 days ago)"),
        ("to" = Option<NaiveDate>, Query, description = "Last day (default: today)")
    ),
    responses(
        (status = 200, description = "Flow, cycle time, throughput, stage times", body = Metrics)
    )
)]
async fn of_board(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(id): AppPath<BoardId>,
    AppQuery(query): AppQuery<PeriodQuery>,
) -> Result<AppJson<Metrics>> {
    current.role_on(&state, id).await?;
    let period = query.period(DEFAULT_SPAN_DAYS)?;
    let replayed = state.histories.of(&state, id).await?;
    Ok(AppJson(board_metrics(&replayed.history, period)))
}

/// A strategic project's metrics over a period.
#[utoipa::path(
    get,
    operation_id = "metrics_of_project",
    path = "/api/projects/{code}/metrics",
    tag = "reports",
    params(
        ("code" = String, Path, description = "The strategic project's code"),
        ("from" = Option<NaiveDate>, Query, description = "First day"),
        ("to" = Option<NaiveDate>, Query, description = "Last day")
    ),
    responses(
        (status = 200, description = "The project's tasks across boards", body = Metrics),
        (status = 404, description = "No such project", body = qadam_shared::api::ErrorBody)
    )
)]
async fn of_project(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(code): AppPath<String>,
    AppQuery(query): AppQuery<PeriodQuery>,
) -> Result<AppJson<Metrics>> {
    let period = query.period(DEFAULT_SPAN_DAYS)?;
    listed_project(&state, &code).await?;
    let mut held = Vec::new();
    for id in super::portfolio::visible(&state, &current).await? {
        held.push(state.histories.of(&state, id).await?);
    }
    let histories: Vec<&History> = held.iter().map(|r| &r.history).collect();
    Ok(AppJson(project_metrics(&histories, &code, period)))
}
