//! Who may see and change what: every API endpoint for every kind of caller, and every board
//! operation over the socket for every role. An endpoint missing from the matrix fails the test.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{Backend, Running, next};
use http_body_util::BodyExt;
use qadam_server::AppState;
use qadam_server::auth::{password, token};
use qadam_shared::card_parts::LabelColor;
use qadam_shared::delivery::{Rag, Source, SourceKind};
use qadam_shared::{
    Board, BoardId, BoardSettings, CardId, ClientMsg, ClientOpId, ColumnId, EmbedLink, ItemId,
    LabelId, Op, OrderKey, Role, ServerMsg, Standing, UserId,
};
use serde_json::{Value, json};
use std::collections::HashMap;
use tower::ServiceExt;

const PASSWORD: &str = "correct horse battery";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Caller {
    Admin,
    Lead,
    Member,
    Observer,
    /// Signed in, but not on this team.
    Outsider,
    SignedOut,
    /// Holding only the board's embed token.
    Embed,
}

const CALLERS: [Caller; 7] = [
    Caller::Admin,
    Caller::Lead,
    Caller::Member,
    Caller::Observer,
    Caller::Outsider,
    Caller::SignedOut,
    Caller::Embed,
];

struct World {
    state: AppState,
    board: Board,
    users: HashMap<Caller, UserId>,
    embed_token: String,
    /// The account that member and user endpoints act on (none of the callers).
    target: UserId,
    _db: common::TestDb,
}

impl World {
    async fn new() -> Self {
        let (state, db) = common::seeded_state(Backend::Sqlite).await;
        let (board, _) = common::first_board(&state).await;
        let store = &state.store;
        let hash = password::hash(PASSWORD.into()).await.unwrap();
        let mut users = HashMap::new();
        for (caller, role, admin) in [
            (Caller::Admin, None, true),
            (Caller::Lead, Some(Role::Lead), false),
            (Caller::Member, Some(Role::Member), false),
            (Caller::Observer, Some(Role::Observer), false),
            (Caller::Outsider, None, false),
        ] {
            let id = qadam_shared::UserId::random();
            let login = format!("matrix-{caller:?}").to_lowercase();
            store
                .create_user(
                    &qadam_server::storage::accounts::NewUser::new(
                        id,
                        &login,
                        &format!("{caller:?}"),
                        &hash,
                        admin,
                    ),
                    0,
                )
                .await
                .unwrap();
            if let Some(role) = role {
                store.set_role(id, board.id, Some(role)).await.unwrap();
            }
            users.insert(caller, id);
        }
        let target = qadam_shared::UserId::random();
        store
            .create_user(
                &qadam_server::storage::accounts::NewUser::new(
                    target,
                    "matrix-target",
                    "Target",
                    &hash,
                    false,
                ),
                0,
            )
            .await
            .unwrap();
        let embed_token = token::generate();
        store
            .create_embed(
                &embed_link(board.id, "Intranet"),
                &token::hash(&embed_token),
                users[&Caller::Lead],
            )
            .await
            .unwrap();
        World {
            state,
            board,
            users,
            embed_token,
            target,
            _db: db,
        }
    }

    /// A fresh session for the caller, as a cookie (none for callers without an account).
    async fn cookie(&self, caller: Caller) -> Option<String> {
        let user = *self.users.get(&caller)?;
        let token = qadam_server::auth::start_session(&self.state, user, "test")
            .await
            .unwrap();
        Some(qadam_server::auth::cookie_header(&token))
    }

