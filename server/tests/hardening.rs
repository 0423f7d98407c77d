//! What an attacker or a careless user tried, and what must hold: no member can break a board, no
//! stranger can exhaust the server, no access outlives its right.

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use common::{Backend, Running, TestDb, expect_snapshot, next, submit};
use futures_util::{SinkExt, StreamExt};
use http_body_util::BodyExt;
use qadam_server::AppState;
use qadam_server::auth::password;
use qadam_server::config::Config;
use qadam_shared::embed::{EmbedMsg, ShownCard};
use qadam_shared::{Board, CardId, ColumnId, Op, OrderKey, Role, ServerMsg};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::Message;
use tower::ServiceExt;

/// A password the strength check takes.
const PASSWORD: &str = "Saryarka-steppe-wind-2031";

async fn call(
    state: &AppState,
    method: &str,
    uri: &str,
    cookie: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json");
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let request = request
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .unwrap();
    respond(state, request).await
}

async fn respond(state: &AppState, request: Request<Body>) -> (StatusCode, Value) {
    let response = qadam_server::http::app(state.clone())
        .oneshot(request)
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// An account with a real password, on each board with its role.
async fn account(state: &AppState, login: &str, roles: &[(Board, Role)]) -> qadam_shared::UserId {
    let id = qadam_shared::UserId::random();
    let hash = password::hash(PASSWORD.into()).await.unwrap();
    let store = &state.store;
    store
        .create_user(
            &qadam_server::storage::accounts::NewUser::new(id, login, login, &hash, false),
            0,
        )
        .await
        .unwrap();
    for (board, role) in roles {
        store.set_role(id, board.id, Some(*role)).await.unwrap();
    }
    id
}

fn sign_in_from(
    login: &str,
    password: &str,
    peer: [u8; 4],
    forwarded: Option<&str>,
) -> Request<Body> {
    let mut request = Request::post("/api/session").header("content-type", "application/json");
    if let Some(f) = forwarded {
        request = request.header("x-forwarded-for", f);
    }
    let mut request = request
        .body(Body::from(
            json!({ "login": login, "password": password }).to_string(),
        ))
        .unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((peer, 40000))));
    request
}

fn create_card(board: &Board, stage: usize, position: OrderKey, title: &str) -> Op {
    Op::CreateCard {
        card: CardId::random(),
        column: board.ordered_columns()[stage].id,
        position,
        title: title.into(),
        description: String::new(),
    }
}

async fn post_op(state: &AppState, board: &Board, cookie: &str, op: &Op) -> (StatusCode, Value) {
    let uri = format!("/api/boards/{}/ops", board.id);
    call(state, "POST", &uri, Some(cookie), Some(json!({ "op": op }))).await
}

