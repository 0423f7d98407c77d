//! Between rows and the shared model.

use crate::error::Result;
use qadam_shared::{
    Board, BoardId, Card, CardId, ClientOpId, Column, ColumnId, Committed, Op, OrderKey,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, Transaction};
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

/// Writes the current state of whatever `op` touched.
pub async fn write_touched(tx: &mut Transaction<'_, Sqlite>, board: &Board, op: &Op) -> Result<()> {
    let key = board.id.to_string();
    match op {
        Op::CreateCard { card, .. }
        | Op::EditCard { card, .. }
        | Op::MoveCard { card, .. }
        | Op::ArchiveCard { card }
        | Op::RestoreCard { card, .. } => {
            let Some(c) = board.cards.get(card) else {
                return Ok(());
            };
            sqlx::query(
                "INSERT INTO cards (board_id, id, column_id, position, title, description, archived)
                 VALUES (?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (board_id, id) DO UPDATE SET column_id = excluded.column_id,
                   position = excluded.position, title = excluded.title,
                   description = excluded.description, archived = excluded.archived",
            )
            .bind(&key)
            .bind(c.id.to_string())
            .bind(c.column.to_string())
            .bind(c.position.to_string())
            .bind(&c.title)
            .bind(&c.description)
            .bind(c.archived as i64)
            .execute(&mut **tx)
            .await?;
        }
        Op::AddColumn { column, .. }
        | Op::RenameColumn { column, .. }
        | Op::MoveColumn { column, .. }
        | Op::SetWipLimit { column, .. } => {
            let Some(c) = board.columns.get(column) else {
                return Ok(());
            };
            sqlx::query(
                "INSERT INTO board_columns (board_id, id, name, position, wip_limit)
                 VALUES (?, ?, ?, ?, ?)
                 ON CONFLICT (board_id, id) DO UPDATE SET name = excluded.name,
                   position = excluded.position, wip_limit = excluded.wip_limit",
            )
            .bind(&key)
            .bind(c.id.to_string())
            .bind(&c.name)
            .bind(c.position.to_string())
            .bind(c.wip_limit.map(i64::from))
            .execute(&mut **tx)
            .await?;
        }
        Op::DeleteColumn { column } => {
            sqlx::query("DELETE FROM board_columns WHERE board_id = ? AND id = ?")
                .bind(&key)
                .bind(column.to_string())
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}
