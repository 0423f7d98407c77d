//! The server's log as JSON lines for a log collector: every line an object, and each HTTP
//! request's lines under the id sent back in its `X-Request-Id`.

mod common;

use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::ChildStdout;

/// The next log line, parsed: each must be one JSON object.
async fn next_line(lines: &mut Lines<BufReader<ChildStdout>>) -> serde_json::Value {
    let line = tokio::time::timeout(Duration::from_secs(20), lines.next_line())
        .await
        .expect("a log line within 20 s")
        .unwrap()
        .expect("the server is still logging");
    serde_json::from_str(&line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"))
}

/// A request on a connection of its own; the answer's head.
async fn get(addr: &str, path: &str, request_id: Option<&str>) -> String {
    let id = request_id
        .map(|id| format!("X-Request-Id: {id}\r\n"))
        .unwrap_or_default();
    let answer = common::raw_get(addr, path, &id).await;
    answer.split("\r\n\r\n").next().unwrap().to_owned()
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

#[tokio::test]
async fn json_logs_put_each_request_under_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("qadam.db");
    let mut server = tokio::process::Command::new(env!("CARGO_BIN_EXE_qadam-server"))
        .args(["--port", "0", "--no-seed", "--log-format", "json"])
        .arg("--database")
        .arg(&database)
        .arg("--static-dir")
        .arg(dir.path())
        .env("RUST_LOG", "qadam_server=info,tower_http=info")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = next_line(&mut lines).await;
        let message = line["fields"]["message"].as_str().unwrap_or_default();
        if let Some((_, at)) = message.split_once("Qadam is at http://") {
            break at.to_owned();
        }
    };

    // An id the server makes, sent back and on the answer's line.
    let head = get(&addr, "/api/health", None).await;
    let made = header(&head, "x-request-id").expect("an id on the answer");
    assert_eq!(made.len(), 36, "a UUID: {made}");
    let line = loop {
        let line = next_line(&mut lines).await;
        if line["span"]["request_id"] == made {
            break line;
        }
    };
    assert_eq!(line["span"]["path"], "/api/health");
    assert_eq!(line["span"]["method"], "GET");

    // A proxy's id is kept, also for a request that fails.
    let head = get(&addr, "/api/boards", Some("from-the-proxy-42")).await;
    assert!(head.starts_with("HTTP/1.1 401"), "{head}");
    assert_eq!(header(&head, "x-request-id"), Some("from-the-proxy-42"));
    loop {
        let line = next_line(&mut lines).await;
        if line["span"]["request_id"] == "from-the-proxy-42" {
            assert_eq!(line["span"]["path"], "/api/boards");
            break;
        }
    }
    server.kill().await.unwrap();
}
