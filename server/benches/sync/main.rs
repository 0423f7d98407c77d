//! The hot path at the machine's limit, printed (no assertions): `cargo xtask bench`.
//!
//! Every Qadam figure comes from the real `qadam-server` binary, started here on loopback, over
//! real sockets; the clients run in this process, on the same cores as the server, and read
//! every frame they are sent with a minimal WebSocket client (`client`). Movers run at normal
//! priority; viewers on threads of the lowest (`Viewing`), and the kernel stamps each frame's
//! arrival at a viewer's socket. Beside each figure of moves stands the limit, measured in
//! slices taking turns with Qadam's in each round: Qadam's own commit statements on bare SQLite
//! (rusqlite, no server, `synchronous=FULL`), one move per transaction and 8 and 64.
//!
//! - moves acknowledged per second: one client waiting for each ack, then 8 and 64 clients at
//!   once on one board (each also sees everyone's moves, as browsers do), with the server's
//!   commits (their average time and moves each, from its Prometheus figures) beside the
//!   limit's transaction of as many moves;
//! - fan-out: 1,000 viewers on one board, from the mover's send to each frame's arrival at a
//!   viewer (and to the viewer's reading it); then 10,000 viewers over ten boards;
//! - server memory per idle viewer on a 5,000-card board, and after the viewers leave; then per
//!   intranet page showing that board through one embed link, opened and after a change;
//! - the 5,000-card snapshot over HTTP, compressed, freshly and from the kept copy;
//! - 1,000 browsers reconnecting at once (the snapshot over HTTP, then the socket);
//! - moves on a board with a webhook told of each move to another stage (concurrent clients
//!   often move a task to where another just put it: a reorder, not told), beside the same
//!   board without, and how soon every delivery owed reaches a receiver in this process.
//!
//! On PostgreSQL (when reachable) the same moves and fan-out, on one instance and on two.
//!
//! Names after `--` run only those figures: `moves`, `fan-out`, `spread`, `memory`,
//! `snapshot`, `reconnect`, `webhooks`, `postgres`.

mod client;

use client::{Reader, Writer};
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use qadam_server::AppState;
use qadam_server::config::Config;
use qadam_shared::{Board, BoardId, CardId, ClientMsg, ClientOpId, ColumnId, Op, OrderKey};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};
use tokio::io::{AsyncBufReadExt, BufReader};

/// Viewers one account may hold sockets for (the server's per-account limit is 32).
const SOCKETS_PER_ACCOUNT: usize = 30;

/// A board socket: its two halves.
type Socket = (Reader, Writer);

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    println!(
        "Qadam hot-path benchmarks: {} cores; server: the qadam-server binary on loopback; clients: this process, on the same cores (movers at normal priority, viewers at the lowest, their frames' arrival stamped by the kernel)\n",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let dir = tempfile::tempdir()?;
    let sqlite = dir.path().join("bench.db").display().to_string();
    let receiver = Receiver::start().await?;
    let setup = Setup::apart(&sqlite, 350, &receiver.url)?;
    let server = Server::start(&sqlite).await?;
    let viewing = Viewing::start()?;
    println!("== SQLite file, synchronous=FULL");
    // First, on a server that has held nothing yet: what freed memory it reuses is not counted.
    if wanted("memory") {
        idle_memory(&server, &setup, 2_000).await?;
    }
    if wanted("moves") {
        let limit = Limit::prepare(&dir.path().join("limit.db")).await?;
        moves(&[&server], &setup, Some(&limit)).await?;
    }
    if wanted("fan-out") {
        fan_out(&viewing, &server, &server, &setup, 1_000, 50.0).await?;
    }
    if wanted("spread") {
        spread(&viewing, &server, &setup, 10_000, 50.0).await?;
        spread(&viewing, &server, &setup, 2_000, 500.0).await?;
    }
    if wanted("snapshot") {
        snapshot(&server, &setup).await?;
    }
    if wanted("reconnect") {
        reconnect(&server, &setup, 1_000).await?;
    }
    if wanted("webhooks") {
        webhooks(&server, &setup, &receiver, &sqlite).await?;
    }
    drop(server);
    if !wanted("postgres") {
        return Ok(());
    }

    let admin = std::env::var("QADAM_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://root@127.0.0.1:5432/postgres".into());
    let name = format!("qadam_bench_{}", std::process::id());
    match admin_sql(&admin, &format!("CREATE DATABASE {name}")).await {
        Ok(()) => {
            let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
            let url = format!("{base}/{name}");
            let result = postgres(&viewing, &url).await;
            admin_sql(&admin, &format!("DROP DATABASE {name} WITH (FORCE)")).await?;
            result?;
        }
        Err(e) => println!("\nPostgreSQL not reachable ({e}); its figures are skipped."),
    }
    Ok(())
}

/// Whether the figures named `name` were asked for (all, when none were named).
fn wanted(name: &str) -> bool {
    let asked: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    asked.is_empty() || asked.iter().any(|a| a == name)
}

async fn postgres(viewing: &Viewing, url: &str) -> anyhow::Result<()> {
    // Its webhooked board is not moved here: nothing is sent to this address.
    let setup = Setup::apart(url, 60, "http://127.0.0.1:9/hook")?;
    println!("\n== PostgreSQL, one instance");
    let one = Server::start(url).await?;
    moves(&[&one], &setup, None).await?;
    fan_out(viewing, &one, &one, &setup, 1_000, 50.0).await?;
    snapshot(&one, &setup).await?;
    reconnect(&one, &setup, 1_000).await?;
    println!(
        "\n== PostgreSQL, two instances on one database (movers on both; viewers on the first, the mover on the second)"
    );
    let two = Server::start(url).await?;
    moves(&[&one, &two], &setup, None).await?;
    fan_out(viewing, &one, &two, &setup, 1_000, 50.0).await?;
    Ok(())
}

async fn admin_sql(url: &str, sql: &str) -> anyhow::Result<()> {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(url).await?;
    sqlx::Executor::execute(&mut conn, sql).await?;
    Ok(())
}

// ---- The limit: Qadam's commit statements on bare SQLite ----

/// Qadam's own commit statements on bare SQLite, on a board of their own in a file of their
/// own, on one connection kept open: measured in slices taking turns with Qadam's moves, so
/// both meet the disk as it is at that moment (this machine's flushes vary by half from one
/// second to the next).
struct Limit {
    bare: Arc<Mutex<BareSqlite>>,
}

impl Limit {
    async fn prepare(path: &std::path::Path) -> anyhow::Result<Self> {
        let state = open_state(&path.display().to_string()).await?;
        let (board, cards, columns) = big_board(&state, "Limit", 200).await?;
        let bare = BareSqlite::open(path, &board, cards, columns)?;
        Ok(Self {
            bare: Arc::new(Mutex::new(bare)),
        })
    }

