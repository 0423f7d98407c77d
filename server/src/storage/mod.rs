//! Storage through sqlx: boards, their current rows and the event log, on SQLite (the embedded
//! default) or PostgreSQL (several instances on one database).
//!
//! Both backends run the same SQL through sqlx's `Any` driver: `$N` placeholders (which SQLite
//! accepts too), `BIGINT` for every integer, one set of migrations. Everything the sync core needs
//! goes through `Store`; nothing outside this module writes SQL.

pub mod accounts;
pub mod audit;
pub mod catalog;
pub mod inbox;
pub mod notify;
mod rows;
pub mod tokens;
pub mod webhooks;
mod writer;

use crate::error::{Error, Result};
use qadam_shared::ops::Target;
use qadam_shared::{Board, BoardId, CardId, ClientOpId, Committed};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Executor, Row, Transaction};
use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Which database a store runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A handle on the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    /// Reads, and on PostgreSQL writes too.
    pool: AnyPool,
    /// Where writes through sqlx go: on SQLite one connection, and a turn shared with the board
    /// writer (`writer`), so writers queue in order instead of meeting the file's write lock and
    /// sleeping in its busy handler (commits of different boards collided there); on
    /// PostgreSQL the same pool, whose row locks order writers.
    writes: AnyPool,
    /// On SQLite, the turn to write: one writer at a time, sqlx's or the board writer.
    turn: Option<Arc<Semaphore>>,
    /// On SQLite, the writer that commits boards' changes together (led by their tasks).
    board_writer: Option<writer::Writer>,
    backend: Backend,
    url: String,
}

impl Store {
    /// Opens and migrates the database at `database`: a `postgres://` URL, or a SQLite file path
    /// or `sqlite:` URL (the file is created if missing).
    pub async fn open(database: &str) -> Result<Self> {
        install_default_drivers();
        let file = sqlite_file(database);
        let (backend, url) = match &file {
            Some(path) => (
                Backend::Sqlite,
                format!("sqlite://{}?mode=rwc", path.display()),
            ),
            None => (Backend::Postgres, database.to_owned()),
        };
        let (pool, writes) = match backend {
            Backend::Sqlite => {
                let writes = sqlite_pool(1).connect(&url).await?;
                (sqlite_pool(4).connect(&url).await?, writes)
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect(&url)
                    .await?;
                (pool.clone(), pool)
            }
        };
        sqlx::migrate!("./migrations")
            .run(&writes)
            .await
            .map_err(|e| anyhow::anyhow!("migrating the database: {e}"))?;
        let (turn, board_writer) = match &file {
            Some(path) => {
                let turn = Arc::new(Semaphore::new(1));
                (Some(turn.clone()), Some(writer::Writer::spawn(path, turn)?))
            }
            None => (None, None),
        };
        Ok(Self {
            board_writer,
            pool,
            writes,
            turn,
            backend,
            url,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The URL the store was opened with (the notification listener opens its own connection).
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// A connection to write through, once it is this writer's turn.
    async fn write(&self) -> Result<InTurn<PoolConnection<Any>>> {
        let turn = self.take_turn().await?;
        Ok(InTurn {
            held: self.writes.acquire().await?,
            _turn: turn,
        })
    }

    /// The database's timeline (`migrations/0012_timeline.sql`): made at the first start, and
    /// again at the first start after a restore, which forgets it.
    pub async fn timeline(&self) -> Result<String> {
        sqlx::query("INSERT INTO timeline (one, id) VALUES (1, $1) ON CONFLICT (one) DO NOTHING")
            .bind(uuid::Uuid::new_v4().simple().to_string())
            .execute(&mut *self.write().await?)
            .await?;
        Ok(sqlx::query_scalar("SELECT id FROM timeline")
            .fetch_one(&self.pool)
            .await?)
    }

    /// A transaction to write in, once it is this writer's turn; dropped without `commit`,
    /// rolled back.
    async fn begin_write(&self) -> Result<InTurn<Transaction<'static, Any>>> {
        let turn = self.take_turn().await?;
        Ok(InTurn {
            held: self.writes.begin().await?,
            _turn: turn,
        })
    }

    async fn take_turn(&self) -> Result<Option<OwnedSemaphorePermit>> {
        let Some(turn) = &self.turn else {
            return Ok(None);
        };
        match tokio::time::timeout(ACQUIRE_TIMEOUT, turn.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(Some(permit)),
            Ok(Err(_)) | Err(_) => Err(Error::Unavailable(
                "timed out waiting for the turn to write".into(),
            )),
        }
    }

    /// Every board id, in the order the home page lists them.
    pub async fn board_ids(&self) -> Result<Vec<BoardId>> {
        let rows = sqlx::query("SELECT id FROM boards ORDER BY sort_order, name")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| rows::board_id(r.get("id"))).collect()
    }

    /// Creates an empty board at sequence 0.
    pub async fn create_board(&self, board: &Board, sort_order: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO boards (id, name, team, seq, sort_order) VALUES ($1, $2, $3, 0, $4)",
        )
        .bind(board.id.to_string())
        .bind(&board.name)
        .bind(&board.team)
        .bind(sort_order)
        .execute(&mut *self.write().await?)
        .await?;
        Ok(())
    }

