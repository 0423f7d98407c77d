//! People, sessions, roles and embed links.

use super::{Store, rows};
use crate::error::{Error, Result};
use qadam_shared::access::Standing;
use qadam_shared::authority::Author;
use qadam_shared::{Account, BoardId, EmbedLink, Member, Role};
use qadam_shared::{EmbedId, UserId};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;

/// A person's account, with what only the server sees.
#[derive(Clone, Debug)]
pub struct User {
    pub id: UserId,
    pub login: String,
    pub display_name: String,
    pub is_admin: bool,
    pub disabled: bool,
    pub password_hash: String,
    /// Signed in with a password someone else chose: must choose their own first.
    pub must_change_password: bool,
    /// The language the person chose, if any.
    pub language: Option<String>,
}

/// An account to create.
pub struct NewUser<'a> {
    pub id: UserId,
    pub login: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub is_admin: bool,
    /// The password is temporary: the person must change it at the next sign-in.
    pub must_change_password: bool,
}

impl<'a> NewUser<'a> {
    /// The account as others see it once created.
    pub fn account(&self) -> Account {
        Account {
            id: self.id,
            login: self.login.to_owned(),
            display_name: self.display_name.to_owned(),
            is_admin: self.is_admin,
            disabled: false,
            roles: BTreeMap::new(),
        }
    }

    /// An account whose password is its owner's own.
    pub fn new(
        id: UserId,
        login: &'a str,
        display_name: &'a str,
        password_hash: &'a str,
        is_admin: bool,
    ) -> Self {
        Self {
            id,
            login,
            display_name,
            password_hash,
            is_admin,
            must_change_password: false,
        }
    }
}

/// One of a person's sessions, as they see it in their list.
#[derive(Clone, Debug)]
pub struct SessionRow {
    pub id: String,
    pub token_hash: String,
    pub created_at: i64,
    pub last_seen: i64,
    pub user_agent: String,
}

impl User {
    /// The person as the author of a change on a board where they have `role`.
    pub fn author(&self, role: Role) -> Author {
        Author {
            id: Some(self.id.to_string()),
            name: self.display_name.clone(),
            standing: Standing {
                role,
                admin: self.is_admin,
            },
        }
    }

    /// What others may see of it.
    pub fn account(&self) -> Account {
        Account {
            id: self.id,
            login: self.login.clone(),
            display_name: self.display_name.clone(),
            is_admin: self.is_admin,
            disabled: self.disabled,
            roles: BTreeMap::new(),
        }
    }
}

/// What an administrator changes of an account; `None` leaves a field as it is.
#[derive(Default)]
pub struct AccountChange<'a> {
    pub display_name: Option<&'a str>,
    pub is_admin: Option<bool>,
    pub disabled: Option<bool>,
    pub password_hash: Option<&'a str>,
    /// With a new password: whether it is temporary.
    pub must_change_password: Option<bool>,
}

