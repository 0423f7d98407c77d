//! The board's live connection: shows local changes at once, sends them over the WebSocket,
//! replays them on every server event, keeps them through disconnections and reloads, and
//! reconnects with back-off.

use crate::notices::{self, Notices};
use crate::saved;
use crate::socket::{self, Ended};
use futures_channel::mpsc::{UnboundedReceiver, UnboundedSender, unbounded};
use futures_channel::oneshot;
use futures_util::future::{Either, select};
use futures_util::{SinkExt, StreamExt};
use gloo_net::websocket::Message;
use gloo_net::websocket::futures::WebSocket;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::I18n;
use qadam_shared::access::Standing;
use qadam_shared::api::codes;
use qadam_shared::client::{Followup, Notice};
use qadam_shared::{Board, BoardId, ClientMsg, ClientOpId, ClientSync, Op, ServerMsg, Stamp};

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
    /// When the server last confirmed one of this browser's changes (milliseconds).
    pub last_saved: RwSignal<Option<i64>>,
    /// Who is signed in, asked again when the server ends this socket's right.
    session: Option<crate::contexts::session::Session>,
    /// The moment shown, when this is the board as it was then: read-only, not followed live.
    pub past: Option<i64>,
    inner: StoredValue<Inner, LocalStorage>,
}

struct Inner {
    sync: Option<ClientSync>,
    outbox: Option<UnboundedSender<ClientMsg>>,
    alive: bool,
    /// A save of the confirmed board is scheduled.
    save_scheduled: bool,
    /// Ends the current connection at once (the browser went offline).
    hang_up: Option<oneshot::Sender<()>>,
    /// The server said the board held here is too old to catch up: the next connection reads
    /// it over HTTP again.
    fallen_behind: bool,
    /// Cuts the pause before the next connection short (the browser is online again).
    wake: UnboundedSender<()>,
    /// The person was told this browser could not keep their unsent changes.
    told_unkept: bool,
    /// The unsent changes this page last wrote to the browser's storage (`saved::save_pending`).
    wrote: Vec<ClientOpId>,
    /// The database's timeline of the board held, sent back when following it: a board held
    /// from before a backup was restored is read afresh.
    timeline: Option<String>,
}

impl BoardSync {
    /// The handle, live (`past` none) or showing a moment, starting from `sync`.
    fn new(
        id: BoardId,
        past: Option<i64>,
        sync: Option<ClientSync>,
        timeline: Option<String>,
        wake: UnboundedSender<()>,
    ) -> Self {
        Self {
            id,
            board: RwSignal::new(None),
            status: RwSignal::new(Status::Connecting),
            pending: RwSignal::new(0),
            notices: Notices::new(),
            i18n: expect_context::<I18n>(),
            last_author: RwSignal::new(None),
            last_saved: RwSignal::new(None),
            session: use_context::<crate::contexts::session::Session>(),
            past,
            inner: StoredValue::new_local(Inner {
                outbox: None,
                alive: past.is_none(),
                save_scheduled: false,
                hang_up: None,
                fallen_behind: false,
                wake,
                told_unkept: false,
                // Read from the browser's storage, so as if written.
                wrote: sync
                    .as_ref()
                    .map(|s| s.pending().iter().map(|p| p.id).collect())
                    .unwrap_or_default(),
                sync,
                timeline,
            }),
        }
    }

    /// Opens the board: shows what this browser saved of it at once, then connects.
    pub fn open(id: BoardId) -> Self {
        let (wake, woken) = unbounded();
        let (restored, timeline) = saved::load(id)
            .map(|(kept, pending)| {
                let sync = ClientSync::restore(kept.board, kept.seq, pending);
                (Some(sync), Some(kept.timeline))
            })
            .unwrap_or_default();
        let this = Self::new(id, None, restored, timeline, wake);
        this.publish();
        spawn_local(async move { this.run(woken).await });
        // The browser knows before the socket does when the network goes or comes back.
        let offline = window_event_listener(leptos::ev::offline, move |_| this.went_offline());
        let online = window_event_listener(leptos::ev::online, move |_| {
            this.inner
                .try_with_value(|inner| inner.wake.unbounded_send(()));
        });
        let inner = this.inner;
        on_cleanup(move || {
            offline.remove();
            online.remove();
            inner.try_update_value(|inner| {
                inner.alive = false;
                // Dropping the sender makes the writer close the socket.
                inner.outbox = None;
            });
        });
        this
    }

