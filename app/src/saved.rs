//! What the browser keeps between visits (local storage): who was signed in, and per board the
//! last confirmed board and the changes not yet confirmed, so a reload or a closed tab, even
//! offline, loses nothing.

use gloo_storage::{LocalStorage, Storage};
use qadam_shared::client::Pending;
use qadam_shared::{Board, BoardId, Me};

const ME_KEY: &str = "qadam.me";

/// Who was signed in when the server last said.
pub fn me() -> Option<Me> {
    LocalStorage::get(ME_KEY).ok()
}

pub fn save_me(me: Option<&Me>) {
    match me {
        Some(me) => {
            let _ = LocalStorage::set(ME_KEY, me);
        }
        None => LocalStorage::delete(ME_KEY),
    }
}

fn board_key(id: BoardId) -> String {
    format!("qadam.board.{id}")
}

fn pending_key(id: BoardId) -> String {
    format!("qadam.pending.{id}")
}

/// The confirmed board with its sequence number, and the pending operations.
pub fn load(id: BoardId) -> Option<(Board, u64, Vec<Pending>)> {
    let (board, seq) = LocalStorage::get::<(Board, u64)>(board_key(id)).ok()?;
    let pending = LocalStorage::get::<Vec<Pending>>(pending_key(id)).unwrap_or_default();
    Some((board, seq, pending))
}

pub fn save_confirmed(id: BoardId, board: &Board, seq: u64) {
    let _ = LocalStorage::set(board_key(id), (board, seq));
}

pub fn save_pending(id: BoardId, pending: &[Pending]) {
    let _ = LocalStorage::set(pending_key(id), pending);
}

/// Removes everything kept in this browser (on signing out).
pub fn forget_everything() {
    LocalStorage::clear();
}
