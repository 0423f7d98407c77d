//! Operations on a board and the rules that apply them.
//!
//! `apply` is pure and deterministic: the browser runs it to show a change at once, the server runs
//! it to decide. What it returns is the operation as applied (with any position it had to adjust),
//! which is what the server logs and broadcasts; applying that to the same board, with the same
//! stamp (who and when, from the log entry), gives the same result on every replica.

use crate::card_parts::LabelColor;
use crate::delivery::{Delivery, Rag, Source, Stamp};
use crate::ids::{CardId, ColumnId, ItemId, LabelId, UserId};
use crate::limits::*;
use crate::model::{Board, BoardSettings, Card, Column};
use crate::order::OrderKey;
use crate::roles::Role;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod card_parts;
mod delivery;

/// A change someone makes to a board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Op {
    CreateCard {
        card: CardId,
        column: ColumnId,
        position: OrderKey,
        title: String,
        #[serde(default)]
        description: String,
    },
    EditCard {
        card: CardId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
    MoveCard {
        card: CardId,
        column: ColumnId,
        position: OrderKey,
    },
    ArchiveCard {
        card: CardId,
    },
    /// Deletes an archived card for good (leads): its place in the board's limits comes back;
    /// the log keeps what it was and who deleted it.
    DeleteCard {
        card: CardId,
    },
    RestoreCard {
        card: CardId,
        column: ColumnId,
        position: OrderKey,
    },
    AddColumn {
        column: ColumnId,
        name: String,
        position: OrderKey,
    },
    RenameColumn {
        column: ColumnId,
        name: String,
    },
    MoveColumn {
        column: ColumnId,
        position: OrderKey,
    },
    SetWipLimit {
        column: ColumnId,
        limit: Option<u32>,
    },
    /// Deletes an empty column; a column that still holds open cards is refused.
    DeleteColumn {
        column: ColumnId,
    },
    /// Who may move cards into a stage: members (no gate) or only leads.
    SetStageGate {
        column: ColumnId,
        gate: Option<Role>,
    },
    /// The board's due-soon warning and whether its WIP limits are hard.
    SetBoardSettings {
        settings: BoardSettings,
    },
    /// Sets or clears the responsible agency (a code from the office's list).
    SetAgency {
        card: CardId,
        agency: Option<String>,
    },
    /// The board members working on the task (the whole set).
    SetAssignees {
        card: CardId,
        assignees: Vec<UserId>,
    },
    /// Sets the deadline; moving a set one needs a reason and is logged on the card.
    SetDeadline {
        card: CardId,
        due: NaiveDate,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reason: String,
    },
    /// Puts the task under special control or lifts it (administrators only, see `access`).
    SetSpecialControl {
        card: CardId,
        on: bool,
    },
    /// Judges the delivery status; amber-red and red need a reason.
    JudgeDelivery {
        card: CardId,
        rag: Rag,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reason: String,
    },
    SetSource {
        card: CardId,
        source: Option<Source>,
    },
    /// Sets or clears the strategic project (a code from the office's list).
    SetProject {
        card: CardId,
        project: Option<String>,
    },
    /// Asks leadership for a decision (what to decide), or clears the ask once decided.
    AskDecision {
        card: CardId,
        question: Option<String>,
    },
    /// Adds a label to the board, or renames or recolours one.
    PutLabel {
        label: LabelId,
        name: String,
        color: LabelColor,
    },
    /// Takes a label off the board (cards that carried it no longer show it).
    DeleteLabel {
        label: LabelId,
    },
    /// The board's labels a card carries (the whole set).
    SetCardLabels {
        card: CardId,
        labels: Vec<LabelId>,
    },
    AddChecklistItem {
        card: CardId,
        item: ItemId,
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        due: Option<NaiveDate>,
    },
    EditChecklistItem {
        card: CardId,
        item: ItemId,
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        due: Option<NaiveDate>,
    },
    /// Ticks an item (noting who and when) or opens it again.
    TickChecklistItem {
        card: CardId,
        item: ItemId,
        done: bool,
    },
    RemoveChecklistItem {
        card: CardId,
        item: ItemId,
    },
    AddComment {
        card: CardId,
        comment: ItemId,
        text: String,
    },
    /// Changes a comment's text (its author only).
    EditComment {
        card: CardId,
        comment: ItemId,
        text: String,
    },
    /// Deletes a comment (its author only).
    DeleteComment {
        card: CardId,
        comment: ItemId,
    },
    AddLink {
        card: CardId,
        link: ItemId,
        title: String,
        url: String,
    },
    RemoveLink {
        card: CardId,
        link: ItemId,
    },
}