    /// How long `count` moves take, committed `per_txn` to a transaction.
    async fn time(&self, per_txn: usize, count: usize) -> anyhow::Result<Duration> {
        let bare = self.bare.clone();
        tokio::task::spawn_blocking(move || {
            bare.lock()
                .expect("not poisoned")
                .commit_moves(per_txn, count)
        })
        .await?
    }
}

/// A connection writing what one commit of the server writes: the board's lock and sequence
/// number, the log entries, the moved cards' rows.
struct BareSqlite {
    conn: rusqlite::Connection,
    key: String,
    seq: i64,
    cards: Vec<CardId>,
    columns: Vec<ColumnId>,
    delivery: String,
    /// Moves committed so far: the next one's card and place follow on.
    moved: usize,
}

impl BareSqlite {
    fn open(
        path: &std::path::Path,
        board: &Board,
        cards: Vec<CardId>,
        columns: Vec<ColumnId>,
    ) -> anyhow::Result<Self> {
        let conn = rusqlite::Connection::open(path)?;
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")?;
        let key = board.id.to_string();
        let seq = conn.query_row("SELECT seq FROM boards WHERE id = ?1", [&key], |r| r.get(0))?;
        Ok(Self {
            conn,
            key,
            seq,
            cards,
            columns,
            delivery: serde_json::to_string(&qadam_shared::Delivery::default())?,
            moved: 0,
        })
    }

    /// Commits `count` moves, `per_txn` to a transaction, and says how long they took.
    fn commit_moves(&mut self, per_txn: usize, count: usize) -> anyhow::Result<Duration> {
        let rows = |n: usize, width: usize| {
            (0..n)
                .map(|i| {
                    let cells: Vec<String> =
                        (1..=width).map(|c| format!("?{}", i * width + c)).collect();
                    format!("({})", cells.join(", "))
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let insert_events = format!(
            "INSERT INTO events (board_id, seq, op, author, author_id, at, client_op) VALUES {}",
            rows(per_txn, 7)
        );
        let upsert_cards = format!(
            "INSERT INTO cards (board_id, id, column_id, position, title, description, archived, delivery, parts) VALUES {}
             ON CONFLICT (board_id, id) DO UPDATE SET column_id = excluded.column_id,
               position = excluded.position, title = excluded.title,
               description = excluded.description, archived = excluded.archived,
               delivery = excluded.delivery, parts = excluded.parts",
            rows(per_txn, 9)
        );
        let start = Instant::now();
        for _ in 0..count / per_txn {
            let tx = self.conn.transaction()?;
            tx.prepare_cached("UPDATE boards SET seq = seq WHERE id = ?1 RETURNING seq")?
                .query_row([&self.key], |r| r.get::<_, i64>(0))?;
            tx.prepare_cached("UPDATE boards SET seq = ?1 WHERE id = ?2")?
                .execute(rusqlite::params![self.seq + per_txn as i64, &self.key])?;
            let mut events: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
            let mut rows: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
            for i in 0..per_txn {
                self.seq += 1;
                self.moved += 1;
                // Distinct cards, as the server writes one row per card however often it moved.
                let card = self.cards[self.moved % self.cards.len()];
                let Op::MoveCard {
                    column, position, ..
                } = random_move(&self.cards, &self.columns, self.moved)
                else {
                    unreachable!("a move")
                };
                let op = Op::MoveCard {
                    card,
                    column,
                    position: position.clone(),
                };
                events.push(Box::new(self.key.clone()));
                events.push(Box::new(self.seq));
                events.push(Box::new(serde_json::to_string(&op)?));
                events.push(Box::new("Bench"));
                events.push(Box::new("bench"));
                events.push(Box::new(0i64));
                events.push(Box::new(ClientOpId::random().to_string()));
                rows.push(Box::new(self.key.clone()));
                rows.push(Box::new(card.to_string()));
                rows.push(Box::new(column.to_string()));
                rows.push(Box::new(position.to_string()));
                rows.push(Box::new(format!(
                    "Task {i}: modernise the regional heat and power plant"
                )));
                rows.push(Box::new(
                    "Source: National Development Plan. Milestones agreed with the akimat.",
                ));
                rows.push(Box::new(0i64));
                rows.push(Box::new(self.delivery.clone()));
                rows.push(Box::new("[]"));
            }
            tx.prepare_cached(&insert_events)?
                .execute(rusqlite::params_from_iter(events.iter()))?;
            tx.prepare_cached(&upsert_cards)?
                .execute(rusqlite::params_from_iter(rows.iter()))?;
            tx.commit()?;
        }
        Ok(start.elapsed())
    }
}

// ---- The server and what it serves ----

/// A `qadam-server` process on loopback.
struct Server {
    child: tokio::process::Child,
    addr: SocketAddr,
    /// Where it serves its Prometheus figures.
    metrics: SocketAddr,
}

impl Server {
    async fn start(database: &str) -> anyhow::Result<Self> {
        // A port free a moment ago; the server says so if it was taken since.
        let metrics = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_qadam-server"))
            .args(["--port", "0", "--database", database, "--no-seed"])
            // The per-person limit guards against people; the benchmark measures the machine.
            .args([
                "--ops-per-second",
                "1000000",
                "--static-dir",
                "/nonexistent",
                "--webhooks-to-loopback",
                "--metrics-addr",
                &metrics.to_string(),
            ])
            .env("RUST_LOG", "warn,qadam_server=info")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()?;
        let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
        let addr = loop {
            let Some(line) = lines.next_line().await? else {
                anyhow::bail!("the server ended before listening");
            };
            if let Some((_, at)) = line.split_once("Qadam is at http://") {
                break at.trim().parse()?;
            }
        };
        // Read the rest of its log, so it never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(Self {
            child,
            addr,
            metrics,
        })
    }

    /// The server's commits so far: how many, the moves they held, and the seconds they took
    /// (deciding, writing and flushing), from its Prometheus figures.
    async fn commits(&self) -> anyhow::Result<Commits> {
        let (_, body) = get(self.metrics, "/metrics", "", false).await?;
        let body = String::from_utf8_lossy(&body);
        let figure = |name: &str| {
            body.lines()
                .find_map(|line| line.strip_prefix(name)?.strip_prefix(' '))
                .and_then(|value| value.trim().parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        Ok(Commits {
            count: figure("qadam_commit_seconds_count"),
            moves: figure("qadam_commit_batch_size_sum"),
            seconds: figure("qadam_commit_seconds_sum"),
        })
    }

    /// CPU time the server has used so far (all threads, user and system), in milliseconds.
    fn cpu_ms(&self) -> f64 {
        let pid = self.child.id().unwrap_or(0);
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        // After the command name, in parentheses: utime and stime are fields 14 and 15.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map_or("", |(_, rest)| rest)
            .split_whitespace()
            .collect();
        let ticks = |i: usize| {
            fields
                .get(i)
                .and_then(|f| f.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        // Fields counted from the state (field 3); clock ticks are 1/100 s on Linux.
        (ticks(11) + ticks(12)) * 10.0
    }

    /// The server's resident memory, in KB.
    fn rss_kb(&self) -> u64 {
        let pid = self.child.id().unwrap_or(0);
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|s| {
                let line = s.lines().find(|l| l.starts_with("VmRSS:"))?.to_owned();
                line.split_whitespace().nth(1)?.parse().ok()
            })
            .unwrap_or(0)
    }
}

/// The boards and people the benchmarks use, made before the server starts.
struct Setup {
    throughput: BenchBoard,
    /// Like `throughput`, with a webhook told of every move.
    webhooked: BenchBoard,
    fan_out: BenchBoard,
    teams: Vec<BenchBoard>,
    large: BenchBoard,
    /// The token of an embed link of the large board, all its stages.
    embed: String,
    /// Session cookies, one per account.
    cookies: Vec<String>,
}

#[derive(Clone)]
struct BenchBoard {
    id: BoardId,
    cards: Vec<CardId>,
    columns: Vec<ColumnId>,
}

impl Setup {
    /// Prepares on a runtime of its own, dropped after: the state's background workers
    /// (webhook deliveries, notifications) end with it instead of sharing the database and the
    /// cores with the server measured.
    fn apart(database: &str, accounts: usize, receiver: &str) -> anyhow::Result<Self> {
        std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    let runtime = tokio::runtime::Runtime::new()?;
                    let setup = runtime.block_on(Self::prepare(database, accounts, receiver));
                    runtime.shutdown_background();
                    setup
                })
                .join()
                .map_err(|_| anyhow::anyhow!("preparing the benchmark panicked"))?
        })
    }

