//! The board WebSocket: catch-up, then every commit live; submissions in, acks and refusals out.
//! The protocol is described in `qadam_shared::protocol`.

use super::{AppPath, AppQuery};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::sync::{BoardHandle, Outcome, Revoked, Subscription};
use axum::Router;
use axum::extract::State;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{Message, WebSocketUpgrade};
use axum::response::Response;
use axum::routing::get;
use futures_util::stream::FuturesUnordered;
use futures_util::{Sink, SinkExt, Stream, StreamExt};
use qadam_shared::limits::FRAME_MAX_BYTES;
use qadam_shared::{BoardId, ClientMsg, ServerMsg};
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

/// A client further behind than this gets a snapshot instead of the missing events.
const CATCH_UP_MAX: u64 = 2000;
/// Frames above this size close the connection; up to it, frames past the protocol's limit get
/// an error frame. It bounds what a half-sent message can hold in memory.
const TRANSPORT_MAX_BYTES: usize = 2 * FRAME_MAX_BYTES;
/// The socket's read buffer (the library's default is 128 KiB per socket).
const READ_BUFFER_BYTES: usize = 16 * 1024;

pub fn router() -> Router<AppState> {
    Router::new().route("/boards/{board}/ws", get(upgrade))
}

#[derive(Deserialize)]
struct Params {
    /// The sequence number of the board the client already holds.
    since: Option<u64>,
}

