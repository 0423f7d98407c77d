//! The Project Office's portfolio: every team's board in the figures the office reports on
//! (tasks per stage; red and amber-red, overdue, under special control, extended), the same per
//! strategic project across teams, the change since a week before (from boards rebuilt from
//! their logs, not stored twice), and the tasks that need attention.

use crate::delivery::{DAY_MS, DeadlineStatus, Rag};
use crate::ids::{BoardId, CardId};
use crate::model::{Board, Card};
use crate::ops::apply_committed;
use crate::protocol::Committed;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The figures of a set of open tasks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    pub open: usize,
    pub red: usize,
    pub amber_red: usize,
    pub overdue: usize,
    pub special: usize,
    /// Tasks whose deadline was extended at least once.
    pub extended: usize,
    /// Tasks in the last stage.
    pub done: usize,
}

impl Figures {
    fn count(&mut self, board: &Board, card: &Card, now: i64) {
        let d = &card.delivery;
        self.open += 1;
        match d.judgement.as_ref().map(|j| j.rag) {
            Some(Rag::Red) => self.red += 1,
            Some(Rag::AmberRed) => self.amber_red += 1,
            _ => {}
        }
        if board.deadline_status(card, now) == Some(DeadlineStatus::Overdue) {
            self.overdue += 1;
        }
        self.special += usize::from(d.special_control);
        self.extended += usize::from(d.extended());
        self.done += usize::from(board.is_last_stage(card.column));
    }
}

/// One team's line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardLine {
    pub id: BoardId,
    pub name: String,
    pub team: String,
    /// Stage names with their open tasks, in board order.
    pub stages: Vec<(String, usize)>,
    pub now: Figures,
    /// The same a week before.
    pub before: Figures,
}

/// One strategic project's line, across the teams whose tasks serve it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectLine {
    pub code: String,
    pub now: Figures,
    pub before: Figures,
    /// The boards with tasks of the project, and how many each has.
    pub boards: Vec<(BoardId, String, usize)>,
}

/// A task the office should look at: under special control, red, or overdue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attention {
    pub board: BoardId,
    pub board_name: String,
    pub card: CardId,
    pub title: String,
    pub special: bool,
    pub rag: Option<Rag>,
    pub status: Option<DeadlineStatus>,
    pub due: Option<NaiveDate>,
}

/// `GET /api/portfolio`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Portfolio {
    pub boards: Vec<BoardLine>,
    pub projects: Vec<ProjectLine>,
    /// Oldest deadline first; tasks without one last; the first `ATTENTION_SHOWN`.
    pub attention: Vec<Attention>,
    /// How many more need attention than are listed (each board's figures link to them).
    #[serde(default)]
    pub attention_more: usize,
    /// When the figures were taken, and the moment compared with (milliseconds).
    pub at: i64,
    pub since: i64,
}

/// How many tasks the attention list names: past this a list is no longer read, and the
/// figures lead to the rest board by board.
pub const ATTENTION_SHOWN: usize = 100;

/// How far back the portfolio compares: a week.
pub const COMPARED_WITH_MS: i64 = 7 * DAY_MS;

/// The board as it stood after `events` (its log up to some moment), rebuilt by the same rules
/// from an empty board: what "as it was" and "since last week" read.
pub fn rebuild(id: BoardId, name: &str, team: &str, events: &[Committed]) -> Board {
    let mut board = Board::new(id, name, team);
    replay(&mut board, events);
    board
}

/// Carries `board` on through the log entries that follow the state it holds.
pub fn replay(board: &mut Board, events: &[Committed]) {
    for event in events {
        // A logged operation applied to the state it was decided on; none is refused here.
        let _ = apply_committed(board, &event.op, &event.stamp());
    }
}

