//! Accounts (administrators) and board membership (administrators and the board's leads).

use super::{AppJson, AppPath};
use crate::AppState;
use crate::accounts::{checked_login, checked_name};
use crate::audit;
use crate::auth::address::ClientAddr;
use crate::auth::{CurrentUser, password};
use crate::clock::now_millis;
use crate::error::{Error, Result};
use crate::storage::accounts::{AccountChange, NewUser};
use crate::sync::Revoked;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, patch, put};
use qadam_shared::api::{Membership, NewAccount};
use qadam_shared::audit::{AccountDetail, AuditAction};
use qadam_shared::{Account, Member};
use qadam_shared::{BoardId, Role, UserId};
use std::collections::{BTreeMap, HashMap};

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
#[utoipa::path(
    get,
    operation_id = "people_list_users",
    path = "/api/users",
    tag = "people",
    responses(
        (status = 200, description = "Every account (leads see names and logins)", body = Vec<Account>),
        (status = 403, description = "Neither an administrator nor a lead", body = qadam_shared::api::ErrorBody)
    )
)]
async fn list_users(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<AppJson<Vec<Account>>> {
    let store = &state.store;
    if !current.user.is_admin
        && !store
            .roles_of(current.user.id)
            .await?
            .values()
            .any(|r| r.runs_board())
    {
        return Err(Error::NotALead);
    }
    let mut accounts: Vec<Account> = store.users().await?.iter().map(|u| u.account()).collect();
    // Administrators see each person's teams; a lead choosing a team member sees names only.
    if current.user.is_admin {
        let mut roles: HashMap<UserId, BTreeMap<BoardId, Role>> = HashMap::new();
        for (user, board, role) in store.memberships().await? {
            roles.entry(user).or_default().insert(board, role);
        }
        for account in &mut accounts {
            account.roles = roles.remove(&account.id).unwrap_or_default();
        }
    }
    Ok(AppJson(accounts))
}

/// Makes an account (administrators).
#[utoipa::path(
    post,
    operation_id = "people_create_user",
    path = "/api/users",
    tag = "people",
    request_body = NewAccount,
    responses(
        (status = 201, description = "Made", body = Account),
        (status = 400, description = "A bad login, name or password, or the login is taken", body = qadam_shared::api::ErrorBody),
        (status = 404, description = "Not an administrator", body = qadam_shared::api::ErrorBody)
    )
)]
async fn create_user(
    State(state): State<AppState>,
    current: CurrentUser,
    ClientAddr(addr): ClientAddr,
    AppJson(new): AppJson<NewAccount>,
) -> Result<(StatusCode, AppJson<Account>)> {
    current.require_admin()?;
    let login = checked_login(&new.login)?;
    let name = checked_name(&new.display_name)?;
    password::check_strength(&new.password, &[&login, &name])?;
    let hash = password::hash(new.password).await?;
    let account = NewUser {
        id: UserId::random(),
        login: &login,
        display_name: &name,
        password_hash: &hash,
        is_admin: new.is_admin,
        must_change_password: new.must_change_password,
    };
    state.store.create_user(&account, now_millis()).await?;
    let detail = AccountDetail::list(new.is_admin.then_some(AccountDetail::Admin));
    let (actor, action) = (Some(&current.user), AuditAction::AccountCreated);
    audit::record(&state, actor, action, &login, &detail, addr).await;
    Ok((StatusCode::CREATED, AppJson(account.account())))
}

/// Changes an account (administrators).
#[utoipa::path(
    patch,
    operation_id = "people_update_user",
    path = "/api/users/{user}",
    tag = "people",
    params(
        ("user" = UserId, Path, description = "The account")
    ),
    request_body = qadam_shared::api::AccountChange,
    responses(
        (status = 200, description = "Changed", body = Account),
        (status = 400, description = "A bad value", body = qadam_shared::api::ErrorBody),
        (status = 404, description = "No such account, or not an administrator", body = qadam_shared::api::ErrorBody)
    )
)]
async fn update_user(
    State(state): State<AppState>,
    current: CurrentUser,
    ClientAddr(addr): ClientAddr,
    AppPath(user): AppPath<UserId>,
    AppJson(change): AppJson<qadam_shared::api::AccountChange>,
) -> Result<AppJson<Account>> {
    current.require_admin()?;
    if user == current.user.id && (change.disabled == Some(true) || change.is_admin == Some(false))
    {
        return Err(Error::bad_request(
            "own_account",
            "you cannot lock yourself out",
        ));
    }
    let store = &state.store;
    let before = store
        .user_by_id(user)
        .await?
        .ok_or(Error::NotFound("user"))?;
    // Everything is checked before anything is written.
    if change.must_change_password.is_some() && change.password.is_none() {
        return Err(Error::bad_request(
            "no_password",
            "only a new password can be marked temporary",
        ));
    }
    let name = change
        .display_name
        .as_deref()
        .map(checked_name)
        .transpose()?;
    let hash = match change.password {
        Some(new) => {
            let shown = name.as_deref().unwrap_or(&before.display_name);
            password::check_strength(&new, &[&before.login, shown])?;
            Some(password::hash(new).await?)
        }
        None => None,
    };
    let after = store
        .update_user(
            user,
            &AccountChange {
                display_name: name.as_deref(),
                is_admin: change.is_admin,
                disabled: change.disabled,
                password_hash: hash.as_deref(),
                must_change_password: change.must_change_password,
            },
        )
        .await?;
    if hash.is_some() {
        state.throttle.unlock(&before.login);
    }
    state.hub.revoke(Revoked::User(user)).await;
    let changed = [
        (name.is_some(), AccountDetail::Name),
        (change.is_admin == Some(true), AccountDetail::Admin),
        (change.is_admin == Some(false), AccountDetail::NotAdmin),
        (change.disabled == Some(true), AccountDetail::Disabled),
        (change.disabled == Some(false), AccountDetail::Enabled),
        (hash.is_some(), AccountDetail::Password),
        (
            change.must_change_password == Some(true),
            AccountDetail::Temporary,
        ),
    ];
    let detail = AccountDetail::list(changed.iter().filter(|(c, _)| *c).map(|(_, d)| *d));
    let (actor, action) = (Some(&current.user), AuditAction::AccountChanged);
    audit::record(&state, actor, action, &before.login, &detail, addr).await;
    Ok(AppJson(after.account()))
}

