//! Commit announcements between server instances on one PostgreSQL database.
//!
//! Each commit runs `pg_notify` inside its transaction, so the announcement goes out exactly when
//! the commit lands. Every instance listens and tells the board's task to read the new events from
//! the log and forward them to its own sockets. The payload is only `board:seq`: the log is the
//! source of truth, which also makes a lost announcement harmless once anything else happens on
//! the board or the listener reconnects.

use crate::error::Result;
use qadam_shared::BoardId;
use sqlx::postgres::PgListener;
use sqlx::{Any, Transaction};
use std::time::Duration;
use tokio::sync::mpsc;

const CHANNEL: &str = "qadam_commits";

/// What the listener hears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heard {
    /// Board `0` has committed up to sequence `1`.
    Commit(BoardId, u64),
    /// The listener (re)connected: announcements may have been missed.
    Reconnected,
}

pub(super) async fn announce(
    tx: &mut Transaction<'_, Any>,
    board: BoardId,
    seq: u64,
) -> Result<()> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANNEL)
        .bind(format!("{board}:{seq}"))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn parse(payload: &str) -> Option<Heard> {
    let (board, seq) = payload.split_once(':')?;
    Some(Heard::Commit(board.parse().ok()?, seq.parse().ok()?))
}

/// Listens on `url` until `out` is dropped, reconnecting with back-off.
pub async fn listen(url: String, out: mpsc::UnboundedSender<Heard>) {
    let mut delay = Duration::from_millis(200);
    while !out.is_closed() {
        match PgListener::connect(&url).await {
            Ok(mut listener) => {
                if let Err(e) = listener.listen(CHANNEL).await {
                    tracing::warn!("listening for commits: {e}");
                } else {
                    delay = Duration::from_millis(200);
                    if out.send(Heard::Reconnected).is_err() {
                        return;
                    }
                    // try_recv returns Ok(None) when the connection dropped.
                    while let Ok(Some(n)) = listener.try_recv().await {
                        if let Some(heard) = parse(n.payload())
                            && out.send(heard).is_err()
                        {
                            return;
                        }
                    }
                    tracing::warn!("lost the commit listener's connection; reconnecting");
                }
            }
            Err(e) => tracing::warn!("connecting the commit listener: {e}"),
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(5));
    }
}