/// The portfolio of `boards`, each now and as it was `since`, at `now`.
pub fn portfolio(boards: &[(&Board, &Board)], now: i64, since: i64) -> Portfolio {
    let open =
        |b: &Board| -> Vec<Card> { b.cards.values().filter(|c| !c.archived).cloned().collect() };
    let mut projects: BTreeMap<String, ProjectLine> = BTreeMap::new();
    let mut attention = Vec::new();
    let mut lines = Vec::new();
    for (board, before) in boards {
        let mut line = BoardLine {
            id: board.id,
            name: board.name.clone(),
            team: board.team.clone(),
            stages: board
                .ordered_columns()
                .iter()
                .map(|c| (c.name.clone(), board.cards_in(c.id).len()))
                .collect(),
            now: Figures::default(),
            before: Figures::default(),
        };
        for card in open(board) {
            line.now.count(board, &card, now);
            if let Some(code) = &card.delivery.project {
                let project = projects.entry(code.clone()).or_insert_with(|| ProjectLine {
                    code: code.clone(),
                    now: Figures::default(),
                    before: Figures::default(),
                    boards: Vec::new(),
                });
                project.now.count(board, &card, now);
                match project.boards.iter_mut().find(|(id, ..)| *id == board.id) {
                    Some((.., n)) => *n += 1,
                    None => project.boards.push((board.id, board.name.clone(), 1)),
                }
            }
            let status = board.deadline_status(&card, now);
            let rag = card.delivery.judgement.as_ref().map(|j| j.rag);
            if card.delivery.special_control
                || rag == Some(Rag::Red)
                || status == Some(DeadlineStatus::Overdue)
            {
                attention.push(Attention {
                    board: board.id,
                    board_name: board.name.clone(),
                    card: card.id,
                    title: card.title.clone(),
                    special: card.delivery.special_control,
                    rag,
                    status,
                    due: card.delivery.deadline.as_ref().map(|d| d.current),
                });
            }
        }
        for card in open(before) {
            line.before.count(before, &card, since);
            if let Some(project) = card
                .delivery
                .project
                .as_ref()
                .and_then(|code| projects.get_mut(code))
            {
                project.before.count(before, &card, since);
            }
        }
        lines.push(line);
    }
    attention.sort_by(|a, b| {
        (a.due.is_none(), a.due, &a.board_name, &a.title).cmp(&(
            b.due.is_none(),
            b.due,
            &b.board_name,
            &b.title,
        ))
    });
    let attention_more = attention.len().saturating_sub(ATTENTION_SHOWN);
    attention.truncate(ATTENTION_SHOWN);
    Portfolio {
        boards: lines,
        projects: projects.into_values().collect(),
        attention,
        attention_more,
        at: now,
        since,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::Stamp;
    use crate::ids::ColumnId;
    use crate::ops::apply;
    use crate::{ClientOpId, Op, OrderKey};

    /// A committed entry, as the log would hold it.
    fn logged(seq: u64, op: Op, at: i64) -> Committed {
        Committed {
            seq,
            op,
            author: "Aigerim".into(),
            author_id: None,
            at,
            client_op: Some(ClientOpId::random()),
        }
    }

    #[test]
    fn figures_now_and_a_week_before_come_from_the_log() {
        let now = 1_800_000_000_000;
        let (id, column, card) = (BoardId::random(), ColumnId::random(), CardId::random());
        let mut log = vec![
            logged(
                1,
                Op::AddColumn {
                    column,
                    name: "Intake".into(),
                    position: OrderKey::first(),
                },
                now - 30 * DAY_MS,
            ),
            logged(
                2,
                Op::CreateCard {
                    card,
                    column,
                    position: OrderKey::first(),
                    title: "Kendirli desalination plant".into(),
                    description: String::new(),
                },
                now - 30 * DAY_MS,
            ),
            logged(
                3,
                Op::SetProject {
                    card,
                    project: Some("mangystau".into()),
                },
                now - 20 * DAY_MS,
            ),
        ];
        // Judged red and put under special control three days ago.
        log.push(logged(
            4,
            Op::JudgeDelivery {
                card,
                rag: Rag::Red,
                reason: "The contractor stopped".into(),
            },
            now - 3 * DAY_MS,
        ));
        log.push(logged(
            5,
            Op::SetSpecialControl { card, on: true },
            now - 3 * DAY_MS,
        ));
        let since = now - COMPARED_WITH_MS;
        let board = rebuild(id, "Regional development", "team", &log);
        let before_log: Vec<_> = log.iter().filter(|e| e.at <= since).cloned().collect();
        let before = rebuild(id, "Regional development", "team", &before_log);
        let p = portfolio(&[(&board, &before)], now, since);
        let line = &p.boards[0];
        assert_eq!((line.now.open, line.now.red, line.now.special), (1, 1, 1));
        assert_eq!(
            (line.before.open, line.before.red, line.before.special),
            (1, 0, 0)
        );
        assert_eq!(line.stages, [("Intake".to_owned(), 1)]);
        assert_eq!(p.projects[0].code, "mangystau");
        assert_eq!(p.projects[0].now.red, 1);
        assert_eq!(p.projects[0].before.red, 0);
        assert_eq!(p.attention.len(), 1);
        assert!(p.attention[0].special && p.attention[0].rag == Some(Rag::Red));
        // The replay is the rules' own: the rebuilt card is the one the rules make.
        let mut direct = Board::new(id, "Regional development", "team");
        for e in &log {
            apply(
                &mut direct,
                &e.op,
                &Stamp {
                    by_id: None,
                    by: "Aigerim".into(),
                    at: e.at,
                },
            )
            .unwrap();
        }
        assert_eq!(direct, board);
    }
    #[test]
    fn the_attention_list_names_the_first_hundred_and_counts_the_rest() {
        let (id, column) = (BoardId::random(), ColumnId::random());
        let mut board = Board::new(id, "Water", "team");
        let stamp = Stamp::default();
        let add = Op::AddColumn {
            column,
            name: "Intake".into(),
            position: OrderKey::first(),
        };
        apply(&mut board, &add, &stamp).unwrap();
        let first_day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        for i in 0..150u64 {
            let card = CardId::random();
            let create = Op::CreateCard {
                card,
                column,
                position: board.card_key_at(column, card, usize::MAX),
                title: format!("Task {i}"),
                description: String::new(),
            };
            apply(&mut board, &create, &stamp).unwrap();
            let due = Op::SetDeadline {
                card,
                due: first_day + chrono::Days::new(150 - i),
                reason: String::new(),
            };
            apply(&mut board, &due, &stamp).unwrap();
            let red = Op::JudgeDelivery {
                card,
                rag: Rag::Red,
                reason: "No contractor".into(),
            };
            apply(&mut board, &red, &stamp).unwrap();
        }
        let p = portfolio(&[(&board, &board)], 1_800_000_000_000, 0);
        assert_eq!((p.attention.len(), p.attention_more), (100, 50));
        assert_eq!(
            p.attention[0].title, "Task 149",
            "the earliest deadline first"
        );
        assert_eq!(p.boards[0].now.red, 150, "the figures count them all");
    }
}