/// Two 256-byte keys that share 255 bytes, then a third card at the first: the key between them
/// would be 257 bytes, which every reader used to refuse.
async fn long_keys_never_break_a_board(backend: Backend) {
    let db = TestDb::new(backend).await;
    let state = db.open().await;
    let (board, _) = common::first_board(&state).await;
    let cookie = common::person(&state, "Member", false, &[(board.id, Role::Member)]).await;
    let prefix = "ff".repeat(254);
    let low = OrderKey::parse(&format!("{prefix}1080")).unwrap();
    let high = OrderKey::parse(&format!("{prefix}1180")).unwrap();
    for key in [&low, &high] {
        let (status, body) = post_op(
            &state,
            &board,
            &cookie,
            &create_card(&board, 1, key.clone(), "Edge"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, body) = post_op(
        &state,
        &board,
        &cookie,
        &create_card(&board, 1, low, "Third"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "no_room");

    let history = format!("/api/boards/{}/events", board.id);
    let (status, _) = call(&state, "GET", &history, Some(&cookie), None).await;
    assert_eq!(status, StatusCode::OK);
    drop(state);
    // After a restart the board, its history and the board list all still load.
    let state = db.open().await;
    let (status, boards) = call(&state, "GET", "/api/boards", Some(&cookie), None).await;
    assert_eq!(
        (status, boards.as_array().map(Vec::len)),
        (StatusCode::OK, Some(1))
    );
    let (status, snapshot) = call(
        &state,
        "GET",
        &format!("/api/boards/{}", board.id),
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let titles: Vec<&str> = snapshot["board"]["cards"]
        .as_object()
        .unwrap()
        .values()
        .filter_map(|c| c["title"].as_str())
        .collect();
    assert_eq!(titles.iter().filter(|t| **t == "Edge").count(), 2);
    let (status, _) = call(&state, "GET", &history, Some(&cookie), None).await;
    assert_eq!(status, StatusCode::OK);
}

/// NUL and other control characters, in every field a person fills: a clear refusal, and on
/// PostgreSQL no failed batch for anyone else.
async fn control_characters_are_refused_everywhere(backend: Backend) {
    let (state, _db) = common::seeded_state(backend).await;
    let (board, _) = common::first_board(&state).await;
    let admin = common::admin(&state, "Admin").await;
    let key = board.card_key_at(board.ordered_columns()[0].id, CardId::random(), 0);
    let (status, body) = post_op(
        &state,
        &board,
        &admin,
        &create_card(&board, 0, key.clone(), "a\u{0}b"),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_text"))
    );
    let op = Op::CreateCard {
        card: CardId::random(),
        column: board.ordered_columns()[0].id,
        position: key,
        title: "Fine".into(),
        description: "bad\u{0}".into(),
    };
    let (status, body) = post_op(&state, &board, &admin, &op).await;
    assert_eq!(body["code"], "invalid_text", "{status}");
    // Shown backwards from the override on, this title would read "Road completed".
    let key = board.card_key_at(board.ordered_columns()[0].id, CardId::random(), 0);
    let reversed = create_card(&board, 0, key, "Road \u{202e}detelpmoc");
    let (status, body) = post_op(&state, &board, &admin, &reversed).await;
    assert_eq!(body["code"], "invalid_text", "{status}");

    let (status, _) = respond(
        &state,
        sign_in_from("ad\u{0}min", "whatever-it-is", [10, 0, 0, 1], None),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let new_user = json!({ "login": "nul-name", "display_name": "A\u{0}B", "password": PASSWORD });
    let (status, body) = call(&state, "POST", "/api/users", Some(&admin), Some(new_user)).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_name"))
    );
    let embed = json!({ "label": "Intranet\u{0}" });
    let uri = format!("/api/boards/{}/embeds", board.id);
    let (status, body) = call(&state, "POST", &uri, Some(&admin), Some(embed)).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_label"))
    );
    let (status, _) = call(
        &state,
        "PATCH",
        "/api/users/%00",
        Some(&admin),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// A key written with non-ASCII digits used to panic inside key parsing.
async fn non_ascii_keys_are_refused_without_a_panic(backend: Backend) {
    let (state, _db) = common::seeded_state(backend).await;
    let (board, _) = common::first_board(&state).await;
    let admin = common::admin(&state, "Admin").await;
    let op = json!({ "op": { "type": "move_card", "card": CardId::random(), "column": ColumnId::random(), "position": "８０" } });
    let uri = format!("/api/boards/{}/ops", board.id);
    let (status, body) = call(&state, "POST", &uri, Some(&admin), Some(op)).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_json"))
    );
}

/// Past the boundaries of the log, `since` returns nothing (it used to wrap and return it all).
async fn history_beyond_the_log_is_empty(backend: Backend) {
    let (state, _db) = common::seeded_state(backend).await;
    let (board, _) = common::first_board(&state).await;
    let admin = common::admin(&state, "Admin").await;
    for since in [u64::MAX, i64::MAX as u64 + 1, 1 << 62] {
        let uri = format!("/api/boards/{}/events?since={since}", board.id);
        let (status, body) = call(&state, "GET", &uri, Some(&admin), None).await;
        assert_eq!((status, body), (StatusCode::OK, json!([])), "since={since}");
    }
}

/// Removal from the board, sign-out, signing out everywhere, disabling and a password reset each
/// close the person's open sockets at once: the board's, and (all but the removal, which leaves
/// them signed in) the portfolio's and the inbox's.
async fn sockets_close_when_access_ends(backend: Backend) {
    let (state, _db) = common::seeded_state(backend).await;
    let (board, _) = common::first_board(&state).await;
    let server = Running::start(state.clone()).await;
    let admin = common::admin(&state, "Admin").await;
    let id = account(&state, "aigerim", &[(board.clone(), Role::Member)]).await;

    async fn session(state: &AppState) -> String {
        let response = qadam_server::http::app(state.clone())
            .oneshot(sign_in_from("aigerim", PASSWORD, [10, 0, 0, 9], None))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let set = response.headers()[header::SET_COOKIE].to_str().unwrap();
        set.split(';').next().unwrap().to_owned()
    }
    async fn closes(socket: &mut common::Socket, code: &str) {
        match next(socket).await {
            ServerMsg::Error { code: c, .. } => assert_eq!(c, code),
            other => panic!("expected the socket to end with {code}, got {other:?}"),
        }
    }
    /// Reads until the server ends the socket (news it sends meanwhile is passed over).
    async fn ends(socket: &mut common::Socket, what: &str) {
        let ended = tokio::time::timeout(Duration::from_secs(10), async {
            while let Some(Ok(frame)) = socket.next().await {
                if frame.is_close() {
                    break;
                }
            }
        })
        .await;
        assert!(ended.is_ok(), "{what}: the socket stayed open");
    }

    let member = format!("/api/boards/{}/members/{id}", board.id);
    let changes: [(&str, &str, Option<Value>, &str); 5] = [
        ("DELETE", member.as_str(), None, "not_found"),
        ("DELETE", "/api/session", None, "unauthenticated"),
        ("DELETE", "/api/me/sessions", None, "unauthenticated"),
        (
            "PATCH",
            &format!("/api/users/{id}"),
            Some(json!({ "disabled": true })),
            "unauthenticated",
        ),
        (
            "PATCH",
            &format!("/api/users/{id}"),
            Some(json!({ "password": "Another-long-passphrase-77" })),
            "unauthenticated",
        ),
    ];
    for (method, uri, body, code) in changes {
        state
            .store
            .set_role(id, board.id, Some(Role::Member))
            .await
            .unwrap();
        call(
            &state,
            "PATCH",
            &format!("/api/users/{id}"),
            Some(&admin),
            Some(json!({ "disabled": false, "password": PASSWORD })),
        )
        .await;
        let cookie = session(&state).await;
        let mut socket = common::connect_as(&server, &board, &cookie, None)
            .await
            .unwrap();
        expect_snapshot(&mut socket).await;
        let portfolio = common::open_as(&server, "/api/portfolio/ws", &cookie);
        let mut portfolio = portfolio.await.unwrap();
        let inbox = common::open_as(&server, "/api/me/notifications/ws", &cookie);
        let mut inbox = inbox.await.unwrap();
        let by = if uri == "/api/session" || uri == "/api/me/sessions" {
            &cookie
        } else {
            &admin
        };
        let (status, answer) = call(&state, method, uri, Some(by), body).await;
        assert!(status.is_success(), "{method} {uri}: {status} {answer}");
        closes(&mut socket, code).await;
        if code == "unauthenticated" {
            ends(
                &mut portfolio,
                &format!("the portfolio after {method} {uri}"),
            )
            .await;
            ends(&mut inbox, &format!("the inbox after {method} {uri}")).await;
        }
    }
    server.stop();
}

/// A session or an access token that expires while its sockets are open ends them then: the
/// board's with `unauthenticated`, the portfolio's and the inbox's closed. Expiry announces
/// nothing, as a sign-out does.
async fn sockets_close_when_the_session_or_token_expires(backend: Backend) {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let (state, _db) = common::seeded_state(backend).await;
    let (board, _) = common::first_board(&state).await;
    let server = Running::start(state.clone()).await;
    let id = account(&state, "aigerim", &[(board.clone(), Role::Member)]).await;
    let lasts = Duration::from_millis(1_500);
    let now = qadam_server::clock::now_millis();
    let ends_at = now + lasts.as_millis() as i64;

    let session = qadam_server::auth::token::generate();
    let hash = qadam_server::auth::token::hash(&session);
    state
        .store
        .create_session(&hash, id, "test", now, ends_at)
        .await
        .unwrap();
    let cookie = qadam_server::auth::cookie_header(&session);
    let secret = qadam_server::auth::token::generate();
    let token = qadam_shared::api::AccessToken {
        id: "expiring".into(),
        name: "Wall screen".into(),
        read_only: true,
        created_at: now,
        expires_at: ends_at,
        last_used: None,
    };
    let hash = qadam_server::auth::token::hash(&secret);
    state.store.create_token(id, &token, &hash).await.unwrap();
    let url = format!("ws://{}/api/boards/{}/ws", server.addr, board.id);
    let mut request = url.into_client_request().unwrap();
    let bearer = format!("Bearer {secret}").parse().unwrap();
    request.headers_mut().insert("authorization", bearer);

    let mut by_session = common::connect_as(&server, &board, &cookie, None)
        .await
        .unwrap();
    expect_snapshot(&mut by_session).await;
    let (mut by_token, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    expect_snapshot(&mut by_token).await;
    let mut portfolio = common::open_as(&server, "/api/portfolio/ws", &cookie)
        .await
        .unwrap();
    let mut inbox = common::open_as(&server, "/api/me/notifications/ws", &cookie)
        .await
        .unwrap();
    let opened = std::time::Instant::now();
    for socket in [&mut by_session, &mut by_token] {
        let why = tokio::time::timeout(Duration::from_secs(10), next(socket))
            .await
            .expect("the socket ends once its access expires");
        assert!(
            matches!(&why, ServerMsg::Error { code, .. } if code == "unauthenticated"),
            "{why:?}"
        );
    }
    for (socket, what) in [(&mut portfolio, "portfolio"), (&mut inbox, "inbox")] {
        let closed = tokio::time::timeout(Duration::from_secs(10), async {
            while let Some(Ok(frame)) = socket.next().await {
                if frame.is_close() {
                    break;
                }
            }
        })
        .await;
        assert!(
            closed.is_ok(),
            "the {what} socket stayed open past its session"
        );
    }
    assert!(
        opened.elapsed() >= lasts - Duration::from_millis(500),
        "ended at expiry, not before"
    );
    server.stop();
}

/// On PostgreSQL a revocation on one instance closes the sockets on another.
async fn revocations_reach_every_instance(backend: Backend) {
    let db = TestDb::new(backend).await;
    let (a, b) = (db.open().await, db.open().await);
    let (board, _) = common::first_board(&a).await;
    let on_b = Running::start(b.clone()).await;
    let cookie = common::person(&a, "Bolat", false, &[(board.id, Role::Member)]).await;
    let mut socket = common::connect_as(&on_b, &board, &cookie, None)
        .await
        .unwrap();
    expect_snapshot(&mut socket).await;
    let lead = common::admin(&a, "Lead").await;
    let me: Value = call(&a, "GET", "/api/me", Some(&cookie), None).await.1;
    let uri = format!(
        "/api/boards/{}/members/{}",
        board.id,
        me["id"].as_str().unwrap()
    );
    let (status, _) = call(&a, "DELETE", &uri, Some(&lead), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    match next(&mut socket).await {
        ServerMsg::Error { code, .. } => assert_eq!(code, "not_found"),
        other => panic!("expected the socket on the other instance to end, got {other:?}"),
    }

    // An embed revoked on one instance stops on the other at once, not at its next recheck.
    let (status, created) = call(
        &a,
        "POST",
        &format!("/api/boards/{}/embeds", board.id),
        Some(&lead),
        Some(json!({ "label": "Ministry intranet" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let url = format!(
        "ws://{}/api/embed/{}/ws",
        on_b.addr,
        created["token"].as_str().unwrap()
    );
    let (mut embed, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let opened = common::next_as::<EmbedMsg>(&mut embed).await;
    assert!(matches!(opened, EmbedMsg::Reread { .. }), "{opened:?}");
    let revoke = format!(
        "/api/boards/{}/embeds/{}",
        board.id,
        created["embed"]["id"].as_str().unwrap()
    );
    let (status, _) = call(&a, "DELETE", &revoke, Some(&lead), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let ended = tokio::time::timeout(std::time::Duration::from_secs(5), next(&mut embed))
        .await
        .expect("the embed ends before its 10-second recheck");
    match ended {
        ServerMsg::Error { code, .. } => assert_eq!(code, "embed_gone"),
        other => panic!("expected the embed on the other instance to end, got {other:?}"),
    }
    on_b.stop();
}

/// A database error caused by one operation's data refuses that operation; the others in its
/// batch commit, and nobody's socket closes. (A trigger stands in for data the database
/// refuses: the rules already refuse NUL.)
async fn a_data_error_refuses_one_operation_not_its_batch(backend: Backend) {
    let db = TestDb::new(backend).await;
    let state = db.open().await;
    {
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
        sqlx::raw_sql(
            "CREATE FUNCTION refuse_poison() RETURNS trigger AS $$ BEGIN
               IF NEW.title = 'poison' THEN
                 RAISE EXCEPTION 'refused' USING ERRCODE = '22021';
               END IF;
               RETURN NEW;
             END $$ LANGUAGE plpgsql;
             CREATE TRIGGER refuse_poison BEFORE INSERT OR UPDATE ON cards
               FOR EACH ROW EXECUTE FUNCTION refuse_poison();",
        )
        .execute(&mut conn)
        .await
        .unwrap();
    }
    let (board, _) = common::first_board(&state).await;
    let server = Running::start(state.clone()).await;
    let mut socket = common::connect(&server, &state, &board, "Sender", None).await;
    expect_snapshot(&mut socket).await;
    let mut ids = Vec::new();
    for i in 0..20 {
        let title = if i == 7 {
            "poison".to_owned()
        } else {
            format!("Task {i}")
        };
        let key = OrderKey::sequence(None, 21).remove(i);
        ids.push(submit(&mut socket, &create_card(&board, 0, key, &title)).await);
    }
    let (mut committed, mut refused) = (0, Vec::new());
    while committed + refused.len() < 20 {
        match next(&mut socket).await {
            ServerMsg::Committed(_) => committed += 1,
            ServerMsg::Rejected { id, rejection } => {
                assert_eq!(rejection.code.as_str(), "invalid_text");
                refused.push(id);
            }
            other => panic!("a data error must not fail the batch: {other:?}"),
        }
    }
    assert_eq!((committed, refused), (19, vec![ids[7]]));
    server.stop();
}

/// A member made an observer while their socket is open: the next operation they send is
/// refused, though the socket reads their standing from the database only now and then.
async fn a_lowered_role_applies_to_the_next_socket_operation(backend: Backend) {
    let (state, _db) = common::seeded_state(backend).await;
    let (board, _) = common::first_board(&state).await;
    let server = Running::start(state.clone()).await;
    let admin = common::admin(&state, "Admin").await;
    let cookie = common::person(&state, "Dana", false, &[(board.id, Role::Member)]).await;
    let mut socket = common::connect_as(&server, &board, &cookie, None)
        .await
        .unwrap();
    let (now, _) = expect_snapshot(&mut socket).await;
    let (_, first) = common::move_first_card_to(&now, 1);
    let sent = submit(&mut socket, &first).await;
    match next(&mut socket).await {
        ServerMsg::Committed(c) => assert_eq!(c.client_op, Some(sent)),
        other => panic!("a member's move commits, got {other:?}"),
    }
    let person = state
        .store
        .members_of(board.id)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.display_name == "Dana")
        .unwrap()
        .user_id;
    let (status, _) = call(
        &state,
        "PUT",
        &format!("/api/boards/{}/members/{person}", board.id),
        Some(&admin),
        Some(json!({ "role": "observer" })),
    )
    .await;
    assert!(status.is_success(), "{status}");
    let (_, second) = common::move_first_card_to(&now, 2);
    let sent = submit(&mut socket, &second).await;
    match next(&mut socket).await {
        ServerMsg::Rejected { id, rejection } => {
            assert_eq!((id, rejection.code.as_str()), (sent, "forbidden"));
        }
        other => panic!("an observer's move is refused, got {other:?}"),
    }
    server.stop();
}

on_both_backends!(
    a_lowered_role_applies_to_the_next_socket_operation,
    long_keys_never_break_a_board,
    control_characters_are_refused_everywhere,
    non_ascii_keys_are_refused_without_a_panic,
    history_beyond_the_log_is_empty,
    sockets_close_when_access_ends,
    sockets_close_when_the_session_or_token_expires,
);

mod postgres_only {
    use super::*;

    #[tokio::test]
    async fn revocations_reach_every_instance() {
        if common::postgres_available() {
            super::revocations_reach_every_instance(Backend::Postgres).await
        }
    }

    #[tokio::test]
    async fn a_data_error_refuses_one_operation_not_its_batch() {
        if common::postgres_available() {
            super::a_data_error_refuses_one_operation_not_its_batch(Backend::Postgres).await
        }
    }

    /// Two instances started together on an empty database: both start, one administrator and
    /// ten boards are made.
    #[tokio::test]
    async fn instances_starting_together_set_up_the_database_once() {
        if !common::postgres_available() {
            return;
        }
        let db = TestDb::new(Backend::Postgres).await;
        let config = db.config();
        let (a, b) = tokio::join!(AppState::open(&config), AppState::open(&config));
        let (a, _b) = (a.unwrap(), b.unwrap());
        let admins = a.store.users().await.unwrap();
        assert_eq!(admins.iter().filter(|u| u.is_admin).count(), 1);
        assert_eq!(
            admins.len(),
            1 + qadam_server::seed::PEOPLE.iter().flatten().count()
        );
        assert_eq!(a.store.board_ids().await.unwrap().len(), 10);
    }

    /// During an outage the health check answers 503 within a second instead of waiting out the
    /// pool's five-second acquire timeout.
    #[tokio::test]
    async fn health_answers_at_once_during_an_outage() {
        if !common::postgres_available() {
            return;
        }
        let db = TestDb::new(Backend::Postgres).await;
        let state = db.open().await;
        let name = db.pg_name().to_owned();
        common::pg_admin(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false")).await;
        common::kill_connections(&db).await;
        let answer = tokio::time::timeout(
            Duration::from_millis(2500),
            call(&state, "GET", "/api/health", None, None),
        )
        .await;
        common::pg_admin(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true")).await;
        let (status, _) = answer.expect("an answer, not a hang");
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    }
}

/// 32 guesses at one login at once: only the free five are checked, the rest wait (429); a
/// flood of sign-ins at many logins is turned away busy instead of queueing hashes.
#[tokio::test]
async fn guesses_are_counted_before_they_are_checked() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    account(&state, "aigerim", &[]).await;
    let guesses = (0..32).map(|i| {
        respond(
            &state,
            sign_in_from("aigerim", &format!("guess {i}"), [10, 0, 0, 1], None),
        )
    });
    let answers = futures_util::future::join_all(guesses).await;
    let checked = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::UNAUTHORIZED)
        .count();
    let waited = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((checked, waited), (5, 27));

    let flood = (0..200).map(|i| {
        respond(
            &state,
            sign_in_from(
                &format!("nobody{i}"),
                "wrong password",
                [10, 0, 1, i as u8],
                None,
            ),
        )
    });
    let answers = futures_util::future::join_all(flood).await;
    assert!(
        answers
            .iter()
            .all(|(s, _)| *s == StatusCode::UNAUTHORIZED || *s == StatusCode::TOO_MANY_REQUESTS)
    );
    assert!(
        answers.iter().any(|(_, b)| b["code"] == "busy"),
        "200 hashes at once are not all queued"
    );
}

/// Wrong current passwords in a password change are throttled like sign-ins.
#[tokio::test]
async fn wrong_current_passwords_are_throttled() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    account(&state, "aigerim", &[]).await;
    let response = qadam_server::http::app(state.clone())
        .oneshot(sign_in_from("aigerim", PASSWORD, [10, 0, 0, 1], None))
        .await
        .unwrap();
    let set = response.headers()[header::SET_COOKIE].to_str().unwrap();
    let cookie = set.split(';').next().unwrap().to_owned();
    let mut statuses = Vec::new();
    for i in 0..12 {
        let change =
            json!({ "current": format!("guess {i}"), "new": "Another-long-passphrase-77" });
        statuses.push(
            call(
                &state,
                "POST",
                "/api/me/password",
                Some(&cookie),
                Some(change),
            )
            .await
            .0,
        );
    }
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::UNAUTHORIZED)
            .count(),
        5
    );
    assert_eq!(statuses[11], StatusCode::TOO_MANY_REQUESTS);
}

/// Behind a trusted proxy each browser counts alone, and failures at one login never block
/// another login's correct sign-in.
#[tokio::test]
async fn throttling_behind_a_proxy_counts_each_browser() {
    let db = TestDb::new(Backend::Sqlite).await;
    let config = Config {
        trusted_proxies: vec![[127, 0, 0, 1].into()],
        ..db.config()
    };
    let state = AppState::open(&config).await.unwrap();
    account(&state, "aigerim", &[]).await;
    account(&state, "bolat", &[]).await;
    let proxy = [127, 0, 0, 1];
    for _ in 0..6 {
        respond(
            &state,
            sign_in_from("aigerim", "a wrong guess", proxy, Some("10.0.0.66")),
        )
        .await;
    }
    let (status, _) = respond(
        &state,
        sign_in_from("aigerim", PASSWORD, proxy, Some("10.0.0.66")),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the guesser waits");
    let (status, _) = respond(
        &state,
        sign_in_from("aigerim", PASSWORD, proxy, Some("10.0.0.7")),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "Aigerim at her own desk, behind the same proxy"
    );
    let (status, _) = respond(
        &state,
        sign_in_from("bolat", PASSWORD, proxy, Some("10.0.0.66")),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "another login from the guesser's address"
    );
}

/// An administrator's change either happens whole or not at all.
#[tokio::test]
async fn an_account_change_is_all_or_nothing() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let admin = common::admin(&state, "Admin").await;
    let id = account(&state, "aigerim", &[]).await;
    let change = json!({ "is_admin": true, "display_name": "Renamed", "password": "short" });
    let (status, body) = call(
        &state,
        "PATCH",
        &format!("/api/users/{id}"),
        Some(&admin),
        Some(change),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("weak_password"))
    );
    let user = state.store.user_by_id(id).await.unwrap().unwrap();
    assert_eq!(
        (user.is_admin, user.display_name.as_str()),
        (false, "aigerim")
    );
}

/// Short, common, or login-based passwords are refused.
#[tokio::test]
async fn weak_passwords_are_refused() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let admin = common::admin(&state, "Admin").await;
    for weak in [
        "short-one",
        "password1234",
        "qwertyuiop123",
        "nurlan.kassym-2024",
    ] {
        let new = json!({ "login": "nurlan.kassym", "display_name": "Nurlan", "password": weak });
        let (status, body) = call(&state, "POST", "/api/users", Some(&admin), Some(new)).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("weak_password")),
            "{weak}"
        );
    }
    let new = json!({ "login": "nurlan.kassym", "display_name": "Nurlan", "password": PASSWORD });
    let (status, _) = call(&state, "POST", "/api/users", Some(&admin), Some(new)).await;
    assert_eq!(status, StatusCode::CREATED);
}

/// One person sending operations far faster than anyone works by hand is slowed down.
#[tokio::test]
async fn one_person_cannot_flood_operations() {
    let db = TestDb::new(Backend::Sqlite).await;
    let config = Config {
        ops_per_second: 1,
        ..db.config()
    };
    let state = AppState::open(&config).await.unwrap();
    let (board, _) = common::first_board(&state).await;
    let cookie = common::person(&state, "Script", false, &[(board.id, Role::Member)]).await;
    let card = board.cards_in(board.ordered_columns()[0].id)[0].id;
    let mut answers = Vec::new();
    for i in 0..40 {
        let op = Op::EditCard {
            card,
            title: Some(format!("Edit {i}")),
            description: None,
        };
        answers.push(post_op(&state, &board, &cookie, &op).await);
    }
    let slowed = answers
        .iter()
        .position(|(s, _)| *s == StatusCode::TOO_MANY_REQUESTS);
    let slowed = slowed.expect("the burst runs out");
    assert!(slowed >= 30, "a burst of 30 passes");
    assert_eq!(answers[slowed].1["code"], "slow_down");
    let last_ok = answers.iter().rposition(|(s, _)| s.is_success()).unwrap();
    let (now, _) = common::first_board(&state).await;
    assert_eq!(
        now.cards[&card].title,
        format!("Edit {last_ok}"),
        "refused edits did nothing"
    );
}

/// A long queue sent at once over a socket (a browser back online), past the person's burst,
/// commits as the socket reads it: the burst's acks come back while the rest wait their turn.
/// They once waited, read but unsubmitted and unanswered, until the socket fell quiet, and a
/// browser hearing nothing for 12 s gave the socket up and sent everything again.
#[tokio::test]
async fn a_long_queue_over_a_socket_commits_as_it_is_read() {
    let db = TestDb::new(Backend::Sqlite).await;
    let config = Config {
        ops_per_second: 2,
        ..db.config()
    };
    let state = AppState::open(&config).await.unwrap();
    let (board, _) = common::first_board(&state).await;
    let server = Running::start(state.clone()).await;
    let cookie = common::person(&state, "Traveller", false, &[(board.id, Role::Member)]).await;
    let mut socket = common::connect_as(&server, &board, &cookie, None)
        .await
        .unwrap();
    expect_snapshot(&mut socket).await;
    let card = board.cards_in(board.ordered_columns()[0].id)[0].id;
    // The burst is 30 seconds of the rate; 20 more take 10 s to be let in.
    let burst = 2 * 30;
    let mut sent = std::collections::HashSet::new();
    for i in 0..burst + 20 {
        let op = Op::EditCard {
            card,
            title: Some(format!("Offline edit {i}")),
            description: None,
        };
        sent.insert(submit(&mut socket, &op).await);
    }
    let acked = tokio::time::timeout(Duration::from_secs(5), async {
        let mut acked = 0;
        while acked < burst {
            if let ServerMsg::Committed(c) = next(&mut socket).await
                && c.client_op.is_some_and(|id| sent.contains(&id))
            {
                acked += 1;
            }
        }
    })
    .await;
    assert!(
        acked.is_ok(),
        "the burst's acks come while the rest of the queue waits its turn"
    );
    server.stop();
}

/// Opening a board for many sockets copies it once, not once per socket.
#[tokio::test]
async fn subscribers_share_one_copy_of_the_board() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (board, _) = common::first_board(&state).await;
    let handle = state.hub.board(board.id).await.unwrap();
    let (one, two) = (
        handle.subscribe().await.unwrap(),
        handle.subscribe().await.unwrap(),
    );
    assert!(Arc::ptr_eq(&one.board, &two.board));
}

/// The board task remembers only the latest `RECENT_MAX` submissions; a resend older than that
/// is still recognised, from the log, and not applied again.
#[tokio::test]
async fn a_resend_older_than_the_memory_is_answered_from_the_log() {
    use futures_util::StreamExt;
    use qadam_server::sync::{Outcome, RECENT_MAX};
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (board, seq) = common::first_board(&state).await;
    let handle = state.hub.board(board.id).await.unwrap();
    let column = board.ordered_columns()[0].id;
    let author = qadam_shared::authority::Author::system("x");
    let first = qadam_shared::ClientOpId::random();
    let move_one = |id| {
        let handle = handle.clone();
        let author = author.clone();
        async move {
            let op = Op::SetWipLimit {
                column,
                limit: Some(5),
            };
            handle.submit(id, op, author).await.unwrap()
        }
    };
    let Outcome::Committed(event) = move_one(first).await else {
        panic!("the first submission commits")
    };
    assert_eq!(event.seq, seq + 1);
    let later: Vec<Outcome> = futures_util::stream::iter(0..RECENT_MAX)
        .map(|_| move_one(qadam_shared::ClientOpId::random()))
        .buffer_unordered(256)
        .collect()
        .await;
    assert!(
        later.iter().all(|o| matches!(o, Outcome::Committed(_))),
        "every later submission commits"
    );
    assert_eq!(move_one(first).await, Outcome::Duplicate(seq + 1));
    let after = handle.subscribe().await.unwrap();
    assert_eq!(
        after.seq,
        seq + 1 + RECENT_MAX as u64,
        "the resend was not applied"
    );
    // The refused write left nothing open: the next change commits.
    let Outcome::Committed(next) = move_one(qadam_shared::ClientOpId::random()).await else {
        panic!("a new submission commits after the refused resend")
    };
    assert_eq!(next.seq, after.seq + 1);
}

/// On SQLite the boards' commits share one writer and go into one transaction when they meet:
/// ten boards changed at once all land (read back after a restart), and a resend the log's key
/// refuses among them is answered as such without failing the others.
#[tokio::test]
async fn boards_committing_at_once_share_the_writer_and_none_fails_another() {
    use futures_util::StreamExt;
    use qadam_server::sync::{Outcome, RECENT_MAX};
    use qadam_shared::ClientOpId;
    let db = common::TestDb::new(Backend::Sqlite).await;
    let state = db.open().await;
    let ids = state.store.board_ids().await.unwrap();
    assert_eq!(ids.len(), 10, "the ten teams' boards");
    let author = qadam_shared::authority::Author::system("x");
    let limit = |handle: qadam_server::sync::BoardHandle, board: &Board, id, n| {
        let column = board.ordered_columns()[0].id;
        let author = author.clone();
        async move {
            let op = Op::SetWipLimit {
                column,
                limit: Some(n),
            };
            handle.submit(id, op, author).await.unwrap()
        }
    };
    let mut boards = Vec::new();
    for id in &ids {
        let handle = state.hub.board(*id).await.unwrap();
        let sub = handle.subscribe().await.unwrap();
        boards.push((handle, Board::clone(&sub.board), sub.seq));
    }
    // The first board's first submission is pushed out of its task's memory.
    let (first_handle, first_board, first_seq) = boards[0].clone();
    let resent = ClientOpId::random();
    limit(first_handle.clone(), &first_board, resent, 1).await;
    futures_util::stream::iter(0..RECENT_MAX)
        .map(|_| limit(first_handle.clone(), &first_board, ClientOpId::random(), 2))
        .buffer_unordered(256)
        .collect::<Vec<_>>()
        .await;

    let mut changes = Vec::new();
    for (handle, board, _) in &boards[1..] {
        for n in 1..=50 {
            changes.push(limit(handle.clone(), board, ClientOpId::random(), n));
        }
    }
    // Writes of another kind (here the audit log) take turns with the boards' writer.
    let audited = (0..100).map(|i| {
        let store = state.store.clone();
        async move {
            let subject = format!("turn {i}");
            let entry = qadam_server::storage::audit::NewAudit {
                at: i,
                actor: None,
                action: qadam_shared::audit::AuditAction::SignInFailed,
                subject: &subject,
                detail: "",
                address: None,
            };
            store.add_audit(&entry).await
        }
    });
    let (again, outcomes, audited) = tokio::join!(
        limit(first_handle.clone(), &first_board, resent, 1),
        futures_util::future::join_all(changes),
        futures_util::future::join_all(audited)
    );
    assert!(
        audited.iter().all(Result::is_ok),
        "every other write lands too: {audited:?}"
    );
    assert_eq!(again, Outcome::Duplicate(first_seq + 1));
    let refused: Vec<_> = outcomes
        .iter()
        .filter(|o| !matches!(o, Outcome::Committed(_)))
        .collect();
    assert!(
        refused.is_empty(),
        "every other board's change commits: {refused:?}"
    );
    let before: Vec<u64> = boards.iter().map(|(_, _, seq)| *seq).collect();
    drop((state, boards));

    let state = db.open().await;
    for (i, id) in ids.iter().enumerate() {
        let sub = state
            .hub
            .board(*id)
            .await
            .unwrap()
            .subscribe()
            .await
            .unwrap();
        let expected = if i == 0 {
            first_seq + 1 + RECENT_MAX as u64
        } else {
            before[i] + 50
        };
        assert_eq!(sub.seq, expected, "board {i} after a restart");
    }
}

/// A board's text has a budget: an 80 MB board can no longer be built.
#[tokio::test]
async fn a_board_has_a_text_budget() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (board, _) = common::first_board(&state).await;
    let handle = state.hub.board(board.id).await.unwrap();
    let column = board.ordered_columns()[0].id;
    let description = "ж".repeat(9_000);
    let mut last = None;
    for i in 0..1000 {
        let op = Op::CreateCard {
            card: CardId::random(),
            column,
            position: OrderKey::sequence(None, 1).remove(0),
            title: format!("Bulk {i}"),
            description: description.clone(),
        };
        let outcome = handle
            .submit(
                qadam_shared::ClientOpId::random(),
                op,
                qadam_shared::authority::Author::system("x"),
            )
            .await
            .unwrap();
        if let qadam_server::sync::Outcome::Rejected(r) = outcome {
            last = Some((i, r.code.as_str()));
            break;
        }
    }
    let (at, code) = last.expect("the budget runs out");
    assert_eq!(code, "board_full");
    assert!(at < 500, "8 MB of text is about 450 such cards");
}

/// The embed socket reads nothing; a large frame ends it. An embed shows only its stages and the
/// titles of their cards: no descriptions, no delivery fields, no limits.
#[tokio::test]
async fn embeds_take_no_large_frames_and_show_only_titles() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (board, _) = common::first_board(&state).await;
    assert!(board.cards.values().any(|c| !c.delivery.is_empty()));
    let admin = common::admin(&state, "Admin").await;
    let uri = format!("/api/boards/{}/embeds", board.id);
    let (_, created) = call(
        &state,
        "POST",
        &uri,
        Some(&admin),
        Some(json!({ "label": "Intranet" })),
    )
    .await;
    let token = created["token"].as_str().unwrap();
    let (_, shown) = call(&state, "GET", &format!("/api/embed/{token}"), None, None).await;
    let cards = shown["board"]["cards"].as_object().unwrap();
    assert!(!cards.is_empty());
    for card in cards.values() {
        assert_eq!(card["description"], "", "{card}");
        assert_eq!(card.get("delivery"), None, "{card}");
        assert_eq!(card.get("parts"), None, "{card}");
    }
    let columns = shown["board"]["columns"].as_object().unwrap();
    assert!(columns.values().all(|c| c["wip_limit"].is_null()));
    // The page shows the board's name, not its team nor the label the lead gave the link.
    assert_eq!(
        (&shown["board"]["team"], shown.get("label")),
        (&json!(""), None)
    );

    let server = Running::start(state.clone()).await;
    let url = format!("ws://{}/api/embed/{token}/ws", server.addr);
    let (mut socket, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    assert!(matches!(socket.next().await, Some(Ok(Message::Text(_)))));
    // The page asks whether the link is alive.
    let ping = serde_json::to_string(&qadam_shared::ClientMsg::Ping).unwrap();
    socket.send(Message::text(ping)).await.unwrap();
    assert_eq!(
        common::next_as::<EmbedMsg>(&mut socket).await,
        EmbedMsg::Pong
    );
    let _ = socket.send(Message::text("x".repeat(4096))).await;
    let ended = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match socket.next().await {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
                Some(Ok(_)) => {}
            }
        }
    })
    .await;
    assert!(ended.is_ok(), "a 4 KB frame ends the embed socket");
    server.stop();
}

