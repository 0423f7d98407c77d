//! `/metrics` for Prometheus, on its own address: scraped and parsed after a change, a viewer,
//! a failed sign-in and a webhook delivery owed, it shows each of them; the app's address does not
//! serve it.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::{Backend, Running, connect, expect_snapshot, move_first_card_to, next, submit};
use http_body_util::BodyExt;
use qadam_shared::ServerMsg;
use tower::ServiceExt;

/// The figures as Prometheus reads them.
async fn scrape(addr: std::net::SocketAddr) -> prometheus_parse::Scrape {
    let answer = common::raw_get(&addr.to_string(), "/metrics", "").await;
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let lines = body.lines().map(|l| Ok(l.to_owned()));
    prometheus_parse::Scrape::parse(lines).unwrap()
}

/// The value of the sample called `name` (the first, with labels ignored).
fn value(scrape: &prometheus_parse::Scrape, name: &str) -> f64 {
    let sample = scrape
        .samples
        .iter()
        .find(|s| s.metric == name)
        .unwrap_or_else(|| panic!("{name} is not scraped"));
    match &sample.value {
        prometheus_parse::Value::Counter(v)
        | prometheus_parse::Value::Gauge(v)
        | prometheus_parse::Value::Untyped(v) => *v,
        prometheus_parse::Value::Histogram(buckets) => buckets.last().map_or(0.0, |b| b.count),
        prometheus_parse::Value::Summary(_) => panic!("{name} is a summary"),
    }
}

#[tokio::test]
async fn metrics_are_scraped_from_their_own_address() {
    let handle = qadam_server::prometheus::install().unwrap();
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let metrics = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let metrics_addr = metrics.local_addr().unwrap();
    tokio::spawn(qadam_server::prometheus::serve(
        metrics,
        state.clone(),
        handle,
    ));

    let (board, _) = common::first_board(&state).await;
    // A webhook whose receiver never answers (an address kept for documentation): the move
    // below is owed to it.
    let hook = qadam_shared::webhooks::Webhook::new(
        "http://192.0.2.1:9/never".into(),
        vec![qadam_shared::webhooks::WebhookEvent::CardMoved],
        "Test".into(),
        0,
    );
    let store = &state.store;
    store
        .create_webhook(board.id, &hook, "whsec_x")
        .await
        .unwrap();
    state.hub.hooks_changed(board.id).await;
    let server = Running::start(state.clone()).await;
    let mut viewer = connect(&server, &state, &board, "Aigerim", None).await;
    expect_snapshot(&mut viewer).await;
    let (_, op) = move_first_card_to(&board, 2);
    submit(&mut viewer, &op).await;
    assert!(matches!(next(&mut viewer).await, ServerMsg::Committed(_)));

    let wrong = Request::post("/api/session")
        .header("content-type", "application/json")
        .body(Body::from(
            r#"{"login":"admin","password":"not-the-password"}"#,
        ))
        .unwrap();
    let refused = qadam_server::http::app(state.clone())
        .oneshot(wrong)
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);

    let figures = scrape(metrics_addr).await;
    assert!(value(&figures, "qadam_commits_total") >= 1.0);
    assert!(
        value(&figures, "qadam_commit_seconds") >= 1.0,
        "commits are timed"
    );
    assert!(value(&figures, "qadam_commit_batch_size") >= 1.0);
    assert!(
        value(&figures, "qadam_fan_out_lag_seconds") >= 1.0,
        "the move reached the viewer"
    );
    assert_eq!(value(&figures, "qadam_sockets_open"), 1.0);
    assert!(value(&figures, "qadam_boards_in_memory") >= 1.0);
    assert_eq!(value(&figures, "qadam_sign_in_failures_total"), 1.0);
    assert_eq!(
        value(&figures, "qadam_webhook_backlog"),
        1.0,
        "the move is owed"
    );
    let pools: Vec<_> = figures
        .samples
        .iter()
        .filter(|s| s.metric == "qadam_database_connections")
        .map(|s| s.labels.get("pool").unwrap_or_default().to_owned())
        .collect();
    assert!(pools.contains(&"read".to_owned()) && pools.contains(&"write".to_owned()));
    assert!(
        figures.docs.contains_key("qadam_fan_out_lag_seconds"),
        "each figure is described"
    );

    // The socket closes: the gauge follows.
    drop(viewer);
    let mut open = 1.0;
    for _ in 0..50 {
        open = value(&scrape(metrics_addr).await, "qadam_sockets_open");
        if open == 0.0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(open, 0.0, "the closed socket is no longer counted");

    // The app's own address does not serve them.
    let on_app = qadam_server::http::app(state.clone())
        .oneshot(Request::get("/metrics").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let body = on_app.into_body().collect().await.unwrap().to_bytes();
    assert!(!String::from_utf8_lossy(&body).contains("qadam_commits_total"));
    server.stop();
}
