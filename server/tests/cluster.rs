//! Several server instances on one PostgreSQL database: every client converges, the log stays
//! gap-free, a client can catch up on any instance, and the instances ride out the database
//! going away and coming back without losing anything they acknowledged.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{Backend, Running, TestDb, connect, expect_snapshot, next, submit};
use http_body_util::BodyExt;
use qadam_server::AppState;
use qadam_shared::{Board, CardId, ClientOpId, ColumnId, Op, ServerMsg, apply};
use serde_json::json;
use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};
use tower::ServiceExt;

fn random_move(board: &Board, n: usize) -> Op {
    let cards: Vec<CardId> = board.cards.keys().copied().collect();
    let columns: Vec<ColumnId> = board.ordered_columns().iter().map(|c| c.id).collect();
    let card = cards[(n * 7) % cards.len()];
    let column = columns[(n * 3) % columns.len()];
    Op::MoveCard {
        card,
        column,
        position: board.card_key_at(column, card, n % 3),
    }
}

/// Two instances on one fresh PostgreSQL database, each serving on its own port.
struct Cluster {
    db: TestDb,
    a: AppState,
    b: AppState,
    server_a: Running,
    server_b: Running,
}

async fn two_instances() -> Option<Cluster> {
    if !common::postgres_available() {
        return None;
    }
    let db = TestDb::new(Backend::Postgres).await;
    let (a, b) = (db.open().await, db.open().await);
    let (server_a, server_b) = (
        Running::start(a.clone()).await,
        Running::start(b.clone()).await,
    );
    Some(Cluster {
        db,
        a,
        b,
        server_a,
        server_b,
    })
}

/// Every seq and client op id in the board's log, in order.
async fn log_of(state: &AppState, board: &Board) -> Vec<(u64, Option<ClientOpId>)> {
    state
        .store
        .events_between(board.id, 0, u64::MAX)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.seq, e.client_op))
        .collect()
}

fn assert_gap_free(log: &[(u64, Option<ClientOpId>)]) {
    for (i, (seq, _)) in log.iter().enumerate() {
        assert_eq!(*seq, i as u64 + 1, "the log has a gap or a repeat at {i}");
    }
    let ids: Vec<_> = log.iter().filter_map(|(_, id)| *id).collect();
    let unique: HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "a submission was committed twice");
}

#[tokio::test]
async fn clients_on_two_instances_converge_under_concurrent_moves() {
    let Some(Cluster {
        db: _db,
        a,
        b,
        server_a,
        server_b,
    }) = two_instances().await
    else {
        return;
    };
    let (board, seq) = common::first_board(&a).await;
    const CLIENTS: usize = 4;
    const MOVES: usize = 25;

    let mut sockets = Vec::new();
    for c in 0..CLIENTS {
        let server = if c % 2 == 0 { &server_a } else { &server_b };
        let mut socket = connect(server, &a, &board, &format!("client{c}"), None).await;
        let (start, at) = expect_snapshot(&mut socket).await;
        assert_eq!(at, seq);
        sockets.push((socket, start));
    }
    let mut tasks = Vec::new();
    for (c, (mut socket, start)) in sockets.into_iter().enumerate() {
        tasks.push(tokio::spawn(async move {
            for n in 0..MOVES {
                submit(&mut socket, &random_move(&start, c * 100 + n)).await;
            }
            // Every client receives every commit, in order, from whichever instance it is on.
            let mut replica = start.clone();
            let mut seqs = Vec::new();
            while seqs.len() < CLIENTS * MOVES {
                if let ServerMsg::Committed(event) = next(&mut socket).await {
                    apply(&mut replica, &event.op, &event.stamp()).expect("a committed op applies");
                    seqs.push(event.seq);
                }
            }
            (replica, seqs)
        }));
    }
    let mut finals = Vec::new();
    for task in tasks {
        let (replica, seqs) = task.await.unwrap();
        let expected: Vec<u64> = (seq + 1..=seq + (CLIENTS * MOVES) as u64).collect();
        assert_eq!(seqs, expected, "events arrive once each, in order");
        finals.push(replica);
    }
    for replica in &finals[1..] {
        assert_eq!(replica, &finals[0], "two clients disagree");
    }
    let (stored, stored_seq) = a.store.load_board(board.id).await.unwrap().unwrap();
    assert_eq!(stored_seq, seq + (CLIENTS * MOVES) as u64);
    assert_eq!(stored, finals[0], "clients differ from the database");
    for state in [&a, &b] {
        let sub = state
            .hub
            .board(board.id)
            .await
            .unwrap()
            .subscribe()
            .await
            .unwrap();
        assert_eq!(
            (Board::clone(&sub.board), sub.seq),
            (stored.clone(), stored_seq),
            "an instance lags"
        );
    }
    assert_gap_free(&log_of(&a, &board).await);
    server_a.stop();
    server_b.stop();
}

