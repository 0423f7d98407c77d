//! Webhooks and their outbox of deliveries.

use super::Store;
use super::rows::{self, Arg, Statements};
use crate::error::Result;
use qadam_shared::BoardId;
use qadam_shared::webhooks::{
    DELIVERIES_PAGE, DeliveryState, Webhook, WebhookChange, WebhookDelivery, WebhookEvent,
};
use sqlx::Row;
use sqlx::any::AnyRow;

/// An active webhook, as a board's task keeps it to know which changes it is told of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hook {
    pub id: String,
    pub events: Vec<WebhookEvent>,
}

/// A delivery owed, written with the change it tells of.
pub struct Outgoing {
    pub webhook_id: String,
    pub seq: u64,
    pub event: WebhookEvent,
    pub payload: String,
}

/// A pending delivery that is due, with where it goes and how it is signed.
pub struct Due {
    pub id: String,
    pub webhook_id: String,
    pub url: String,
    pub secret: String,
    pub event: WebhookEvent,
    pub payload: String,
    pub attempts: u32,
    pub next_at: i64,
}

/// How one try ended.
pub struct Tried {
    pub state: DeliveryState,
    pub next_at: Option<i64>,
    pub at: i64,
    pub status: Option<u16>,
    pub error: Option<String>,
}

