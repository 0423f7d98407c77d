//! The boards API: list, snapshot, submit an operation, read history.

use super::{AppJson, AppPath, AppQuery};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::catalog;
use crate::error::{Error, Result};
use crate::sync::Outcome;
use axum::Router;
use axum::extract::State;
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

async fn snapshot(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(id): AppPath<BoardId>,
) -> Result<AppJson<BoardSnapshot>> {
    let role = current.role_on(&state, id).await?;
    let sub = state.hub.board(id).await?.subscribe().await?;
    Ok(AppJson(BoardSnapshot {
        board: sub.board,
        seq: sub.seq,
        role,
    }))
}

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