/// What an operation changes: one card, one stage or the board's settings. Access
/// (`access::needed_for`) and storage (which rows a commit rewrites) both ask this, so a new
/// operation is classified once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Card(CardId),
    Column(ColumnId),
    Board,
}

impl Op {
    /// The card or stage this operation changes.
    pub fn target(&self) -> Target {
        match self {
            Op::CreateCard { card, .. }
            | Op::EditCard { card, .. }
            | Op::MoveCard { card, .. }
            | Op::ArchiveCard { card }
            | Op::DeleteCard { card }
            | Op::RestoreCard { card, .. }
            | Op::SetAgency { card, .. }
            | Op::SetAssignees { card, .. }
            | Op::SetDeadline { card, .. }
            | Op::SetSpecialControl { card, .. }
            | Op::JudgeDelivery { card, .. }
            | Op::SetSource { card, .. }
            | Op::SetProject { card, .. }
            | Op::AskDecision { card, .. }
            | Op::SetCardLabels { card, .. }
            | Op::AddChecklistItem { card, .. }
            | Op::EditChecklistItem { card, .. }
            | Op::TickChecklistItem { card, .. }
            | Op::RemoveChecklistItem { card, .. }
            | Op::AddComment { card, .. }
            | Op::EditComment { card, .. }
            | Op::DeleteComment { card, .. }
            | Op::AddLink { card, .. }
            | Op::RemoveLink { card, .. } => Target::Card(*card),
            Op::AddColumn { column, .. }
            | Op::RenameColumn { column, .. }
            | Op::MoveColumn { column, .. }
            | Op::SetWipLimit { column, .. }
            | Op::DeleteColumn { column }
            | Op::SetStageGate { column, .. } => Target::Column(*column),
            Op::SetBoardSettings { .. } | Op::PutLabel { .. } | Op::DeleteLabel { .. } => {
                Target::Board
            }
        }
    }
}

/// Why an operation was refused. The code is stable (clients and tests match on it); the message
/// is for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[error("{message}")]
pub struct Rejection {
    pub code: RejectCode,
    pub message: String,
}

/// Stable reasons for refusing an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RejectCode {
    CardNotFound,
    ColumnNotFound,
    CardExists,
    ColumnExists,
    CardArchived,
    CardNotArchived,
    ColumnNotEmpty,
    EmptyText,
    TextTooLong,
    TooMany,
    InvalidLimit,
    /// Text holding a control character (NUL and the like), which no field takes.
    InvalidText,
    /// The board's text budget is used up (`limits::BOARD_TEXT_MAX_BYTES`).
    BoardFull,
    /// No key short enough is left at the wanted position; another position works.
    NoRoom,
    /// The person's role does not allow this operation (decided by the server, see `access`).
    Forbidden,
    /// Only Project Office administrators may do this (special control).
    AdministratorsOnly,
    /// The stage's gate lets only leads move tasks into it.
    StageGated,
    /// The stage is at its limit and the board's limits are hard.
    WipLimitReached,
    /// A deadline change, or an amber-red or red judgement, must say why.
    ReasonRequired,
    /// A value no field takes: an unknown code, a day count out of range, an observer gate.
    InvalidValue,
    /// Only a comment's author edits or deletes it.
    NotAuthor,
}

impl RejectCode {
    /// The wire name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            RejectCode::CardNotFound => "card_not_found",
            RejectCode::ColumnNotFound => "column_not_found",
            RejectCode::CardExists => "card_exists",
            RejectCode::ColumnExists => "column_exists",
            RejectCode::CardArchived => "card_archived",
            RejectCode::CardNotArchived => "card_not_archived",
            RejectCode::ColumnNotEmpty => "column_not_empty",
            RejectCode::EmptyText => "empty_text",
            RejectCode::TextTooLong => "text_too_long",
            RejectCode::TooMany => "too_many",
            RejectCode::InvalidLimit => "invalid_limit",
            RejectCode::InvalidText => "invalid_text",
            RejectCode::BoardFull => "board_full",
            RejectCode::NoRoom => "no_room",
            RejectCode::Forbidden => "forbidden",
            RejectCode::AdministratorsOnly => "administrators_only",
            RejectCode::StageGated => "stage_gated",
            RejectCode::WipLimitReached => "wip_limit_reached",
            RejectCode::ReasonRequired => "reason_required",
            RejectCode::InvalidValue => "invalid_value",
            RejectCode::NotAuthor => "not_author",
        }
    }
}

