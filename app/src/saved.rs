//! What the browser keeps between visits (local storage): the person's display name, and per
//! board the last confirmed board and the changes not yet confirmed, so a reload or a closed tab
//! loses nothing.

use gloo_storage::{LocalStorage, Storage};
use qadam_shared::client::Pending;
use qadam_shared::{Board, BoardId};
use serde::{Deserialize, Serialize};

const NAME_KEY: &str = "qadam.name";

/// The display name recorded on this person's changes.
pub fn name() -> Option<String> {
    LocalStorage::get::<String>(NAME_KEY)
        .ok()
        .filter(|n| !n.trim().is_empty())
}

pub fn set_name(name: &str) {
    let _ = LocalStorage::set(NAME_KEY, name);
}

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
