//! A board's webhooks (`/api/boards/{board}/webhooks`), for its leads: registered with the
//! changes they hear of (the signing secret shown once), paused, resumed, tried with a ping,
//! deleted, and their deliveries listed with how each went.

use super::{AppJson, AppPath};
use crate::AppState;
use crate::audit;
use crate::auth::address::ClientAddr;
use crate::auth::{CurrentUser, token};
use crate::clock::now_millis;
use crate::error::{Error, Result};
use crate::storage::webhooks::Outgoing;
use crate::webhooks::{outbox, unreachable_reason};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use qadam_shared::audit::AuditAction;
use qadam_shared::webhooks::{
    CreatedWebhook, NewWebhook, WEBHOOK_URL_MAX_CHARS, WEBHOOKS_PER_BOARD_MAX, Webhook,
    WebhookChange, WebhookDelivery, WebhookEvent, WebhookPayload,
};
use qadam_shared::{BoardId, Role};
use uuid::Uuid;

/// What every signing secret starts with, so one found in a script or a log is recognised.
const SECRET_PREFIX: &str = "whsec_";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/boards/{board}/webhooks", get(list).post(create))
        .route(
            "/boards/{board}/webhooks/{webhook}",
            axum::routing::patch(change).delete(remove),
        )
        .route(
            "/boards/{board}/webhooks/{webhook}/deliveries",
            get(deliveries),
        )
        .route("/boards/{board}/webhooks/{webhook}/ping", post(ping))
}

/// The board's webhooks.
#[utoipa::path(
    get,
    operation_id = "webhooks_list",
    path = "/api/boards/{board}/webhooks",
    tag = "webhooks",
    params(("board" = BoardId, Path, description = "The board")),
    responses(
        (status = 200, description = "The board's webhooks, without their secrets", body = Vec<Webhook>),
        (status = 403, description = "Not a lead of the board", body = qadam_shared::api::ErrorBody)
    )
)]
async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(board): AppPath<BoardId>,
) -> Result<AppJson<Vec<Webhook>>> {
    current.require(&state, board, Role::Lead).await?;
    Ok(AppJson(state.store.webhooks_of(board).await?))
}

/// Registers a webhook: a URL told of the chosen changes.
#[utoipa::path(
    post,
    operation_id = "webhooks_create",
    path = "/api/boards/{board}/webhooks",
    tag = "webhooks",
    params(("board" = BoardId, Path, description = "The board")),
    request_body = NewWebhook,
    responses(
        (status = 201, description = "Registered: the signing secret is shown this once", body = CreatedWebhook),
        (status = 400, description = "Not an http(s) URL (`bad_url`), one webhooks may not reach (`unreachable_url`), no events, or too many webhooks", body = qadam_shared::api::ErrorBody),
        (status = 403, description = "Not a lead of the board", body = qadam_shared::api::ErrorBody)
    )
)]
async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    ClientAddr(addr): ClientAddr,
    AppPath(board): AppPath<BoardId>,
    AppJson(new): AppJson<NewWebhook>,
) -> Result<(StatusCode, AppJson<CreatedWebhook>)> {
    current.require(&state, board, Role::Lead).await?;
    let url = checked_url(&new.url, state.webhooks.settings().to_loopback)?;
    let events = checked_events(new.events)?;
    if state.store.webhooks_of(board).await?.len() >= WEBHOOKS_PER_BOARD_MAX {
        return Err(Error::bad_request(
            "too_many_webhooks",
            format!("a board has at most {WEBHOOKS_PER_BOARD_MAX} webhooks"),
        ));
    }
    let secret = format!("{SECRET_PREFIX}{}", token::generate());
    let by = current.user.display_name.clone();
    let webhook = Webhook::new(url, events, by, now_millis());
    state.store.create_webhook(board, &webhook, &secret).await?;
    state.hub.hooks_changed(board).await;
    let name = super::people::board_name(&state, board).await;
    let action = AuditAction::WebhookCreated;
    let url = as_logged(&webhook.url);
    audit::record(&state, Some(&current.user), action, &name, &url, addr).await;
    Ok((
        StatusCode::CREATED,
        AppJson(CreatedWebhook { webhook, secret }),
    ))
}