    /// The board's current state and sequence number, read consistently even while other
    /// instances commit: the sequence is read before and after the rows, and a change between
    /// the two reads starts the read again.
    pub async fn load_board(&self, id: BoardId) -> Result<Option<(Board, u64)>> {
        let key = id.to_string();
        loop {
            let Some(row) =
                sqlx::query("SELECT name, team, seq, settings, labels FROM boards WHERE id = $1")
                    .bind(&key)
                    .fetch_optional(&self.pool)
                    .await?
            else {
                return Ok(None);
            };
            let seq: i64 = row.get("seq");
            let mut board = Board::new(
                id,
                row.get::<String, _>("name"),
                row.get::<String, _>("team"),
            );
            board.settings = rows::json("board settings", row.get("settings"))?;
            board.labels = rows::json("board labels", row.get("labels"))?;
            let columns = sqlx::query(
                "SELECT id, name, position, wip_limit, gate FROM board_columns WHERE board_id = $1",
            )
            .bind(&key)
            .fetch_all(&self.pool)
            .await?;
            let mut renew = Vec::new();
            for row in &columns {
                let (column, bad) = rows::column(row)?;
                if bad {
                    renew.push(column.id);
                }
                board.columns.insert(column.id, column);
            }
            for id in renew {
                let key = board.column_key_at(id, usize::MAX);
                board.columns.get_mut(&id).expect("just loaded").position = key;
            }
            let cards = sqlx::query(
                "SELECT id, column_id, position, title, description, archived, delivery, parts FROM cards WHERE board_id = $1",
            )
            .bind(&key)
            .fetch_all(&self.pool)
            .await?;
            let mut renew = Vec::new();
            for row in &cards {
                let (card, bad) = rows::card(row)?;
                if bad {
                    renew.push((card.id, card.column));
                }
                board.cards.insert(card.id, card);
            }
            for (id, column) in renew {
                let key = board.card_key_at(column, id, usize::MAX);
                board.cards.get_mut(&id).expect("just loaded").position = key;
            }
            let again: i64 = sqlx::query("SELECT seq FROM boards WHERE id = $1")
                .bind(&key)
                .fetch_one(&self.pool)
                .await?
                .get("seq");
            if again == seq {
                return Ok(Some((board, seq as u64)));
            }
        }
    }

    /// Starts a commit on a board: takes the board's row lock (other instances committing to
    /// the same board wait their turn) and reads its sequence number. What another instance
    /// committed meanwhile can then be read inside the same transaction.
    pub async fn begin_commit(&self, board: BoardId) -> Result<BoardCommit> {
        self.begin_commit_at(board, None).await
    }

