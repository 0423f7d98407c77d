//! The task that owns one board on this server instance. Operations arrive on a queue; the task
//! takes every operation waiting, applies each with the shared rules, commits the batch in one
//! transaction (group commit: one disk flush for many moves), then broadcasts the events and
//! answers the senders. An operation is acknowledged only after its commit.
//!
//! With several instances on one database, another instance may commit to the board first: the
//! commit then fails with a conflict, and the task reloads the board and decides the batch again.
//! Commits made elsewhere are announced; the task reads them from the log and broadcasts them.

use crate::error::{Error, Result};
use crate::storage::Store;
use qadam_shared::{Board, ClientOpId, Committed, Op, Rejection, apply};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::sync::{broadcast, mpsc, oneshot};

/// Most operations committed in one transaction.
const BATCH_MAX: usize = 512;
/// Events buffered per subscriber before it must catch up from the log.
const BROADCAST_CAPACITY: usize = 1024;
/// How often a batch is decided again after losing the race to another instance.
const CONFLICT_RETRIES: usize = 8;

/// What became of a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Committed now as this event.
    Committed(Arc<Committed>),
    /// Committed earlier (a resend) as `seq`.
    Duplicate(u64),
    /// Refused by the rules; nothing changed.
    Rejected(Rejection),
}

/// A consistent starting point: the board at `seq` and every event after it.
pub struct Subscription {
    pub board: Board,
    pub seq: u64,
    pub events: broadcast::Receiver<Arc<Committed>>,
}

struct Submission {
    id: ClientOpId,
    op: Op,
    author: String,
    reply: oneshot::Sender<Result<Outcome>>,
}

enum Command {
    Submit(Submission),
    Subscribe {
        reply: oneshot::Sender<Subscription>,
    },
    /// Another instance committed up to this sequence number.
    CatchUp(u64),
}

/// A cheap handle on a board's task.
#[derive(Clone)]
pub struct BoardHandle {
    commands: mpsc::Sender<Command>,
}

impl BoardHandle {
    pub(super) fn spawn(store: Store, board: Board, seq: u64) -> Self {
        let (commands, inbox) = mpsc::channel(4096);
        let (events, _) = broadcast::channel(BROADCAST_CAPACITY);
        let task = BoardTask {
            store,
            board,
            seq,
            events,
            recent: HashMap::new(),
        };
        tokio::spawn(task.run(inbox));
        Self { commands }
    }

    pub(super) fn is_closed(&self) -> bool {
        self.commands.is_closed()
    }

    /// Applies and commits an operation; returns once it is durable (or refused).
    pub async fn submit(&self, id: ClientOpId, op: Op, author: String) -> Result<Outcome> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::Submit(Submission {
                id,
                op,
                author,
                reply,
            }))
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }

    /// The current board, and a receiver of every event committed after it.
    pub async fn subscribe(&self) -> Result<Subscription> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::Subscribe { reply })
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())
    }

    /// Tells the task that the log holds events up to `seq` (0: check).
    pub(super) fn catch_up(&self, seq: u64) {
        let _ = self.commands.try_send(Command::CatchUp(seq));
    }
}

/// The task stopped because the database failed under it; a new one starts on the next request.
fn stopped() -> Error {
    Error::Unavailable("the board is being reloaded".into())
}

struct BoardTask {
    store: Store,
    board: Board,
    seq: u64,
    events: broadcast::Sender<Arc<Committed>>,
    /// Submissions known to be committed, to answer resends without a query.
    recent: HashMap<ClientOpId, u64>,
}

impl BoardTask {
    async fn run(mut self, mut inbox: mpsc::Receiver<Command>) {
        let mut batch = Vec::with_capacity(BATCH_MAX);
        while inbox.recv_many(&mut batch, BATCH_MAX).await > 0 {
            if !self.handle(std::mem::take(&mut batch)).await {
                // The state in memory can no longer be trusted; the hub starts a fresh task
                // from the database on the next request.
                break;
            }
        }
    }

    /// Handles one batch; false when the task must stop.
    async fn handle(&mut self, commands: Vec<Command>) -> bool {
        let mut submissions = Vec::new();
        let mut subscribers = Vec::new();
        let mut behind = false;
        for command in commands {
            match command {
                Command::Submit(s) => submissions.push(s),
                Command::Subscribe { reply } => subscribers.push(reply),
                Command::CatchUp(seq) => behind |= seq == 0 || seq > self.seq,
            }
        }
        let mut healthy = true;
        if behind {
            healthy = self.catch_up().await;
        }
        if healthy && !submissions.is_empty() {
            healthy = self.commit_batch(submissions).await;
        }
        if healthy {
            for reply in subscribers {
                let _ = reply.send(Subscription {
                    board: self.board.clone(),
                    seq: self.seq,
                    events: self.events.subscribe(),
                });
            }
        }
        healthy
    }