/// An embed link's socket, opened on `token`.
async fn open_embed(server: &Running, token: &str) -> common::Socket {
    let url = format!("ws://{}/api/embed/{token}/ws", server.addr);
    tokio_tungstenite::connect_async(url).await.unwrap().0
}

/// An embed's sockets share one view of the board: one opened before a change and one after
/// each are told of every change, however their turns interleave.
#[tokio::test]
async fn embed_sockets_opened_at_different_moments_each_show_every_change() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (board, _) = common::first_board(&state).await;
    let admin = common::admin(&state, "Admin").await;
    let uri = format!("/api/boards/{}/embeds", board.id);
    let body = Some(json!({ "label": "Intranet" }));
    let (_, created) = call(&state, "POST", &uri, Some(&admin), body).await;
    let token = created["token"].as_str().unwrap();
    let server = Running::start(state.clone()).await;
    let handle = state.hub.board(board.id).await.unwrap();
    let author = qadam_shared::authority::Author::system("Lead");
    let mut first = open_embed(&server, token).await;
    let EmbedMsg::Reread { seq: opened } = common::next_as(&mut first).await else {
        panic!("an embed's socket opens by asking for the embed");
    };
    let mut later = Vec::new();
    let columns = board.ordered_columns();
    let mut seen = board.clone();
    for stage in [1, 2, 3] {
        let (card, op) = common::move_first_card_to(&board, stage);
        let op = match op {
            Op::MoveCard { column, .. } => Op::MoveCard {
                card,
                column,
                position: seen.card_key_at(column, card, 0),
            },
            other => other,
        };
        let id = qadam_shared::ClientOpId::random();
        handle.submit(id, op.clone(), author.clone()).await.unwrap();
        qadam_shared::apply(&mut seen, &op, &Default::default()).unwrap();
        let seq = opened + stage as u64;
        for (n, socket) in std::iter::once(&mut first).chain(&mut later).enumerate() {
            match common::next_as(socket).await {
                EmbedMsg::Cards { seq: at, cards } => {
                    let told: Vec<_> = cards
                        .iter()
                        .map(|c| (c.id, c.face.as_ref().map(|f| f.column)))
                        .collect();
                    assert_eq!(
                        (told, at),
                        (vec![(card, Some(columns[stage].id))], seq),
                        "socket {n} after the move to stage {stage}"
                    )
                }
                other => panic!("socket {n} expected the moved card, got {other:?}"),
            }
        }
        // One more socket opens on the board as it is now and follows it from there.
        let mut socket = open_embed(&server, token).await;
        let now = common::next_as::<EmbedMsg>(&mut socket).await;
        assert_eq!(now, EmbedMsg::Reread { seq });
        later.push(socket);
    }
    server.stop();
}

