//! Who is asking: sessions in cookies, passwords, sign-in throttling, and the checks every handler
//! runs before it touches a board.

pub mod address;
pub mod password;
pub mod throttle;
pub mod token;

use crate::AppState;
use crate::clock::now_millis;
use crate::error::{Error, Result};
use crate::storage::accounts::User;
use axum::extract::FromRequestParts;
use axum::http::Method;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use qadam_shared::delivery::DAY_MS;
use qadam_shared::{BoardId, Role, UserId};
use std::time::Duration;

/// The boards a person sees, in the office's order, with their role on each (administrators lead
/// every board).
pub async fn roles(state: &AppState, user: &User) -> Result<Vec<(BoardId, Role)>> {
    let store = &state.store;
    let memberships = if user.is_admin {
        Default::default()
    } else {
        store.roles_of(user.id).await?
    };
    Ok(store
        .board_ids()
        .await?
        .into_iter()
        .filter_map(|id| {
            Role::for_person(user.is_admin, memberships.get(&id).copied()).map(|role| (id, role))
        })
        .collect())
}

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "qadam_session";
/// How long a session lasts without signing in again.
pub const SESSION_DAYS: i64 = 7;
/// How stale a session's last use may get before it is written again: the idle timeout is
/// counted to within this, for one write a minute instead of one per request.
const TOUCH_EVERY_MS: i64 = 60_000;

/// The live session behind a token hash, its last use recorded; with when it expires.
async fn live_session(state: &AppState, session: &str) -> Result<(User, i64)> {
    let now = now_millis();
    let store = &state.store;
    let (user, last_seen, expires_at) = store
        .session_user(session, now, idle_since(state, now))
        .await?
        .ok_or(Error::Unauthenticated)?;
    if now - last_seen > TOUCH_EVERY_MS {
        store.touch_session(session, now).await?;
    }
    Ok((user, expires_at))
}

/// Longest note of the browser kept with a session, in characters.
const USER_AGENT_MAX_CHARS: usize = 200;

/// Opens a session for a person from a browser (its `User-Agent`, shortened, is shown in their
/// list of sessions); returns the token for the cookie (only its hash is stored).
pub async fn start_session(state: &AppState, user: UserId, user_agent: &str) -> Result<String> {
    let token = token::generate();
    let now = now_millis();
    let user_agent: String = user_agent
        .chars()
        .filter(|c| !c.is_control())
        .take(USER_AGENT_MAX_CHARS)
        .collect();
    state
        .store
        .create_session(
            &token::hash(&token),
            user,
            &user_agent,
            now,
            now + SESSION_DAYS * DAY_MS,
        )
        .await?;
    Ok(token)
}

/// The oldest last use a live session may have, by the configured idle timeout.
pub fn idle_since(state: &AppState, now: i64) -> i64 {
    let idle = i64::try_from(state.session_idle.as_millis()).unwrap_or(i64::MAX);
    now.saturating_sub(idle)
}

/// The `Cookie` header value that carries a session token.
pub fn cookie_header(token: &str) -> String {
    format!("{SESSION_COOKIE}={token}")
}

/// The signed-in person; extracting it answers 401 when there is no live session, and 403
/// `password_change_required` while the person's password is one someone else chose.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub user: User,
    /// Hash of the session token, to end this very session; empty for an access token.
    pub session: String,
    /// The personal access token the request came with, instead of a session.
    pub token: Option<Token>,
    /// When the session or the token stops working, in milliseconds.
    pub expires_at: i64,
}

/// A personal access token presented as `Authorization: Bearer <secret>`.
#[derive(Clone, Debug)]
pub struct Token {
    hash: String,
    /// It may only read: every request that changes something is refused.
    pub read_only: bool,
}

