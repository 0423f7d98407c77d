//! What a commit owes its board's webhooks: which kind of change each event is, and the body
//! each listening webhook is sent.

use crate::storage::webhooks::{Hook, Outgoing};
use qadam_shared::ops::Target;
use qadam_shared::webhooks::{BoardNamed, StageNamed, WebhookEvent, WebhookPayload};
use qadam_shared::{Board, Card, ColumnId, Committed, Op, apply};

/// The deliveries owed for `events`, committed in order onto `before`. The events are replayed
/// on a copy of the board so each body shows its task as that change left it, and a move or an
/// extension is told apart from the task before it.
pub fn outgoing(hooks: &[Hook], before: &Board, events: &[Committed]) -> Vec<Outgoing> {
    let mut out = Vec::new();
    if hooks.is_empty() || events.is_empty() {
        return out;
    }
    let mut board = before.clone();
    for event in events {
        let Target::Card(card_id) = event.op.target() else {
            // Stages and settings: no webhook event tells of them.
            if apply(&mut board, &event.op, &event.stamp()).is_err() {
                break;
            }
            continue;
        };
        let old = board.cards.get(&card_id).cloned();
        if let Err(rejection) = apply(&mut board, &event.op, &event.stamp()) {
            // Cannot happen: these events were just decided on this board.
            tracing::error!(board = %board.id, seq = event.seq, "a committed op does not replay: {rejection}");
            break;
        }
        let Some(card) = board.cards.get(&card_id) else {
            continue;
        };
        let Some(kind) = kind_of(&event.op, old.as_ref(), card) else {
            continue;
        };
        let listening: Vec<&Hook> = hooks.iter().filter(|h| h.events.contains(&kind)).collect();
        if listening.is_empty() {
            continue;
        }
        let stage = |id: ColumnId| {
            board.columns.get(&id).map(|c| StageNamed {
                id,
                name: c.name.clone(),
            })
        };
        let payload = WebhookPayload {
            event: kind,
            board: named(&board),
            seq: event.seq,
            at: event.at,
            author: event.author.clone(),
            author_id: event.author_id.clone(),
            stage: stage(card.column),
            from_stage: (kind == WebhookEvent::CardMoved)
                .then(|| old.as_ref().and_then(|o| stage(o.column)))
                .flatten(),
            card: Some(card.clone()),
            change: Some(event.op.clone()),
        };
        let payload = match serde_json::to_string(&payload) {
            Ok(text) => text,
            Err(e) => {
                tracing::error!("a webhook body does not encode: {e}");
                continue;
            }
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
    out
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
