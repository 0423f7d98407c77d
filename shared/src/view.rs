//! What part of a board a person looks at, and how: a filter on the delivery fields and the
//! text, and swimlanes grouping the cards by one field. Both live in the page's address, so a
//! filtered board can be sent to someone; the Project Office's views link to boards this way.

use crate::delivery::{DeadlineStatus, Rag};
use crate::ids::{ColumnId, LabelId, UserId};
use crate::model::{Board, Card};
use crate::ops::Op;

/// Which cards to show; an empty filter shows them all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardFilter {
    /// Words the title, description or source number must hold (any case).
    pub text: String,
    pub assignee: Option<UserId>,
    pub agency: Option<String>,
    pub project: Option<String>,
    pub rag: Option<Rag>,
    pub due: Option<DeadlineStatus>,
    /// Only tasks under special control.
    pub special: bool,
    /// Only tasks whose deadline was extended.
    pub extended: bool,
    pub label: Option<LabelId>,
}

impl CardFilter {
    pub fn is_empty(&self) -> bool {
        *self == CardFilter::default()
    }

    /// Whether `card` of `board` passes, at `now` (deadline status depends on the day).
    pub fn matches(&self, board: &Board, card: &Card, now: i64) -> bool {
        let d = &card.delivery;
        let text = self.text.trim().to_lowercase();
        let words_match = text.split_whitespace().all(|word| {
            card.title.to_lowercase().contains(word)
                || card.description.to_lowercase().contains(word)
                || d.source
                    .as_ref()
                    .is_some_and(|s| s.number.to_lowercase().contains(word))
        });
        words_match
            && self.assignee.is_none_or(|a| d.assignees.contains(&a))
            && self
                .agency
                .as_ref()
                .is_none_or(|a| d.agency.as_ref() == Some(a))
            && self
                .project
                .as_ref()
                .is_none_or(|p| d.project.as_ref() == Some(p))
            && self
                .rag
                .is_none_or(|r| d.judgement.as_ref().is_some_and(|j| j.rag == r))
            && self
                .due
                .is_none_or(|s| board.deadline_status(card, now) == Some(s))
            && (!self.special || d.special_control)
            && (!self.extended || d.extended())
            && self.label.is_none_or(|l| card.parts.labels.contains(&l))
    }

    /// Reads the filter from an address's query pairs; what does not read is ignored.
    pub fn from_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut filter = CardFilter::default();
        let code = |v: &str| (!v.is_empty()).then(|| v.to_owned());
        for (key, value) in pairs {
            match key {
                "q" => filter.text = value.to_owned(),
                "assignee" => filter.assignee = value.parse().ok(),
                "agency" => filter.agency = code(value),
                "project" => filter.project = code(value),
                "rag" => filter.rag = Rag::parse(value),
                "due" => filter.due = DeadlineStatus::parse(value),
                "special" => filter.special = value == "1",
                "extended" => filter.extended = value == "1",
                "label" => filter.label = value.parse().ok(),
                _ => {}
            }
        }
        filter
    }

    /// The filter as query pairs, only what is set.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.text.trim().is_empty() {
            pairs.push(("q", self.text.clone()));
        }
        if let Some(a) = self.assignee {
            pairs.push(("assignee", a.to_string()));
        }
        if let Some(a) = &self.agency {
            pairs.push(("agency", a.clone()));
        }
        if let Some(p) = &self.project {
            pairs.push(("project", p.clone()));
        }
        if let Some(r) = self.rag {
            pairs.push(("rag", r.as_str().to_owned()));
        }
        if let Some(s) = self.due {
            pairs.push(("due", s.as_str().to_owned()));
        }
        if self.special {
            pairs.push(("special", "1".to_owned()));
        }
        if self.extended {
            pairs.push(("extended", "1".to_owned()));
        }
        if let Some(l) = self.label {
            pairs.push(("label", l.to_string()));
        }
        pairs
    }
}

/// The open cards of `column` a person sees, top to bottom: those the filter passes and, with
/// swimlanes, those of one lane.
pub fn shown_in<'a>(
    board: &'a Board,
    column: ColumnId,
    filter: &CardFilter,
    lane: Option<(Lanes, &Option<String>)>,
    now: i64,
) -> Vec<&'a Card> {
    board
        .cards_in(column)
        .into_iter()
        .filter(|c| filter.matches(board, c, now))
        .filter(|c| lane.is_none_or(|(lanes, lane)| lanes.lane_of(c) == *lane))
        .collect()
}

/// The field swimlanes group cards by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lanes {
    Project,
    Agency,
    Assignee,
    Rag,
}

impl Lanes {
    pub const ALL: [Lanes; 4] = [Lanes::Project, Lanes::Agency, Lanes::Assignee, Lanes::Rag];

