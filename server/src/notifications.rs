//! Who a committed change concerns, as notifications in their inbox: a task assigned to them, a
//! comment naming them (`@login`), their task judged red, special control set on or lifted from
//! a task of their team. Worked out after the commit, off the board's task; the author of a
//! change is never told of it.

use crate::clock::now_millis;
use crate::error::Result;
use crate::storage::Store;
use crate::storage::inbox::NewNotification;
use crate::sync::Published;
use chrono::Datelike;
use qadam_shared::DeadlineStatus;
use qadam_shared::delivery::office_date;
use qadam_shared::inbox::{NotificationKind, mentions};
use qadam_shared::ops::Target;
use qadam_shared::{Board, CardId, Op, Rag, UserId};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};

/// A board after a commit, and the commit's events.
pub type Commits = (Arc<Board>, Vec<Arc<Published>>);

/// Commits waiting to be read for notifications; past this the board tasks do not wait, the
/// notifications of a burst are dropped and the drop is logged.
const WAITING_MAX: usize = 1024;

/// Most people one comment tells.
const MENTIONS_MAX: usize = 20;

/// How often the deadlines of assigned tasks are looked at.
const SWEEP_EVERY: Duration = Duration::from_secs(3600);

/// Where notifications are kept, and who hears at once that their inbox changed (the sockets
/// of this instance; on others the inbox is read again within half a minute).
#[derive(Clone)]
pub struct Postbox {
    store: Store,
    news: broadcast::Sender<UserId>,
}

impl Postbox {
    pub fn new(store: Store) -> Self {
        Self {
            store,
            news: broadcast::channel(1024).0,
        }
    }

    /// The people whose inbox just changed.
    pub fn news(&self) -> broadcast::Receiver<UserId> {
        self.news.subscribe()
    }

    /// Keeps the notifications of people who see their boards, and tells those people.
    async fn deliver(&self, list: &[NewNotification]) -> Result<()> {
        let told: BTreeSet<UserId> = self
            .store
            .add_notifications(list)
            .await?
            .into_iter()
            .collect();
        for user in told {
            // Nobody listening is fine: they read their inbox when they come.
            let _ = self.news.send(user);
        }
        Ok(())
    }
}

/// Starts the worker, which board tasks send what they commit, and the hourly deadline sweep.
pub fn spawn(postbox: Postbox) -> mpsc::Sender<Commits> {
    let (tx, mut rx) = mpsc::channel::<Commits>(WAITING_MAX);
    let swept = postbox.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(SWEEP_EVERY);
        loop {
            every.tick().await;
            if let Err(e) = sweep(&swept, now_millis()).await {
                tracing::warn!("deadline notifications not stored: {e}");
            }
        }
    });
    tokio::spawn(async move {
        while let Some((board, events)) = rx.recv().await {
            if let Err(e) = notify(&postbox, &board, &events).await {
                tracing::warn!(board = %board.id, "notifications not stored: {e}");
            }
        }
    });
    tx
}

/// Whether a change of this kind may tell anyone (as `notify` reads them): board tasks send the
/// worker only commits holding one, so a move wakes nothing.
pub fn may_concern(op: &Op) -> bool {
    matches!(
        op,
        Op::SetAssignees { .. }
            | Op::AddComment { .. }
            | Op::JudgeDelivery { rag: Rag::Red, .. }
            | Op::SetSpecialControl { .. }
    )
}

async fn notify(postbox: &Postbox, board: &Board, events: &[Arc<Published>]) -> Result<()> {
    let store = &postbox.store;
    let mut out = Vec::new();
    for event in events {
        let Target::Card(card) = event.op.target() else {
            continue;
        };
        if !may_concern(&event.op) {
            continue;
        }
        let author: Option<UserId> = event.author_id.as_deref().and_then(|a| a.parse().ok());
        let mut told = |user: UserId, kind| {
            if Some(user) != author {
                out.push(NewNotification {
                    user,
                    board: board.id,
                    card,
                    seq: event.seq,
                    kind,
                    title: board
                        .cards
                        .get(&card)
                        .map(|c| c.title.clone())
                        .unwrap_or_default(),
                    author: event.author.clone(),
                    at: event.at,
                });
            }
        };
        match &event.op {
            Op::SetAssignees { assignees, .. } => {
                let before = earlier_assignees(store, board, card, event.seq).await?;
                for a in assignees.iter().filter(|a| !before.contains(a)) {
                    told(*a, NotificationKind::Assigned);
                }
            }
            Op::AddComment { text, .. } => {
                // A comment naming the whole directory tells the first few only.
                for login in mentions(text).into_iter().take(MENTIONS_MAX) {
                    // Someone who does not see the board is not told (`deliver`).
                    if let Some(user) = store.user_by_login(&login).await? {
                        told(user.id, NotificationKind::Mentioned);
                    }
                }
            }
            Op::JudgeDelivery { rag: Rag::Red, .. } => {
                let assignees = board
                    .cards
                    .get(&card)
                    .map(|c| c.delivery.assignees.clone())
                    .unwrap_or_default();
                for a in assignees {
                    told(a, NotificationKind::Red);
                }
            }
            Op::SetSpecialControl { on, .. } => {
                let kind = if *on {
                    NotificationKind::ControlSet
                } else {
                    NotificationKind::ControlLifted
                };
                for member in store.members_of(board.id).await? {
                    told(member.user_id, kind);
                }
            }
            _ => {}
        }
    }
    postbox.deliver(&out).await
}

/// Tells each assignee of an open task that is due soon or overdue, once a day per task and kind
/// (the row's `seq` is the day).
pub async fn sweep(postbox: &Postbox, now: i64) -> Result<()> {
    let store = &postbox.store;
    let day = office_date(now).num_days_from_ce() as u64;
    for id in store.board_ids().await? {
        let Some((board, _)) = store.load_board(id).await? else {
            continue;
        };
        let mut out = Vec::new();
        for card in board.cards.values().filter(|c| !c.archived) {
            let kind = match board.deadline_status(card, now) {
                Some(DeadlineStatus::DueSoon) => NotificationKind::DueSoon,
                Some(DeadlineStatus::Overdue) => NotificationKind::Overdue,
                _ => continue,
            };
            for user in &card.delivery.assignees {
                out.push(NewNotification {
                    user: *user,
                    board: board.id,
                    card: card.id,
                    seq: day,
                    kind,
                    title: card.title.clone(),
                    author: String::new(),
                    at: now,
                });
            }
        }
        postbox.deliver(&out).await?;
    }
    Ok(())
}

/// Who was assigned to `card` before the change numbered `seq`, from its log.
async fn earlier_assignees(
    store: &Store,
    board: &Board,
    card: CardId,
    seq: u64,
) -> Result<Vec<UserId>> {
    let history = store.card_history(board.id, card, 1000).await?;
    Ok(history
        .iter()
        .rev()
        .filter(|e| e.seq < seq)
        .find_map(|e| match &e.op {
            Op::SetAssignees { assignees, .. } => Some(assignees.clone()),
            _ => None,
        })
        .unwrap_or_default())
}
