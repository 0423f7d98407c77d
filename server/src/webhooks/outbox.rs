//! What a commit owes its board's webhooks: which kind of change each event is, and the body
//! each listening webhook is sent.

use crate::storage::webhooks::{Hook, Outgoing};
use qadam_shared::ops::Target;
use qadam_shared::webhooks::{BoardNamed, StageNamed, WebhookEvent, WebhookPayload};
use qadam_shared::{Board, Card, ColumnId, Committed, Op, apply_committed};

/// The deliveries owed for `events`, committed in order onto `before` and leaving `after`.
/// Each body shows its task as that change left it: when every event touches a different task,
/// that is the task in `after`; when one task changes twice in the batch, the events are
/// replayed on a copy of `before` (a whole board's copy, paid only then).
pub fn outgoing(
    hooks: &[Hook],
    before: &Board,
    after: &Board,
    events: &[Committed],
) -> Vec<Outgoing> {
    if hooks.is_empty() || events.is_empty() {
        return Vec::new();
    }
    let mut cards = std::collections::HashSet::new();
    let distinct = events.iter().all(|e| match e.op.target() {
        Target::Card(card) => cards.insert(card),
        _ => true,
    });
    let mut out = Vec::new();
    if distinct {
        for event in events {
            if let Target::Card(card) = event.op.target() {
                let old = before.cards.get(&card);
                if let Some(new) = after.cards.get(&card) {
                    owe(&mut out, hooks, after, event, old, new);
                }
            }
        }
        return out;
    }
    let mut board = before.clone();
    for event in events {
        let target = event.op.target();
        let old = match target {
            Target::Card(card) => board.cards.get(&card).cloned(),
            _ => None,
        };
        if let Err(rejection) = apply_committed(&mut board, &event.op, &event.stamp()) {
            // Cannot happen: these events were just decided on this board.
            tracing::error!(board = %board.id, seq = event.seq, "a committed op does not replay: {rejection}");
            break;
        }
        if let Target::Card(card) = target
            && let Some(new) = board.cards.get(&card)
        {
            owe(&mut out, hooks, &board, event, old.as_ref(), new);
        }
    }
    out
}

/// Adds the deliveries one change of a task owes: one per webhook that chose its kind.
fn owe(
    out: &mut Vec<Outgoing>,
    hooks: &[Hook],
    board: &Board,
    event: &Committed,
    old: Option<&Card>,
    card: &Card,
) {
    let Some(kind) = kind_of(&event.op, old, card) else {
        return;
    };
    let listening: Vec<&Hook> = hooks.iter().filter(|h| h.events.contains(&kind)).collect();
    if listening.is_empty() {
        return;
    }
    let stage = |id: ColumnId| {
        board.columns.get(&id).map(|c| StageNamed {
            id,
            name: c.name.clone(),
        })
    };
    let payload = WebhookPayload {
        event: kind,
        board: named(board),
        seq: event.seq,
        at: event.at,
        author: event.author.clone(),
        author_id: event.author_id.clone(),
        stage: stage(card.column),
        from_stage: (kind == WebhookEvent::CardMoved)
            .then(|| old.and_then(|o| stage(o.column)))
            .flatten(),
        card: Some(card.clone()),
        change: Some(event.op.clone()),
    };
    let payload = match serde_json::to_string(&payload) {
        Ok(text) => text,
        Err(e) => return tracing::error!("a webhook body does not encode: {e}"),
    };
    for hook in listening {
        out.push(Outgoing {
            webhook_id: hook.id.clone(),
            seq: event.seq,
            event: kind,
            payload: payload.clone(),
        });
    }
}

/// The board by id and name, as a body names it.
pub fn named(board: &Board) -> BoardNamed {
    BoardNamed {
        id: board.id,
        name: board.name.clone(),
    }
}

