//! Storage through sqlx: boards, their current rows and the event log.
//!
//! Everything the sync core needs goes through `Store`, so another backend (PostgreSQL) slots in
//! here without touching handlers or sync.

mod rows;

use crate::error::Result;
use qadam_shared::{Board, BoardId, ClientOpId, Committed, Op};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Row, Sqlite, SqlitePool};
use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

/// A handle on the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating if missing) and migrates the database at `database`: a file path or a
    /// `sqlite:` URL.
    pub async fn open(database: &str) -> Result<Self> {
        let url = if database.starts_with("sqlite:") {
            database.to_owned()
        } else {
            format!("sqlite://{database}")
        };
        let options = SqliteConnectOptions::from_str(&url)
            .map_err(|e| anyhow::anyhow!("bad database URL {url}: {e}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // Every commit reaches the disk before it is acknowledged.
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|e| anyhow::anyhow!("migrating the database: {e}"))?;
        Ok(Self { pool })
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
        sqlx::query("INSERT INTO boards (id, name, team, seq, sort_order) VALUES (?, ?, ?, 0, ?)")
            .bind(board.id.to_string())
            .bind(&board.name)
            .bind(&board.team)
            .bind(sort_order)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The board's current state and sequence number.
    pub async fn load_board(&self, id: BoardId) -> Result<Option<(Board, u64)>> {
        let key = id.to_string();
        let Some(row) = sqlx::query("SELECT name, team, seq FROM boards WHERE id = ?")
            .bind(&key)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let mut board = Board::new(
            id,
            row.get::<String, _>("name"),
            row.get::<String, _>("team"),
        );
        let seq: i64 = row.get("seq");
        let columns = sqlx::query(
            "SELECT id, name, position, wip_limit FROM board_columns WHERE board_id = ?",
        )
        .bind(&key)
        .fetch_all(&self.pool)
        .await?;
        for row in &columns {
            let column = rows::column(row)?;
            board.columns.insert(column.id, column);
        }
        let cards = sqlx::query(
            "SELECT id, column_id, position, title, description, archived FROM cards WHERE board_id = ?",
        )
        .bind(&key)
        .fetch_all(&self.pool)
        .await?;
        for row in &cards {
            let card = rows::card(row)?;
            board.cards.insert(card.id, card);
        }
        Ok(Some((board, seq as u64)))
    }

    /// Appends `events` to the log and writes the rows they touched, taken from `board` (the
    /// state after all of them), in one transaction.
    pub async fn commit(&self, board: &Board, events: &[Committed]) -> Result<()> {
        let Some(last) = events.last() else {
            return Ok(());
        };
        let key = board.id.to_string();
        let mut tx = self.pool.begin().await?;
        rows::insert_events(&mut tx, board.id, events).await?;
        rows::write_touched(&mut tx, board, events).await?;
        let updated = sqlx::query("UPDATE boards SET seq = ? WHERE id = ? AND seq = ?")
            .bind(last.seq as i64)
            .bind(&key)
            .bind(events[0].seq as i64 - 1)
            .execute(&mut *tx)
            .await?;
        if updated.rows_affected() != 1 {
            return Err(anyhow::anyhow!("board {key} was written by someone else").into());
        }
        tx.commit().await?;
        Ok(())
    }

    /// Log entries after `since`, up to and including `until`, oldest first.
    pub async fn events_between(
        &self,
        id: BoardId,
        since: u64,
        until: u64,
    ) -> Result<Vec<Committed>> {
        let rows = sqlx::query(
            "SELECT seq, op, author, at, client_op FROM events
             WHERE board_id = ? AND seq > ? AND seq <= ? ORDER BY seq",
        )
        .bind(id.to_string())
        .bind(since as i64)
        .bind(until as i64)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(rows::event).collect()
    }

    /// Which of `client_ops` the board's log holds, with their sequence numbers.
    pub async fn committed_seqs(
        &self,
        id: BoardId,
        client_ops: &[ClientOpId],
    ) -> Result<HashMap<ClientOpId, u64>> {
        let mut query =
            QueryBuilder::<Sqlite>::new("SELECT client_op, seq FROM events WHERE board_id = ");
        query.push_bind(id.to_string()).push(" AND client_op IN (");
        let mut list = query.separated(", ");
        for op in client_ops {
            list.push_bind(op.to_string());
        }
        query.push(")");
        let rows = query.build().fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                let id = rows::client_op_id(r.get("client_op"))?;
                Ok((id, r.get::<i64, _>("seq") as u64))
            })
            .collect()
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

/// Serializes an op for the log; shared with the rows module's decoding.
pub(crate) fn decode_op(text: &str) -> Result<Op> {
    serde_json::from_str(text).map_err(|e| anyhow::anyhow!("corrupt op in the log: {e}").into())
}
