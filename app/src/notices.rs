//! What the app tells the person: short-lived toasts (each also read out), screen-reader
//! announcements, and the sentences in them. Everything a board page says passes through here,
//! which is where the translations plug in.

use crate::api::ApiError;
use leptos::prelude::*;
use leptos_fluent::{I18n, tr};
use qadam_shared::limits::{
    AUTHOR_MAX_CHARS, CARDS_MAX, CATALOG_NAME_MAX_CHARS, COLUMN_NAME_MAX_CHARS, COLUMNS_MAX,
    DESCRIPTION_MAX_CHARS, PASSWORD_MIN_CHARS, TITLE_MAX_CHARS, WIP_LIMIT_MAX, YEARS,
};
use qadam_shared::ops::RejectCode;
use qadam_shared::transfer::IMPORT_MAX_BYTES;
use qadam_shared::webhooks::{WEBHOOK_URL_MAX_CHARS, WEBHOOKS_PER_BOARD_MAX};
use qadam_shared::{Board, CardId, ColumnId, Op, Rejection};
use std::time::Duration;

/// A message shown for a few seconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    pub id: u64,
    pub text: String,
    pub error: bool,
    /// What puts the change back, offered as an Undo button.
    pub undo: Option<Vec<Op>>,
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
        self.show(text.into(), error, None);
    }

    /// Tells of a change the person just made, with an Undo button for a few seconds.
    pub fn undoable(&self, text: String, undo: Vec<Op>) {
        self.show(text, false, Some(undo));
    }

    /// Takes a toast away (its Undo was pressed).
    pub fn dismiss(&self, id: u64) {
        self.toasts.try_update(|t| t.retain(|x| x.id != id));
    }

    fn show(&self, text: String, error: bool, undo: Option<Vec<Op>>) {
        let id = self
            .next
            .try_update_value(|n| {
                *n += 1;
                *n
            })
            .unwrap_or_default();
        self.announce(text.clone());
        let lasts = if error || undo.is_some() { 8 } else { 4 };
        self.toasts.try_update(|t| {
            t.push(Toast {
                id,
                text,
                error,
                undo,
            });
            if t.len() > TOASTS_SHOWN {
                t.remove(0);
            }
        });
        let toasts = self.toasts;
        set_timeout(
            move || {
                toasts.try_update(|t| t.retain(|x| x.id != id));
            },
            Duration::from_secs(lasts),
        );
    }

    /// Tells screen readers, without showing anything.
    pub fn announce(&self, text: impl Into<String>) {
        self.announcement.try_set(text.into());
    }
}

/// A message for the person from the server's answer: the code in their language; an answer
/// this version does not know keeps the server's own words.
pub fn api_error(i18n: I18n, error: &ApiError) -> String {
    match error.code.as_str() {
        "network" => tr!(i18n, "error-network"),
        "unauthenticated" => tr!(i18n, "error-unauthenticated"),
        "bad_credentials" => tr!(i18n, "error-bad-credentials"),
        "too_many_attempts" => tr!(i18n, "error-too-many-attempts"),
        "busy" | "overloaded" => tr!(i18n, "error-busy"),
        "unavailable" | "internal" => tr!(i18n, "error-unavailable"),
        "slow_down" => tr!(i18n, "error-slow-down"),
        "too_many_sockets" => tr!(i18n, "error-too-many-sockets"),
        "not_found" => tr!(i18n, "error-not-found"),
        "forbidden" => tr!(i18n, "error-forbidden"),
        "bad_origin" | "unknown_host" => tr!(i18n, "error-bad-origin"),
        "password_change_required" => tr!(i18n, "error-password-change-required"),
        "weak_password" => tr!(i18n, "error-weak-password", { "min" => PASSWORD_MIN_CHARS }),
        "same_password" => tr!(i18n, "error-same-password"),
        "login_taken" => tr!(i18n, "error-login-taken"),
        "bad_login" => tr!(i18n, "error-bad-login"),
        "bad_name" => tr!(i18n, "error-bad-name", { "max" => AUTHOR_MAX_CHARS }),
        "own_account" => tr!(i18n, "error-own-account"),
        "bad_label" => tr!(i18n, "error-bad-label"),
        "bad_expiry" => tr!(i18n, "error-bad-expiry"),
        "embed_gone" => tr!(i18n, "embed-gone"),
        "bad_period" => tr!(i18n, "error-bad-period", {
            "first" => YEARS.start().to_string(),
            "last" => YEARS.end().to_string(),
        }),
        "bad_url" => tr!(i18n, "error-bad-url", { "max" => WEBHOOK_URL_MAX_CHARS }),
        "unreachable_url" => tr!(i18n, "error-unreachable-url"),
        "bad_events" => tr!(i18n, "error-bad-events"),
        "bad_columns" => tr!(i18n, "error-bad-columns"),
        "invalid_name" => tr!(i18n, "error-invalid-name", { "max" => CATALOG_NAME_MAX_CHARS }),
        "too_large" => {
            tr!(i18n, "error-too-large", { "mb" => IMPORT_MAX_BYTES / (1024 * 1024) })
        }
        "too_many_webhooks" => {
            tr!(i18n, "error-too-many-webhooks", { "max" => WEBHOOKS_PER_BOARD_MAX })
        }
        _ => sentence(&error.message),
    }
}

