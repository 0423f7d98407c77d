//! Signing in and out, the signed-in person, their sessions, and changing one's password.

use super::{AppJson, AppPath};
use crate::AppState;
use crate::accounts::{is_login, normalized_login};
use crate::audit;
use crate::auth::address::ClientAddr;
use crate::auth::{
    CurrentUser, SESSION_COOKIE, SESSION_DAYS, SignedIn, idle_since, password, start_session,
};
use crate::clock::now_millis;
use crate::error::{Error, Result};
use crate::http::security::over_https;
use crate::sync::Revoked;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::{delete, get, post, put};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use qadam_shared::accounts::LANGUAGES;
use qadam_shared::api::{Credentials, LanguageChoice, PasswordChange};
use qadam_shared::audit::AuditAction;
use qadam_shared::{Me, SessionInfo, UserId};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/session", post(sign_in).delete(sign_out))
        .route("/me", get(me))
        .route("/me/password", post(change_password))
        .route("/me/sessions", get(sessions).delete(sign_out_everywhere))
        .route("/me/language", put(set_language))
        .route("/me/sessions/{session}", delete(end_session))
}

fn session_cookie(value: String, headers: &HeaderMap) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, value))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(over_https(headers))
        .path("/")
        .max_age(time::Duration::days(SESSION_DAYS))
        .build()
}

/// Signs in: sets the session cookie.
#[utoipa::path(
    post,
    operation_id = "session_sign_in",
    path = "/api/session",
    tag = "session",
    request_body = Credentials,
    responses(
        (status = 200, description = "Signed in: the session cookie is set", body = Me),
        (status = 401, description = "Wrong login or password", body = qadam_shared::api::ErrorBody),
        (status = 429, description = "Too many failed sign-ins", body = qadam_shared::api::ErrorBody)
    ),
    security(())
)]
async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    jar: CookieJar,
    AppJson(credentials): AppJson<Credentials>,
) -> Result<(CookieJar, AppJson<Me>)> {
    // A flood from one address is refused before anything is kept of it, in the audit log too.
    state
        .throttle
        .from_address(addr)
        .map_err(Error::TooManyAttempts)?;
    let login = normalized_login(&credentials.login);
    let signed_in = check_sign_in(&state, &login, addr, headers, jar, credentials.password).await;
    if let Err(e @ (Error::BadCredentials | Error::TooManyAttempts(_))) = &signed_in {
        metrics::counter!(crate::prometheus::SIGN_IN_FAILURES).increment(1);
        // Only what could be a login is kept: a password typed in the wrong field is not.
        let subject = if is_login(&login) { login.as_str() } else { "" };
        let why = e.code();
        audit::record(&state, None, AuditAction::SignInFailed, subject, why, addr).await;
    }
    signed_in
}

/// Signs `login` (normalized) in with the password `given`.
async fn check_sign_in(
    state: &AppState,
    login: &str,
    addr: Option<std::net::IpAddr>,
    headers: HeaderMap,
    jar: CookieJar,
    given: String,
) -> Result<(CookieJar, AppJson<Me>)> {
    if !is_login(login) {
        // No account can have it: nothing to look up, and nothing kept of it.
        return Err(Error::BadCredentials);
    }
    let attempt = state
        .throttle
        .attempt(login, addr)
        .map_err(Error::TooManyAttempts)?;
    let store = &state.store;
    let user = store.user_by_login(login).await?.filter(|u| !u.disabled);
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    if !password::verify(given, stored).await? {
        return Err(Error::BadCredentials);
    }
    let user = user.ok_or(Error::BadCredentials)?;
    attempt.succeeded();
    audit::record(state, Some(&user), AuditAction::SignedIn, login, "", addr).await;
    let browser = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let token = start_session(state, user.id, browser).await?;
    let me = describe(state, user.id).await?;
    Ok((jar.add(session_cookie(token, &headers)), AppJson(me)))
}

/// Ends the session on the server, not only in the browser.
#[utoipa::path(
    delete,
    operation_id = "session_sign_out",
    path = "/api/session",
    tag = "session",
    responses(
        (status = 204, description = "Signed out")
    )
)]
async fn sign_out(
    State(state): State<AppState>,
    SignedIn(current): SignedIn,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    jar: CookieJar,
) -> Result<(CookieJar, StatusCode)> {
    state.store.revoke_session(&current.session).await?;
    state.hub.revoke(Revoked::User(current.user.id)).await;
    let (user, login) = (Some(&current.user), &current.user.login);
    audit::record(&state, user, AuditAction::SignedOut, login, "", addr).await;
    let cleared = session_cookie(String::new(), &headers);
    Ok((jar.remove(cleared), StatusCode::NO_CONTENT))
}

