//! Helpers shared by the server's test suites: a seeded database in a temporary directory and
//! the server on a free loopback port.

#![allow(dead_code)]

use qadam_server::AppState;
use qadam_server::config::Config;
use qadam_shared::{Board, BoardSummary};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use tokio::task::JoinHandle;

pub fn config(database: &Path) -> Config {
    Config {
        host: [127, 0, 0, 1].into(),
        port: 0,
        database: database.display().to_string(),
        static_dir: PathBuf::from("no-such-dir"),
        no_seed: false,
    }
}

/// A fresh seeded database and its directory (removed when dropped).
pub async fn seeded_state() -> (AppState, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::open(&config(&dir.path().join("qadam.db")))
        .await
        .unwrap();
    (state, dir)
}

/// The server running on a free port.
pub struct Running {
    pub addr: SocketAddr,
    task: JoinHandle<()>,
}

impl Running {
    pub async fn start(state: AppState) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            axum::serve(listener, qadam_server::http::app(state))
                .await
                .unwrap();
        });
        Self { addr, task }
    }

    pub fn stop(self) {
        self.task.abort();
    }
}

/// The first seeded board, with its sequence number.
pub async fn first_board(state: &AppState) -> (Board, u64) {
    let id = state.hub.store().board_ids().await.unwrap()[0];
    let sub = state
        .hub
        .board(id)
        .await
        .unwrap()
        .subscribe()
        .await
        .unwrap();
    (sub.board, sub.seq)
}

pub fn summary_names(summaries: &[BoardSummary]) -> Vec<&str> {
    summaries.iter().map(|s| s.name.as_str()).collect()
}
