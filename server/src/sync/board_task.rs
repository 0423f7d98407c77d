//! The task that owns one board on this server instance. Operations arrive on a queue; the task
//! takes every operation waiting, applies each with the shared rules, commits the batch in one
//! transaction (group commit: one disk flush for many moves), then broadcasts the events and
//! answers the senders. An operation is acknowledged only after its commit.
//!
//! With several instances on one database, instances take turns through the board's row lock;
//! before deciding, a task reads and applies whatever other instances committed since its last
//! look. Commits made elsewhere are also announced; the task reads them from the log and
//! broadcasts them to its own sockets.

use super::published::Published;
use crate::clock::now_millis;
use crate::error::{Error, Result};
use crate::notifications;
use crate::prometheus;
use crate::storage::webhooks::Hook;
use crate::storage::{Backend, Store};
use crate::webhooks::{Webhooks, outbox};
use qadam_shared::authority::{self, Author, Verdict};
use qadam_shared::ops::RejectCode;
use qadam_shared::{Board, BoardId, ClientOpId, Committed, Op, Rejection, apply_committed};
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::{broadcast, mpsc, oneshot};

/// Most operations committed in one transaction.
const BATCH_MAX: usize = 512;
/// Committed submissions remembered to answer a resend without a query. An older resend is
/// caught by the log's unique index and answered from the log.
pub const RECENT_MAX: usize = 4096;
/// Events buffered per subscriber before it must catch up from the log.
const BROADCAST_CAPACITY: usize = 1024;

/// What became of a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Committed now as this event.
    Committed(Arc<Published>),
    /// Committed earlier (a resend) as `seq`.
    Duplicate(u64),
    /// Refused by the rules; nothing changed.
    Rejected(Rejection),
}

/// A consistent starting point: the board at `seq` and every event after it.
pub struct Subscription {
    /// Shared with the task and every other subscriber: subscribing copies nothing.
    pub board: Arc<Board>,
    pub seq: u64,
    pub events: broadcast::Receiver<Arc<Published>>,
}

struct Submission {
    id: ClientOpId,
    op: Op,
    author: Author,
    reply: oneshot::Sender<Result<Outcome>>,
}

/// Operations committed together or not at all (an import).
struct Whole {
    ops: Vec<(ClientOpId, Op, Author)>,
    reply: oneshot::Sender<Result<WholeOutcome>>,
}

/// What became of an all-or-nothing submission.
#[derive(Debug)]
pub enum WholeOutcome {
    /// Every operation committed; the board's sequence number after the last.
    Committed(u64),
    /// Nothing committed: the operations the rules refused, by their place in the submission.
    Refused(Vec<(usize, Rejection)>),
}

enum Command {
    Submit(Submission),
    Whole(Whole),
    Subscribe {
        reply: oneshot::Sender<Subscription>,
    },
    /// Another instance committed up to this sequence number.
    CatchUp(u64),
    /// Wakes the task to read its webhooks again (the handle's flag says so even when this is
    /// not queued).
    HooksChanged,
}

/// How long a board task trusts the webhooks it read: a change announced by another instance
/// and lost on the way is picked up within this.
const HOOKS_KEPT: std::time::Duration = std::time::Duration::from_secs(60);

/// How a follower starts: with what it misses, or with the whole board.
pub enum Opening {
    /// The events after the follower's sequence number (perhaps none).
    CatchUp(Vec<Committed>),
    /// The whole board: the follower holds nothing, or is too far behind.
    Snapshot(Arc<Board>),
}

/// A follower's start, at `seq`, and every event committed after it.
pub struct Following {
    pub opening: Opening,
    pub seq: u64,
    pub events: broadcast::Receiver<Arc<Published>>,
}

/// A follower further behind than this gets a snapshot instead of the missing events.
const CATCH_UP_MAX: u64 = 2000;