    /// The board as it stood at `at`, rebuilt by the server from its log: shown, never changed,
    /// nothing of it saved in this browser.
    pub fn past(id: BoardId, at: i64) -> Self {
        let (wake, _) = unbounded();
        let this = Self::new(id, Some(at), None, None, wake);
        let i18n = this.i18n;
        spawn_local(async move {
            match crate::api::board_as_of(id, at).await {
                Ok(past) => {
                    this.inner.try_update_value(|inner| {
                        inner.sync = Some(ClientSync::new(past.board, past.seq));
                    });
                    this.publish();
                }
                Err(e) => this.notices.toast(notices::api_error(i18n, &e), true),
            }
        });
        this
    }

    /// Who is making a change now, as the server will record it.
    fn stamp(&self) -> Stamp {
        let me = self.session.and_then(|s| s.me.get_untracked());
        Stamp {
            by_id: me.as_ref().map(|m| m.id.to_string()),
            by: me.map(|m| m.display_name).unwrap_or_default(),
            at: js_sys::Date::now() as i64,
        }
    }

    /// Applies a change locally and sends it. A change the rules refuse is not applied, and
    /// the person is told why.
    pub fn submit(&self, op: Op) -> bool {
        if self.past.is_some() {
            return false;
        }
        let (id, i18n) = (self.id, self.i18n);
        let stamp = self.stamp();
        let standing = self.standing();
        let result = self
            .inner
            .try_update_value(|inner| {
                let sync = inner
                    .sync
                    .as_mut()
                    .ok_or_else(|| notices::not_loaded(i18n))?;
                // What the server would refuse this person (a gated stage, say) is refused here
                // at once, the same way, not shown done and then taken back.
                if let Some(standing) = standing {
                    standing
                        .permit(&op, sync.view())
                        .map_err(|r| notices::rejection(i18n, &r))?;
                }
                let msg = sync
                    .submit(op, stamp)
                    .map_err(|r| notices::rejection(i18n, &r))?;
                let kept = saved::save_pending(id, sync.pending(), &mut inner.wrote);
                if let Some(outbox) = &inner.outbox {
                    let _ = outbox.unbounded_send(msg);
                }
                // Told once a page: the change stands, but a reload would lose it.
                Ok(!kept && !std::mem::replace(&mut inner.told_unkept, true))
            })
            .unwrap_or_else(|| Err(notices::not_loaded(i18n)));
        match result {
            Ok(unkept) => {
                if unkept {
                    self.notices.toast(notices::not_kept(i18n), true);
                }
                self.publish();
                true
            }
            Err(message) => {
                self.notices.toast(message, true);
                false
            }
        }
    }