    async fn call(
        &self,
        caller: Caller,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> StatusCode {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header("content-type", "application/json");
        if let Some(cookie) = self.cookie(caller).await {
            request = request.header("cookie", cookie);
        }
        let body = body
            .map(|b| Body::from(b.to_string()))
            .unwrap_or_else(Body::empty);
        let response = qadam_server::http::app(self.state.clone())
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let _ = response.into_body().collect().await;
        status
    }

    /// A valid request for each endpoint: concrete path and body.
    async fn request_for(&self, method: &str, pattern: &str) -> (String, Option<Value>) {
        let b = self.board.id;
        let columns = self.board.ordered_columns();
        let card = self
            .board
            .cards_in(columns[0].id)
            .first()
            .map(|c| c.id)
            .unwrap_or_else(CardId::random);
        let other = self.target;
        let embed_id = {
            // Revoking needs an embed of its own each time.
            let embed = embed_link(b, "x");
            self.state
                .store
                .create_embed(
                    &embed,
                    &token::hash(&token::generate()),
                    self.users[&Caller::Lead],
                )
                .await
                .unwrap();
            embed.id.to_string()
        };
        let session = {
            let store = &self.state.store;
            qadam_server::auth::start_session(&self.state, other, "test")
                .await
                .unwrap();
            let now = qadam_server::clock::now_millis();
            store.sessions_of(other, now, 0).await.unwrap()[0]
                .id
                .clone()
        };
        // Someone else's access token: nobody else can revoke it.
        let other_token = {
            let id = uuid::Uuid::new_v4().to_string();
            let now = qadam_server::clock::now_millis();
            let token = qadam_shared::api::AccessToken {
                id: id.clone(),
                name: "Their script".into(),
                read_only: false,
                created_at: now,
                expires_at: now + 86_400_000,
                last_used: None,
            };
            let hash = format!("not-a-real-hash-{id}");
            self.state
                .store
                .create_token(other, &token, &hash)
                .await
                .unwrap();
            id
        };
        // Deleting one needs a webhook of its own each time.
        let webhook = if pattern.contains("{webhook}") {
            let hook = qadam_shared::webhooks::Webhook::new(
                "https://receiver.example.kz/qadam".into(),
                vec![qadam_shared::webhooks::WebhookEvent::CardMoved],
                "Matrix".into(),
                0,
            );
            let store = &self.state.store;
            store
                .create_webhook(b, &hook, "whsec_matrix")
                .await
                .unwrap();
            hook.id
        } else {
            String::new()
        };
        let token = if pattern.starts_with("/api/me/tokens/") {
            &other_token
        } else {
            &self.embed_token
        };
        let path = pattern
            .replace("{board}", &b.to_string())
            .replace("{session}", &session)
            .replace("{user}", &other.to_string())
            .replace("{embed}", &embed_id)
            .replace("{webhook}", &webhook)
            .replace("{token}", token)
            .replace(
                "{code}",
                if pattern.starts_with("/api/projects/") {
                    "mangystau"
                } else {
                    "matrix-entry"
                },
            )
            + match pattern.rsplit('/').next() {
                Some("as-of") => "?at=4102444800000",
                Some("export") => "?format=json",
                Some("template") => "?format=csv",
                _ => "",
            };
        let body = match (method, pattern) {
            ("POST", "/api/session") => {
                Some(json!({ "login": "matrix-member", "password": PASSWORD }))
            }
            ("POST", "/api/me/password") => {
                Some(json!({ "current": PASSWORD, "new": "another correct horse battery" }))
            }
            ("POST", "/api/users") => Some(
                json!({ "login": format!("new{}", &embed_id[..8]), "display_name": "New", "password": PASSWORD }),
            ),
            ("PATCH", "/api/users/{user}") => Some(json!({ "display_name": "Target" })),
            ("PUT", "/api/me/language") => Some(json!({ "language": "ru" })),
            ("POST", "/api/me/tokens") => {
                Some(json!({ "name": "Reporting script", "expires_in_days": 30 }))
            }
            ("POST", "/api/me/notifications/read") => Some(json!({})),
            ("POST", "/api/boards/{board}/ops") => {
                let column = columns[1].id;
                Some(
                    json!({ "op": Op::MoveCard { card, column, position: self.board.card_key_at(column, card, 0) } }),
                )
            }
            ("PUT", "/api/boards/{board}/members/{user}") => Some(json!({ "role": "observer" })),
            // A Trello export of one list the board has, and no cards.
            ("POST", "/api/boards/{board}/import") => {
                Some(json!({ "lists": [{ "id": "l1", "name": "Intake" }], "cards": [] }))
            }
            ("POST", "/api/boards/{board}/embeds") => Some(json!({ "label": "Ministry intranet" })),
            ("POST", "/api/boards/{board}/webhooks") => Some(
                json!({ "url": "https://receiver.example.kz/qadam", "events": ["card_moved"] }),
            ),
            ("PATCH", "/api/boards/{board}/webhooks/{webhook}") => Some(json!({ "active": false })),
            ("PUT", "/api/catalog/agencies/{code}") => Some(
                json!({ "kind": "ministry", "names": { "kk": "Министрлік", "ru": "Министерство", "en": "Ministry" } }),
            ),
            ("PUT", "/api/catalog/projects/{code}") => {
                Some(json!({ "names": { "kk": "Жоба", "ru": "Проект", "en": "Project" } }))
            }
            _ => None,
        };
        (path, body)
    }
}

/// A new embed link of `board` showing every stage, without expiry.
fn embed_link(board: BoardId, label: &str) -> EmbedLink {
    EmbedLink::new(board, label.into(), 0)
}

/// What each caller gets from each endpoint. `OK` stands for the endpoint's success status
/// (200, 201 or 204); socket endpoints answer a plain request that passed every check with 400
/// (it is not a WebSocket).
const OK: u16 = 0;

fn expected(method: &str, path: &str) -> Option<[u16; 7]> {
    //                  Admin Lead Member Observer Outsider SignedOut Embed
    let everyone = [OK, OK, OK, OK, OK, OK, OK];
    let signed_in = [OK, OK, OK, OK, OK, 401, 401];
    let on_board = [OK, OK, OK, OK, 404, 401, 401];
    let edits_cards = [OK, OK, OK, 403, 404, 401, 401];
    let leads = [OK, OK, 403, 403, 404, 401, 401];
    Some(match (method, path) {
        ("GET", "/api/health") => everyone,
        ("GET", "/api/openapi.json") => everyone,
        ("GET", "/api/protocol.schema.json") => everyone,
        ("POST", "/api/session") => everyone,
        ("DELETE", "/api/session") => signed_in,
        ("GET", "/api/me") => signed_in,
        ("POST", "/api/me/password") => signed_in,
        ("PUT", "/api/me/language") => signed_in,
        ("GET", "/api/me/sessions") => signed_in,
        ("DELETE", "/api/me/sessions") => signed_in,
        // The session is someone else's: nobody else can end it.
        ("DELETE", "/api/me/sessions/{session}") => [404, 404, 404, 404, 404, 401, 401],
        ("GET", "/api/me/tokens") => signed_in,
        ("POST", "/api/me/tokens") => signed_in,
        // The token is someone else's: nobody else can revoke it.
        ("DELETE", "/api/me/tokens/{token}") => [404, 404, 404, 404, 404, 401, 401],
        ("GET", "/api/audit") => [OK, 404, 404, 404, 404, 401, 401],
        ("GET", "/api/users") => [OK, OK, 403, 403, 403, 401, 401],
        ("POST", "/api/users") => [OK, 404, 404, 404, 404, 401, 401],
        ("PATCH", "/api/users/{user}") => [OK, 404, 404, 404, 404, 401, 401],
        ("GET", "/api/boards") => signed_in,
        ("GET", "/api/boards/{board}") => on_board,
        ("POST", "/api/boards/{board}/ops") => edits_cards,
        ("GET", "/api/boards/{board}/events") => on_board,
        ("GET", "/api/boards/{board}/as-of") => on_board,
        ("GET", "/api/boards/{board}/metrics") => on_board,
        ("GET", "/api/boards/{board}/stocktake") => on_board,
        ("GET", "/api/boards/{board}/ws") => [400, 400, 400, 400, 404, 401, 401],
        ("GET", "/api/boards/{board}/export") => on_board,
        ("GET", "/api/boards/{board}/import/template") => on_board,
        ("POST", "/api/boards/{board}/import") => leads,
        ("GET", "/api/boards/{board}/members") => on_board,
        ("PUT", "/api/boards/{board}/members/{user}") => leads,
        ("DELETE", "/api/boards/{board}/members/{user}") => leads,
        ("GET", "/api/boards/{board}/embeds") => leads,
        ("POST", "/api/boards/{board}/embeds") => leads,
        ("DELETE", "/api/boards/{board}/embeds/{embed}") => leads,
        ("GET", "/api/boards/{board}/webhooks") => leads,
        ("POST", "/api/boards/{board}/webhooks") => leads,
        ("PATCH", "/api/boards/{board}/webhooks/{webhook}") => leads,
        ("DELETE", "/api/boards/{board}/webhooks/{webhook}") => leads,
        ("GET", "/api/boards/{board}/webhooks/{webhook}/deliveries") => leads,
        ("POST", "/api/boards/{board}/webhooks/{webhook}/ping") => leads,
        ("GET", "/api/catalog") => signed_in,
        ("GET", "/api/portfolio") => signed_in,
        ("GET", "/api/me/work") => signed_in,
        ("GET", "/api/me/notifications") => signed_in,
        ("POST", "/api/me/notifications/read") => signed_in,
        ("GET", "/api/me/notifications/ws") => [400, 400, 400, 400, 400, 401, 401],
        ("GET", "/api/portfolio/ws") => [400, 400, 400, 400, 400, 401, 401],
        ("GET", "/api/projects/{code}/metrics") => signed_in,
        ("GET", "/api/projects/{code}/stocktake") => signed_in,
        ("PUT", "/api/catalog/agencies/{code}") => [OK, 404, 404, 404, 404, 401, 401],
        ("PUT", "/api/catalog/projects/{code}") => [OK, 404, 404, 404, 404, 401, 401],
        ("GET", "/api/embed/{token}") => everyone,
        ("GET", "/api/embed/{token}/ws") => [400; 7],
        _ => return None,
    })
}

#[tokio::test]
async fn every_endpoint_answers_each_caller_as_the_matrix_says() {
    let world = World::new().await;
    let mut failures = Vec::new();
    for (method, pattern, _) in qadam_server::http::ENDPOINTS {
        let Some(row) = expected(method, pattern) else {
            failures.push(format!(
                "{method} {pattern} is not in the authorization matrix"
            ));
            continue;
        };
        for (caller, want) in CALLERS.iter().zip(row) {
            let (path, body) = world.request_for(method, pattern).await;
            let got = world.call(*caller, method, &path, body).await;
            let ok = if want == OK {
                got.is_success()
            } else {
                got.as_u16() == want
            };
            if !ok {
                failures.push(format!(
                    "{method} {pattern} as {caller:?}: got {got}, want {}",
                    if want == OK {
                        "2xx".into()
                    } else {
                        want.to_string()
                    }
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn people_see_only_their_own_boards_and_a_bad_embed_token_finds_nothing() {
    let world = World::new().await;
    let list = |caller| {
        let world = &world;
        async move {
            let cookie = world.cookie(caller).await.unwrap();
            let request = Request::get("/api/boards")
                .header("cookie", cookie)
                .body(Body::empty())
                .unwrap();
            let response = qadam_server::http::app(world.state.clone())
                .oneshot(request)
                .await
                .unwrap();
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            let boards: Vec<Value> = serde_json::from_slice(&bytes).unwrap();
            boards
                .iter()
                .map(|b| b["id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(list(Caller::Admin).await.len(), 10);
    assert_eq!(list(Caller::Observer).await, [world.board.id.to_string()]);
    assert!(list(Caller::Outsider).await.is_empty());
    let status = world
        .call(Caller::SignedOut, "GET", "/api/embed/not-a-token", None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let other = BoardId::random();
    let status = world
        .call(Caller::Admin, "GET", &format!("/api/boards/{other}"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Every board operation over the socket, for every role.
#[tokio::test]
async fn every_socket_operation_is_allowed_or_refused_by_role() {
    let world = World::new().await;
    let server = Running::start(world.state.clone()).await;
    for (caller, role) in [
        (Caller::Observer, Role::Observer),
        (Caller::Member, Role::Member),
        (Caller::Lead, Role::Lead),
        (Caller::Admin, Role::Lead),
    ] {
        let cookie = world.cookie(caller).await.unwrap();
        let mut socket = common::connect_as(&server, &world.board, &cookie, None)
            .await
            .unwrap();
        let ServerMsg::Snapshot { board, .. } = next(&mut socket).await else {
            panic!("no snapshot")
        };
        for op in every_kind_of_op(&board) {
            let id = ClientOpId::random();
            let msg = ClientMsg::Submit { id, op: op.clone() };
            futures_util::SinkExt::send(
                &mut socket,
                tokio_tungstenite::tungstenite::Message::text(serde_json::to_string(&msg).unwrap()),
            )
            .await
            .unwrap();
            let answer = loop {
                match next(&mut socket).await {
                    ServerMsg::Committed(c) if c.client_op == Some(id) => break Ok(()),
                    ServerMsg::Rejected { id: got, rejection } if got == id => {
                        break Err(rejection.code.as_str().to_owned());
                    }
                    _ => {}
                }
            };
            let standing = Standing {
                role,
                admin: matches!(caller, Caller::Admin),
            };
            let expected = standing
                .permit(&op, &board)
                .map_err(|r| r.code.as_str().to_owned());
            assert_eq!(answer, expected, "{caller:?} and {op:?}");
        }
    }
    // The observer's socket is no use to change anything, and a signed-out socket is refused.
    let err = common::connect_as(&server, &world.board, "qadam_session=forged", None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("401"), "{err}");
    server.stop();
}

/// One of each operation, each valid on `board`.
fn every_kind_of_op(board: &Board) -> Vec<Op> {
    let columns = board.ordered_columns();
    let first = columns[0].id;
    let open: Vec<CardId> = board
        .cards
        .values()
        .filter(|c| !c.archived && !c.delivery.special_control)
        .map(|c| c.id)
        .collect();
    // One to change, one to archive and delete for good.
    let (card, spare) = (open[0], open[1]);
    let new_card = CardId::random();
    let new_column = ColumnId::random();
    let (label, item) = (LabelId::random(), ItemId::random());
    vec![
        Op::CreateCard {
            card: new_card,
            column: first,
            position: OrderKey::first(),
            title: "New task".into(),
            description: String::new(),
        },
        Op::EditCard {
            card,
            title: Some("Edited".into()),
            description: None,
        },
        Op::MoveCard {
            card,
            column: columns[1].id,
            position: OrderKey::first(),
        },
        Op::ArchiveCard { card },
        Op::RestoreCard {
            card,
            column: first,
            position: OrderKey::first(),
        },
        Op::ArchiveCard { card: spare },
        Op::DeleteCard { card: spare },
        Op::AddColumn {
            column: new_column,
            name: "Verification".into(),
            position: board.column_key_at(new_column, usize::MAX),
        },
        Op::RenameColumn {
            column: first,
            name: "Intake (renamed)".into(),
        },
        Op::MoveColumn {
            column: first,
            position: board.column_key_at(first, 1),
        },
        Op::SetWipLimit {
            column: first,
            limit: Some(5),
        },
        Op::DeleteColumn { column: new_column },
        Op::SetStageGate {
            column: columns[2].id,
            gate: Some(Role::Lead),
        },
        Op::SetBoardSettings {
            settings: BoardSettings {
                due_soon_days: 10,
                hard_limits: false,
            },
        },
        Op::SetAgency {
            card,
            agency: Some("min-health".into()),
        },
        Op::SetAssignees {
            card,
            assignees: Vec::new(),
        },
        Op::SetDeadline {
            card,
            due: "2027-03-01".parse().unwrap(),
            reason: "the board's own plan".into(),
        },
        Op::SetSpecialControl { card, on: true },
        Op::JudgeDelivery {
            card,
            rag: Rag::AmberRed,
            reason: "procurement late".into(),
        },
        Op::SetSource {
            card,
            source: Some(Source {
                kind: SourceKind::Address,
                number: String::new(),
                date: Some("2025-09-08".parse().unwrap()),
                paragraph: "4".into(),
            }),
        },
        Op::SetProject {
            card,
            project: Some("human-capital".into()),
        },
        Op::AskDecision {
            card,
            question: Some("Approve the co-financing".into()),
        },
        Op::PutLabel {
            label,
            name: "Needs a decision".into(),
            color: LabelColor::Red,
        },
        Op::SetCardLabels {
            card,
            labels: board.labels.keys().copied().collect(),
        },
        Op::AddChecklistItem {
            card,
            item,
            text: "Terms of reference approved".into(),
            due: None,
        },
        Op::TickChecklistItem {
            card,
            item,
            done: true,
        },
        Op::RemoveChecklistItem { card, item },
        Op::AddComment {
            card,
            comment: item,
            text: "Sent to the ministry".into(),
        },
        Op::EditComment {
            card,
            comment: item,
            text: "Sent to the ministry on Monday".into(),
        },
        Op::DeleteComment {
            card,
            comment: item,
        },
        Op::AddLink {
            card,
            link: item,
            title: "Protocol".into(),
            url: "https://docs.example.kz/p/1".into(),
        },
        Op::RemoveLink { card, link: item },
        Op::DeleteLabel { label },
    ]
}

#[tokio::test]
async fn an_administrator_asking_for_a_board_that_does_not_exist_finds_nothing() {
    let world = World::new().await;
    let (board, missing) = (world.board.id.to_string(), BoardId::random().to_string());
    let mut failures = Vec::new();
    for (method, pattern, access) in qadam_server::http::ENDPOINTS {
        if *access != qadam_server::http::Access::BoardRole {
            continue;
        }
        let (path, body) = world.request_for(method, pattern).await;
        let path = path.replace(&board, &missing);
        let got = world.call(Caller::Admin, method, &path, body).await;
        if got != StatusCode::NOT_FOUND {
            failures.push(format!("{method} {pattern}: {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