/// A cheap handle on a board's task.
#[derive(Clone)]
pub struct BoardHandle {
    id: BoardId,
    commands: mpsc::Sender<Command>,
    /// Set when the board's webhooks changed; the task reads them again before its next commit.
    hooks_stale: Arc<AtomicBool>,
    /// For reading the log: catch-up and lag are served without the task.
    store: Store,
}

/// A board as read from the database for its task.
pub(super) struct Loaded {
    pub board: Board,
    pub seq: u64,
    /// The latest submissions committed, with their sequence numbers.
    pub submitted: Vec<(ClientOpId, u64)>,
    pub hooks: Vec<Hook>,
}

/// Where a board task sends what it commits, besides its sockets.
#[derive(Clone)]
pub(super) struct Listeners {
    /// The notifications worker.
    pub notices: mpsc::Sender<crate::notifications::Commits>,
    pub webhooks: Webhooks,
}

impl BoardHandle {
    pub(super) fn spawn(store: Store, loaded: Loaded, listeners: Listeners) -> Self {
        let (commands, inbox) = mpsc::channel(4096);
        let (events, _) = broadcast::channel(BROADCAST_CAPACITY);
        let id = loaded.board.id;
        let mut recent = Recent::default();
        for (op, seq) in loaded.submitted {
            recent.insert(op, seq);
        }
        let hooks_stale = Arc::new(AtomicBool::new(false));
        let task = BoardTask {
            store: store.clone(),
            board: Arc::new(loaded.board),
            seq: loaded.seq,
            events,
            recent,
            listeners,
            hooks: loaded.hooks,
            hooks_read: std::time::Instant::now(),
            hooks_stale: hooks_stale.clone(),
            spare: None,
        };
        tokio::spawn(task.run(inbox));
        Self {
            id,
            commands,
            hooks_stale,
            store,
        }
    }

    /// Starts following the board from what the follower holds (`since`, its sequence
    /// number): the missing events when there are few, else the whole board.
    pub async fn follow(&self, since: Option<u64>) -> Result<Following> {
        let Subscription { board, seq, events } = self.latest().await?;
        let opening = match since {
            Some(since) if since <= seq && seq - since <= CATCH_UP_MAX => {
                match self.store.events_between(self.id, since, seq).await {
                    Ok(missed) => Opening::CatchUp(missed),
                    Err(e @ Error::Unavailable(_)) => return Err(e),
                    // A log entry that does not read: the snapshot still serves.
                    Err(e) => {
                        tracing::error!(board = %self.id, "reading the log to catch up: {e}");
                        Opening::Snapshot(board)
                    }
                }
            }
            _ => Opening::Snapshot(board),
        };
        Ok(Following {
            opening,
            seq,
            events,
        })
    }

    /// What a follower too slow for the live stream missed after `seq` up to now, from the log;
    /// None when that is more than a snapshot would cost (the follower starts again).
    pub async fn missed(&self, seq: u64) -> Result<Option<Vec<Committed>>> {
        let latest = self.subscribe().await?.seq;
        if latest.saturating_sub(seq) > CATCH_UP_MAX {
            return Ok(None);
        }
        Ok(Some(self.store.events_between(self.id, seq, latest).await?))
    }

    pub(super) fn is_closed(&self) -> bool {
        self.commands.is_closed()
    }

    /// Applies and commits an operation; returns once it is durable (or refused).
    pub async fn submit(&self, id: ClientOpId, op: Op, author: Author) -> Result<Outcome> {
        self.hand_in(id, op, author).await?.await
    }

    /// Hands an operation to the board's task, behind those handed in before it; what it
    /// gives back answers once the operation is durable (or refused).
    pub async fn hand_in(
        &self,
        id: ClientOpId,
        op: Op,
        author: Author,
    ) -> Result<impl Future<Output = Result<Outcome>> + use<>> {
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
        Ok(async move { answer.await.map_err(|_| stopped())? })
    }

