//! The boards API: list, snapshot, submit an operation, read history.

use super::{AppJson, AppPath, AppQuery};
use crate::AppState;
use crate::error::{Error, Result};
use crate::sync::Outcome;
use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use qadam_shared::limits::AUTHOR_MAX_CHARS;
use qadam_shared::{Board, BoardId, BoardSummary, ClientOpId, Committed, Op};
use serde::{Deserialize, Serialize};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/boards", get(list))
        .route("/boards/{board}", get(snapshot))
        .route("/boards/{board}/ops", post(submit))
        .route("/boards/{board}/events", get(events))
}

async fn list(State(state): State<AppState>) -> Result<AppJson<Vec<BoardSummary>>> {
    let mut summaries = Vec::new();
    for id in state.hub.store().board_ids().await? {
        let sub = state.hub.board(id).await?.subscribe().await?;
        summaries.push(sub.board.summary());
    }
    Ok(AppJson(summaries))
}

#[derive(Serialize, Deserialize)]
pub struct Snapshot {
    pub board: Board,
    pub seq: u64,
}

async fn snapshot(
    State(state): State<AppState>,
    AppPath(id): AppPath<BoardId>,
) -> Result<AppJson<Snapshot>> {
    let sub = state.hub.board(id).await?.subscribe().await?;
    Ok(AppJson(Snapshot {
        board: sub.board,
        seq: sub.seq,
    }))
}

/// An operation sent over HTTP, for clients without a socket.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Submission {
    /// Names the submission so a retry is not applied twice; generated when absent.
    id: Option<ClientOpId>,
    op: Op,
    author: String,
}

#[derive(Serialize)]
struct Submitted {
    seq: u64,
    /// False when this was a retry of a submission committed earlier.
    applied: bool,
    op: Option<Op>,
}

async fn submit(
    State(state): State<AppState>,
    AppPath(id): AppPath<BoardId>,
    AppJson(body): AppJson<Submission>,
) -> Result<AppJson<Submitted>> {
    let author = checked_author(&body.author)?;
    let board = state.hub.board(id).await?;
    let client_op = body.id.unwrap_or_else(ClientOpId::random);
    match board.submit(client_op, body.op, author).await? {
        Outcome::Committed(event) => Ok(AppJson(Submitted {
            seq: event.seq,
            applied: true,
            op: Some(event.op.clone()),
        })),
        Outcome::Duplicate(seq) => Ok(AppJson(Submitted {
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
}

/// Most log entries one request returns.
const EVENTS_PAGE_MAX: u64 = 1000;

async fn events(
    State(state): State<AppState>,
    AppPath(id): AppPath<BoardId>,
    AppQuery(range): AppQuery<Range>,
) -> Result<AppJson<Vec<Committed>>> {
    let board = state.hub.board(id).await?.subscribe().await?;
    let limit = range.limit.unwrap_or(EVENTS_PAGE_MAX).min(EVENTS_PAGE_MAX);
    let until = board.seq.min(range.since.saturating_add(limit));
    Ok(AppJson(
        state
            .hub
            .store()
            .events_between(id, range.since, until)
            .await?,
    ))
}

/// A display name as given by a person: trimmed, not empty, not too long.
pub fn checked_author(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > AUTHOR_MAX_CHARS {
        return Err(Error::bad_request(
            "bad_author",
            format!("an author name has 1 to {AUTHOR_MAX_CHARS} characters"),
        ));
    }
    Ok(name.to_owned())
}