/// An embed made for two stages is told of a card only while it is open in one of them, of its
/// stages' names and order, and of nothing else: not a decision asked, not a limit, not a
/// stage it leaves out. Nothing it hides is sent.
#[tokio::test]
async fn an_embed_is_told_only_what_it_shows() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (board, _) = common::first_board(&state).await;
    let columns: Vec<ColumnId> = board.ordered_columns().iter().map(|c| c.id).collect();
    let admin = common::admin(&state, "Admin").await;
    let uri = format!("/api/boards/{}/embeds", board.id);
    let body = json!({ "label": "Intranet", "columns": [columns[0], columns[1]] });
    let (_, created) = call(&state, "POST", &uri, Some(&admin), Some(body)).await;
    let token = created["token"].as_str().unwrap();
    let server = Running::start(state.clone()).await;
    let handle = state.hub.board(board.id).await.unwrap();
    let mut socket = open_embed(&server, token).await;
    let EmbedMsg::Reread { seq: opened } = common::next_as(&mut socket).await else {
        panic!("an embed's socket opens by asking for the embed");
    };

    let card = board.cards_in(columns[0])[0].id;
    let mut seen = board.clone();
    let to = |seen: &Board, stage: usize| Op::MoveCard {
        card,
        column: columns[stage],
        position: seen.card_key_at(columns[stage], card, 0),
    };
    let rename = |stage: usize| Op::RenameColumn {
        column: columns[stage],
        name: format!("Stage {stage}"),
    };
    let steps = [
        Op::AskDecision {
            card,
            question: Some("Who pays for the substation?".into()),
        },
        to(&seen, 1),
        Op::SetWipLimit {
            column: columns[0],
            limit: Some(3),
        },
        Op::MoveCard {
            card,
            column: columns[2],
            position: OrderKey::first(),
        },
        rename(2),
        rename(0),
    ];
    // How the card looks to the embed after each step, by the shared rule.
    let link = qadam_shared::EmbedLink {
        columns: Some(columns[..2].to_vec()),
        ..qadam_shared::EmbedLink::new(board.id, "Intranet".into(), 0)
    };
    let mut faces = Vec::new();
    for op in steps {
        let op = match op {
            Op::MoveCard { column, .. } if column == columns[2] => to(&seen, 2),
            op => op,
        };
        let author = qadam_shared::authority::Author::system("Lead");
        let id = qadam_shared::ClientOpId::random();
        let outcome = handle.submit(id, op.clone(), author).await.unwrap();
        assert!(
            matches!(outcome, qadam_server::sync::Outcome::Committed(_)),
            "{op:?}"
        );
        qadam_shared::apply(&mut seen, &op, &Default::default()).unwrap();
        faces.push(qadam_shared::embed::face(&seen, &link, card));
    }
    let mut told = Vec::new();
    for _ in 0..3 {
        let frame = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        let text = frame.into_text().unwrap();
        assert!(!text.contains("substation"), "{text}");
        told.push(serde_json::from_str::<EmbedMsg>(&text).unwrap());
    }
    assert_eq!(faces[1].as_ref().map(|f| f.column), Some(columns[1]));
    assert_eq!(
        told,
        [
            EmbedMsg::Cards {
                seq: opened + 2,
                cards: vec![ShownCard {
                    id: card,
                    face: faces[1].clone()
                }]
            },
            EmbedMsg::Cards {
                seq: opened + 4,
                cards: vec![ShownCard {
                    id: card,
                    face: None
                }]
            },
            EmbedMsg::Reread { seq: opened + 6 },
        ]
    );
    let (_, plain) = call(&state, "GET", &format!("/api/embed/{token}"), None, None).await;
    // Read compressed, it comes from the view the sockets share, kept until the next change.
    assert_eq!(read_gzipped(&state, token).await, plain);
    let shown: qadam_shared::api::EmbedSnapshot = serde_json::from_value(plain).unwrap();
    assert_eq!(shown.seq, opened + 6);
    assert_eq!(shown.board.columns[&columns[0]].name, "Stage 0");
    assert!(
        !shown.board.cards.contains_key(&card),
        "moved to a stage it leaves out"
    );

    let author = qadam_shared::authority::Author::system("Lead");
    let id = qadam_shared::ClientOpId::random();
    handle.submit(id, rename(1), author).await.unwrap();
    let told = common::next_as::<EmbedMsg>(&mut socket).await;
    assert_eq!(told, EmbedMsg::Reread { seq: opened + 7 });
    let read = read_gzipped(&state, token).await;
    let stage = &read["board"]["columns"][columns[1].to_string()]["name"];
    assert_eq!(
        (&read["seq"], stage),
        (&json!(opened + 7), &json!("Stage 1"))
    );
    server.stop();
}

