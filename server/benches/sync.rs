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

/// Who the benchmark's operations come from.
fn author() -> qadam_shared::authority::Author {
    qadam_shared::authority::Author::system("bench")
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    println!("Qadam sync benchmarks ({} cores)\n", num_cores());
    let dir = tempfile::tempdir()?;
    let sqlite = dir.path().join("bench.db").display().to_string();
    run("SQLite file, synchronous=FULL", &sqlite, 1).await?;

    let admin = std::env::var("QADAM_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://root@127.0.0.1:5432/postgres".into());
    let name = format!("qadam_bench_{}", std::process::id());
    match admin_sql(&admin, &format!("CREATE DATABASE {name}")).await {
        Ok(()) => {
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            let url = format!("{base}/{name}");
            let result = async {
                run("PostgreSQL, one instance", &url, 1).await?;
                run("PostgreSQL, two instances on one database", &url, 2).await
            }
            .await;
            admin_sql(&admin, &format!("DROP DATABASE {name} WITH (FORCE)")).await?;
            result?;
        }
        Err(e) => println!("\nPostgreSQL not reachable ({e}); its figures are skipped."),
    }
    Ok(())
}

async fn admin_sql(url: &str, sql: &str) -> anyhow::Result<()> {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(url).await?;
    sqlx::Executor::execute(&mut conn, sql).await?;
    Ok(())
}

/// The figures for one setup: `instances` servers on the database at `url`.
async fn run(label: &str, url: &str, instances: usize) -> anyhow::Result<()> {
    println!("== {label}");
    let mut states = Vec::new();
    for _ in 0..instances {
        // The per-person operation limit guards against people; the benchmark measures the
        // machine.
        let config = Config {
            no_seed: true,
            ops_per_second: u32::MAX / 64,
            ..Config::for_database(url)
        };
        states.push(AppState::open(&config).await?);
    }
    let (board, cards, columns) = big_board(&states[0], "Throughput", 200).await?;
    let mut handles = Vec::new();
    for state in &states {
        handles.push(state.hub.board(board.id).await?);
    }
    for clients in [1usize, 16, 64, 256] {
        let moves = if clients == 1 { 1_000 } else { 20_000 };
        let rate = throughput(&handles, &cards, &columns, clients, moves).await?;
        println!(
            "moves committed: {rate:>8.0} /s  ({moves} moves from {clients} concurrent client(s) over {instances} instance(s))"
        );
    }
    fan_out(&states, 200, 200, Duration::from_secs(5)).await?;
    if instances == 1 {
        snapshot(&states[0], 1_000).await?;
    }
    println!();
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
) -> anyhow::Result<(Board, Vec<CardId>, Vec<ColumnId>)> {
    let board = Board::new(BoardId::random(), name, "Benchmark team");
    state.store.create_board(&board, 100).await?;
    let handle = state.hub.board(board.id).await?;
    let columns: Vec<ColumnId> = (0..5).map(|_| ColumnId::random()).collect();
    for (column, position) in columns.iter().zip(OrderKey::sequence(None, 5)) {
        let op = Op::AddColumn {
            column: *column,
            name: format!("Stage {}", column.0.as_u128() % 100),
            position,
        };
        handle.submit(ClientOpId::random(), op, author()).await?;
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
            h.submit(ClientOpId::random(), op, author()).await
        }));
        cards.push(card);
    }
    for p in pending {
        p.await??;
    }
    let sub = handle.subscribe().await?;
    Ok((Board::clone(&sub.board), cards, columns))
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
    handles: &[BoardHandle],
    cards: &[CardId],
    columns: &[ColumnId],
    clients: usize,
    moves: usize,
) -> anyhow::Result<f64> {
    let per_client = moves / clients;
    let start = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let h = handles[c % handles.len()].clone();
        let (cards, columns) = (cards.to_vec(), columns.to_vec());
        tasks.push(tokio::spawn(async move {
            for i in 0..per_client {
                let op = random_move(&cards, &columns, c * per_client + i);
                h.submit(ClientOpId::random(), op, author()).await?;
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

/// Listeners on the first instance, the sender on the last: with two instances every event
/// crosses PostgreSQL's notifications.
async fn fan_out(
    states: &[AppState],
    clients: usize,
    rate: u32,
    duration: Duration,
) -> anyhow::Result<()> {
    let (board, cards, columns) = big_board(&states[0], "Fan-out", 100).await?;
    let mut urls = Vec::new();
    for state in [&states[0], &states[states.len() - 1]] {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let app = qadam_server::http::app(state.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        urls.push(format!("ws://{addr}/api/boards/{}/ws", board.id));
    }
    let (url, sender_url) = (&urls[0], &urls[1]);
    // Each listener is its own person: one account may hold only so many sockets.
    let cookie = session(&states[0]).await?;

    // When each move was sent, and when the last client received it.
    let sent: Arc<Mutex<std::collections::HashMap<ClientOpId, Instant>>> = Arc::default();
    let last_seen: Arc<Mutex<std::collections::HashMap<ClientOpId, (usize, Instant)>>> =
        Arc::default();
    let total = (rate as f64 * duration.as_secs_f64()) as usize;
    let mut listeners = Vec::new();
    for _ in 0..clients {
        let viewer = session(&states[0]).await?;
        let (mut socket, _) = tokio_tungstenite::connect_async(signed_in(url, &viewer)).await?;
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

    let (mut sender, _) = tokio_tungstenite::connect_async(signed_in(sender_url, &cookie)).await?;
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

/// A session of a new administrator, as a `Cookie` header value.
async fn session(state: &AppState) -> anyhow::Result<String> {
    let store = &state.store;
    let id = qadam_shared::UserId::random();
    store
        .create_user(
            &qadam_server::storage::accounts::NewUser::new(
                id,
                &format!("bench-{id}"),
                "Bench",
                "-",
                true,
            ),
            0,
        )
        .await?;
    let token = qadam_server::auth::start_session(state, id, "test").await?;
    Ok(qadam_server::auth::cookie_header(&token))
}

fn signed_in(
    url: &str,
    cookie: &str,
) -> tokio_tungstenite::tungstenite::handshake::client::Request {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let mut request = url.into_client_request().expect("a valid URL");
    request
        .headers_mut()
        .insert("cookie", cookie.parse().expect("a valid cookie"));
    request
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
    let cookie = session(state).await?;
    let mut times = Vec::new();
    let mut bytes = 0;
    let mut gzip_bytes = 0;
    for _ in 0..50 {
        let request = Request::get(format!("/api/boards/{}", board.id))
            .header("cookie", &cookie)
            .body(Body::empty())?;
        let start = Instant::now();
        let response = app.clone().oneshot(request).await?;
        anyhow::ensure!(
            response.status() == 200,
            "snapshot answered {}",
            response.status()
        );
        let body = response.into_body().collect().await?.to_bytes();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        bytes = body.len();
        let request = Request::get(format!("/api/boards/{}", board.id))
            .header("cookie", &cookie)
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