    /// Whether someone of `standing` may make `op` on the board as it stands (the shared access
    /// rule; tracked), so a page offers only what the server would take.
    pub fn may(&self, standing: Standing, op: &Op) -> bool {
        self.board
            .with(|b| b.as_ref().is_some_and(|b| standing.may(op, b)))
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

    async fn run(self, woken: UnboundedReceiver<()>) {
        socket::keep_open(
            move || self.alive(),
            move || self.connect_once(),
            move || {
                self.status.try_set(Status::Offline);
            },
            woken,
        )
        .await;
    }

    /// The network is gone: say so now, and end the socket rather than wait for it to notice.
    fn went_offline(&self) {
        self.status.try_set(Status::Offline);
        self.inner.try_update_value(|inner| {
            if let Some(hang_up) = inner.hang_up.take() {
                let _ = hang_up.send(());
            }
        });
    }

    /// Whether someone other than the person this page opened for is signed in now (in another
    /// tab, or nobody since the session ended there): this page's changes are not theirs to send.
    fn someone_else(&self) -> bool {
        self.session.is_some_and(|session| {
            let here = session.me.with_untracked(|m| m.as_ref().map(|m| m.id));
            here != saved::me().map(|m| m.id)
        })
    }

    /// One connection, until it drops.
    async fn connect_once(self) -> Ended {
        if self.someone_else() {
            // The page starts again as whoever is signed in now; what this person kept stays
            // kept for them (`saved`).
            let _ = window().location().reload();
            return Ended::Failed;
        }
        let (mut since, fallen_behind) = self
            .inner
            .try_update_value(|i| {
                let since = i.sync.as_ref().map(|s| s.seq());
                (since, std::mem::take(&mut i.fallen_behind))
            })
            .unwrap_or_default();
        // A browser holding nothing of the board, or a board too old to catch up, reads it over
        // HTTP, compressed (a tenth of its size on the socket), and then follows it from there.
        if since.is_none() || fallen_behind {
            match crate::api::board(self.id).await {
                Ok(snapshot) => {
                    let timeline = snapshot.timeline;
                    self.inner
                        .try_update_value(|inner| inner.timeline = Some(timeline));
                    self.receive(ServerMsg::Snapshot {
                        board: snapshot.board,
                        seq: snapshot.seq,
                    });
                }
                Err(e) => {
                    // Unreachable, the status says so already; refused (signed out, not shared),
                    // it is told as the socket would tell it.
                    if e.code != codes::NETWORK {
                        self.receive(ServerMsg::Error {
                            code: e.code,
                            message: e.message,
                        });
                    }
                    return Ended::Failed;
                }
            }
            since = self
                .inner
                .try_with_value(|i| i.sync.as_ref().map(|s| s.seq()))
                .flatten();
        }
        let timeline = self
            .inner
            .try_with_value(|i| i.timeline.clone())
            .flatten()
            .unwrap_or_default();
        let since = since
            .map(|s| format!("?since={s}&timeline={timeline}"))
            .unwrap_or_default();
        let url = socket::url(&format!("/api/boards/{}/ws{since}", self.id));
        let Ok(socket) = WebSocket::open(&url) else {
            return Ended::Failed;
        };
        let (mut write, mut read) = socket.split();
        let (outbox, mut queue) = unbounded::<ClientMsg>();
        let (hang_up, mut hung_up) = oneshot::channel::<()>();
        // Writes what the page sends, and a ping after every few quiet seconds to ask whether
        // the link is alive; ends, closing the socket, once the connection's outbox is dropped.
        spawn_local(async move {
            loop {
                let msg =
                    match select(queue.next(), TimeoutFuture::new(socket::PING_EVERY_MS)).await {
                        Either::Left((Some(msg), _)) => msg,
                        Either::Left((None, _)) => break,
                        Either::Right(_) => ClientMsg::Ping,
                    };
                let Ok(text) = serde_json::to_string(&msg) else {
                    continue;
                };
                if write.send(Message::Text(text)).await.is_err() {
                    break;
                }
            }
            let _ = write.close().await;
        });
        self.inner
            .try_update_value(|inner| inner.hang_up = Some(hang_up));
        let mut live = false;
        loop {
            let silence = TimeoutFuture::new(socket::SILENCE_MAX_MS);
            let text = match select(read.next(), select(silence, &mut hung_up)).await {
                Either::Left((Some(Ok(Message::Text(text))), _)) => text,
                Either::Left((Some(Ok(Message::Bytes(_))), _)) => continue,
                // Closed, failed, silent too long, or the browser went offline.
                _ => break,
            };
            let Ok(msg) = serde_json::from_str::<ServerMsg>(&text) else {
                continue;
            };
            let caught_up = matches!(msg, ServerMsg::Snapshot { .. } | ServerMsg::Live { .. });
            if self.receive(msg) == Followup::Resync {
                break;
            }
            if caught_up && !live {
                live = true;
                self.status.try_set(Status::Online);
                self.start_sending(&outbox);
            }
        }
        self.inner.try_update_value(|inner| {
            inner.outbox = None;
            inner.hang_up = None;
        });
        if live {
            Ended::AfterWorking
        } else {
            // A socket refused says nothing of why: if the session ended (while the person
            // worked offline, say), asking who is signed in shows the sign-in page, and the
            // changes wait there for them, instead of this page retrying for good.
            if let Some(session) = self.session {
                session.refresh();
            }
            Ended::Failed
        }
    }

    /// Sends what waits to be sent, once the board has caught up with the server (so a task
    /// made here in a stage deleted meanwhile goes to the first stage, not refused with its
    /// text), and from then on each change as it is made, in order.
    fn start_sending(&self, outbox: &UnboundedSender<ClientMsg>) {
        let id = self.id;
        let standing = self.standing();
        let rehomed = self.inner.try_update_value(|inner| {
            let sync = inner.sync.as_mut()?;
            // What another page of this board kept and did not send (it was closed offline)
            // goes with this page's own.
            sync.adopt(saved::load_pending(id), &inner.wrote);
            let rehomed = standing
                .map(|standing| sync.rehome(standing))
                .unwrap_or_default();
            saved::save_pending(id, sync.pending(), &mut inner.wrote);
            for msg in sync.resend() {
                let _ = outbox.unbounded_send(msg);
            }
            inner.outbox = Some(outbox.clone());
            Some(rehomed)
        });
        // What was taken on or aimed elsewhere shows.
        self.publish();
        for went in rehomed.flatten().unwrap_or_default() {
            let stage = crate::i18n::shown(self.i18n, &went.stage);
            self.notices
                .toast(notices::rehomed(self.i18n, &went.title, &stage), true);
        }
    }

    /// The person's standing on this board, as the session last told it.
    fn standing(&self) -> Option<Standing> {
        let me = self.session?.me.get_untracked()?;
        Some(Standing {
            role: *me.roles.get(&self.id)?,
            admin: me.is_admin,
        })
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
                        let timeline = inner.timeline.as_deref().unwrap_or_default();
                        saved::save_confirmed(id, sync.confirmed(), sync.seq(), timeline);
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
        if let ServerMsg::Error { code, .. } = &msg
            && code == codes::FALLEN_BEHIND
        {
            self.inner
                .try_update_value(|inner| inner.fallen_behind = true);
        }
        if let ServerMsg::Error { code, message } = &msg
            && code != codes::FALLEN_BEHIND
        {
            self.notices
                .toast(notices::frame_refused(self.i18n, code, message), true);
        }
        let id = self.id;
        let received = self.inner.try_update_value(|inner| {
            let result = match inner.sync.as_mut() {
                Some(sync) => sync.receive(msg),
                None => match msg {
                    // Changes kept where the board was not (the session ended while the person
                    // worked offline) go on the fresh board and are sent again.
                    ServerMsg::Snapshot { board, seq } => {
                        let board = std::sync::Arc::unwrap_or_clone(board);
                        inner.sync = Some(ClientSync::restore(board, seq, saved::load_pending(id)));
                        (Followup::Nothing, Vec::new())
                    }
                    _ => (Followup::Resync, Vec::new()),
                },
            };
            if let Some(sync) = inner.sync.as_ref() {
                saved::save_pending(id, sync.pending(), &mut inner.wrote);
            }
            result
        });
        self.schedule_save();
        let Some((followup, notices)) = received else {
            return Followup::Resync;
        };
        let waiting = self.pending.get_untracked();
        self.publish();
        let refused = notices
            .iter()
            .filter(|n| matches!(n, Notice::Rejected { .. }))
            .count();
        if self.pending.get_untracked() + refused < waiting {
            self.last_saved.try_set(Some(js_sys::Date::now() as i64));
        }
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
