//! Personal access tokens.

use super::Store;
use super::accounts::User;
use crate::error::Result;
use qadam_shared::UserId;
use qadam_shared::api::AccessToken;
use sqlx::Row;

/// A token as a request presents it, once found live.
pub struct TokenUse {
    pub id: String,
    pub user: User,
    pub read_only: bool,
    pub last_used: Option<i64>,
    /// When it stops working, in milliseconds.
    pub expires_at: i64,
}

impl Store {
    pub async fn create_token(
        &self,
        user: UserId,
        token: &AccessToken,
        token_hash: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO access_tokens (id, user_id, name, token_hash, read_only, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(token.id.clone())
        .bind(user.to_string())
        .bind(token.name.clone())
        .bind(token_hash.to_owned())
        .bind(token.read_only as i64)
        .bind(token.created_at)
        .bind(token.expires_at)
        .execute(&mut *self.write().await?)
        .await?;
        Ok(())
    }

    /// The person's live tokens, newest first.
    pub async fn tokens_of(&self, user: UserId, now: i64) -> Result<Vec<AccessToken>> {
        let rows = sqlx::query(
            "SELECT id, name, read_only, created_at, expires_at, last_used FROM access_tokens
             WHERE user_id = $1 AND revoked = 0 AND expires_at > $2 ORDER BY created_at DESC",
        )
        .bind(user.to_string())
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|row| AccessToken {
                id: row.get("id"),
                name: row.get("name"),
                read_only: row.get::<i64, _>("read_only") != 0,
                created_at: row.get("created_at"),
                expires_at: row.get("expires_at"),
                last_used: row.get("last_used"),
            })
            .collect())
    }

    /// Revokes one of the person's tokens; whether there was such a live token.
    pub async fn revoke_token(&self, user: UserId, id: &str) -> Result<Option<String>> {
        let row = sqlx::query(
            "UPDATE access_tokens SET revoked = 1
             WHERE user_id = $1 AND id = $2 AND revoked = 0 RETURNING name",
        )
        .bind(user.to_string())
        .bind(id.to_owned())
        .fetch_optional(&mut *self.write().await?)
        .await?;
        Ok(row.map(|r| r.get("name")))
    }

    /// The live token with this hash, and its person (an enabled account).
    pub async fn token_use(&self, token_hash: &str, now: i64) -> Result<Option<TokenUse>> {
        let sql = format!(
            "SELECT {}, t.id AS token_id, t.read_only, t.last_used, t.expires_at FROM access_tokens t
             JOIN users u ON u.id = t.user_id
             WHERE t.token_hash = $1 AND t.revoked = 0 AND t.expires_at > $2 AND u.disabled = 0",
            super::accounts::user_columns("u")
        );
        let Some(row) = sqlx::query(&sql)
            .bind(token_hash.to_owned())
            .bind(now)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(TokenUse {
            id: row.get("token_id"),
            user: super::accounts::user(&row)?,
            read_only: row.get::<i64, _>("read_only") != 0,
            last_used: row.get("last_used"),
            expires_at: row.get("expires_at"),
        }))
    }

    pub async fn touch_token(&self, id: &str, now: i64) -> Result<()> {
        sqlx::query("UPDATE access_tokens SET last_used = $2 WHERE id = $1")
            .bind(id.to_owned())
            .bind(now)
            .execute(&mut *self.write().await?)
            .await?;
        Ok(())
    }
}