async fn upgrade(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(id): AppPath<BoardId>,
    AppQuery(params): AppQuery<Params>,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Result<Response> {
    current.role_on(&state, id).await?;
    let ws = ws.map_err(not_a_socket)?;
    let open = state.sockets.open(&current.user.id)?;
    let board = state.hub.board(id).await?;
    Ok(ws
        .max_message_size(TRANSPORT_MAX_BYTES)
        .max_frame_size(TRANSPORT_MAX_BYTES)
        .read_buffer_size(READ_BUFFER_BYTES)
        .on_upgrade(move |socket| async move {
            let _open = open;
            let (sink, stream) = socket.split();
            let connection = Connection {
                id,
                board,
                current,
                state,
            };
            if let Err(e) = connection.serve(params.since, sink, stream).await {
                tracing::debug!(board = %id, "socket ended: {e}");
            }
        }))
}

/// One person's socket on one board.
pub struct Connection {
    pub id: BoardId,
    pub board: BoardHandle,
    pub current: CurrentUser,
    pub state: AppState,
}

impl Connection {
    /// The person's role on the board as of now: fails once the session ended, the account was
    /// disabled, or the person was taken off the board.
    async fn role_now(&self) -> Result<qadam_shared::Role> {
        let current = self.current.refreshed(&self.state).await?;
        current.role_on(&self.state, self.id).await
    }

    /// Runs the socket until the client leaves. Generic over the socket halves so it can run on
    /// any transport.
    pub async fn serve<Si, St, E>(
        self,
        since: Option<u64>,
        mut sink: Si,
        mut stream: St,
    ) -> Result<()>
    where
        Si: Sink<Message> + Unpin,
        Si::Error: std::fmt::Display,
        St: Stream<Item = Result<Message, E>> + Unpin,
    {
        let mut revocations = self.state.hub.revocations();
        let Subscription {
            board,
            seq,
            mut events,
        } = self.board.subscribe().await?;
        let mut sent = seq;
        let missed = match since {
            Some(since) if since <= seq && seq - since <= CATCH_UP_MAX => {
                match self.state.store.events_between(self.id, since, seq).await {
                    Ok(missed) => Some(missed),
                    Err(e @ Error::Unavailable(_)) => return Err(e),
                    // A log entry that does not read: the snapshot still serves.
                    Err(e) => {
                        tracing::error!(board = %self.id, "reading the log to catch up: {e}");
                        None
                    }
                }
            }
            _ => None,
        };
        match missed {
            Some(missed) => {
                for event in missed {
                    send(&mut sink, &ServerMsg::Committed(event)).await?;
                }
                send(&mut sink, &ServerMsg::Live { seq }).await?;
            }
            None => send(&mut sink, &ServerMsg::Snapshot { board, seq }).await?,
        }

        let mut in_flight = FuturesUnordered::new();
        loop {
            tokio::select! {
                frame = stream.next() => {
                    let text = match frame {
                        None | Some(Err(_)) | Some(Ok(Message::Close(_))) => break,
                        Some(Ok(Message::Text(text))) => text,
                        Some(Ok(Message::Binary(_))) => {
                            send(&mut sink, &protocol_error("binary_frame", "frames are JSON text")).await?;
                            continue;
                        }
                        Some(Ok(_)) => continue,
                    };
                    if text.len() > FRAME_MAX_BYTES {
                        let message = format!("a frame holds at most {FRAME_MAX_BYTES} bytes");
                        send(&mut sink, &protocol_error("frame_too_large", &message)).await?;
                        continue;
                    }
                    match serde_json::from_str::<ClientMsg>(&text) {
                        Ok(ClientMsg::Submit { id, op }) => {
                            // The role is checked on every operation, so a change of role or a
                            // sign-out elsewhere takes effect at once.
                            let role = self.role_now().await;
                            let role = match role {
                                Ok(role) => role,
                                Err(e) => {
                                    // Signed out, no longer on the board, or the database is
                                    // away: say which, and close.
                                    send(&mut sink, &protocol_error(e.code(), &e.body().message)).await?;
                                    break;
                                }
                            };
                            if let Err(rejection) = role.permit(&op) {
                                send(&mut sink, &ServerMsg::Rejected { id, rejection }).await?;
                                continue;
                            }
                            self.state.op_rate.wait(&self.current.user.id).await;
                            let board = self.board.clone();
                            let author = self.current.user.author();
                            in_flight.push(async move { (id, board.submit(id, op, author).await) });
                        }
                        Err(e) => {
                            send(&mut sink, &protocol_error("malformed", &e.to_string())).await?;
                        }
                    }
                }
                revoked = revocations.recv() => {
                    let concerns_us = match revoked {
                        Ok(Revoked::User(user)) => user == self.current.user.id,
                        Ok(Revoked::Embed(_)) => false,
                        Err(RecvError::Lagged(_)) => true,
                        Err(RecvError::Closed) => false,
                    };
                    if concerns_us {
                        // Signed out, disabled, password changed, or taken off the board: the
                        // stream stops at once.
                        let still = self.role_now().await;
                        if let Err(e) = still {
                            send(&mut sink, &protocol_error(e.code(), &e.body().message)).await?;
                            break;
                        }
                    }
                }
                event = events.recv() => match event {
                    Ok(event) => {
                        if event.seq > sent {
                            sent = event.seq;
                            send(&mut sink, &ServerMsg::Committed((*event).clone())).await?;
                        }
                    }
                    Err(RecvError::Lagged(_)) => {
                        // Too slow for the live stream: read what was missed from the log.
                        for event in self.state.store.events_between(self.id, sent, i64::MAX as u64).await? {
                            sent = event.seq;
                            send(&mut sink, &ServerMsg::Committed(event)).await?;
                        }
                    }
                    Err(RecvError::Closed) => {
                        // The board's task stopped (its database failed): the client reconnects
                        // to a fresh one.
                        let stopped = Error::Unavailable("the board is being reloaded".into());
                        send(&mut sink, &protocol_error(stopped.code(), &stopped.body().message)).await?;
                        break;
                    }
                },
                Some((id, outcome)) = in_flight.next(), if !in_flight.is_empty() => match outcome {
                    // Everyone, the sender included, sees the commit on the live stream.
                    Ok(Outcome::Committed(_)) => {}
                    Ok(Outcome::Duplicate(seq)) => send(&mut sink, &ServerMsg::Ack { id, seq }).await?,
                    Ok(Outcome::Rejected(rejection)) => {
                        send(&mut sink, &ServerMsg::Rejected { id, rejection }).await?;
                    }
                    Err(e) => {
                        // Not committed. The client keeps the operation; closing makes it
                        // reconnect and send it again.
                        send(&mut sink, &protocol_error(e.code(), &e.body().message)).await?;
                        break;
                    }
                },
            }
        }
        let _ = sink.send(Message::Close(None)).await;
        Ok(())
    }
}

/// A plain request to a socket endpoint, after it passed the access checks.
pub fn not_a_socket(rejection: WebSocketUpgradeRejection) -> Error {
    Error::bad_request("not_a_websocket", rejection.body_text())
}

fn protocol_error(code: &str, message: &str) -> ServerMsg {
    ServerMsg::Error {
        code: code.to_owned(),
        message: message.to_owned(),
    }
}

async fn send<Si>(sink: &mut Si, msg: &ServerMsg) -> Result<()>
where
    Si: Sink<Message> + Unpin,
    Si::Error: std::fmt::Display,
{
    let text = serde_json::to_string(msg).map_err(anyhow::Error::from)?;
    sink.send(Message::Text(text.into()))
        .await
        .map_err(|e| Error::from(anyhow::anyhow!("sending: {e}")))
}
