//! What the browser keeps between visits (local storage): who was signed in, and per board the
//! last confirmed board and the changes not yet confirmed, so a reload or a closed tab, even
//! offline, loses nothing.
//!
//! Boards and changes are kept under the person's id. When the server names someone else, all
//! of it is dropped: on a shared computer the next person never sees, or sends under their own
//! name, what the last one left. When it says the session is gone (it ended while the person
//! worked offline), their boards go but their unsent changes stay, for when they sign in again.
//!
//! Every page of a board in the browser (tabs, windows) keeps its unsent changes in one list:
//! each writes its own and leaves the others', and a page connecting sends what a page closed
//! before its network came back left there.

use gloo_storage::{LocalStorage, Storage};
use qadam_shared::client::{self, Pending};
use qadam_shared::{Board, BoardId, ClientOpId, Me};

const ME_KEY: &str = "qadam.me";

/// Who was signed in when the server last said.
pub fn me() -> Option<Me> {
    LocalStorage::get(ME_KEY).ok()
}

/// Records who the server says is signed in: anyone else's saved state goes; with nobody, the
/// boards go and the unsent changes stay.
pub fn save_me(me: Option<&Me>) {
    match me {
        Some(me) => {
            let mine = me.id.to_string();
            forget(|key| key != ME_KEY && !key.contains(&mine));
            let _ = LocalStorage::set(ME_KEY, me);
        }
        None => forget(|key| !key.contains(".pending.") || pending_at(key) == 0),
    }
}

/// Whether this browser's kept state may go (signing out): yes when nothing waits to be sent,
/// else as the person answers when told how many changes would be lost.
pub fn may_forget(i18n: leptos_fluent::I18n) -> bool {
    let unsent = unsent();
    unsent == 0
        || leptos::prelude::window()
            .confirm_with_message(
                &leptos_fluent::tr!(i18n, "sign-out-unsent", { "count" => unsent }),
            )
            .unwrap_or(false)
}

/// The changes this browser keeps for the signed-in person that the server has not confirmed,
/// over all their boards.
fn unsent() -> usize {
    let Some(owner) = owner() else {
        return 0;
    };
    let mine = format!("qadam.{owner}.pending.");
    keys()
        .into_iter()
        .filter(|key| key.starts_with(&mine))
        .map(|key| pending_at(&key))
        .sum()
}

/// How many operations the list kept at `key` holds.
fn pending_at(key: &str) -> usize {
    LocalStorage::get::<Vec<Pending>>(key).map_or(0, |p| p.len())
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

/// A board as the server last confirmed it.
pub struct Confirmed {
    pub board: Board,
    pub seq: u64,
    /// The database's timeline it belongs to (`BoardSnapshot::timeline`).
    pub timeline: String,
}

/// The confirmed board, and the pending operations.
pub fn load(id: BoardId) -> Option<(Confirmed, Vec<Pending>)> {
    let key = board_key(&owner()?, id);
    // A board kept before timelines were kept with it shows at once, and is read afresh once
    // the server is reached (no timeline is the server's).
    let (board, seq, timeline) = LocalStorage::get::<(Board, u64, String)>(&key)
        .or_else(|_| LocalStorage::get::<(Board, u64)>(&key).map(|(b, s)| (b, s, String::new())))
        .ok()?;
    let confirmed = Confirmed {
        board,
        seq,
        timeline,
    };
    Some((confirmed, load_pending(id)))
}

/// The operations not yet confirmed, kept even where the board is not (the session ended, or
/// the board did not fit).
pub fn load_pending(id: BoardId) -> Vec<Pending> {
    owner()
        .and_then(|owner| LocalStorage::get::<Vec<Pending>>(pending_key(&owner, id)).ok())
        .unwrap_or_default()
}

pub fn save_confirmed(id: BoardId, board: &Board, seq: u64, timeline: &str) {
    if let Some(owner) = owner() {
        let _ = LocalStorage::set(board_key(&owner, id), (board, seq, timeline));
    }
}

/// Keeps this page's operations not yet confirmed beside those other pages of the board kept
/// (`client::kept_after_save`), `wrote` being what this page wrote last, and now; whether they
/// are kept (the browser's storage may be full, or refused, as in some private windows).
pub fn save_pending(id: BoardId, pending: &[Pending], wrote: &mut Vec<ClientOpId>) -> bool {
    let Some(owner) = owner() else {
        return false;
    };
    let key = pending_key(&owner, id);
    let kept = LocalStorage::get::<Vec<Pending>>(&key).unwrap_or_default();
    let kept = client::kept_after_save(kept, wrote, pending);
    *wrote = pending.iter().map(|p| p.id).collect();
    if kept.is_empty() {
        LocalStorage::delete(key);
        return true;
    }
    LocalStorage::set(key, kept).is_ok()
}

/// Removes everything kept in this browser (on signing out) but the language it speaks.
pub fn forget_everything() {
    forget(|_| true);
}

/// Removes the kept keys `gone` picks; the language stays.
fn forget(gone: impl Fn(&str) -> bool) {
    let storage = LocalStorage::raw();
    for key in keys() {
        if key != crate::i18n::LANGUAGE_KEY && gone(&key) {
            let _ = storage.remove_item(&key);
        }
    }
}

fn keys() -> Vec<String> {
    let storage = LocalStorage::raw();
    (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .collect()
}
