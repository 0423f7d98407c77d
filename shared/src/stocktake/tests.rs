//! A week of a prepared log (`prepared_log`): the report of the second week of November 2026.

use super::*;
use crate::delivery::office_date;
use crate::ops::Op;
use crate::portfolio::rebuild;
use crate::prepared_log::{Log, at, day};
use crate::protocol::Committed;

/// The board at the start and at the end of `period`.
/// The report of the second week of the log, of `project`'s tasks when given, read a week after.
fn report_of_week(log: &Log, project: Option<&str>) -> Stocktake {
    let period = second_week();
    let until = |end: i64| -> Vec<Committed> {
        log.events.iter().filter(|e| e.at < end).cloned().collect()
    };
    let id = BoardId::random();
    let start = rebuild(id, "Water", "Water", &until(period.start_ms()));
    let end = rebuild(id, "Water", "Water", &until(period.end_ms()));
    stocktake(
        &[Span {
            start: &start,
            end: &end,
        }],
        project,
        period,
        at(20, 0),
    )
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
    log.deadline(dam, 8, "", at(0, 10));
    log.deadline(well, 3, "", at(0, 10));
    log.move_to(road, 1, at(8, 9));
    log.deadline(dam, 12, "The turbines arrive late", at(8, 10));
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
    let report = report_of_week(&log, None);
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
    let report = report_of_week(&log, None);
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
    let report = report_of_week(&log, Some("mangystau"));
    assert_eq!(report.moved.len(), 1);
    assert_eq!(report.moved[0].task.card, road);
    assert!(report.finished.is_empty() && report.attention.is_empty());
}
