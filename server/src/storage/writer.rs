//! SQLite's writer of board commits. A SQLite file takes one writer at a time; commits of
//! different boards queue here and the ones waiting go into one transaction, one disk flush for
//! all of them (group commit across boards), instead of meeting the file's lock and sleeping.
//! Each board's statements run inside a savepoint, so one refused commit leaves the others.

use super::conflict_if_duplicate;
use super::rows::Statements;
use crate::error::{Error, Result};
use sqlx::{AnyPool, Executor};
use tokio::sync::{mpsc, oneshot};

/// Most board commits in one transaction.
const JOBS_MAX: usize = 64;

/// A board's statements, and who waits for them to be durable.
struct Job {
    statements: Statements,
    done: oneshot::Sender<Result<()>>,
}

/// A handle on the writer task; cheap to clone.
#[derive(Clone, Debug)]
pub struct Writer(mpsc::Sender<Job>);

impl Writer {
    /// Starts the task, writing through `pool` (whose one connection other writes share: the
    /// task takes it for each transaction).
    pub fn spawn(pool: AnyPool) -> Self {
        let (jobs, inbox) = mpsc::channel(4096);
        tokio::spawn(run(pool, inbox));
        Self(jobs)
    }

    /// Runs `statements` in the next transaction; returns once it is durable.
    pub async fn commit(&self, statements: Statements) -> Result<()> {
        let (done, answer) = oneshot::channel();
        let stopped = || Error::Unavailable("the database writer stopped".into());
        self.0
            .send(Job { statements, done })
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

async fn run(pool: AnyPool, mut inbox: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(JOBS_MAX);
    while inbox.recv_many(&mut jobs, JOBS_MAX).await > 0 {
        commit_together(&pool, std::mem::take(&mut jobs)).await;
    }
}

async fn commit_together(pool: &AnyPool, mut jobs: Vec<Job>) {
    if jobs.len() == 1 {
        // Alone, in one call to SQLite's thread: each call costs two thread switches, which
        // were most of a move's time.
        let job = jobs.pop().expect("one job");
        let done = match pool.acquire().await {
            Ok(mut conn) => job
                .statements
                .run_alone(&mut conn)
                .await
                .map_err(conflict_if_duplicate),
            Err(e) => Err(Error::from(e)),
        };
        let _ = job.done.send(done);
        return;
    }
    let mut tx = match pool.begin().await {
        Ok(tx) => tx,
        Err(e) => return fail(jobs.into_iter().map(|j| j.done), &Error::from(e)),
    };
    let mut written = Vec::with_capacity(jobs.len());
    let mut jobs = jobs.into_iter();
    while let Some(job) = jobs.next() {
        let ran = job
            .statements
            .run_between(&mut tx, "SAVEPOINT board_commit", "RELEASE board_commit")
            .await;
        match ran {
            Ok(()) => written.push(job.done),
            Err(e) => {
                let _ = job.done.send(Err(conflict_if_duplicate(e)));
                let undone = tx
                    .execute("ROLLBACK TO board_commit; RELEASE board_commit")
                    .await;
                if let Err(e) = undone {
                    let e = Error::from(e);
                    return fail(written.into_iter().chain(jobs.map(|j| j.done)), &e);
                }
            }
        }
    }
    match tx.commit().await {
        Ok(()) => {
            for done in written {
                let _ = done.send(Ok(()));
            }
        }
        Err(e) => fail(written.into_iter(), &Error::from(e)),
    }
}

/// Nothing of these was committed: each waiting board hears why.
fn fail(waiting: impl Iterator<Item = oneshot::Sender<Result<()>>>, e: &Error) {
    for done in waiting {
        let _ = done.send(Err(Error::Unavailable(e.to_string())));
    }
}
