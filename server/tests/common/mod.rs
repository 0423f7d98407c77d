//! Helpers shared by the server's test suites: a seeded database on either backend, the server on
//! a free loopback port, and a WebSocket client.

#![allow(dead_code)]

use futures_util::{SinkExt, StreamExt};
use qadam_server::AppState;
use qadam_server::config::Config;
use qadam_shared::{Board, BoardSummary, ClientMsg, ClientOpId, Op, Role, ServerMsg};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

/// Runs each named test (an `async fn(Backend)`) once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $name() { super::$name($crate::common::Backend::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test] async fn $name() {
                if $crate::common::postgres_available() {
                    super::$name($crate::common::Backend::Postgres).await
                }
            })*
        }
    };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The server administrator's connection for creating test databases.
fn admin_url() -> String {
    std::env::var("QADAM_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://root@127.0.0.1:5432/postgres".into())
}

/// Whether PostgreSQL tests can run. When `QADAM_REQUIRE_POSTGRES` is set (CI), a missing server
/// fails the test instead of skipping it.
pub fn postgres_available() -> bool {
    let url = admin_url();
    let host_port = url
        .split('@')
        .next_back()
        .and_then(|rest| rest.split('/').next())
        .unwrap_or("127.0.0.1:5432")
        .to_owned();
    let reachable = host_port
        .parse::<SocketAddr>()
        .ok()
        .is_some_and(|addr| TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_ok());
    if !reachable {
        if std::env::var_os("QADAM_REQUIRE_POSTGRES").is_some() {
            panic!(
                "PostgreSQL is required (QADAM_REQUIRE_POSTGRES) but {host_port} does not answer"
            );
        }
        eprintln!(
            "SKIPPED: PostgreSQL does not answer at {host_port}; set QADAM_TEST_POSTGRES to run these tests"
        );
    }
    reachable
}

/// A database of its own for one test, removed when dropped.
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg_name: Option<String>,
}

impl TestDb {
    pub async fn new(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = dir.path().join("qadam.db").display().to_string();
                Self {
                    url,
                    _dir: Some(dir),
                    pg_name: None,
                }
            }
            Backend::Postgres => {
                let name = format!("qadam_test_{}", uuid::Uuid::new_v4().simple());
                admin_sql(&format!("CREATE DATABASE {name}")).await;
                let admin = admin_url();
                let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
                Self {
                    url: format!("{base}/{name}"),
                    _dir: None,
                    pg_name: Some(name),
                }
            }
        }
    }

    pub fn config(&self) -> Config {
        Config::for_database(&self.url)
    }

    /// Opens the server state on this database (a new instance each call).
    pub async fn open(&self) -> AppState {
        AppState::open(&self.config()).await.unwrap()
    }
}

async fn admin_sql(sql: &str) {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(&admin_url()).await.unwrap();
    sqlx::Executor::execute(&mut conn, sql).await.unwrap();
}

/// Drops every connection to the test database, as a database restart would.
pub async fn kill_connections(db: &TestDb) {
    let name = db.pg_name.as_ref().expect("a PostgreSQL test database");
    admin_sql(&format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    ))
    .await;
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(name) = self.pg_name.take() {
            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            let _ = std::thread::spawn(move || {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap()
                    .block_on(admin_sql(&sql))
            })
            .join();
        }
    }
}

/// A fresh seeded database on `backend`, and the state of one instance on it.
pub async fn seeded_state(backend: Backend) -> (AppState, TestDb) {
    let db = TestDb::new(backend).await;
    let state = db.open().await;
    (state, db)
}

/// The server running on a free port.
pub struct Running {
    pub addr: SocketAddr,
    pub task: JoinHandle<()>,
}

impl Running {
    pub async fn start(state: AppState) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = qadam_server::listener::spawn(listener, state, Default::default());
        Self { addr, task }
    }

    pub fn stop(self) {
        self.task.abort();
    }
}

/// The first seeded board, with its sequence number.
pub async fn first_board(state: &AppState) -> (Board, u64) {
    let id = state.store.board_ids().await.unwrap()[0];
    board_now(state, id).await
}

/// A board as it is now, with its sequence number.
pub async fn board_now(state: &AppState, id: qadam_shared::BoardId) -> (Board, u64) {
    let sub = state
        .hub
        .board(id)
        .await
        .unwrap()
        .subscribe()
        .await
        .unwrap();
    (Board::clone(&sub.board), sub.seq)
}

pub fn summary_names(summaries: &[BoardSummary]) -> Vec<&str> {
    summaries.iter().map(|s| s.name.as_str()).collect()
}

pub type Socket = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

