//! Webhooks against a receiver on loopback that fails on purpose: deliveries are signed, retried
//! until answered, given up after the last try, listed with the receiver's answers; the outbox
//! outlives a crash; another instance's new webhook is heard; loopback stays out of reach unless
//! allowed.

mod common;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::routing::post;
use common::{Backend, TestDb, first_board, person, send};
use hmac::{Hmac, Mac};
use qadam_server::AppState;
use qadam_server::storage::webhooks::Hook;
use qadam_shared::audit::AuditAction;
use qadam_shared::webhooks::{DeliveryState, WebhookDelivery, WebhookEvent, WebhookPayload};
use qadam_shared::{Board, ClientOpId, Op, Role};
use serde_json::{Value, json};
use sha2::Sha256;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request the receiver got.
#[derive(Clone, Debug)]
struct Received {
    path: String,
    headers: HeaderMap,
    body: String,
}

/// A webhook receiver on loopback: `/fail-N/…` answers 500 to its first N requests, then 200;
/// `/always-fail` answers 503 every time; anything else answers 200.
#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    async fn start(self) -> String {
        async fn take(
            State(receiver): State<Receiver>,
            axum::extract::Path(path): axum::extract::Path<String>,
            headers: HeaderMap,
            body: String,
        ) -> StatusCode {
            let mut got = receiver.got.lock().unwrap();
            got.push(Received {
                path: path.clone(),
                headers,
                body,
            });
            let seen = got.iter().filter(|r| r.path == path).count();
            let fails = match path.split('/').next().unwrap_or("") {
                "always-fail" => usize::MAX,
                first => first
                    .strip_prefix("fail-")
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0),
            };
            if seen <= fails {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::OK
            }
        }
        let app = Router::new().route("/{*path}", post(take)).with_state(self);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{addr}")
    }

    fn got(&self, path: &str) -> Vec<Received> {
        let got = self.got.lock().unwrap();
        got.iter().filter(|r| r.path == path).cloned().collect()
    }
}

/// A server instance whose webhooks may reach loopback and retry after `retry_ms`.
async fn instance(db: &TestDb, retry_ms: u64) -> AppState {
    let mut config = db.config();
    config.webhooks_to_loopback = true;
    config.webhook_retry_ms = retry_ms;
    AppState::open(&config).await.unwrap()
}

/// A receiver, and one instance with a seeded board and its lead.
struct Scene {
    receiver: Receiver,
    base: String,
    state: AppState,
    board: Board,
    lead: String,
    _db: TestDb,
}

impl Scene {
    async fn new(retry_ms: u64) -> Self {
        let receiver = Receiver::default();
        let base = receiver.clone().start().await;
        let db = TestDb::new(Backend::Sqlite).await;
        let state = instance(&db, retry_ms).await;
        let (board, _) = first_board(&state).await;
        let lead = person(&state, "Lead", false, &[(board.id, Role::Lead)]).await;
        Self {
            receiver,
            base,
            state,
            board,
            lead,
            _db: db,
        }
    }
}

async fn call(
    state: &AppState,
    cookie: &str,
    method: &str,
    uri: &str,
    body: Value,
) -> (u16, Value) {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header("cookie", cookie)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    send(state, request).await
}

/// Registers a webhook as the board's lead: its id and secret.
async fn register(
    state: &AppState,
    lead: &str,
    board: &Board,
    url: &str,
    events: &[&str],
) -> (String, String) {
    let uri = format!("/api/boards/{}/webhooks", board.id);
    let (status, body) = call(
        state,
        lead,
        "POST",
        &uri,
        json!({ "url": url, "events": events }),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    (
        body["webhook"]["id"].as_str().unwrap().to_owned(),
        body["secret"].as_str().unwrap().to_owned(),
    )
}

async fn deliveries(
    state: &AppState,
    lead: &str,
    board: &Board,
    hook: &str,
) -> Vec<WebhookDelivery> {
    let uri = format!("/api/boards/{}/webhooks/{hook}/deliveries", board.id);
    let (status, body) = call(state, lead, "GET", &uri, Value::Null).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body).unwrap()
}

/// Waits (at most 30 s) until `done` holds.
async fn until(what: &str, mut done: impl AsyncFnMut() -> bool) {
    for _ in 0..300 {
        if done().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what}: not within 30 s");
}

