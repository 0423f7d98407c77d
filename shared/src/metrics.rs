//! Flow metrics of a board or of a strategic project across boards, from the event log: the
//! cumulative flow, the time tasks spend in each stage, the cycle time of finished tasks, the
//! throughput per week and how finished tasks met their deadlines.
//!
//! The log is replayed once by the same rules that decided it (`apply`); each task's path through
//! the stages (`Track`) is what every figure is read from, so a figure cannot disagree with the
//! board as it was. The stocktake report reads the same tracks.

use crate::delivery::{DAY_MS, Deadline, day_start_ms, office_date};
use crate::ids::{BoardId, CardId, ColumnId};
use crate::limits::{YEARS, is_usable_date};
use crate::model::Board;
use crate::ops::{Op, apply_committed};
use crate::protocol::Committed;
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The longest period one request may cover: a year.
pub const SPAN_MAX_DAYS: u64 = 366;
/// The period shown when none is asked for: the last twelve weeks.
pub const DEFAULT_SPAN_DAYS: u64 = 12 * 7;

/// Where a stage sits in the flow; a strategic project's boards are compared by it, as their
/// stages have different names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StageKind {
    /// The first stage: accepted, not started.
    Waiting,
    /// A stage between the first and the last: work under way.
    Doing,
    /// The last stage: done.
    Done,
}

/// A series of the cumulative flow: a board's stage by name, or a kind of stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stage {
    pub name: Option<String>,
    pub kind: StageKind,
}

/// A period of office days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Why a period was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("the period ends before it starts")]
    Backwards,
    #[error("a period covers at most {SPAN_MAX_DAYS} days")]
    TooLong,
    #[error("a period falls between the years {} and {}", YEARS.start(), YEARS.end())]
    OutOfRange,
}

impl Period {
    /// The period asked for; a missing end is today, a missing start `default_days` before the end.
    pub fn asked(
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        today: NaiveDate,
        default_days: u64,
    ) -> Result<Period, PeriodError> {
        let to = to.unwrap_or(today);
        if !is_usable_date(to) || from.is_some_and(|from| !is_usable_date(from)) {
            return Err(PeriodError::OutOfRange);
        }
        let from = from.unwrap_or_else(|| to - Days::new(default_days.saturating_sub(1).min(365)));
        if from > to {
            return Err(PeriodError::Backwards);
        }
        if (to - from).num_days() >= SPAN_MAX_DAYS as i64 {
            return Err(PeriodError::TooLong);
        }
        Ok(Period { from, to })
    }

    /// The first moment of the period (office midnight), in milliseconds.
    pub fn start_ms(&self) -> i64 {
        day_start_ms(self.from)
    }

    /// The first moment after the period.
    pub fn end_ms(&self) -> i64 {
        day_start_ms(self.to) + DAY_MS
    }

    pub fn contains(&self, ms: i64) -> bool {
        (self.start_ms()..self.end_ms()).contains(&ms)
    }

    fn days(&self) -> impl Iterator<Item = NaiveDate> {
        self.from.iter_days().take_while(|d| *d <= self.to)
    }
}

/// How a finished task met its deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// By the first deadline set.
    OnTime,
    /// Later than the first deadline, by one it was extended to.
    AfterExtension,
    /// After the deadline in force.
    Late,
}

impl Outcome {
    /// How a task done at `done` met `deadline`.
    pub fn of(deadline: &Deadline, done: i64) -> Outcome {
        let day = office_date(done);
        if day > deadline.current {
            Outcome::Late
        } else if day > deadline.original {
            Outcome::AfterExtension
        } else {
            Outcome::OnTime
        }
    }
}

/// The moment a task reached the last stage, and how it stood against its deadline then.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finish {
    pub at: i64,
    /// None: the task had no deadline.
    pub outcome: Option<Outcome>,
    pub extensions: usize,
}

/// A stretch of time a task spent in one stage.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Stay {
    column: ColumnId,
    kind: StageKind,
    from: i64,
    /// None while it is still there.
    to: Option<i64>,
}

/// One task's path through the stages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Track {
    pub card: CardId,
    /// The title and project as they are at the end of the log.
    pub title: String,
    pub project: Option<String>,
    stays: Vec<Stay>,
    /// When work started: it first left the first stage, or was created beyond it.
    pub started: Option<i64>,
    /// When it last reached the last stage, if it is still there.
    pub finished: Option<Finish>,
}

impl Track {
    /// Where the task stood at `at`: its stage's column and kind, if it was on the board.
    pub fn stage_at(&self, at: i64) -> Option<(ColumnId, StageKind)> {
        self.stays
            .iter()
            .rev()
            .find(|s| s.from <= at && s.to.is_none_or(|to| at < to))
            .map(|s| (s.column, s.kind))
    }
}

/// A board's log replayed: the board at its end and every task's track.
#[derive(Clone, Debug)]
pub struct History {
    pub board: Board,
    pub tracks: BTreeMap<CardId, Track>,
    kinds: HashMap<ColumnId, StageKind>,
}