    /// Starts a commit on a board whose sequence number the caller knows to be `seq`: on SQLite
    /// (one server) it is not read again, and the commit queues for the one writer, which
    /// commits it together with other boards'; were `seq` wrong (an earlier commit landed though
    /// its answer was lost), the log's key refuses the new entries as a conflict.
    pub async fn begin_commit_at(&self, board: BoardId, seq: Option<u64>) -> Result<BoardCommit> {
        let key = board.to_string();
        if let (Some(seq), Some(writer)) = (seq, &self.board_writer) {
            return Ok(BoardCommit {
                turn: Turn::Queued(writer.clone()),
                key,
                seq,
                backend: self.backend,
            });
        }
        let mut tx = self.begin_write().await?;
        let seq: i64 = sqlx::query("UPDATE boards SET seq = seq WHERE id = $1 RETURNING seq")
            .bind(&key)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(Error::NotFound("board"))?
            .get("seq");
        Ok(BoardCommit {
            turn: Turn::Locked(tx),
            key,
            seq: seq as u64,
            backend: self.backend,
        })
    }

    /// The submissions behind a board's latest `limit` log entries, oldest first: what a board
    /// task remembers to answer resends without a query.
    pub async fn recent_submissions(
        &self,
        id: BoardId,
        limit: usize,
    ) -> Result<Vec<(ClientOpId, u64)>> {
        let rows = sqlx::query(
            "SELECT client_op, seq FROM events
             WHERE board_id = $1 AND client_op IS NOT NULL ORDER BY seq DESC LIMIT $2",
        )
        .bind(id.to_string())
        .bind(limit.min(i64::MAX as usize) as i64)
        .fetch_all(&self.pool)
        .await?;
        let mut recent = rows
            .iter()
            .map(|row| {
                let id = rows::client_op_id(row.get("client_op"))?;
                Ok((id, row.get::<i64, _>("seq") as u64))
            })
            .collect::<Result<Vec<_>>>()?;
        recent.reverse();
        Ok(recent)
    }

    /// Log entries after `since`, up to and including `until`, oldest first, as written: what
    /// sync replays and sends.
    pub async fn events_between(
        &self,
        id: BoardId,
        since: u64,
        until: u64,
    ) -> Result<Vec<Committed>> {
        self.read_log(rows::SELECT_LOG, id, since, until).await
    }

    /// The same entries as people read them in the history: each author under their current
    /// name.
    pub async fn history_between(
        &self,
        id: BoardId,
        since: u64,
        until: u64,
    ) -> Result<Vec<Committed>> {
        self.read_log(rows::SELECT_HISTORY, id, since, until).await
    }

    /// The log as written after entry `since` up to the moment `at` (milliseconds), in order:
    /// what carries a board from a kept copy to how it stood then.
    pub async fn events_until(&self, id: BoardId, since: u64, at: i64) -> Result<Vec<Committed>> {
        let sql = format!(
            "{} WHERE e.board_id = $1 AND e.seq > $2 AND e.at <= $3 ORDER BY e.seq",
            rows::SELECT_LOG
        );
        let rows = sqlx::query(&sql)
            .bind(id.to_string())
            .bind(since.min(i64::MAX as u64) as i64)
            .bind(at)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(rows::event).collect()
    }

    /// The latest `limit` changes of one card, oldest first, with their authors' current names.
    pub async fn card_history(
        &self,
        id: BoardId,
        card: CardId,
        limit: u64,
    ) -> Result<Vec<Committed>> {
        // The op's JSON names its card; the match is narrowed by the op's own target.
        let sql = format!(
            "{} WHERE e.board_id = $1 AND e.op LIKE $2 ORDER BY e.seq DESC LIMIT $3",
            rows::SELECT_HISTORY
        );
        let rows = sqlx::query(&sql)
            .bind(id.to_string())
            .bind(format!("%\"card\":\"{card}\"%"))
            .bind(limit.min(i64::MAX as u64) as i64)
            .fetch_all(&self.pool)
            .await?;
        let mut events = rows.iter().map(rows::event).collect::<Result<Vec<_>>>()?;
        events.retain(|e| e.op.target() == Target::Card(card));
        events.reverse();
        Ok(events)
    }

    async fn read_log(
        &self,
        select: &str,
        id: BoardId,
        since: u64,
        until: u64,
    ) -> Result<Vec<Committed>> {
        let until = until.min(i64::MAX as u64);
        if since >= until {
            return Ok(Vec::new());
        }
        let sql =
            format!("{select} WHERE e.board_id = $1 AND e.seq > $2 AND e.seq <= $3 ORDER BY e.seq");
        let rows = sqlx::query(&sql)
            .bind(id.to_string())
            .bind(since as i64)
            .bind(until as i64)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(rows::event).collect()
    }

