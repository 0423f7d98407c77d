//! A Trello board's JSON export (Menu → Print, export and share → Export as JSON): lists become
//! stages, cards keep their titles, descriptions, labels, checklists, comments, attachments'
//! links, due dates (as deadlines) and archived state; members are matched by username or
//! name, or left out (their comments keep their name).

use super::{Incoming, member_named, same_name, stamp_of};
use chrono::{DateTime, NaiveDate};
use qadam_shared::card_parts::{ChecklistItem, Comment, Label, LabelColor, Link};
use qadam_shared::delivery::{Deadline, office_date};
use qadam_shared::limits::{COLUMNS_MAX, is_usable_date};
use qadam_shared::transfer::{IMPORT_TASKS_MAX, ImportSource, ProblemKind};
use qadam_shared::{Board, BoardId, Card, CardId, Column, ColumnId, ItemId, LabelId, Member};
use qadam_shared::{OrderKey, UserId};
use serde::Deserialize;
use std::collections::HashMap;

/// The parts of Trello's export Qadam takes; the rest is ignored.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrelloBoard {
    #[serde(default)]
    name: String,
    lists: Vec<List>,
    cards: Vec<TrelloCard>,
    #[serde(default)]
    labels: Vec<TrelloLabel>,
    #[serde(default)]
    checklists: Vec<Checklist>,
    #[serde(default)]
    actions: Vec<Action>,
    #[serde(default)]
    members: Vec<TrelloMember>,
}

