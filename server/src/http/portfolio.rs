//! The Project Office's portfolio: every board a person may see, in figures, with the change
//! since a week before and the tasks that need attention (`qadam_shared::portfolio`); and a
//! socket that says "a board changed" so the page reads it again, live.

use super::AppJson;
use super::ws::{not_a_socket, open_socket, pong};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::clock::now_millis;
use crate::error::Result;
use crate::sync::Revoked;
use axum::Router;
use axum::extract::State;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use axum::routing::get;
use qadam_shared::portfolio::{COMPARED_WITH_MS, Portfolio, portfolio};
use qadam_shared::{Board, BoardId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/portfolio", get(figures))
        .route("/portfolio/ws", get(live))
}

/// The boards a person sees (every board for administrators), in the office's order.
pub async fn visible(state: &AppState, current: &CurrentUser) -> Result<Vec<BoardId>> {
    let roles = crate::auth::roles(state, &current.user).await?;
    Ok(roles.into_iter().map(|(id, _)| id).collect())
}

/// Boards as they stood at the start of an hour a week before, by board: rebuilt once an hour
/// rather than on every read (a week-old moment does not change; its hour moves on).
#[derive(Clone, Default)]
pub struct WeekBefore(Arc<Mutex<HashMap<BoardId, PastAt>>>);

/// A board as it stood at a moment (milliseconds).
type PastAt = (i64, Arc<Board>);

const HOUR_MS: i64 = 3600 * 1000;

impl WeekBefore {
    async fn board(&self, state: &AppState, now: &Board, since: i64) -> Result<Arc<Board>> {
        if let Some((at, board)) = self.0.lock().expect("not poisoned").get(&now.id)
            && *at == since
        {
            return Ok(board.clone());
        }
        let board = Arc::new(state.histories.board_at(state, now.id, since).await?.board);
        self.0
            .lock()
            .expect("not poisoned")
            .insert(now.id, (since, board.clone()));
        Ok(board)
    }
}

/// The portfolio: every team's and strategic project's figures.
#[utoipa::path(
    get,
    operation_id = "portfolio_figures",
    path = "/api/portfolio",
    tag = "reports",
    responses(
        (status = 200, description = "Every team's and project's figures, now and a week before", body = Portfolio)
    )
)]
async fn figures(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<AppJson<Portfolio>> {
    let now = now_millis();
    // The hour a week before: the same comparison for everyone reading within the hour.
    let since = (now - COMPARED_WITH_MS).div_euclid(HOUR_MS) * HOUR_MS;
    let mut pairs = Vec::new();
    for id in visible(&state, &current).await? {
        let board = state.hub.board(id).await?.subscribe().await?.board;
        let before = state.week_before.board(&state, &board, since).await?;
        pairs.push((board, before));
    }
    let refs: Vec<_> = pairs
        .iter()
        .map(|(b, w)| (b.as_ref(), w.as_ref()))
        .collect();
    Ok(AppJson(portfolio(&refs, now, since)))
}

/// Which boards changed, live (WebSocket).
#[utoipa::path(
    get,
    operation_id = "portfolio_live",
    path = "/api/portfolio/ws",
    tag = "live",
    responses(
        (status = 101, description = "A WebSocket saying `{\"listening\": true}` once it listens, then `{\"board\": id}` whenever a board commits")
    )
)]
async fn live(
    State(state): State<AppState>,
    current: CurrentUser,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Result<Response> {
    let boards = visible(&state, &current).await?;
    let ws = ws.map_err(not_a_socket)?;
    let open = state.sockets.open(current.user.id)?;
    Ok(open_socket(ws, move |socket| async move {
        let _open = open;
        if let Err(e) = tell_changes(state, current, boards, socket).await {
            tracing::debug!("portfolio socket ended: {e}");
        }
    }))
}

/// Sends `{"listening": true}` once following every visible board, then `{"board": id}`
/// whenever one commits, until the person's access ends or the browser goes.
async fn tell_changes(
    state: AppState,
    current: CurrentUser,
    boards: Vec<BoardId>,
    mut socket: WebSocket,
) -> Result<()> {
    // Listening first, then checking once more: a sign-out after the request was let in is
    // caught by one or the other.
    let mut revocations = state.hub.revocations();
    current.refreshed(&state).await?;
    let (tx, mut changed) = mpsc::channel::<BoardId>(64);
    // Dropped with this function, which stops them.
    let mut followers = JoinSet::new();
    for id in boards {
        let mut events = state.hub.board(id).await?.subscribe().await?.events;
        let tx = tx.clone();
        followers.spawn(async move {
            // A lagging follower still only needs to say "changed".
            while let Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) =
                events.recv().await
            {
                if tx.send(id).await.is_err() {
                    break;
                }
            }
        });
    }
    drop(tx);
    // What committed between the page's read and this socket is read again now.
    let listening = serde_json::json!({ "listening": true }).to_string();
    if socket.send(Message::text(listening)).await.is_err() {
        return Ok(());
    }
    let mut check = std::pin::pin!(tokio::time::sleep_until(current.recheck_at()));
    loop {
        tokio::select! {
            Some(id) = changed.recv() => {
                let text = serde_json::json!({ "board": id }).to_string();
                if socket.send(Message::text(text)).await.is_err() {
                    return Ok(());
                }
            }
            revocation = revocations.recv() => {
                let mine = |revoked: &Revoked| matches!(revoked, Revoked::User(user) if *user == current.user.id);
                if revocation.concerns(mine)
                    && current.refreshed(&state).await.is_err()
                {
                    return Ok(());
                }
            }
            () = check.as_mut() => {
                if current.refreshed(&state).await.is_err() {
                    return Ok(());
                }
                check.as_mut().reset(current.recheck_at());
            }
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return Ok(()),
                Some(Ok(frame)) => {
                    if let Some(pong) = pong(&frame)
                        && socket.send(pong).await.is_err()
                    {
                        return Ok(());
                    }
                }
            },
        }
    }
}