    /// Applies and commits `ops` in order, each by its author, in one transaction: all of them
    /// or, when the rules refuse any, none.
    pub async fn submit_whole(&self, ops: Vec<(ClientOpId, Op, Author)>) -> Result<WholeOutcome> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::Whole(Whole { ops, reply }))
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }

    /// The board with everything committed anywhere up to now: other instances' commits arrive
    /// by notification, a moment late, so on PostgreSQL the task reads the log first.
    pub async fn latest(&self) -> Result<Subscription> {
        if self.store.backend() == Backend::Postgres {
            self.catch_up(0);
        }
        self.subscribe().await
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

    /// Tells the task that the board's webhooks changed. The flag holds it even when the queue
    /// is too full for the wake-up.
    pub(super) fn hooks_changed(&self) {
        self.hooks_stale.store(true, Ordering::Release);
        let _ = self.commands.try_send(Command::HooksChanged);
    }
}

/// The task stopped because the database failed under it; a new one starts on the next request.
fn stopped() -> Error {
    Error::Unavailable("the board is being reloaded".into())
}

/// Where a commit looks for submissions committed before.
#[derive(Clone, Copy)]
enum Lookup {
    /// In the task's memory of the latest `RECENT_MAX`, trusting its sequence number: no
    /// query on the hot path.
    Remembered,
    /// In the log as well, with the sequence number read again.
    Log,
}

/// A batch as decided: the board after it, the events committed and, per submission, its
/// outcome when it was not committed now.
struct Decided {
    next: Board,
    events: Vec<Committed>,
    outcomes: Vec<Option<Outcome>>,
}

struct BoardTask {
    store: Store,
    board: Arc<Board>,
    seq: u64,
    events: broadcast::Sender<Arc<Published>>,
    listeners: Listeners,
    /// Submissions known to be committed, to answer resends without a query.
    recent: Recent,
    /// The board's active webhooks: a commit owes them deliveries of what they chose.
    hooks: Vec<Hook>,
    /// When they were read, and the handle's flag saying they changed since.
    hooks_read: std::time::Instant,
    hooks_stale: Arc<AtomicBool>,
    /// A second copy of the board as it stands, if there is one: the next batch is decided on
    /// it instead of on a fresh copy of the whole board.
    spare: Option<Board>,
}

/// The board before a commit, brought to where the commit left it by replaying its events (as
/// every other copy of the board is kept): a change's cost, not a copy of every card. None
/// when a follower still holds it (the next batch then copies the board).
fn brought_forward(before: Arc<Board>, events: &[Arc<Published>]) -> Option<Board> {
    let mut board = Arc::try_unwrap(before).ok()?;
    for event in events {
        apply_committed(&mut board, &event.op, &event.stamp()).ok()?;
    }
    Some(board)
}

/// The latest committed submissions and their sequence numbers, at most `RECENT_MAX`.
#[derive(Default)]
struct Recent {
    seqs: HashMap<ClientOpId, u64>,
    order: VecDeque<ClientOpId>,
}

impl Recent {
    fn get(&self, id: &ClientOpId) -> Option<u64> {
        self.seqs.get(id).copied()
    }

    fn insert(&mut self, id: ClientOpId, seq: u64) {
        if self.seqs.insert(id, seq).is_none() {
            self.order.push_back(id);
        }
        while self.order.len() > RECENT_MAX {
            if let Some(oldest) = self.order.pop_front() {
                self.seqs.remove(&oldest);
            }
        }
    }
}

impl BoardTask {
    async fn run(mut self, mut inbox: mpsc::Receiver<Command>) {
        let mut batch = Vec::with_capacity(BATCH_MAX);
        while inbox.recv_many(&mut batch, BATCH_MAX).await > 0 {
            self.handle(std::mem::take(&mut batch)).await;
        }
    }