/// Why the rules refused a change, in the person's language.
pub fn rejection(i18n: I18n, rejection: &Rejection) -> String {
    match rejection.code {
        RejectCode::CardNotFound => tr!(i18n, "reject-card-not-found"),
        RejectCode::ColumnNotFound => tr!(i18n, "reject-column-not-found"),
        RejectCode::CardExists => tr!(i18n, "reject-card-exists"),
        RejectCode::ColumnExists => tr!(i18n, "reject-column-exists"),
        RejectCode::CardArchived => tr!(i18n, "reject-card-archived"),
        RejectCode::CardNotArchived => tr!(i18n, "reject-card-not-archived"),
        RejectCode::ColumnNotEmpty => tr!(i18n, "reject-column-not-empty"),
        RejectCode::EmptyText => tr!(i18n, "reject-empty-text"),
        RejectCode::TextTooLong => tr!(i18n, "reject-text-too-long", {
            "title" => TITLE_MAX_CHARS,
            "description" => DESCRIPTION_MAX_CHARS,
            "stage" => COLUMN_NAME_MAX_CHARS,
        }),
        RejectCode::TooMany => tr!(i18n, "reject-too-many", {
            "cards" => CARDS_MAX,
            "stages" => COLUMNS_MAX,
        }),
        RejectCode::InvalidLimit => tr!(i18n, "reject-invalid-limit", { "max" => WIP_LIMIT_MAX }),
        RejectCode::InvalidText => tr!(i18n, "reject-invalid-text"),
        RejectCode::BoardFull => tr!(i18n, "reject-board-full"),
        RejectCode::NoRoom => tr!(i18n, "reject-no-room"),
        RejectCode::Forbidden => tr!(i18n, "reject-forbidden"),
        RejectCode::AdministratorsOnly => tr!(i18n, "reject-administrators-only"),
        RejectCode::StageGated => tr!(i18n, "reject-stage-gated"),
        RejectCode::WipLimitReached => tr!(i18n, "reject-wip-limit-reached"),
        RejectCode::ReasonRequired => tr!(i18n, "reject-reason-required"),
        RejectCode::InvalidValue => tr!(i18n, "reject-invalid-value"),
        RejectCode::NotAuthor => tr!(i18n, "reject-not-author"),
    }
}

/// A server's message as a sentence.
fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

pub fn not_loaded(i18n: I18n) -> String {
    tr!(i18n, "notice-not-loaded")
}

/// The server refused one of this person's changes after showing it.
pub fn not_saved(i18n: I18n, refused: &Rejection) -> String {
    tr!(i18n, "notice-not-saved", { "reason" => rejection(i18n, refused) })
}

/// A task made while the board changed elsewhere went to the first stage: the one it was made
/// in was deleted meanwhile.
pub fn rehomed(i18n: I18n, title: &str, stage: &str) -> String {
    tr!(i18n, "notice-rehomed", { "title" => title, "stage" => stage })
}

