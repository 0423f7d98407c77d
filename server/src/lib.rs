//! Qadam's server: the HTTP API, the WebSocket sync, storage and the static browser app.

pub mod accounts;
pub mod auth;
pub mod config;
pub mod error;
pub mod http;
pub mod seed;
pub mod storage;
pub mod sync;

use anyhow::Context;
use config::Config;
use std::net::SocketAddr;
use std::path::PathBuf;
use storage::Store;
use sync::Hub;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub hub: Hub,
    pub static_dir: PathBuf,
    pub throttle: auth::throttle::Throttle,
    /// Origins allowed to frame embed pages.
    pub embed_origins: Vec<String>,
    /// Ids of embeds just revoked, so their open sockets stop at once.
    pub revoked_embeds: tokio::sync::broadcast::Sender<String>,
}

impl AppState {
    /// Opens the database, migrates it and, unless told not to, seeds an empty one.
    pub async fn open(config: &Config) -> anyhow::Result<Self> {
        let store = Store::open(&config.database)
            .await
            .with_context(|| format!("opening the database {}", config.database))?;
        if !config.no_seed {
            seed::seed_if_empty(&store)
                .await
                .context("seeding the boards")?;
        }
        accounts::ensure_first_admin(&store)
            .await
            .context("creating the first administrator")?;
        Ok(Self {
            hub: Hub::new(store),
            static_dir: config.static_dir.clone(),
            throttle: Default::default(),
            embed_origins: config.embed_origins.clone(),
            revoked_embeds: tokio::sync::broadcast::channel(64).0,
        })
    }
}

/// Runs the server until Ctrl-C or SIGTERM.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let state = AppState::open(&config).await?;
    if !state.static_dir.join("index.html").exists() {
        tracing::warn!(
            "no app bundle in {}: build it with `cargo xtask dist` (the API still works)",
            state.static_dir.display()
        );
    }
    let addr = SocketAddr::new(config.host, config.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("listening on {addr}"))?;
    tracing::info!("Qadam is at http://{}", listener.local_addr()?);
    let app = http::app(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
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
