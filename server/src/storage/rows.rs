//! Between rows and the shared model, and the multi-row writes of a commit.

use crate::error::Result;
use qadam_shared::ops::Target;
use qadam_shared::{
    Board, BoardId, Card, CardId, ClientOpId, Column, ColumnId, Committed, EmbedId, OrderKey, Role,
    UserId,
};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
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

fn to_json<T: serde::Serialize>(value: &T) -> sqlx::Result<String> {
    serde_json::to_string(value).map_err(|e| sqlx::Error::Encode(e.into()))
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

/// `($1, …, $w), ($w+1, …), …` for `rows` rows of `width` parameters.
fn values(rows: usize, width: usize) -> String {
    (0..rows)
        .map(|r| format!("({})", placeholders(1 + r * width, width)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Appends events to the log, many rows per statement.
pub async fn insert_events(
    tx: &mut Transaction<'_, Any>,
    board: BoardId,
    events: &[Committed],
) -> sqlx::Result<()> {
    let key = board.to_string();
    for chunk in events.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO events (board_id, seq, op, author, author_id, at, client_op) VALUES {}",
            values(chunk.len(), 7)
        );
        let mut query = sqlx::query(&sql);
        for event in chunk {
            let op = serde_json::to_string(&event.op).map_err(|e| sqlx::Error::Encode(e.into()))?;
            query = query
                .bind(key.clone())
                .bind(event.seq as i64)
                .bind(op)
                .bind(event.author.clone())
                .bind(event.author_id.clone())
                .bind(event.at)
                .bind(event.client_op.map(|id| id.to_string()));
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Writes the current state (from `board`) of every card and column the events touched: one
/// row per item however often the batch changed it.
pub async fn write_touched(
    tx: &mut Transaction<'_, Any>,
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
        sqlx::query("UPDATE boards SET settings = $1, labels = $2 WHERE id = $3")
            .bind(to_json(&board.settings)?)
            .bind(to_json(&board.labels)?)
            .bind(key.clone())
            .execute(&mut **tx)
            .await?;
    }
    let cards: Vec<&Card> = cards.iter().filter_map(|id| board.cards.get(id)).collect();
    for chunk in cards.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO cards (board_id, id, column_id, position, title, description, archived, delivery, parts) VALUES {}
             ON CONFLICT (board_id, id) DO UPDATE SET column_id = excluded.column_id,
               position = excluded.position, title = excluded.title,
               description = excluded.description, archived = excluded.archived,
               delivery = excluded.delivery, parts = excluded.parts",
            values(chunk.len(), 9)
        );
        let mut query = sqlx::query(&sql);
        for c in chunk {
            query = query
                .bind(key.clone())
                .bind(c.id.to_string())
                .bind(c.column.to_string())
                .bind(c.position.to_string())
                .bind(c.title.clone())
                .bind(c.description.clone())
                .bind(c.archived as i64)
                .bind(to_json(&c.delivery)?)
                .bind(to_json(&c.parts)?);
        }
        query.execute(&mut **tx).await?;
    }
    let (present, gone): (Vec<ColumnId>, Vec<ColumnId>) = columns
        .into_iter()
        .partition(|id| board.columns.contains_key(id));
    let present: Vec<&Column> = present
        .iter()
        .filter_map(|id| board.columns.get(id))
        .collect();
    for chunk in present.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO board_columns (board_id, id, name, position, wip_limit, gate) VALUES {}
             ON CONFLICT (board_id, id) DO UPDATE SET name = excluded.name,
               position = excluded.position, wip_limit = excluded.wip_limit,
               gate = excluded.gate",
            values(chunk.len(), 6)
        );
        let mut query = sqlx::query(&sql);
        for c in chunk {
            query = query
                .bind(key.clone())
                .bind(c.id.to_string())
                .bind(c.name.clone())
                .bind(c.position.to_string())
                .bind(c.wip_limit.map(i64::from))
                .bind(c.gate.map(|g| g.as_str().to_owned()));
        }
        query.execute(&mut **tx).await?;
    }
    for column in gone {
        sqlx::query("DELETE FROM board_columns WHERE board_id = $1 AND id = $2")
            .bind(key.clone())
            .bind(column.to_string())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