impl Rejection {
    fn new(code: RejectCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// Applies `op`, made as `stamp` says (who and when: recorded on the card by the changes that
/// keep a record), to `board`, or refuses it and leaves the board unchanged.
pub fn apply(board: &mut Board, op: &Op, stamp: &Stamp) -> Result<Op, Rejection> {
    apply_in(board, op, stamp, Pass::Decide)
}

/// Applies a committed operation (as applied, from the log or a commit) again, to the board it
/// was decided on: a replay of the log, a copy of the board brought forward, a browser following
/// the board. The checks that walk every card of the board (room in a stage, the board's text,
/// a place no other card holds) passed when it was decided on this very board and are not run
/// again: replaying a log with them took time in the square of its length.
pub fn apply_committed(board: &mut Board, op: &Op, stamp: &Stamp) -> Result<(), Rejection> {
    apply_in(board, op, stamp, Pass::Replay).map(drop)
}

/// Whether an operation is being decided, or is a committed one applied again.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    Decide,
    Replay,
}

fn apply_in(board: &mut Board, op: &Op, stamp: &Stamp, pass: Pass) -> Result<Op, Rejection> {
    use RejectCode::*;
    match op {
        Op::CreateCard {
            card,
            column,
            position,
            title,
            description,
        } => {
            if board.cards.contains_key(card) {
                return Err(Rejection::new(
                    CardExists,
                    "a card with this id already exists",
                ));
            }
            if board.cards.len() >= CARDS_MAX {
                return Err(Rejection::new(
                    TooMany,
                    format!("a board holds at most {CARDS_MAX} cards"),
                ));
            }
            existing_column(board, column)?;
            let title = card_title(title)?;
            check_description(description)?;
            check_budget(board, None, title.len() + description.len(), pass)?;
            check_room(board, *column, *card, pass)?;
            let position = free_card_key(board, *column, *card, position, pass)?;
            let done_at = board.is_last_stage(*column).then_some(stamp.at);
            board.cards.insert(
                *card,
                Card {
                    id: *card,
                    column: *column,
                    position: position.clone(),
                    title: title.clone(),
                    description: description.clone(),
                    archived: false,
                    delivery: Delivery {
                        done_at,
                        ..Delivery::default()
                    },
                    parts: Default::default(),
                },
            );
            Ok(Op::CreateCard {
                card: *card,
                column: *column,
                position,
                title,
                description: description.clone(),
            })
        }
        Op::EditCard {
            card,
            title,
            description,
        } => {
            open_card(board, card)?;
            let title = title.as_deref().map(card_title).transpose()?;
            if let Some(d) = description {
                check_description(d)?;
            }
            let old = &board.cards[card];
            let grown = old.text_bytes() - old.title.len() - old.description.len()
                + title.as_ref().unwrap_or(&old.title).len()
                + description.as_ref().unwrap_or(&old.description).len();
            check_budget(board, Some(card), grown, pass)?;
            let c = card_mut(board, card)?;
            if let Some(t) = &title {
                c.title = t.clone();
            }
            if let Some(d) = description {
                c.description = d.clone();
            }
            Ok(Op::EditCard {
                card: *card,
                title,
                description: description.clone(),
            })
        }
        Op::MoveCard {
            card,
            column,
            position,
        } => {
            open_card(board, card)?;
            existing_column(board, column)?;
            check_room(board, *column, *card, pass)?;
            let position = free_card_key(board, *column, *card, position, pass)?;
            enter_stage(board, *card, *column, stamp);
            card_mut(board, card)?.position = position.clone();
            Ok(Op::MoveCard {
                card: *card,
                column: *column,
                position,
            })
        }
        Op::ArchiveCard { card } => {
            open_card(board, card)?;
            card_mut(board, card)?.archived = true;
            Ok(op.clone())
        }
        Op::DeleteCard { card } => {
            let c = board.cards.get(card).ok_or_else(card_not_found)?;
            if !c.archived {
                return Err(Rejection::new(
                    CardNotArchived,
                    "only an archived card is deleted",
                ));
            }
            board.cards.remove(card);
            Ok(op.clone())
        }
        Op::RestoreCard {
            card,
            column,
            position,
        } => {
            let c = board.cards.get(card).ok_or_else(card_not_found)?;
            if !c.archived {
                return Err(Rejection::new(CardNotArchived, "the card is not archived"));
            }
            existing_column(board, column)?;
            check_room(board, *column, *card, pass)?;
            let position = free_card_key(board, *column, *card, position, pass)?;
            enter_stage(board, *card, *column, stamp);
            let c = card_mut(board, card)?;
            c.archived = false;
            c.position = position.clone();
            Ok(Op::RestoreCard {
                card: *card,
                column: *column,
                position,
            })
        }
        Op::AddColumn {
            column,
            name,
            position,
        } => {
            if board.columns.contains_key(column) {
                return Err(Rejection::new(
                    ColumnExists,
                    "a column with this id already exists",
                ));
            }
            if board.columns.len() >= COLUMNS_MAX {
                return Err(Rejection::new(
                    TooMany,
                    format!("a board holds at most {COLUMNS_MAX} columns"),
                ));
            }
            let name = column_name(name)?;
            let position = free_column_key(board, *column, position, pass)?;
            board.columns.insert(
                *column,
                Column {
                    id: *column,
                    name: name.clone(),
                    position: position.clone(),
                    wip_limit: None,
                    gate: None,
                },
            );
            Ok(Op::AddColumn {
                column: *column,
                name,
                position,
            })
        }
        Op::RenameColumn { column, name } => {
            existing_column(board, column)?;
            let name = column_name(name)?;
            column_mut(board, column)?.name = name.clone();
            Ok(Op::RenameColumn {
                column: *column,
                name,
            })
        }
        Op::MoveColumn { column, position } => {
            existing_column(board, column)?;
            let position = free_column_key(board, *column, position, pass)?;
            column_mut(board, column)?.position = position.clone();
            Ok(Op::MoveColumn {
                column: *column,
                position,
            })
        }
        Op::SetWipLimit { column, limit } => {
            existing_column(board, column)?;
            if let Some(n) = limit
                && (*n == 0 || *n > WIP_LIMIT_MAX)
            {
                return Err(Rejection::new(
                    InvalidLimit,
                    format!("a WIP limit is between 1 and {WIP_LIMIT_MAX}"),
                ));
            }
            column_mut(board, column)?.wip_limit = *limit;
            Ok(op.clone())
        }
        Op::SetStageGate { column, gate } => {
            existing_column(board, column)?;
            if *gate == Some(Role::Observer) {
                return Err(Rejection::new(
                    InvalidValue,
                    "a stage's gate is members or leads",
                ));
            }
            column_mut(board, column)?.gate = *gate;
            Ok(op.clone())
        }
        Op::SetBoardSettings { settings } => {
            if settings.due_soon_days > DUE_SOON_DAYS_MAX {
                return Err(Rejection::new(
                    InvalidValue,
                    format!("the due-soon warning is 0 to {DUE_SOON_DAYS_MAX} days"),
                ));
            }
            board.settings = settings.clone();
            Ok(op.clone())
        }
        Op::SetAgency { .. }
        | Op::SetAssignees { .. }
        | Op::SetDeadline { .. }
        | Op::SetSpecialControl { .. }
        | Op::JudgeDelivery { .. }
        | Op::SetSource { .. }
        | Op::SetProject { .. }
        | Op::AskDecision { .. } => change_card(board, op, pass, |_, card| {
            delivery::change(&mut card.delivery, op, stamp)
        }),
        Op::PutLabel { .. } | Op::DeleteLabel { .. } => card_parts::apply_label(board, op),
        Op::SetCardLabels { .. }
        | Op::AddChecklistItem { .. }
        | Op::EditChecklistItem { .. }
        | Op::TickChecklistItem { .. }
        | Op::RemoveChecklistItem { .. }
        | Op::AddComment { .. }
        | Op::EditComment { .. }
        | Op::DeleteComment { .. }
        | Op::AddLink { .. }
        | Op::RemoveLink { .. } => change_card(board, op, pass, |board, card| {
            card_parts::change(board, card, op, stamp)
        }),
        Op::DeleteColumn { column } => {
            existing_column(board, column)?;
            let open = board.cards_in(*column).len();
            if open > 0 {
                return Err(Rejection::new(
                    ColumnNotEmpty,
                    format!("the column still holds {open} card(s); move or archive them first"),
                ));
            }
            board.columns.remove(column);
            Ok(op.clone())
        }
    }
}

fn card_not_found() -> Rejection {
    Rejection::new(RejectCode::CardNotFound, "no such card on this board")
}

fn column_not_found() -> Rejection {
    Rejection::new(RejectCode::ColumnNotFound, "no such column on this board")
}

fn existing_column(board: &Board, column: &ColumnId) -> Result<(), Rejection> {
    match board.columns.contains_key(column) {
        true => Ok(()),
        false => Err(column_not_found()),
    }
}

/// The column to change, once every check on it passed.
fn column_mut<'a>(board: &'a mut Board, column: &ColumnId) -> Result<&'a mut Column, Rejection> {
    board.columns.get_mut(column).ok_or_else(column_not_found)
}