/// The embed behind `token`, read as a browser does: compressed.
async fn read_gzipped(state: &AppState, token: &str) -> Value {
    let request = Request::get(format!("/api/embed/{token}"))
        .header("accept-encoding", "gzip, deflate")
        .body(Body::empty())
        .unwrap();
    let response = qadam_server::http::app(state.clone())
        .oneshot(request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-encoding"], "gzip");
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let mut json = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut json)
        .unwrap();
    serde_json::from_str(&json).unwrap()
}

/// A client that never finishes its headers is dropped; one account cannot hold more than 32
/// sockets; past the connection limit, only health answers.
#[tokio::test]
async fn slow_clients_and_crowds_are_bounded() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (board, _) = common::first_board(&state).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let limits = qadam_server::listener::Limits {
        connections: 40,
        header_timeout: Duration::from_secs(2),
    };
    let server = qadam_server::listener::spawn(listener, state.clone(), limits);

    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .unwrap();
    let mut rest = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut rest)).await;
    assert!(read.is_ok(), "half-sent headers are not held");

    let cookie = common::admin(&state, "Tabs").await;
    let running = Running { addr, task: server };
    let mut sockets = Vec::new();
    for _ in 0..32 {
        sockets.push(
            common::connect_as(&running, &board, &cookie, None)
                .await
                .unwrap(),
        );
    }
    let refused = common::connect_as(&running, &board, &cookie, None).await;
    match refused {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS)
        }
        other => panic!("the 33rd socket is refused, got {other:?}"),
    }

    // 32 sockets plus a few idle connections fill the 40 places.
    let mut idle = Vec::new();
    for _ in 0..8 {
        idle.push(tokio::net::TcpStream::connect(addr).await.unwrap());
    }
    let get = |path: &'static str| async move {
        let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        conn.write_all(request.as_bytes()).await.unwrap();
        let mut answer = String::new();
        conn.read_to_string(&mut answer).await.unwrap();
        answer
    };
    assert!(get("/api/boards").await.starts_with("HTTP/1.1 503"));
    assert!(get("/api/health").await.starts_with("HTTP/1.1 200"));
    running.stop();
}

