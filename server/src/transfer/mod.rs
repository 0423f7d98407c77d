//! Boards going out and tasks coming in. Every kind of file an import reads (`board_file`,
//! `trello`, `sheet`) becomes the same thing, an `Incoming` board with the target board's people
//! already matched; `plan` turns that into the ordinary operations a person could have made, so
//! the board's rules judge an import like any change and its log tells how each task arrived.

pub mod board_file;
pub mod export;
pub mod sheet;
pub mod trello;

use qadam_shared::authority::{self, Author, Verdict};
use qadam_shared::delivery::Stamp;
use qadam_shared::limits::{AUTHOR_MAX_CHARS, CARDS_MAX};
use qadam_shared::seeded::in_language;
use qadam_shared::transfer::{
    IMPORT_CHANGES_MAX, IMPORT_TASKS_MAX, ImportProblem, ImportReport, ImportSource, ProblemKind,
};
use qadam_shared::{
    Board, Card, CardId, ClientOpId, ColumnId, LabelId, Member, Op, OrderKey, Rejection,
};
use std::collections::{BTreeSet, HashMap};

/// What a file holds, ready to plan against a board.
pub struct Incoming {
    pub source: ImportSource,
    /// Its stages, labels and cards. People are the target board's: assignees are its members,
    /// and a stamp's `by_id` names one of them or nobody.
    pub board: Board,
    /// Each card's row in the sheet or place in the file, for the report.
    pub rows: HashMap<CardId, usize>,
    /// People the file names whom the board's members do not include.
    pub unmatched: BTreeSet<String>,
    pub problems: Vec<ImportProblem>,
}

impl Incoming {
    pub fn new(source: ImportSource, board: Board) -> Self {
        Self {
            source,
            board,
            rows: HashMap::new(),
            unmatched: BTreeSet::new(),
            problems: Vec::new(),
        }
    }

    pub fn problem(&mut self, row: usize, kind: ProblemKind, detail: impl Into<String>) {
        self.problems.push(ImportProblem::new(row, kind, detail));
    }
}

/// A file that could not be read at all.
pub fn unreadable(source: Option<ImportSource>, detail: impl Into<String>) -> Box<ImportReport> {
    Box::new(ImportReport {
        source,
        problems: vec![ImportProblem::new(0, ProblemKind::Unreadable, detail)],
        ..ImportReport::default()
    })
}

/// A file with more tasks than one import takes.
pub fn too_many_tasks(source: ImportSource) -> Box<ImportReport> {
    Box::new(ImportReport {
        source: Some(source),
        problems: vec![ImportProblem::new(
            0,
            ProblemKind::TooManyTasks,
            format!("> {IMPORT_TASKS_MAX}"),
        )],
        ..ImportReport::default()
    })
}

/// The board's members a file's login or name could stand for (compared without case): the one
/// with that login, else everyone of that name, who may be several.
pub fn members_named<'a>(members: &'a [Member], name: &str) -> Vec<&'a Member> {
    let name = name.trim().to_lowercase();
    if name.is_empty() {
        return Vec::new();
    }
    if let Some(m) = members.iter().find(|m| m.login.to_lowercase() == name) {
        return vec![m];
    }
    members
        .iter()
        .filter(|m| m.display_name.to_lowercase() == name)
        .collect()
}

/// The one member a login or name stands for; none when it names nobody or several.
pub fn member_named<'a>(members: &'a [Member], name: &str) -> Option<&'a Member> {
    match members_named(members, name).as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// Whether two names are the same, whatever their case (Cyrillic too) and their outer spaces.
pub fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Whether `name` names `stage`, as typed or, for a seeded stage, in any language.
pub fn names_stage(stage: &str, name: &str) -> bool {
    let name = name.trim().to_lowercase();
    std::iter::once(stage)
        .chain(
            ["kk", "ru", "en"]
                .iter()
                .filter_map(|l| in_language(stage, l)),
        )
        .any(|s| s.to_lowercase() == name)
}

/// A stamp made by a member (or, unmatched, by a name only).
pub fn stamp_of(member: Option<&Member>, name: &str, at: i64) -> Stamp {
    Stamp {
        by_id: member.map(|m| m.user_id.to_string()),
        by: member.map_or_else(|| name.to_owned(), |m| m.display_name.clone()),
        at,
    }
}

