//! People's notifications.

use super::{Store, rows};
use crate::error::Result;
use qadam_shared::inbox::{Inbox, Notification, NotificationKind};
use qadam_shared::{BoardId, CardId, UserId};
use sqlx::Row;

/// A notification to store.
pub struct NewNotification {
    pub user: UserId,
    pub board: BoardId,
    pub card: CardId,
    pub seq: u64,
    pub kind: NotificationKind,
    pub title: String,
    pub author: String,
    pub at: i64,
}

/// Most notifications an inbox shows.
const INBOX_MAX: i64 = 50;

impl Store {
    /// Stores notifications, each only for a person who sees its board and has none unread of
    /// the same task and kind (one stored for the same change is skipped too). Whose inbox
    /// changed.
    pub async fn add_notifications(&self, list: &[NewNotification]) -> Result<Vec<UserId>> {
        let mut told = Vec::new();
        for n in list {
            // Only someone who sees the board hears of it: an assignee since taken off the
            // team is not told its task titles. One unread notice per person, task and kind:
            // a comment naming someone again and again, or an assignment toggled, tells them
            // once until they read it.
            let added = sqlx::query(
                "INSERT INTO notifications (id, user_id, board_id, card_id, seq, kind, title, author, at)
                 SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9
                 WHERE EXISTS (
                     SELECT 1 FROM users u WHERE u.id = $2 AND u.disabled = 0 AND (
                         u.is_admin <> 0 OR EXISTS (
                             SELECT 1 FROM memberships m WHERE m.user_id = $2 AND m.board_id = $3
                         )
                     )
                 ) AND NOT EXISTS (
                     SELECT 1 FROM notifications o
                     WHERE o.user_id = $2 AND o.board_id = $3 AND o.card_id = $4 AND o.kind = $6
                       AND o.is_read = 0
                 )
                 ON CONFLICT (user_id, board_id, card_id, seq, kind) DO NOTHING",
            )
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(n.user.to_string())
            .bind(n.board.to_string())
            .bind(n.card.to_string())
            .bind(n.seq as i64)
            .bind(n.kind.as_str())
            .bind(&n.title)
            .bind(&n.author)
            .bind(n.at)
            .execute(&mut *self.write().await?)
            .await?;
            if added.rows_affected() > 0 {
                told.push(n.user);
            }
        }
        Ok(told)
    }

    /// A person's latest notifications, newest first, and how many are unread.
    pub async fn inbox(&self, user: UserId) -> Result<Inbox> {
        let rows = sqlx::query(
            // One statement, so the count and the list are of the same moment.
            "SELECT n.id, n.board_id, b.name AS board_name, n.card_id, n.kind, n.title, n.author,
                    n.at, n.is_read,
                    (SELECT COUNT(*) FROM notifications u WHERE u.user_id = $1 AND u.is_read = 0)
                      AS unread
             FROM notifications n JOIN boards b ON b.id = n.board_id
             WHERE n.user_id = $1 ORDER BY n.at DESC, n.seq DESC LIMIT $2",
        )
        .bind(user.to_string())
        .bind(INBOX_MAX)
        .fetch_all(&self.pool)
        .await?;
        let mut items = Vec::with_capacity(rows.len());
        for r in &rows {
            let kind: String = r.get("kind");
            let Some(kind) = NotificationKind::parse(&kind) else {
                continue;
            };
            items.push(Notification {
                id: r.get("id"),
                kind,
                board: rows::board_id(r.get("board_id"))?,
                board_name: r.get("board_name"),
                card: r
                    .get::<String, _>("card_id")
                    .parse()
                    .map_err(|e| anyhow::anyhow!("corrupt card id in a notification: {e}"))?,
                title: r.get("title"),
                by: r.get("author"),
                at: r.get("at"),
                read: r.get::<i64, _>("is_read") != 0,
            });
        }
        let unread: i64 = rows.first().map_or(0, |r| r.get("unread"));
        Ok(Inbox {
            items,
            unread: unread as usize,
        })
    }

    /// Marks one of a person's notifications read, or all of them.
    pub async fn mark_read(&self, user: UserId, id: Option<&str>) -> Result<()> {
        let query = match id {
            Some(id) => {
                sqlx::query("UPDATE notifications SET is_read = 1 WHERE user_id = $1 AND id = $2")
                    .bind(user.to_string())
                    .bind(id.to_owned())
            }
            None => sqlx::query("UPDATE notifications SET is_read = 1 WHERE user_id = $1")
                .bind(user.to_string()),
        };
        query.execute(&mut *self.write().await?).await?;
        Ok(())
    }
}
