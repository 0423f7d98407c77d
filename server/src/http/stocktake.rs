//! The stocktake report of a board or of a strategic project over a period: as JSON for the
//! app's printable page, and as a file (JSON, CSV, Excel) in a chosen language.

use super::metrics::PeriodQuery;
use super::{AppPath, AppQuery, files};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::clock::now_millis;
use crate::error::Result;
use crate::reports;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use qadam_shared::BoardId;
use qadam_shared::metrics::Period;
use qadam_shared::model::Board;
use qadam_shared::stocktake::{Span, Stocktake, stocktake};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/boards/{board}/stocktake", get(of_board))
        .route("/projects/{code}/stocktake", get(of_project))
}

/// The period (default: the last seven days), and the file asked for, if any.
#[derive(Deserialize)]
struct Asked {
    #[serde(flatten)]
    period: PeriodQuery,
    format: Option<String>,
    lang: Option<String>,
}

/// A week, the stocktake's usual rhythm.
const DEFAULT_DAYS: u64 = 7;

/// The board at the start and at the end of the period.
async fn span(state: &AppState, id: BoardId, period: Period) -> Result<(Board, Board)> {
    let histories = &state.histories;
    Ok((
        histories
            .board_at(state, id, period.start_ms() - 1)
            .await?
            .board,
        histories
            .board_at(state, id, period.end_ms() - 1)
            .await?
            .board,
    ))
}

/// The board's stocktake over a period, as JSON or a file.
#[utoipa::path(
    get,
    operation_id = "stocktake_of_board",
    path = "/api/boards/{board}/stocktake",
    tag = "reports",
    params(
        ("board" = BoardId, Path, description = "The board"),
        ("from" = Option<NaiveDate>, Query, description = "First day (default: a week ago)"),
        ("to" = Option<NaiveDate>, Query, description = "Last day"),
        ("format" = Option<String>, Query, description = "json, csv or xlsx for a file"),
        ("lang" = Option<String>, Query, description = "kk, ru or en")
    ),
    responses(
        (status = 200, description = "The stocktake, or its file", content(
            (Stocktake = "application/json"),
            (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        ))
    )
)]
async fn of_board(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(id): AppPath<BoardId>,
    AppQuery(asked): AppQuery<Asked>,
) -> Result<Response> {
    current.role_on(&state, id).await?;
    let period = asked.period.period(DEFAULT_DAYS)?;
    let (start, end) = span(&state, id, period).await?;
    let report = stocktake(
        &[Span {
            start: &start,
            end: &end,
        }],
        None,
        period,
        now_millis(),
    );
    answer(&state, &current, &asked, report, Some(&end.name), None).await
}

/// A strategic project's stocktake over a period.
#[utoipa::path(
    get,
    operation_id = "stocktake_of_project",
    path = "/api/projects/{code}/stocktake",
    tag = "reports",
    params(
        ("code" = String, Path, description = "The strategic project's code"),
        ("from" = Option<NaiveDate>, Query, description = "First day"),
        ("to" = Option<NaiveDate>, Query, description = "Last day"),
        ("format" = Option<String>, Query, description = "json, csv or xlsx for a file"),
        ("lang" = Option<String>, Query, description = "kk, ru or en")
    ),
    responses(
        (status = 200, description = "The stocktake, or its file", content(
            (Stocktake = "application/json"),
            (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        ))
    )
)]
async fn of_project(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(code): AppPath<String>,
    AppQuery(asked): AppQuery<Asked>,
) -> Result<Response> {
    let period = asked.period.period(DEFAULT_DAYS)?;
    super::metrics::listed_project(&state, &code).await?;
    let mut spans = Vec::new();
    for id in super::portfolio::visible(&state, &current).await? {
        spans.push(span(&state, id, period).await?);
    }
    let spans: Vec<Span> = spans
        .iter()
        .map(|(start, end)| Span { start, end })
        .collect();
    let report = stocktake(&spans, Some(&code), period, now_millis());
    answer(&state, &current, &asked, report, None, Some(&code)).await
}

/// The report as JSON for the page, or as the file asked for.
async fn answer(
    state: &AppState,
    current: &CurrentUser,
    asked: &Asked,
    report: Stocktake,
    board: Option<&str>,
    project: Option<&str>,
) -> Result<Response> {
    let Some(format) = asked.format.as_deref() else {
        return Ok(axum::Json(report).into_response());
    };
    let catalog = state.store.catalog().await?;
    let words = files::words(asked.lang.as_deref(), current, &catalog)?;
    let title = reports::title(&words, board, project, &report);
    let name = format!(
        "stocktake-{}-{}",
        report.period.from.format("%Y%m%d"),
        report.period.to.format("%Y%m%d")
    );
    if format == "json" {
        let body = serde_json::to_vec_pretty(&report).map_err(anyhow::Error::from)?;
        return Ok(files::attachment("application/json", &name, "json", body));
    }
    let (title, tables) = reports::stocktake_tables(&report, title, &words);
    let wrong = "a stocktake downloads as json, csv or xlsx";
    files::sheet(format, &name, &title, &tables, &words, wrong)
}
