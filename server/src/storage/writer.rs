//! SQLite's writer of board commits: one connection of its own, for every board. A SQLite file
//! takes one writer at a time; commits of different boards queue here and the ones waiting go
//! into one transaction, one disk flush for all of them (group commit across boards), instead
//! of meeting the file's lock and sleeping. Each board's statements run inside a savepoint, so
//! one refused commit leaves the others.
//!
//! No thread of its own: the board task that finds no commit under way leads, on the thread it
//! runs on. It takes every commit waiting (its own first among them), runs them and answers the
//! others; then the next task waiting leads. A lone board's commit so runs where it was decided,
//! and its broadcast follows on the same thread. Handed to a writer thread and back, a move
//! waited for two wake-ups of another thread (about 0.1 ms each on a busy two-core machine),
//! and before that for sqlx's connection thread once per statement.
//!
//! Other writes (accounts, webhooks' results) still go through sqlx's one writer connection.
//! The leader and those writes take turns (the store's semaphore), one transaction each, so
//! writers queue in order and never meet SQLite's lock.

use super::rows::Statements;
use crate::error::{Error, Result};
use crate::lock::lock;
use rusqlite::{Connection, ErrorCode, TransactionBehavior};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::runtime::Handle;
use tokio::sync::{Notify, Semaphore, oneshot};

/// Most board commits in one transaction.
const JOBS_MAX: usize = 64;
/// Prepared statements kept: a commit's statements differ by their number of rows.
const PREPARED_KEPT: usize = 128;

/// A board's statements, and who waits for them to be durable.
struct Job {
    statements: Statements,
    done: oneshot::Sender<Result<()>>,
}

/// A handle on the writer; cheap to clone. Its checkpointer's thread ends when the last goes.
#[derive(Clone, Debug)]
pub struct Writer(Arc<Shared>);

struct Shared {
    conn: Mutex<Connection>,
    /// Commits waiting for the next transaction, in the order they came.
    waiting: Mutex<Vec<Job>>,
    /// Whether a task is leading a transaction now.
    leading: AtomicBool,
    /// Told when a leader leaves commits waiting: one of their tasks leads next.
    vacant: Notify,
    turn: Arc<Semaphore>,
    committed: Committed,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared").finish_non_exhaustive()
    }
}

impl Writer {
    /// Opens the file at `path` for writing, each transaction in a turn taken from `turn`, and
    /// starts its checkpointer.
    pub fn spawn(path: &Path, turn: Arc<Semaphore>) -> Result<Self> {
        let conn = Connection::open(path).map_err(unavailable)?;
        // A multi-row upsert keeps a statement journal; in memory it opens no file per commit.
        // Checkpoints are the checkpointer's (`super::SQLITE_PRAGMAS`).
        conn.execute_batch(&format!(
            "{} PRAGMA temp_store = MEMORY;",
            super::SQLITE_PRAGMAS
        ))
        .map_err(unavailable)?;
        conn.set_prepared_statement_cache_capacity(PREPARED_KEPT);
        let checkpoints = Connection::open(path).map_err(unavailable)?;
        checkpoints
            .execute_batch(super::SQLITE_PRAGMAS)
            .map_err(unavailable)?;
        let (word, heard) = std::sync::mpsc::sync_channel(1);
        let count = Arc::new(AtomicU64::new(0));
        let checkpointer = Checkpointer {
            conn: checkpoints,
            heard,
            count: count.clone(),
            turn: turn.clone(),
            runtime: Handle::current(),
        };
        std::thread::Builder::new()
            .name("sqlite-checkpoints".into())
            .spawn(move || checkpointer.run())
            .map_err(|e| Error::Internal(e.into()))?;
        Ok(Self(Arc::new(Shared {
            conn: Mutex::new(conn),
            waiting: Mutex::new(Vec::new()),
            leading: AtomicBool::new(false),
            vacant: Notify::new(),
            turn,
            committed: Committed { word, count },
        })))
    }

