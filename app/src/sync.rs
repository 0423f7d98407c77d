//! The board's live connection: shows local changes at once, sends them over the WebSocket,
//! replays them on every server event, keeps them through disconnections and reloads, and
//! reconnects with back-off.

use crate::notices::{self, Notices};
use crate::saved;
use crate::socket::{self, Ended};
use futures_channel::mpsc::{UnboundedSender, unbounded};
use futures_util::{SinkExt, StreamExt};
use gloo_net::websocket::Message;
use gloo_net::websocket::futures::WebSocket;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::I18n;
use qadam_shared::api::codes;
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

/// How long the confirmed board may go unsaved after a change: a burst of events is written
/// once. (Unconfirmed changes are saved at once; the server holds everything confirmed.)
const SAVE_AFTER: std::time::Duration = std::time::Duration::from_millis(800);

/// A board kept in sync with the server; a handle, cheap to copy.
#[derive(Clone, Copy)]
pub struct BoardSync {
    pub id: BoardId,
    /// The board to show: confirmed state plus local changes in flight.
    pub board: RwSignal<Option<Board>>,
    pub status: RwSignal<Status>,
    /// How many local changes the server has not confirmed yet.
    pub pending: RwSignal<usize>,
    /// What the page tells the person about this board.
    pub notices: Notices,
    /// The person's language, for what the board says outside a view.
    pub i18n: I18n,
    /// Who made the latest change that came from someone else.
    pub last_author: RwSignal<Option<String>>,
    /// Who is signed in, asked again when the server ends this socket's right.
    session: Option<crate::contexts::session::Session>,
    inner: StoredValue<Inner, LocalStorage>,
}

struct Inner {
    sync: Option<ClientSync>,
    outbox: Option<UnboundedSender<ClientMsg>>,
    alive: bool,
    /// A save of the confirmed board is scheduled.
    save_scheduled: bool,
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
            notices: Notices::new(),
            i18n: expect_context::<I18n>(),
            last_author: RwSignal::new(None),
            session: use_context::<crate::contexts::session::Session>(),
            inner: StoredValue::new_local(Inner {
                sync: restored,
                outbox: None,
                alive: true,
                save_scheduled: false,
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
        let (id, i18n) = (self.id, self.i18n);
        let result = self
            .inner
            .try_update_value(|inner| {
                let sync = inner
                    .sync
                    .as_mut()
                    .ok_or_else(|| notices::not_loaded(i18n))?;
                let msg = sync.submit(op).map_err(|r| notices::rejection(i18n, &r))?;
                saved::save_pending(id, sync.pending());
                if let Some(outbox) = &inner.outbox {
                    let _ = outbox.unbounded_send(msg);
                }
                Ok(())
            })
            .unwrap_or_else(|| Err(notices::not_loaded(i18n)));
        match result {
            Ok(()) => {
                self.publish();
                true
            }
            Err(message) => {
                self.notices.toast(message, true);
                false
            }
        }
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
        socket::keep_open(
            move || self.alive(),
            move || self.connect_once(),
            move || {
                self.status.try_set(Status::Offline);
            },
        )
        .await;
    }

    /// One connection, until it drops.
    async fn connect_once(self) -> Ended {
        let since = self
            .inner
            .try_with_value(|i| i.sync.as_ref().map(|s| s.seq()))
            .flatten();
        let since = since.map(|s| format!("?since={s}")).unwrap_or_default();
        let url = socket::url(&format!("/api/boards/{}/ws{since}", self.id));
        let Ok(socket) = WebSocket::open(&url) else {
            return Ended::Failed;
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
        if live {
            Ended::AfterWorking
        } else {
            Ended::Failed
        }
    }

    /// Saves the confirmed board once a burst of server messages is over.
    fn schedule_save(&self) {
        let first = self
            .inner
            .try_update_value(|inner| !std::mem::replace(&mut inner.save_scheduled, true));
        if first != Some(true) {
            return;
        }
        let (id, inner) = (self.id, self.inner);
        set_timeout(
            move || {
                inner.try_update_value(|inner| {
                    inner.save_scheduled = false;
                    if let Some(sync) = inner.sync.as_ref() {
                        saved::save_confirmed(id, sync.confirmed(), sync.seq());
                    }
                });
            },
            SAVE_AFTER,
        );
    }

    fn receive(&self, msg: ServerMsg) -> Followup {
        if let ServerMsg::Error { code, .. } = &msg
            && [codes::UNAUTHENTICATED, codes::NOT_FOUND].contains(&code.as_str())
            && let Some(session) = self.session
        {
            // The session ended or the board was taken away: ask who is signed in now, which
            // drops what this browser kept if it was the session.
            session.refresh();
        }
        if let ServerMsg::Error { code, message } = &msg {
            self.notices
                .toast(notices::frame_refused(self.i18n, code, message), true);
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
                saved::save_pending(id, sync.pending());
            }
            result
        });
        self.schedule_save();
        let Some((followup, notices)) = received else {
            return Followup::Resync;
        };
        self.publish();
        for notice in notices {
            match notice {
                Notice::Rejected { rejection, .. } => {
                    self.notices
                        .toast(notices::not_saved(self.i18n, &rejection), true);
                }
                Notice::Remote(c) => {
                    self.last_author.try_set(Some(c.author.clone()));
                    let board = self.board.get_untracked();
                    if let Some(board) = board {
                        self.notices
                            .announce(notices::remote_change(self.i18n, &c.author, &c.op, &board));
                    }
                }
            }
        }
        followup
    }
}
