//! Embed links: a team lead makes a read-only link to the board (optionally only some stages),
//! with an expiry, revocable at once; `/embed/<token>` shows it live without the app's chrome.

use super::{AppJson, AppPath};
use crate::AppState;
use crate::auth::{CurrentUser, token};
use crate::clock::now_millis;
use crate::error::{Error, Result};
use crate::sync::{Revoked, Subscription};
use axum::Router;
use axum::extract::State;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{Message, WebSocketUpgrade};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get};
use futures_util::{SinkExt, StreamExt};
use qadam_shared::limits::COLUMN_NAME_MAX_CHARS;
use qadam_shared::{Board, BoardId, Card, ColumnId, EmbedLink as Embed, Role, ServerMsg, apply};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

/// Longest an embed may live.
const MAX_DAYS: u32 = 366;
/// How often an open embed rechecks that it is still valid (revocations on other instances,
/// expiry).
const RECHECK: Duration = Duration::from_secs(10);
/// Largest frame read from an embed socket, which only ever receives pings and a close.
const EMBED_FRAME_MAX_BYTES: usize = 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/boards/{board}/embeds", get(list).post(create))
        .route("/boards/{board}/embeds/{embed}", delete(revoke))
        .route("/embed/{token}", get(snapshot))
        .route("/embed/{token}/ws", get(socket))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewEmbed {
    label: String,
    /// Stages to show; all when absent.
    columns: Option<Vec<ColumnId>>,
    expires_in_days: Option<u32>,
}

#[derive(Serialize)]
struct CreatedEmbed {
    embed: Embed,
    /// The secret part of the link, shown once.
    token: String,
    path: String,
}

async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(board): AppPath<BoardId>,
) -> Result<AppJson<Vec<Embed>>> {
    current.require(&state, board, Role::Lead).await?;
    Ok(AppJson(state.store.embeds_of(board).await?))
}

async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(board): AppPath<BoardId>,
    AppJson(new): AppJson<NewEmbed>,
) -> Result<(StatusCode, AppJson<CreatedEmbed>)> {
    current.require(&state, board, Role::Lead).await?;
    let label = new.label.trim().to_owned();
    if label.is_empty()
        || label.chars().count() > COLUMN_NAME_MAX_CHARS * 2
        || qadam_shared::text::has_control(&label, false)
    {
        return Err(Error::bad_request(
            "bad_label",
            "an embed needs a short label saying where it is used",
        ));
    }
    if let Some(columns) = &new.columns {
        let current_board = state.hub.board(board).await?.subscribe().await?.board;
        if columns.is_empty()
            || columns
                .iter()
                .any(|c| !current_board.columns.contains_key(c))
        {
            return Err(Error::bad_request(
                "bad_columns",
                "pick one or more stages of this board",
            ));
        }
    }
    let days = new.expires_in_days.unwrap_or(90);
    if days == 0 || days > MAX_DAYS {
        return Err(Error::bad_request(
            "bad_expiry",
            format!("an embed lasts 1 to {MAX_DAYS} days"),
        ));
    }
    let now = now_millis();
    let token = token::generate();
    let id = uuid::Uuid::new_v4().to_string();
    let store = &state.store;
    store
        .create_embed(
            &id,
            &token::hash(&token),
            board,
            &current.user.id,
            &label,
            new.columns.as_deref(),
            now,
            Some(now + days as i64 * 86_400_000),
        )
        .await?;
    let embed = store
        .embed_by_id(&id)
        .await?
        .ok_or(Error::NotFound("embed"))?;
    Ok((
        StatusCode::CREATED,
        AppJson(CreatedEmbed {
            embed,
            path: format!("/embed/{token}"),
            token,
        }),
    ))
}

async fn revoke(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath((board, embed)): AppPath<(BoardId, uuid::Uuid)>,
) -> Result<StatusCode> {
    current.require(&state, board, Role::Lead).await?;
    let embed = embed.to_string();
    state.store.revoke_embed(board, &embed).await?;
    state.hub.revoke(Revoked::Embed(embed)).await;
    Ok(StatusCode::NO_CONTENT)
}

/// The embed behind a token, if it still shows anything.
async fn live_embed(state: &AppState, token: &str) -> Result<Embed> {
    let embed = state
        .store
        .embed_by_token(&token::hash(token))
        .await?
        .ok_or(Error::NotFound("embed"))?;
    if embed.revoked {
        return Err(Error::EmbedGone("revoked"));
    }
    if embed.expires_at.is_some_and(|at| at <= now_millis()) {
        return Err(Error::EmbedGone("expired"));
    }
    Ok(embed)
}