    /// A turn at first-start work (seeding, the first administrator) that no other instance
    /// takes until `done`: on PostgreSQL a transaction-scoped advisory lock; one SQLite file has
    /// one server.
    pub async fn first_start(&self) -> Result<FirstStart> {
        let tx = match self.backend {
            Backend::Sqlite => None,
            Backend::Postgres => {
                let mut tx = self.pool.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock(7240615)")
                    .execute(&mut *tx)
                    .await?;
                Some(tx)
            }
        };
        Ok(FirstStart(tx))
    }

    /// Tells every instance that access may have shrunk (PostgreSQL only; one SQLite instance
    /// tells its own sockets directly).
    pub async fn announce_revoked(&self, revoked: &notify::Revoked) -> Result<()> {
        notify::announce_revoked(&self.pool, revoked).await
    }

    /// On PostgreSQL: tells every instance that a board's webhooks changed.
    pub async fn announce_hooks_changed(&self, board: BoardId) -> Result<()> {
        notify::announce_hooks_changed(&self.pool, board).await
    }

    /// The connections of each pool, open and idle, for the operators' figures.
    pub fn pool_use(&self) -> Vec<PoolUse> {
        let of = |name, pool: &AnyPool| PoolUse {
            name,
            open: pool.size(),
            idle: pool.num_idle(),
        };
        match self.backend {
            Backend::Sqlite => vec![of("read", &self.pool), of("write", &self.writes)],
            Backend::Postgres => vec![of("shared", &self.pool)],
        }
    }

    /// Whether the database answers; any failure counts as unavailable.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(|e| Error::Unavailable(e.to_string()))?;
        Ok(())
    }
}

/// The file of a SQLite `database` (a path, or a `sqlite:` URL); none for a PostgreSQL URL.
pub fn sqlite_file(database: &str) -> Option<std::path::PathBuf> {
    if database.starts_with("postgres://") || database.starts_with("postgresql://") {
        return None;
    }
    let path = database
        .strip_prefix("sqlite://")
        .or_else(|| database.strip_prefix("sqlite:"))
        .unwrap_or(database);
    Some(path.split('?').next().unwrap_or(path).into())
}

/// How long a query waits for a connection before the database counts as away.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// A pool of `connections` on a SQLite file.
fn sqlite_pool(connections: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(connections)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        // A file does not go away like a server: no ping (a trip to the connection's thread)
        // before every use.
        .test_before_acquire(false)
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute(SQLITE_PRAGMAS).await?;
                Ok(())
            })
        })
}

/// Every connection to a SQLite file: WAL lets readers run beside the writer; FULL puts every
/// commit on disk before it is acknowledged; no commit checkpoints the WAL (the writer's
/// checkpointer does, off every commit's path).
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
    PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 0;";

/// How much of one connection pool is in use.
pub struct PoolUse {
    pub name: &'static str,
    pub open: u32,
    pub idle: usize,
}

/// Held while one instance does first-start work.
pub struct FirstStart(Option<Transaction<'static, Any>>);

impl FirstStart {
    pub async fn done(self) -> Result<()> {
        if let Some(tx) = self.0 {
            tx.commit().await?;
        }
        Ok(())
    }
}

/// A connection or a transaction of sqlx's writer, held in its turn (and given back before it).
pub(crate) struct InTurn<T> {
    held: T,
    _turn: Option<OwnedSemaphorePermit>,
}

impl InTurn<Transaction<'static, Any>> {
    pub async fn commit(self) -> Result<()> {
        self.held.commit().await?;
        Ok(())
    }
}

impl<T: DerefMut<Target = AnyConnection>> Deref for InTurn<T> {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        &self.held
    }
}

impl<T: DerefMut<Target = AnyConnection>> DerefMut for InTurn<T> {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.held
    }
}

/// A commit in progress on one board; dropped without `finish`, nothing is written.
pub struct BoardCommit {
    turn: Turn,
    key: String,
    seq: u64,
    backend: Backend,
}

