//! Accounts (administrators) and board membership (administrators and the board's leads).

use super::{AppJson, AppPath};
use crate::AppState;
use crate::auth::{CurrentUser, password};
use crate::error::{Error, Result};
use crate::sync::now_millis;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, patch, put};
use qadam_shared::limits::AUTHOR_MAX_CHARS;
use qadam_shared::{Account, Member};
use qadam_shared::{BoardId, Role};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users", get(list_users).post(create_user))
        .route("/users/{user}", patch(update_user))
        .route("/boards/{board}/members", get(list_members))
        .route(
            "/boards/{board}/members/{user}",
            put(set_member).delete(remove_member),
        )
}

/// The directory: for administrators, and for leads choosing their team.
async fn list_users(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<AppJson<Vec<Account>>> {
    let store = state.hub.store();
    if !current.user.is_admin
        && !store
            .roles_of(&current.user.id)
            .await?
            .values()
            .any(|r| r.runs_board())
    {
        return Err(Error::Forbidden(Role::Lead));
    }
    Ok(AppJson(
        store.users().await?.iter().map(|u| u.account()).collect(),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewUser {
    login: String,
    display_name: String,
    password: String,
    #[serde(default)]
    is_admin: bool,
}

fn checked_login(login: &str) -> Result<String> {
    let login = login.trim().to_lowercase();
    let ok = (2..=64).contains(&login.chars().count())
        && login
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if !ok {
        return Err(Error::bad_request(
            "bad_login",
            "a login has 2 to 64 letters, digits or . _ - @",
        ));
    }
    Ok(login)
}

fn checked_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > AUTHOR_MAX_CHARS {
        return Err(Error::bad_request(
            "bad_name",
            format!("a name has 1 to {AUTHOR_MAX_CHARS} characters"),
        ));
    }
    Ok(name.to_owned())
}

async fn create_user(
    State(state): State<AppState>,
    current: CurrentUser,
    AppJson(new): AppJson<NewUser>,
) -> Result<(StatusCode, AppJson<Account>)> {
    current.require_admin()?;
    let login = checked_login(&new.login)?;
    let name = checked_name(&new.display_name)?;
    password::check_strength(&new.password)?;
    let hash = password::hash(new.password).await?;
    let id = uuid::Uuid::new_v4().to_string();
    let store = state.hub.store();
    store
        .create_user(&id, &login, &name, &hash, new.is_admin, now_millis())
        .await?;
    let user = store
        .user_by_id(&id)
        .await?
        .ok_or(Error::NotFound("user"))?;
    Ok((StatusCode::CREATED, AppJson(user.account())))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserChange {
    display_name: Option<String>,
    is_admin: Option<bool>,
    disabled: Option<bool>,
    /// A new password set by the administrator (ends the person's sessions).
    password: Option<String>,
}

async fn update_user(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(user): AppPath<String>,
    AppJson(change): AppJson<UserChange>,
) -> Result<AppJson<Account>> {
    current.require_admin()?;
    if user == current.user.id && (change.disabled == Some(true) || change.is_admin == Some(false))
    {
        return Err(Error::bad_request(
            "own_account",
            "you cannot lock yourself out",
        ));
    }
    let store = state.hub.store();
    let name = change
        .display_name
        .as_deref()
        .map(checked_name)
        .transpose()?;
    store
        .update_user(&user, name.as_deref(), change.is_admin, change.disabled)
        .await?;
    if let Some(new) = change.password {
        password::check_strength(&new)?;
        store
            .set_password(&user, &password::hash(new).await?)
            .await?;
        store.revoke_sessions_of(&user, None).await?;
    }
    if change.disabled == Some(true) {
        store.revoke_sessions_of(&user, None).await?;
    }
    let user = store
        .user_by_id(&user)
        .await?
        .ok_or(Error::NotFound("user"))?;
    Ok(AppJson(user.account()))
}

async fn list_members(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(board): AppPath<BoardId>,
) -> Result<AppJson<Vec<Member>>> {
    current.require(&state, board, Role::Observer).await?;
    Ok(AppJson(state.hub.store().members_of(board).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Membership {
    role: Role,
}

async fn set_member(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath((board, user)): AppPath<(BoardId, String)>,
    AppJson(membership): AppJson<Membership>,
) -> Result<StatusCode> {
    current.require(&state, board, Role::Lead).await?;
    let store = state.hub.store();
    store
        .user_by_id(&user)
        .await?
        .ok_or(Error::NotFound("user"))?;
    store.set_role(&user, board, Some(membership.role)).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn remove_member(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath((board, user)): AppPath<(BoardId, String)>,
) -> Result<StatusCode> {
    current.require(&state, board, Role::Lead).await?;
    state.hub.store().set_role(&user, board, None).await?;
    Ok(StatusCode::NO_CONTENT)
}
