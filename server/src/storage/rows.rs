//! Between rows and the shared model.

use crate::error::Result;
use qadam_shared::{
    Board, BoardId, Card, CardId, ClientOpId, Column, ColumnId, Committed, Op, OrderKey,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, Transaction};
use std::collections::BTreeSet;
use std::str::FromStr;

fn parse<T: FromStr>(what: &str, text: &str) -> Result<T>
where
    T::Err: std::fmt::Display,
{
    T::from_str(text)
        .map_err(|e| anyhow::anyhow!("corrupt {what} {text:?} in the database: {e}").into())
}

pub fn board_id(text: String) -> Result<BoardId> {
    parse("board id", &text)
}

pub fn client_op_id(text: String) -> Result<ClientOpId> {
    parse("client op id", &text)
}

fn key(text: &str) -> Result<OrderKey> {
    OrderKey::parse(text).map_err(|e| anyhow::anyhow!("corrupt position {text:?}: {e}").into())
}

pub fn column(row: &SqliteRow) -> Result<Column> {
    Ok(Column {
        id: parse::<ColumnId>("column id", row.get("id"))?,
        name: row.get("name"),
        position: key(row.get("position"))?,
        wip_limit: row.get::<Option<i64>, _>("wip_limit").map(|n| n as u32),
    })
}

pub fn card(row: &SqliteRow) -> Result<Card> {
    Ok(Card {
        id: parse::<CardId>("card id", row.get("id"))?,
        column: parse::<ColumnId>("column id", row.get("column_id"))?,
        position: key(row.get("position"))?,
        title: row.get("title"),
        description: row.get("description"),
        archived: row.get::<i64, _>("archived") != 0,
    })
}

pub fn event(row: &SqliteRow) -> Result<Committed> {
    Ok(Committed {
        seq: row.get::<i64, _>("seq") as u64,
        op: super::decode_op(row.get("op"))?,
        author: row.get("author"),
        at: row.get("at"),
        client_op: row
            .get::<Option<String>, _>("client_op")
            .map(|s| parse::<ClientOpId>("client op id", &s))
            .transpose()?,
    })
}

/// Most rows one INSERT carries, well under SQLite's limit of bound parameters.
const ROWS_PER_STATEMENT: usize = 500;

/// Appends events to the log, many rows per statement.
pub async fn insert_events(
    tx: &mut Transaction<'_, Sqlite>,
    board: BoardId,
    events: &[Committed],
) -> Result<()> {
    let key = board.to_string();
    for chunk in events.chunks(ROWS_PER_STATEMENT) {
        let mut ops = Vec::with_capacity(chunk.len());
        for event in chunk {
            ops.push(serde_json::to_string(&event.op).map_err(anyhow::Error::from)?);
        }
        let mut query = QueryBuilder::<Sqlite>::new(
            "INSERT INTO events (board_id, seq, op, author, at, client_op) ",
        );
        query.push_values(chunk.iter().zip(ops), |mut row, (event, op)| {
            row.push_bind(&key)
                .push_bind(event.seq as i64)
                .push_bind(op)
                .push_bind(&event.author)
                .push_bind(event.at)
                .push_bind(event.client_op.map(|id| id.to_string()));
        });
        query.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Writes the current state (from `board`) of every card and column the events touched: one
/// row per item however often the batch changed it.
pub async fn write_touched(
    tx: &mut Transaction<'_, Sqlite>,
    board: &Board,
    events: &[Committed],
) -> Result<()> {
    let mut cards = BTreeSet::new();
    let mut columns = BTreeSet::new();
    for event in events {
        match &event.op {
            Op::CreateCard { card, .. }
            | Op::EditCard { card, .. }
            | Op::MoveCard { card, .. }
            | Op::ArchiveCard { card }
            | Op::RestoreCard { card, .. } => {
                cards.insert(*card);
            }
            Op::AddColumn { column, .. }
            | Op::RenameColumn { column, .. }
            | Op::MoveColumn { column, .. }
            | Op::SetWipLimit { column, .. }
            | Op::DeleteColumn { column } => {
                columns.insert(*column);
            }
        }
    }
    let key = board.id.to_string();
    let cards: Vec<&Card> = cards.iter().filter_map(|id| board.cards.get(id)).collect();
    for chunk in cards.chunks(ROWS_PER_STATEMENT) {
        let mut query = QueryBuilder::<Sqlite>::new(
            "INSERT INTO cards (board_id, id, column_id, position, title, description, archived) ",
        );
        query.push_values(chunk, |mut row, c| {
            row.push_bind(&key)
                .push_bind(c.id.to_string())
                .push_bind(c.column.to_string())
                .push_bind(c.position.to_string())
                .push_bind(&c.title)
                .push_bind(&c.description)
                .push_bind(c.archived as i64);
        });
        query.push(
            " ON CONFLICT (board_id, id) DO UPDATE SET column_id = excluded.column_id,
              position = excluded.position, title = excluded.title,
              description = excluded.description, archived = excluded.archived",
        );
        query.build().execute(&mut **tx).await?;
    }
    let (present, gone): (Vec<ColumnId>, Vec<ColumnId>) = columns
        .into_iter()
        .partition(|id| board.columns.contains_key(id));
    let present: Vec<&Column> = present
        .iter()
        .filter_map(|id| board.columns.get(id))
        .collect();
    for chunk in present.chunks(ROWS_PER_STATEMENT) {
        let mut query = QueryBuilder::<Sqlite>::new(
            "INSERT INTO board_columns (board_id, id, name, position, wip_limit) ",
        );
        query.push_values(chunk, |mut row, c| {
            row.push_bind(&key)
                .push_bind(c.id.to_string())
                .push_bind(&c.name)
                .push_bind(c.position.to_string())
                .push_bind(c.wip_limit.map(i64::from));
        });
        query.push(
            " ON CONFLICT (board_id, id) DO UPDATE SET name = excluded.name,
              position = excluded.position, wip_limit = excluded.wip_limit",
        );
        query.build().execute(&mut **tx).await?;
    }
    for column in gone {
        sqlx::query("DELETE FROM board_columns WHERE board_id = ? AND id = ?")
            .bind(&key)
            .bind(column.to_string())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