/// Which webhook event a change to a task is, from the task before (none when new) and after.
fn kind_of(op: &Op, old: Option<&Card>, card: &Card) -> Option<WebhookEvent> {
    Some(match op {
        Op::CreateCard { .. } => WebhookEvent::CardCreated,
        // A task reordered within its stage did not move anywhere anyone reports on.
        Op::MoveCard { .. } if old.is_some_and(|o| o.column == card.column) => return None,
        Op::MoveCard { .. } => WebhookEvent::CardMoved,
        Op::ArchiveCard { .. } | Op::RestoreCard { .. } => WebhookEvent::CardArchived,
        Op::AddComment { .. } => WebhookEvent::CommentAdded,
        Op::EditComment { .. } | Op::DeleteComment { .. } => return None,
        Op::JudgeDelivery { .. } => WebhookEvent::RagChanged,
        Op::SetDeadline { .. } => {
            let was = old.and_then(|o| o.delivery.deadline.as_ref());
            let now = card.delivery.deadline.as_ref();
            match (was, now) {
                (Some(was), Some(now)) if now.current > was.current => {
                    WebhookEvent::DeadlineExtended
                }
                _ => WebhookEvent::FieldChanged,
            }
        }
        _ => WebhookEvent::FieldChanged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use qadam_shared::apply;
    use qadam_shared::authority::{self, Author, Submission, Verdict};
    use qadam_shared::{BoardId, CardId, ClientOpId, Column, OrderKey};

    /// A board of three stages holding two tasks in the first.
    fn board() -> (Board, [ColumnId; 3], [CardId; 2]) {
        let mut board = Board::new(BoardId::random(), "Energy", "team");
        let stages = [ColumnId::random(), ColumnId::random(), ColumnId::random()];
        let positions = OrderKey::sequence(None, 3);
        for ((id, name), position) in stages
            .iter()
            .zip(["Intake", "Doing", "Done"])
            .zip(positions)
        {
            let column = Column {
                id: *id,
                name: name.into(),
                position,
                wip_limit: None,
                gate: None,
            };
            board.columns.insert(*id, column);
        }
        let cards = [CardId::random(), CardId::random()];
        for card in cards {
            let op = Op::CreateCard {
                card,
                column: stages[0],
                position: board.card_key_at(stages[0], card, 0),
                title: "Task".into(),
                description: String::new(),
            };
            apply(&mut board, &op, &Default::default()).unwrap();
        }
        (board, stages, cards)
    }

    /// Decides `ops` as one batch: the board after it and its events.
    fn commit(before: &Board, ops: &[Op]) -> (Board, Vec<Committed>) {
        let author = Author::system("Aigerim");
        let batch: Vec<(ClientOpId, Op, Author)> = ops
            .iter()
            .map(|op| (ClientOpId::random(), op.clone(), author.clone()))
            .collect();
        let mut after = before.clone();
        let verdicts = authority::decide(&mut after, 0, |_| None, Submission::all(&batch), 1);
        let events = verdicts
            .into_iter()
            .map(|v| match v {
                Verdict::Commit(event) => event,
                other => panic!("refused: {other:?}"),
            })
            .collect();
        (after, events)
    }

    fn to(board: &Board, card: CardId, column: ColumnId) -> Op {
        Op::MoveCard {
            card,
            column,
            position: board.card_key_at(column, card, 0),
        }
    }

    fn moves(out: &[Outgoing]) -> Vec<(String, String)> {
        out.iter()
            .map(|o| {
                let body: WebhookPayload = serde_json::from_str(&o.payload).unwrap();
                (body.from_stage.unwrap().name, body.stage.unwrap().name)
            })
            .collect()
    }

    #[test]
    fn each_move_names_the_stage_it_left_whether_or_not_a_task_moved_twice_in_the_batch() {
        let (before, [_, doing, done], [a, b]) = board();
        let hooks = [Hook {
            id: "h".into(),
            events: vec![WebhookEvent::CardMoved],
        }];
        let (after, events) = commit(&before, &[to(&before, a, doing), to(&before, b, done)]);
        let out = outgoing(&hooks, &before, &after, &events);
        let expected = [("Intake", "Doing"), ("Intake", "Done")].map(|(f, t)| (f.into(), t.into()));
        assert_eq!(moves(&out), expected);

        let (after, events) = commit(&before, &[to(&before, a, doing), to(&before, a, done)]);
        let out = outgoing(&hooks, &before, &after, &events);
        let expected = [("Intake", "Doing"), ("Doing", "Done")].map(|(f, t)| (f.into(), t.into()));
        assert_eq!(moves(&out), expected);
        assert!(out.iter().all(|o| o.webhook_id == "h"));
    }

    #[test]
    fn a_reorder_a_later_deadline_and_an_unchosen_change_are_told_as_they_are() {
        let (before, [intake, ..], [a, _]) = board();
        let hooks = [Hook {
            id: "h".into(),
            events: vec![WebhookEvent::CardMoved, WebhookEvent::DeadlineExtended],
        }];
        let due = |d: u32| chrono::NaiveDate::from_ymd_opt(2027, 3, d).unwrap();
        let set = Op::SetDeadline {
            card: a,
            due: due(1),
            reason: String::new(),
        };
        let (dated, _) = commit(&before, &[set]);
        let later = Op::SetDeadline {
            card: a,
            due: due(20),
            reason: "the ministry's data came late".into(),
        };
        let reorder = Op::MoveCard {
            card: a,
            column: intake,
            position: dated.card_key_at(intake, a, 1),
        };
        let (after, events) = commit(&dated, &[reorder, later]);
        let out = outgoing(&hooks, &dated, &after, &events);
        let kinds: Vec<WebhookEvent> = out.iter().map(|o| o.event).collect();
        assert_eq!(kinds, [WebhookEvent::DeadlineExtended]);
        assert!(outgoing(&[], &dated, &after, &events).is_empty());
    }
}