impl History {
    pub fn new(id: BoardId, name: &str, team: &str) -> Self {
        Self {
            board: Board::new(id, name, team),
            tracks: BTreeMap::new(),
            kinds: HashMap::new(),
        }
    }

    /// Replays `events` in order; a history can be carried on with later events.
    pub fn replay(&mut self, events: &[Committed]) {
        for event in events {
            self.record(event);
        }
    }

    fn record(&mut self, event: &Committed) {
        // A logged operation applied to the state it was decided on; none is refused here.
        if apply_committed(&mut self.board, &event.op, &event.stamp()).is_err() {
            return;
        }
        let card = match &event.op {
            Op::AddColumn { .. } | Op::MoveColumn { .. } | Op::DeleteColumn { .. } => {
                self.kinds = stage_kinds(&self.board);
                return;
            }
            Op::CreateCard { card, .. }
            | Op::MoveCard { card, .. }
            | Op::ArchiveCard { card }
            | Op::RestoreCard { card, .. } => *card,
            Op::EditCard { card, .. } | Op::SetProject { card, .. } => {
                if let (Some(track), Some(now)) =
                    (self.tracks.get_mut(card), self.board.cards.get(card))
                {
                    track.title.clone_from(&now.title);
                    track.project.clone_from(&now.delivery.project);
                }
                return;
            }
            _ => return,
        };
        let Some(now) = self.board.cards.get(&card) else {
            return;
        };
        let track = self.tracks.entry(card).or_insert_with(|| Track {
            card,
            title: now.title.clone(),
            project: now.delivery.project.clone(),
            stays: Vec::new(),
            started: None,
            finished: None,
        });
        let at = event.at;
        let last = track.stays.last_mut().filter(|s| s.to.is_none());
        if now.archived {
            // A finished task put away stays finished; any other leaves the flow.
            if let Some(stay) = last.filter(|s| s.kind != StageKind::Done) {
                stay.to = Some(at);
            }
            return;
        }
        if last.as_ref().is_some_and(|s| s.column == now.column) {
            return;
        }
        if let Some(stay) = last {
            stay.to = Some(at);
        }
        let kind = self
            .kinds
            .get(&now.column)
            .copied()
            .unwrap_or(StageKind::Doing);
        track.stays.push(Stay {
            column: now.column,
            kind,
            from: at,
            to: None,
        });
        if kind != StageKind::Waiting && track.started.is_none() {
            track.started = Some(at);
        }
        track.finished = (kind == StageKind::Done).then(|| Finish {
            at,
            outcome: now.delivery.deadline.as_ref().map(|d| Outcome::of(d, at)),
            extensions: now
                .delivery
                .deadline
                .as_ref()
                .map_or(0, Deadline::extensions),
        });
    }
}

fn stage_kinds(board: &Board) -> HashMap<ColumnId, StageKind> {
    let columns = board.ordered_columns();
    let last = columns.len().saturating_sub(1);
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let kind = match i {
                i if i == last && last > 0 => StageKind::Done,
                0 => StageKind::Waiting,
                _ => StageKind::Doing,
            };
            (c.id, kind)
        })
        .collect()
}

/// Days to one decimal.
fn days(ms: i64) -> f64 {
    (ms.max(0) as f64 / DAY_MS as f64 * 10.0).round() / 10.0
}

/// The middle and the 85th percentile of a set of durations (days), by nearest rank.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Spread {
    pub count: usize,
    pub median: f64,
    pub p85: f64,
}

impl Spread {
    fn of(mut values: Vec<f64>) -> Spread {
        values.sort_by(f64::total_cmp);
        let rank = |p: f64| {
            let i = ((p * values.len() as f64).ceil() as usize).saturating_sub(1);
            values.get(i).copied().unwrap_or(0.0)
        };
        Spread {
            count: values.len(),
            median: rank(0.5),
            p85: rank(0.85),
        }
    }
}

/// The flow on one day: tasks in each stage at its end, in the order of `Metrics::stages`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlowDay {
    pub day: NaiveDate,
    pub counts: Vec<usize>,
}

/// A task finished in the period: a dot on the cycle-time scatter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = CycleTimeDot))]
pub struct Finished {
    pub board: BoardId,
    pub card: CardId,
    pub title: String,
    pub at: i64,
    /// From the start of work to the last stage.
    pub days: f64,
    pub outcome: Option<Outcome>,
    pub extensions: usize,
}

/// One office week (from Monday): tasks finished, and how they met their deadlines.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Week {
    pub start: NaiveDate,
    pub finished: usize,
    pub on_time: usize,
    pub after_extension: usize,
    pub late: usize,
}

