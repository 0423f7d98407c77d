//! The board as both sides hold it in memory.

use crate::ids::{BoardId, CardId, ColumnId, EmbedId};
use crate::order::OrderKey;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A team's board: its stages and its tasks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    pub id: BoardId,
    /// The board's title, e.g. "Energy".
    pub name: String,
    /// The interdepartmental team that runs the board.
    pub team: String,
    pub columns: BTreeMap<ColumnId, Column>,
    pub cards: BTreeMap<CardId, Card>,
}

/// A stage of the board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub id: ColumnId,
    pub name: String,
    pub position: OrderKey,
    /// Work-in-progress limit: how many cards the stage should hold at most.
    pub wip_limit: Option<u32>,
}

/// A task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub id: CardId,
    pub column: ColumnId,
    pub position: OrderKey,
    pub title: String,
    pub description: String,
    /// Archived cards leave the board but stay in its history and can be restored.
    pub archived: bool,
}

/// One line of the home page's list of boards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
        }
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