#[tokio::test]
async fn a_client_catches_up_on_another_instance() {
    let Some(Cluster {
        db: _db,
        a,
        b: _,
        server_a,
        server_b,
    }) = two_instances().await
    else {
        return;
    };
    let (board, seq) = common::first_board(&a).await;
    let mut on_b = connect(&server_b, &a, &board, "Bolat", None).await;
    expect_snapshot(&mut on_b).await;
    for n in 0..3 {
        submit(&mut on_b, &random_move(&board, n)).await;
    }
    for _ in 0..3 {
        next(&mut on_b).await;
    }
    // A client that saw the board at `seq` on instance B comes back through instance A.
    let mut on_a = connect(&server_a, &a, &board, "Aigerim", Some(seq)).await;
    let mut caught_up = Vec::new();
    loop {
        match next(&mut on_a).await {
            ServerMsg::Committed(e) => caught_up.push(e.seq),
            ServerMsg::Live { seq: live } => {
                assert_eq!(live, seq + 3);
                break;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(caught_up, [seq + 1, seq + 2, seq + 3]);
    server_a.stop();
    server_b.stop();
}

async fn post(
    state: &AppState,
    cookie: &str,
    board: &Board,
    id: ClientOpId,
    op: &Op,
) -> StatusCode {
    let body = json!({ "id": id, "op": op }).to_string();
    let request = Request::post(format!("/api/boards/{}/ops", board.id))
        .header("content-type", "application/json")
        .header("cookie", cookie)
        .body(Body::from(body))
        .unwrap();
    let response = qadam_server::http::app(state.clone())
        .oneshot(request)
        .await
        .unwrap();
    let status = response.status();
    let _ = response.into_body().collect().await;
    status
}

async fn health(state: &AppState) -> StatusCode {
    let request = Request::get("/api/health").body(Body::empty()).unwrap();
    qadam_server::http::app(state.clone())
        .oneshot(request)
        .await
        .unwrap()
        .status()
}

async fn wait_health(state: &AppState, wanted: StatusCode) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while health(state).await != wanted {
        assert!(Instant::now() < deadline, "health never became {wanted}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn instances_recover_when_the_database_goes_away_and_nothing_acknowledged_is_lost() {
    let Some(Cluster {
        db,
        a,
        b,
        server_a,
        server_b,
    }) = two_instances().await
    else {
        return;
    };
    let (board, _) = common::first_board(&a).await;
    let mut watcher = connect(&server_a, &a, &board, "Watcher", None).await;
    expect_snapshot(&mut watcher).await;
    const OPS: usize = 120;

    // Two clients keep submitting through both instances, retrying each operation (same id)
    // until it is acknowledged, as the browser does.
    let mut load = Vec::new();
    for client in 0..2 {
        let (state, board) = (
            if client == 0 { a.clone() } else { b.clone() },
            board.clone(),
        );
        let cookie = common::admin(&state, &format!("load{client}")).await;
        load.push(tokio::spawn(async move {
            let mut acknowledged = BTreeMap::new();
            for n in 0..OPS / 2 {
                let (id, op) = (ClientOpId::random(), random_move(&board, client * 1000 + n));
                let deadline = Instant::now() + Duration::from_secs(60);
                loop {
                    if post(&state, &cookie, &board, id, &op).await == StatusCode::OK {
                        acknowledged.insert(id, op);
                        break;
                    }
                    assert!(Instant::now() < deadline, "an operation was never accepted");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            acknowledged
        }));
    }

    // Midway, the database stops taking connections and drops the open ones.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let name = db.pg_name().to_owned();
    common::pg_admin(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false")).await;
    common::kill_connections(&db).await;
    assert!(
        !load.iter().all(|t| t.is_finished()),
        "the fault must come under load"
    );
    wait_health(&a, StatusCode::SERVICE_UNAVAILABLE).await;
    wait_health(&b, StatusCode::SERVICE_UNAVAILABLE).await;
    // A client on a socket is told its change was not taken.
    submit(&mut watcher, &random_move(&board, 99)).await;
    loop {
        match next(&mut watcher).await {
            ServerMsg::Error { code, .. } => {
                assert_eq!(code, "unavailable");
                break;
            }
            ServerMsg::Committed(_) => {}
            other => panic!("expected an error frame, got {other:?}"),
        }
    }
    common::pg_admin(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true")).await;
    wait_health(&a, StatusCode::OK).await;
    wait_health(&b, StatusCode::OK).await;

    let mut acknowledged = BTreeMap::new();
    for task in load {
        acknowledged.extend(task.await.unwrap());
    }
    assert_eq!(acknowledged.len(), OPS);
    let log = log_of(&a, &board).await;
    assert_gap_free(&log);
    let logged: HashSet<ClientOpId> = log.iter().filter_map(|(_, id)| *id).collect();
    for id in acknowledged.keys() {
        assert!(
            logged.contains(id),
            "an acknowledged operation is missing from the log"
        );
    }

    // The instances hear each other again: a move through B reaches a socket on A.
    let mut on_a = connect(&server_a, &a, &board, "Aigerim", None).await;
    let (now, _) = expect_snapshot(&mut on_a).await;
    let mut on_b = connect(&server_b, &a, &board, "Bolat", None).await;
    expect_snapshot(&mut on_b).await;
    let id = submit(&mut on_b, &random_move(&now, 7)).await;
    loop {
        match next(&mut on_a).await {
            ServerMsg::Committed(e) if e.client_op == Some(id) => break,
            ServerMsg::Committed(_) => {}
            other => panic!("expected B's move on A, got {other:?}"),
        }
    }
    server_a.stop();
    server_b.stop();
}
