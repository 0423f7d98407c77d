//! The task that owns one board. Operations arrive on a queue; the task takes every operation
//! waiting, applies each with the shared rules, commits the batch in one transaction (group
//! commit: one disk flush for many moves), then broadcasts the events and answers the senders.
//! An operation is acknowledged only after its commit.

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

enum Command {
    Submit {
        id: ClientOpId,
        op: Op,
        author: String,
        reply: oneshot::Sender<Result<Outcome>>,
    },
    Subscribe {
        reply: oneshot::Sender<Subscription>,
    },
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
            .send(Command::Submit {
                id,
                op,
                author,
                reply,
            })
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
}

fn stopped() -> Error {
    anyhow::anyhow!("the board's task stopped").into()
}

struct BoardTask {
    store: Store,
    board: Board,
    seq: u64,
    events: broadcast::Sender<Arc<Committed>>,
    /// Submissions committed since the task started, to answer resends without a query.
    recent: HashMap<ClientOpId, u64>,
}

struct Accepted {
    event: Committed,
    reply: oneshot::Sender<Result<Outcome>>,
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
        if let Err(e) = self.learn_resends(&commands).await {
            for command in commands {
                match command {
                    Command::Submit { reply, .. } => {
                        let _ = reply.send(Err(anyhow::anyhow!("checking resends: {e}").into()));
                    }
                    Command::Subscribe { reply } => self.answer(reply),
                }
            }
            return true;
        }
        let mut accepted: Vec<Accepted> = Vec::new();
        let mut subscribers = Vec::new();
        let at = now_millis();
        for command in commands {
            match command {
                Command::Subscribe { reply } => subscribers.push(reply),
                Command::Submit {
                    id,
                    op,
                    author,
                    reply,
                } => {
                    if let Some(seq) = self.recent.get(&id) {
                        let _ = reply.send(Ok(Outcome::Duplicate(*seq)));
                        continue;
                    }
                    match apply(&mut self.board, &op) {
                        Ok(applied) => {
                            let seq = self.seq + accepted.len() as u64 + 1;
                            self.recent.insert(id, seq);
                            let event = Committed {
                                seq,
                                op: applied,
                                author,
                                at,
                                client_op: Some(id),
                            };
                            accepted.push(Accepted { event, reply });
                        }
                        Err(rejection) => {
                            let _ = reply.send(Ok(Outcome::Rejected(rejection)));
                        }
                    }
                }
            }
        }
        let mut healthy = true;
        if !accepted.is_empty() {
            let events: Vec<Committed> = accepted.iter().map(|a| a.event.clone()).collect();
            match self.store.commit(&self.board, &events).await {
                Ok(()) => {
                    self.seq = events.last().expect("not empty").seq;
                    for Accepted { event, reply } in accepted {
                        let event = Arc::new(event);
                        let _ = self.events.send(event.clone());
                        let _ = reply.send(Ok(Outcome::Committed(event)));
                    }
                }
                Err(e) => {
                    // Nothing was committed: go back to what the database holds and tell every
                    // sender; their clients keep the operations and send them again.
                    tracing::error!(board = %self.board.id, "commit failed: {e}");
                    for a in &accepted {
                        if let Some(id) = a.event.client_op {
                            self.recent.remove(&id);
                        }
                    }
                    healthy = self.reload().await;
                    for a in accepted {
                        let _ = a.reply.send(Err(Error::Unavailable(e.to_string())));
                    }
                }
            }
        }
        if healthy {
            for reply in subscribers {
                self.answer(reply);
            }
        }
        healthy
    }

    fn answer(&self, reply: oneshot::Sender<Subscription>) {
        let _ = reply.send(Subscription {
            board: self.board.clone(),
            seq: self.seq,
            events: self.events.subscribe(),
        });
    }

    /// Looks up, in one query, which of the batch's submissions the log already holds (resends
    /// after a lost acknowledgement or a server restart).
    async fn learn_resends(&mut self, commands: &[Command]) -> Result<()> {
        let unknown: Vec<ClientOpId> = commands
            .iter()
            .filter_map(|c| match c {
                Command::Submit { id, .. } if !self.recent.contains_key(id) => Some(*id),
                _ => None,
            })
            .collect();
        if !unknown.is_empty() {
            self.recent
                .extend(self.store.committed_seqs(self.board.id, &unknown).await?);
        }
        Ok(())
    }

    async fn reload(&mut self) -> bool {
        match self.store.load_board(self.board.id).await {
            Ok(Some((board, seq))) => {
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
