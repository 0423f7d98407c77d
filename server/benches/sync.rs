//! Performance figures for the sync server, printed (no assertions): `cargo xtask bench`.
//!
//! - moves committed per second on SQLite, one at a time and from many clients at once;
//! - fan-out: 200 WebSocket clients on one board while 200 moves/s arrive, latency from sending
//!   a move to the last client receiving it;
//! - snapshot of a 1,000-card board over HTTP: server time and bytes.

use axum::body::Body;
use axum::http::Request;
use futures_util::{SinkExt, StreamExt};
use http_body_util::BodyExt;
use qadam_server::AppState;
use qadam_server::config::Config;
use qadam_server::sync::BoardHandle;
use qadam_shared::{
    Board, BoardId, CardId, ClientMsg, ClientOpId, ColumnId, Op, OrderKey, ServerMsg,
};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;
use tokio_tungstenite::tungstenite::Message;
use tower::ServiceExt;

const AUTHOR: &str = "bench";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let config = Config {
        host: [127, 0, 0, 1].into(),
        port: 0,
        database: dir.path().join("bench.db").display().to_string(),
        static_dir: dir.path().join("none"),
        no_seed: true,
    };
    let state = AppState::open(&config).await?;
    println!(
        "Qadam sync benchmarks (SQLite file, synchronous=FULL, {} cores)\n",
        num_cores()
    );

    let (board, handle, cards, columns) = big_board(&state, "Throughput", 200).await?;
    for clients in [1usize, 16, 64, 256] {
        let moves = if clients == 1 { 1_000 } else { 20_000 };
        let rate = throughput(&handle, &cards, &columns, clients, moves).await?;
        println!(
            "moves committed: {rate:>8.0} /s  ({moves} moves from {clients} concurrent client(s))"
        );
    }
    let _ = board;

    fan_out(&state, 200, 200, Duration::from_secs(5)).await?;
    snapshot(&state, 1_000).await?;
    Ok(())
}

fn num_cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// A new board with five columns and `n` cards spread over them.
async fn big_board(
    state: &AppState,
    name: &str,
    n: usize,
) -> anyhow::Result<(Board, BoardHandle, Vec<CardId>, Vec<ColumnId>)> {
    let board = Board::new(BoardId::random(), name, "Benchmark team");
    state.hub.store().create_board(&board, 100).await?;
    let handle = state.hub.board(board.id).await?;
    let columns: Vec<ColumnId> = (0..5).map(|_| ColumnId::random()).collect();
    for (column, position) in columns.iter().zip(OrderKey::sequence(None, 5)) {
        let op = Op::AddColumn {
            column: *column,
            name: format!("Stage {}", column.0.as_u128() % 100),
            position,
        };
        handle
            .submit(ClientOpId::random(), op, AUTHOR.into())
            .await?;
    }
    let mut keys: Vec<Option<OrderKey>> = vec![None; 5];
    let mut cards = Vec::with_capacity(n);
    let mut pending = Vec::new();
    for i in 0..n {
        let card = CardId::random();
        let c = i % 5;
        let position = OrderKey::between(keys[c].as_ref(), None);
        keys[c] = Some(position.clone());
        let op = Op::CreateCard {
            card,
            column: columns[c],
            position,
            title: format!("Task {i}: modernise the regional heat and power plant"),
            description: "Source: National Development Plan. Milestones agreed with the akimat."
                .into(),
        };
        let h = handle.clone();
        pending.push(tokio::spawn(async move {
            h.submit(ClientOpId::random(), op, AUTHOR.into()).await
        }));
        cards.push(card);
    }
    for p in pending {
        p.await??;
    }
    let sub = handle.subscribe().await?;
    Ok((sub.board, handle, cards, columns))
}

fn random_move(cards: &[CardId], columns: &[ColumnId], i: usize) -> Op {
    let card = cards[(i * 7919) % cards.len()];
    let column = columns[(i * 31) % columns.len()];
    let mut position = OrderKey::first();
    for _ in 0..(i % 3) {
        position = OrderKey::between(Some(&position), None);
    }
    Op::MoveCard {
        card,
        column,
        position,
    }
}

