//! A week of a prepared log: the report of the second week of November 2026 on a board with
//! stages Intake, Work and Done.

use super::*;
use crate::delivery::office_date;
use crate::metrics::day_start_ms;
use crate::ops::Op;
use crate::portfolio::rebuild;
use crate::protocol::Committed;
use crate::{ClientOpId, OrderKey};
use chrono::Days;

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 2).unwrap() + Days::new(n)
}

fn at(n: u64, hour: i64) -> i64 {
    day_start_ms(day(n)) + hour * 3600 * 1000
}

struct Log {
    events: Vec<Committed>,
    columns: Vec<ColumnId>,
}

impl Log {
    fn new() -> Self {
        let mut log = Log {
            events: Vec::new(),
            columns: (0..3).map(|_| ColumnId::random()).collect(),
        };
        let keys = OrderKey::sequence(None, 3);
        for (i, name) in ["Intake", "Work", "Done"].into_iter().enumerate() {
            let op = Op::AddColumn {
                column: log.columns[i],
                name: name.into(),
                position: keys[i].clone(),
            };
            log.push(op, at(0, 8));
        }
        log
    }

    fn push(&mut self, op: Op, at: i64) {
        self.events.push(Committed {
            seq: self.events.len() as u64 + 1,
            op,
            author: "Aigerim".into(),
            author_id: None,
            at,
            client_op: Some(ClientOpId::random()),
        });
    }

    fn create(&mut self, title: &str, stage: usize, at: i64) -> CardId {
        let card = CardId::random();
        let op = Op::CreateCard {
            card,
            column: self.columns[stage],
            position: OrderKey::first(),
            title: title.into(),
            description: String::new(),
        };
        self.push(op, at);
        card
    }

    fn move_to(&mut self, card: CardId, stage: usize, at: i64) {
        let op = Op::MoveCard {
            card,
            column: self.columns[stage],
            position: OrderKey::first(),
        };
        self.push(op, at);
    }

    /// The board at the start and at the end of `period`.
    fn span(&self, period: Period) -> (Board, Board) {
        let until = |end: i64| -> Vec<Committed> {
            self.events.iter().filter(|e| e.at < end).cloned().collect()
        };
        let id = BoardId::random();
        (
            rebuild(id, "Water", "Water", &until(period.start_ms())),
            rebuild(id, "Water", "Water", &until(period.end_ms())),
        )
    }
}

fn second_week() -> Period {
    Period {
        from: day(7),
        to: day(13),
    }
}

/// Tasks: a road moved to Work in the week, a dam finished in it after an extension made in it,
/// a canal added in it, red, under control and asking a decision, a well overdue since the first
/// week, and a pipe archived in the week.
fn prepared() -> (Log, [CardId; 5]) {
    let mut log = Log::new();
    let road = log.create("Road", 0, at(0, 9));
    let dam = log.create("Dam", 1, at(0, 9));
    let well = log.create("Well", 1, at(0, 9));
    let pipe = log.create("Pipe", 0, at(0, 9));
    log.push(
        Op::SetDeadline {
            card: dam,
            due: day(8),
            reason: String::new(),
        },
        at(0, 10),
    );
    log.push(
        Op::SetDeadline {
            card: well,
            due: day(3),
            reason: String::new(),
        },
        at(0, 10),
    );
    log.move_to(road, 1, at(8, 9));
    log.push(
        Op::SetDeadline {
            card: dam,
            due: day(12),
            reason: "The turbines arrive late".into(),
        },
        at(8, 10),
    );
    log.move_to(dam, 2, at(10, 15));
    let canal = log.create("Canal", 0, at(9, 9));
    log.push(
        Op::JudgeDelivery {
            card: canal,
            rag: Rag::Red,
            reason: "No contractor".into(),
        },
        at(9, 10),
    );
    log.push(
        Op::SetSpecialControl {
            card: canal,
            on: true,
        },
        at(9, 10),
    );
    log.push(
        Op::AskDecision {
            card: canal,
            question: Some("Choose the contractor directly".into()),
        },
        at(9, 11),
    );
    log.push(Op::ArchiveCard { card: pipe }, at(11, 9));
    // After the period: not in the report.
    log.move_to(well, 2, at(15, 9));
    (log, [road, dam, canal, well, pipe])
}

#[test]
fn the_week_s_moves_finishes_and_extensions() {
    let (log, [road, dam, canal, _, pipe]) = prepared();
    let (start, end) = log.span(second_week());
    let report = stocktake(
        &[Span {
            start: &start,
            end: &end,
        }],
        None,
        second_week(),
        at(20, 0),
    );
    let moved: Vec<_> = report
        .moved
        .iter()
        .map(|m| (m.task.card, m.from.as_deref(), m.to.as_deref()))
        .collect();
    assert_eq!(
        moved,
        [
            (canal, None, Some("Intake")),
            (road, Some("Intake"), Some("Work")),
            (dam, Some("Work"), Some("Done")),
            (pipe, Some("Intake"), None),
        ]
    );
    assert_eq!(report.finished.len(), 1);
    assert_eq!(
        (report.finished[0].task.card, report.finished[0].outcome),
        (dam, Some(Outcome::AfterExtension))
    );
    assert_eq!(report.extended.len(), 1);
    let extension = &report.extended[0];
    assert_eq!(
        (
            extension.from,
            extension.to,
            extension.reason.as_str(),
            extension.by.as_str()
        ),
        (day(8), day(12), "The turbines arrive late", "Aigerim")
    );
}

#[test]
fn what_stands_at_the_end_red_overdue_special_and_decisions() {
    let (log, [_, _, canal, well, _]) = prepared();
    let (start, end) = log.span(second_week());
    let report = stocktake(
        &[Span {
            start: &start,
            end: &end,
        }],
        None,
        second_week(),
        at(20, 0),
    );
    assert_eq!(office_date(report.at), day(13), "the end of the period");
    let attention: Vec<_> = report
        .attention
        .iter()
        .map(|s| (s.task.card, s.rag, s.status, s.why.as_str()))
        .collect();
    assert_eq!(
        attention,
        [
            (canal, Some(Rag::Red), None, "No contractor"),
            (well, None, Some(DeadlineStatus::Overdue), ""),
        ]
    );
    assert_eq!(report.special.len(), 1);
    assert_eq!(report.special[0].task.card, canal);
    assert_eq!(report.decisions.len(), 1);
    assert_eq!(
        report.decisions[0].question,
        "Choose the contractor directly"
    );
}

#[test]
fn a_project_s_report_holds_only_its_tasks() {
    let (mut log, [road, ..]) = prepared();
    log.push(
        Op::SetProject {
            card: road,
            project: Some("mangystau".into()),
        },
        at(1, 9),
    );
    let (start, end) = log.span(second_week());
    let spans = [Span {
        start: &start,
        end: &end,
    }];
    let report = stocktake(&spans, Some("mangystau"), second_week(), at(20, 0));
    assert_eq!(report.moved.len(), 1);
    assert_eq!(report.moved[0].task.card, road);
    assert!(report.finished.is_empty() && report.attention.is_empty());
}