    /// Handles one batch of commands.
    async fn handle(&mut self, commands: Vec<Command>) {
        let mut submissions = Vec::new();
        let mut wholes = Vec::new();
        let mut subscribers = Vec::new();
        let mut behind = false;
        for command in commands {
            match command {
                Command::Submit(s) => submissions.push(s),
                Command::Whole(w) => wholes.push(w),
                Command::Subscribe { reply } => subscribers.push(reply),
                Command::CatchUp(seq) => behind |= seq == 0 || seq > self.seq,
                Command::HooksChanged => {}
            }
        }
        if behind {
            self.catch_up().await;
        }
        self.read_hooks_if_stale().await;
        if !submissions.is_empty() {
            self.commit_batch(submissions).await;
        }
        for whole in wholes {
            self.commit_whole(whole).await;
        }
        for reply in subscribers {
            let _ = reply.send(Subscription {
                board: self.board.clone(),
                seq: self.seq,
                events: self.events.subscribe(),
            });
        }
    }

    /// Reads the board's webhooks again when told they changed or when they were read a while
    /// ago (a change announced by another instance may have been lost).
    async fn read_hooks_if_stale(&mut self) {
        let told = self.hooks_stale.swap(false, Ordering::AcqRel);
        if !told && self.hooks_read.elapsed() < HOOKS_KEPT {
            return;
        }
        match self.store.active_hooks(self.board.id).await {
            Ok(hooks) => {
                self.hooks = hooks;
                self.hooks_read = std::time::Instant::now();
            }
            Err(e) => {
                // Kept as they were and read again before the next batch.
                self.hooks_stale.store(true, Ordering::Release);
                tracing::warn!(board = %self.board.id, "reading the board's webhooks: {e}");
            }
        }
    }

    /// Decides, commits and answers a batch.
    async fn commit_batch(&mut self, submissions: Vec<Submission>) {
        let started = std::time::Instant::now();
        let batch: Vec<authority::Submission> = submissions
            .iter()
            .map(|s| authority::Submission {
                id: s.id,
                op: &s.op,
                author: &s.author,
            })
            .collect();
        let tried = self.decide_and_commit(&batch, false).await;
        drop(batch);
        match tried {
            Err(Error::Stored(_)) if submissions.len() > 1 => {
                // One operation's data was refused by the database: commit each on its own, so
                // only that one is refused.
                for s in submissions {
                    Box::pin(self.commit_batch(vec![s])).await;
                }
            }
            Err(Error::Stored(reason)) => {
                let s = submissions.into_iter().next().expect("one submission");
                tracing::warn!(board = %self.board.id, "the database refused an operation: {reason}");
                let rejection = Rejection {
                    code: RejectCode::InvalidText,
                    message: "the database refused this text".into(),
                };
                let _ = s.reply.send(Ok(Outcome::Rejected(rejection)));
            }
            Ok(decided) => {
                metrics::histogram!(prometheus::COMMIT_SECONDS).record(started.elapsed());
                metrics::histogram!(prometheus::COMMIT_BATCH).record(submissions.len() as f64);
                let mut committed = self.publish(decided.next, decided.events, true).into_iter();
                for (s, outcome) in submissions.into_iter().zip(decided.outcomes) {
                    let outcome = outcome.unwrap_or_else(|| {
                        Outcome::Committed(committed.next().expect("one event per accepted op"))
                    });
                    let _ = s.reply.send(Ok(outcome));
                }
            }
            Err(e) => {
                // Nothing was acknowledged; the clients keep these operations and send them
                // again. The commit may have landed all the same (its answer lost): the next
                // commit reads it from the log like any other instance's.
                tracing::error!(board = %self.board.id, "commit failed: {e}");
                let message = e.to_string();
                for s in submissions {
                    let _ = s.reply.send(Err(Error::Unavailable(message.clone())));
                }
            }
        }
    }