/// How a commit takes its turn at writing.
enum Turn {
    /// In its own transaction, holding the board's row lock.
    Locked(InTurn<Transaction<'static, Any>>),
    /// Queued for SQLite's writer, the sequence number known.
    Queued(writer::Writer),
}

impl BoardCommit {
    /// The transaction holding the board's lock, for reading inside it. A queued commit knows
    /// the board is as its task holds it and reads nothing: asked, it answers a conflict, and
    /// the task starts again with a locked one.
    fn locked(&mut self) -> Result<&mut InTurn<Transaction<'static, Any>>> {
        match &mut self.turn {
            Turn::Locked(tx) => Ok(tx),
            Turn::Queued(_) => Err(Error::Conflict),
        }
    }

    /// The board's sequence number in the database.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// Log entries after `since`, up to the locked sequence number.
    pub async fn events_since(&mut self, since: u64) -> Result<Vec<Committed>> {
        let sql = format!(
            "{} WHERE e.board_id = $1 AND e.seq > $2 ORDER BY e.seq",
            rows::SELECT_LOG
        );
        let rows = sqlx::query(&sql)
            .bind(self.key.clone())
            .bind(since as i64)
            .fetch_all(&mut **self.locked()?)
            .await?;
        rows.iter().map(rows::event).collect()
    }

    /// Which of `client_ops` the board's log holds, with their sequence numbers.
    pub async fn committed_seqs(
        &mut self,
        client_ops: &[ClientOpId],
    ) -> Result<HashMap<ClientOpId, u64>> {
        let mut found = HashMap::new();
        for chunk in client_ops.chunks(rows::ROWS_PER_STATEMENT) {
            let list = rows::placeholders(2, chunk.len());
            let sql = format!(
                "SELECT client_op, seq FROM events WHERE board_id = $1 AND client_op IN ({list})"
            );
            let mut query = sqlx::query(&sql).bind(self.key.clone());
            for op in chunk {
                query = query.bind(op.to_string());
            }
            for row in query.fetch_all(&mut **self.locked()?).await? {
                let id = rows::client_op_id(row.get("client_op"))?;
                found.insert(id, row.get::<i64, _>("seq") as u64);
            }
        }
        Ok(found)
    }

    /// Appends `events` (numbered from `seq() + 1`) to the log, writes the rows they touched,
    /// taken from `board` (the state after all of them), and the webhook deliveries they owe,
    /// and commits; on PostgreSQL the commit is announced to every instance as it lands.
    pub async fn finish(
        self,
        board: &Board,
        events: &[Committed],
        outgoing: &[webhooks::Outgoing],
    ) -> Result<()> {
        let Some(last) = events.last() else {
            return Ok(());
        };
        if events[0].seq != self.seq + 1 {
            return Err(Error::Conflict);
        }
        let mut statements = match self.turn {
            Turn::Queued(_) => rows::Statements::one_by_one(),
            Turn::Locked(_) => rows::Statements::new(self.backend),
        };
        statements.push(
            |n| format!("UPDATE boards SET seq = ${n} WHERE id = ${}", n + 1),
            vec![
                rows::Arg::Int(last.seq as i64),
                rows::Arg::Text(self.key.clone()),
            ],
        );
        rows::insert_events(&mut statements, board.id, events)?;
        rows::write_touched(&mut statements, board, events)?;
        webhooks::insert_outgoing(&mut statements, board.id, last.at, outgoing);
        match self.turn {
            Turn::Queued(writer) => writer.commit(statements).await,
            Turn::Locked(mut tx) => {
                statements
                    .run(&mut tx)
                    .await
                    .map_err(conflict_if_duplicate)?;
                if self.backend == Backend::Postgres {
                    notify::announce(&mut tx, board.id, last.seq).await?;
                }
                tx.commit().await?;
                Ok(())
            }
        }
    }
}

/// A unique-key violation while appending means another instance took the sequence numbers or
/// committed the same submission first: a conflict. Nothing is committed; the senders send
/// again, and the next commit reads what the other instance wrote before deciding.
fn conflict_if_duplicate(e: sqlx::Error) -> Error {
    match e {
        sqlx::Error::Database(db) if db.is_unique_violation() => Error::Conflict,
        other => other.into(),
    }
}