/// A person with an account and a live session: the `Cookie` header value to send.
pub async fn person(
    state: &AppState,
    display_name: &str,
    is_admin: bool,
    roles: &[(qadam_shared::BoardId, Role)],
) -> String {
    let store = &state.store;
    let id = qadam_shared::UserId::random();
    let login = format!(
        "{}-{}",
        display_name.to_lowercase().replace(' ', "."),
        &id.to_string()[..8]
    );
    // Sessions are made directly: signing in is tested on its own.
    store
        .create_user(
            &qadam_server::storage::accounts::NewUser::new(
                id,
                &login,
                display_name,
                "not a usable hash",
                is_admin,
            ),
            0,
        )
        .await
        .unwrap();
    for (board, role) in roles {
        store.set_role(id, *board, Some(*role)).await.unwrap();
    }
    let token = qadam_server::auth::start_session(state, id, "test")
        .await
        .unwrap();
    qadam_server::auth::cookie_header(&token)
}

/// An administrator's session cookie.
pub async fn admin(state: &AppState, display_name: &str) -> String {
    person(state, display_name, true, &[]).await
}

/// Opens a board socket with a session cookie.
pub async fn connect_as(
    server: &Running,
    board: &Board,
    cookie: &str,
    since: Option<u64>,
) -> Result<Socket, tokio_tungstenite::tungstenite::Error> {
    let since = since.map(|s| format!("?since={s}")).unwrap_or_default();
    open_as(
        server,
        &format!("/api/boards/{}/ws{since}", board.id),
        cookie,
    )
    .await
}

/// Opens the WebSocket at `path` with a session cookie.
pub async fn open_as(
    server: &Running,
    path: &str,
    cookie: &str,
) -> Result<Socket, tokio_tungstenite::tungstenite::Error> {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let url = format!("ws://{}{path}", server.addr);
    let mut request = url.into_client_request().unwrap();
    request
        .headers_mut()
        .insert("cookie", cookie.parse().unwrap());
    connect_async(request).await.map(|(socket, _)| socket)
}

/// Opens a board socket as a new administrator called `name`.
pub async fn connect(
    server: &Running,
    state: &AppState,
    board: &Board,
    name: &str,
    since: Option<u64>,
) -> Socket {
    let cookie = admin(state, name).await;
    connect_as(server, board, &cookie, since)
        .await
        .expect("connects")
}

pub async fn next(socket: &mut Socket) -> ServerMsg {
    next_as(socket).await
}

/// The next text frame, read as `T` (an embed's socket sends `EmbedMsg`).
pub async fn next_as<T: serde::de::DeserializeOwned>(socket: &mut Socket) -> T {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("a message within 10 s")
            .expect("socket open")
            .expect("frame");
        if let Message::Text(text) = frame {
            return serde_json::from_str(&text).expect("valid server message");
        }
    }
}

pub async fn submit(socket: &mut Socket, op: &Op) -> ClientOpId {
    let id = ClientOpId::random();
    let msg = ClientMsg::Submit { id, op: op.clone() };
    socket
        .send(Message::text(serde_json::to_string(&msg).unwrap()))
        .await
        .unwrap();
    id
}

pub fn move_first_card_to(board: &Board, stage: usize) -> (qadam_shared::CardId, Op) {
    let columns = board.ordered_columns();
    let card = board.cards_in(columns[0].id)[0].id;
    let column = columns[stage].id;
    (
        card,
        Op::MoveCard {
            card,
            column,
            position: board.card_key_at(column, card, 0),
        },
    )
}

pub async fn expect_snapshot(socket: &mut Socket) -> (Board, u64) {
    match next(socket).await {
        ServerMsg::Snapshot { board, seq } => (std::sync::Arc::unwrap_or_clone(board), seq),
        other => panic!("expected a snapshot, got {other:?}"),
    }
}

/// Runs SQL as the PostgreSQL administrator (for fault injection).
pub async fn pg_admin(sql: &str) {
    admin_sql(sql).await
}

impl TestDb {
    /// The PostgreSQL database's name.
    pub fn pg_name(&self) -> &str {
        self.pg_name.as_deref().expect("a PostgreSQL test database")
    }
}

/// A request to the app in process: its status and JSON body (`Null` when it has none).
pub async fn send(
    state: &AppState,
    request: axum::http::Request<axum::body::Body>,
) -> (u16, serde_json::Value) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let response = qadam_server::http::app(state.clone())
        .oneshot(request)
        .await
        .unwrap();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

/// `GET uri` in process with a session cookie: the status, the content type and the body's
/// bytes (a downloaded file).
pub async fn download(state: &AppState, uri: &str, cookie: &str) -> (u16, String, Vec<u8>) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let request = axum::http::Request::get(uri)
        .header("cookie", cookie)
        .body(axum::body::Body::empty())
        .unwrap();
    let response = qadam_server::http::app(state.clone())
        .oneshot(request)
        .await
        .unwrap();
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, kind, bytes.to_vec())
}

/// `GET path` as a script sends it, over a connection of its own to a server at `addr`, with
/// `headers` (each line ending in `\r\n`): the whole answer, head and body.
pub async fn raw_get(addr: &str, path: &str, headers: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}Connection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    answer
}