    async fn prepare(database: &str, accounts: usize, receiver: &str) -> anyhow::Result<Self> {
        let state = open_state(database).await?;
        let board = |name: &'static str, n| {
            let state = state.clone();
            async move {
                let (board, cards, columns) = big_board(&state, name, n).await?;
                anyhow::Ok(BenchBoard {
                    id: board.id,
                    cards,
                    columns,
                })
            }
        };
        let throughput = board("Throughput", 200).await?;
        let webhooked = board("Webhooked", 200).await?;
        let hook = qadam_shared::webhooks::Webhook::new(
            receiver.to_owned(),
            vec![qadam_shared::webhooks::WebhookEvent::CardMoved],
            "bench".into(),
            0,
        );
        let store = &state.store;
        store
            .create_webhook(webhooked.id, &hook, "whsec_bench")
            .await?;
        let fan_out = board("Fan-out", 100).await?;
        let mut teams = Vec::new();
        for _ in 0..10 {
            teams.push(board("Team", 150).await?);
        }
        let large = board("Large", 5_000).await?;
        let mut cookies = Vec::new();
        for _ in 0..accounts {
            cookies.push(session(&state).await?);
        }
        let embed = qadam_server::auth::token::generate();
        let link = qadam_shared::EmbedLink::new(large.id, "Intranet".into(), 0);
        let by = store.users().await?[0].id;
        let hash = qadam_server::auth::token::hash(&embed);
        store.create_embed(&link, &hash, by).await?;
        Ok(Self {
            throughput,
            webhooked,
            fan_out,
            teams,
            large,
            embed,
            cookies,
        })
    }

    /// The cookie for the `i`th socket, so no account holds more than the server allows.
    fn cookie(&self, i: usize) -> &str {
        &self.cookies[(i / SOCKETS_PER_ACCOUNT) % self.cookies.len()]
    }
}

async fn open_state(database: &str) -> anyhow::Result<AppState> {
    let config = Config {
        no_seed: true,
        ops_per_second: u32::MAX / 64,
        ..Config::for_database(database)
    };
    AppState::open(&config).await
}

/// A new board with five stages and `n` cards spread over them.
async fn big_board(
    state: &AppState,
    name: &str,
    n: usize,
) -> anyhow::Result<(Board, Vec<CardId>, Vec<ColumnId>)> {
    let author = qadam_shared::authority::Author::system("bench");
    let board = Board::new(BoardId::random(), name, "Benchmark team");
    state.store.create_board(&board, 100).await?;
    let handle = state.hub.board(board.id).await?;
    let columns: Vec<ColumnId> = (0..5).map(|_| ColumnId::random()).collect();
    for (i, (column, position)) in columns.iter().zip(OrderKey::sequence(None, 5)).enumerate() {
        let op = Op::AddColumn {
            column: *column,
            name: format!("Stage {i}"),
            position,
        };
        handle
            .submit(ClientOpId::random(), op, author.clone())
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
        let (h, author) = (handle.clone(), author.clone());
        pending.push(tokio::spawn(async move {
            h.submit(ClientOpId::random(), op, author).await
        }));
        cards.push(card);
        if pending.len() == 500 {
            for p in pending.drain(..) {
                p.await??;
            }
        }
    }
    for p in pending {
        p.await??;
    }
    let sub = handle.subscribe().await?;
    Ok((Board::clone(&sub.board), cards, columns))
}

/// A session of a new administrator (who sees every board), as a `Cookie` header value.
async fn session(state: &AppState) -> anyhow::Result<String> {
    let id = qadam_shared::UserId::random();
    let login = format!("bench-{id}");
    let new = qadam_server::storage::accounts::NewUser::new(id, &login, "Bench", "-", true);
    state.store.create_user(&new, 0).await?;
    let token = qadam_server::auth::start_session(state, id, "bench").await?;
    Ok(qadam_server::auth::cookie_header(&token))
}

/// The `i`th move of a run: every card in turn, each time to another stage than its last
/// (a drag between stages, as people make them; a reorder within a stage tells no webhook), at
/// one of a thousand places spread down the stage. (Three places, as before, piled the cards on
/// each other: each drop on a taken key takes one a little after it, and runs of them grew the
/// keys until the rules refused them as too long.)
fn random_move(cards: &[CardId], columns: &[ColumnId], i: usize) -> Op {
    static PLACES: std::sync::LazyLock<Vec<OrderKey>> =
        std::sync::LazyLock::new(|| OrderKey::sequence(None, 1_000));
    let card = cards[(i * 7919) % cards.len()];
    let column = columns[(i / cards.len() + i * 31) % columns.len()];
    Op::MoveCard {
        card,
        column,
        position: PLACES[(i * 389) % PLACES.len()].clone(),
    }
}

