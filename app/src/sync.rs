//! The board's live connection: shows local changes at once, sends them over the WebSocket,
//! replays them on every server event, keeps them through disconnections and reloads, and
//! reconnects with back-off.

use crate::saved;
use futures_channel::mpsc::{UnboundedSender, unbounded};
use futures_util::{SinkExt, StreamExt};
use gloo_net::websocket::Message;
use gloo_net::websocket::futures::WebSocket;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use qadam_shared::client::{Followup, Notice};
use qadam_shared::{Board, BoardId, ClientMsg, ClientSync, Op, ServerMsg};

/// The state of the connection, as shown to the person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Connecting,
    Online,
    /// Disconnected; retrying.
    Offline,
}

/// A message for the person: something refused, or someone else's change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    pub id: u64,
    pub text: String,
    pub error: bool,
}

/// A board kept in sync with the server; a handle, cheap to copy.
#[derive(Clone, Copy)]
pub struct BoardSync {
    pub id: BoardId,
    /// The board to show: confirmed state plus local changes in flight.
    pub board: RwSignal<Option<Board>>,
    pub status: RwSignal<Status>,
    /// How many local changes the server has not confirmed yet.
    pub pending: RwSignal<usize>,
    pub toasts: RwSignal<Vec<Toast>>,
    /// Latest event worth announcing to screen readers.
    pub announcement: RwSignal<String>,
    /// Who is signed in, asked again when the server ends this socket's right.
    session: Option<crate::contexts::session::Session>,
    inner: StoredValue<Inner, LocalStorage>,
}

struct Inner {
    sync: Option<ClientSync>,
    outbox: Option<UnboundedSender<ClientMsg>>,
    alive: bool,
    next_toast: u64,
}

impl BoardSync {
    /// Opens the board: shows what this browser saved of it at once, then connects.
    pub fn open(id: BoardId) -> Self {
        let restored =
            saved::load(id).map(|(board, seq, pending)| ClientSync::restore(board, seq, pending));
        let this = Self {
            id,
            board: RwSignal::new(None),
            status: RwSignal::new(Status::Connecting),
            pending: RwSignal::new(0),
            toasts: RwSignal::new(Vec::new()),
            announcement: RwSignal::new(String::new()),
            session: use_context::<crate::contexts::session::Session>(),
            inner: StoredValue::new_local(Inner {
                sync: restored,
                outbox: None,
                alive: true,
                next_toast: 0,
            }),
        };
        this.publish();
        spawn_local(async move { this.run().await });
        let inner = this.inner;
        on_cleanup(move || {
            inner.try_update_value(|inner| {
                inner.alive = false;
                // Dropping the sender makes the writer close the socket.
                inner.outbox = None;
            });
        });
        this
    }

    /// Applies a change locally and sends it. A change the rules refuse is not applied, and
    /// the person is told why.
    pub fn submit(&self, op: Op) -> bool {
        let id = self.id;
        let result = self
            .inner
            .try_update_value(|inner| {
                let sync = inner.sync.as_mut().ok_or_else(not_loaded)?;
                let msg = sync.submit(op).map_err(|r| r.message)?;
                saved::save_pending(id, sync.pending());
                if let Some(outbox) = &inner.outbox {
                    let _ = outbox.unbounded_send(msg);
                }
                Ok(())
            })
            .unwrap_or_else(|| Err(not_loaded()));
        match result {
            Ok(()) => {
                self.publish();
                true
            }
            Err(message) => {
                self.toast(capitalized(&message), true);
                false
            }
        }
    }

    /// Shows a message to the person for a few seconds.
    pub fn toast(&self, text: impl Into<String>, error: bool) {
        let id = self
            .inner
            .try_update_value(|inner| {
                inner.next_toast += 1;
                inner.next_toast
            })
            .unwrap_or_default();
        let text = text.into();
        self.announcement.try_set(text.clone());
        self.toasts.try_update(|t| {
            t.push(Toast { id, text, error });
            if t.len() > 4 {
                t.remove(0);
            }
        });
        let toasts = self.toasts;
        set_timeout(
            move || {
                toasts.try_update(|t| t.retain(|x| x.id != id));
            },
            std::time::Duration::from_secs(if error { 8 } else { 4 }),
        );
    }

    /// Copies the sync state into the signals the page renders.
    fn publish(&self) {
        let state = self.inner.try_update_value(|inner| {
            inner
                .sync
                .as_mut()
                .map(|sync| (sync.view().clone(), sync.pending().len()))
        });
        if let Some(Some((view, pending))) = state {
            self.board.try_set(Some(view));
            self.pending.try_set(pending);
        }
    }