async fn commit(state: &AppState, board: &Board, op: Op) {
    let author = qadam_shared::authority::Author::system("Aigerim");
    let handle = state.hub.board(board.id).await.unwrap();
    let outcome = handle
        .submit(ClientOpId::random(), op, author)
        .await
        .unwrap();
    assert!(
        matches!(outcome, qadam_server::sync::Outcome::Committed(_)),
        "{outcome:?}"
    );
}

/// The first task of the first stage moved to stage `to`, and the same task reordered there.
fn move_and_reorder(board: &Board, to: usize) -> (Op, Op) {
    let columns = board.ordered_columns();
    let card = board.cards_in(columns[0].id)[0].id;
    let column = columns[to].id;
    let moved = Op::MoveCard {
        card,
        column,
        position: board.card_key_at(column, card, 0),
    };
    let mut after = board.clone();
    qadam_shared::apply(&mut after, &moved, &qadam_shared::Stamp::default()).unwrap();
    let last = after.cards_in(column).len() - 1;
    let reordered = Op::MoveCard {
        card,
        column,
        position: after.card_key_at(column, card, last),
    };
    (moved, reordered)
}

fn signature_holds(secret: &str, received: &Received) -> bool {
    let header = received.headers["qadam-signature"].to_str().unwrap();
    let (t, v1) = header
        .strip_prefix("t=")
        .and_then(|rest| rest.split_once(",v1="))
        .expect("t=…,v1=…");
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{}", received.body).as_bytes());
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let age = qadam_server::clock::now_millis() / 1000 - t.parse::<i64>().unwrap();
    v1 == expected && (0..300).contains(&age)
}

#[tokio::test]
async fn a_failing_receiver_gets_each_change_signed_until_it_answers_and_the_list_shows_it() {
    let Scene {
        receiver,
        base,
        state,
        board,
        lead,
        _db,
    } = Scene::new(50).await;
    let url = format!("{base}/fail-2/moves");
    let (hook, secret) =
        register(&state, &lead, &board, &url, &["card_moved", "rag_changed"]).await;
    // Told of nothing: hears only of the comments it chose.
    let quiet = format!("{base}/quiet");
    register(&state, &lead, &board, &quiet, &["comment_added"]).await;

    let (moved, reordered) = move_and_reorder(&board, 2);
    commit(&state, &board, moved.clone()).await;
    // Reordering within a stage and a renamed task are not what it chose.
    commit(&state, &board, reordered).await;
    let Op::MoveCard { card, .. } = moved else {
        unreachable!()
    };
    let renamed = Op::EditCard {
        card,
        title: Some("Renamed".into()),
        description: None,
    };
    commit(&state, &board, renamed).await;

    until("three tries of the move", async || {
        receiver.got("fail-2/moves").len() >= 3
    })
    .await;
    let tries = receiver.got("fail-2/moves");
    let ids: Vec<&str> = tries
        .iter()
        .map(|r| r.headers["qadam-delivery"].to_str().unwrap())
        .collect();
    assert!(
        ids.iter().all(|id| *id == ids[0]),
        "one delivery, tried three times: {ids:?}"
    );
    for tried in &tries {
        assert!(signature_holds(&secret, tried), "signed with the secret");
        assert!(!signature_holds("whsec_another", tried), "not with another");
        assert_eq!(tried.headers["qadam-event"], "card_moved");
        assert_eq!(tried.headers["content-type"], "application/json");
    }
    let payload: WebhookPayload = serde_json::from_str(&tries[0].body).unwrap();
    let columns = board.ordered_columns();
    assert_eq!(payload.event, WebhookEvent::CardMoved);
    assert_eq!(payload.board.id, board.id);
    assert_eq!(payload.author, "Aigerim");
    assert_eq!(payload.from_stage.unwrap().name, columns[0].name);
    assert_eq!(payload.stage.unwrap().name, columns[2].name);
    assert_eq!(payload.card.unwrap().id, card);
    assert_eq!(payload.change, Some(moved));

    let listed = deliveries(&state, &lead, &board, &hook).await;
    assert_eq!(
        listed.len(),
        1,
        "the reorder and the rename are not sent: {listed:?}"
    );
    let delivery = &listed[0];
    assert_eq!(delivery.id, ids[0]);
    assert_eq!(delivery.state, DeliveryState::Delivered);
    assert_eq!(delivery.attempts, 3);
    assert_eq!(delivery.last_status, Some(200));
    assert_eq!(delivery.seq, payload.seq);
    // Nothing more arrives for either webhook.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(receiver.got("fail-2/moves").len(), 3);
    assert!(receiver.got("quiet").is_empty());
}

