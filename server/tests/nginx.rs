//! The example nginx configuration (`server/deploy/nginx.conf`), run for real on loopback in
//! front of two instances on one PostgreSQL database: HTTP and live WebSockets pass through it,
//! whichever instance each connection lands on.

mod common;

use axum::body::Body;
use common::{Backend, Running, TestDb, expect_snapshot, next, submit};
use futures_util::StreamExt;
use qadam_shared::{Board, ServerMsg};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn nginx_binary() -> Option<String> {
    let found = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .map(String::from);
    if found.is_none() {
        if std::env::var_os("QADAM_REQUIRE_NGINX").is_some() {
            panic!("nginx is required (QADAM_REQUIRE_NGINX) but not installed");
        }
        eprintln!("SKIPPED: nginx is not installed (apt-get install -y nginx-light)");
    }
    found
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn get(url: &str) -> (u16, String) {
    let (parts, body) = {
        let client = hyper_client();
        let response = client
            .request(axum::http::Request::get(url).body(Body::empty()).unwrap())
            .await
            .unwrap();
        response.into_parts()
    };
    let bytes = http_body_util::BodyExt::collect(body)
        .await
        .unwrap()
        .to_bytes();
    (
        parts.status.as_u16(),
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

fn hyper_client()
-> hyper_util::client::legacy::Client<hyper_util::client::legacy::connect::HttpConnector, Body> {
    hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http()
}

async fn socket_via(proxy: u16, board: &Board, cookie: &str) -> common::Socket {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let url = format!("ws://127.0.0.1:{proxy}/api/boards/{}/ws", board.id);
    let mut request = url.into_client_request().unwrap();
    request
        .headers_mut()
        .insert("cookie", cookie.parse().unwrap());
    // As a browser does: the page's origin, with the proxy's port.
    request.headers_mut().insert(
        "origin",
        format!("http://127.0.0.1:{proxy}").parse().unwrap(),
    );
    tokio_tungstenite::connect_async(request)
        .await
        .expect("a socket through nginx")
        .0
}

#[tokio::test]
async fn the_example_nginx_config_balances_http_and_live_sockets_over_two_instances() {
    let Some(nginx) = nginx_binary() else { return };
    if !common::postgres_available() {
        return;
    }
    let db = TestDb::new(Backend::Postgres).await;
    let (a, b) = (db.open().await, db.open().await);
    let (board, seq) = common::first_board(&a).await;
    let (server_a, server_b) = (
        Running::start(a.clone()).await,
        Running::start(b.clone()).await,
    );
    let proxy = free_port();

    let dir = tempfile::tempdir().unwrap();
    let config = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/nginx.conf"))
        .unwrap()
        .replace("127.0.0.1:3001", &server_a.addr.to_string())
        .replace("127.0.0.1:3002", &server_b.addr.to_string())
        .replace("127.0.0.1:8080", &format!("127.0.0.1:{proxy}"));
    let conf = dir.path().join("nginx.conf");
    std::fs::write(&conf, config).unwrap();
    let _nginx = Nginx(
        Command::new(nginx)
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(&conf)
            // One process, so stopping the test stops all of nginx.
            .args(["-g", "daemon off; master_process off;"])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("nginx starts"),
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while tokio::net::TcpStream::connect(("127.0.0.1", proxy))
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "nginx did not listen");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let (status, body) = get(&format!("http://127.0.0.1:{proxy}/api/health")).await;
    assert_eq!((status, body.as_str()), (200, r#"{"status":"ok"}"#));
    let (status, _) = get(&format!("http://127.0.0.1:{proxy}/api/boards")).await;
    assert_eq!(status, 401, "the API needs a session, through nginx too");

    // Sockets through nginx spread over both instances (least_conn), and each sees the others.
    let mut sockets = Vec::new();
    for i in 0..4 {
        let cookie = common::admin(&a, &format!("p{i}")).await;
        let mut s = socket_via(proxy, &board, &cookie).await;
        expect_snapshot(&mut s).await;
        sockets.push(s);
    }
    let id = submit(&mut sockets[0], &common::move_first_card_to(&board, 3).1).await;
    for s in &mut sockets {
        match next(s).await {
            ServerMsg::Committed(c) => assert_eq!((c.seq, c.client_op), (seq + 1, Some(id))),
            other => panic!("expected the move through nginx, got {other:?}"),
        }
    }
    // A move made directly on B reaches every socket, whichever instance nginx put it on.
    let mut direct = common::connect(&server_b, &a, &board, "direct", None).await;
    expect_snapshot(&mut direct).await;
    let id = submit(&mut direct, &common::move_first_card_to(&board, 2).1).await;
    for s in &mut sockets {
        match next(s).await {
            ServerMsg::Committed(c) => assert_eq!(c.client_op, Some(id)),
            other => panic!("expected B's move, got {other:?}"),
        }
    }
    for s in &mut sockets {
        let _ = s.close(None).await;
        let _ = s.next().await;
    }
    server_a.stop();
    server_b.stop();
}
