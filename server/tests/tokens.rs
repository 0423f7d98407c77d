//! Personal access tokens: made from a browser's session and shown once, kept only as a hash,
//! carrying the person's rights (or only reading), refused once revoked, expired or the account
//! disabled, and never able to make more tokens.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::{Backend, send};
use qadam_server::AppState;
use qadam_shared::api::{AccessToken, CreatedAccessToken};
use qadam_shared::{Op, Role};
use serde_json::{Value, json};

/// A request with a session cookie (`Cookie: …`) or a token (`Bearer …`).
fn request(method: &str, uri: &str, auth: &str, body: Option<Value>) -> Request<Body> {
    let mut request = Request::builder().method(method).uri(uri);
    request = match auth.strip_prefix("Bearer ") {
        Some(_) => request.header("authorization", auth),
        None => request.header("cookie", auth),
    };
    match body {
        Some(body) => request
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
        None => request.body(Body::empty()).unwrap(),
    }
}

async fn make_token(
    state: &AppState,
    cookie: &str,
    name: &str,
    read_only: bool,
) -> CreatedAccessToken {
    let body = json!({ "name": name, "expires_in_days": 30, "read_only": read_only });
    let (status, made) = send(state, request("POST", "/api/me/tokens", cookie, Some(body))).await;
    assert_eq!(status, 201, "{made}");
    serde_json::from_value(made).unwrap()
}

fn a_move(board: &qadam_shared::Board) -> Value {
    let (_, op) = common::move_first_card_to(board, 2);
    json!({ "op": op })
}

#[tokio::test]
async fn a_token_carries_its_person_s_rights_until_it_ends() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (board, seq) = common::first_board(&state).await;
    let cookie = common::person(&state, "Dana", false, &[(board.id, Role::Member)]).await;

    let made = make_token(&state, &cookie, "Ministry reporting", false).await;
    assert!(made.secret.starts_with("qadam_"));
    let bearer = format!("Bearer {}", made.secret);
    // Listed without its secret; the database keeps no secret either.
    let (_, listed) = send(&state, request("GET", "/api/me/tokens", &cookie, None)).await;
    let listed: Vec<AccessToken> = serde_json::from_value(listed.clone()).unwrap();
    assert_eq!(listed, vec![made.token.clone()]);
    assert!(!listed_json_has(&state, &cookie, &made.secret).await);

    // It reads and changes what the person may, and nothing more.
    let boards = format!("/api/boards/{}", board.id);
    assert_eq!(
        send(&state, request("GET", &boards, &bearer, None)).await.0,
        200
    );
    let ops = format!("/api/boards/{}/ops", board.id);
    let (status, body) = send(&state, request("POST", &ops, &bearer, Some(a_move(&board)))).await;
    assert_eq!(status, 200, "{body}");
    let users = send(&state, request("GET", "/api/users", &bearer, None)).await;
    assert_eq!(users.0, 403, "a member's token is no administrator's");
    // No cookie, no origin check: a script on another machine sends no Origin to compare.

    // A token never makes or lists tokens.
    let more = json!({ "name": "another", "expires_in_days": 1 });
    let (status, body) = send(
        &state,
        request("POST", "/api/me/tokens", &bearer, Some(more)),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("session_required"))
    );

    // Revoked, it no longer works.
    let revoke = format!("/api/me/tokens/{}", made.token.id);
    assert_eq!(
        send(&state, request("DELETE", &revoke, &cookie, None))
            .await
            .0,
        204
    );
    assert_eq!(
        send(&state, request("GET", &boards, &bearer, None)).await.0,
        401
    );
    assert_eq!(
        send(&state, request("DELETE", &revoke, &cookie, None))
            .await
            .0,
        404
    );
    let (_, after) = common::first_board(&state).await;
    assert_eq!(after, seq + 1, "exactly the one move went through");
}

/// Whether any listing shows the secret.
async fn listed_json_has(state: &AppState, cookie: &str, secret: &str) -> bool {
    let (_, listed) = send(state, request("GET", "/api/me/tokens", cookie, None)).await;
    listed.to_string().contains(secret)
}

