//! Messages on the board WebSocket (`/api/boards/{id}/ws`), JSON text frames, one message each.
//!
//! The client opens the socket with `?since=<seq>` when it holds a board at that sequence number;
//! the server answers with the missing `Committed` events and `Live`, then streams every commit.
//! Without `since` the server starts with a `Snapshot`; a browser reads the board over HTTP
//! instead (`GET /api/boards/{id}`, compressed) and follows from its `seq`. A client too far
//! behind to catch up, or too slow to follow, gets an `Error` with code `fallen_behind` and the
//! socket closes: it reads the board over HTTP again. Operations are sent as `Submit`; each ends in a
//! `Committed` (carrying the submission id) for everyone, or a `Rejected` for the sender.
//! A submission already committed (resent after a lost connection) gets an `Ack` and is not
//! applied again.

use crate::delivery::Stamp;
use crate::ids::ClientOpId;
use crate::model::Board;
use crate::ops::{Op, Rejection};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// From the browser to the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMsg {
    Submit {
        id: ClientOpId,
        op: Op,
    },
    /// Is the link alive? The server answers `Pong` at once; a browser that hears nothing for a
    /// while knows the link is dead even when the network says nothing.
    Ping,
}

/// One entry of a board's event log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Committed {
    /// Position in the board's log: 1, 2, 3, ... without gaps.
    pub seq: u64,
    /// The operation as applied.
    pub op: Op,
    /// Who made the change: their name (as it is now, when read from the log).
    pub author: String,
    /// Their account, when a person made it (not the seed).
    #[serde(default)]
    pub author_id: Option<String>,
    /// When the server committed it, in milliseconds since the Unix epoch.
    pub at: i64,
    /// The submission this commit answers, when it came from a client.
    pub client_op: Option<ClientOpId>,
}

impl Committed {
    /// Who made it and when, as the rules record it.
    pub fn stamp(&self) -> Stamp {
        Stamp {
            by_id: self.author_id.clone(),
            by: self.author.clone(),
            at: self.at,
        }
    }
}

/// From the server to the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMsg {
    /// The whole board as of `seq` (shared, so the server sends one copy to many sockets).
    Snapshot { board: Arc<Board>, seq: u64 },
    /// The missing events were sent: the client is now up to date at `seq`.
    Live { seq: u64 },
    /// A change to the board.
    Committed(Committed),
    /// This submission was committed earlier as `seq`.
    Ack { id: ClientOpId, seq: u64 },
    /// This submission was refused; the board is unchanged.
    Rejected {
        id: ClientOpId,
        rejection: Rejection,
    },
    /// A frame the server could not take (malformed, oversized); nothing was changed.
    Error { code: String, message: String },
    /// The answer to `Ping`.
    Pong,
}
