//! The figures of a prepared log (`prepared_log`): five tasks over the ten office days from
//! Monday 2 November 2026.

use super::*;
use crate::prepared_log::{Log, at, day};

fn prepared() -> (History, Vec<CardId>) {
    let mut log = Log::new();
    let one = log.create("Task", 0, at(0, 9));
    log.deadline(one, 2, "", at(0, 9));
    let two = log.create("Task", 0, at(0, 10));
    log.deadline(two, 5, "", at(0, 10));
    let five = log.create("Task", 0, at(0, 9));
    log.move_to(one, 1, at(1, 9));
    let three = log.create("Task", 0, at(1, 12));
    log.push(
        Op::SetProject {
            card: three,
            project: Some("mangystau".into()),
        },
        at(1, 12),
    );
    log.push(
        Op::SetProject {
            card: one,
            project: Some("mangystau".into()),
        },
        at(1, 12),
    );
    log.deadline(one, 4, "The contractor changed", at(2, 8));
    log.move_to(two, 1, at(2, 10));
    log.push(Op::ArchiveCard { card: five }, at(2, 9));
    log.move_to(one, 2, at(3, 9));
    log.move_to(two, 2, at(6, 10));
    let four = log.create("Task", 1, at(7, 9));
    log.deadline(four, 10, "", at(7, 9));
    log.move_to(four, 2, at(8, 21));
    log.push(Op::ArchiveCard { card: four }, at(9, 9));
    let mut history = History::new(BoardId::random(), "Water", "Water");
    history.replay(&log.events);
    (history, vec![one, two, three, four, five])
}

fn period() -> Period {
    Period {
        from: day(0),
        to: day(9),
    }
}

#[test]
fn cumulative_flow_counts_each_stage_at_the_end_of_each_day() {
    let (history, _) = prepared();
    let metrics = board_metrics(&history, period());
    let names: Vec<_> = metrics
        .stages
        .iter()
        .map(|s| s.name.clone().unwrap())
        .collect();
    assert_eq!(names, ["Intake", "Work", "Done"]);
    let counts: Vec<Vec<usize>> = metrics.flow.iter().map(|d| d.counts.clone()).collect();
    assert_eq!(
        counts,
        [
            vec![3, 0, 0],
            vec![3, 1, 0],
            vec![1, 2, 0],
            vec![1, 1, 1],
            vec![1, 1, 1],
            vec![1, 1, 1],
            vec![1, 0, 2],
            vec![1, 1, 2],
            vec![1, 0, 3],
            // A finished task archived still counts as done.
            vec![1, 0, 3],
        ]
    );
    assert_eq!(metrics.flow[0].day, day(0));
}

#[test]
fn stage_and_cycle_times_are_medians_and_85th_percentiles_in_days() {
    let (history, _) = prepared();
    let metrics = board_metrics(&history, period());
    // Intake: 1, 2 and 2 days (the archived task's stay ends when it was archived).
    assert_eq!(
        metrics.stage_times[0],
        Spread {
            count: 3,
            median: 2.0,
            p85: 2.0
        }
    );
    // Work: 2, 4 and 1.5 days.
    assert_eq!(
        metrics.stage_times[1],
        Spread {
            count: 3,
            median: 2.0,
            p85: 4.0
        }
    );
    assert_eq!(metrics.stage_times.len(), 2, "the last stage has no time");
    let cycle: Vec<f64> = metrics.finished.iter().map(|f| f.days).collect();
    assert_eq!(
        cycle,
        [2.0, 4.0, 1.5],
        "finished tasks, first finished first"
    );
    assert_eq!(
        metrics.cycle,
        Spread {
            count: 3,
            median: 2.0,
            p85: 4.0
        }
    );
}

#[test]
fn throughput_and_deadline_performance_per_week() {
    let (history, cards) = prepared();
    let metrics = board_metrics(&history, period());
    assert_eq!(
        metrics.weeks,
        [
            Week {
                start: day(0),
                finished: 2,
                on_time: 0,
                after_extension: 1,
                late: 1
            },
            Week {
                start: day(7),
                finished: 1,
                on_time: 1,
                after_extension: 0,
                late: 0
            },
        ]
    );
    let outcomes: Vec<_> = metrics
        .finished
        .iter()
        .map(|f| (f.card, f.outcome, f.extensions))
        .collect();
    assert_eq!(
        outcomes,
        [
            (cards[0], Some(Outcome::AfterExtension), 1),
            (cards[1], Some(Outcome::Late), 0),
            (cards[3], Some(Outcome::OnTime), 0),
        ]
    );
    assert_eq!(metrics.extensions, [2, 1, 0, 0]);
}

#[test]
fn a_shorter_period_counts_only_what_ended_in_it() {
    let (history, _) = prepared();
    let week_two = Period {
        from: day(7),
        to: day(9),
    };
    let metrics = board_metrics(&history, week_two);
    assert_eq!(metrics.flow.len(), 3);
    assert_eq!(metrics.flow[0].counts, [1, 1, 2]);
    assert_eq!(metrics.cycle.count, 1);
    assert_eq!(metrics.stage_times[0].count, 0);
    assert_eq!(metrics.weeks.len(), 1);
}

#[test]
fn a_project_counts_its_tasks_across_boards_by_kind_of_stage() {
    let (water, cards) = prepared();
    let (other, _) = prepared();
    let metrics = project_metrics(&[&water, &other], "mangystau", period());
    let kinds: Vec<_> = metrics.stages.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [StageKind::Waiting, StageKind::Doing, StageKind::Done]
    );
    // Tasks one and three of each board.
    assert_eq!(metrics.flow[3].counts, [2, 0, 2]);
    assert_eq!(metrics.cycle.count, 2);
    assert!(metrics.finished.iter().any(|f| f.card == cards[0]));
}

#[test]
fn a_task_leaving_the_last_stage_is_no_longer_finished() {
    let mut log = Log::new();
    let card = log.create("Task", 1, at(0, 9));
    log.move_to(card, 2, at(1, 9));
    log.move_to(card, 1, at(2, 9));
    let mut history = History::new(BoardId::random(), "Water", "Water");
    history.replay(&log.events);
    let metrics = board_metrics(&history, period());
    assert_eq!(metrics.cycle.count, 0);
    assert_eq!(metrics.flow[1].counts, [0, 0, 1]);
    assert_eq!(metrics.flow[2].counts, [0, 1, 0]);
    assert_eq!(
        history.tracks[&card].stage_at(at(1, 12)).map(|s| s.1),
        Some(StageKind::Done)
    );
}

#[test]
fn periods_default_to_twelve_weeks_and_refuse_nonsense() {
    let today = day(90);
    let p = Period::asked(None, None, today, DEFAULT_SPAN_DAYS).unwrap();
    assert_eq!((p.to - p.from).num_days(), 83);
    assert_eq!(
        Period::asked(Some(day(5)), Some(day(4)), today, 7),
        Err(PeriodError::Backwards)
    );
    assert_eq!(
        Period::asked(Some(day(0)), Some(day(366)), today, 7),
        Err(PeriodError::TooLong)
    );
    assert!(Period::asked(Some(day(0)), Some(day(365)), today, 7).is_ok());
    let far = |s: &str| Some(s.parse::<NaiveDate>().unwrap());
    assert_eq!(
        Period::asked(None, far("-262143-01-01"), today, 7),
        Err(PeriodError::OutOfRange),
        "no date arithmetic runs off chrono's calendar"
    );
    assert_eq!(
        Period::asked(far("1899-12-31"), far("1900-01-05"), today, 7),
        Err(PeriodError::OutOfRange)
    );
}
