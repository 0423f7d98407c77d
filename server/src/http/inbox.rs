//! A person's notifications: read them, mark them read, and hear at once that new ones came.

use super::AppJson;
use super::ws::{not_a_socket, open_socket, pong};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::sync::Revoked;
use axum::Router;
use axum::extract::State;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use qadam_shared::api::MarkRead;
use qadam_shared::inbox::Inbox;
use tokio::sync::broadcast::error::RecvError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me/notifications", get(inbox))
        .route("/me/notifications/read", post(mark_read))
        .route("/me/notifications/ws", get(live))
}

/// New notifications, live (WebSocket).
#[utoipa::path(
    get,
    operation_id = "inbox_live",
    path = "/api/me/notifications/ws",
    tag = "live",
    responses(
        (status = 101, description = "A WebSocket saying `new` once it listens, then whenever a notification comes")
    )
)]
async fn live(
    State(state): State<AppState>,
    current: CurrentUser,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Result<Response> {
    let ws = ws.map_err(not_a_socket)?;
    let open = state.sockets.open(current.user.id)?;
    Ok(open_socket(ws, move |socket| async move {
        let _open = open;
        tell_news(state, current, socket).await;
    }))
}

/// Sends `new` once listening, then whenever the person's inbox changes, until their access ends
/// or the browser goes.
async fn tell_news(state: AppState, current: CurrentUser, mut socket: WebSocket) {
    let me = current.user.id;
    let mut news = state.hub.postbox().news();
    // Listening first, then checking once more: a sign-out after the request was let in is
    // caught by one or the other.
    let mut revocations = state.hub.revocations();
    if current.refreshed(&state).await.is_err() {
        return;
    }
    // What came between the page's read and this socket is read again now.
    if socket.send(Message::text("new")).await.is_err() {
        return;
    }
    let mut check = std::pin::pin!(tokio::time::sleep_until(current.recheck_at()));
    loop {
        tokio::select! {
            heard = news.recv() => match heard {
                Ok(user) if user != me => {}
                // Ours, or fallen behind and perhaps ours.
                Ok(_) | Err(RecvError::Lagged(_)) => {
                    if socket.send(Message::text("new")).await.is_err() {
                        return;
                    }
                }
                Err(RecvError::Closed) => return,
            },
            revocation = revocations.recv() => {
                let mine = |revoked: &Revoked| matches!(revoked, Revoked::User(user) if *user == me);
                if revocation.concerns(mine)
                    && current.refreshed(&state).await.is_err()
                {
                    return;
                }
            }
            () = check.as_mut() => {
                if current.refreshed(&state).await.is_err() {
                    return;
                }
                check.as_mut().reset(current.recheck_at());
            }
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(frame)) => {
                    if let Some(pong) = pong(&frame)
                        && socket.send(pong).await.is_err()
                    {
                        return;
                    }
                }
            },
        }
    }
}

/// The person's inbox.
#[utoipa::path(
    get,
    operation_id = "inbox_inbox",
    path = "/api/me/notifications",
    tag = "session",
    responses(
        (status = 200, description = "The person's notifications", body = Inbox)
    )
)]
async fn inbox(State(state): State<AppState>, current: CurrentUser) -> Result<AppJson<Inbox>> {
    Ok(AppJson(state.store.inbox(current.user.id).await?))
}

/// Marks notifications read.
#[utoipa::path(
    post,
    operation_id = "inbox_mark_read",
    path = "/api/me/notifications/read",
    tag = "session",
    request_body = MarkRead,
    responses(
        (status = 204, description = "Marked read")
    )
)]
async fn mark_read(
    State(state): State<AppState>,
    current: CurrentUser,
    AppJson(body): AppJson<MarkRead>,
) -> Result<StatusCode> {
    state
        .store
        .mark_read(current.user.id, body.id.as_deref())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
