//! The HTTP API, driven through the router without a socket.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::Backend;
use http_body_util::BodyExt;
use qadam_shared::{Board, BoardSummary, CardId, ColumnId, DeadlineStatus, Op, OrderKey};
use serde_json::{Value, json};
use tower::ServiceExt;

/// The API as an administrator called Aigerim sees it.
struct Api {
    app: axum::Router,
    state: qadam_server::AppState,
    cookie: String,
}

async fn api(state: qadam_server::AppState) -> Api {
    let cookie = common::admin(&state, "Aigerim").await;
    Api {
        app: qadam_server::http::app(state.clone()),
        state,
        cookie,
    }
}

/// A new member of `board` called `name`, signed in: their API, id and login.
async fn member(
    state: &qadam_server::AppState,
    board: qadam_shared::BoardId,
    name: &str,
) -> (Api, qadam_shared::UserId, String) {
    let person = Api {
        app: qadam_server::http::app(state.clone()),
        state: state.clone(),
        cookie: common::person(state, name, false, &[(board, qadam_shared::Role::Member)]).await,
    };
    let (_, me) = call(&person, "GET", "/api/me", None).await;
    let id = me["id"].as_str().unwrap().parse().unwrap();
    let login = me["login"].as_str().unwrap().to_owned();
    (person, id, login)
}

/// Returns once the notifications worker has read every commit so far: it reads them in order,
/// so a comment by a new member naming `whom` (an administrator, who sees every board) is
/// stored after all of them.
async fn notifications_settled(
    state: &qadam_server::AppState,
    board: qadam_shared::BoardId,
    card: qadam_shared::CardId,
    whom: &Api,
) {
    let unread = || async {
        let (_, inbox) = call(whom, "GET", "/api/me/notifications", None).await;
        inbox["unread"].as_u64().unwrap()
    };
    let before = unread().await;
    let (_, me) = call(whom, "GET", "/api/me", None).await;
    let (named_by, _, _) = member(state, board, "Settling").await;
    let naming = Op::AddComment {
        card,
        comment: qadam_shared::ItemId::random(),
        text: format!("@{} noted", me["login"].as_str().unwrap()),
    };
    let ops = format!("/api/boards/{board}/ops");
    let (status, _) = call(&named_by, "POST", &ops, Some(submission(&naming))).await;
    assert_eq!(status, StatusCode::OK);
    for _ in 0..100 {
        if unread().await > before {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the notifications worker did not catch up");
}

async fn call(api: &Api, method: &str, uri: &str, body: Option<String>) -> (StatusCode, Value) {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .header("cookie", &api.cookie)
        .body(body.map(Body::from).unwrap_or_else(Body::empty))
        .unwrap();
    let response = api.app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, value)
}

/// A GET's status, content type and body as bytes (files).
async fn download(api: &Api, uri: &str) -> (StatusCode, String, Vec<u8>) {
    let (status, kind, bytes) = common::download(&api.state, uri, &api.cookie).await;
    (StatusCode::from_u16(status).unwrap(), kind, bytes)
}

async fn snapshot(app: &Api, board: &Board) -> (Board, u64) {
    let (status, body) = call(app, "GET", &format!("/api/boards/{}", board.id), None).await;
    assert_eq!(status, StatusCode::OK);
    (
        serde_json::from_value(body["board"].clone()).unwrap(),
        body["seq"].as_u64().unwrap(),
    )
}

fn submission(op: &Op) -> String {
    json!({ "op": op }).to_string()
}

async fn lists_the_ten_team_boards_with_default_stages(backend: Backend) {
    let (state, _dir) = common::seeded_state(backend).await;
    let app = api(state).await;
    let (status, body) = call(&app, "GET", "/api/boards", None).await;
    assert_eq!(status, StatusCode::OK);
    let boards: Vec<BoardSummary> = serde_json::from_value(body).unwrap();
    assert_eq!(boards.len(), 10);
    assert_eq!(
        common::summary_names(&boards)[..3],
        [
            "Transport and logistics",
            "Healthcare",
            "Education and enlightenment"
        ]
    );
    for board in &boards {
        let stages: Vec<&str> = board.stages.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            stages,
            ["Intake", "Road map", "In progress", "Reported", "Done"]
        );
        assert!(
            board.stages.iter().map(|(_, n)| n).sum::<usize>() >= 4,
            "{} has tasks",
            board.name
        );
    }
}

