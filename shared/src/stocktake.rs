//! The stocktake report: for a team's board or a strategic project and a period, what moved and
//! where, what was finished, what is red or overdue and why, which deadlines were extended and
//! why, what is under special control, and the decisions needed from leadership. Read from each
//! board as it stood at the start and at the end of the period, both rebuilt from the log.

use crate::delivery::{DeadlineStatus, Rag};
use crate::ids::{BoardId, CardId, ColumnId};
use crate::metrics::{Outcome, Period};
use crate::model::{Board, Card};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A task as the report names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Named {
    pub board: BoardId,
    pub board_name: String,
    pub card: CardId,
    pub title: String,
}

/// A task that changed stage in the period: from None, it was added; to None, archived.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Moved {
    pub task: Named,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A task finished in the period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finished {
    pub task: Named,
    pub at: i64,
    pub outcome: Option<Outcome>,
}

/// A task as it stands at the end of the period, with why it is listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Standing {
    pub task: Named,
    pub stage: String,
    pub agency: Option<String>,
    pub due: Option<NaiveDate>,
    pub status: Option<DeadlineStatus>,
    pub rag: Option<Rag>,
    /// The judgement's reason.
    pub why: String,
}

/// A deadline moved later in the period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Extended {
    pub task: Named,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: String,
    pub by: String,
    pub at: i64,
}

/// A decision the team asks of leadership.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionNeeded {
    pub task: Named,
    pub question: String,
    pub by: String,
    pub at: i64,
}

/// `GET /api/boards/{board}/stocktake`, `GET /api/projects/{code}/stocktake`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stocktake {
    pub period: Period,
    /// The moment the standing sections describe: the end of the period, or now if sooner.
    pub at: i64,
    pub moved: Vec<Moved>,
    pub finished: Vec<Finished>,
    /// Red, amber-red or overdue.
    pub attention: Vec<Standing>,
    pub extended: Vec<Extended>,
    pub special: Vec<Standing>,
    pub decisions: Vec<DecisionNeeded>,
}

/// One board at the start and at the end of the period.
pub struct Span<'a> {
    pub start: &'a Board,
    pub end: &'a Board,
}

/// The report over `boards`, of the tasks of `project` only when given, at `now`.
pub fn stocktake(boards: &[Span], project: Option<&str>, period: Period, now: i64) -> Stocktake {
    let at = now.min(period.end_ms() - 1);
    let mut report = Stocktake {
        period,
        at,
        moved: Vec::new(),
        finished: Vec::new(),
        attention: Vec::new(),
        extended: Vec::new(),
        special: Vec::new(),
        decisions: Vec::new(),
    };
    for Span { start, end } in boards {
        let stage_name = |column: ColumnId| {
            end.columns
                .get(&column)
                .or_else(|| start.columns.get(&column))
                .map(|c| c.name.clone())
                .unwrap_or_default()
        };
        let ours =
            |card: &Card| project.is_none_or(|p| card.delivery.project.as_deref() == Some(p));
        let named = |card: &Card| Named {
            board: end.id,
            board_name: end.name.clone(),
            card: card.id,
            title: card.title.clone(),
        };
        let open_in = |board: &Board, id: &CardId| {
            board
                .cards
                .get(id)
                .filter(|c| !c.archived)
                .map(|c| c.column)
        };
        // In board order: stage by stage, top to bottom, then what left the board.
        let mut cards: Vec<&Card> = end
            .ordered_columns()
            .iter()
            .flat_map(|c| end.cards_in(c.id))
            .collect();
        cards.extend(end.cards.values().filter(|c| c.archived));
        for card in cards.iter().copied().filter(|c| ours(c)) {
            let (was, is) = (open_in(start, &card.id), open_in(end, &card.id));
            if was != is {
                report.moved.push(Moved {
                    task: named(card),
                    from: was.map(stage_name),
                    to: is.map(stage_name),
                });
            }
            let d = &card.delivery;
            if let Some(done) = d.done_at.filter(|t| period.contains(*t))
                && end.is_last_stage(card.column)
            {
                report.finished.push(Finished {
                    task: named(card),
                    at: done,
                    outcome: d
                        .deadline
                        .as_ref()
                        .map(|deadline| Outcome::of(deadline, done)),
                });
            }
            for change in d.deadline.iter().flat_map(|d| &d.changes) {
                if change.to > change.from && period.contains(change.stamp.at) {
                    report.extended.push(Extended {
                        task: named(card),
                        from: change.from,
                        to: change.to,
                        reason: change.reason.clone(),
                        by: change.stamp.by.clone(),
                        at: change.stamp.at,
                    });
                }
            }
            if card.archived {
                continue;
            }
            let status = end.deadline_status(card, at);
            let rag = d.judgement.as_ref().map(|j| j.rag);
            let standing = || Standing {
                task: named(card),
                stage: stage_name(card.column),
                agency: d.agency.clone(),
                due: d.deadline.as_ref().map(|d| d.current),
                status,
                rag,
                why: d
                    .judgement
                    .as_ref()
                    .map(|j| j.reason.clone())
                    .unwrap_or_default(),
            };
            if rag.is_some_and(Rag::needs_reason) || status == Some(DeadlineStatus::Overdue) {
                report.attention.push(standing());
            }
            if d.special_control {
                report.special.push(standing());
            }
            if let Some(asked) = &d.decision {
                report.decisions.push(DecisionNeeded {
                    task: named(card),
                    question: asked.question.clone(),
                    by: asked.stamp.by.clone(),
                    at: asked.stamp.at,
                });
            }
        }
    }
    report.finished.sort_by_key(|f| f.at);
    report.extended.sort_by_key(|e| e.at);
    report
}

#[cfg(test)]
mod tests;