/// The server could not read a message from this browser, or ended the connection.
pub fn frame_refused(i18n: I18n, code: &str, message: &str) -> String {
    let error = ApiError {
        code: code.to_owned(),
        message: message.to_owned(),
    };
    tr!(i18n, "notice-frame-refused", { "reason" => api_error(i18n, &error) })
}

pub fn wip_limit_invalid(i18n: I18n) -> String {
    tr!(i18n, "notice-wip-limit-invalid")
}

pub fn stage_not_empty(i18n: I18n, name: &str, cards: usize) -> String {
    tr!(i18n, "notice-stage-not-empty", { "name" => name, "count" => cards })
}

pub fn nowhere_to_restore(i18n: I18n) -> String {
    tr!(i18n, "notice-nowhere-to-restore")
}

/// What happened to a card being moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Lifted,
    Moved,
}

/// A card lifted or moved with the keyboard, and how to go on.
pub fn card_at(
    i18n: I18n,
    verb: Verb,
    title: &str,
    stage: &str,
    position: usize,
    of: usize,
) -> String {
    match verb {
        Verb::Lifted => tr!(i18n, "drag-lifted", {
            "title" => title, "stage" => stage, "position" => position, "count" => of,
        }),
        Verb::Moved => tr!(i18n, "drag-moved", {
            "title" => title, "stage" => stage, "position" => position, "count" => of,
        }),
    }
}

pub fn dropped(i18n: I18n, title: &str, stage: &str, position: usize, of: usize) -> String {
    tr!(i18n, "drag-dropped", {
        "title" => title, "stage" => stage, "position" => position, "count" => of,
    })
}

pub fn moved(i18n: I18n, title: &str, stage: &str) -> String {
    tr!(i18n, "notice-moved", { "title" => title, "stage" => stage })
}

/// This browser could not keep a change until it is sent.
pub fn not_kept(i18n: I18n) -> String {
    tr!(i18n, "notice-not-kept")
}

pub fn archived(i18n: I18n, title: &str) -> String {
    tr!(i18n, "notice-archived", { "title" => title })
}

pub fn cancelled(i18n: I18n, title: &str) -> String {
    tr!(i18n, "drag-cancelled", { "title" => title })
}

