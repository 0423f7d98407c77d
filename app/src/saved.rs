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
use serde::{Deserialize, Serialize};

/// The confirmed board as of a sequence number.
#[derive(Serialize, Deserialize)]
pub struct Confirmed {
    pub board: Board,
    pub seq: u64,
}

fn board_key(id: BoardId) -> String {
    format!("qadam.board.{id}")
}

fn pending_key(id: BoardId) -> String {
    format!("qadam.pending.{id}")
}

pub fn load(id: BoardId) -> Option<(Confirmed, Vec<Pending>)> {
    let confirmed = LocalStorage::get::<Confirmed>(board_key(id)).ok()?;
    let pending = LocalStorage::get::<Vec<Pending>>(pending_key(id)).unwrap_or_default();
    Some((confirmed, pending))
}

pub fn save_confirmed(id: BoardId, board: &Board, seq: u64) {
    #[derive(Serialize)]
    struct ConfirmedRef<'a> {
        board: &'a Board,
        seq: u64,
    }
    let _ = LocalStorage::set(board_key(id), ConfirmedRef { board, seq });
}

pub fn save_pending(id: BoardId, pending: &[Pending]) {
    let _ = LocalStorage::set(pending_key(id), pending);
}

/// Removes everything kept in this browser (on signing out).
pub fn forget_everything() {
    LocalStorage::clear();
}
