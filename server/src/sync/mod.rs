//! The authoritative side of sync: one task per open board applies operations in order, commits
//! them in batches, and broadcasts what it committed. On PostgreSQL the hub also listens for
//! commits made by other instances and passes them to the boards' tasks.

mod board_task;
mod published;
mod revocations;

pub use crate::storage::notify::Revoked;
pub use board_task::{
    BoardHandle, Following, Opening, Outcome, RECENT_MAX, Subscription, WholeOutcome,
};
pub use published::Published;
pub use revocations::{Listener, Revocation};

use crate::error::{Error, Result};
use crate::storage::notify::{self, Heard};
use crate::storage::{Backend, Store};
use crate::webhooks::Webhooks;
use board_task::{Listeners, Loaded};
use qadam_shared::BoardId;
use revocations::Revocations;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{Mutex, mpsc};

/// Finds or starts the task of each board.
#[derive(Clone)]
pub struct Hub {
    store: Store,
    /// Where board tasks send what they commit besides their sockets.
    listeners: Listeners,
    postbox: crate::notifications::Postbox,
    boards: Arc<Mutex<HashMap<BoardId, BoardHandle>>>,
    revocations: Revocations,
}

impl Hub {
    pub fn new(store: Store, webhooks: Webhooks) -> Self {
        let postbox = crate::notifications::Postbox::new(store.clone());
        let hub = Self {
            listeners: Listeners {
                notices: crate::notifications::spawn(postbox.clone()),
                webhooks,
            },
            postbox,
            store,
            boards: Arc::default(),
            revocations: Revocations::default(),
        };
        if hub.store.backend() == Backend::Postgres {
            let (tx, rx) = mpsc::unbounded_channel();
            tokio::spawn(notify::listen(hub.store.url().to_owned(), tx));
            tokio::spawn(hub.clone().forward(rx));
        }
        hub
    }

    /// Where notifications are kept and announced.
    pub fn postbox(&self) -> &crate::notifications::Postbox {
        &self.postbox
    }

    /// Revocations heard on this instance, for the sockets they concern.
    pub fn revocations(&self) -> Listener {
        self.revocations.listen()
    }

    /// Tells every instance's sockets that access may have shrunk; they check it again at once.
    /// Called after the change is committed, before it is answered: this instance's sockets
    /// hear it first, so their next operation is judged by it; other instances hear it through
    /// the database (if it is away, their sockets read their standing again within a minute).
    pub async fn revoke(&self, revoked: Revoked) {
        self.revocations.tell(&revoked);
        if self.store.backend() == Backend::Postgres
            && let Err(e) = self.store.announce_revoked(&revoked).await
        {
            tracing::warn!("announcing a revocation: {e}");
        }
    }

    /// The board's webhooks changed: its task on every instance reads which changes they hear
    /// of again. Called after the change is committed.
    pub async fn hooks_changed(&self, board: BoardId) {
        if let Some(handle) = self.boards.lock().await.get(&board) {
            handle.hooks_changed();
        }
        if self.store.backend() == Backend::Postgres
            && let Err(e) = self.store.announce_hooks_changed(board).await
        {
            tracing::warn!("announcing a change of webhooks: {e}");
        }
    }

    /// The running task of a board, started (and the board loaded) on first use.
    pub async fn board(&self, id: BoardId) -> Result<BoardHandle> {
        let mut boards = self.boards.lock().await;
        if let Some(handle) = boards.get(&id)
            && !handle.is_closed()
        {
            return Ok(handle.clone());
        }
        let (board, seq) = self
            .store
            .load_board(id)
            .await?
            .ok_or(Error::NotFound("board"))?;
        let loaded = Loaded {
            board,
            seq,
            submitted: self.store.recent_submissions(id, RECENT_MAX).await?,
            hooks: self.store.active_hooks(id).await?,
        };
        let handle = BoardHandle::spawn(self.store.clone(), loaded, self.listeners.clone());
        boards.insert(id, handle.clone());
        metrics::gauge!(crate::prometheus::BOARDS_IN_MEMORY).set(boards.len() as f64);
        Ok(handle)
    }

    /// Passes announced commits to the boards open on this instance.
    async fn forward(self, mut heard: mpsc::UnboundedReceiver<Heard>) {
        while let Some(h) = heard.recv().await {
            let boards = self.boards.lock().await;
            match h {
                Heard::Commit(id, seq) => {
                    if let Some(board) = boards.get(&id) {
                        board.catch_up(seq);
                    }
                }
                Heard::Revoked(revoked) => {
                    self.revocations.tell(&revoked);
                }
                Heard::HooksChanged(id) => {
                    if let Some(board) = boards.get(&id) {
                        board.hooks_changed();
                    }
                }
                Heard::Reconnected => {
                    for board in boards.values() {
                        board.catch_up(0);
                        board.hooks_changed();
                    }
                }
            }
        }
    }
}