#[tokio::test]
async fn a_receiver_that_never_answers_well_is_given_up_after_the_last_try() {
    // Waits of 1, 3, 9 … ms: ten tries in about ten seconds.
    let Scene {
        receiver,
        base,
        state,
        board,
        lead,
        _db,
    } = Scene::new(1).await;
    let (hook, _) = register(
        &state,
        &lead,
        &board,
        &format!("{base}/always-fail"),
        &["card_moved"],
    )
    .await;
    commit(&state, &board, move_and_reorder(&board, 1).0).await;

    until("given up", async || {
        deliveries(&state, &lead, &board, &hook).await[0].state == DeliveryState::Failed
    })
    .await;
    let delivery = &deliveries(&state, &lead, &board, &hook).await[0];
    let tries = qadam_server::webhooks::delivery::ATTEMPTS_MAX;
    assert_eq!(delivery.attempts, tries);
    assert_eq!(delivery.last_status, Some(503));
    assert_eq!(delivery.next_at, None);
    assert_eq!(receiver.got("always-fail").len(), tries as usize);
    let uri = format!("/api/boards/{}/webhooks", board.id);
    let (_, list) = call(&state, &lead, "GET", &uri, Value::Null).await;
    assert_eq!(list[0]["failed"], 1);
    assert_eq!(list[0]["pending"], 0);
}

/// The outbox row is written with the change: acknowledged means owed, and a server that stops
/// before delivering (here: its runtime dropped mid-retry) leaves it for the next to send.
#[test]
fn an_owed_delivery_outlives_a_crash_and_is_sent_after_the_restart() {
    let main = tokio::runtime::Runtime::new().unwrap();
    let receiver = Receiver::default();
    let base = main.block_on(receiver.clone().start());
    let db = main.block_on(TestDb::new(Backend::Sqlite));

    let first = tokio::runtime::Runtime::new().unwrap();
    let (board, hook) = first.block_on(async {
        // The first wait is long: the retry belongs to the next instance.
        let state = instance(&db, 2_000).await;
        let (board, _) = first_board(&state).await;
        let lead = person(&state, "Lead", false, &[(board.id, Role::Lead)]).await;
        let url = format!("{base}/fail-1/crash");
        let (hook, _) = register(&state, &lead, &board, &url, &["card_moved"]).await;
        let hooks = state.store.active_hooks(board.id).await.unwrap();
        assert_eq!(
            hooks,
            vec![Hook {
                id: hook.clone(),
                events: vec![WebhookEvent::CardMoved]
            }]
        );
        commit(&state, &board, move_and_reorder(&board, 3).0).await;
        // Acknowledged, so owed: the row is there whatever happens next.
        let owed = state.store.deliveries_of(&hook).await.unwrap();
        assert_eq!(owed.len(), 1);
        until("the first try", async || {
            let owed = state.store.deliveries_of(&hook).await.unwrap();
            owed[0].last_status == Some(503)
        })
        .await;
        (board, hook)
    });
    first.shutdown_background();
    assert_eq!(receiver.got("fail-1/crash").len(), 1);

    main.block_on(async {
        let state = instance(&db, 2_000).await;
        until("delivered after the restart", async || {
            let owed = state.store.deliveries_of(&hook).await.unwrap();
            owed[0].state == DeliveryState::Delivered
        })
        .await;
        let owed = state.store.deliveries_of(&hook).await.unwrap();
        assert_eq!((owed.len(), owed[0].attempts), (1, 2));
        let got = receiver.got("fail-1/crash");
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0].headers["qadam-delivery"],
            got[1].headers["qadam-delivery"]
        );
        let payload: WebhookPayload = serde_json::from_str(&got[1].body).unwrap();
        assert_eq!(payload.board.id, board.id);
    });
}