fn events_text(events: &[WebhookEvent]) -> String {
    events
        .iter()
        .map(|e| e.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn events_of(text: &str) -> Vec<WebhookEvent> {
    text.split(',').filter_map(WebhookEvent::parse).collect()
}

fn event_of(text: &str) -> Result<WebhookEvent> {
    WebhookEvent::parse(text)
        .ok_or_else(|| anyhow::anyhow!("corrupt webhook event {text:?} in the database").into())
}

fn webhook(row: &AnyRow) -> Webhook {
    Webhook {
        id: row.get("id"),
        url: row.get("url"),
        events: events_of(&row.get::<String, _>("events")),
        active: row.get::<i64, _>("active") != 0,
        created_by: row.get("created_by"),
        created_at: row.get("created_at"),
        pending: row.get::<i64, _>("pending") as u64,
        failed: row.get::<i64, _>("failed") as u64,
    }
}

const SELECT_WEBHOOK: &str = "SELECT w.id, w.url, w.events, w.active, w.created_by, w.created_at,
    (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.state = 'pending') AS pending,
    (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.state = 'failed') AS failed
    FROM webhooks w";

/// Adds the deliveries a commit owes to its statements, many rows per statement.
pub fn insert_outgoing(
    statements: &mut Statements,
    board: BoardId,
    now: i64,
    outgoing: &[Outgoing],
) {
    let key = board.to_string();
    for chunk in outgoing.chunks(rows::ROWS_PER_STATEMENT) {
        let mut args = Vec::with_capacity(chunk.len() * 9);
        for o in chunk {
            args.extend([
                Arg::Text(uuid::Uuid::new_v4().to_string()),
                Arg::Text(o.webhook_id.clone()),
                Arg::Text(key.clone()),
                Arg::Int(o.seq as i64),
                Arg::Text(o.event.as_str().to_owned()),
                Arg::Text(o.payload.clone()),
                Arg::Int(now),
                Arg::Int(now),
                Arg::Text(DeliveryState::Pending.as_str().to_owned()),
            ]);
        }
        statements.push(
            |first| {
                format!(
                    "INSERT INTO webhook_deliveries (id, webhook_id, board_id, seq, event, payload, created_at, next_at, state) VALUES {}",
                    rows::values(first, chunk.len(), 9)
                )
            },
            args,
        );
    }
}

impl Store {
    /// The board's active webhooks.
    pub async fn active_hooks(&self, board: BoardId) -> Result<Vec<Hook>> {
        let rows =
            sqlx::query("SELECT id, events FROM webhooks WHERE board_id = $1 AND active = 1")
                .bind(board.to_string())
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .iter()
            .map(|row| Hook {
                id: row.get("id"),
                events: events_of(&row.get::<String, _>("events")),
            })
            .collect())
    }

    /// The board's webhooks, oldest first.
    pub async fn webhooks_of(&self, board: BoardId) -> Result<Vec<Webhook>> {
        let sql = format!("{SELECT_WEBHOOK} WHERE w.board_id = $1 ORDER BY w.created_at, w.id");
        let rows = sqlx::query(&sql)
            .bind(board.to_string())
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(webhook).collect())
    }

    pub async fn webhook(&self, board: BoardId, id: &str) -> Result<Option<Webhook>> {
        let sql = format!("{SELECT_WEBHOOK} WHERE w.board_id = $1 AND w.id = $2");
        let row = sqlx::query(&sql)
            .bind(board.to_string())
            .bind(id.to_owned())
            .fetch_optional(&mut *self.write().await?)
            .await?;
        Ok(row.as_ref().map(webhook))
    }

    pub async fn create_webhook(&self, board: BoardId, hook: &Webhook, secret: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO webhooks (id, board_id, url, events, secret, active, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, 1, $6, $7)",
        )
        .bind(hook.id.clone())
        .bind(board.to_string())
        .bind(hook.url.clone())
        .bind(events_text(&hook.events))
        .bind(secret.to_owned())
        .bind(hook.created_by.clone())
        .bind(hook.created_at)
        .execute(&mut *self.write().await?)
        .await?;
        Ok(())
    }

    /// Changes a webhook of the board; whether there was one.
    pub async fn change_webhook(
        &self,
        board: BoardId,
        id: &str,
        change: &WebhookChange,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE webhooks SET active = COALESCE($1, active), events = COALESCE($2, events)
             WHERE board_id = $3 AND id = $4",
        )
        .bind(change.active.map(i64::from))
        .bind(change.events.as_deref().map(events_text))
        .bind(board.to_string())
        .bind(id.to_owned())
        .execute(&mut *self.write().await?)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Deletes a webhook of the board and every delivery it was owed; its URL, if there was one.
    pub async fn delete_webhook(&self, board: BoardId, id: &str) -> Result<Option<String>> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query("DELETE FROM webhooks WHERE board_id = $1 AND id = $2 RETURNING url")
            .bind(board.to_string())
            .bind(id.to_owned())
            .fetch_optional(&mut *tx)
            .await?;
        if row.is_some() {
            sqlx::query("DELETE FROM webhook_deliveries WHERE webhook_id = $1")
                .bind(id.to_owned())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(row.map(|r| r.get("url")))
    }

    /// The webhook's latest deliveries, newest first.
    pub async fn deliveries_of(&self, id: &str) -> Result<Vec<WebhookDelivery>> {
        let rows = sqlx::query(&format!(
            "SELECT id, event, seq, created_at, state, attempts, last_at, last_status, last_error,
                next_at FROM webhook_deliveries WHERE webhook_id = $1
             ORDER BY created_at DESC, seq DESC LIMIT {DELIVERIES_PAGE}"
        ))
        .bind(id.to_owned())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let state: String = row.get("state");
                Ok(WebhookDelivery {
                    id: row.get("id"),
                    event: event_of(&row.get::<String, _>("event"))?,
                    seq: row.get::<i64, _>("seq") as u64,
                    created_at: row.get("created_at"),
                    state: DeliveryState::parse(&state).ok_or_else(|| {
                        anyhow::anyhow!("corrupt delivery state {state:?} in the database")
                    })?,
                    attempts: row.get::<i64, _>("attempts") as u32,
                    last_at: row.get("last_at"),
                    last_status: row.get::<Option<i64>, _>("last_status").map(|s| s as u16),
                    last_error: row.get("last_error"),
                    next_at: row.get("next_at"),
                })
            })
            .collect()
    }

    /// Whether a ping to the webhook still waits to be sent.
    pub async fn ping_waiting(&self, id: &str) -> Result<bool> {
        let row = sqlx::query(
            "SELECT id FROM webhook_deliveries
             WHERE webhook_id = $1 AND event = 'ping' AND next_at IS NOT NULL LIMIT 1",
        )
        .bind(id.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.is_some())
    }

    /// Owes one delivery outside any change (a ping).
    pub async fn add_delivery(&self, board: BoardId, outgoing: &Outgoing, now: i64) -> Result<()> {
        let mut statements = Statements::new(self.backend);
        insert_outgoing(&mut statements, board, now, std::slice::from_ref(outgoing));
        let mut conn = self.write().await?;
        statements.run_alone(&mut conn).await?;
        Ok(())
    }

    /// Pending deliveries due by `now` to active webhooks, oldest first: at most `per_webhook`
    /// of one webhook (so one with a long backlog does not hold up the others) and `limit` in all.
    pub async fn due_deliveries(
        &self,
        now: i64,
        per_webhook: usize,
        limit: usize,
    ) -> Result<Vec<Due>> {
        let rows = sqlx::query(&format!(
            "SELECT id, webhook_id, url, secret, event, payload, attempts, next_at FROM (
                SELECT d.id, d.webhook_id, w.url, w.secret, d.event, d.payload, d.attempts,
                    d.next_at, d.seq, ROW_NUMBER() OVER (
                        PARTITION BY d.webhook_id ORDER BY d.next_at, d.seq) AS nth
                FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                WHERE d.next_at IS NOT NULL AND d.next_at <= $1 AND w.active = 1
             ) due WHERE nth <= {per_webhook} ORDER BY next_at, seq LIMIT {limit}"
        ))
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Due {
                    id: row.get("id"),
                    webhook_id: row.get("webhook_id"),
                    url: row.get("url"),
                    secret: row.get("secret"),
                    event: event_of(&row.get::<String, _>("event"))?,
                    payload: row.get("payload"),
                    attempts: row.get::<i64, _>("attempts") as u32,
                    next_at: row.get("next_at"),
                })
            })
            .collect()
    }

    /// Takes due deliveries for one try each, until `until`: the ids of those taken (another
    /// instance may have taken the others first). One statement for the round.
    pub async fn claim_deliveries(&self, due: &[Due], now: i64, until: i64) -> Result<Vec<String>> {
        let mut taken = Vec::new();
        for chunk in due.chunks(rows::ROWS_PER_STATEMENT) {
            let sql = format!(
                "UPDATE webhook_deliveries SET next_at = $1, attempts = attempts + 1
                 WHERE state = 'pending' AND next_at <= $2 AND id IN ({}) RETURNING id",
                rows::placeholders(3, chunk.len())
            );
            let mut query = sqlx::query(&sql).bind(until).bind(now);
            for d in chunk {
                query = query.bind(d.id.clone());
            }
            for row in query.fetch_all(&mut *self.write().await?).await? {
                taken.push(row.get("id"));
            }
        }
        Ok(taken)
    }

    /// Records how each try of a round went, in one transaction: only where the claim made
    /// until `until` still holds (an instance that took a delivery over after the claim ran out
    /// records its own try).
    pub async fn record_tries(&self, tries: &[(String, Tried)], until: i64) -> Result<()> {
        let mut statements = Statements::new(self.backend);
        for (id, tried) in tries {
            statements.push(
                |n| {
                    format!(
                        "UPDATE webhook_deliveries SET state = ${n}, next_at = ${}, last_at = ${},
                            last_status = ${}, last_error = ${}
                         WHERE id = ${} AND next_at = ${} AND state = 'pending'",
                        n + 1,
                        n + 2,
                        n + 3,
                        n + 4,
                        n + 5,
                        n + 6
                    )
                },
                vec![
                    Arg::Text(tried.state.as_str().to_owned()),
                    Arg::MaybeInt(tried.next_at),
                    Arg::Int(tried.at),
                    Arg::MaybeInt(tried.status.map(i64::from)),
                    Arg::MaybeText(tried.error.clone()),
                    Arg::Text(id.clone()),
                    Arg::Int(until),
                ],
            );
        }
        let mut conn = self.write().await?;
        statements.run_alone(&mut conn).await?;
        Ok(())
    }

    /// Deliveries still owed, to every webhook.
    pub async fn webhook_backlog(&self) -> Result<u64> {
        let row =
            sqlx::query("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE next_at IS NOT NULL")
                .fetch_one(&self.pool)
                .await?;
        Ok(row.get::<i64, _>("n") as u64)
    }

    /// Forgets finished deliveries made before `before`, and any delivery whose webhook is
    /// gone (written by a commit that raced the webhook's deletion).
    pub async fn prune_deliveries(&self, before: i64) -> Result<u64> {
        let finished =
            sqlx::query("DELETE FROM webhook_deliveries WHERE next_at IS NULL AND created_at < $1")
                .bind(before)
                .execute(&mut *self.write().await?)
                .await?;
        let orphaned = sqlx::query(
            "DELETE FROM webhook_deliveries
             WHERE NOT EXISTS (SELECT 1 FROM webhooks w WHERE w.id = webhook_id)",
        )
        .execute(&mut *self.write().await?)
        .await?;
        Ok(finished.rows_affected() + orphaned.rows_affected())
    }
}
