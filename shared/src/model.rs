//! The board as both sides hold it in memory.

use crate::card_parts::{CardParts, Label};
use crate::delivery::{DeadlineStatus, Delivery, deadline_status};
use crate::ids::{BoardId, CardId, ColumnId, EmbedId, LabelId};
use crate::order::OrderKey;
use crate::roles::Role;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A team's board: its stages and its tasks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Board {
    pub id: BoardId,
    /// The board's title, e.g. "Energy".
    pub name: String,
    /// The interdepartmental team that runs the board.
    pub team: String,
    pub columns: BTreeMap<ColumnId, Column>,
    pub cards: BTreeMap<CardId, Card>,
    #[serde(default)]
    pub settings: BoardSettings,
    /// The labels its cards may carry.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<LabelId, Label>,
}

/// How a board runs its method.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardSettings {
    /// A task is "due soon" this many days before its deadline.
    #[serde(default = "BoardSettings::default_due_soon_days")]
    pub due_soon_days: u32,
    /// WIP limits are hard: a move or a creation beyond one is refused.
    #[serde(default)]
    pub hard_limits: bool,
}

impl BoardSettings {
    fn default_due_soon_days() -> u32 {
        7
    }
}

impl Default for BoardSettings {
    fn default() -> Self {
        Self {
            due_soon_days: Self::default_due_soon_days(),
            hard_limits: false,
        }
    }
}

/// A stage of the board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Column {
    pub id: ColumnId,
    pub name: String,
    pub position: OrderKey,
    /// Work-in-progress limit: how many cards the stage should hold at most.
    pub wip_limit: Option<u32>,
    /// Who may move cards into the stage, when more than members (e.g. only leads close tasks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate: Option<Role>,
}

/// A task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Card {
    pub id: CardId,
    pub column: ColumnId,
    pub position: OrderKey,
    pub title: String,
    pub description: String,
    /// Archived cards leave the board but stay in its history and can be restored.
    pub archived: bool,
    #[serde(default, skip_serializing_if = "Delivery::is_empty")]
    pub delivery: Delivery,
    #[serde(default, skip_serializing_if = "CardParts::is_empty")]
    pub parts: CardParts,
}

impl Card {
    /// The text the card holds, in UTF-8 bytes, counted against the board's budget.
    pub fn text_bytes(&self) -> usize {
        let d = &self.delivery;
        let deadline = d.deadline.iter().flat_map(|d| &d.changes);
        self.title.len()
            + self.description.len()
            + deadline
                .map(|c| c.reason.len() + c.stamp.by.len())
                .sum::<usize>()
            + d.judgement
                .as_ref()
                .map_or(0, |j| j.reason.len() + j.stamp.by.len())
            + d.source
                .as_ref()
                .map_or(0, |s| s.number.len() + s.paragraph.len())
            + d.decision
                .as_ref()
                .map_or(0, |q| q.question.len() + q.stamp.by.len())
            + self.parts.text_bytes()
    }
}

/// One line of the home page's list of boards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardSummary {
    pub id: BoardId,
    pub name: String,
    pub team: String,
    /// Stage names with the number of open cards in each, in board order.
    pub stages: Vec<(String, usize)>,
}

impl Board {
    /// An empty board.
    pub fn new(id: BoardId, name: impl Into<String>, team: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
            team: team.into(),
            columns: BTreeMap::new(),
            cards: BTreeMap::new(),
            settings: BoardSettings::default(),
            labels: BTreeMap::new(),
        }
    }

    /// Whether `column` is the board's last stage, where tasks are done.
    pub fn is_last_stage(&self, column: ColumnId) -> bool {
        self.ordered_columns()
            .last()
            .is_some_and(|c| c.id == column)
    }

    /// Where `card` stands against its deadline at `now`, by this board's warning period; a
    /// card counts as done while it is in the last stage.
    pub fn deadline_status(&self, card: &Card, now: i64) -> Option<DeadlineStatus> {
        let done = self
            .is_last_stage(card.column)
            .then_some(card.delivery.done_at)
            .flatten();
        deadline_status(
            card.delivery.deadline.as_ref(),
            done,
            self.settings.due_soon_days,
            now,
        )
    }

    /// Columns left to right.
    pub fn ordered_columns(&self) -> Vec<&Column> {
        let mut columns: Vec<&Column> = self.columns.values().collect();
        columns.sort_by(|a, b| (&a.position, a.id).cmp(&(&b.position, b.id)));
        columns
    }

    /// Open (not archived) cards of a column, top to bottom. Equal keys are ordered by id, so
    /// every replica shows the same order.
    pub fn cards_in(&self, column: ColumnId) -> Vec<&Card> {
        let mut cards: Vec<&Card> = self
            .cards
            .values()
            .filter(|c| c.column == column && !c.archived)
            .collect();
        cards.sort_by(|a, b| (&a.position, a.id).cmp(&(&b.position, b.id)));
        cards
    }

    /// Archived cards, by title.
    pub fn archived_cards(&self) -> Vec<&Card> {
        let mut cards: Vec<&Card> = self.cards.values().filter(|c| c.archived).collect();
        cards.sort_by(|a, b| a.title.cmp(&b.title).then(a.id.cmp(&b.id)));
        cards
    }

    /// The key that puts an item at `index` of `keys` (the current keys in order, without the
    /// item being placed).
    pub fn key_at(keys: &[&OrderKey], index: usize) -> OrderKey {
        let index = index.min(keys.len());
        let before = index.checked_sub(1).map(|i| keys[i]);
        OrderKey::between(before, keys.get(index).copied())
    }

    /// The key that puts `card` at `index` among the open cards of `column`.
    pub fn card_key_at(&self, column: ColumnId, card: CardId, index: usize) -> OrderKey {
        let keys: Vec<&OrderKey> = self
            .cards_in(column)
            .into_iter()
            .filter(|c| c.id != card)
            .map(|c| &c.position)
            .collect();
        Self::key_at(&keys, index)
    }

    /// The key that puts `column` at `index` among the board's columns.
    pub fn column_key_at(&self, column: ColumnId, index: usize) -> OrderKey {
        let keys: Vec<&OrderKey> = self
            .ordered_columns()
            .into_iter()
            .filter(|c| c.id != column)
            .map(|c| &c.position)
            .collect();
        Self::key_at(&keys, index)
    }

    /// The list line for this board.
    pub fn summary(&self) -> BoardSummary {
        BoardSummary {
            id: self.id,
            name: self.name.clone(),
            team: self.team.clone(),
            stages: self
                .ordered_columns()
                .into_iter()
                .map(|c| (c.name.clone(), self.cards_in(c.id).len()))
                .collect(),
        }
    }
}

/// An embed link of a board (its token is shown once, at creation, and not kept).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmbedLink {
    pub id: EmbedId,
    pub board_id: BoardId,
    /// Where it is used, e.g. "Ministry of Energy intranet".
    pub label: String,
    /// The stages shown; all when absent.
    pub columns: Option<Vec<ColumnId>>,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub revoked: bool,
    /// Who made it (their name as it is now), in the board's list of embeds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
}

impl EmbedLink {
    /// A new link of `board_id` made at `created_at`, showing every stage, never expiring.
    pub fn new(board_id: BoardId, label: String, created_at: i64) -> Self {
        Self {
            id: EmbedId::random(),
            board_id,
            label,
            columns: None,
            created_at,
            expires_at: None,
            revoked: false,
            created_by: None,
        }
    }
}