#[derive(Deserialize)]
struct List {
    id: String,
    name: String,
    #[serde(default)]
    closed: bool,
    #[serde(default)]
    pos: f64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TrelloCard {
    id: String,
    name: String,
    #[serde(default)]
    desc: String,
    id_list: String,
    #[serde(default)]
    closed: bool,
    #[serde(default)]
    due: Option<String>,
    #[serde(default)]
    id_labels: Vec<String>,
    #[serde(default)]
    id_members: Vec<String>,
    #[serde(default)]
    pos: f64,
    #[serde(default)]
    attachments: Vec<Attachment>,
}

#[derive(Deserialize)]
struct Attachment {
    #[serde(default)]
    name: String,
    #[serde(default)]
    url: String,
}

#[derive(Deserialize)]
struct TrelloLabel {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    color: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Checklist {
    id_card: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    pos: f64,
    #[serde(default)]
    check_items: Vec<CheckItem>,
}

#[derive(Deserialize)]
struct CheckItem {
    name: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    pos: f64,
    #[serde(default)]
    due: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Action {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    data: ActionData,
    #[serde(default)]
    member_creator: Option<TrelloMember>,
}

#[derive(Default, Deserialize)]
struct ActionData {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    card: Option<CardRef>,
}

#[derive(Deserialize)]
struct CardRef {
    id: String,
}

#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TrelloMember {
    id: String,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    username: String,
}

impl TrelloMember {
    /// The name a person goes by: their full name, else their username.
    fn name(&self) -> String {
        match self.full_name.trim() {
            "" => self.username.clone(),
            name => name.to_owned(),
        }
    }
}

/// Trello's colours (and their light and dark shades) as the nearest of Qadam's.
fn color(trello: Option<&str>) -> LabelColor {
    let base = trello.unwrap_or_default();
    let base = base.split('_').next().unwrap_or_default();
    match base {
        "green" | "lime" => LabelColor::Green,
        "yellow" => LabelColor::Yellow,
        "orange" => LabelColor::Orange,
        "red" | "pink" => LabelColor::Red,
        "purple" => LabelColor::Purple,
        "blue" => LabelColor::Blue,
        "sky" => LabelColor::Teal,
        _ => LabelColor::Grey,
    }
}

/// A Trello time (`2024-05-01T09:00:00.000Z`) in milliseconds.
fn moment(text: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.timestamp_millis())
}

/// A Trello due time as the office's day, unless it is one no task keeps.
fn day(text: &str) -> Option<NaiveDate> {
    moment(text).map(office_date).filter(|d| is_usable_date(*d))
}

/// The export as a board, with its people matched to `members`. `now` stamps what Trello does
/// not date.
pub fn read(trello: TrelloBoard, members: &[Member], now: i64) -> Incoming {
    let mut board = Board::new(BoardId::random(), &trello.name, "");
    let mut incoming = Incoming::new(ImportSource::Trello, Board::clone(&board));
    if trello.cards.len() > IMPORT_TASKS_MAX {
        let detail = format!("{} > {IMPORT_TASKS_MAX}", trello.cards.len());
        incoming.problem(0, ProblemKind::TooManyTasks, detail);
        return incoming;
    }
    if trello.lists.iter().filter(|l| !l.closed).count() > COLUMNS_MAX {
        let detail = format!("{} > {COLUMNS_MAX}", trello.lists.len());
        incoming.problem(0, ProblemKind::TooManyStages, detail);
        return incoming;
    }

    let mut lists: Vec<&List> = trello.lists.iter().collect();
    lists.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    let open: Vec<&&List> = lists.iter().filter(|l| !l.closed).collect();
    let mut stages: HashMap<&str, ColumnId> = HashMap::new();
    let positions = OrderKey::sequence(None, open.len());
    for (list, position) in open.iter().zip(positions) {
        let id = ColumnId::random();
        stages.insert(list.id.as_str(), id);
        let name = list.name.trim().to_owned();
        let column = Column {
            id,
            name,
            position,
            wip_limit: None,
            gate: None,
        };
        board.columns.insert(id, column);
    }
    // The cards of an archived list arrive archived, in the first stage.
    let first_stage = open.first().map(|l| stages[l.id.as_str()]);

    let mut labels: HashMap<&str, LabelId> = HashMap::new();
    for label in &trello.labels {
        let id = LabelId::random();
        let name = match label.name.trim() {
            "" => label.color.clone().unwrap_or_else(|| "label".into()),
            named => named.to_owned(),
        };
        // Trello allows two labels of one name; Qadam's are told apart by name.
        if let Some(same) = board.labels.values().find(|l| same_name(&l.name, &name)) {
            labels.insert(label.id.as_str(), same.id);
            continue;
        }
        labels.insert(label.id.as_str(), id);
        let color = color(label.color.as_deref());
        board.labels.insert(id, Label { id, name, color });
    }

    let people: HashMap<&str, &TrelloMember> =
        trello.members.iter().map(|m| (m.id.as_str(), m)).collect();
    let matched = |m: &TrelloMember| {
        member_named(members, &m.username).or_else(|| member_named(members, &m.full_name))
    };
    let mut comments: HashMap<&str, Vec<&Action>> = HashMap::new();
    for action in &trello.actions {
        if action.kind == "commentCard"
            && let Some(card) = &action.data.card
        {
            comments.entry(card.id.as_str()).or_default().push(action);
        }
    }
    let mut checklists: HashMap<&str, Vec<&Checklist>> = HashMap::new();
    for checklist in &trello.checklists {
        checklists
            .entry(checklist.id_card.as_str())
            .or_default()
            .push(checklist);
    }

    let mut cards: Vec<&TrelloCard> = trello.cards.iter().collect();
    let list_place: HashMap<&str, usize> = lists
        .iter()
        .enumerate()
        .map(|(i, l)| (l.id.as_str(), i))
        .collect();
    cards.sort_by(|a, b| {
        let place = |c: &TrelloCard| list_place.get(c.id_list.as_str()).copied();
        place(a).cmp(&place(b)).then(a.pos.total_cmp(&b.pos))
    });
    let mut ends: HashMap<ColumnId, OrderKey> = HashMap::new();
    for (place, trello_card) in cards.into_iter().enumerate() {
        let row = place + 1;
        let (column, archived) = match stages.get(trello_card.id_list.as_str()) {
            Some(&column) => (column, trello_card.closed),
            None => match first_stage {
                Some(column) => (column, true),
                None => {
                    let detail = trello_card.name.clone();
                    incoming.problem(row, ProblemKind::UnknownStage, detail);
                    continue;
                }
            },
        };
        let position = OrderKey::between(ends.get(&column), None);
        ends.insert(column, position.clone());
        let id = CardId::random();
        let mut card = Card {
            id,
            column,
            position,
            title: trello_card.name.trim().to_owned(),
            description: trello_card.desc.clone(),
            archived,
            delivery: Default::default(),
            parts: Default::default(),
        };
        if card.title.is_empty() {
            incoming.problem(row, ProblemKind::MissingTitle, "");
        }
        if let Some(due) = trello_card.due.as_deref() {
            match day(due) {
                Some(due) => {
                    card.delivery.deadline = Some(Deadline {
                        original: due,
                        current: due,
                        changes: Vec::new(),
                    })
                }
                None => incoming.problem(row, ProblemKind::BadDate, due),
            }
        }
        let mut assignees: Vec<UserId> = Vec::new();
        for member in trello_card
            .id_members
            .iter()
            .filter_map(|m| people.get(m.as_str()))
        {
            match matched(member) {
                Some(m) => assignees.push(m.user_id),
                None => {
                    incoming.unmatched.insert(member.name());
                }
            }
        }
        card.delivery.assignees = assignees;
        card.parts.labels = trello_card
            .id_labels
            .iter()
            .filter_map(|l| labels.get(l.as_str()).copied())
            .collect();
        let mut lists = checklists
            .remove(trello_card.id.as_str())
            .unwrap_or_default();
        lists.sort_by(|a, b| a.pos.total_cmp(&b.pos));
        let several = lists.len() > 1;
        for list in lists {
            let mut items: Vec<&CheckItem> = list.check_items.iter().collect();
            items.sort_by(|a, b| a.pos.total_cmp(&b.pos));
            for item in items {
                let text = if several {
                    format!("{}: {}", list.name.trim(), item.name.trim())
                } else {
                    item.name.trim().to_owned()
                };
                card.parts.checklist.push(ChecklistItem {
                    id: ItemId::random(),
                    text,
                    due: item.due.as_deref().and_then(day),
                    done: (item.state == "complete").then(|| stamp_of(None, "", now)),
                });
            }
        }
        // Trello lists the newest comment first.
        let mut said = comments.remove(trello_card.id.as_str()).unwrap_or_default();
        said.sort_by_key(|a| moment(&a.date).unwrap_or_default());
        for action in said {
            let author = action.member_creator.clone();
            let member = author.as_ref().and_then(&matched);
            let name = author.as_ref().map(TrelloMember::name).unwrap_or_default();
            if member.is_none() && !name.is_empty() {
                incoming.unmatched.insert(name.clone());
            }
            let at = moment(&action.date).unwrap_or(now);
            card.parts.comments.push(Comment {
                id: ItemId::random(),
                text: action.data.text.clone().unwrap_or_default(),
                stamp: stamp_of(member, &name, at),
                edited_at: None,
            });
        }
        for attachment in &trello_card.attachments {
            if attachment.url.starts_with("https://") || attachment.url.starts_with("http://") {
                let title = match attachment.name.trim() {
                    "" => attachment.url.clone(),
                    name => name.to_owned(),
                };
                card.parts.links.push(Link {
                    id: ItemId::random(),
                    title,
                    url: attachment.url.clone(),
                });
            }
        }
        incoming.rows.insert(id, row);
        board.cards.insert(id, card);
    }
    incoming.board = board;
    incoming
}