/// The operations that bring an import onto a board, each with its author and the row it came
/// from, and the report of what they make.
pub struct Planned {
    pub ops: Vec<(ClientOpId, Op, Author)>,
    rows: Vec<usize>,
    pub report: ImportReport,
}

/// Plans `incoming` onto `target` by `importer`: stages and labels are matched by name or
/// added (a new stage goes after the stage the file has before it, never after the board's last,
/// where tasks are done); every card is created at the end of its stage, then given its fields,
/// parts and history in the order they happened; WIP limits come last, so archived tasks do not
/// count against them on the way. Who wrote a comment, ticked an item or moved a deadline is
/// kept as a name only, marked with where it came from ("Aigerim (Trello)"): the log and the
/// rights stay the importer's. The times are the import's
/// (the file keeps the originals).
pub fn plan(incoming: Incoming, target: &Board, importer: &Author) -> Planned {
    let mut planned = Planned {
        ops: Vec::new(),
        rows: Vec::new(),
        report: ImportReport {
            source: Some(incoming.source),
            unmatched_people: incoming.unmatched.iter().map(|n| person_name(n)).collect(),
            problems: incoming.problems,
            ..ImportReport::default()
        },
    };
    let source = &incoming.board;
    let room = CARDS_MAX
        .saturating_sub(target.cards.len())
        .min(IMPORT_TASKS_MAX);
    if source.cards.len() > room {
        planned.report.problems.push(ImportProblem::new(
            0,
            ProblemKind::TooManyTasks,
            format!("{} > {room}", source.cards.len()),
        ));
        return planned;
    }

    let (columns, limits) = plan_stages(&mut planned, source, target, importer);

    // Labels, matched by name or added, in the order of their names.
    let mut labels: HashMap<LabelId, LabelId> = HashMap::new();
    let mut named: Vec<_> = source.labels.values().collect();
    named.sort_by(|a, b| a.name.cmp(&b.name));
    for label in named {
        let same = |name: &str| same_name(name, &label.name);
        if let Some((id, _)) = target.labels.iter().find(|(_, l)| same(&l.name)) {
            labels.insert(label.id, *id);
            continue;
        }
        let id = LabelId::random();
        labels.insert(label.id, id);
        planned.report.new_labels.push(label.name.clone());
        let put = Op::PutLabel {
            label: id,
            name: label.name.clone(),
            color: label.color,
        };
        planned.push(0, put, importer);
    }

    // Cards, archived ones first, in board order, each after the last card of its stage.
    let mut ends: HashMap<ColumnId, OrderKey> = HashMap::new();
    for card in target.cards.values() {
        let end = ends
            .entry(card.column)
            .or_insert_with(|| card.position.clone());
        if card.position > *end {
            *end = card.position.clone();
        }
    }
    let titles: std::collections::HashSet<String> = target
        .cards
        .values()
        .map(|c| c.title.trim().to_lowercase())
        .collect();
    let mut cards: Vec<&Card> = source.cards.values().collect();
    cards.sort_by(|a, b| {
        let stage = |c: &Card| source.columns.get(&c.column).map(|s| s.position.clone());
        (!a.archived, stage(a), &a.position).cmp(&(!b.archived, stage(b), &b.position))
    });
    for card in cards {
        let row = incoming.rows.get(&card.id).copied().unwrap_or_default();
        let Some(&column) = columns.get(&card.column) else {
            planned.report.problems.push(ImportProblem::new(
                row,
                ProblemKind::UnknownStage,
                card.title.clone(),
            ));
            continue;
        };
        let position = OrderKey::between(ends.get(&column), None);
        ends.insert(column, position.clone());
        let id = CardId::random();
        let ops = card_ops(
            card,
            id,
            column,
            position,
            &labels,
            importer,
            incoming.source,
        );
        planned.report.tasks += 1;
        planned.report.already_there +=
            usize::from(titles.contains(&card.title.trim().to_lowercase()));
        planned.report.archived += usize::from(card.archived);
        planned.report.checklist_items += card.parts.checklist.len();
        planned.report.comments += card.parts.comments.len();
        if card.delivery.special_control && !importer.standing.admin {
            planned.report.special_control_dropped += 1;
        }
        for (op, author) in ops {
            planned.push(row, op, &author);
        }
    }
    for op in limits {
        planned.push(0, op, importer);
    }
    if planned.ops.len() > IMPORT_CHANGES_MAX {
        planned.report.problems.push(ImportProblem::new(
            0,
            ProblemKind::TooManyChanges,
            format!("{} > {IMPORT_CHANGES_MAX}", planned.ops.len()),
        ));
        planned.ops.clear();
        planned.rows.clear();
    }
    planned
}