    /// Runs `statements` in the next transaction; returns once it is durable.
    pub async fn commit(&self, statements: Statements) -> Result<()> {
        let (done, mut answer) = oneshot::channel();
        lock(&self.0.waiting).push(Job { statements, done });
        loop {
            if let Some(lead) = Lead::take(&self.0) {
                lead.commit_waiting().await;
            }
            tokio::select! {
                biased;
                answered = &mut answer => {
                    return answered.map_err(|_| stopped())?;
                }
                () = self.0.vacant.notified() => {}
            }
        }
    }
}

/// The lead of one transaction: while held, no other task starts one. Let go (even by a task
/// dropped while waiting for its turn), it hands the lead to a task whose commit still waits.
struct Lead<'a>(&'a Shared);

impl<'a> Lead<'a> {
    fn take(shared: &'a Shared) -> Option<Self> {
        (!shared.leading.swap(true, Ordering::AcqRel)).then_some(Self(shared))
    }

    /// Commits what is waiting, at most `JOBS_MAX`, in one transaction in the writers' turn,
    /// and answers each.
    async fn commit_waiting(self) {
        let shared = self.0;
        if lock(&shared.waiting).is_empty() {
            return;
        }
        let held = match shared.turn.try_acquire() {
            Ok(held) => held,
            Err(_) => match shared.turn.acquire().await {
                Ok(held) => held,
                // The store never closes its turn; were it closed, nothing waiting could be
                // written, and each is told so once (not led again and again).
                Err(_) => {
                    for job in lock(&shared.waiting).drain(..) {
                        let _ = job.done.send(Err(stopped()));
                    }
                    return;
                }
            },
        };
        let mut jobs: Vec<Job> = {
            let mut waiting = lock(&shared.waiting);
            let n = waiting.len().min(JOBS_MAX);
            waiting.drain(..n).collect()
        };
        let written = commit_together(&mut lock(&shared.conn), &mut jobs);
        drop(held);
        shared.committed.tell();
        for (done, result) in written {
            let _ = done.send(result);
        }
    }
}

impl Drop for Lead<'_> {
    fn drop(&mut self) {
        self.0.leading.store(false, Ordering::Release);
        if !lock(&self.0.waiting).is_empty() {
            self.0.vacant.notify_one();
        }
    }
}

fn stopped() -> Error {
    Error::Unavailable("the database writer stopped".into())
}

/// Transactions that gather in the WAL before the checkpointer copies them into the database
/// file (at a few pages each, about SQLite's default of 1,000 pages), or as many as commit in
/// `CHECKPOINT_AFTER`, whichever comes first.
const CHECKPOINT_COMMITS: u64 = 200;
const CHECKPOINT_AFTER: Duration = Duration::from_millis(250);
/// How often the checkpointer counts them meanwhile.
const CHECKPOINT_COUNTED: Duration = Duration::from_millis(10);
/// How often the checkpointer looks without a word from the writer (other writes go to the WAL
/// too).
const CHECKPOINT_EVERY: Duration = Duration::from_secs(10);

/// What the writer tells the checkpointer: a word after a commit (one kept while unread), and
/// how many transactions it has committed.
struct Committed {
    word: SyncSender<()>,
    count: Arc<AtomicU64>,
}

impl Committed {
    fn tell(&self) {
        self.count.fetch_add(1, Ordering::Relaxed);
        let _ = self.word.try_send(());
    }
}

/// Copies what the WAL holds back into the database file, on a connection and thread of its
/// own. SQLite's default runs a checkpoint inside the commit that crosses 1,000 pages: that
/// commit, and every board queued behind it, waited for the checkpoint's flushes (the tail of
/// the fan-out figures).
///
/// A passive checkpoint copies most of the WAL while boards go on committing. It cannot finish
/// while commits never stop (each adds pages), and only a finished one lets the next commit
/// write the WAL from its beginning again: the rest, the few pages committed meanwhile, is
/// copied in a turn of its own, between two commits.
struct Checkpointer {
    conn: Connection,
    heard: Receiver<()>,
    count: Arc<AtomicU64>,
    turn: Arc<Semaphore>,
    runtime: Handle,
}

