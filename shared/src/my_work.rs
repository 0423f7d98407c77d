//! A person's own work: the tasks assigned to them across their boards, grouped by where each
//! stands against its deadline, with what changed since they last looked.

use crate::delivery::{DeadlineStatus, Rag};
use crate::ids::{BoardId, CardId, UserId};
use crate::model::Board;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One assigned task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyTask {
    pub board: BoardId,
    pub board_name: String,
    pub card: CardId,
    pub title: String,
    pub stage: String,
    pub status: Option<DeadlineStatus>,
    pub due: Option<NaiveDate>,
    pub rag: Option<Rag>,
    pub special: bool,
    /// When the task last changed (its latest log entry), in milliseconds.
    pub changed_at: i64,
}

/// The order the groups come in: what needs doing first.
pub const GROUPS: [Option<DeadlineStatus>; 6] = [
    Some(DeadlineStatus::Overdue),
    Some(DeadlineStatus::DueSoon),
    Some(DeadlineStatus::OnTrack),
    None,
    Some(DeadlineStatus::DoneLate),
    Some(DeadlineStatus::DoneOnTime),
];

/// The open tasks of `board` assigned to `person`, at `now`; `changed_at` is filled in by the
/// caller from the log.
pub fn assigned(board: &Board, person: UserId, now: i64) -> Vec<MyTask> {
    board
        .cards
        .values()
        .filter(|c| !c.archived && c.delivery.assignees.contains(&person))
        .map(|c| MyTask {
            board: board.id,
            board_name: board.name.clone(),
            card: c.id,
            title: c.title.clone(),
            stage: board
                .columns
                .get(&c.column)
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            status: board.deadline_status(c, now),
            due: c.delivery.deadline.as_ref().map(|d| d.current),
            rag: c.delivery.judgement.as_ref().map(|j| j.rag),
            special: c.delivery.special_control,
            changed_at: 0,
        })
        .collect()
}

/// Sorts tasks into `GROUPS` order, earliest deadline first within a group.
pub fn in_order(tasks: &mut [MyTask]) {
    let group = |t: &MyTask| {
        GROUPS
            .iter()
            .position(|g| *g == t.status)
            .unwrap_or(GROUPS.len())
    };
    tasks.sort_by(|a, b| {
        (group(a), a.due.is_none(), a.due, &a.title).cmp(&(
            group(b),
            b.due.is_none(),
            b.due,
            &b.title,
        ))
    });
}
