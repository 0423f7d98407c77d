//! Announcements between server instances on one PostgreSQL database: commits and revocations.
//!
//! Each commit runs `pg_notify` inside its transaction, so the announcement goes out exactly when
//! the commit lands. Every instance listens and tells the board's task to read the new events from
//! the log and forward them to its own sockets. The payload is only `board:seq`: the log is the
//! source of truth, which also makes a lost announcement harmless once anything else happens on
//! the board or the listener reconnects.
//!
//! A change that may take access away (a sign-out, a role removed, an embed revoked) is announced
//! on a second channel, so every instance re-checks the sockets it concerns; a change of a board's
//! webhooks on a third, so every instance's task of that board reads them again.

use crate::error::Result;
use qadam_shared::{BoardId, EmbedId, UserId};
use sqlx::AnyConnection;
use sqlx::postgres::PgListener;
use std::time::Duration;
use tokio::sync::mpsc;

const CHANNEL: &str = "qadam_commits";
const REVOCATIONS: &str = "qadam_revocations";
const WEBHOOKS: &str = "qadam_webhooks";

/// What the listener hears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heard {
    /// Board `0` has committed up to sequence `1`.
    Commit(BoardId, u64),
    /// Access may have shrunk: the sockets concerned check it again.
    Revoked(Revoked),
    /// The board's webhooks changed.
    HooksChanged(BoardId),
    /// The listener (re)connected: announcements may have been missed.
    Reconnected,
}

/// Whose access may have shrunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revoked {
    /// A person: signed out, disabled, password changed, role changed or removed.
    User(UserId),
    /// An embed link.
    Embed(EmbedId),
}

impl Revoked {
    fn payload(&self) -> String {
        match self {
            Revoked::User(id) => format!("user:{id}"),
            Revoked::Embed(id) => format!("embed:{id}"),
        }
    }

    fn parse(payload: &str) -> Option<Self> {
        match payload.split_once(':')? {
            ("user", id) => id.parse().ok().map(Revoked::User),
            ("embed", id) => id.parse().ok().map(Revoked::Embed),
            _ => None,
        }
    }
}

/// Tells every instance (this one included) that access may have shrunk.
pub(crate) async fn announce_revoked(pool: &sqlx::AnyPool, revoked: &Revoked) -> Result<()> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(REVOCATIONS)
        .bind(revoked.payload())
        .execute(pool)
        .await?;
    Ok(())
}

/// Tells every instance (this one included) that a board's webhooks changed.
pub(crate) async fn announce_hooks_changed(pool: &sqlx::AnyPool, board: BoardId) -> Result<()> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(WEBHOOKS)
        .bind(board.to_string())
        .execute(pool)
        .await?;
    Ok(())
}

pub(super) async fn announce(tx: &mut AnyConnection, board: BoardId, seq: u64) -> Result<()> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANNEL)
        .bind(format!("{board}:{seq}"))
        .execute(&mut *tx)
        .await?;
    Ok(())
}

fn parse(channel: &str, payload: &str) -> Option<Heard> {
    if channel == REVOCATIONS {
        return Revoked::parse(payload).map(Heard::Revoked);
    }
    if channel == WEBHOOKS {
        return payload.parse().ok().map(Heard::HooksChanged);
    }
    let (board, seq) = payload.split_once(':')?;
    Some(Heard::Commit(board.parse().ok()?, seq.parse().ok()?))
}

/// Listens on `url` until `out` is dropped, reconnecting with back-off.
pub async fn listen(url: String, out: mpsc::UnboundedSender<Heard>) {
    let mut delay = Duration::from_millis(200);
    while !out.is_closed() {
        match PgListener::connect(&url).await {
            Ok(mut listener) => {
                if let Err(e) = listener.listen_all([CHANNEL, REVOCATIONS, WEBHOOKS]).await {
                    tracing::warn!("listening for commits: {e}");
                } else {
                    delay = Duration::from_millis(200);
                    if out.send(Heard::Reconnected).is_err() {
                        return;
                    }
                    // try_recv returns Ok(None) when the connection dropped.
                    while let Ok(Some(n)) = listener.try_recv().await {
                        if let Some(heard) = parse(n.channel(), n.payload())
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