    pub fn as_str(self) -> &'static str {
        match self {
            Lanes::Project => "project",
            Lanes::Agency => "agency",
            Lanes::Assignee => "assignee",
            Lanes::Rag => "rag",
        }
    }

    pub fn parse(s: &str) -> Option<Lanes> {
        Lanes::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// The lane a card belongs to: the field's value (its first assignee), none when unset.
    pub fn lane_of(self, card: &Card) -> Option<String> {
        let d = &card.delivery;
        match self {
            Lanes::Project => d.project.clone(),
            Lanes::Agency => d.agency.clone(),
            Lanes::Assignee => d.assignees.first().map(|a| a.to_string()),
            Lanes::Rag => d.judgement.as_ref().map(|j| j.rag.as_str().to_owned()),
        }
    }

    /// The lanes of `board` in order: the values its open cards hold, then "none" when a card
    /// holds none (a delivery status lane is never emptied: every level shows).
    pub fn lanes(self, board: &Board) -> Vec<Option<String>> {
        let mut lanes: Vec<Option<String>> = match self {
            Lanes::Rag => Rag::ALL
                .iter()
                .map(|r| Some(r.as_str().to_owned()))
                .collect(),
            _ => Vec::new(),
        };
        let mut held: Vec<Option<String>> = board
            .cards
            .values()
            .filter(|c| !c.archived)
            .map(|c| self.lane_of(c))
            .collect();
        held.sort();
        held.dedup();
        for lane in held {
            if !lanes.contains(&lane) {
                lanes.push(lane);
            }
        }
        // "None" last.
        lanes.sort_by_key(|l| l.is_none());
        lanes
    }

    /// The change that puts `card` in `lane`, when it is elsewhere. A delivery status needs a
    /// judgement with a reason for amber-red and red, which a drop cannot give: the rules
    /// refuse it and the person is told to judge it in the card.
    pub fn moving_to(self, card: &Card, lane: &Option<String>) -> Option<Op> {
        if self.lane_of(card) == *lane {
            return None;
        }
        let id = card.id;
        Some(match self {
            Lanes::Project => Op::SetProject {
                card: id,
                project: lane.clone(),
            },
            Lanes::Agency => Op::SetAgency {
                card: id,
                agency: lane.clone(),
            },
            Lanes::Assignee => Op::SetAssignees {
                card: id,
                assignees: lane
                    .as_deref()
                    .and_then(|a| a.parse().ok())
                    .into_iter()
                    .collect(),
            },
            Lanes::Rag => Op::JudgeDelivery {
                card: id,
                rag: lane.as_deref().and_then(Rag::parse)?,
                reason: String::new(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::Stamp;
    use crate::ops::apply;
    use crate::{BoardId, CardId, Column, ColumnId, OrderKey};

    fn board_with(titles: &[&str]) -> (Board, Vec<CardId>) {
        let mut board = Board::new(BoardId::random(), "b", "t");
        let column = ColumnId::random();
        board.columns.insert(
            column,
            Column {
                id: column,
                name: "Intake".into(),
                position: OrderKey::first(),
                wip_limit: None,
                gate: None,
            },
        );
        let ids = titles
            .iter()
            .map(|t| {
                let card = CardId::random();
                let op = Op::CreateCard {
                    card,
                    column,
                    position: OrderKey::first(),
                    title: (*t).into(),
                    description: String::new(),
                };
                apply(&mut board, &op, &Stamp::default()).unwrap();
                card
            })
            .collect();
        (board, ids)
    }

    #[test]
    fn a_filter_reads_back_from_its_query_and_matches_the_fields() {
        let (mut board, ids) = board_with(&["Desalination plant in Kendirli", "Aktau ports"]);
        let set = Op::SetAgency {
            card: ids[0],
            agency: Some("akimat-mangystau".into()),
        };
        apply(&mut board, &set, &Stamp::default()).unwrap();
        let filter = CardFilter {
            text: "kendirli".into(),
            agency: Some("akimat-mangystau".into()),
            special: false,
            ..CardFilter::default()
        };
        let pairs = filter.to_query();
        let back = CardFilter::from_query(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, filter);
        let shown: Vec<bool> = ids
            .iter()
            .map(|id| filter.matches(&board, &board.cards[id], 0))
            .collect();
        assert_eq!(shown, [true, false]);
        let special = CardFilter {
            special: true,
            ..CardFilter::default()
        };
        assert!(!special.matches(&board, &board.cards[&ids[0]], 0));
    }

    #[test]
    fn the_extended_filter_shows_the_tasks_whose_deadline_moved() {
        let (mut board, ids) = board_with(&["Desalination plant in Kendirli", "Aktau ports"]);
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        for (card, moves) in [(ids[0], 2), (ids[1], 1)] {
            for d in 0..moves {
                let set = Op::SetDeadline {
                    card,
                    due: day(10 + d),
                    reason: "the contractor asked".into(),
                };
                apply(&mut board, &set, &Stamp::default()).unwrap();
            }
        }
        let extended = CardFilter::from_query([("extended", "1")]);
        assert_eq!(extended.to_query(), [("extended", "1".to_owned())]);
        let shown: Vec<bool> = ids
            .iter()
            .map(|id| extended.matches(&board, &board.cards[id], 0))
            .collect();
        assert_eq!(shown, [true, false], "a deadline set once is not extended");
    }

    #[test]
    fn a_drop_in_another_lane_changes_the_field() {
        let (board, ids) = board_with(&["A"]);
        let card = &board.cards[&ids[0]];
        let to = Some("min-energy".to_owned());
        assert_eq!(
            Lanes::Agency.moving_to(card, &to),
            Some(Op::SetAgency {
                card: card.id,
                agency: to.clone()
            })
        );
        assert_eq!(Lanes::Agency.moving_to(card, &None), None, "same lane");
        assert_eq!(Lanes::Agency.lanes(&board), [None]);
        assert_eq!(Lanes::Rag.lanes(&board).len(), 5, "four levels and none");
    }
}