/// A signed-in person who may still have to change a temporary password: taken only by what
/// such a person may do (see who they are, change the password, sign out).
pub struct SignedIn(pub CurrentUser);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let jar = CookieJar::from_headers(&parts.headers);
        let token = jar
            .get(SESSION_COOKIE)
            .map(|c| c.value().to_owned())
            .ok_or(Error::Unauthenticated)?;
        let session = token::hash(&token);
        let (user, expires_at) = live_session(state, &session).await?;
        Ok(Self(CurrentUser {
            user,
            session,
            token: None,
            expires_at,
        }))
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        if let Some(secret) = bearer(&parts.headers) {
            let current = by_token(state, &token::hash(secret)).await?;
            let reads = matches!(parts.method, Method::GET | Method::HEAD);
            if current.token.as_ref().is_some_and(|t| t.read_only) && !reads {
                return Err(Error::ReadOnlyToken);
            }
            return Ok(current);
        }
        let SignedIn(current) = SignedIn::from_request_parts(parts, state).await?;
        if current.user.must_change_password {
            return Err(Error::PasswordChangeRequired);
        }
        Ok(current)
    }
}

/// The secret of `Authorization: Bearer <secret>`, if the request carries one.
fn bearer(headers: &axum::http::HeaderMap) -> Option<&str> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, secret) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| secret.trim())
}

/// The person behind a live access token, its last use recorded (at most once a minute).
async fn by_token(state: &AppState, hash: &str) -> Result<CurrentUser> {
    let now = now_millis();
    let found = state
        .store
        .token_use(hash, now)
        .await?
        .ok_or(Error::Unauthenticated)?;
    if found.last_used.is_none_or(|at| now - at > TOUCH_EVERY_MS) {
        state.store.touch_token(&found.id, now).await?;
    }
    Ok(CurrentUser {
        user: found.user,
        session: String::new(),
        token: Some(Token {
            hash: hash.to_owned(),
            read_only: found.read_only,
        }),
        expires_at: found.expires_at,
    })
}

impl CurrentUser {
    /// The same session read again: fails once it was ended, expired or its account disabled.
    pub async fn refreshed(&self, state: &AppState) -> Result<CurrentUser> {
        if let Some(token) = &self.token {
            return by_token(state, &token.hash).await;
        }
        let (user, expires_at) = live_session(state, &self.session).await?;
        Ok(Self {
            user,
            session: self.session.clone(),
            token: None,
            expires_at,
        })
    }

    /// When an open socket checks access again by itself: once the session or token expires
    /// (which announces nothing, unlike a sign-out or a role changed), at least a second from
    /// now and at most a day.
    pub fn recheck_at(&self) -> tokio::time::Instant {
        let left = (self.expires_at - now_millis()).clamp(1_000, DAY_MS);
        tokio::time::Instant::now() + Duration::from_millis(left as u64)
    }

    /// Refuses what only a person signed in through a browser may do (manage tokens): a script's
    /// token cannot make more of itself.
    pub fn require_session(&self) -> Result<()> {
        match self.token {
            Some(_) => Err(Error::SessionRequired),
            None => Ok(()),
        }
    }

    /// Refuses a change through a read-only token (a socket's operations, which arrive on a GET).
    pub fn require_writer(&self) -> Result<()> {
        match &self.token {
            Some(token) if token.read_only => Err(Error::ReadOnlyToken),
            _ => Ok(()),
        }
    }

    /// The person's role on a board; administrators lead everywhere. A board the person may not
    /// see answers "not found", so its existence does not leak.
    pub async fn role_on(&self, state: &AppState, board: BoardId) -> Result<Role> {
        let membership = if self.user.is_admin {
            // Administrators lead every board there is, and no other.
            state.hub.board(board).await?;
            None
        } else {
            state.store.role_on(self.user.id, board).await?
        };
        Role::for_person(self.user.is_admin, membership).ok_or(Error::NotFound("board"))
    }

    /// The role, if it is at least `needed`; otherwise 403 (the board is visible).
    pub async fn require(&self, state: &AppState, board: BoardId, needed: Role) -> Result<Role> {
        let role = self.role_on(state, board).await?;
        if role < needed {
            return Err(Error::Forbidden(needed));
        }
        Ok(role)
    }

    pub fn require_admin(&self) -> Result<()> {
        if self.user.is_admin {
            Ok(())
        } else {
            Err(Error::NotFound("API endpoint"))
        }
    }
}