/// The columns of a person, each prefixed with `table.` (for a join).
pub(super) fn user_columns(table: &str) -> String {
    USER_COLUMNS
        .split(", ")
        .map(|c| format!("{table}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

const USER_COLUMNS: &str =
    "id, login, display_name, password_hash, is_admin, disabled, must_change_password, language";

pub(super) fn user(row: &AnyRow) -> Result<User> {
    Ok(User {
        id: rows::user_id(row.get("id"))?,
        login: row.get("login"),
        display_name: row.get("display_name"),
        password_hash: row.get("password_hash"),
        is_admin: row.get::<i64, _>("is_admin") != 0,
        disabled: row.get::<i64, _>("disabled") != 0,
        must_change_password: row.get::<i64, _>("must_change_password") != 0,
        language: row.get("language"),
    })
}

fn embed(row: &AnyRow) -> Result<EmbedLink> {
    let columns = row
        .get::<Option<String>, _>("columns")
        .map(|text| serde_json::from_str(&text))
        .transpose()
        .map_err(|e| anyhow::anyhow!("corrupt embed columns: {e}"))?;
    Ok(EmbedLink {
        id: rows::embed_id(row.get("id"))?,
        board_id: rows::board_id(row.get("board_id"))?,
        label: row.get("label"),
        columns,
        created_at: row.get("created_at"),
        expires_at: row.get("expires_at"),
        revoked: row.get::<i64, _>("revoked") != 0,
        created_by: row.try_get("created_by_name").ok(),
    })
}

impl Store {
    pub async fn count_users(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM users")
            .fetch_one(&self.pool)
            .await?
            .get("n"))
    }

    /// Creates an account; a login already taken is refused.
    pub async fn create_user(&self, new: &NewUser<'_>, now: i64) -> Result<()> {
        let result = sqlx::query(
            "INSERT INTO users (id, login, display_name, password_hash, is_admin, disabled,
               created_at, must_change_password) VALUES ($1, $2, $3, $4, $5, 0, $6, $7)",
        )
        .bind(new.id.to_string())
        .bind(new.login.to_owned())
        .bind(new.display_name.to_owned())
        .bind(new.password_hash.to_owned())
        .bind(i64::from(new.is_admin))
        .bind(now)
        .bind(i64::from(new.must_change_password))
        .execute(&mut *self.write().await?)
        .await;
        match result {
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                Err(Error::bad_request("login_taken", "this login is taken"))
            }
            other => other.map(|_| ()).map_err(Error::from),
        }
    }

    pub async fn user_by_login(&self, login: &str) -> Result<Option<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE login = $1");
        sqlx::query(&sql)
            .bind(login.to_owned())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(user)
            .transpose()
    }

    pub async fn user_by_id(&self, id: UserId) -> Result<Option<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        sqlx::query(&sql)
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(user)
            .transpose()
    }

    pub async fn users(&self) -> Result<Vec<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY display_name, login");
        sqlx::query(&sql)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(user)
            .collect()
    }

    /// Changes what is given of an account, all or nothing; a new password or disabling ends
    /// every session of the person. Returns the account as changed.
    pub async fn update_user(&self, id: UserId, change: &AccountChange<'_>) -> Result<User> {
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "UPDATE users SET display_name = COALESCE($2, display_name),
               is_admin = COALESCE($3, is_admin), disabled = COALESCE($4, disabled),
               password_hash = COALESCE($5, password_hash),
               must_change_password = COALESCE($6, must_change_password) WHERE id = $1
             RETURNING {USER_COLUMNS}"
        );
        let changed = sqlx::query(&sql)
            .bind(id.to_string())
            .bind(change.display_name.map(str::to_owned))
            .bind(change.is_admin.map(i64::from))
            .bind(change.disabled.map(i64::from))
            .bind(change.password_hash.map(str::to_owned))
            .bind(change.must_change_password.map(i64::from))
            .fetch_optional(&mut *tx)
            .await?
            .as_ref()
            .map(user)
            .transpose()?
            .ok_or(Error::NotFound("user"))?;
        if change.password_hash.is_some() || change.disabled == Some(true) {
            sqlx::query("UPDATE sessions SET revoked = 1 WHERE user_id = $1")
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(changed)
    }

    /// Sets a person's own password (no longer temporary) and ends their sessions but `keep`,
    /// in one transaction.
    pub async fn set_password(&self, id: UserId, password_hash: &str, keep: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET password_hash = $2, must_change_password = 0 WHERE id = $1")
            .bind(id.to_string())
            .bind(password_hash.to_owned())
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE sessions SET revoked = 1 WHERE user_id = $1 AND token_hash <> $2")
            .bind(id.to_string())
            .bind(keep.to_owned())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records the language a person reads Qadam in.
    pub async fn set_language(&self, id: UserId, language: &str) -> Result<()> {
        sqlx::query("UPDATE users SET language = $2 WHERE id = $1")
            .bind(id.to_string())
            .bind(language.to_owned())
            .execute(&mut *self.write().await?)
            .await?;
        Ok(())
    }

    /// The boards a person belongs to, with their role on each.
    pub async fn roles_of(&self, user: UserId) -> Result<BTreeMap<BoardId, Role>> {
        let rows = sqlx::query("SELECT board_id, role FROM memberships WHERE user_id = $1")
            .bind(user.to_string())
            .fetch_all(&self.pool)
            .await?;
        let mut roles = BTreeMap::new();
        for row in &rows {
            if let Some(role) = Role::parse(&row.get::<String, _>("role")) {
                roles.insert(rows::board_id(row.get("board_id"))?, role);
            }
        }
        Ok(roles)
    }

    /// Every membership: each person's role on each board.
    pub async fn memberships(&self) -> Result<Vec<(UserId, BoardId, Role)>> {
        let rows = sqlx::query("SELECT user_id, board_id, role FROM memberships")
            .fetch_all(&self.pool)
            .await?;
        let mut all = Vec::with_capacity(rows.len());
        for row in &rows {
            if let Some(role) = Role::parse(&row.get::<String, _>("role")) {
                all.push((
                    rows::user_id(row.get("user_id"))?,
                    rows::board_id(row.get("board_id"))?,
                    role,
                ));
            }
        }
        Ok(all)
    }

    /// A person's role on one board, if any.
    pub async fn role_on(&self, user: UserId, board: BoardId) -> Result<Option<Role>> {
        let row = sqlx::query("SELECT role FROM memberships WHERE user_id = $1 AND board_id = $2")
            .bind(user.to_string())
            .bind(board.to_string())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.and_then(|r| Role::parse(&r.get::<String, _>("role"))))
    }

    pub async fn members_of(&self, board: BoardId) -> Result<Vec<Member>> {
        let rows = sqlx::query(
            "SELECT u.id, u.login, u.display_name, m.role FROM memberships m
             JOIN users u ON u.id = m.user_id WHERE m.board_id = $1 ORDER BY u.display_name",
        )
        .bind(board.to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut members = Vec::with_capacity(rows.len());
        for r in &rows {
            if let Some(role) = Role::parse(&r.get::<String, _>("role")) {
                members.push(Member {
                    user_id: rows::user_id(r.get("id"))?,
                    login: r.get("login"),
                    display_name: r.get("display_name"),
                    role,
                });
            }
        }
        Ok(members)
    }

    pub async fn set_role(&self, user: UserId, board: BoardId, role: Option<Role>) -> Result<()> {
        match role {
            Some(role) => {
                sqlx::query(
                    "INSERT INTO memberships (user_id, board_id, role) VALUES ($1, $2, $3)
                     ON CONFLICT (user_id, board_id) DO UPDATE SET role = excluded.role",
                )
                .bind(user.to_string())
                .bind(board.to_string())
                .bind(role.as_str())
                .execute(&mut *self.write().await?)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM memberships WHERE user_id = $1 AND board_id = $2")
                    .bind(user.to_string())
                    .bind(board.to_string())
                    .execute(&mut *self.write().await?)
                    .await?;
            }
        }
        Ok(())
    }

    pub async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        user_agent: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, id, user_id, user_agent, created_at, expires_at,
               revoked, last_seen) VALUES ($1, $2, $3, $4, $5, $6, 0, $5)",
        )
        .bind(token_hash.to_owned())
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(user.to_string())
        .bind(user_agent.to_owned())
        .bind(now)
        .bind(expires_at)
        .execute(&mut *self.write().await?)
        .await?;
        Ok(())
    }

    /// A person's live sessions (not ended, not expired, used after `idle_since`), latest use
    /// first.
    pub async fn sessions_of(
        &self,
        user: UserId,
        now: i64,
        idle_since: i64,
    ) -> Result<Vec<SessionRow>> {
        let rows = sqlx::query(
            "SELECT id, token_hash, created_at, last_seen, user_agent FROM sessions
             WHERE user_id = $1 AND revoked = 0 AND expires_at > $2 AND last_seen > $3
             ORDER BY last_seen DESC",
        )
        .bind(user.to_string())
        .bind(now)
        .bind(idle_since)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|row| SessionRow {
                id: row.get("id"),
                token_hash: row.get("token_hash"),
                created_at: row.get("created_at"),
                last_seen: row.get("last_seen"),
                user_agent: row.get("user_agent"),
            })
            .collect())
    }

    /// Ends one of a person's sessions by its id; another person's session is not found.
    pub async fn end_session_of(&self, user: UserId, id: &str) -> Result<()> {
        let done = sqlx::query(
            "UPDATE sessions SET revoked = 1 WHERE user_id = $1 AND id = $2 AND revoked = 0",
        )
        .bind(user.to_string())
        .bind(id.to_string())
        .execute(&mut *self.write().await?)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound("session"));
        }
        Ok(())
    }

    /// Ends every session of a person.
    pub async fn end_sessions_of(&self, user: UserId) -> Result<()> {
        sqlx::query("UPDATE sessions SET revoked = 1 WHERE user_id = $1")
            .bind(user.to_string())
            .execute(&mut *self.write().await?)
            .await?;
        Ok(())
    }

    /// The account behind a live session: not revoked, not expired, used after `idle_since`, not
    /// disabled; with when the session was last used and when it expires.
    pub async fn session_user(
        &self,
        token_hash: &str,
        now: i64,
        idle_since: i64,
    ) -> Result<Option<(User, i64, i64)>> {
        let sql = format!(
            "SELECT {}, s.last_seen, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND s.revoked = 0 AND s.expires_at > $2
               AND s.last_seen > $3 AND u.disabled = 0",
            user_columns("u")
        );
        sqlx::query(&sql)
            .bind(token_hash.to_owned())
            .bind(now)
            .bind(idle_since)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(|row| Ok((user(row)?, row.get("last_seen"), row.get("expires_at"))))
            .transpose()
    }

    /// Records that a session was used at `now`.
    pub async fn touch_session(&self, token_hash: &str, now: i64) -> Result<()> {
        sqlx::query("UPDATE sessions SET last_seen = $2 WHERE token_hash = $1")
            .bind(token_hash.to_owned())
            .bind(now)
            .execute(&mut *self.write().await?)
            .await?;
        Ok(())
    }

    pub async fn revoke_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("UPDATE sessions SET revoked = 1 WHERE token_hash = $1")
            .bind(token_hash.to_owned())
            .execute(&mut *self.write().await?)
            .await?;
        Ok(())
    }

    /// Stores a new embed link, kept by the hash of its token.
    pub async fn create_embed(
        &self,
        embed: &EmbedLink,
        token_hash: &str,
        created_by: UserId,
    ) -> Result<()> {
        let columns = embed
            .columns
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(anyhow::Error::from)?;
        sqlx::query(
            "INSERT INTO embeds (id, token_hash, board_id, created_by, label, columns, created_at, expires_at, revoked)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0)",
        )
        .bind(embed.id.to_string())
        .bind(token_hash.to_owned())
        .bind(embed.board_id.to_string())
        .bind(created_by.to_string())
        .bind(embed.label.clone())
        .bind(columns)
        .bind(embed.created_at)
        .bind(embed.expires_at)
        .execute(&mut *self.write().await?)
        .await?;
        Ok(())
    }

    pub async fn embeds_of(&self, board: BoardId) -> Result<Vec<EmbedLink>> {
        let rows = sqlx::query(
            "SELECT e.id, e.board_id, e.label, e.columns, e.created_at, e.expires_at, e.revoked,
               u.display_name AS created_by_name
             FROM embeds e LEFT JOIN users u ON u.id = e.created_by
             WHERE e.board_id = $1 ORDER BY e.created_at DESC",
        )
        .bind(board.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(embed).collect()
    }

    /// The embed behind a token, whatever its state (the caller decides what revoked or expired
    /// means).
    pub async fn embed_by_token(&self, token_hash: &str) -> Result<Option<EmbedLink>> {
        let row = sqlx::query(
            "SELECT id, board_id, label, columns, created_at, expires_at, revoked FROM embeds WHERE token_hash = $1",
        )
        .bind(token_hash.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(embed).transpose()
    }

    /// Revokes a board's embed link; returns its label.
    pub async fn revoke_embed(&self, board: BoardId, id: EmbedId) -> Result<String> {
        let done = sqlx::query(
            "UPDATE embeds SET revoked = 1 WHERE id = $1 AND board_id = $2 RETURNING label",
        )
        .bind(id.to_string())
        .bind(board.to_string())
        .fetch_optional(&mut *self.write().await?)
        .await?
        .ok_or(Error::NotFound("embed"))?;
        Ok(done.get("label"))
    }
}