/// The card to change, once every check on it passed.
fn card_mut<'a>(board: &'a mut Board, card: &CardId) -> Result<&'a mut Card, Rejection> {
    board.cards.get_mut(card).ok_or_else(card_not_found)
}

fn open_card(board: &Board, card: &CardId) -> Result<(), Rejection> {
    match board.cards.get(card) {
        None => Err(card_not_found()),
        Some(c) if c.archived => Err(Rejection::new(
            RejectCode::CardArchived,
            "the card is archived",
        )),
        Some(_) => Ok(()),
    }
}

/// What a text field takes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// One line, not empty.
    Line,
    /// One line, possibly empty.
    OptionalLine,
    /// Several lines, not empty.
    Lines,
}

/// Trims and checks a text field of `shape`, at most `max` characters.
fn field_text(text: &str, what: &str, max: usize, shape: Shape) -> Result<String, Rejection> {
    check_characters(text, what, shape == Shape::Lines)?;
    let trimmed = text.trim();
    if trimmed.is_empty() && shape != Shape::OptionalLine {
        return Err(Rejection::new(
            RejectCode::EmptyText,
            format!("{what} cannot be empty"),
        ));
    }
    let len = trimmed.chars().count();
    if len > max {
        return Err(Rejection::new(
            RejectCode::TextTooLong,
            format!("{what} is {len} characters long; the limit is {max}"),
        ));
    }
    Ok(trimmed.to_owned())
}

