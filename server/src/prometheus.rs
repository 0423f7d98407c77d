//! The operators' figures in Prometheus's text format, at `/metrics` on an address of its own
//! (`--metrics-addr`; off by default, and then nothing is recorded): open sockets, boards in
//! memory, commits (count, time, batch size), how long a committed change takes to go out to a
//! viewer, failed sign-ins, the database connections in use, and webhook deliveries owed and
//! tried. They are recorded where they happen, through the `metrics` macros; the exporter keeps
//! and formats them.

use crate::AppState;
use axum::Router;
use axum::routing::get;
use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::time::Duration;

pub const SOCKETS_OPEN: &str = "qadam_sockets_open";
pub const BOARDS_IN_MEMORY: &str = "qadam_boards_in_memory";
pub const COMMITS: &str = "qadam_commits_total";
pub const COMMIT_SECONDS: &str = "qadam_commit_seconds";
pub const COMMIT_BATCH: &str = "qadam_commit_batch_size";
pub const FAN_OUT_SECONDS: &str = "qadam_fan_out_lag_seconds";
pub const SIGN_IN_FAILURES: &str = "qadam_sign_in_failures_total";
pub const DATABASE_CONNECTIONS: &str = "qadam_database_connections";
pub const WEBHOOK_BACKLOG: &str = "qadam_webhook_backlog";
pub const WEBHOOK_TRIES: &str = "qadam_webhook_tries_total";

/// How often histograms drop what they have already summed.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// Starts recording (for the whole process); returns the handle that renders the figures.
pub fn install() -> anyhow::Result<PrometheusHandle> {
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Suffix("_seconds".into()),
            &[
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
            ],
        )?
        .set_buckets_for_metric(
            Matcher::Full(COMMIT_BATCH.into()),
            &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0],
        )?
        .install_recorder()?;
    describe_gauge!(
        SOCKETS_OPEN,
        "WebSockets open: boards, embeds, portfolio, inbox"
    );
    describe_gauge!(BOARDS_IN_MEMORY, "Boards whose task runs on this instance");
    describe_counter!(COMMITS, "Changes committed to boards' logs");
    describe_histogram!(
        COMMIT_SECONDS,
        Unit::Seconds,
        "Time to decide and durably commit one batch"
    );
    describe_histogram!(COMMIT_BATCH, "Submissions decided in one commit");
    describe_histogram!(
        FAN_OUT_SECONDS,
        Unit::Seconds,
        "From a change's commit to its frame going out to a viewer (the oldest change of each write)"
    );
    describe_counter!(
        SIGN_IN_FAILURES,
        "Sign-ins refused: wrong password or throttled"
    );
    describe_gauge!(
        DATABASE_CONNECTIONS,
        "Database connections by pool, open and idle"
    );
    describe_gauge!(
        WEBHOOK_BACKLOG,
        "Webhook deliveries owed: waiting for their first try or a retry (every instance's)"
    );
    describe_counter!(
        WEBHOOK_TRIES,
        "Webhook deliveries tried by this instance, by outcome: delivered, retry, failed"
    );
    Ok(handle)
}

/// Serves `/metrics` on `listener` for as long as the process runs.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState, handle: PrometheusHandle) {
    let upkeep = handle.clone();
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(UPKEEP_EVERY);
        loop {
            ticks.tick().await;
            upkeep.run_upkeep();
        }
    });
    let app = Router::new().route(
        "/metrics",
        get(move || async move {
            for pool in state.store.pool_use() {
                let gauge = |held: &'static str| {
                    metrics::gauge!(DATABASE_CONNECTIONS, "pool" => pool.name, "state" => held)
                };
                gauge("open").set(f64::from(pool.open));
                gauge("idle").set(pool.idle as f64);
            }
            match state.store.webhook_backlog().await {
                Ok(owed) => metrics::gauge!(WEBHOOK_BACKLOG).set(owed as f64),
                Err(e) => tracing::warn!("counting the webhook backlog: {e}"),
            }
            handle.render()
        }),
    );
    if let Err(e) = axum::serve(listener, app).await {
        tracing::error!("serving metrics: {e}");
    }
}
