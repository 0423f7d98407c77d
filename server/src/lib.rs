//! Qadam's server: the HTTP API, the WebSocket sync, storage and the static browser app.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod catalog;
pub mod clock;
pub mod config;
pub mod error;
pub mod histories;
pub mod http;
pub mod listener;
pub mod lock;
pub mod notifications;
pub mod prometheus;
pub mod reports;
pub mod seed;
pub mod storage;
pub mod sync;
pub mod transfer;
pub mod webhooks;

use anyhow::Context;
use config::Config;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use storage::Store;
use sync::Hub;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database: accounts, memberships, embeds, the log.
    pub store: Store,
    /// The open boards and the revocation channel.
    pub hub: Hub,
    /// The built app's directory, when not the one built in.
    pub static_dir: Option<PathBuf>,
    pub throttle: auth::throttle::Throttle,
    /// Origins allowed to frame embed pages.
    pub embed_origins: Vec<String>,
    /// Host names served besides loopback (lower case).
    pub allowed_hosts: Vec<String>,
    /// Proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Operations each person may send, per second and in a burst.
    pub op_rate: http::rate::OpRate,
    /// Board sockets open per account.
    pub sockets: http::rate::SocketCount,
    /// How long a session may go unused.
    pub session_idle: std::time::Duration,
    /// Boards as they stood a week before, rebuilt from their logs, kept for the hour they
    /// stand for: the portfolio reads them on every change of any board.
    pub week_before: http::portfolio::WeekBefore,
    /// Each board's log replayed for its metrics, carried on as it grows.
    pub histories: histories::Histories,
    /// Each board's latest snapshot, compressed.
    pub snapshots: http::snapshots::Snapshots,
    /// What each followed embed shows, shared by its sockets.
    pub embed_views: http::embeds::EmbedViews,
    /// The worker sending webhook deliveries.
    pub webhooks: webhooks::Webhooks,
    /// The database's timeline, which a restore renews (`Store::timeline`).
    pub timeline: Arc<str>,
}

impl AppState {
    /// Opens the database, migrates it and, unless told not to, seeds an empty one.
    pub async fn open(config: &Config) -> anyhow::Result<Self> {
        let store = Store::open(&config.database)
            .await
            .with_context(|| format!("opening the database {}", config.database))?;
        // Instances starting together on an empty database take turns here: one seeds and
        // creates the first administrator, the others find them made.
        let first_start = store.first_start().await?;
        store
            .seed_catalog(&catalog::seeded())
            .await
            .context("seeding the lists of agencies and strategic projects")?;
        // The administrator comes first: it is made when the database holds no account.
        accounts::ensure_first_admin(&store)
            .await
            .context("creating the first administrator")?;
        if !config.no_seed {
            seed::seed_if_empty(&store, config.demo)
                .await
                .context("seeding the boards")?;
        }
        first_start.done().await?;
        let timeline = store
            .timeline()
            .await
            .context("reading the database's timeline")?;
        let webhooks = webhooks::Webhooks::start(
            store.clone(),
            webhooks::Settings {
                first_retry: std::time::Duration::from_millis(config.webhook_retry_ms.max(1)),
                to_loopback: config.webhooks_to_loopback,
            },
        );
        Ok(Self {
            hub: Hub::new(store.clone(), webhooks.clone()),
            webhooks,
            store,
            static_dir: config.static_dir.clone(),
            throttle: Default::default(),
            embed_origins: config.embed_origins.clone(),
            trusted_proxies: config.trusted_proxies.clone(),
            allowed_hosts: config
                .allowed_hosts
                .iter()
                .map(|h| h.trim().to_ascii_lowercase())
                .collect(),
            op_rate: http::rate::OpRate::new(config.ops_per_second),
            sockets: Default::default(),
            session_idle: std::time::Duration::from_secs(
                u64::from(config.session_idle_hours.max(1)) * 3600,
            ),
            week_before: Default::default(),
            histories: Default::default(),
            snapshots: Default::default(),
            embed_views: Default::default(),
            timeline: timeline.into(),
        })
    }
}

/// Runs the server until Ctrl-C or SIGTERM.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let _lock = backup::ServerLock::take(&config.database)?;
    let state = AppState::open(&config).await?;
    state.histories.warm_up(&state);
    if !http::static_files::present(state.static_dir.as_deref()) {
        let built = match &state.static_dir {
            Some(dir) => dir.display().to_string(),
            None => "this server's binary (built before `cargo xtask dist`)".to_owned(),
        };
        tracing::warn!(
            "no app bundle in {built}: build it with `cargo xtask dist` (the API still works)"
        );
    }
    let limits = listener::Limits::for_this_machine();
    let addr = SocketAddr::new(config.host, config.port);
    let tcp = listener::bind(addr).with_context(|| format!("listening on {addr}"))?;
    if let Some(addr) = config.metrics_addr {
        let handle = prometheus::install()?;
        let metrics = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("listening for metrics on {addr}"))?;
        tracing::info!("metrics at http://{}/metrics", metrics.local_addr()?);
        tokio::spawn(prometheus::serve(metrics, state.clone(), handle));
    }
    tracing::info!("Qadam is at http://{}", tcp.local_addr()?);
    listener::serve(tcp, state, limits, shutdown_signal()).await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
