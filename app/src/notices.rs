//! What the app tells the person: short-lived toasts (each also read out), screen-reader
//! announcements, and the sentences in them. Everything a board page says passes through here,
//! which is where the translations plug in.

use leptos::prelude::*;
use qadam_shared::{Board, CardId, ColumnId, Op, Rejection};
use std::time::Duration;

/// A message shown for a few seconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    pub id: u64,
    pub text: String,
    pub error: bool,
}

/// Most toasts on screen at once; older ones make way.
const TOASTS_SHOWN: usize = 4;

/// The page's toasts and its latest announcement; a handle, cheap to copy.
#[derive(Clone, Copy)]
pub struct Notices {
    pub toasts: RwSignal<Vec<Toast>>,
    /// Latest event worth announcing to screen readers.
    pub announcement: RwSignal<String>,
    next: StoredValue<u64>,
}

impl Notices {
    pub fn new() -> Self {
        Self {
            toasts: RwSignal::new(Vec::new()),
            announcement: RwSignal::new(String::new()),
            next: StoredValue::new(0),
        }
    }

    /// Shows a message (an error for 8 seconds, news for 4) and reads it out.
    pub fn toast(&self, text: impl Into<String>, error: bool) {
        let id = self
            .next
            .try_update_value(|n| {
                *n += 1;
                *n
            })
            .unwrap_or_default();
        let text = text.into();
        self.announce(text.clone());
        self.toasts.try_update(|t| {
            t.push(Toast { id, text, error });
            if t.len() > TOASTS_SHOWN {
                t.remove(0);
            }
        });
        let toasts = self.toasts;
        set_timeout(
            move || {
                toasts.try_update(|t| t.retain(|x| x.id != id));
            },
            Duration::from_secs(if error { 8 } else { 4 }),
        );
    }

    /// Tells screen readers, without showing anything.
    pub fn announce(&self, text: impl Into<String>) {
        self.announcement.try_set(text.into());
    }
}

/// A rule's or the server's message as a sentence.
pub fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

pub fn not_loaded() -> String {
    "The board has not loaded yet.".into()
}

/// The server refused one of this person's changes after showing it.
pub fn not_saved(rejection: &Rejection) -> String {
    format!("Your change was not saved: {}", rejection.message)
}

/// The server could not read a message from this browser.
pub fn frame_refused(message: &str) -> String {
    format!("The server could not take a message: {message}")
}

pub fn wip_limit_invalid() -> String {
    "A WIP limit is a whole number, or empty for none.".into()
}

pub fn stage_not_empty(name: &str, cards: usize) -> String {
    format!("“{name}” still holds {cards} card(s). Move or archive them before deleting the stage.")
}

pub fn nowhere_to_restore() -> String {
    "Add a stage first: there is nowhere to restore the card to.".into()
}

/// A card lifted or moved with the keyboard, and how to go on.
pub fn card_at(verb: Verb, title: &str, stage: &str, position: usize, of: usize) -> String {
    let verb = match verb {
        Verb::Lifted => "Lifted",
        Verb::Moved => "Moved",
    };
    format!(
        "{verb} “{title}”: {stage}, position {position} of {of}. Arrow keys move it, Space drops it, Escape cancels."
    )
}

/// What happened to a card being moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Lifted,
    Moved,
}

pub fn dropped(title: &str, stage: &str, position: usize, of: usize) -> String {
    format!("Dropped “{title}” in {stage}, position {position} of {of}.")
}

pub fn cancelled(title: &str) -> String {
    format!("Cancelled. “{title}” is back where it was.")
}

/// Someone else's change, for screen readers: who did what, by the names on the board.
pub fn remote_change(author: &str, op: &Op, board: &Board) -> String {
    let card = |id: &CardId| {
        board
            .cards
            .get(id)
            .map(|c| format!("“{}”", c.title))
            .unwrap_or_else(|| "a card".into())
    };
    let column = |id: &ColumnId| {
        board
            .columns
            .get(id)
            .map(|c| format!("“{}”", c.name))
            .unwrap_or_else(|| "a column".into())
    };
    let what = match op {
        Op::CreateCard {
            title, column: c, ..
        } => format!("added “{title}” to {}", column(c)),
        Op::EditCard { card: c, .. } => format!("edited {}", card(c)),
        Op::MoveCard {
            card: c,
            column: col,
            ..
        } => format!("moved {} to {}", card(c), column(col)),
        Op::ArchiveCard { card: c } => format!("archived {}", card(c)),
        Op::RestoreCard { card: c, .. } => format!("restored {}", card(c)),
        Op::AddColumn { name, .. } => format!("added the column “{name}”"),
        Op::RenameColumn { column: c, name } => format!("renamed {} to “{name}”", column(c)),
        Op::MoveColumn { column: c, .. } => format!("moved the column {}", column(c)),
        Op::SetWipLimit { column: c, limit } => match limit {
            Some(n) => format!("set the limit of {} to {n}", column(c)),
            None => format!("removed the limit of {}", column(c)),
        },
        Op::DeleteColumn { column: c } => format!("deleted the column {}", column(c)),
    };
    format!("{author} {what}")
}