// ---- Clients ----

/// A GET as a browser sends it on a connection of its own: status and body bytes.
async fn get(
    addr: SocketAddr,
    path: &str,
    cookie: &str,
    gzip: bool,
) -> anyhow::Result<(u16, Bytes)> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    let mut request = hyper::Request::get(path)
        .header("host", addr.to_string())
        .header("cookie", cookie);
    if gzip {
        request = request.header("accept-encoding", "gzip");
    }
    let response = sender
        .send_request(request.body(Empty::<Bytes>::new())?)
        .await?;
    let status = response.status().as_u16();
    Ok((status, response.into_body().collect().await?.to_bytes()))
}

/// The board's sequence number now, as a browser reads it.
async fn seq_of(addr: SocketAddr, board: BoardId, cookie: &str) -> anyhow::Result<u64> {
    let (status, body) = get(addr, &format!("/api/boards/{board}"), cookie, false).await?;
    anyhow::ensure!(status == 200, "the board answered {status}");
    let snapshot: qadam_shared::api::BoardSnapshot = serde_json::from_slice(&body)?;
    Ok(snapshot.seq)
}

/// A board socket following from `since`, read up to `Live`.
async fn follow(
    addr: SocketAddr,
    board: BoardId,
    cookie: &str,
    since: u64,
) -> anyhow::Result<Socket> {
    let path = format!("/api/boards/{board}/ws?since={since}");
    let (mut reader, writer) = client::open(addr, &path, cookie).await?;
    loop {
        match reader.text().await? {
            Some(text) if text.starts_with(r#"{"type":"live""#) => return Ok((reader, writer)),
            Some(text) if text.starts_with(r#"{"type":"error""#) => {
                anyhow::bail!("refused: {text}")
            }
            Some(_) => {}
            None => anyhow::bail!("the socket ended before live"),
        }
    }
}

/// The submission a committed frame answers, found without parsing the frame.
fn client_op(frame: &str) -> Option<&str> {
    let at = frame.find(r#""client_op":""#)? + r#""client_op":""#.len();
    frame.get(at..at + 36)
}

fn submit(id: ClientOpId, op: Op) -> String {
    serde_json::to_string(&ClientMsg::Submit { id, op }).expect("serialisable")
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

// ---- The figures ----

/// Rounds of each measurement: the median is printed (this machine's figures vary by a third
/// from one run to the next).
const ROUNDS: usize = 3;

/// Slices of each round, taking turns between the limit and Qadam's moves.
const SLICES: usize = 8;

/// Closed-loop movers on one board: each sends a move and waits for its commit before the next.
/// With `limit`, each round takes turns with the limit in slices, and the round whose ratio to
/// it is the median is printed.
async fn moves(servers: &[&Server], setup: &Setup, limit: Option<&Limit>) -> anyhow::Result<()> {
    let round_trip = ping_round_trip(servers[0], setup, Duration::ZERO).await?;
    for (clients, total, per_txn) in [
        (1usize, 2_000usize, 1usize),
        (8, 8_000, 8),
        (64, 16_000, 64),
    ] {
        let mut rounds = Vec::new();
        for _ in 0..ROUNDS {
            let limit = limit.map(|limit| (limit, per_txn));
            rounds
                .push(moves_round(servers, setup, &setup.throughput, clients, total, limit).await?);
        }
        let ratio = |round: &Round| round.rate / round.limit;
        let in_order = rounds
            .iter()
            .map(|round| format!("{:.0}%", ratio(round) * 100.0))
            .collect::<Vec<_>>()
            .join(", ");
        let key = |round: &Round| {
            if limit.is_some() {
                ratio(round)
            } else {
                round.rate
            }
        };
        rounds.sort_by(|a, b| key(a).total_cmp(&key(b)));
        let Round {
            rate,
            limit: limit_now,
            cpu_per_move,
            commits,
            ref acks,
        } = rounds[ROUNDS / 2];
        let beside = if limit.is_some() {
            format!(
                "  = {:>3.0}% of the {per_txn}-per-transaction limit, measured in turns with it ({limit_now:.0}/s; the rounds in turn: {in_order})",
                rate / limit_now * 100.0,
            )
        } else {
            String::new()
        };
        println!(
            "moves acknowledged: {rate:>7.0}/s from {clients:>2} client(s) on {} instance(s), server CPU {cpu_per_move:.0} µs per move{beside}",
            servers.len()
        );
        println!(
            "  send → ack: p50 {:.0} µs, p99 {:.0} µs, max {:.1} ms",
            percentile(acks, 0.5) * 1e6,
            percentile(acks, 0.99) * 1e6,
            percentile(acks, 1.0) * 1e3
        );
        // Where the time goes: the server's commit against the limit's transaction of as many
        // moves.
        let per_commit = commits.moves / commits.count;
        let limit_txn = if limit.is_some() {
            format!(
                " (the limit's transaction of {per_txn}: {:.0} µs)",
                per_txn as f64 / limit_now * 1e6
            )
        } else {
            String::new()
        };
        println!(
            "  the server's commits (deciding, writing, flushing): {:.0} µs on average, {per_commit:.1} moves each{limit_txn}",
            commits.seconds / commits.count * 1e6
        );
        if clients == 1 && limit.is_some() {
            // One client waits for each ack: a move takes at least a transaction of the limit
            // and a round trip over the socket. During the transaction's flush both sides'
            // threads sleep, and waking one costs what a ping sent back to back never pays.
            let txn = Duration::from_secs_f64(1.0 / limit_now);
            let asleep = ping_round_trip(servers[0], setup, txn).await?;
            let ceiling = |trip: f64| {
                let rate = 1.0 / (1.0 / limit_now + trip);
                format!("{rate:.0}/s = {:.0}%", rate / limit_now * 100.0)
            };
            println!(
                "  a ping's round trip over the socket (no commit): median {:.0} µs back to back, {:.0} µs after a pause as long as the limit's transaction (both sides asleep, as during a commit); with the limit's transaction, one client's ceiling is {} of the limit, or {} with threads asleep",
                round_trip * 1e6,
                asleep * 1e6,
                ceiling(round_trip),
                ceiling(asleep)
            );
        }
    }
    Ok(())
}

/// The median round trip, in seconds, of a ping over a board socket: the server reads the frame
/// and answers it, with no commit. Each ping but the first follows a `pause` in which this
/// thread sleeps (and the server's, with nothing to do).
async fn ping_round_trip(server: &Server, setup: &Setup, pause: Duration) -> anyhow::Result<f64> {
    let board = &setup.throughput;
    let since = seq_of(server.addr, board.id, setup.cookie(0)).await?;
    let (mut reader, mut writer) = follow(server.addr, board.id, setup.cookie(0), since).await?;
    let ping = serde_json::to_string(&ClientMsg::Ping)?;
    let mut times = Vec::with_capacity(2_000);
    for _ in 0..2_000 {
        if !pause.is_zero() {
            // The thread itself sleeps, as a mover's does while its move is flushed.
            std::thread::sleep(pause);
        }
        let start = Instant::now();
        writer.text(&ping).await?;
        loop {
            match reader.text().await? {
                Some(text) if text.starts_with(r#"{"type":"pong""#) => break,
                Some(_) => {}
                None => anyhow::bail!("the socket ended"),
            }
        }
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    Ok(percentile(&times, 0.5))
}

/// A server's commits, counted from its start.
#[derive(Clone, Copy, Default)]
struct Commits {
    count: f64,
    moves: f64,
    seconds: f64,
}

impl std::ops::Sub for Commits {
    type Output = Commits;
    fn sub(self, before: Commits) -> Commits {
        Commits {
            count: self.count - before.count,
            moves: self.moves - before.moves,
            seconds: self.seconds - before.seconds,
        }
    }
}

impl std::ops::AddAssign for Commits {
    fn add_assign(&mut self, more: Commits) {
        self.count += more.count;
        self.moves += more.moves;
        self.seconds += more.seconds;
    }
}

/// What a round of moves measured.
struct Round {
    /// Moves acknowledged per second.
    rate: f64,
    /// The limit's moves per second in the same round's turns (NaN without one).
    limit: f64,
    /// The servers' CPU time per move, in microseconds.
    cpu_per_move: f64,
    /// The servers' commits in the round.
    commits: Commits,
    /// Each move's time from its send to its ack, in seconds, sorted.
    acks: Vec<f64>,
}

/// One round of about `total` moves from `clients` movers, in `SLICES` slices; with `limit`
/// (and its moves per transaction), each slice follows as many moves of the limit.
async fn moves_round(
    servers: &[&Server],
    setup: &Setup,
    board: &BenchBoard,
    clients: usize,
    total: usize,
    limit: Option<(&Limit, usize)>,
) -> anyhow::Result<Round> {
    let since = seq_of(servers[0].addr, board.id, setup.cookie(0)).await?;
    let mut sockets = Vec::new();
    for c in 0..clients {
        let server = servers[c % servers.len()];
        sockets.push(follow(server.addr, board.id, setup.cookie(c), since).await?);
    }
    let per_slice = total / clients / SLICES;
    let refused = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let (mut limit_time, mut time, mut cpu) = (Duration::ZERO, Duration::ZERO, 0.0);
    // The limit's turns commit nothing on the servers.
    let commits_before = sum_commits(servers).await?;
    let mut acks = Vec::with_capacity(total);
    for slice in 0..SLICES {
        if let Some((limit, per_txn)) = limit {
            limit_time += limit.time(per_txn, per_slice * clients).await?;
        }
        let cpu_before: f64 = servers.iter().map(|s| s.cpu_ms()).sum();
        let start = Instant::now();
        let tasks: Vec<_> = sockets
            .drain(..)
            .enumerate()
            .map(|(c, socket)| {
                let first = (slice * clients + c) * per_slice;
                tokio::spawn(mover(
                    socket,
                    board.clone(),
                    first,
                    per_slice,
                    refused.clone(),
                ))
            })
            .collect();
        for task in tasks {
            let (socket, times) = task.await??;
            sockets.push(socket);
            acks.extend(times);
        }
        time += start.elapsed();
        cpu += servers.iter().map(|s| s.cpu_ms()).sum::<f64>() - cpu_before;
    }
    let commits = sum_commits(servers).await? - commits_before;
    acks.sort_by(f64::total_cmp);
    let moves = (per_slice * clients * SLICES) as f64;
    let refused = refused.load(std::sync::atomic::Ordering::Relaxed);
    if refused > 0 {
        println!("  ({refused} of {moves} moves refused: their generated place was taken)");
    }
    Ok(Round {
        rate: moves / time.as_secs_f64(),
        limit: moves / limit_time.as_secs_f64(),
        cpu_per_move: cpu * 1000.0 / moves,
        commits,
        acks,
    })
}

/// The commits of all `servers` so far.
async fn sum_commits(servers: &[&Server]) -> anyhow::Result<Commits> {
    let mut all = Commits::default();
    for server in servers {
        all += server.commits().await?;
    }
    Ok(all)
}

/// One mover: `count` moves, from the `first` of the bench's sequence, each waiting for its
/// answer; gives back its socket and each move's time from its send to its ack, in seconds.
async fn mover(
    (mut reader, mut writer): Socket,
    board: BenchBoard,
    first: usize,
    count: usize,
    refused: Arc<std::sync::atomic::AtomicUsize>,
) -> anyhow::Result<(Socket, Vec<f64>)> {
    let mut acks = Vec::with_capacity(count);
    for i in first..first + count {
        let id = ClientOpId::random();
        let op = random_move(&board.cards, &board.columns, i);
        let sent = Instant::now();
        writer.text(&submit(id, op)).await?;
        let id = id.to_string();
        loop {
            let Some(text) = reader.text().await? else {
                anyhow::bail!("the socket ended");
            };
            if client_op(text) == Some(id.as_str()) {
                break;
            }
            if text.starts_with(r#"{"type":"rejected""#) && text.contains(&id) {
                // Answered all the same: the generated place was taken.
                refused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                break;
            }
            if text.starts_with(r#"{"type":"error""#) {
                anyhow::bail!("refused: {text}");
            }
        }
        acks.push(sent.elapsed().as_secs_f64());
    }
    Ok(((reader, writer), acks))
}

/// A webhook receiver in this process: it counts what it is posted and answers 200.
struct Receiver {
    url: String,
    got: Arc<std::sync::atomic::AtomicUsize>,
}

impl Receiver {
    async fn start() -> anyhow::Result<Self> {
        let got = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = got.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move || {
                counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                async { axum::http::StatusCode::OK }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}/hook", listener.local_addr()?);
        tokio::spawn(async move { axum::serve(listener, app).await });
        Ok(Self { url, got })
    }

    fn got(&self) -> usize {
        self.got.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// Deliveries the server's outbox holds, read from its SQLite file beside it.
fn owed(database: &str) -> anyhow::Result<usize> {
    let db = rusqlite::Connection::open_with_flags(
        database,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )?;
    let n: i64 = db.query_row("SELECT COUNT(*) FROM webhook_deliveries", [], |r| r.get(0))?;
    Ok(n as usize)
}

/// Moves on a board whose webhook is told of each move to another stage, beside the same board
/// without, and how long after the last acknowledgement the receiver has every delivery owed.
async fn webhooks(
    server: &Server,
    setup: &Setup,
    receiver: &Receiver,
    database: &str,
) -> anyhow::Result<()> {
    for (clients, total) in [(1usize, 2_000usize), (8, 8_000)] {
        let (mut plain, mut told) = (Vec::new(), Vec::new());
        let (got_before, owed_before) = (receiver.got(), owed(database)?);
        for _ in 0..ROUNDS {
            plain.push(
                moves_round(&[server], setup, &setup.throughput, clients, total, None).await?,
            );
            told.push(moves_round(&[server], setup, &setup.webhooked, clients, total, None).await?);
        }
        let acked = Instant::now();
        let owed = owed(database)? - owed_before;
        while receiver.got() - got_before < owed && acked.elapsed() < Duration::from_secs(60) {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let (got, waited) = (receiver.got() - got_before, acked.elapsed());
        let median = |mut rounds: Vec<Round>| {
            rounds.sort_by(|a, b| a.rate.total_cmp(&b.rate));
            let round = &rounds[ROUNDS / 2];
            (round.rate, round.cpu_per_move)
        };
        let ((plain, plain_cpu), (told, cpu)) = (median(plain), median(told));
        println!(
            "moves with a webhook told of each: {told:>7.0}/s from {clients:>2} client(s) = {:>3.0}% of the same board without ({plain:.0}/s); server CPU {cpu:.0} µs per move against {plain_cpu:.0}; {got} of {owed} deliveries owed received, the last {:.0} ms after the last ack",
            told / plain * 100.0,
            waited.as_secs_f64() * 1000.0
        );
    }
    Ok(())
}

/// A move's submission id, as its frames carry it.
type OpText = [u8; 36];

/// What a viewer received: each move's id, when the kernel stamped its arrival (if it did), and
/// when the viewer read it.
type Receipts = Arc<Mutex<Vec<(OpText, Option<SystemTime>, Instant)>>>;

/// Where viewers run: a runtime of their own, on threads of the lowest priority (nice 19).
/// Browsers watching a board run on their own machines; here they share the server's two cores,
/// and take only what the server leaves of them. The kernel stamps when each frame reaches a
/// viewer's socket, so a viewer waiting for a core does not count against the server (while its
/// receive buffer has room: a few hundred bytes a move, far from full at these rates).
struct Viewing(Option<tokio::runtime::Runtime>);

impl Viewing {
    fn start() -> anyhow::Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("viewers")
            .on_thread_start(|| {
                // Linux keeps a nice value per thread: this lowers only the viewers'.
                if let Err(e) = rustix::process::setpriority_process(None, 19) {
                    eprintln!("viewers keep their priority: {e}");
                }
            })
            .build()?;
        Ok(Self(Some(runtime)))
    }

    fn spawn<F>(&self, work: F) -> tokio::task::JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.0.as_ref().expect("running").spawn(work)
    }

    /// Opens `n` viewers (per board in `boards`, round robin) on `server`, at most 200 at a
    /// time, each reading until it is stopped.
    async fn open(
        &self,
        server: &Server,
        setup: &Setup,
        boards: &[&BenchBoard],
        n: usize,
    ) -> anyhow::Result<Vec<Viewer>> {
        let mut sinces = Vec::new();
        for board in boards {
            sinces.push(seq_of(server.addr, board.id, setup.cookie(0)).await?);
        }
        let mut viewers = Vec::with_capacity(n);
        let indices: Vec<usize> = (0..n).collect();
        for chunk in indices.chunks(200) {
            let opened = futures_util::future::join_all(chunk.iter().map(|&i| {
                let b = i % boards.len();
                let (addr, board, since) = (server.addr, boards[b].id, sinces[b]);
                let cookie = setup.cookie(i).to_owned();
                // Opened on the viewers' runtime: their sockets are its to poll.
                self.spawn(async move {
                    let (mut reader, writer) = follow(addr, board, &cookie, since).await?;
                    reader.stamp_arrivals()?;
                    anyhow::Ok(((reader, writer), board))
                })
            }))
            .await;
            for socket in opened {
                let (socket, board) = socket??;
                viewers.push(self.view(socket, board));
            }
        }
        Ok(viewers)
    }

    /// A viewer of `board` reading until it is stopped, noting when each move reached it. Each
    /// keeps its own list (nothing shared is locked per frame), and latencies are worked out
    /// after the run: what is timed is the server, not the bench's bookkeeping.
    fn view(&self, (mut reader, writer): Socket, board: BoardId) -> Viewer {
        let receipts = Receipts::default();
        let kept = receipts.clone();
        let task = self.spawn(async move {
            // Held, not dropped: dropping the sending half would end the socket.
            let _writer = writer;
            while let Ok(Some(text)) = reader.text().await {
                let read = Instant::now();
                let id = client_op(text).and_then(|id| OpText::try_from(id.as_bytes()).ok());
                if let Some(id) = id {
                    let arrived = reader.arrived();
                    kept.lock().expect("not poisoned").push((id, arrived, read));
                }
            }
        });
        Viewer {
            board,
            task,
            receipts,
        }
    }
}

impl Drop for Viewing {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

/// A viewer at work, and what it received.
struct Viewer {
    board: BoardId,
    task: tokio::task::JoinHandle<()>,
    receipts: Receipts,
}

/// Each delivery's time from the mover's send, in milliseconds, sorted: to its arrival at the
/// viewer's socket, and to the viewer's reading it.
struct Deliveries {
    arrived: Vec<f64>,
    read: Vec<f64>,
    /// Per move, the first arrival (its commit, and one send) and how long after it the last.
    first: Vec<f64>,
    spread: Vec<f64>,
    /// Moves sent, and deliveries owed for them.
    sent: usize,
    owed: usize,
    /// Frames naming a move this run did not send.
    unknown: usize,
    /// Deliveries without the kernel's stamp, or stamped before their send: left out of the
    /// arrival figures.
    unstamped: usize,
}

impl Deliveries {
    fn summary(&self) -> String {
        format!(
            "send → arrival at the viewer p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; send → read by the viewer p50 {:.1} ms, p99 {:.1} ms; per move, send → first arrival p50 {:.1} ms, p99 {:.1} ms, then the last after p50 {:.1} ms, p99 {:.1} ms ({} of {} deliveries{})",
            percentile(&self.arrived, 0.5),
            percentile(&self.arrived, 0.99),
            percentile(&self.arrived, 1.0),
            percentile(&self.read, 0.5),
            percentile(&self.read, 0.99),
            percentile(&self.first, 0.5),
            percentile(&self.first, 0.99),
            percentile(&self.spread, 0.5),
            percentile(&self.spread, 0.99),
            self.read.len(),
            self.owed,
            [
                (self.unknown, "unknown"),
                (self.unstamped, "without an arrival stamp")
            ]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!(", {n} {what}"))
            .collect::<String>()
        )
    }
}

/// How long viewers may take to read what they are owed after the last move.
const DRAIN_MAX: Duration = Duration::from_secs(10);

/// Moves sent at `rate` per second to `boards` in turn from one mover socket per board (on this
/// process's own runtime, at normal priority), each viewer's receipt timed from the send.
async fn timed_moves(
    mover_at: &Server,
    setup: &Setup,
    boards: &[&BenchBoard],
    viewers: Vec<Viewer>,
    rate: f64,
    duration: Duration,
) -> anyhow::Result<Deliveries> {
    let mut movers = Vec::new();
    for (b, board) in boards.iter().enumerate() {
        let since = seq_of(mover_at.addr, board.id, setup.cookie(0)).await?;
        let cookie = setup.cookie(setup.cookies.len() * SOCKETS_PER_ACCOUNT - 1 - b);
        let (mut reader, writer) = follow(mover_at.addr, board.id, cookie, since).await?;
        // The mover's own socket is read, so the server never waits on it.
        tokio::spawn(async move { while let Ok(Some(_)) = reader.text().await {} });
        movers.push(writer);
    }
    let total = (rate * duration.as_secs_f64()) as usize;
    let mut sent = HashMap::with_capacity(total);
    let mut moved = HashMap::<BoardId, usize>::new();
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
    for i in 0..total {
        ticker.tick().await;
        let b = i % boards.len();
        let id = ClientOpId::random();
        let op = random_move(&boards[b].cards, &boards[b].columns, i);
        let text = OpText::try_from(id.to_string().as_bytes()).expect("36 characters");
        sent.insert(text, (SystemTime::now(), Instant::now()));
        *moved.entry(boards[b].id).or_default() += 1;
        movers[b].text(&submit(id, op)).await?;
    }
    let owed: usize = viewers
        .iter()
        .map(|v| moved.get(&v.board).copied().unwrap_or(0))
        .sum();
    let last = Instant::now();
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let received: usize = viewers
            .iter()
            .map(|v| v.receipts.lock().expect("not poisoned").len())
            .sum();
        if received >= owed || last.elapsed() > DRAIN_MAX {
            break;
        }
    }
    let (mut arrived, mut read) = (Vec::new(), Vec::new());
    let mut per_move = HashMap::<OpText, (f64, f64)>::new();
    let (mut unknown, mut unstamped) = (0, 0);
    for viewer in viewers {
        viewer.task.abort();
        for (id, at, read_at) in viewer.receipts.lock().expect("not poisoned").iter() {
            match sent.get(id) {
                Some((sent_at, sent_instant)) => {
                    read.push(read_at.duration_since(*sent_instant).as_secs_f64() * 1e3);
                    let Some(since) = at.and_then(|at| at.duration_since(*sent_at).ok()) else {
                        unstamped += 1;
                        continue;
                    };
                    let ms = since.as_secs_f64() * 1e3;
                    let (first, last) = per_move.entry(*id).or_insert((ms, ms));
                    (*first, *last) = (first.min(ms), last.max(ms));
                    arrived.push(ms);
                }
                None => unknown += 1,
            }
        }
    }
    let mut first: Vec<f64> = per_move.values().map(|(first, _)| *first).collect();
    let mut spread: Vec<f64> = per_move
        .values()
        .map(|(first, last)| last - first)
        .collect();
    for times in [&mut arrived, &mut read, &mut first, &mut spread] {
        times.sort_by(f64::total_cmp);
    }
    Ok(Deliveries {
        arrived,
        read,
        first,
        spread,
        sent: total,
        owed,
        unknown,
        unstamped,
    })
}

/// `n` viewers of one board, on `viewers_at`, while one mover on `mover_at` sends `rate` moves/s.
async fn fan_out(
    viewing: &Viewing,
    viewers_at: &Server,
    mover_at: &Server,
    setup: &Setup,
    n: usize,
    rate: f64,
) -> anyhow::Result<()> {
    let what = format!("fan-out to {n} viewers of one board");
    let boards = [&setup.fan_out];
    watch(
        viewing,
        [viewers_at, mover_at],
        setup,
        &boards,
        n,
        rate,
        &what,
    )
    .await
}

/// `n` viewers spread over the ten team boards while `rate` moves/s go to them in turn.
async fn spread(
    viewing: &Viewing,
    server: &Server,
    setup: &Setup,
    n: usize,
    rate: f64,
) -> anyhow::Result<()> {
    let what = format!("{n} viewers over ten boards");
    let boards: Vec<&BenchBoard> = setup.teams.iter().collect();
    watch(viewing, [server, server], setup, &boards, n, rate, &what).await
}

/// `n` viewers of `boards` on the first server, while movers on the second send `rate` moves/s
/// for five seconds; prints, after `what`, when the moves reached the viewers.
async fn watch(
    viewing: &Viewing,
    [viewers_at, mover_at]: [&Server; 2],
    setup: &Setup,
    boards: &[&BenchBoard],
    n: usize,
    rate: f64,
    what: &str,
) -> anyhow::Result<()> {
    let viewers = viewing.open(viewers_at, setup, boards, n).await?;
    let deliveries = timed_moves(
        mover_at,
        setup,
        boards,
        viewers,
        rate,
        Duration::from_secs(5),
    )
    .await?;
    println!(
        "{what}, {} moves at {rate:.0}/s: {}",
        deliveries.sent,
        deliveries.summary()
    );
    Ok(())
}

/// The server's memory with `n` idle viewers on the 5,000-card board, and after they leave.
async fn idle_memory(server: &Server, setup: &Setup, n: usize) -> anyhow::Result<()> {
    // The board is in memory before counting: what is measured is the viewers.
    let seq = seq_of(server.addr, setup.large.id, setup.cookie(0)).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = server.rss_kb();
    let mut sockets = Vec::with_capacity(n);
    for i in 0..n {
        sockets.push(follow(server.addr, setup.large.id, setup.cookie(i), seq).await?);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let with = server.rss_kb();
    drop(sockets);
    // The allocator gives freed memory back over about ten seconds.
    tokio::time::sleep(Duration::from_secs(15)).await;
    let after = server.rss_kb();
    println!(
        "server memory: {before} KB, with {n} idle viewers of the 5,000-card board {with} KB = {:.1} KB per viewer; {after} KB 15 s after they left ({:.0}% of their memory returned)",
        with.saturating_sub(before) as f64 / n as f64,
        with.saturating_sub(after) as f64 / with.saturating_sub(before).max(1) as f64 * 100.0
    );
    embed_memory(server, setup, n / 2).await
}

/// `n` intranet pages showing the 5,000-card board through one embed link (each opens the
/// embed's socket and reads the embed over HTTP when it says to), and one change each of them
/// is told of.
async fn embed_memory(server: &Server, setup: &Setup, n: usize) -> anyhow::Result<()> {
    // A first change, before counting: the board's task then holds its second copy of the board
    // (which it keeps for the next change), and that is not the pages'.
    let board = &setup.large;
    let since = seq_of(server.addr, board.id, setup.cookie(0)).await?;
    let mut mover = follow(server.addr, board.id, setup.cookie(0), since).await?;
    committed_move(&mut mover, board, 1).await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = server.rss_kb();
    let shown = format!("/api/embed/{}", setup.embed);
    let path = format!("{shown}/ws");
    let mut pages = Vec::with_capacity(n);
    let (mut read, mut reads) = (0, Vec::with_capacity(n));
    for _ in 0..n {
        let mut page = client::open(server.addr, &path, "").await?;
        anyhow::ensure!(
            page.0.text().await?.is_some(),
            "the embed's socket said nothing"
        );
        let start = Instant::now();
        let (status, body) = get(server.addr, &shown, "", true).await?;
        anyhow::ensure!(status == 200, "the embed answered {status}");
        reads.push(start.elapsed().as_secs_f64() * 1e3);
        read = body.len();
        pages.push(page);
    }
    reads.sort_by(f64::total_cmp);
    // What the reads allocated for their answers the allocator gives back over about ten
    // seconds; what stays is what the pages hold.
    tokio::time::sleep(Duration::from_secs(15)).await;
    let opened = server.rss_kb();
    let op = random_move(&board.cards, &board.columns, 2);
    mover.1.text(&submit(ClientOpId::random(), op)).await?;
    for page in &mut pages {
        anyhow::ensure!(page.0.text().await?.is_some(), "the embed sent no change");
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let changed = server.rss_kb();
    println!(
        "  {n} pages showing it through one embed link (each read {} KB of it gzipped, median {:.2} ms, max {:.1} ms): {:.0} KB per page opened, {:.0} KB per page after a change",
        read / 1024,
        percentile(&reads, 0.5),
        percentile(&reads, 1.0),
        opened.saturating_sub(before) as f64 / n as f64,
        changed.saturating_sub(before) as f64 / n as f64
    );
    Ok(())
}

/// The `i`th random move of `board`, sent by `mover`; returns once it is committed.
async fn committed_move(mover: &mut Socket, board: &BenchBoard, i: usize) -> anyhow::Result<()> {
    let id = ClientOpId::random();
    mover
        .1
        .text(&submit(id, random_move(&board.cards, &board.columns, i)))
        .await?;
    let id = id.to_string();
    while let Some(text) = mover.0.text().await? {
        if client_op(text) == Some(id.as_str()) {
            break;
        }
    }
    Ok(())
}

/// The 5,000-card board over HTTP, compressed: just after a change (built and compressed) and
/// again (the kept copy).
async fn snapshot(server: &Server, setup: &Setup) -> anyhow::Result<()> {
    let board = &setup.large;
    let path = format!("/api/boards/{}", board.id);
    let since = seq_of(server.addr, board.id, setup.cookie(0)).await?;
    let mut mover = follow(server.addr, board.id, setup.cookie(1), since).await?;
    let (mut fresh, mut kept) = (Vec::new(), Vec::new());
    let mut gzipped = 0;
    for i in 0..30 {
        // A move, committed before the snapshot is asked for: the server builds it anew.
        committed_move(&mut mover, board, i).await?;
        let start = Instant::now();
        let (status, body) = get(server.addr, &path, setup.cookie(0), true).await?;
        anyhow::ensure!(status == 200, "the snapshot answered {status}");
        fresh.push(start.elapsed().as_secs_f64() * 1e3);
        let start = Instant::now();
        get(server.addr, &path, setup.cookie(0), true).await?;
        kept.push(start.elapsed().as_secs_f64() * 1e3);
        gzipped = body.len();
    }
    let plain = get(server.addr, &path, setup.cookie(0), false)
        .await?
        .1
        .len();
    fresh.sort_by(f64::total_cmp);
    kept.sort_by(f64::total_cmp);
    println!(
        "snapshot of the 5,000-card board over HTTP, gzipped ({} KB of {} KB): after a change median {:.1} ms, max {:.1} ms; kept copy median {:.1} ms, max {:.1} ms",
        gzipped / 1024,
        plain / 1024,
        percentile(&fresh, 0.5),
        percentile(&fresh, 1.0),
        percentile(&kept, 0.5),
        percentile(&kept, 1.0),
    );
    Ok(())
}

/// `n` browsers at once, over the ten team boards: each reads its board over HTTP (compressed)
/// and opens its socket from there, as after a server restart.
async fn reconnect(server: &Server, setup: &Setup, n: usize) -> anyhow::Result<()> {
    let start = Instant::now();
    let browsers = (0..n).map(|i| {
        let board = setup.teams[i % setup.teams.len()].id;
        let cookie = setup.cookie(i).to_owned();
        let addr = server.addr;
        tokio::spawn(async move {
            let (status, body) = get(addr, &format!("/api/boards/{board}"), &cookie, true).await?;
            anyhow::ensure!(status == 200, "the board answered {status}");
            let mut json = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&body[..]), &mut json)?;
            let snapshot: qadam_shared::api::BoardSnapshot = serde_json::from_slice(&json)?;
            let socket = follow(addr, board, &cookie, snapshot.seq).await?;
            anyhow::Ok((start.elapsed().as_secs_f64() * 1e3, socket))
        })
    });
    let mut times = Vec::new();
    let mut sockets = Vec::new();
    for browser in futures_util::future::join_all(browsers).await {
        let (at, socket) = browser??;
        times.push(at);
        sockets.push(socket);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{n} browsers reconnecting at once (board over HTTP, then the socket): all live within {:.0} ms (p50 {:.0} ms, p99 {:.0} ms)",
        percentile(&times, 1.0),
        percentile(&times, 0.5),
        percentile(&times, 0.99)
    );
    Ok(())
}
