//! What the browser keeps between visits (local storage): who was signed in, and per board the
//! last confirmed board and the changes not yet confirmed, so a reload or a closed tab, even
//! offline, loses nothing.
//!
//! Boards and changes are kept under the person's id, and all of it is dropped when the server
//! says the session is gone or names someone else: on a shared computer the next person never
//! sees, or sends under their own name, what the last one left.

use gloo_storage::{LocalStorage, Storage};
use qadam_shared::client::Pending;
use qadam_shared::{Board, BoardId, Me};

const ME_KEY: &str = "qadam.me";

/// Who was signed in when the server last said.
pub fn me() -> Option<Me> {
    LocalStorage::get(ME_KEY).ok()
}

/// Records who the server says is signed in; anyone else's saved state goes.
pub fn save_me(me: Option<&Me>) {
    let previous = self::me().map(|m| m.id);
    if previous.as_ref() != me.map(|m| &m.id) {
        forget_everything();
    }
    if let Some(me) = me {
        let _ = LocalStorage::set(ME_KEY, me);
    }
}

/// The signed-in person's part of local storage, if anyone is.
fn owner() -> Option<String> {
    me().map(|m| m.id.to_string())
}

fn board_key(owner: &str, id: BoardId) -> String {
    format!("qadam.{owner}.board.{id}")
}

fn pending_key(owner: &str, id: BoardId) -> String {
    format!("qadam.{owner}.pending.{id}")
}

/// The confirmed board with its sequence number, and the pending operations.
pub fn load(id: BoardId) -> Option<(Board, u64, Vec<Pending>)> {
    let owner = owner()?;
    let (board, seq) = LocalStorage::get::<(Board, u64)>(board_key(&owner, id)).ok()?;
    let pending = LocalStorage::get::<Vec<Pending>>(pending_key(&owner, id)).unwrap_or_default();
    Some((board, seq, pending))
}

pub fn save_confirmed(id: BoardId, board: &Board, seq: u64) {
    if let Some(owner) = owner() {
        let _ = LocalStorage::set(board_key(&owner, id), (board, seq));
    }
}

pub fn save_pending(id: BoardId, pending: &[Pending]) {
    if let Some(owner) = owner() {
        let _ = LocalStorage::set(pending_key(&owner, id), pending);
    }
}

/// Removes everything kept in this browser (on signing out, or when the session is gone) but
/// the language it speaks.
pub fn forget_everything() {
    let storage = LocalStorage::raw();
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key != crate::i18n::LANGUAGE_KEY)
        .collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}
