//! The security audit log.

use super::Store;
use crate::error::Result;
use qadam_shared::UserId;
use qadam_shared::audit::{AUDIT_PAGE, AuditAction, AuditEntry};
use sqlx::Row;

/// An entry to keep.
pub struct NewAudit<'a> {
    pub at: i64,
    pub actor: Option<(UserId, &'a str)>,
    pub action: AuditAction,
    pub subject: &'a str,
    pub detail: &'a str,
    pub address: Option<String>,
}

impl Store {
    pub async fn add_audit(&self, entry: &NewAudit<'_>) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_log (id, at, actor_id, actor, action, subject, detail, address)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(entry.at)
        .bind(entry.actor.map(|(id, _)| id.to_string()))
        .bind(entry.actor.map(|(_, name)| name.to_owned()))
        .bind(entry.action.as_str())
        .bind(entry.subject)
        .bind(entry.detail)
        .bind(entry.address.clone())
        .execute(&mut *self.write().await?)
        .await?;
        Ok(())
    }

    /// The latest entries, newest first, at most a page: those older than `before` (its time
    /// and id), which is the last entry of the page before, when given.
    pub async fn audit_before(&self, before: Option<(i64, &str)>) -> Result<Vec<AuditEntry>> {
        let (at, id) = before.unwrap_or((i64::MAX, ""));
        let rows = sqlx::query(
            "SELECT id, at, actor, action, subject, detail, address FROM audit_log
             WHERE at < $1 OR (at = $1 AND id < $2) ORDER BY at DESC, id DESC LIMIT $3",
        )
        .bind(at)
        .bind(id.to_owned())
        .bind(AUDIT_PAGE as i64)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let action: String = row.get("action");
                Ok(AuditEntry {
                    id: row.get("id"),
                    at: row.get("at"),
                    actor: row.get("actor"),
                    action: AuditAction::parse(&action).ok_or_else(|| {
                        anyhow::anyhow!("corrupt audit action {action:?} in the database")
                    })?,
                    subject: row.get("subject"),
                    detail: row.get("detail"),
                    address: row.get("address"),
                })
            })
            .collect()
    }
}