/// The person's live sessions, this one marked, latest use first.
#[utoipa::path(
    get,
    operation_id = "session_sessions",
    path = "/api/me/sessions",
    tag = "session",
    responses(
        (status = 200, description = "Where the person is signed in", body = Vec<SessionInfo>)
    )
)]
async fn sessions(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<AppJson<Vec<SessionInfo>>> {
    let now = now_millis();
    let rows = state
        .store
        .sessions_of(current.user.id, now, idle_since(&state, now))
        .await?;
    Ok(AppJson(
        rows.into_iter()
            .map(|row| SessionInfo {
                current: row.token_hash == current.session,
                id: row.id,
                created_at: row.created_at,
                last_seen: row.last_seen,
                user_agent: row.user_agent,
            })
            .collect(),
    ))
}

/// Ends one of the person's sessions (a lost laptop, a shared computer); its sockets close.
#[utoipa::path(
    delete,
    operation_id = "session_end_session",
    path = "/api/me/sessions/{session}",
    tag = "session",
    params(
        ("session" = uuid::Uuid, Path, description = "The session")
    ),
    responses(
        (status = 204, description = "Ended"),
        (status = 404, description = "Not one of the person's sessions", body = qadam_shared::api::ErrorBody)
    )
)]
async fn end_session(
    State(state): State<AppState>,
    current: CurrentUser,
    ClientAddr(addr): ClientAddr,
    AppPath(session): AppPath<uuid::Uuid>,
) -> Result<StatusCode> {
    state
        .store
        .end_session_of(current.user.id, &session.to_string())
        .await?;
    state.hub.revoke(Revoked::User(current.user.id)).await;
    let (user, login) = (Some(&current.user), &current.user.login);
    let session = session.to_string();
    audit::record(
        &state,
        user,
        AuditAction::SessionsEnded,
        login,
        &session,
        addr,
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}

/// Signs the person out of every browser, this one included.
#[utoipa::path(
    delete,
    operation_id = "session_sign_out_everywhere",
    path = "/api/me/sessions",
    tag = "session",
    responses(
        (status = 204, description = "Every session ended")
    )
)]
async fn sign_out_everywhere(
    State(state): State<AppState>,
    current: CurrentUser,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    jar: CookieJar,
) -> Result<(CookieJar, StatusCode)> {
    state.store.end_sessions_of(current.user.id).await?;
    state.hub.revoke(Revoked::User(current.user.id)).await;
    let (user, login) = (Some(&current.user), &current.user.login);
    audit::record(&state, user, AuditAction::SessionsEnded, login, "all", addr).await;
    let cleared = session_cookie(String::new(), &headers);
    Ok((jar.remove(cleared), StatusCode::NO_CONTENT))
}

/// Remembers the person's language, so it follows them to any computer.
#[utoipa::path(
    put,
    operation_id = "session_set_language",
    path = "/api/me/language",
    tag = "session",
    request_body = LanguageChoice,
    responses(
        (status = 204, description = "Kept"),
        (status = 400, description = "Not kk, ru or en", body = qadam_shared::api::ErrorBody)
    )
)]
async fn set_language(
    State(state): State<AppState>,
    SignedIn(current): SignedIn,
    AppJson(choice): AppJson<LanguageChoice>,
) -> Result<StatusCode> {
    if !LANGUAGES.contains(&choice.language.as_str()) {
        return Err(Error::bad_request(
            "unknown_language",
            format!("Qadam speaks {}", LANGUAGES.join(", ")),
        ));
    }
    state
        .store
        .set_language(current.user.id, &choice.language)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in person and their roles.
#[utoipa::path(
    get,
    operation_id = "session_me",
    path = "/api/me",
    tag = "session",
    responses(
        (status = 200, description = "The signed-in person", body = Me),
        (status = 401, description = "Not signed in", body = qadam_shared::api::ErrorBody)
    )
)]
async fn me(State(state): State<AppState>, SignedIn(current): SignedIn) -> Result<AppJson<Me>> {
    Ok(AppJson(describe(&state, current.user.id).await?))
}

/// Who someone is and their role on each board (administrators lead every board).
pub async fn describe(state: &AppState, user_id: UserId) -> Result<Me> {
    let store = &state.store;
    let user = store
        .user_by_id(user_id)
        .await?
        .ok_or(Error::Unauthenticated)?;
    let roles = crate::auth::roles(state, &user)
        .await?
        .into_iter()
        .collect();
    Ok(Me {
        id: user.id,
        login: user.login,
        display_name: user.display_name,
        is_admin: user.is_admin,
        roles,
        must_change_password: user.must_change_password,
        language: user.language,
    })
}

/// Changes the password and ends the person's other sessions.
#[utoipa::path(
    post,
    operation_id = "session_change_password",
    path = "/api/me/password",
    tag = "session",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; other sessions end"),
        (status = 400, description = "Too weak or the same", body = qadam_shared::api::ErrorBody),
        (status = 401, description = "The current password is wrong", body = qadam_shared::api::ErrorBody)
    )
)]
async fn change_password(
    State(state): State<AppState>,
    SignedIn(current): SignedIn,
    ClientAddr(addr): ClientAddr,
    AppJson(change): AppJson<PasswordChange>,
) -> Result<StatusCode> {
    let user = &current.user;
    if change.new == change.current {
        return Err(Error::bad_request(
            "same_password",
            "the new password must differ from the current one",
        ));
    }
    let attempt = state
        .throttle
        .attempt(&user.login, addr)
        .map_err(Error::TooManyAttempts)?;
    if !password::verify(change.current, Some(user.password_hash.clone())).await? {
        return Err(Error::BadCredentials);
    }
    attempt.succeeded();
    password::check_strength(&change.new, &[&user.login, &user.display_name])?;
    let hash = password::hash(change.new).await?;
    let store = &state.store;
    store
        .set_password(current.user.id, &hash, &current.session)
        .await?;
    state.hub.revoke(Revoked::User(current.user.id)).await;
    let (user, login) = (Some(&current.user), &current.user.login);
    audit::record(&state, user, AuditAction::PasswordChanged, login, "", addr).await;
    Ok(StatusCode::NO_CONTENT)
}