/// On PostgreSQL a webhook registered on one instance is heard by the board's task on another,
/// which was running before it existed; the delivery is sent once and recorded, and a ping
/// goes out too.
#[tokio::test]
async fn a_webhook_registered_on_one_instance_hears_changes_made_on_another() {
    if !common::postgres_available() {
        return;
    }
    let receiver = Receiver::default();
    let base = receiver.clone().start().await;
    let db = TestDb::new(Backend::Postgres).await;
    let one = instance(&db, 50).await;
    let two = instance(&db, 50).await;
    let (board, _) = first_board(&two).await;
    let lead = person(&one, "Lead", false, &[(board.id, Role::Lead)]).await;
    let (hook, _) = register(
        &one,
        &lead,
        &board,
        &format!("{base}/elsewhere"),
        &["card_created"],
    )
    .await;

    let card = qadam_shared::CardId::random();
    let column = board.ordered_columns()[0].id;
    let create = Op::CreateCard {
        card,
        column,
        position: board.card_key_at(column, card, 0),
        title: "Made on the other instance".into(),
        description: String::new(),
    };
    until("the other instance hears of the webhook", async || {
        two.store.active_hooks(board.id).await.unwrap().len() == 1
    })
    .await;
    // The notification reaches the other instance's task a moment after the commit.
    tokio::time::sleep(Duration::from_millis(500)).await;
    commit(&two, &board, create).await;
    until("delivered", async || !receiver.got("elsewhere").is_empty()).await;
    let payload: WebhookPayload = serde_json::from_str(&receiver.got("elsewhere")[0].body).unwrap();
    assert_eq!(payload.event, WebhookEvent::CardCreated);
    assert_eq!(payload.card.unwrap().title, "Made on the other instance");
    let listed = async || deliveries(&one, &lead, &board, &hook).await;
    until("recorded as delivered", async || {
        listed().await[0].state == DeliveryState::Delivered
    })
    .await;
    let ping = format!("/api/boards/{}/webhooks/{hook}/ping", board.id);
    assert_eq!(call(&two, &lead, "POST", &ping, Value::Null).await.0, 202);
    until("the ping", async || receiver.got("elsewhere").len() == 2).await;
    // Both workers read the outbox: still each delivery went out once.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(receiver.got("elsewhere").len(), 2);
    until("both recorded", async || {
        let all = listed().await;
        all.iter().all(|d| d.state == DeliveryState::Delivered)
    })
    .await;
    assert!(listed().await.iter().all(|d| d.attempts == 1));
}