/// Matches the file's stages to the board's by name and adds the others: returns where each
/// file stage's cards go, and the new stages' WIP limits to set once the cards are in.
fn plan_stages(
    planned: &mut Planned,
    source: &Board,
    target: &Board,
    importer: &Author,
) -> (HashMap<ColumnId, ColumnId>, Vec<Op>) {
    let mut columns: HashMap<ColumnId, ColumnId> = HashMap::new();
    let mut limits = Vec::new();
    // The board's stage positions, and those added, in order.
    let mut placed: Vec<OrderKey> = target
        .columns
        .values()
        .map(|c| c.position.clone())
        .collect();
    placed.sort();
    let done = placed.last().cloned();
    let mut after: Option<OrderKey> = None;
    let mut stages: Vec<_> = source.columns.values().collect();
    stages.sort_by(|a, b| a.position.cmp(&b.position));
    for stage in stages {
        // A sheet's stages are the board's own.
        let found = target.columns.get(&stage.id).or_else(|| {
            target
                .columns
                .values()
                .find(|c| names_stage(&c.name, &stage.name) || names_stage(&stage.name, &c.name))
        });
        if let Some(found) = found {
            columns.insert(stage.id, found.id);
            after = Some(found.position.clone());
            continue;
        }
        let next = placed
            .iter()
            .find(|p| after.as_ref().is_none_or(|a| *p > a));
        let position = match (next, &done) {
            (Some(next), _) => OrderKey::between(after.as_ref(), Some(next)),
            // Past the board's last stage: just before it instead.
            (None, Some(done)) => {
                let before = placed.iter().rev().find(|p| *p < done);
                OrderKey::between(before, Some(done))
            }
            (None, None) => OrderKey::between(placed.last(), None),
        };
        let at = placed.partition_point(|p| *p < position);
        placed.insert(at, position.clone());
        after = Some(position.clone());
        let id = ColumnId::random();
        columns.insert(stage.id, id);
        planned.report.new_stages.push(stage.name.clone());
        let add = Op::AddColumn {
            column: id,
            name: stage.name.clone(),
            position,
        };
        planned.push(0, add, importer);
        if let Some(gate) = stage.gate {
            let gate = Some(gate);
            planned.push(0, Op::SetStageGate { column: id, gate }, importer);
        }
        if let Some(limit) = stage.wip_limit {
            limits.push(Op::SetWipLimit {
                column: id,
                limit: Some(limit),
            });
        }
    }
    (columns, limits)
}

/// A person's name from a file, fit to stand on a card: one line, no control characters, at
/// most `AUTHOR_MAX_CHARS`.
fn person_name(name: &str) -> String {
    let clean: String = name.chars().filter(|c| !c.is_control()).collect();
    clean.trim().chars().take(AUTHOR_MAX_CHARS).collect()
}