/// Pauses or resumes a webhook, or changes what it is told of.
#[utoipa::path(
    patch,
    operation_id = "webhooks_change",
    path = "/api/boards/{board}/webhooks/{webhook}",
    tag = "webhooks",
    params(
        ("board" = BoardId, Path, description = "The board"),
        ("webhook" = Uuid, Path, description = "The webhook")
    ),
    request_body = WebhookChange,
    responses(
        (status = 200, description = "The webhook as changed", body = Webhook),
        (status = 400, description = "No events", body = qadam_shared::api::ErrorBody),
        (status = 403, description = "Not a lead of the board", body = qadam_shared::api::ErrorBody),
        (status = 404, description = "No such webhook on the board", body = qadam_shared::api::ErrorBody)
    )
)]
async fn change(
    State(state): State<AppState>,
    current: CurrentUser,
    ClientAddr(addr): ClientAddr,
    AppPath((board, id)): AppPath<(BoardId, Uuid)>,
    AppJson(mut change): AppJson<WebhookChange>,
) -> Result<AppJson<Webhook>> {
    current.require(&state, board, Role::Lead).await?;
    change.events = change.events.map(checked_events).transpose()?;
    let id = id.to_string();
    if !state.store.change_webhook(board, &id, &change).await? {
        return Err(Error::NotFound("webhook"));
    }
    state.hub.hooks_changed(board).await;
    if change.active == Some(true) {
        // What waited while it was paused goes out now.
        state.webhooks.wake();
    }
    let webhook = state
        .store
        .webhook(board, &id)
        .await?
        .ok_or(Error::NotFound("webhook"))?;
    // A paused webhook stops what another system learns of the board: who did it is kept.
    let done: Vec<AuditAction> = [
        (change.active == Some(false), AuditAction::WebhookPaused),
        (change.active == Some(true), AuditAction::WebhookResumed),
        (change.events.is_some(), AuditAction::WebhookEventsChanged),
    ]
    .into_iter()
    .filter_map(|(done, action)| done.then_some(action))
    .collect();
    if !done.is_empty() {
        let name = super::people::board_name(&state, board).await;
        let url = as_logged(&webhook.url);
        for action in done {
            let user = Some(&current.user);
            audit::record(&state, user, action, &name, &url, addr).await;
        }
    }
    Ok(AppJson(webhook))
}

/// Deletes a webhook and whatever it was still owed.
#[utoipa::path(
    delete,
    operation_id = "webhooks_delete",
    path = "/api/boards/{board}/webhooks/{webhook}",
    tag = "webhooks",
    params(
        ("board" = BoardId, Path, description = "The board"),
        ("webhook" = Uuid, Path, description = "The webhook")
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not a lead of the board", body = qadam_shared::api::ErrorBody),
        (status = 404, description = "No such webhook on the board", body = qadam_shared::api::ErrorBody)
    )
)]
async fn remove(
    State(state): State<AppState>,
    current: CurrentUser,
    ClientAddr(addr): ClientAddr,
    AppPath((board, id)): AppPath<(BoardId, Uuid)>,
) -> Result<StatusCode> {
    current.require(&state, board, Role::Lead).await?;
    let url = state
        .store
        .delete_webhook(board, &id.to_string())
        .await?
        .ok_or(Error::NotFound("webhook"))?;
    state.hub.hooks_changed(board).await;
    let name = super::people::board_name(&state, board).await;
    let action = AuditAction::WebhookDeleted;
    let url = as_logged(&url);
    audit::record(&state, Some(&current.user), action, &name, &url, addr).await;
    Ok(StatusCode::NO_CONTENT)
}

/// The webhook's latest deliveries, newest first, with how each went.
#[utoipa::path(
    get,
    operation_id = "webhooks_deliveries",
    path = "/api/boards/{board}/webhooks/{webhook}/deliveries",
    tag = "webhooks",
    params(
        ("board" = BoardId, Path, description = "The board"),
        ("webhook" = Uuid, Path, description = "The webhook")
    ),
    responses(
        (status = 200, description = "At most 50 deliveries, newest first", body = Vec<WebhookDelivery>),
        (status = 403, description = "Not a lead of the board", body = qadam_shared::api::ErrorBody),
        (status = 404, description = "No such webhook on the board", body = qadam_shared::api::ErrorBody)
    )
)]
async fn deliveries(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath((board, id)): AppPath<(BoardId, Uuid)>,
) -> Result<AppJson<Vec<WebhookDelivery>>> {
    let id = lead_of_webhook(&state, &current, board, id).await?;
    Ok(AppJson(state.store.deliveries_of(&id).await?))
}

/// Sends the webhook a ping, to try its receiver; it is listed with the deliveries.
#[utoipa::path(
    post,
    operation_id = "webhooks_ping",
    path = "/api/boards/{board}/webhooks/{webhook}/ping",
    tag = "webhooks",
    params(
        ("board" = BoardId, Path, description = "The board"),
        ("webhook" = Uuid, Path, description = "The webhook")
    ),
    responses(
        (status = 202, description = "Queued: it goes out at once, or when the webhook is resumed (one ping waits at a time)"),
        (status = 403, description = "Not a lead of the board", body = qadam_shared::api::ErrorBody),
        (status = 404, description = "No such webhook on the board", body = qadam_shared::api::ErrorBody)
    )
)]
async fn ping(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath((board, id)): AppPath<(BoardId, Uuid)>,
) -> Result<StatusCode> {
    let id = lead_of_webhook(&state, &current, board, id).await?;
    if state.store.ping_waiting(&id).await? {
        // One waiting ping is enough: pressing again adds nothing to the outbox.
        return Ok(StatusCode::ACCEPTED);
    }
    let now = state.hub.board(board).await?.subscribe().await?;
    let at = now_millis();
    let payload = WebhookPayload {
        event: WebhookEvent::Ping,
        board: outbox::named(&now.board),
        seq: now.seq,
        at,
        author: current.user.display_name.clone(),
        author_id: Some(current.user.id.to_string()),
        card: None,
        stage: None,
        from_stage: None,
        change: None,
    };
    let outgoing = Outgoing {
        webhook_id: id,
        seq: now.seq,
        event: WebhookEvent::Ping,
        payload: serde_json::to_string(&payload).map_err(anyhow::Error::from)?,
    };
    state.store.add_delivery(board, &outgoing, at).await?;
    state.webhooks.wake();
    Ok(StatusCode::ACCEPTED)
}