#[tokio::test]
async fn loopback_is_out_of_reach_unless_allowed_even_by_name() {
    let receiver = Receiver::default();
    let base = receiver.clone().start().await;
    let db = TestDb::new(Backend::Sqlite).await;
    let state = db.open().await;
    let (board, _) = first_board(&state).await;
    let lead = person(&state, "Lead", false, &[(board.id, Role::Lead)]).await;
    let uri = format!("/api/boards/{}/webhooks", board.id);
    for (refused, code) in [
        (format!("{base}/direct"), "unreachable_url"),
        (
            "http://169.254.169.254/latest/meta-data".to_owned(),
            "unreachable_url",
        ),
        ("gopher://reports.gov.kz/".to_owned(), "bad_url"),
    ] {
        let (status, body) = call(
            &state,
            &lead,
            "POST",
            &uri,
            json!({ "url": refused, "events": ["card_moved"] }),
        )
        .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (400, Some(code)),
            "{refused}: {body}"
        );
    }
    let (status, body) = call(
        &state,
        &lead,
        "POST",
        &uri,
        json!({ "url": "https://reports.gov.kz/in", "events": [] }),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("bad_events")),
        "{body}"
    );
    // A name is checked when it is resolved, at every delivery.
    let port = base.rsplit(':').next().unwrap();
    let by_name = format!("http://localhost:{port}/by-name");
    let (hook, _) = register(&state, &lead, &board, &by_name, &["card_moved"]).await;
    commit(&state, &board, move_and_reorder(&board, 1).0).await;
    until("the refused try is listed", async || {
        deliveries(&state, &lead, &board, &hook).await[0].attempts == 1
    })
    .await;
    let delivery = &deliveries(&state, &lead, &board, &hook).await[0];
    assert_eq!(delivery.state, DeliveryState::Pending);
    let error = delivery.last_error.as_deref().unwrap_or_default();
    assert!(error.contains("loopback"), "{error}");
    let failure = qadam_shared::webhooks::DeliveryFailure::read(error).map(|(f, _)| f);
    assert_eq!(
        failure,
        Some(qadam_shared::webhooks::DeliveryFailure::Unreachable),
        "kept so the page says it in the reader's language: {error}"
    );
    assert!(receiver.got("by-name").is_empty());
    // Members cannot see or add webhooks.
    let member = person(&state, "Member", false, &[(board.id, Role::Member)]).await;
    let (status, _) = call(&state, &member, "GET", &uri, Value::Null).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_ping_paused_and_resumed_reaches_the_receiver_once_resumed_and_deleting_forgets() {
    let Scene {
        receiver,
        base,
        state,
        board,
        lead,
        _db,
    } = Scene::new(50).await;
    let (hook, secret) = register(
        &state,
        &lead,
        &board,
        &format!("{base}/ping"),
        &["card_moved"],
    )
    .await;
    let one = format!("/api/boards/{}/webhooks/{hook}", board.id);
    let (status, body) = call(&state, &lead, "PATCH", &one, json!({ "active": false })).await;
    assert_eq!(
        (status, body["active"].as_bool()),
        (200, Some(false)),
        "{body}"
    );
    for _ in 0..3 {
        let (status, _) = call(&state, &lead, "POST", &format!("{one}/ping"), Value::Null).await;
        assert_eq!(status, 202);
    }
    // Paused: neither the ping (one waits, however often asked) nor a move goes out, and a
    // move is not even owed.
    commit(&state, &board, move_and_reorder(&board, 1).0).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(receiver.got("ping").is_empty());
    assert_eq!(deliveries(&state, &lead, &board, &hook).await.len(), 1);

    let (status, _) = call(&state, &lead, "PATCH", &one, json!({ "active": true })).await;
    assert_eq!(status, 200);
    let (status, _) = call(
        &state,
        &lead,
        "PATCH",
        &one,
        json!({ "events": ["card_created"] }),
    )
    .await;
    assert_eq!(status, 200);
    // Who paused, resumed and changed it is in the audit log, with the receiver's address.
    let mut kept: Vec<(AuditAction, String, Option<String>)> = state
        .store
        .audit_before(None)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action != AuditAction::WebhookCreated)
        .filter(|e| e.detail.ends_with("/ping"))
        .map(|e| (e.action, e.subject, e.actor))
        .collect();
    // Entries of one millisecond come in no set order.
    kept.sort_by_key(|(action, ..)| action.as_str());
    let expected = |action| (action, board.name.clone(), Some("Lead".to_owned()));
    assert_eq!(
        kept,
        [
            expected(AuditAction::WebhookEventsChanged),
            expected(AuditAction::WebhookPaused),
            expected(AuditAction::WebhookResumed),
        ]
    );
    // A password or a query in a receiver's address stays out of the log.
    let keyed = base.replacen("http://", "http://svc:Secret-7@", 1) + "/keyed?key=abc";
    let (keyed, _) = register(&state, &lead, &board, &keyed, &["card_archived"]).await;
    let uri = format!("/api/boards/{}/webhooks/{keyed}", board.id);
    let (status, _) = call(&state, &lead, "DELETE", &uri, Value::Null).await;
    assert_eq!(status, 204);
    let logged: Vec<(AuditAction, String)> = state
        .store
        .audit_before(None)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.detail.contains("/keyed"))
        .map(|e| (e.action, e.detail))
        .collect();
    let masked = base.replacen("http://", "http://svc:***@", 1) + "/keyed?***";
    assert!(
        logged.len() == 2 && logged.iter().all(|(_, detail)| *detail == masked),
        "{logged:?}"
    );
    until("the ping", async || !receiver.got("ping").is_empty()).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(receiver.got("ping").len(), 1, "one ping, asked three times");
    let ping = &receiver.got("ping")[0];
    assert_eq!(ping.headers["qadam-event"], "ping");
    assert!(signature_holds(&secret, ping));
    let payload: WebhookPayload = serde_json::from_str(&ping.body).unwrap();
    assert_eq!(
        (payload.event, payload.author.as_str()),
        (WebhookEvent::Ping, "Lead")
    );

    let (status, _) = call(&state, &lead, "DELETE", &one, Value::Null).await;
    assert_eq!(status, 204);
    let (status, _) = call(
        &state,
        &lead,
        "GET",
        &format!("{one}/deliveries"),
        Value::Null,
    )
    .await;
    assert_eq!(status, 404);
    assert!(state.store.deliveries_of(&hook).await.unwrap().is_empty());
    assert!(state.store.active_hooks(board.id).await.unwrap().is_empty());
}