impl Checkpointer {
    fn run(self) {
        let mut copied = 0;
        loop {
            match self.heard.recv_timeout(CHECKPOINT_EVERY) {
                Ok(()) => self.gather(copied),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            let _ = self.heard.try_recv();
            copied = self.count.load(Ordering::Relaxed);
            if self.passive().is_err() {
                continue;
            }
            let Ok(_turn) = self.runtime.block_on(self.turn.acquire()) else {
                return;
            };
            let _ = self.passive();
        }
    }

    /// Waits until `CHECKPOINT_COMMITS` transactions followed the `copied`th, or
    /// `CHECKPOINT_AFTER`.
    fn gather(&self, copied: u64) {
        let since = std::time::Instant::now();
        while since.elapsed() < CHECKPOINT_AFTER
            && self.count.load(Ordering::Relaxed) - copied < CHECKPOINT_COMMITS
        {
            std::thread::sleep(CHECKPOINT_COUNTED);
        }
    }

    fn passive(&self) -> rusqlite::Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
            .inspect_err(|e| tracing::warn!("checkpointing the database: {e}"))
    }
}

/// The jobs' answers once the transaction ends: durable, or why not.
type Written = Vec<(oneshot::Sender<Result<()>>, Result<()>)>;

fn commit_together(conn: &mut Connection, jobs: &mut Vec<Job>) -> Written {
    let mut written = Vec::with_capacity(jobs.len());
    let transaction = write_all(conn, jobs, &mut written);
    if let Err(e) = transaction {
        // Dropped unfinished, the transaction rolled back: nothing of it was committed.
        let why = e.to_string();
        for (_, result) in &mut written {
            *result = Err(Error::Unavailable(why.clone()));
        }
        for job in jobs.drain(..) {
            written.push((job.done, Err(Error::Unavailable(why.clone()))));
        }
    }
    written
}

/// Runs the jobs in one transaction, each in a savepoint when there are several, and commits.
/// A job refused is answered at once (its savepoint rolled back); the transaction failing
/// leaves what was not yet run in `jobs`.
fn write_all(conn: &mut Connection, jobs: &mut Vec<Job>, written: &mut Written) -> Result<()> {
    let mut tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(unavailable)?;
    if jobs.len() == 1 {
        // Alone, it needs no savepoint: refused, the whole transaction goes.
        let job = jobs.pop().expect("one job");
        match job.statements.run_on(&tx) {
            Ok(()) => written.push((job.done, Ok(()))),
            Err(e) => {
                let _ = job.done.send(Err(refused(e)));
                return Ok(());
            }
        }
    } else {
        // Taken from the end, so in the order they came.
        jobs.reverse();
        while let Some(job) = jobs.pop() {
            let mut savepoint = tx.savepoint().map_err(unavailable)?;
            match job.statements.run_on(&savepoint) {
                Ok(()) => {
                    savepoint.commit().map_err(unavailable)?;
                    written.push((job.done, Ok(())));
                }
                Err(e) => {
                    savepoint.rollback().map_err(unavailable)?;
                    let _ = job.done.send(Err(refused(e)));
                }
            }
        }
    }
    tx.commit().map_err(unavailable)
}

/// Why a board's statements were refused. A unique key means the log already holds these
/// sequence numbers or submissions (an earlier commit landed though its answer was lost): a
/// conflict, and the board's task reads the log before deciding again.
fn refused(e: rusqlite::Error) -> Error {
    match e.sqlite_error() {
        Some(failure)
            if failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
        {
            Error::Conflict
        }
        _ => unavailable(e),
    }
}

/// The file could not be written (full, locked too long, gone): nothing was committed.
fn unavailable(e: rusqlite::Error) -> Error {
    let busy = e
        .sqlite_error_code()
        .is_some_and(|c| matches!(c, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked));
    let what = if busy {
        "the database is busy"
    } else {
        "writing the database"
    };
    Error::Unavailable(format!("{what}: {e}"))
}