    fn alive(&self) -> bool {
        self.inner.try_with_value(|i| i.alive).unwrap_or(false)
    }

    async fn run(self) {
        let mut delay_ms = 500;
        while self.alive() {
            if self.connect_once().await {
                delay_ms = 500;
            }
            if !self.alive() {
                break;
            }
            self.status.try_set(Status::Offline);
            TimeoutFuture::new(delay_ms).await;
            delay_ms = (delay_ms * 2).min(5_000);
        }
    }

    /// One connection, until it drops. True if it got as far as being live.
    async fn connect_once(&self) -> bool {
        let since = self
            .inner
            .try_with_value(|i| i.sync.as_ref().map(|s| s.seq()))
            .flatten();
        let Ok(socket) = WebSocket::open(&socket_url(self.id, since)) else {
            return false;
        };
        let (mut write, mut read) = socket.split();
        let (outbox, mut queue) = unbounded::<ClientMsg>();
        spawn_local(async move {
            while let Some(msg) = queue.next().await {
                let Ok(text) = serde_json::to_string(&msg) else {
                    continue;
                };
                if write.send(Message::Text(text)).await.is_err() {
                    break;
                }
            }
            let _ = write.close().await;
        });
        self.inner.try_update_value(|inner| {
            if let Some(sync) = &inner.sync {
                for msg in sync.resend() {
                    let _ = outbox.unbounded_send(msg);
                }
            }
            inner.outbox = Some(outbox);
        });
        let mut live = false;
        while let Some(Ok(Message::Text(text))) = read.next().await {
            let Ok(msg) = serde_json::from_str::<ServerMsg>(&text) else {
                continue;
            };
            if matches!(msg, ServerMsg::Snapshot { .. } | ServerMsg::Live { .. }) {
                live = true;
                self.status.try_set(Status::Online);
            }
            if self.receive(msg) == Followup::Resync {
                break;
            }
        }
        self.inner.try_update_value(|inner| inner.outbox = None);
        live
    }

    fn receive(&self, msg: ServerMsg) -> Followup {
        if let ServerMsg::Error { code, .. } = &msg
            && matches!(code.as_str(), "unauthenticated" | "not_found")
            && let Some(session) = self.session
        {
            // The session ended or the board was taken away: ask who is signed in now, which
            // drops what this browser kept if it was the session.
            session.refresh();
        }
        if let ServerMsg::Error { message, .. } = &msg {
            self.toast(
                format!("The server could not take a message: {message}"),
                true,
            );
        }
        let id = self.id;
        let received = self.inner.try_update_value(|inner| {
            let result = match inner.sync.as_mut() {
                Some(sync) => sync.receive(msg),
                None => match msg {
                    ServerMsg::Snapshot { board, seq } => {
                        inner.sync =
                            Some(ClientSync::new(std::sync::Arc::unwrap_or_clone(board), seq));
                        (Followup::Nothing, Vec::new())
                    }
                    _ => (Followup::Resync, Vec::new()),
                },
            };
            if let Some(sync) = inner.sync.as_ref() {
                saved::save_confirmed(id, sync.confirmed(), sync.seq());
                saved::save_pending(id, sync.pending());
            }
            result
        });
        let Some((followup, notices)) = received else {
            return Followup::Resync;
        };
        self.publish();
        for notice in notices {
            match notice {
                Notice::Rejected { rejection, .. } => {
                    self.toast(
                        format!("Your change was not saved: {}", rejection.message),
                        true,
                    );
                }
                Notice::Remote(c) => {
                    let board = self.board.get_untracked();
                    if let Some(board) = board {
                        self.announcement.try_set(format!(
                            "{} {}",
                            c.author,
                            c.op.describe(&board)
                        ));
                    }
                }
            }
        }
        followup
    }
}

fn not_loaded() -> String {
    "the board has not loaded yet".into()
}

/// A rule's message as a sentence.
fn capitalized(message: &str) -> String {
    let mut chars = message.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn socket_url(id: BoardId, since: Option<u64>) -> String {
    let location = window().location();
    let scheme = if location.protocol().as_deref() == Ok("https:") {
        "wss"
    } else {
        "ws"
    };
    let host = location.host().unwrap_or_default();
    let since = since.map(|s| format!("?since={s}")).unwrap_or_default();
    format!("{scheme}://{host}/api/boards/{id}/ws{since}")
}