async fn a_move_is_committed_and_numbered(backend: Backend) {
    let (state, _dir) = common::seeded_state(backend).await;
    let (board, seq) = common::first_board(&state).await;
    let app = api(state).await;
    let columns = board.ordered_columns();
    let card = board.cards_in(columns[0].id)[0].id;
    let done = columns[4].id;
    let op = Op::MoveCard {
        card,
        column: done,
        position: board.card_key_at(done, card, 0),
    };
    let (status, body) = call(
        &app,
        "POST",
        &format!("/api/boards/{}/ops", board.id),
        Some(submission(&op)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["seq"], seq + 1);
    assert_eq!(body["applied"], true);

    let (after, after_seq) = snapshot(&app, &board).await;
    assert_eq!(after_seq, seq + 1);
    assert_eq!(after.cards[&card].column, done);

    let events = format!("/api/boards/{}/events?since={seq}", board.id);
    let (status, history) = call(&app, "GET", &events, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(history.as_array().unwrap().len(), 1);
    assert_eq!(history[0]["author"], "Aigerim");
    assert_eq!(history[0]["op"]["type"], "move_card");

    // The log names the author by account: renamed later, she shows under her current name.
    let (_, me) = call(&app, "GET", "/api/me", None).await;
    assert_eq!(history[0]["author_id"], me["id"]);
    let rename = json!({ "display_name": "Aigerim Seitkali" }).to_string();
    let me_path = format!("/api/users/{}", me["id"].as_str().unwrap());
    let (status, body) = call(&app, "PATCH", &me_path, Some(rename)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, history) = call(&app, "GET", &events, None).await;
    assert_eq!(history[0]["author"], "Aigerim Seitkali");

    // The card's own history: its seeded fields, then the move, oldest first, nothing else.
    let mine = format!("/api/boards/{}/events?card={card}", board.id);
    let (status, history) = call(&app, "GET", &mine, None).await;
    assert_eq!(status, StatusCode::OK);
    let kinds: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["op"]["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.first(), Some(&"create_card"));
    assert_eq!(kinds.last(), Some(&"move_card"));
    assert!(kinds.contains(&"set_agency") && kinds.contains(&"judge_delivery"));
    let card_text = card.to_string();
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["op"]["card"] == card_text.as_str()),
        "only this card's changes"
    );
}

/// A change tells the people it concerns, not its author: assigned, named in a comment, their
/// task judged red, special control on their team's task; read marks clear the count.
async fn notifications_tell_the_people_a_change_concerns(backend: Backend) {
    let (state, _dir) = common::seeded_state(backend).await;
    let (board, _) = common::first_board(&state).await;
    let admin = api(state.clone()).await;
    let (bolat, person, login) = member(&state, board.id, "Bolat").await;
    // A task the start-up deadline sweep, running beside this test, tells no assignee of.
    let now = qadam_server::clock::now_millis();
    let card = board
        .cards
        .values()
        .find(|c| {
            !c.archived
                && !matches!(
                    board.deadline_status(c, now),
                    Some(DeadlineStatus::DueSoon | DeadlineStatus::Overdue)
                )
        })
        .unwrap()
        .id;
    let ops = format!("/api/boards/{}/ops", board.id);
    for op in [
        Op::SetAssignees {
            card,
            assignees: vec![person],
        },
        Op::AddComment {
            card,
            comment: qadam_shared::ItemId::random(),
            text: format!("@{login} please check the schedule"),
        },
        Op::JudgeDelivery {
            card,
            rag: qadam_shared::Rag::Red,
            reason: "The contractor stopped work".into(),
        },
        Op::SetSpecialControl { card, on: true },
        // Still assigned: no second "assigned".
        Op::SetAssignees {
            card,
            assignees: vec![person],
        },
    ] {
        let (status, body) = call(&admin, "POST", &ops, Some(submission(&op))).await;
        assert_eq!(status, StatusCode::OK, "{op:?}: {body}");
    }
    // The worker reads commits after they are acknowledged.
    let mut inbox = Value::Null;
    for _ in 0..100 {
        inbox = call(&bolat, "GET", "/api/me/notifications", None).await.1;
        if inbox["unread"] == 4 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let mut kinds: Vec<&str> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        ["assigned", "control_set", "mentioned", "red"],
        "{inbox}"
    );
    assert_eq!(inbox["unread"], 4);
    assert_eq!(inbox["items"][0]["by"], "Aigerim");
    let (_, own) = call(&admin, "GET", "/api/me/notifications", None).await;
    assert_eq!(
        own["unread"], 0,
        "the author is not told of their own change"
    );
    let (status, _) = call(
        &bolat,
        "POST",
        "/api/me/notifications/read",
        Some("{}".into()),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, after) = call(&bolat, "GET", "/api/me/notifications", None).await;
    assert_eq!(after["unread"], 0);

    // Named again and again, Bolat is told once until he reads it: a flood of comments does
    // not fill his inbox.
    for _ in 0..3 {
        let again = Op::AddComment {
            card,
            comment: qadam_shared::ItemId::random(),
            text: format!("@{login} and again"),
        };
        let (status, _) = call(&admin, "POST", &ops, Some(submission(&again))).await;
        assert_eq!(status, StatusCode::OK);
    }
    for _ in 0..100 {
        let (_, inbox) = call(&bolat, "GET", "/api/me/notifications", None).await;
        if inbox["unread"] != 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    notifications_settled(&state, board.id, card, &admin).await;
    let (_, named) = call(&bolat, "GET", "/api/me/notifications", None).await;
    assert_eq!(named["unread"], 1, "{named}");
}

/// The inbox and the portfolio read, then open their socket: its first frame says it listens,
/// so what came between the read and the socket is read again instead of waiting for the next
/// change (a notification stored in that gap left the inbox count short for half a minute).
async fn a_live_page_hears_once_its_socket_listens(backend: Backend) {
    use futures_util::StreamExt;
    let (state, _dir) = common::seeded_state(backend).await;
    let (board, _) = common::first_board(&state).await;
    let server = common::Running::start(state.clone()).await;
    let admin = api(state.clone()).await;
    let cookie = common::person(
        &state,
        "Bolat",
        false,
        &[(board.id, qadam_shared::Role::Member)],
    )
    .await;
    async fn text(socket: &mut common::Socket) -> String {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(5), socket.next())
            .await
            .expect("a frame within 5 s")
            .expect("the socket open")
            .expect("a frame");
        frame.to_text().unwrap().to_owned()
    }
    // Each answers the page's heartbeat, so a quiet link does not look dead.
    async fn answers_ping(socket: &mut common::Socket) {
        use futures_util::SinkExt;
        let ping = serde_json::to_string(&qadam_shared::ClientMsg::Ping).unwrap();
        let ping = tokio_tungstenite::tungstenite::Message::text(ping);
        socket.send(ping).await.unwrap();
        assert_eq!(text(socket).await, r#"{"type":"pong"}"#);
    }
    let mut inbox = common::open_as(&server, "/api/me/notifications/ws", &cookie)
        .await
        .unwrap();
    assert_eq!(text(&mut inbox).await, "new");
    answers_ping(&mut inbox).await;
    let mut portfolio = common::open_as(&server, "/api/portfolio/ws", &cookie)
        .await
        .unwrap();
    let first: Value = serde_json::from_str(&text(&mut portfolio).await).unwrap();
    assert_eq!(first, json!({ "listening": true }));
    answers_ping(&mut portfolio).await;
    let (_, op) = common::move_first_card_to(&board, 1);
    let ops = format!("/api/boards/{}/ops", board.id);
    let (status, body) = call(&admin, "POST", &ops, Some(submission(&op))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let changed: Value = serde_json::from_str(&text(&mut portfolio).await).unwrap();
    assert_eq!(changed, json!({ "board": board.id }));
    server.stop();
}

/// The hourly sweep tells an assignee their task is due soon, once a day however often it runs.
async fn a_task_due_soon_is_told_once_a_day(backend: Backend) {
    let (state, _dir) = common::seeded_state(backend).await;
    let (board, _) = common::first_board(&state).await;
    let admin = api(state.clone()).await;
    let (dana, person, _) = member(&state, board.id, "Dana").await;
    let card = board.cards.values().find(|c| !c.archived).unwrap().id;
    let now = qadam_server::clock::now_millis();
    let tomorrow = qadam_shared::delivery::office_date(now).succ_opt().unwrap();
    let ops = format!("/api/boards/{}/ops", board.id);
    for op in [
        Op::SetDeadline {
            card,
            due: tomorrow,
            reason: "brought forward by the Government".into(),
        },
        Op::SetAssignees {
            card,
            assignees: vec![person],
        },
    ] {
        let (status, body) = call(&admin, "POST", &ops, Some(submission(&op))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    for _ in 0..2 {
        qadam_server::notifications::sweep(state.hub.postbox(), now)
            .await
            .unwrap();
    }
    let (_, inbox) = call(&dana, "GET", "/api/me/notifications", None).await;
    let due = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "due_soon")
        .count();
    assert_eq!(due, 1, "told once: {inbox}");
}

/// Someone taken off a team hears nothing more of its tasks, though still their assignee: not
/// a red judgement, not a comment naming them, not a deadline coming due.
async fn a_person_taken_off_a_team_is_told_nothing_of_its_tasks(backend: Backend) {
    let (state, _dir) = common::seeded_state(backend).await;
    let (board, _) = common::first_board(&state).await;
    let admin = api(state.clone()).await;
    let (bolat, person, login) = member(&state, board.id, "Bolat").await;
    let card = board.cards.values().find(|c| !c.archived).unwrap().id;
    let now = qadam_server::clock::now_millis();
    let tomorrow = qadam_shared::delivery::office_date(now).succ_opt().unwrap();
    let ops = format!("/api/boards/{}/ops", board.id);
    let assign = Op::SetAssignees {
        card,
        assignees: vec![person],
    };
    let (status, body) = call(&admin, "POST", &ops, Some(submission(&assign))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let kinds = || async {
        let (_, inbox) = call(&bolat, "GET", "/api/me/notifications", None).await;
        let mut kinds: Vec<String> = inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["kind"].as_str().unwrap().to_owned())
            .collect();
        kinds.sort();
        kinds
    };
    for _ in 0..100 {
        if !kinds().await.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let membership = format!("/api/boards/{}/members/{person}", board.id);
    let (status, body) = call(&admin, "DELETE", &membership, None).await;
    assert!(status.is_success(), "{status}: {body}");
    for op in [
        Op::SetDeadline {
            card,
            due: tomorrow,
            reason: "brought forward by the Government".into(),
        },
        Op::JudgeDelivery {
            card,
            rag: qadam_shared::Rag::Red,
            reason: "The contractor stopped work".into(),
        },
        Op::AddComment {
            card,
            comment: qadam_shared::ItemId::random(),
            text: format!("@{login} please check the schedule"),
        },
    ] {
        let (status, body) = call(&admin, "POST", &ops, Some(submission(&op))).await;
        assert_eq!(status, StatusCode::OK, "{op:?}: {body}");
    }
    qadam_server::notifications::sweep(state.hub.postbox(), now)
        .await
        .unwrap();
    notifications_settled(&state, board.id, card, &admin).await;
    assert_eq!(
        kinds().await,
        ["assigned"],
        "only what came while on the team"
    );
}

/// A lead deletes an archived task for good: gone from the board and from its stored rows (a
/// restart does not bring it back), its place in the board's limits free again; a member may
/// not, and an open task is archived first.
async fn an_archived_task_is_deleted_for_good(backend: Backend) {
    let (state, _dir) = common::seeded_state(backend).await;
    let (board, _) = common::first_board(&state).await;
    let admin = api(state.clone()).await;
    let (member, _, _) = member(&state, board.id, "Bolat").await;
    let card = board.cards.values().find(|c| !c.archived).unwrap().id;
    let ops = format!("/api/boards/{}/ops", board.id);
    let delete = submission(&Op::DeleteCard { card });
    let (status, body) = call(&admin, "POST", &ops, Some(delete.clone())).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "an open task is archived first: {body}"
    );
    let (status, _) = call(
        &admin,
        "POST",
        &ops,
        Some(submission(&Op::ArchiveCard { card })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = call(&member, "POST", &ops, Some(delete.clone())).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "members do not: {body}");
    let (status, body) = call(&admin, "POST", &ops, Some(delete)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (now, _) = snapshot(&admin, &board).await;
    assert!(!now.cards.contains_key(&card));
    let (stored, _) = state.store.load_board(board.id).await.unwrap().unwrap();
    assert!(!stored.cards.contains_key(&card), "its row is gone too");
    assert_eq!(stored.cards.len(), board.cards.len() - 1);
}

/// `--demo` seeds a quarter of history: the log goes back 90 days, the boards a week ago differ
/// from today's, and every board says the history is made up.
async fn the_demo_seeds_a_quarter_of_history(backend: Backend) {
    let db = common::TestDb::new(backend).await;
    let config = qadam_server::config::Config {
        demo: true,
        ..db.config()
    };
    let state = qadam_server::AppState::open(&config).await.unwrap();
    let app = api(state.clone()).await;
    let (board, _) = common::first_board(&state).await;
    let log = state
        .store
        .events_between(board.id, 0, u64::MAX)
        .await
        .unwrap();
    let now = qadam_server::clock::now_millis();
    let day = 24 * 3600 * 1000;
    assert!(log[0].at <= now - 89 * day, "history starts a quarter ago");
    assert!(log.windows(2).all(|w| w[0].at <= w[1].at), "in order");
    assert!(
        board
            .cards
            .values()
            .any(|c| c.title.starts_with("Demo data"))
    );
    let (status, portfolio) = call(&app, "GET", "/api/portfolio", None).await;
    assert_eq!(status, StatusCode::OK);
    let line = &portfolio["boards"][0];
    assert!(line["before"]["open"].as_u64().unwrap() > 0, "{line}");
    assert_ne!(line["before"], line["now"], "the week shows change");

    // The quarter shows in the metrics: twelve weeks of flow, tasks finished, their cycle times.
    let metrics = format!("/api/boards/{}/metrics", board.id);
    let (status, figures) = call(&app, "GET", &metrics, None).await;
    assert_eq!(status, StatusCode::OK, "{figures}");
    assert_eq!(figures["flow"].as_array().unwrap().len(), 84);
    assert!(figures["cycle"]["count"].as_u64().unwrap() > 0, "{figures}");
    let finished: u64 = figures["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["finished"].as_u64().unwrap())
        .sum();
    assert_eq!(finished, figures["cycle"]["count"].as_u64().unwrap());
    let (status, answer) = call(
        &app,
        "GET",
        &format!("{metrics}?from=2026-05-02&to=2026-05-01"),
        None,
    )
    .await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_period"))
    );
    let (status, answer) = call(
        &app,
        "GET",
        &format!("{metrics}?from=2025-01-01&to=2026-05-01"),
        None,
    )
    .await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_period"))
    );
    let (status, project) = call(&app, "GET", "/api/projects/mangystau/metrics", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(project["stages"].as_array().unwrap().len(), 3);
    let (status, _) = call(&app, "GET", "/api/projects/no-such-project/metrics", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The server takes from the office's lists only what they hold, and assigns only the board's
/// members and leads (not its observers); an administrator adds to the lists.
async fn delivery_fields_name_only_what_exists(backend: Backend) {
    let (state, _dir) = common::seeded_state(backend).await;
    let (board, _) = common::first_board(&state).await;
    let app = api(state.clone()).await;
    let card = board.cards.values().find(|c| !c.archived).unwrap().id;
    let ops = format!("/api/boards/{}/ops", board.id);
    for op in [
        Op::SetAgency {
            card,
            agency: Some("min-of-nothing".into()),
        },
        Op::SetProject {
            card,
            project: Some("no-such-project".into()),
        },
        Op::SetAssignees {
            card,
            assignees: vec![qadam_shared::UserId::random()],
        },
    ] {
        let (status, body) = call(&app, "POST", &ops, Some(submission(&op))).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_value")),
            "{op:?}"
        );
    }
    // An observer only watches the board: no task of it is theirs to deliver.
    let observer = Api {
        app: qadam_server::http::app(state.clone()),
        state: state.clone(),
        cookie: common::person(
            &state,
            "Oksana",
            false,
            &[(board.id, qadam_shared::Role::Observer)],
        )
        .await,
    };
    let (_, me) = call(&observer, "GET", "/api/me", None).await;
    let assign = Op::SetAssignees {
        card,
        assignees: vec![me["id"].as_str().unwrap().parse().unwrap()],
    };
    let (status, body) = call(&app, "POST", &ops, Some(submission(&assign))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("observer"),
        "{body}"
    );
    let (after, _) = snapshot(&app, &board).await;
    assert_eq!(after.cards[&card], board.cards[&card], "nothing changed");

    let entry = json!({ "kind": "ministry", "names": { "kk": "Сынақ министрлігі", "ru": "Министерство испытаний", "en": "Ministry of Trials" } });
    let (status, _) = call(
        &app,
        "PUT",
        "/api/catalog/agencies/min-trials",
        Some(entry.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let op = Op::SetAgency {
        card,
        agency: Some("min-trials".into()),
    };
    let (status, body) = call(&app, "POST", &ops, Some(submission(&op))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, catalog) = call(&app, "GET", "/api/catalog", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        catalog["agencies"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["code"] == "min-trials" && a["names"]["ru"] == "Министерство испытаний")
    );
    let bad = json!({ "kind": "ministry", "names": { "kk": "", "ru": "x", "en": "x" } });
    let (status, body) = call(
        &app,
        "PUT",
        "/api/catalog/agencies/min-blank",
        Some(bad.to_string()),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_name"))
    );
}

async fn a_retried_submission_is_applied_once(backend: Backend) {
    let (state, _dir) = common::seeded_state(backend).await;
    let (board, seq) = common::first_board(&state).await;
    let app = api(state).await;
    let column = board.ordered_columns()[0].id;
    let card = CardId::random();
    let op = Op::CreateCard {
        card,
        column,
        position: OrderKey::first(),
        title: "Kuryk port ferry terminal".into(),
        description: String::new(),
    };
    let body = json!({ "id": uuid::Uuid::new_v4(), "op": op }).to_string();
    let uri = format!("/api/boards/{}/ops", board.id);
    let (first, a) = call(&app, "POST", &uri, Some(body.clone())).await;
    let (second, b) = call(&app, "POST", &uri, Some(body)).await;
    assert_eq!((first, second), (StatusCode::OK, StatusCode::OK));
    assert_eq!(a["seq"], b["seq"]);
    assert_eq!(b["applied"], false);
    assert_eq!(snapshot(&app, &board).await.1, seq + 1);
}

async fn bad_input_gets_a_clear_error_and_changes_nothing(backend: Backend) {
    let (state, _dir) = common::seeded_state(backend).await;
    let (board, seq) = common::first_board(&state).await;
    let ids = state.store.board_ids().await.unwrap();
    let other = state
        .hub
        .board(ids[1])
        .await
        .unwrap()
        .subscribe()
        .await
        .unwrap()
        .board;
    let app = api(state).await;
    let uri = format!("/api/boards/{}/ops", board.id);
    let card = board.cards.values().next().unwrap().id;
    let foreign_column = other.ordered_columns()[0].id;
    let cases: Vec<(String, StatusCode, &str)> = vec![
        ("{not json".into(), StatusCode::BAD_REQUEST, "bad_json"),
        (json!({ "op": { "type": "teleport_card" } }).to_string(), StatusCode::BAD_REQUEST, "bad_json"),
        (json!({ "op": { "type": "move_card", "card": card, "column": foreign_column, "position": "80" } }).to_string(), StatusCode::NOT_FOUND, "column_not_found"),
        (submission(&Op::ArchiveCard { card: CardId::random() }), StatusCode::NOT_FOUND, "card_not_found"),
        (submission(&Op::EditCard { card, title: Some("x".repeat(5_000)), description: None }), StatusCode::UNPROCESSABLE_ENTITY, "text_too_long"),
        (submission(&Op::EditCard { card, title: Some("x".repeat(100_000)), description: None }), StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
        (submission(&Op::DeleteColumn { column: board.cards[&card].column }), StatusCode::CONFLICT, "column_not_empty"),
        (json!({ "op": { "type": "move_card", "card": card, "column": ColumnId::random(), "position": "zz" } }).to_string(), StatusCode::BAD_REQUEST, "bad_json"),
        (json!({ "op": { "type": "archive_card", "card": card }, "author": "Someone else" }).to_string(), StatusCode::BAD_REQUEST, "bad_json"),
    ];
    for (body, status, code) in cases {
        let (got, answer) = call(&app, "POST", &uri, Some(body.clone())).await;
        assert_eq!(got, status, "{answer} for {}", &body[..body.len().min(120)]);
        assert_eq!(answer["code"], code);
        assert!(!answer["message"].as_str().unwrap().is_empty());
    }
    let (after, after_seq) = snapshot(&app, &board).await;
    assert_eq!(after_seq, seq);
    assert_eq!(after, board);

    for (uri, status) in [
        (
            "/api/boards/00000000-0000-0000-0000-000000000000",
            StatusCode::NOT_FOUND,
        ),
        ("/api/boards/not-a-uuid", StatusCode::NOT_FOUND),
        ("/api/no-such-endpoint", StatusCode::NOT_FOUND),
    ] {
        let (got, answer) = call(&app, "GET", uri, None).await;
        assert_eq!(got, status, "{uri}");
        assert_eq!(answer["code"], "not_found");
    }
    let (got, answer) = call(
        &app,
        "GET",
        &format!("/api/boards/{}/events?since=-1", board.id),
        None,
    )
    .await;
    assert_eq!(
        (got, answer["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_query"))
    );
}

async fn health_answers_when_the_database_does(backend: Backend) {
    let (state, _dir) = common::seeded_state(backend).await;
    let app = api(state).await;
    let (status, body) = call(&app, "GET", "/api/health", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
}

/// The week's stocktake of a seeded board: the page's JSON, and the files read back in Russian
/// (CSV) and Kazakh (Excel) holding the same decisions.
async fn a_stocktake_downloads_in_the_chosen_language(backend: Backend) {
    let (state, _dir) = common::seeded_state(backend).await;
    let (board, _) = common::first_board(&state).await;
    let app = api(state).await;
    let base = format!("/api/boards/{}/stocktake", board.id);
    let (status, report) = call(&app, "GET", &base, None).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let open = board.cards.values().filter(|c| !c.archived).count();
    assert_eq!(
        report["moved"].as_array().unwrap().len(),
        open,
        "every task added this week"
    );
    let questions: Vec<String> = report["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["question"].as_str().unwrap().to_owned())
        .collect();
    assert!(!questions.is_empty(), "{report}");

    let (status, kind, csv) = download(&app, &format!("{base}?format=csv&lang=ru")).await;
    assert_eq!(
        (status, kind.as_str()),
        (StatusCode::OK, "text/csv; charset=utf-8")
    );
    let text = String::from_utf8(csv).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows[0][0].contains("отчёт о ходе работ"), "{:?}", rows[0]);
    let decided: Vec<&str> = rows
        .iter()
        .filter(|r| &r[0] == "Нужны решения")
        .map(|r| &r[3])
        .collect();
    assert_eq!(decided, questions);
    assert!(
        rows.iter()
            .any(|r| &r[0] == "Что сдвинулось" && &r[4] == "Входящие")
    );

    let (status, _, xlsx) = download(&app, &format!("{base}?format=xlsx&lang=kk")).await;
    assert_eq!(status, StatusCode::OK);
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
    assert!(book.sheet_names().contains(&"Шешім қажет".to_owned()));
    let sheet = book.worksheet_range("Шешім қажет").unwrap();
    let asked: Vec<String> = (3..3 + questions.len() as u32)
        .map(|row| sheet.get_value((row, 2)).unwrap().to_string())
        .collect();
    assert_eq!(asked, questions);

    let (status, _, _) = download(&app, &format!("{base}?format=pdf")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, answer) = call(&app, "GET", &format!("{base}?format=csv&lang=de"), None).await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_language"))
    );
    let (status, _) = call(&app, "GET", "/api/projects/mangystau/stocktake", None).await;
    assert_eq!(status, StatusCode::OK);
}

/// An observer of one board sees that board alone in the portfolio, a strategic project's
/// metrics and stocktake count only its tasks, and other boards' figures are not there for them.
async fn an_observer_of_one_board_sees_only_its_figures(backend: Backend) {
    let (state, _dir) = common::seeded_state(backend).await;
    // The observer's board is one with a task of the project; the other, any other board.
    let admin = api(state.clone()).await;
    let (_, everyone) = call(&admin, "GET", "/api/projects/mangystau/stocktake", None).await;
    let boards_of = |report: &Value, list: &str| -> Vec<String> {
        report[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| {
                let task = if item["task"].is_null() {
                    item
                } else {
                    &item["task"]
                };
                task["board"].as_str().unwrap().to_owned()
            })
            .collect()
    };
    let mine_text = boards_of(&everyone, "moved")[0].clone();
    let mine: qadam_shared::BoardId = mine_text.parse().unwrap();
    let ids = state.store.board_ids().await.unwrap();
    let other = *ids.iter().find(|id| **id != mine).unwrap();
    let cookie = common::person(
        &state,
        "Observer",
        false,
        &[(mine, qadam_shared::Role::Observer)],
    )
    .await;
    let app = Api {
        app: qadam_server::http::app(state.clone()),
        state: state.clone(),
        cookie,
    };
    let (status, portfolio) = call(&app, "GET", "/api/portfolio", None).await;
    assert_eq!(status, StatusCode::OK);
    let boards: Vec<&str> = portfolio["boards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(boards, [mine_text.as_str()]);
    assert!(
        boards_of(&portfolio, "attention")
            .iter()
            .all(|b| *b == mine_text)
    );
    let (status, report) = call(&app, "GET", "/api/projects/mangystau/stocktake", None).await;
    assert_eq!(status, StatusCode::OK);
    let seen = boards_of(&report, "moved");
    assert!(
        !seen.is_empty() && seen.iter().all(|b| *b == mine_text),
        "{seen:?}"
    );
    assert!(
        boards_of(&everyone, "moved").len() > seen.len(),
        "the administrator sees the project on more boards"
    );
    let (status, _) = call(&app, "GET", &format!("/api/boards/{other}/metrics"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(&app, "GET", &format!("/api/boards/{other}/stocktake"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The snapshot read compressed is the board as it is, after every change too (the compressed
/// copy is kept per board, change and role).
async fn a_compressed_snapshot_is_the_board_as_it_is(backend: Backend) {
    let (state, _dir) = common::seeded_state(backend).await;
    let (board, _) = common::first_board(&state).await;
    let app = api(state.clone()).await;
    let uri = format!("/api/boards/{}", board.id);
    let gzipped = |app: &Api| {
        let request = Request::builder()
            .uri(&uri)
            .header("cookie", &app.cookie)
            .header("accept-encoding", "br;q=0.5, gzip")
            .body(Body::empty())
            .unwrap();
        let app = app.app.clone();
        async move {
            let response = app.oneshot(request).await.unwrap();
            assert_eq!(response.headers()["content-encoding"], "gzip");
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            let mut json = String::new();
            std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut json)
                .unwrap();
            serde_json::from_str::<Value>(&json).unwrap()
        }
    };
    let card = board.cards.values().find(|c| !c.archived).unwrap().id;
    for round in 0..2 {
        let (_, plain) = call(&app, "GET", &uri, None).await;
        assert_eq!(gzipped(&app).await, plain);
        let op = Op::EditCard {
            card,
            title: Some(format!("Renamed {round}")),
            description: None,
        };
        let (status, _) = call(&app, "POST", &format!("{uri}/ops"), Some(submission(&op))).await;
        assert_eq!(status, StatusCode::OK);
        let after = gzipped(&app).await;
        assert_eq!(
            after["seq"],
            plain["seq"].as_u64().unwrap() + 1,
            "not the copy kept before the move"
        );
    }
}

on_both_backends!(
    a_compressed_snapshot_is_the_board_as_it_is,
    an_observer_of_one_board_sees_only_its_figures,
    a_stocktake_downloads_in_the_chosen_language,
    lists_the_ten_team_boards_with_default_stages,
    a_move_is_committed_and_numbered,
    a_retried_submission_is_applied_once,
    bad_input_gets_a_clear_error_and_changes_nothing,
    health_answers_when_the_database_does,
    delivery_fields_name_only_what_exists,
    notifications_tell_the_people_a_change_concerns,
    a_live_page_hears_once_its_socket_listens,
    a_task_due_soon_is_told_once_a_day,
    a_person_taken_off_a_team_is_told_nothing_of_its_tasks,
    an_archived_task_is_deleted_for_good,
    the_demo_seeds_a_quarter_of_history,
);