#[tokio::test]
async fn a_read_only_token_reads_and_changes_nothing() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (board, seq) = common::first_board(&state).await;
    let cookie = common::person(&state, "Erlan", false, &[(board.id, Role::Lead)]).await;
    let made = make_token(&state, &cookie, "Dashboard", true).await;
    let bearer = format!("Bearer {}", made.secret);
    let boards = format!("/api/boards/{}", board.id);
    assert_eq!(
        send(&state, request("GET", &boards, &bearer, None)).await.0,
        200
    );
    let ops = format!("/api/boards/{}/ops", board.id);
    let (status, body) = send(&state, request("POST", &ops, &bearer, Some(a_move(&board)))).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("read_only_token"))
    );
    let limit =
        json!({ "op": Op::SetWipLimit { column: board.ordered_columns()[0].id, limit: Some(3) } });
    assert_eq!(
        send(&state, request("POST", &ops, &bearer, Some(limit)))
            .await
            .0,
        403
    );
    let (_, after) = common::first_board(&state).await;
    assert_eq!(after, seq, "nothing changed");
}

#[tokio::test]
async fn expired_tokens_and_disabled_accounts_are_refused() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let admin = common::admin(&state, "Admin").await;
    let cookie = common::person(&state, "Gulnar", false, &[]).await;
    let made = make_token(&state, &cookie, "Nightly export", false).await;
    let bearer = format!("Bearer {}", made.secret);
    assert_eq!(
        send(&state, request("GET", "/api/boards", &bearer, None))
            .await
            .0,
        200
    );

    // Her account is disabled: the token stops with it.
    let gulnar = state
        .store
        .users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.display_name == "Gulnar")
        .unwrap();
    let disable = request(
        "PATCH",
        &format!("/api/users/{}", gulnar.id),
        &admin,
        Some(json!({ "disabled": true })),
    );
    assert_eq!(send(&state, disable).await.0, 200);
    assert_eq!(
        send(&state, request("GET", "/api/boards", &bearer, None))
            .await
            .0,
        401
    );

    // A token past its expiry is refused like an unknown one.
    let expired = AccessToken {
        id: uuid::Uuid::new_v4().to_string(),
        name: "Old".into(),
        read_only: false,
        created_at: 0,
        expires_at: 1,
        last_used: None,
    };
    let admin_user = state
        .store
        .users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.display_name == "Admin")
        .unwrap();
    let secret = "qadam_expired-secret";
    let hash = qadam_server::auth::token::hash(secret);
    state
        .store
        .create_token(admin_user.id, &expired, &hash)
        .await
        .unwrap();
    let old = format!("Bearer {secret}");
    assert_eq!(
        send(&state, request("GET", "/api/boards", &old, None))
            .await
            .0,
        401
    );
    assert_eq!(
        send(
            &state,
            request("GET", "/api/boards", "Bearer nonsense", None)
        )
        .await
        .0,
        401
    );
}

/// A script follows a board live over the socket with its token: a read-only token's operations
/// are refused with a reason, and revoking the token closes the socket.
#[tokio::test]
async fn a_token_s_socket_follows_the_board_and_closes_on_revocation() {
    use futures_util::{SinkExt, StreamExt};
    use qadam_shared::{ClientMsg, ClientOpId, ServerMsg};
    use tokio_tungstenite::tungstenite::Message;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (board, _) = common::first_board(&state).await;
    let cookie = common::person(&state, "Hasen", false, &[(board.id, Role::Member)]).await;
    let made = make_token(&state, &cookie, "Live dashboard", true).await;
    let server = common::Running::start(state.clone()).await;
    let url = format!("ws://{}/api/boards/{}/ws", server.addr, board.id);
    let mut upgrade = url.into_client_request().unwrap();
    let bearer = format!("Bearer {}", made.secret);
    upgrade
        .headers_mut()
        .insert("authorization", bearer.parse().unwrap());
    let (mut socket, _) = tokio_tungstenite::connect_async(upgrade).await.unwrap();
    common::expect_snapshot(&mut socket).await;

    let (_, op) = common::move_first_card_to(&board, 2);
    let submit = ClientMsg::Submit {
        id: ClientOpId::random(),
        op,
    };
    let text = serde_json::to_string(&submit).unwrap();
    socket.send(Message::text(text)).await.unwrap();
    match common::next(&mut socket).await {
        ServerMsg::Error { code, .. } => assert_eq!(code, "read_only_token"),
        other => panic!("expected a refusal, got {other:?}"),
    }

    let revoke = format!("/api/me/tokens/{}", made.token.id);
    assert_eq!(
        send(&state, request("DELETE", &revoke, &cookie, None))
            .await
            .0,
        204
    );
    match common::next(&mut socket).await {
        ServerMsg::Error { code, .. } => assert_eq!(code, "unauthenticated"),
        other => panic!("expected the end, got {other:?}"),
    }
    assert!(matches!(
        socket.next().await,
        Some(Ok(Message::Close(_))) | None
    ));
    server.stop();
}