/// A date a person gave, refused outside the years every side can keep and write
/// (`limits::YEARS`).
fn usable_date(day: NaiveDate, what: &str) -> Result<NaiveDate, Rejection> {
    if is_usable_date(day) {
        return Ok(day);
    }
    let (first, last) = (YEARS.start(), YEARS.end());
    Err(Rejection::new(
        RejectCode::InvalidValue,
        format!("{what} falls between the years {first} and {last}"),
    ))
}

fn card_title(title: &str) -> Result<String, Rejection> {
    field_text(title, "a card title", TITLE_MAX_CHARS, Shape::Line)
}

fn column_name(name: &str) -> Result<String, Rejection> {
    field_text(name, "a column name", COLUMN_NAME_MAX_CHARS, Shape::Line)
}

fn check_description(description: &str) -> Result<(), Rejection> {
    check_characters(description, "a description", true)?;
    let len = description.chars().count();
    if len > DESCRIPTION_MAX_CHARS {
        return Err(Rejection::new(
            RejectCode::TextTooLong,
            format!("a description is {len} characters long; the limit is {DESCRIPTION_MAX_CHARS}"),
        ));
    }
    Ok(())
}

fn check_characters(text: &str, what: &str, multiline: bool) -> Result<(), Rejection> {
    if crate::text::has_control(text, multiline) {
        return Err(Rejection::new(
            RejectCode::InvalidText,
            format!("{what} cannot hold control characters"),
        ));
    }
    Ok(())
}

/// Changes the open card `op` targets, by `change` on a copy of it, and keeps the copy if the
/// board's text budget takes it: a delivery field or a part of the card.
fn change_card(
    board: &mut Board,
    op: &Op,
    pass: Pass,
    change: impl FnOnce(&Board, &mut Card) -> Result<Op, Rejection>,
) -> Result<Op, Rejection> {
    let Target::Card(id) = op.target() else {
        unreachable!("delivery fields and card parts are changed on a card")
    };
    open_card(board, &id)?;
    let mut card = board.cards[&id].clone();
    let applied = change(board, &mut card)?;
    check_budget(board, Some(&id), card.text_bytes(), pass)?;
    board.cards.insert(id, card);
    Ok(applied)
}