/// Methods a route does not take get 405 (HEAD works where GET does); API answers are not
/// cached; origins must match in scheme too; unknown hosts are refused.
#[tokio::test]
async fn the_http_surface_answers_as_a_browser_and_a_balancer_expect() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let admin = common::admin(&state, "Admin").await;
    for (method, uri) in [
        ("PUT", "/api/health"),
        ("DELETE", "/api/boards"),
        ("OPTIONS", "/api/me"),
    ] {
        let (status, body) = call(&state, method, uri, Some(&admin), None).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::METHOD_NOT_ALLOWED, Some("method_not_allowed")),
            "{method} {uri}"
        );
    }
    let head = Request::head("/api/health").body(Body::empty()).unwrap();
    assert_eq!(respond(&state, head).await.0, StatusCode::OK);

    let request = Request::get("/api/me")
        .header("cookie", &admin)
        .body(Body::empty())
        .unwrap();
    let response = qadam_server::http::app(state.clone())
        .oneshot(request)
        .await
        .unwrap();
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");

    let sign_out = |origin: &'static str, proto: Option<&'static str>| {
        let mut r = Request::delete("/api/session")
            .header("cookie", &admin)
            .header("host", "qadam.example.kz")
            .header("origin", origin);
        if let Some(p) = proto {
            r = r.header("x-forwarded-proto", p);
        }
        r.body(Body::empty()).unwrap()
    };
    let db = TestDb::new(Backend::Sqlite).await;
    let config = Config {
        allowed_hosts: vec!["qadam.example.kz".into()],
        ..db.config()
    };
    let hosted = AppState::open(&config).await.unwrap();
    let (status, body) = respond(&hosted, sign_out("http://qadam.example.kz", Some("https"))).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("bad_origin")),
        "an http page may not act on the https site"
    );
    let rebinding = Request::get("/api/health")
        .header("host", "attacker.example")
        .body(Body::empty())
        .unwrap();
    let (status, body) = respond(&hosted, rebinding).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::MISDIRECTED_REQUEST, Some("unknown_host"))
    );
    let allowed = Request::get("/api/health")
        .header("host", "qadam.example.kz")
        .body(Body::empty())
        .unwrap();
    assert_eq!(respond(&hosted, allowed).await.0, StatusCode::OK);
}