    /// Decides, commits and answers a batch, deciding again after each conflict.
    async fn commit_batch(&mut self, submissions: Vec<Submission>) -> bool {
        let mut failure = None;
        for _ in 0..CONFLICT_RETRIES {
            let (events, outcomes) = match self.decide(&submissions).await {
                Ok(decided) => decided,
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            };
            match self.store.commit(&self.board, &events).await {
                Ok(()) => {
                    self.seq += events.len() as u64;
                    let mut committed = events.into_iter().map(Arc::new);
                    for (s, outcome) in submissions.into_iter().zip(outcomes) {
                        let outcome = outcome.unwrap_or_else(|| {
                            let event = committed.next().expect("one event per accepted op");
                            if let Some(id) = event.client_op {
                                self.recent.insert(id, event.seq);
                            }
                            let _ = self.events.send(event.clone());
                            Outcome::Committed(event)
                        });
                        let _ = s.reply.send(Ok(outcome));
                    }
                    return true;
                }
                Err(Error::Conflict) => {
                    if !self.reload().await {
                        failure = Some(Error::Conflict);
                        break;
                    }
                }
                Err(e) => {
                    // Nothing was committed: go back to what the database holds and tell
                    // every sender; their clients keep the operations and send them again.
                    tracing::error!(board = %self.board.id, "commit failed: {e}");
                    failure = Some(e);
                    break;
                }
            }
        }
        let healthy = self.reload().await;
        let message = failure
            .map(|e| e.to_string())
            .unwrap_or_else(|| "the board is too busy".into());
        for s in submissions {
            let _ = s.reply.send(Err(Error::Unavailable(message.clone())));
        }
        healthy
    }

    /// Applies the batch to the board in memory: the events to commit, and for each submission
    /// either its answer (a resend or a refusal) or `None` (it is among the events, in order).
    async fn decide(
        &mut self,
        submissions: &[Submission],
    ) -> Result<(Vec<Committed>, Vec<Option<Outcome>>)> {
        let unknown: Vec<ClientOpId> = submissions
            .iter()
            .map(|s| s.id)
            .filter(|id| !self.recent.contains_key(id))
            .collect();
        if !unknown.is_empty() {
            self.recent
                .extend(self.store.committed_seqs(self.board.id, &unknown).await?);
        }
        let at = now_millis();
        let mut events: Vec<Committed> = Vec::new();
        let mut outcomes = Vec::with_capacity(submissions.len());
        for s in submissions {
            if let Some(seq) = self.recent.get(&s.id) {
                outcomes.push(Some(Outcome::Duplicate(*seq)));
            } else if let Some(e) = events.iter().find(|e| e.client_op == Some(s.id)) {
                outcomes.push(Some(Outcome::Duplicate(e.seq)));
            } else {
                match apply(&mut self.board, &s.op) {
                    Ok(applied) => {
                        events.push(Committed {
                            seq: self.seq + events.len() as u64 + 1,
                            op: applied,
                            author: s.author.clone(),
                            at,
                            client_op: Some(s.id),
                        });
                        outcomes.push(None);
                    }
                    Err(rejection) => outcomes.push(Some(Outcome::Rejected(rejection))),
                }
            }
        }
        Ok((events, outcomes))
    }

    /// Reads events committed elsewhere from the log, applies and broadcasts them.
    async fn catch_up(&mut self) -> bool {
        let events = match self
            .store
            .events_between(self.board.id, self.seq, u64::MAX)
            .await
        {
            Ok(events) => events,
            Err(e) => {
                tracing::warn!(board = %self.board.id, "catching up: {e}");
                return true;
            }
        };
        for event in events {
            if event.seq != self.seq + 1 || apply(&mut self.board, &event.op).is_err() {
                return self.reload().await;
            }
            self.seq = event.seq;
            if let Some(id) = event.client_op {
                self.recent.insert(id, event.seq);
            }
            let _ = self.events.send(Arc::new(event));
        }
        true
    }

    /// Replaces the board in memory with the database's, broadcasting the events in between
    /// when there are any. False if the database cannot be read.
    async fn reload(&mut self) -> bool {
        match self.store.load_board(self.board.id).await {
            Ok(Some((board, seq))) => {
                if seq > self.seq
                    && let Ok(events) = self
                        .store
                        .events_between(self.board.id, self.seq, seq)
                        .await
                {
                    for event in events {
                        if let Some(id) = event.client_op {
                            self.recent.insert(id, event.seq);
                        }
                        let _ = self.events.send(Arc::new(event));
                    }
                }
                self.board = board;
                self.seq = seq;
                true
            }
            Ok(None) => false,
            Err(e) => {
                tracing::error!(board = %self.board.id, "reloading failed: {e}");
                false
            }
        }
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
