//! A person's access tokens for scripts (`/api/me/tokens`): made, listed and revoked from a
//! browser's session; the secret is shown once and only its hash is kept.

use super::{AppJson, AppPath};
use crate::AppState;
use crate::audit;
use crate::auth::address::ClientAddr;
use crate::auth::{CurrentUser, token};
use crate::clock::now_millis;
use crate::error::{Error, Result};
use crate::sync::Revoked;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use qadam_shared::api::{ACCESS_TOKEN_MAX_DAYS, AccessToken, CreatedAccessToken, NewAccessToken};
use qadam_shared::audit::AuditAction;
use qadam_shared::delivery::DAY_MS;
use qadam_shared::limits::COLUMN_NAME_MAX_CHARS;

/// What every secret starts with, so one found in a script or a log is recognised.
const SECRET_PREFIX: &str = "qadam_";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me/tokens", get(list).post(create))
        .route("/me/tokens/{token}", delete(revoke))
}

/// The person's access tokens.
#[utoipa::path(
    get,
    operation_id = "tokens_list",
    path = "/api/me/tokens",
    tag = "tokens",
    responses(
        (status = 200, description = "The person's access tokens, without secrets", body = Vec<AccessToken>),
        (status = 403, description = "Asked with a token", body = qadam_shared::api::ErrorBody)
    )
)]
async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<AppJson<Vec<AccessToken>>> {
    current.require_session()?;
    Ok(AppJson(
        state.store.tokens_of(current.user.id, now_millis()).await?,
    ))
}

/// Makes an access token (from a browser's session only).
#[utoipa::path(
    post,
    operation_id = "tokens_create",
    path = "/api/me/tokens",
    tag = "tokens",
    request_body = NewAccessToken,
    responses(
        (status = 201, description = "Made: the secret is shown this once", body = CreatedAccessToken),
        (status = 400, description = "A bad name or lifetime", body = qadam_shared::api::ErrorBody),
        (status = 403, description = "Asked with a token", body = qadam_shared::api::ErrorBody)
    )
)]
async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    ClientAddr(addr): ClientAddr,
    AppJson(new): AppJson<NewAccessToken>,
) -> Result<(StatusCode, AppJson<CreatedAccessToken>)> {
    current.require_session()?;
    let name = new.name.trim().to_owned();
    if name.is_empty()
        || name.chars().count() > COLUMN_NAME_MAX_CHARS * 2
        || qadam_shared::text::has_control(&name, false)
    {
        return Err(Error::bad_request(
            "bad_name",
            "a token needs a short name saying what it is for",
        ));
    }
    if new.expires_in_days == 0 || new.expires_in_days > ACCESS_TOKEN_MAX_DAYS {
        return Err(Error::bad_request(
            "bad_expiry",
            format!("a token lasts 1 to {ACCESS_TOKEN_MAX_DAYS} days"),
        ));
    }
    let now = now_millis();
    let secret = format!("{SECRET_PREFIX}{}", token::generate());
    let made = AccessToken {
        id: uuid::Uuid::new_v4().to_string(),
        name,
        read_only: new.read_only,
        created_at: now,
        expires_at: now + i64::from(new.expires_in_days) * DAY_MS,
        last_used: None,
    };
    state
        .store
        .create_token(current.user.id, &made, &token::hash(&secret))
        .await?;
    let detail = if made.read_only { "read_only" } else { "" };
    let (actor, action) = (Some(&current.user), AuditAction::TokenCreated);
    audit::record(&state, actor, action, &made.name, detail, addr).await;
    Ok((
        StatusCode::CREATED,
        AppJson(CreatedAccessToken {
            token: made,
            secret,
        }),
    ))
}

/// Revokes an access token.
#[utoipa::path(
    delete,
    operation_id = "tokens_revoke",
    path = "/api/me/tokens/{token}",
    tag = "tokens",
    params(
        ("token" = uuid::Uuid, Path, description = "The token's id")
    ),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, description = "Not one of the person's tokens", body = qadam_shared::api::ErrorBody)
    )
)]
async fn revoke(
    State(state): State<AppState>,
    current: CurrentUser,
    ClientAddr(addr): ClientAddr,
    AppPath(id): AppPath<uuid::Uuid>,
) -> Result<StatusCode> {
    current.require_session()?;
    let name = state
        .store
        .revoke_token(current.user.id, &id.to_string())
        .await?
        .ok_or(Error::NotFound("token"))?;
    // Sockets opened with it read their standing again, and end.
    state.hub.revoke(Revoked::User(current.user.id)).await;
    let (actor, action) = (Some(&current.user), AuditAction::TokenRevoked);
    audit::record(&state, actor, action, &name, "", addr).await;
    Ok(StatusCode::NO_CONTENT)
}