/// Only what the embed was made for and shows: its stages, their open cards' titles (the embed
/// page shows no descriptions, so none are sent).
fn visible(board: &Board, embed: &Embed) -> Board {
    let mut shown = Board::new(board.id, board.name.clone(), board.team.clone());
    shown.columns = board
        .columns
        .iter()
        .filter(|(id, _)| embed.columns.as_ref().is_none_or(|c| c.contains(id)))
        .map(|(id, c)| (*id, c.clone()))
        .collect();
    shown.cards = board
        .cards
        .iter()
        .filter(|(_, c)| !c.archived && shown.columns.contains_key(&c.column))
        .map(|(id, c)| {
            let card = Card {
                description: String::new(),
                ..c.clone()
            };
            (*id, card)
        })
        .collect();
    shown
}

#[derive(Serialize)]
struct EmbedSnapshot {
    label: String,
    board: Board,
    seq: u64,
}

async fn snapshot(
    State(state): State<AppState>,
    AppPath(token): AppPath<String>,
) -> Result<AppJson<EmbedSnapshot>> {
    let embed = live_embed(&state, &token).await?;
    let sub = state.hub.board(embed.board_id).await?.subscribe().await?;
    Ok(AppJson(EmbedSnapshot {
        label: embed.label.clone(),
        board: visible(&sub.board, &embed),
        seq: sub.seq,
    }))
}

/// Live and read-only: a filtered snapshot after every change; an error frame and the end when
/// the link is revoked or expires.
async fn socket(
    State(state): State<AppState>,
    AppPath(token): AppPath<String>,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Result<Response> {
    let embed = live_embed(&state, &token).await?;
    let ws = ws.map_err(super::ws::not_a_socket)?;
    let handle = state.hub.board(embed.board_id).await?;
    let mut revocations = state.hub.revocations();
    // The embed page sends nothing: anything larger than a close frame is refused.
    let ws = ws
        .max_message_size(EMBED_FRAME_MAX_BYTES)
        .max_frame_size(EMBED_FRAME_MAX_BYTES)
        .read_buffer_size(EMBED_FRAME_MAX_BYTES * 4)
        .write_buffer_size(0);
    Ok(ws.on_upgrade(move |socket| async move {
        let (mut sink, mut stream) = socket.split();
        let Ok(Subscription {
            mut board,
            mut seq,
            mut events,
        }) = handle.subscribe().await
        else {
            return;
        };
        let send = |board: &Board, seq: u64| {
            let msg = ServerMsg::Snapshot {
                board: visible(board, &embed).into(),
                seq,
            };
            Message::Text(serde_json::to_string(&msg).unwrap_or_default().into())
        };
        if sink.send(send(&board, seq)).await.is_err() {
            return;
        }
        let mut recheck = tokio::time::interval(RECHECK);
        let gone = loop {
            tokio::select! {
                event = events.recv() => match event {
                    Ok(event) if event.seq == seq + 1 => {
                        let _ = apply(std::sync::Arc::make_mut(&mut board), &event.op);
                        seq = event.seq;
                        if sink.send(send(&board, seq)).await.is_err() { return; }
                    }
                    Ok(_) | Err(RecvError::Lagged(_)) => {
                        let Ok(sub) = handle.subscribe().await else { return };
                        (board, seq, events) = (sub.board, sub.seq, sub.events);
                        if sink.send(send(&board, seq)).await.is_err() { return; }
                    }
                    Err(RecvError::Closed) => return,
                },
                revoked = revocations.recv() => match revoked {
                    Ok(Revoked::Embed(id)) if id == embed.id => break Error::EmbedGone("revoked"),
                    Err(RecvError::Lagged(_)) => {
                        if let Err(e @ Error::EmbedGone(_)) = live_embed(&state, &token).await {
                            break e;
                        }
                    }
                    _ => {}
                },
                _ = recheck.tick() => {
                    if let Err(e @ Error::EmbedGone(_)) = live_embed(&state, &token).await {
                        break e;
                    }
                }
                frame = stream.next() => {
                    if !matches!(frame, Some(Ok(_))) { return; }
                }
            }
        };
        let msg = ServerMsg::Error {
            code: gone.code().into(),
            message: gone.to_string(),
        };
        let _ = sink
            .send(Message::Text(
                serde_json::to_string(&msg).unwrap_or_default().into(),
            ))
            .await;
        let _ = sink.send(Message::Close(None)).await;
    }))
}
