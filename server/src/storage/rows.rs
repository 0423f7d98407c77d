//! Between rows and the shared model, and the multi-row writes of a commit.

use crate::error::Result;
use qadam_shared::ops::Target;
use qadam_shared::{
    Board, BoardId, Card, CardId, ClientOpId, Column, ColumnId, Committed, EmbedId, OrderKey, Role,
    UserId,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Executor, Row};
use std::collections::BTreeSet;
use std::fmt::Write;
use std::str::FromStr;

/// Most rows one statement carries: far below SQLite's and PostgreSQL's parameter limits.
pub const ROWS_PER_STATEMENT: usize = 500;

fn parse<T: FromStr>(what: &str, text: &str) -> Result<T>
where
    T::Err: std::fmt::Display,
{
    T::from_str(text)
        .map_err(|e| anyhow::anyhow!("corrupt {what} {text:?} in the database: {e}").into())
}

/// A JSON column in the shared crate's shape.
pub fn json<T: serde::de::DeserializeOwned>(what: &str, text: String) -> Result<T> {
    serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("corrupt {what} {text:?} in the database: {e}").into())
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| anyhow::Error::from(e).into())
}

pub fn board_id(text: String) -> Result<BoardId> {
    parse("board id", &text)
}

pub fn user_id(text: String) -> Result<UserId> {
    parse("user id", &text)
}

pub fn embed_id(text: String) -> Result<EmbedId> {
    parse("embed id", &text)
}

pub fn client_op_id(text: String) -> Result<ClientOpId> {
    parse("client op id", &text)
}

/// A stored position, or `None` when it no longer reads (the loader then places the item last
/// rather than failing the whole board).
fn key(row: &AnyRow) -> Option<OrderKey> {
    let text: String = row.get("position");
    OrderKey::parse(&text)
        .inspect_err(|e| tracing::error!("unreadable position {text:?} in the database: {e}"))
        .ok()
}

/// A column, and whether its position must be renewed.
pub fn column(row: &AnyRow) -> Result<(Column, bool)> {
    let position = key(row);
    let column = Column {
        id: parse::<ColumnId>("column id", row.get("id"))?,
        name: row.get("name"),
        position: position.clone().unwrap_or_else(OrderKey::first),
        wip_limit: row.get::<Option<i64>, _>("wip_limit").map(|n| n as u32),
        gate: row
            .get::<Option<String>, _>("gate")
            .map(|g| {
                Role::parse(&g).ok_or_else(|| anyhow::anyhow!("corrupt gate {g:?} in the database"))
            })
            .transpose()?,
    };
    Ok((column, position.is_none()))
}

/// A card, and whether its position must be renewed.
pub fn card(row: &AnyRow) -> Result<(Card, bool)> {
    let position = key(row);
    let card = Card {
        id: parse::<CardId>("card id", row.get("id"))?,
        column: parse::<ColumnId>("column id", row.get("column_id"))?,
        position: position.clone().unwrap_or_else(OrderKey::first),
        title: row.get("title"),
        description: row.get("description"),
        archived: row.get::<i64, _>("archived") != 0,
        delivery: json("delivery", row.get("delivery"))?,
        parts: json("card parts", row.get("parts"))?,
    };
    Ok((card, position.is_none()))
}

/// Reads log entries as written (`FROM events e`, then the filter): what sync replays.
pub const SELECT_LOG: &str =
    "SELECT e.seq, e.op, e.author, e.author_id, e.at, e.client_op FROM events e";

/// Reads log entries with their author's current name: the history people read.
pub const SELECT_HISTORY: &str = "SELECT e.seq, e.op, COALESCE(u.display_name, e.author) AS author,
    e.author_id, e.at, e.client_op FROM events e LEFT JOIN users u ON u.id = e.author_id";

pub fn event(row: &AnyRow) -> Result<Committed> {
    let op: String = row.get("op");
    Ok(Committed {
        seq: row.get::<i64, _>("seq") as u64,
        op: serde_json::from_str(&op).map_err(|e| anyhow::anyhow!("corrupt op in the log: {e}"))?,
        author: row.get("author"),
        author_id: row.get("author_id"),
        at: row.get("at"),
        client_op: row
            .get::<Option<String>, _>("client_op")
            .map(client_op_id)
            .transpose()?,
    })
}