    /// Decides an all-or-nothing submission and commits it only when every operation passes.
    async fn commit_whole(&mut self, whole: Whole) {
        let batch: Vec<authority::Submission> = authority::Submission::all(&whole.ops).collect();
        let started = std::time::Instant::now();
        let answer = match self.decide_and_commit(&batch, true).await {
            Ok(decided) if decided.events.len() == batch.len() => {
                metrics::histogram!(prometheus::COMMIT_SECONDS).record(started.elapsed());
                metrics::histogram!(prometheus::COMMIT_BATCH).record(batch.len() as f64);
                // A bulk change tells nobody one by one.
                self.publish(decided.next, decided.events, false);
                Ok(WholeOutcome::Committed(self.seq))
            }
            Ok(decided) => Ok(WholeOutcome::Refused(
                decided
                    .outcomes
                    .into_iter()
                    .enumerate()
                    .filter_map(|(i, outcome)| match outcome {
                        Some(Outcome::Rejected(rejection)) => Some((i, rejection)),
                        // Fresh ids cannot have been committed before; were one, it is not
                        // the whole that was asked for.
                        Some(Outcome::Duplicate(seq)) => Some((
                            i,
                            Rejection {
                                code: RejectCode::InvalidValue,
                                message: format!("already committed as {seq}"),
                            },
                        )),
                        _ => None,
                    })
                    .collect(),
            )),
            Err(Error::Stored(reason)) => {
                tracing::warn!(board = %self.board.id, "the database refused an import: {reason}");
                Ok(WholeOutcome::Refused(vec![(
                    0,
                    Rejection {
                        code: RejectCode::InvalidText,
                        message: "the database refused some of the text".into(),
                    },
                )]))
            }
            Err(e) => Err(e),
        };
        let _ = whole.reply.send(answer);
    }