async fn throughput(
    handle: &BoardHandle,
    cards: &[CardId],
    columns: &[ColumnId],
    clients: usize,
    moves: usize,
) -> anyhow::Result<f64> {
    let per_client = moves / clients;
    let start = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (h, cards, columns) = (handle.clone(), cards.to_vec(), columns.to_vec());
        tasks.push(tokio::spawn(async move {
            for i in 0..per_client {
                let op = random_move(&cards, &columns, c * per_client + i);
                h.submit(ClientOpId::random(), op, AUTHOR.into()).await?;
            }
            anyhow::Ok(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    Ok((per_client * clients) as f64 / start.elapsed().as_secs_f64())
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn fan_out(
    state: &AppState,
    clients: usize,
    rate: u32,
    duration: Duration,
) -> anyhow::Result<()> {
    let (board, _handle, cards, columns) = big_board(state, "Fan-out", 100).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = qadam_server::http::app(state.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    let url = format!("ws://{addr}/api/boards/{}/ws?name=bench", board.id);

    // When each move was sent, and when the last client received it.
    let sent: Arc<Mutex<std::collections::HashMap<ClientOpId, Instant>>> = Arc::default();
    let last_seen: Arc<Mutex<std::collections::HashMap<ClientOpId, (usize, Instant)>>> =
        Arc::default();
    let total = (rate as f64 * duration.as_secs_f64()) as usize;
    let mut listeners = Vec::new();
    for _ in 0..clients {
        let (mut socket, _) = tokio_tungstenite::connect_async(&url).await?;
        first_message(&mut socket).await?;
        let seen = last_seen.clone();
        listeners.push(tokio::spawn(async move {
            let mut got = 0;
            while got < total {
                let Some(Ok(Message::Text(text))) = socket.next().await else {
                    break;
                };
                if let Ok(ServerMsg::Committed(c)) = serde_json::from_str::<ServerMsg>(&text) {
                    let now = Instant::now();
                    if let Some(id) = c.client_op {
                        let mut seen = seen.lock().await;
                        let entry = seen.entry(id).or_insert((0, now));
                        *entry = (entry.0 + 1, now);
                    }
                    got += 1;
                }
            }
        }));
    }

    let (mut sender, _) = tokio_tungstenite::connect_async(&url).await?;
    first_message(&mut sender).await?;
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / rate as f64));
    let started = Instant::now();
    for i in 0..total {
        ticker.tick().await;
        let id = ClientOpId::random();
        let msg = ClientMsg::Submit {
            id,
            op: random_move(&cards, &columns, i),
        };
        sent.lock().await.insert(id, Instant::now());
        sender
            .send(Message::text(serde_json::to_string(&msg)?))
            .await?;
    }
    let sending = started.elapsed();
    for l in listeners {
        let _ = tokio::time::timeout(Duration::from_secs(30), l).await;
    }
    let sent = sent.lock().await;
    let seen = last_seen.lock().await;
    let mut latencies: Vec<f64> = sent
        .iter()
        .filter_map(|(id, at)| {
            let (count, last) = seen.get(id)?;
            (*count == clients).then(|| last.duration_since(*at).as_secs_f64() * 1000.0)
        })
        .collect();
    latencies.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p) as usize];
    println!(
        "fan-out: {clients} clients, {total} moves at {:.0}/s: send→last client p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} of {total} reached every client)",
        total as f64 / sending.as_secs_f64(),
        pct(0.5),
        pct(0.99),
        pct(1.0),
        latencies.len()
    );
    Ok(())
}

async fn first_message(socket: &mut Socket) -> anyhow::Result<()> {
    match socket.next().await {
        Some(Ok(_)) => Ok(()),
        other => anyhow::bail!("no snapshot: {other:?}"),
    }
}

async fn snapshot(state: &AppState, cards: usize) -> anyhow::Result<()> {
    let (board, ..) = big_board(state, "Snapshot", cards).await?;
    let app = qadam_server::http::app(state.clone());
    let mut times = Vec::new();
    let mut bytes = 0;
    let mut gzip_bytes = 0;
    for _ in 0..50 {
        let request = Request::get(format!("/api/boards/{}", board.id)).body(Body::empty())?;
        let start = Instant::now();
        let response = app.clone().oneshot(request).await?;
        let body = response.into_body().collect().await?.to_bytes();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        bytes = body.len();
        let request = Request::get(format!("/api/boards/{}", board.id))
            .header("accept-encoding", "gzip")
            .body(Body::empty())?;
        let response = app.clone().oneshot(request).await?;
        gzip_bytes = response.into_body().collect().await?.to_bytes().len();
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "snapshot of a {cards}-card board over HTTP: median {:.2} ms, p99 {:.2} ms server time; {:.0} KB JSON, {:.0} KB gzipped",
        times[times.len() / 2],
        times[times.len() * 99 / 100],
        bytes as f64 / 1024.0,
        gzip_bytes as f64 / 1024.0
    );
    Ok(())
}