/// The operations that make `card` again as `id` in `column` at `position`: the importer
/// creates it; stamped parts are authored by whoever the stamp names, with the importer's
/// standing on the board.
fn card_ops(
    card: &Card,
    id: CardId,
    column: ColumnId,
    position: OrderKey,
    labels: &HashMap<LabelId, LabelId>,
    importer: &Author,
    source: ImportSource,
) -> Vec<(Op, Author)> {
    // Someone else's part carries their name but no account: it grants them nothing and the
    // importer answers for it. A stamp with no name (a Trello tick says nobody) is the
    // importer's own.
    let by = |stamp: &Stamp| {
        let name = person_name(&stamp.by);
        if name.is_empty() || (stamp.by_id.is_some() && stamp.by_id == importer.id) {
            return importer.clone();
        }
        // Marked as come from elsewhere, so a file cannot pass its words off as a colleague's
        // written here.
        let from = match source {
            ImportSource::Trello => "Trello",
            _ => "Qadam",
        };
        let kept = AUTHOR_MAX_CHARS - from.len() - 3;
        let name: String = name.chars().take(kept).collect();
        Author {
            id: None,
            name: format!("{} ({from})", name.trim_end()),
            standing: importer.standing,
        }
    };
    let mine = |op: Op| (op, importer.clone());
    let d = &card.delivery;
    let mut ops = vec![mine(Op::CreateCard {
        card: id,
        column,
        position,
        title: card.title.clone(),
        description: card.description.clone(),
    })];
    if d.agency.is_some() {
        let agency = d.agency.clone();
        ops.push(mine(Op::SetAgency { card: id, agency }));
    }
    if d.project.is_some() {
        let project = d.project.clone();
        ops.push(mine(Op::SetProject { card: id, project }));
    }
    if d.source.is_some() {
        let source = d.source.clone();
        ops.push(mine(Op::SetSource { card: id, source }));
    }
    if !d.assignees.is_empty() {
        let assignees = d.assignees.clone();
        ops.push(mine(Op::SetAssignees {
            card: id,
            assignees,
        }));
    }
    if let Some(deadline) = &d.deadline {
        let due = deadline.original;
        let reason = String::new();
        ops.push(mine(Op::SetDeadline {
            card: id,
            due,
            reason,
        }));
        for change in &deadline.changes {
            let (due, reason) = (change.to, change.reason.clone());
            ops.push((
                Op::SetDeadline {
                    card: id,
                    due,
                    reason,
                },
                by(&change.stamp),
            ));
        }
    }
    if d.special_control && importer.standing.admin {
        ops.push(mine(Op::SetSpecialControl { card: id, on: true }));
    }
    if let Some(j) = &d.judgement {
        let (rag, reason) = (j.rag, j.reason.clone());
        ops.push((
            Op::JudgeDelivery {
                card: id,
                rag,
                reason,
            },
            by(&j.stamp),
        ));
    }
    if let Some(decision) = &d.decision {
        let question = Some(decision.question.clone());
        ops.push((Op::AskDecision { card: id, question }, by(&decision.stamp)));
    }
    let parts = &card.parts;
    let mapped: Vec<LabelId> = parts
        .labels
        .iter()
        .filter_map(|l| labels.get(l))
        .copied()
        .collect();
    if !mapped.is_empty() {
        ops.push(mine(Op::SetCardLabels {
            card: id,
            labels: mapped,
        }));
    }
    for item in &parts.checklist {
        ops.push(mine(Op::AddChecklistItem {
            card: id,
            item: item.id,
            text: item.text.clone(),
            due: item.due,
        }));
        if let Some(done) = &item.done {
            let tick = Op::TickChecklistItem {
                card: id,
                item: item.id,
                done: true,
            };
            ops.push((tick, by(done)));
        }
    }
    for comment in &parts.comments {
        let add = Op::AddComment {
            card: id,
            comment: comment.id,
            text: comment.text.clone(),
        };
        ops.push((add, by(&comment.stamp)));
    }
    for link in &parts.links {
        ops.push(mine(Op::AddLink {
            card: id,
            link: link.id,
            title: link.title.clone(),
            url: link.url.clone(),
        }));
    }
    if card.archived {
        ops.push(mine(Op::ArchiveCard { card: id }));
    }
    ops
}

impl Planned {
    /// One more operation, by `author`, for the task on `row` (0: the stages and labels).
    fn push(&mut self, row: usize, op: Op, author: &Author) {
        self.ops.push((ClientOpId::random(), op, author.clone()));
        self.rows.push(row);
    }

    /// Judges the operations on a copy of `board` (at `seq`) as the board's task would, and
    /// reports every task the rules refuse: the preview.
    pub fn check(&mut self, board: &Board, seq: u64, now: i64) {
        let mut copy = board.clone();
        let batch = authority::Submission::all(&self.ops);
        let refused: Vec<(usize, Rejection)> =
            authority::decide(&mut copy, seq, |_| None, batch, now)
                .into_iter()
                .enumerate()
                .filter_map(|(i, verdict)| match verdict {
                    Verdict::Rejected(rejection) => Some((i, rejection)),
                    _ => None,
                })
                .collect();
        self.refused(refused);
    }

    /// Reports the operations the rules refused (by their place in `ops`), once per row: a
    /// task refused on creation also fails every operation after it.
    pub fn refused(&mut self, refused: Vec<(usize, Rejection)>) {
        let mut seen = BTreeSet::new();
        for (i, rejection) in refused {
            let row = self.rows.get(i).copied().unwrap_or_default();
            if seen.insert(row) {
                self.report.problems.push(ImportProblem {
                    refused: Some(rejection.code),
                    ..ImportProblem::new(row, ProblemKind::Refused, rejection.message)
                });
            }
        }
        self.report.problems.sort_by_key(|p| p.row);
    }
}