    /// Decides a batch on a copy of the board and commits what passed; a conflict (a resend
    /// older than what the task remembers, or another instance's commit) is decided again from
    /// the log. `whole`: commit nothing unless everything passed.
    async fn decide_and_commit(
        &mut self,
        batch: &[authority::Submission<'_>],
        whole: bool,
    ) -> Result<Decided> {
        match self.try_commit(batch, Lookup::Remembered, whole).await {
            Err(Error::Conflict) => self.try_commit(batch, Lookup::Log, whole).await,
            tried => tried,
        }
    }

    /// Takes a committed batch's board and broadcasts its events, in order; with `notify`, the
    /// notifications worker hears of them too.
    fn publish(
        &mut self,
        next: Board,
        events: Vec<Committed>,
        notify: bool,
    ) -> Vec<Arc<Published>> {
        metrics::counter!(prometheus::COMMITS).increment(events.len() as u64);
        let before = std::mem::replace(&mut self.board, Arc::new(next));
        self.seq += events.len() as u64;
        let sent: Vec<Arc<Published>> = events
            .into_iter()
            .map(|event| {
                let event = Arc::new(Published::new(event));
                if let Some(id) = event.client_op {
                    self.recent.insert(id, event.seq);
                }
                let _ = self.events.send(event.clone());
                event
            })
            .collect();
        // After the broadcast: the senders' sockets answer them while this copy catches up.
        self.spare = brought_forward(before, &sent);
        debug_assert!(
            self.spare
                .as_ref()
                .is_none_or(|spare| *spare == *self.board),
            "replaying a commit's events gives the board it committed"
        );
        if notify
            && sent.iter().any(|e| notifications::may_concern(&e.op))
            && self
                .listeners
                .notices
                .try_send((self.board.clone(), sent.clone()))
                .is_err()
        {
            tracing::warn!(board = %self.board.id, "notifications of a commit dropped: the worker is behind");
        }
        sent
    }

    /// Decides a batch and, unless `whole` and something was refused, commits it. The commit
    /// holds the board's lock in the database, so instances take turns; whatever another
    /// instance committed before is read and applied first. The batch is decided on a copy of
    /// the board, which replaces it only once committed, so a failed commit leaves the board as
    /// the database has it.
    async fn try_commit(
        &mut self,
        batch: &[authority::Submission<'_>],
        lookup: Lookup,
        whole: bool,
    ) -> Result<Decided> {
        let known = match lookup {
            Lookup::Remembered => Some(self.seq),
            Lookup::Log => None,
        };
        let mut commit = self.store.begin_commit_at(self.board.id, known).await?;
        if commit.seq() != self.seq {
            let missed = commit.events_since(self.seq).await?;
            self.take(missed);
            if self.seq != commit.seq() {
                return Err(Error::Conflict);
            }
        }
        let logged = match lookup {
            Lookup::Remembered => HashMap::new(),
            Lookup::Log => {
                let unknown: Vec<ClientOpId> = batch
                    .iter()
                    .map(|s| s.id)
                    .filter(|id| self.recent.get(id).is_none())
                    .collect();
                commit.committed_seqs(&unknown).await?
            }
        };
        let mut next = self
            .spare
            .take()
            .unwrap_or_else(|| Board::clone(&self.board));
        let known = |id: ClientOpId| self.recent.get(&id).or_else(|| logged.get(&id).copied());
        let mut decide = || {
            authority::decide(
                &mut next,
                self.seq,
                known,
                batch.iter().copied(),
                now_millis(),
            )
        };
        // An import takes seconds to decide: the runtime moves other tasks off this thread.
        let verdicts = if whole
            && tokio::runtime::Handle::current().runtime_flavor()
                == tokio::runtime::RuntimeFlavor::MultiThread
        {
            tokio::task::block_in_place(decide)
        } else {
            decide()
        };
        let mut events = Vec::new();
        let outcomes: Vec<Option<Outcome>> = verdicts
            .into_iter()
            .map(|verdict| match verdict {
                Verdict::Commit(event) => {
                    events.push(event);
                    None
                }
                Verdict::Duplicate(seq) => Some(Outcome::Duplicate(seq)),
                Verdict::Rejected(rejection) => Some(Outcome::Rejected(rejection)),
            })
            .collect();
        if whole && events.len() < batch.len() {
            // Dropped unfinished, the commit writes nothing.
            return Ok(Decided {
                next,
                events: Vec::new(),
                outcomes,
            });
        }
        // An import tells nobody one by one, webhooks included.
        let outgoing = if whole {
            Vec::new()
        } else {
            outbox::outgoing(&self.hooks, &self.board, &next, &events)
        };
        commit.finish(&next, &events, &outgoing).await?;
        if !outgoing.is_empty() {
            self.listeners.webhooks.wake();
        }
        Ok(Decided {
            next,
            events,
            outcomes,
        })
    }

    /// Reads events committed elsewhere from the log, applies and broadcasts them.
    async fn catch_up(&mut self) {
        match self
            .store
            .events_between(self.board.id, self.seq, u64::MAX)
            .await
        {
            Ok(events) => self.take(events),
            // The next commit or catch-up reads from the same place again.
            Err(e) => tracing::warn!(board = %self.board.id, "catching up: {e}"),
        }
    }

    /// Applies and broadcasts events committed elsewhere, in order; stops at the first that
    /// does not follow (the next catch-up or commit reads from there again).
    fn take(&mut self, events: Vec<Committed>) {
        for event in events {
            if event.seq != self.seq + 1 {
                continue;
            }
            self.spare = None;
            if let Err(rejection) =
                apply_committed(Arc::make_mut(&mut self.board), &event.op, &event.stamp())
            {
                // Cannot happen while every writer runs the same rules on the same log.
                tracing::error!(board = %self.board.id, seq = event.seq, "a logged op does not apply: {rejection}");
                return;
            }
            self.seq = event.seq;
            if let Some(id) = event.client_op {
                self.recent.insert(id, event.seq);
            }
            let _ = self.events.send(Arc::new(Published::new(event)));
        }
    }
}
