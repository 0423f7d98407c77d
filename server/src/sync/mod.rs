//! The authoritative side of sync: one task per open board applies operations in order, commits
//! them in batches, and broadcasts what it committed.

mod board_task;

pub use board_task::{BoardHandle, Outcome, Subscription, now_millis};

use crate::error::{Error, Result};
use crate::storage::Store;
use qadam_shared::BoardId;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Mutex;

/// Finds or starts the task of each board.
#[derive(Clone)]
pub struct Hub {
    store: Store,
    boards: Arc<Mutex<HashMap<BoardId, BoardHandle>>>,
}

impl Hub {
    pub fn new(store: Store) -> Self {
        Self {
            store,
            boards: Arc::default(),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
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
        let handle = BoardHandle::spawn(self.store.clone(), board, seq);
        boards.insert(id, handle.clone());
        Ok(handle)
    }
}