/// `$first, $first+1, …` for `n` parameters.
pub fn placeholders(first: usize, n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let _ = write!(out, "{}${}", if i > 0 { ", " } else { "" }, first + i);
    }
    out
}

/// `($first, …), (…), …` for `rows` rows of `width` parameters.
pub(super) fn values(first: usize, rows: usize, width: usize) -> String {
    (0..rows)
        .map(|r| format!("({})", placeholders(first + r * width, width)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An argument of a write.
pub enum Arg {
    Text(String),
    Int(i64),
    MaybeText(Option<String>),
    MaybeInt(Option<i64>),
}

/// The statements of one commit, with their arguments. Through sqlx on SQLite they go to the
/// connection's thread in one call, numbered across all of them (each call costs two thread
/// switches); PostgreSQL prepares one statement at a time, so each is sent on its own, numbered
/// from `$1`, and so does SQLite's board writer, which keeps each prepared.
pub struct Statements {
    one_call: bool,
    sent: Vec<(String, Vec<Arg>)>,
}

impl Statements {
    /// For a transaction through sqlx on `backend`.
    pub fn new(backend: super::Backend) -> Self {
        Self {
            one_call: backend == super::Backend::Sqlite,
            sent: Vec::new(),
        }
    }

    /// For SQLite's board writer: one statement at a time.
    pub fn one_by_one() -> Self {
        Self {
            one_call: false,
            sent: Vec::new(),
        }
    }

    /// Adds a statement: `sql` is given the number of its first placeholder.
    pub fn push(&mut self, sql: impl FnOnce(usize) -> String, args: Vec<Arg>) {
        match self.sent.last_mut() {
            Some((text, all)) if self.one_call => {
                text.push_str(";\n");
                text.push_str(&sql(all.len() + 1));
                all.extend(args);
            }
            _ => self.sent.push((sql(1), args)),
        }
    }

    pub async fn run(self, tx: &mut AnyConnection) -> sqlx::Result<()> {
        self.run_between(tx, "", "").await
    }

    /// The statements in a transaction of their own: on SQLite in one call, BEGIN and COMMIT
    /// included (taking the write lock at once). On an error the transaction is rolled back
    /// before returning, so the connection is never left inside one.
    pub async fn run_alone(self, conn: &mut AnyConnection) -> sqlx::Result<()> {
        let begin = if self.one_call {
            "BEGIN IMMEDIATE"
        } else {
            "BEGIN"
        };
        let ran = self.run_between(conn, begin, "COMMIT").await;
        if ran.is_err() {
            // Fails harmlessly when the error ended the transaction already or none began.
            let _ = conn.execute("ROLLBACK").await;
        }
        ran
    }

    /// Runs the statements with `before` and `after` (statements without arguments) around
    /// them, in the same call where the statements go in one.
    pub async fn run_between(
        self,
        conn: &mut AnyConnection,
        before: &str,
        after: &str,
    ) -> sqlx::Result<()> {
        let mut sent = self.sent;
        if self.one_call && !sent.is_empty() {
            let (sql, _) = &mut sent[0];
            if !before.is_empty() {
                *sql = format!("{before};\n{sql}");
            }
            if !after.is_empty() {
                sql.push_str(";\n");
                sql.push_str(after);
            }
        } else {
            if !before.is_empty() {
                sent.insert(0, (before.to_owned(), Vec::new()));
            }
            if !after.is_empty() {
                sent.push((after.to_owned(), Vec::new()));
            }
        }
        for (sql, args) in &sent {
            let mut query = sqlx::query(sql);
            for arg in args {
                query = match arg {
                    Arg::Text(text) => query.bind(text.as_str()),
                    Arg::Int(n) => query.bind(*n),
                    Arg::MaybeText(text) => query.bind(text.as_deref()),
                    Arg::MaybeInt(n) => query.bind(*n),
                };
            }
            query.execute(&mut *conn).await?;
        }
        Ok(())
    }

    /// Runs the statements on SQLite's writer connection, inside the caller's transaction.
    pub fn run_on(self, conn: &rusqlite::Connection) -> rusqlite::Result<()> {
        debug_assert!(!self.one_call, "made for sqlx");
        for (sql, args) in &self.sent {
            let mut statement = conn.prepare_cached(sql)?;
            // SQLite numbers `$n` parameters in the order they first appear, and the statements
            // here are written with `$1`, `$2`, … in order: `$n` is parameter n.
            debug_assert_eq!(
                numbered_in_order(sql),
                Some(statement.parameter_count()),
                "parameters numbered in order: {sql}"
            );
            for (i, arg) in args.iter().enumerate() {
                statement.raw_bind_parameter(i + 1, arg)?;
            }
            statement.raw_execute()?;
        }
        Ok(())
    }
}

/// How many `$n` placeholders `sql` holds when they read `$1`, `$2`, … in order, each once;
/// None otherwise. (A `$n` inside a literal makes the count differ from SQLite's.)
fn numbered_in_order(sql: &str) -> Option<usize> {
    let mut seen = 0;
    let mut rest = sql.as_bytes();
    while let Some(at) = rest.iter().position(|&b| b == b'$') {
        rest = &rest[at + 1..];
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            continue;
        }
        let n: usize = std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()?;
        if n != seen + 1 {
            return None;
        }
        seen = n;
        rest = &rest[digits..];
    }
    Some(seen)
}

impl rusqlite::ToSql for Arg {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        match self {
            Arg::Text(text) => text.to_sql(),
            Arg::Int(n) => n.to_sql(),
            Arg::MaybeText(text) => text.to_sql(),
            Arg::MaybeInt(n) => n.to_sql(),
        }
    }
}

/// Appends events to the log, many rows per statement.
pub fn insert_events(
    statements: &mut Statements,
    board: BoardId,
    events: &[Committed],
) -> Result<()> {
    let key = board.to_string();
    for chunk in events.chunks(ROWS_PER_STATEMENT) {
        let mut args = Vec::with_capacity(chunk.len() * 7);
        for event in chunk {
            args.extend([
                Arg::Text(key.clone()),
                Arg::Int(event.seq as i64),
                Arg::Text(to_json(&event.op)?),
                Arg::Text(event.author.clone()),
                Arg::MaybeText(event.author_id.clone()),
                Arg::Int(event.at),
                Arg::MaybeText(event.client_op.map(|id| id.to_string())),
            ]);
        }
        statements.push(
            |first| {
                format!(
                    "INSERT INTO events (board_id, seq, op, author, author_id, at, client_op) VALUES {}",
                    values(first, chunk.len(), 7)
                )
            },
            args,
        );
    }
    Ok(())
}

/// Writes the current state (from `board`) of every card and column the events touched: one
/// row per item however often the batch changed it.
pub fn write_touched(
    statements: &mut Statements,
    board: &Board,
    events: &[Committed],
) -> Result<()> {
    let mut cards = BTreeSet::new();
    let mut columns = BTreeSet::new();
    let mut settings = false;
    for event in events {
        match event.op.target() {
            Target::Card(card) => {
                cards.insert(card);
            }
            Target::Column(column) => {
                columns.insert(column);
            }
            Target::Board => settings = true,
        }
    }
    let key = board.id.to_string();
    if settings {
        statements.push(
            |n| {
                format!(
                    "UPDATE boards SET settings = ${n}, labels = ${} WHERE id = ${}",
                    n + 1,
                    n + 2
                )
            },
            vec![
                Arg::Text(to_json(&board.settings)?),
                Arg::Text(to_json(&board.labels)?),
                Arg::Text(key.clone()),
            ],
        );
    }
    let (cards, gone_cards) = still_there(cards, |id| board.cards.get(id));
    for chunk in cards.chunks(ROWS_PER_STATEMENT) {
        let mut args = Vec::with_capacity(chunk.len() * 9);
        for c in chunk {
            args.extend([
                Arg::Text(key.clone()),
                Arg::Text(c.id.to_string()),
                Arg::Text(c.column.to_string()),
                Arg::Text(c.position.to_string()),
                Arg::Text(c.title.clone()),
                Arg::Text(c.description.clone()),
                Arg::Int(c.archived as i64),
                Arg::Text(to_json(&c.delivery)?),
                Arg::Text(to_json(&c.parts)?),
            ]);
        }
        statements.push(
            |first| {
                format!(
                    "INSERT INTO cards (board_id, id, column_id, position, title, description, archived, delivery, parts) VALUES {}
                     ON CONFLICT (board_id, id) DO UPDATE SET column_id = excluded.column_id,
                       position = excluded.position, title = excluded.title,
                       description = excluded.description, archived = excluded.archived,
                       delivery = excluded.delivery, parts = excluded.parts",
                    values(first, chunk.len(), 9)
                )
            },
            args,
        );
    }
    let (present, gone_columns) = still_there(columns, |id| board.columns.get(id));
    for chunk in present.chunks(ROWS_PER_STATEMENT) {
        let mut args = Vec::with_capacity(chunk.len() * 6);
        for c in chunk {
            args.extend([
                Arg::Text(key.clone()),
                Arg::Text(c.id.to_string()),
                Arg::Text(c.name.clone()),
                Arg::Text(c.position.to_string()),
                Arg::MaybeInt(c.wip_limit.map(i64::from)),
                Arg::MaybeText(c.gate.map(|g| g.as_str().to_owned())),
            ]);
        }
        statements.push(
            |first| {
                format!(
                    "INSERT INTO board_columns (board_id, id, name, position, wip_limit, gate) VALUES {}
                     ON CONFLICT (board_id, id) DO UPDATE SET name = excluded.name,
                       position = excluded.position, wip_limit = excluded.wip_limit,
                       gate = excluded.gate",
                    values(first, chunk.len(), 6)
                )
            },
            args,
        );
    }
    delete_gone(statements, "cards", &key, gone_cards);
    delete_gone(statements, "board_columns", &key, gone_columns);
    Ok(())
}

/// Of the touched ids, the rows still on the board, and the ids gone from it (a card deleted,
/// a stage removed).
fn still_there<'a, K, V: 'a>(
    touched: BTreeSet<K>,
    on_board: impl Fn(&K) -> Option<&'a V>,
) -> (Vec<&'a V>, Vec<K>) {
    let (mut there, mut gone) = (Vec::new(), Vec::new());
    for id in touched {
        match on_board(&id) {
            Some(row) => there.push(row),
            None => gone.push(id),
        }
    }
    (there, gone)
}

/// Deletes the board's rows of `table` (keyed by board and id) whose ids are `gone`.
fn delete_gone(
    statements: &mut Statements,
    table: &'static str,
    board: &str,
    gone: Vec<impl ToString>,
) {
    for id in gone {
        statements.push(
            |n| {
                format!(
                    "DELETE FROM {table} WHERE board_id = ${n} AND id = ${}",
                    n + 1
                )
            },
            vec![Arg::Text(board.to_owned()), Arg::Text(id.to_string())],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::numbered_in_order;

    #[test]
    fn parameters_numbered_out_of_order_are_seen() {
        assert_eq!(
            numbered_in_order("UPDATE b SET s = $1 WHERE id = $2"),
            Some(2)
        );
        assert_eq!(numbered_in_order("VALUES ($1, $2), ($3, $4)"), Some(4));
        assert_eq!(numbered_in_order("SELECT 1"), Some(0));
        // Out of order, repeated, or a `$` SQLite does not count as a parameter.
        assert_eq!(numbered_in_order("UPDATE b SET s = $2 WHERE id = $1"), None);
        assert_eq!(numbered_in_order("SELECT $1 WHERE x = $1"), None);
        assert_eq!(
            numbered_in_order("SELECT json_extract(x, '$.a') WHERE y = $1"),
            Some(1)
        );
        assert_eq!(numbered_in_order("SELECT 'costs $1' WHERE y = $2"), Some(2));
    }
}