/// The webhook's id, once the caller is found to lead the board and the webhook to be the
/// board's.
async fn lead_of_webhook(
    state: &AppState,
    current: &CurrentUser,
    board: BoardId,
    id: Uuid,
) -> Result<String> {
    current.require(state, board, Role::Lead).await?;
    let id = id.to_string();
    match state.store.webhook(board, &id).await? {
        Some(_) => Ok(id),
        None => Err(Error::NotFound("webhook")),
    }
}

/// The URL as registered: `http` or `https` with a host, not too long, and not an address
/// webhooks may not reach (a name is checked each time it is resolved).
fn checked_url(url: &str, to_loopback: bool) -> Result<String> {
    let bad = |why: String| Error::bad_request("bad_url", why);
    let url = url.trim();
    if url.chars().count() > WEBHOOK_URL_MAX_CHARS {
        return Err(bad(format!(
            "a webhook's URL has at most {WEBHOOK_URL_MAX_CHARS} characters"
        )));
    }
    let parsed = reqwest::Url::parse(url).map_err(|e| bad(format!("not a URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad("a webhook's URL starts with http:// or https://".into()));
    }
    let host = parsed
        .host_str()
        .ok_or_else(|| bad("a webhook's URL names a host".into()))?;
    if let Ok(ip) = host.trim_matches(['[', ']']).parse()
        && let Some(reason) = unreachable_reason(ip, to_loopback)
    {
        return Err(Error::bad_request(
            "unreachable_url",
            format!("{ip} is {reason}, which webhooks may not reach"),
        ));
    }
    Ok(parsed.to_string())
}

/// A receiver's address as the audit log keeps it: a password or a query in it is often the
/// receiver's key, and a security log is kept long and read widely.
fn as_logged(url: &str) -> String {
    let Ok(mut parsed) = reqwest::Url::parse(url) else {
        return String::new();
    };
    if parsed.password().is_some() {
        let _ = parsed.set_password(Some("***"));
    }
    if parsed.query().is_some() {
        parsed.set_query(Some("***"));
    }
    parsed.set_fragment(None);
    parsed.to_string()
}

/// The chosen events, each once and in a fixed order; at least one, and never a ping.
fn checked_events(mut events: Vec<WebhookEvent>) -> Result<Vec<WebhookEvent>> {
    events.sort();
    events.dedup();
    if events.is_empty() || events.contains(&WebhookEvent::Ping) {
        return Err(Error::bad_request(
            "bad_events",
            "choose one or more changes for the webhook to hear of",
        ));
    }
    Ok(events)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_must_be_web_addresses_the_server_may_reach() {
        assert_eq!(
            checked_url(" https://reports.gov.kz/hook?x=1 ", false).unwrap(),
            "https://reports.gov.kz/hook?x=1"
        );
        assert!(checked_url("http://10.1.2.3:8080/in", false).is_ok());
        for bad in [
            "ftp://reports.gov.kz/",
            "file:///etc/passwd",
            "reports.gov.kz/hook",
        ] {
            assert!(checked_url(bad, false).is_err(), "{bad} accepted");
        }
        for unreachable in [
            "http://127.0.0.1:3000/api",
            "http://[::1]/",
            "http://[::ffff:7f00:1]/",
            "http://169.254.169.254/latest/meta-data",
            "http://0.0.0.0/",
            "http://2130706433/",
            "http://0x7f.1/",
        ] {
            match checked_url(unreachable, false) {
                Err(Error::BadRequest { code, .. }) => assert_eq!(code, "unreachable_url"),
                other => panic!("{unreachable}: {other:?}"),
            }
        }
        assert!(checked_url("http://127.0.0.1:3000/api", true).is_ok());
        let long = format!("https://a.kz/{}", "x".repeat(WEBHOOK_URL_MAX_CHARS));
        assert!(checked_url(&long, false).is_err());
    }

    #[test]
    fn events_are_chosen_once_and_never_a_ping() {
        use WebhookEvent::*;
        assert_eq!(
            checked_events(vec![RagChanged, CardMoved, RagChanged]).unwrap(),
            vec![CardMoved, RagChanged]
        );
        assert!(checked_events(vec![]).is_err());
        assert!(checked_events(vec![Ping]).is_err());
    }
}