/// Someone else's change, for screen readers: who did what, by the names on the board.
pub fn remote_change(i18n: I18n, author: &str, op: &Op, board: &Board) -> String {
    let author = crate::i18n::shown(i18n, author);
    let author = author.as_str();
    let card = |id: &CardId| {
        board
            .cards
            .get(id)
            .map(|c| c.title.clone())
            .unwrap_or_default()
    };
    let column = |id: &ColumnId| {
        board
            .columns
            .get(id)
            .map(|c| crate::i18n::shown(i18n, &c.name))
            .unwrap_or_default()
    };
    match op {
        Op::CreateCard {
            title, column: c, ..
        } => tr!(i18n, "change-card-created", {
            "author" => author, "title" => title.clone(), "stage" => column(c),
        }),
        Op::EditCard { card: c, .. } => tr!(i18n, "change-card-edited", {
            "author" => author, "title" => card(c),
        }),
        Op::MoveCard {
            card: c,
            column: col,
            ..
        } => tr!(i18n, "change-card-moved", {
            "author" => author, "title" => card(c), "stage" => column(col),
        }),
        Op::ArchiveCard { card: c } => tr!(i18n, "change-card-archived", {
            "author" => author, "title" => card(c),
        }),
        Op::RestoreCard { card: c, .. } => tr!(i18n, "change-card-restored", {
            "author" => author, "title" => card(c),
        }),
        // Gone from the board by now, title and all.
        Op::DeleteCard { .. } => tr!(i18n, "change-card-deleted", { "author" => author }),
        Op::AddColumn { name, .. } => tr!(i18n, "change-stage-added", {
            "author" => author, "stage" => name.clone(),
        }),
        Op::RenameColumn { column: c, name } => tr!(i18n, "change-stage-renamed", {
            "author" => author, "stage" => column(c), "name" => name.clone(),
        }),
        Op::MoveColumn { column: c, .. } => tr!(i18n, "change-stage-moved", {
            "author" => author, "stage" => column(c),
        }),
        Op::SetWipLimit {
            column: c,
            limit: Some(n),
        } => tr!(i18n, "change-stage-limit", {
            "author" => author, "stage" => column(c), "limit" => *n,
        }),
        Op::SetWipLimit {
            column: c,
            limit: None,
        } => tr!(i18n, "change-stage-no-limit", {
            "author" => author, "stage" => column(c),
        }),
        Op::DeleteColumn { column: c } => tr!(i18n, "change-stage-deleted", {
            "author" => author, "stage" => column(c),
        }),
        Op::SetStageGate {
            column: c,
            gate: Some(_),
        } => tr!(i18n, "change-stage-gated", {
            "author" => author, "stage" => column(c),
        }),
        Op::SetStageGate {
            column: c,
            gate: None,
        } => tr!(i18n, "change-stage-open", {
            "author" => author, "stage" => column(c),
        }),
        Op::SetBoardSettings { .. } => tr!(i18n, "change-board-settings", { "author" => author }),
        Op::SetAgency { card: c, .. } => tr!(i18n, "change-card-agency", {
            "author" => author, "title" => card(c),
        }),
        Op::SetAssignees { card: c, .. } => tr!(i18n, "change-card-assignees", {
            "author" => author, "title" => card(c),
        }),
        Op::SetDeadline { card: c, due, .. } => tr!(i18n, "change-card-deadline", {
            "author" => author, "title" => card(c), "date" => crate::i18n::day(i18n, *due),
        }),
        Op::SetSpecialControl { card: c, on: true } => tr!(i18n, "change-card-control-on", {
            "author" => author, "title" => card(c),
        }),
        Op::SetSpecialControl { card: c, on: false } => tr!(i18n, "change-card-control-off", {
            "author" => author, "title" => card(c),
        }),
        Op::JudgeDelivery { card: c, rag, .. } => tr!(i18n, "change-card-judged", {
            "author" => author, "title" => card(c), "status" => crate::i18n::rag_name(i18n, *rag),
        }),
        Op::SetSource { card: c, .. } => tr!(i18n, "change-card-source", {
            "author" => author, "title" => card(c),
        }),
        Op::SetProject { card: c, .. } => tr!(i18n, "change-card-project", {
            "author" => author, "title" => card(c),
        }),
        Op::AskDecision {
            card: c,
            question: Some(_),
        } => tr!(i18n, "change-card-decision-asked", {
            "author" => author, "title" => card(c),
        }),
        Op::AskDecision {
            card: c,
            question: None,
        } => tr!(i18n, "change-card-decision-taken", {
            "author" => author, "title" => card(c),
        }),
        Op::PutLabel { name, .. } => tr!(i18n, "change-label-put", {
            "author" => author, "name" => name.clone(),
        }),
        Op::DeleteLabel { .. } => tr!(i18n, "change-label-deleted", { "author" => author }),
        Op::SetCardLabels { card: c, .. } => tr!(i18n, "change-card-labels", {
            "author" => author, "title" => card(c),
        }),
        Op::AddChecklistItem { card: c, .. }
        | Op::EditChecklistItem { card: c, .. }
        | Op::TickChecklistItem { card: c, .. }
        | Op::RemoveChecklistItem { card: c, .. } => tr!(i18n, "change-card-checklist", {
            "author" => author, "title" => card(c),
        }),
        Op::AddComment { card: c, .. } => tr!(i18n, "change-card-commented", {
            "author" => author, "title" => card(c),
        }),
        Op::EditComment { card: c, .. } | Op::DeleteComment { card: c, .. } => {
            tr!(i18n, "change-card-comment-changed", {
                "author" => author, "title" => card(c),
            })
        }
        Op::AddLink { card: c, .. } | Op::RemoveLink { card: c, .. } => {
            tr!(i18n, "change-card-links", {
                "author" => author, "title" => card(c),
            })
        }
    }
}