/// The board's team and their roles.
#[utoipa::path(
    get,
    operation_id = "people_list_members",
    path = "/api/boards/{board}/members",
    tag = "people",
    params(
        ("board" = BoardId, Path, description = "The board")
    ),
    responses(
        (status = 200, description = "The board's team", body = Vec<Member>),
        (status = 404, description = "No such board, or not the person's", body = qadam_shared::api::ErrorBody)
    )
)]
async fn list_members(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(board): AppPath<BoardId>,
) -> Result<AppJson<Vec<Member>>> {
    current.require(&state, board, Role::Observer).await?;
    Ok(AppJson(state.store.members_of(board).await?))
}

/// Gives a person a role on the board.
#[utoipa::path(
    put,
    operation_id = "people_set_member",
    path = "/api/boards/{board}/members/{user}",
    tag = "people",
    params(
        ("board" = BoardId, Path, description = "The board"),
        ("user" = UserId, Path, description = "The person")
    ),
    request_body = Membership,
    responses(
        (status = 204, description = "The role is set"),
        (status = 400, description = "Not a role", body = qadam_shared::api::ErrorBody),
        (status = 404, description = "No such board or person", body = qadam_shared::api::ErrorBody),
        (status = 403, description = "Not a lead of the board", body = qadam_shared::api::ErrorBody)
    )
)]
async fn set_member(
    State(state): State<AppState>,
    current: CurrentUser,
    ClientAddr(addr): ClientAddr,
    AppPath((board, user)): AppPath<(BoardId, UserId)>,
    AppJson(membership): AppJson<Membership>,
) -> Result<StatusCode> {
    current.require(&state, board, Role::Lead).await?;
    let store = &state.store;
    let person = store
        .user_by_id(user)
        .await?
        .ok_or(Error::NotFound("user"))?;
    store.set_role(user, board, Some(membership.role)).await?;
    state.hub.revoke(Revoked::User(user)).await;
    let subject = on_board(&state, &person.login, board).await;
    let (action, role) = (AuditAction::RoleSet, membership.role.as_str());
    audit::record(&state, Some(&current.user), action, &subject, role, addr).await;
    Ok(StatusCode::NO_CONTENT)
}

/// Takes a person off the board's team.
#[utoipa::path(
    delete,
    operation_id = "people_remove_member",
    path = "/api/boards/{board}/members/{user}",
    tag = "people",
    params(
        ("board" = BoardId, Path, description = "The board"),
        ("user" = UserId, Path, description = "The person")
    ),
    responses(
        (status = 204, description = "Off the team"),
        (status = 403, description = "Not a lead of the board", body = qadam_shared::api::ErrorBody)
    )
)]
async fn remove_member(
    State(state): State<AppState>,
    current: CurrentUser,
    ClientAddr(addr): ClientAddr,
    AppPath((board, user)): AppPath<(BoardId, UserId)>,
) -> Result<StatusCode> {
    current.require(&state, board, Role::Lead).await?;
    state.store.set_role(user, board, None).await?;
    state.hub.revoke(Revoked::User(user)).await;
    let login = match state.store.user_by_id(user).await {
        Ok(Some(person)) => person.login,
        _ => user.to_string(),
    };
    let subject = on_board(&state, &login, board).await;
    let action = AuditAction::RoleRemoved;
    audit::record(&state, Some(&current.user), action, &subject, "", addr).await;
    Ok(StatusCode::NO_CONTENT)
}

/// `login · board name`, as the audit log names a membership.
async fn on_board(state: &AppState, login: &str, board: BoardId) -> String {
    format!("{login} · {}", board_name(state, board).await)
}

/// A board's name for the audit log (its id, should the board not load).
pub async fn board_name(state: &AppState, board: BoardId) -> String {
    match state.hub.board(board).await {
        Ok(handle) => match handle.subscribe().await {
            Ok(sub) => sub.board.name.clone(),
            Err(_) => board.to_string(),
        },
        Err(_) => board.to_string(),
    }
}
