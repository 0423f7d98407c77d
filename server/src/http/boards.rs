//! The boards API: list, snapshot, submit an operation, read history.

use super::{AppJson, AppPath, AppQuery};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::catalog;
use crate::error::{Error, Result};
use crate::sync::Outcome;
use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use qadam_shared::api::{BoardSnapshot, OpCommitted, OpSubmission, PastBoard};
use qadam_shared::{BoardId, BoardSummary, CardId, ClientOpId, Committed};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/boards", get(list))
        .route("/boards/{board}", get(snapshot))
        .route("/boards/{board}/ops", post(submit))
        .route("/boards/{board}/events", get(events))
        .route("/boards/{board}/as-of", get(as_of))
}

/// The boards the person may see.
#[utoipa::path(
    get,
    operation_id = "boards_list",
    path = "/api/boards",
    tag = "boards",
    responses(
        (status = 200, description = "The boards the person may see", body = Vec<BoardSummary>)
    )
)]
async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<AppJson<Vec<BoardSummary>>> {
    let mut summaries = Vec::new();
    for (id, _) in crate::auth::roles(&state, &current.user).await? {
        // One board that cannot be loaded must not hide the others.
        match state.hub.board(id).await {
            Ok(board) => summaries.push(board.subscribe().await?.board.summary()),
            Err(e @ Error::Unavailable(_)) => return Err(e),
            Err(e) => tracing::error!(board = %id, "listing a board that does not load: {e}"),
        }
    }
    Ok(AppJson(summaries))
}

/// The board as it is now, with the person's role. Compressed once per board, change and role
/// and kept: a thousand browsers opening a board after a restart compress it once, not a
/// thousand times.
#[utoipa::path(
    get,
    operation_id = "boards_snapshot",
    path = "/api/boards/{board}",
    tag = "boards",
    params(
        ("board" = BoardId, Path, description = "The board")
    ),
    responses(
        (status = 200, description = "The board now, its sequence number and the person's role", body = BoardSnapshot),
        (status = 404, description = "No such board, or not the person's", body = qadam_shared::api::ErrorBody)
    )
)]
async fn snapshot(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(id): AppPath<BoardId>,
    headers: HeaderMap,
) -> Result<Response> {
    let role = current.role_on(&state, id).await?;
    let sub = state.hub.board(id).await?.subscribe().await?;
    let gzip = super::encoding::accepts(&headers, "gzip");
    let snapshot = BoardSnapshot {
        board: sub.board,
        seq: sub.seq,
        role,
        timeline: state.timeline.to_string(),
    };
    if !gzip {
        return Ok(AppJson(snapshot).into_response());
    }
    let body = state.snapshots.gzipped(id, &snapshot).await?;
    Ok(super::encoding::gzipped_json(body))
}

/// Submits one operation; answers once it is committed or refused.
#[utoipa::path(
    post,
    operation_id = "boards_submit",
    path = "/api/boards/{board}/ops",
    tag = "boards",
    params(
        ("board" = BoardId, Path, description = "The board")
    ),
    request_body = OpSubmission,
    responses(
        (status = 200, description = "Committed (or committed before, for a resend)", body = OpCommitted),
        (status = 403, description = "The role does not allow it", body = qadam_shared::api::ErrorBody),
        (status = 409, description = "The board as it stands refuses it (a hard WIP limit, an archived card)", body = qadam_shared::api::ErrorBody),
        (status = 422, description = "The rules refuse the value (too long, a reason missing)", body = qadam_shared::api::ErrorBody),
        (status = 404, description = "No such board, or not the person's", body = qadam_shared::api::ErrorBody)
    )
)]
async fn submit(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(id): AppPath<BoardId>,
    AppJson(body): AppJson<OpSubmission>,
) -> Result<AppJson<OpCommitted>> {
    let role = current.role_on(&state, id).await?;
    catalog::admit(&state.store, id, &body.op).await?;
    state.op_rate.check(current.user.id)?;
    let author = current.user.author(role);
    let board = state.hub.board(id).await?;
    let client_op = body.id.unwrap_or_else(ClientOpId::random);
    match board.submit(client_op, body.op, author).await? {
        Outcome::Committed(event) => Ok(AppJson(OpCommitted {
            seq: event.seq,
            applied: true,
            op: Some(event.op.clone()),
        })),
        Outcome::Duplicate(seq) => Ok(AppJson(OpCommitted {
            seq,
            applied: false,
            op: None,
        })),
        Outcome::Rejected(rejection) => Err(rejection.into()),
    }
}

#[derive(Deserialize)]
struct Range {
    #[serde(default)]
    since: u64,
    limit: Option<u64>,
    /// Only this card's changes: its latest `limit`, oldest first.
    card: Option<CardId>,
}

#[derive(Deserialize)]
struct Moment {
    at: i64,
}

/// The board as it stood at a moment, rebuilt from its log by the same rules.
#[utoipa::path(
    get,
    operation_id = "boards_as_of",
    path = "/api/boards/{board}/as-of",
    tag = "boards",
    params(
        ("board" = BoardId, Path, description = "The board"),
        ("at" = i64, Query, description = "The moment, in ms since the epoch")
    ),
    responses(
        (status = 200, description = "The board as it stood then", body = PastBoard)
    )
)]
async fn as_of(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(id): AppPath<BoardId>,
    AppQuery(moment): AppQuery<Moment>,
) -> Result<AppJson<PastBoard>> {
    current.role_on(&state, id).await?;
    let past = state.histories.board_at(&state, id, moment.at).await?;
    Ok(AppJson(PastBoard {
        board: past.board,
        seq: past.seq,
        at: moment.at,
    }))
}

/// Most log entries one request returns.
const EVENTS_PAGE_MAX: u64 = 1000;

/// The board's log, in order.
#[utoipa::path(
    get,
    operation_id = "boards_events",
    path = "/api/boards/{board}/events",
    tag = "boards",
    params(
        ("board" = BoardId, Path, description = "The board"),
        ("since" = Option<u64>, Query, description = "Entries after this sequence number"),
        ("limit" = Option<u64>, Query, description = "At most this many"),
        ("card" = Option<CardId>, Query, description = "Only this card's latest entries, oldest first")
    ),
    responses(
        (status = 200, description = "Log entries in order", body = Vec<Committed>)
    )
)]
async fn events(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(id): AppPath<BoardId>,
    AppQuery(range): AppQuery<Range>,
) -> Result<AppJson<Vec<Committed>>> {
    current.role_on(&state, id).await?;
    let board = state.hub.board(id).await?.subscribe().await?;
    let limit = range.limit.unwrap_or(EVENTS_PAGE_MAX).min(EVENTS_PAGE_MAX);
    if let Some(card) = range.card {
        return Ok(AppJson(state.store.card_history(id, card, limit).await?));
    }
    let until = board.seq.min(range.since.saturating_add(limit));
    Ok(AppJson(
        state.store.history_between(id, range.since, until).await?,
    ))
}