/// Refuses a change that would take the board's text (titles, descriptions, reasons) past its
/// budget; `card` is the card being replaced by one of `bytes`, if any.
fn check_budget(
    board: &Board,
    card: Option<&CardId>,
    bytes: usize,
    pass: Pass,
) -> Result<(), Rejection> {
    // A change that adds no text cannot take the board past its budget (and the sum below
    // walks every card: most changes skip it).
    if pass == Pass::Replay
        || card
            .and_then(|id| board.cards.get(id))
            .is_some_and(|c| bytes <= c.text_bytes())
    {
        return Ok(());
    }
    let others: usize = board
        .cards
        .values()
        .filter(|c| Some(&c.id) != card)
        .map(Card::text_bytes)
        .sum();
    if others + bytes > BOARD_TEXT_MAX_BYTES {
        return Err(Rejection::new(
            RejectCode::BoardFull,
            format!(
                "a board holds at most {} MB of text; shorten cards, or have a lead delete archived ones",
                BOARD_TEXT_MAX_BYTES / 1_000_000
            ),
        ));
    }
    Ok(())
}

/// Whether `card` may enter `column` as the board stands: refused when the board's limits are
/// hard and the stage is full, as a move or creation there would be (a page dims such a stage).
pub fn room_for(board: &Board, column: ColumnId, card: CardId) -> Result<(), Rejection> {
    check_room(board, column, card, Pass::Decide)
}

/// Refuses a card entering `column` when the board's limits are hard and the stage is full (a
/// card already in it may move within it).
fn check_room(board: &Board, column: ColumnId, card: CardId, pass: Pass) -> Result<(), Rejection> {
    if pass == Pass::Replay {
        return Ok(());
    }
    let Some(stage) = board.columns.get(&column) else {
        return Ok(());
    };
    let (Some(limit), true) = (stage.wip_limit, board.settings.hard_limits) else {
        return Ok(());
    };
    let cards = board.cards_in(column);
    if cards.iter().any(|c| c.id == card) || cards.len() < limit as usize {
        return Ok(());
    }
    Err(Rejection::new(
        RejectCode::WipLimitReached,
        format!("the stage {} is at its limit of {limit} tasks", stage.name),
    ))
}

/// Puts a card in `column`, noting when it reached the board's last stage (done).
fn enter_stage(board: &mut Board, card: CardId, column: ColumnId, stamp: &Stamp) {
    let last = board.is_last_stage(column);
    if let Some(c) = board.cards.get_mut(&card) {
        let stays = c.column == column && c.delivery.done_at.is_some();
        c.column = column;
        if !stays {
            c.delivery.done_at = last.then_some(stamp.at);
        }
    }
}

/// `wanted`, or if another item already holds it, a key just after it and before the next
/// larger key, so that keys among `others` stay distinct. Deterministic: every replica
/// computes the same key from the same list.
fn free_key<'a>(
    wanted: &OrderKey,
    others: impl Iterator<Item = &'a OrderKey>,
) -> Result<OrderKey, Rejection> {
    let mut taken = false;
    let mut next: Option<&OrderKey> = None;
    for key in others {
        if key == wanted {
            taken = true;
        } else if key > wanted && next.is_none_or(|n| key < n) {
            next = Some(key);
        }
    }
    let key = if taken || !wanted.fits() {
        OrderKey::between(Some(wanted), next)
    } else {
        wanted.clone()
    };
    if !key.fits() {
        return Err(Rejection::new(
            RejectCode::NoRoom,
            "there is no room left at this exact position; drop it one place higher or lower",
        ));
    }
    Ok(key)
}

fn free_card_key(
    board: &Board,
    column: ColumnId,
    card: CardId,
    wanted: &OrderKey,
    pass: Pass,
) -> Result<OrderKey, Rejection> {
    if pass == Pass::Replay {
        return Ok(wanted.clone());
    }
    free_key(
        wanted,
        board
            .cards
            .values()
            .filter(|c| c.column == column && c.id != card && !c.archived)
            .map(|c| &c.position),
    )
}

fn free_column_key(
    board: &Board,
    column: ColumnId,
    wanted: &OrderKey,
    pass: Pass,
) -> Result<OrderKey, Rejection> {
    if pass == Pass::Replay {
        return Ok(wanted.clone());
    }
    free_key(
        wanted,
        board
            .columns
            .values()
            .filter(|c| c.id != column)
            .map(|c| &c.position),
    )
}

#[cfg(test)]
mod tests;