/// A session unused for longer than the idle timeout (12 hours by default) ends.
#[tokio::test]
async fn an_idle_session_ends() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let id = account(&state, "aigerim", &[]).await;
    let token = qadam_server::auth::start_session(&state, id, "test")
        .await
        .unwrap();
    let cookie = qadam_server::auth::cookie_header(&token);
    assert_eq!(
        call(&state, "GET", "/api/me", Some(&cookie), None).await.0,
        StatusCode::OK
    );
    let hash = qadam_server::auth::token::hash(&token);
    let thirteen_hours_ago = qadam_server::clock::now_millis() - 13 * 3600 * 1000;
    state
        .store
        .touch_session(&hash, thirteen_hours_ago)
        .await
        .unwrap();
    let (status, _) = call(&state, "GET", "/api/me", Some(&cookie), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// The WAL is copied back into the database file off the commits' path: thousands of commits
/// leave it a few of their pages long, not all of them (no commit checkpoints it any more).
#[tokio::test]
async fn the_wal_is_checkpointed_while_boards_commit() {
    let db = common::TestDb::new(Backend::Sqlite).await;
    let state = db.open().await;
    let id = state.store.board_ids().await.unwrap()[0];
    let handle = state.hub.board(id).await.unwrap();
    let board = handle.subscribe().await.unwrap().board;
    let column = board.ordered_columns()[0].id;
    let author = qadam_shared::authority::Author::system("x");
    let wal = std::path::PathBuf::from(format!("{}-wal", db.url));
    let mut largest = 0;
    for n in 0..3000u32 {
        let op = Op::SetWipLimit {
            column,
            limit: Some(n % 50 + 1),
        };
        let outcome = handle
            .submit(qadam_shared::ClientOpId::random(), op, author.clone())
            .await
            .unwrap();
        assert!(matches!(outcome, qadam_server::sync::Outcome::Committed(_)));
        largest = largest.max(std::fs::metadata(&wal).map_or(0, |m| m.len()));
    }
    // Each commit appends several 4 KiB pages: 3,000 of them unchecked come to over 70 MB;
    // checkpointed every 200 commits, the WAL stays near 8 MB.
    assert!(
        largest < 20 * 1024 * 1024,
        "the WAL reached {largest} bytes"
    );
}
