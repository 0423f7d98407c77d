//! A board going out: whole as a board file (JSON) that another Qadam imports, or its open tasks
//! as a sheet (CSV, Excel) in the reader's language, in the columns an import reads back.

use super::sheet::{Field, LIST_SEPARATOR};
use crate::reports::{Cell, Table, Words};
use qadam_shared::delivery::office_date;
use qadam_shared::transfer::{BOARD_FILE_VERSION, BoardFile, FilePerson};
use qadam_shared::{Board, Card, Member};

/// The whole board, with its members so another Qadam can match them.
pub fn board_file(board: &Board, members: &[Member], now: i64) -> BoardFile {
    BoardFile {
        qadam_board: BOARD_FILE_VERSION,
        exported_at: now,
        board: board.clone(),
        people: members
            .iter()
            .map(|m| FilePerson {
                id: m.user_id.to_string(),
                login: m.login.clone(),
                name: m.display_name.clone(),
            })
            .collect(),
    }
}

/// The sheet's title: the board and the day.
pub fn title(words: &Words, board: &Board, now: i64) -> String {
    let day = Cell::Day(office_date(now)).written();
    words.with(
        "tasks-of-board",
        &[("board", words.name(&board.name)), ("day", day)],
    )
}

/// The board's open tasks, stage by stage, one row each; with `board` None, only the headings
/// (the import template).
pub fn tasks_table(board: Option<&Board>, members: &[Member], words: &Words) -> Table {
    let mut cards: Vec<&Card> = board
        .iter()
        .flat_map(|b| b.cards.values())
        .filter(|c| !c.archived)
        .collect();
    let stage_of = |c: &Card| board.and_then(|b| b.columns.get(&c.column));
    cards.sort_by(|a, b| {
        let stage = |c: &Card| stage_of(c).map(|s| s.position.clone());
        (stage(a), &a.position).cmp(&(stage(b), &b.position))
    });
    // A name two members share is written as the login, which an import reads back to the one.
    let name_of = |id| {
        let member = members.iter().find(|m| m.user_id == id)?;
        let shared = members
            .iter()
            .filter(|m| m.display_name == member.display_name)
            .count()
            > 1;
        Some(if shared {
            member.login.clone()
        } else {
            member.display_name.clone()
        })
    };
    let rows = cards
        .into_iter()
        .map(|card| {
            let d = &card.delivery;
            Field::ALL
                .iter()
                .map(|field| match field {
                    Field::Stage => text(stage_of(card).map(|s| words.name(&s.name))),
                    Field::Title => text(Some(card.title.clone())),
                    Field::Description => text(Some(card.description.clone())),
                    Field::Agency => text(d.agency.as_deref().map(|a| words.agency(a))),
                    Field::Project => text(d.project.as_deref().map(|p| words.project(p))),
                    Field::Assignees => text(Some(
                        d.assignees
                            .iter()
                            .filter_map(|a| name_of(*a))
                            .collect::<Vec<_>>()
                            .join(LIST_SEPARATOR),
                    )),
                    Field::Deadline => d
                        .deadline
                        .as_ref()
                        .map_or(Cell::Empty, |dl| Cell::Day(dl.current)),
                    Field::Rag => text(d.judgement.as_ref().map(|j| words.rag(j.rag))),
                    Field::Why => text(d.judgement.as_ref().map(|j| j.reason.clone())),
                    Field::Labels => text(Some(
                        card.parts
                            .labels
                            .iter()
                            .filter_map(|l| board.and_then(|b| b.labels.get(l)))
                            .map(|l| l.name.clone())
                            .collect::<Vec<_>>()
                            .join(LIST_SEPARATOR),
                    )),
                })
                .collect()
        })
        .collect();
    Table {
        name: board.map_or_else(|| words.get("tasks"), |b| words.name(&b.name)),
        headings: Field::ALL.iter().map(|f| words.get(f.heading())).collect(),
        rows,
    }
}

fn text(s: Option<String>) -> Cell {
    match s {
        Some(s) if !s.is_empty() => Cell::Text(s),
        _ => Cell::Empty,
    }
}