/// `GET /api/boards/{board}/metrics` and `GET /api/projects/{code}/metrics`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Metrics {
    pub period: Period,
    pub stages: Vec<Stage>,
    pub flow: Vec<FlowDay>,
    /// Time spent in each stage but the last, by stays that ended in the period; in stage order.
    pub stage_times: Vec<Spread>,
    pub cycle: Spread,
    pub finished: Vec<Finished>,
    pub weeks: Vec<Week>,
    /// Finished tasks with a deadline by how often it was extended: none, once, twice, three
    /// times or more.
    pub extensions: [usize; 4],
}

/// The metrics of one board over `period`, by its stages as they are now.
pub fn board_metrics(history: &History, period: Period) -> Metrics {
    let columns = history.board.ordered_columns();
    let stages = columns
        .iter()
        .map(|c| Stage {
            name: Some(c.name.clone()),
            kind: history
                .kinds
                .get(&c.id)
                .copied()
                .unwrap_or(StageKind::Doing),
        })
        .collect();
    let index: HashMap<ColumnId, usize> =
        columns.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let tracks = history.tracks.values().map(|t| (history.board.id, t));
    measure(tracks, stages, period, |stay| {
        index.get(&stay.column).copied()
    })
}

/// The metrics of a strategic project's tasks (as they are marked now) across `histories`, by
/// kind of stage.
pub fn project_metrics(histories: &[&History], code: &str, period: Period) -> Metrics {
    let kinds = [StageKind::Waiting, StageKind::Doing, StageKind::Done];
    let stages = kinds
        .iter()
        .map(|&kind| Stage { name: None, kind })
        .collect();
    let tracks = histories.iter().flat_map(|h| {
        h.tracks
            .values()
            .filter(|t| t.project.as_deref() == Some(code))
            .map(|t| (h.board.id, t))
    });
    measure(tracks, stages, period, |stay| {
        kinds.iter().position(|k| *k == stay.kind)
    })
}

fn measure<'a>(
    tracks: impl Iterator<Item = (BoardId, &'a Track)>,
    stages: Vec<Stage>,
    period: Period,
    series: impl Fn(&Stay) -> Option<usize>,
) -> Metrics {
    let day_ends: Vec<(NaiveDate, i64)> = period
        .days()
        .map(|d| (d, day_start_ms(d) + DAY_MS))
        .collect();
    let mut flow: Vec<FlowDay> = day_ends
        .iter()
        .map(|(day, _)| FlowDay {
            day: *day,
            counts: vec![0; stages.len()],
        })
        .collect();
    let mut stays_by_stage = vec![Vec::new(); stages.len()];
    let mut finished = Vec::new();
    let mut extensions = [0; 4];
    let first_monday = period.from - Days::new(period.from.weekday().num_days_from_monday().into());
    let mut weeks: Vec<Week> = first_monday
        .iter_weeks()
        .take_while(|w| *w <= period.to)
        .map(|start| Week {
            start,
            ..Week::default()
        })
        .collect();
    for (board, track) in tracks {
        for stay in &track.stays {
            let Some(i) = series(stay) else { continue };
            // The days whose end the stay covers.
            let first = day_ends.partition_point(|(_, end)| *end <= stay.from);
            let last = stay.to.map_or(day_ends.len(), |to| {
                day_ends.partition_point(|(_, end)| *end <= to)
            });
            for day in &mut flow[first..last.max(first)] {
                day.counts[i] += 1;
            }
            if let Some(to) = stay.to
                && stay.kind != StageKind::Done
                && period.contains(to)
            {
                stays_by_stage[i].push(days(to - stay.from));
            }
        }
        let Some(finish) = track.finished.as_ref().filter(|f| period.contains(f.at)) else {
            continue;
        };
        let started = track
            .started
            .or(track.stays.first().map(|s| s.from))
            .unwrap_or(finish.at);
        finished.push(Finished {
            board,
            card: track.card,
            title: track.title.clone(),
            at: finish.at,
            days: days(finish.at - started),
            outcome: finish.outcome,
            extensions: finish.extensions,
        });
        let day = office_date(finish.at);
        if let Some(week) = weeks.iter_mut().rev().find(|w| w.start <= day) {
            week.finished += 1;
            match finish.outcome {
                Some(Outcome::OnTime) => week.on_time += 1,
                Some(Outcome::AfterExtension) => week.after_extension += 1,
                Some(Outcome::Late) => week.late += 1,
                None => {}
            }
        }
        if finish.outcome.is_some() {
            extensions[finish.extensions.min(3)] += 1;
        }
    }
    finished.sort_by_key(|f| (f.at, f.card));
    let stage_times = stays_by_stage
        .into_iter()
        .zip(&stages)
        .filter(|(_, s)| s.kind != StageKind::Done)
        .map(|(v, _)| Spread::of(v))
        .collect();
    Metrics {
        period,
        stages,
        flow,
        stage_times,
        cycle: Spread::of(finished.iter().map(|f| f.days).collect()),
        finished,
        weeks,
        extensions,
    }
}

#[cfg(test)]
mod tests;
