//! The browser's side of sync: the board as the server last confirmed it, the operations still in
//! flight, and the board the person sees, which is the confirmed board with those operations
//! replayed on top. Pure state, no I/O, so the simulation tests drive it exactly as the app does.

use crate::delivery::Stamp;
use crate::ids::ClientOpId;
use crate::model::Board;
use crate::ops::{Op, Rejection, apply};
use crate::protocol::{ClientMsg, Committed, ServerMsg};
use serde::{Deserialize, Serialize};

/// An operation applied locally and not yet confirmed by the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pending {
    pub id: ClientOpId,
    pub op: Op,
    /// Who made it and when, as this browser predicts the server will record it.
    #[serde(default)]
    pub stamp: Stamp,
}

/// Client sync state; serializable so that a reload keeps unsent work.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientSync {
    confirmed: Board,
    seq: u64,
    pending: Vec<Pending>,
    #[serde(skip)]
    view: Option<Board>,
}

/// What the person should be told after a server message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// One of our operations was refused.
    Rejected { op: Op, rejection: Rejection },
    /// Someone else changed the board.
    Remote(Committed),
}

/// What the connection must do after a server message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Followup {
    Nothing,
    /// A gap in the sequence: reconnect to catch up from `seq()`.
    Resync,
}

impl ClientSync {
    /// Starts from a snapshot.
    pub fn new(board: Board, seq: u64) -> Self {
        Self {
            view: Some(board.clone()),
            confirmed: board,
            seq,
            pending: Vec::new(),
        }
    }

    /// Picks up where a previous page left off: a confirmed board (possibly stale) and the
    /// operations that were not yet confirmed. Catching up from `seq` sorts out which of them
    /// the server committed meanwhile.
    pub fn restore(board: Board, seq: u64, pending: Vec<Pending>) -> Self {
        Self {
            confirmed: board,
            seq,
            pending,
            view: None,
        }
    }

    /// The board to show: confirmed state plus pending operations.
    pub fn view(&mut self) -> &Board {
        if self.view.is_none() {
            self.view = Some(self.rebuild());
        }
        self.view.as_ref().expect("just built")
    }

    /// The board as the server last confirmed it.
    pub fn confirmed(&self) -> &Board {
        &self.confirmed
    }

    /// The sequence number of the confirmed board.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// Operations not yet confirmed, oldest first.
    pub fn pending(&self) -> &[Pending] {
        &self.pending
    }

    /// Applies a local operation, made as `stamp` says, at once. Refused operations are not
    /// queued.
    pub fn submit(&mut self, op: Op, stamp: Stamp) -> Result<ClientMsg, Rejection> {
        let view = self.view_mut();
        apply(view, &op, &stamp)?;
        let id = ClientOpId::random();
        self.pending.push(Pending {
            id,
            op: op.clone(),
            stamp,
        });
        Ok(ClientMsg::Submit { id, op })
    }

    /// Every pending operation as a message, to send after (re)connecting.
    pub fn resend(&self) -> Vec<ClientMsg> {
        self.pending
            .iter()
            .map(|p| ClientMsg::Submit {
                id: p.id,
                op: p.op.clone(),
            })
            .collect()
    }

    /// Takes a server message.
    pub fn receive(&mut self, msg: ServerMsg) -> (Followup, Vec<Notice>) {
        let mut notices = Vec::new();
        match msg {
            ServerMsg::Snapshot { board, seq } => {
                self.confirmed = std::sync::Arc::unwrap_or_clone(board);
                self.seq = seq;
                self.view = None;
            }
            ServerMsg::Committed(c) => {
                if c.seq <= self.seq {
                    return (Followup::Nothing, notices);
                }
                if c.seq != self.seq + 1 {
                    return (Followup::Resync, notices);
                }
                // The server applied it to this very state, so it cannot be refused here.
                let stamp = c.stamp();
                let applied = apply(&mut self.confirmed, &c.op, &stamp);
                self.seq = c.seq;
                let ours = c.client_op.is_some_and(|id| self.forget(id));
                if applied.is_err() || !self.pending.is_empty() || ours {
                    self.view = None;
                } else if let Some(view) = self.view.as_mut() {
                    // Nothing in flight: the view equals the confirmed board, so apply in place.
                    let _ = apply(view, &c.op, &stamp);
                }
                if !ours {
                    notices.push(Notice::Remote(c));
                }
            }
            ServerMsg::Live { seq } => {
                if seq != self.seq {
                    return (Followup::Resync, notices);
                }
            }
            ServerMsg::Ack { id, seq } => {
                if seq <= self.seq && self.forget(id) {
                    self.view = None;
                }
            }
            ServerMsg::Rejected { id, rejection } => {
                if let Some(i) = self.pending.iter().position(|p| p.id == id) {
                    let p = self.pending.remove(i);
                    self.view = None;
                    notices.push(Notice::Rejected {
                        op: p.op,
                        rejection,
                    });
                }
            }
            ServerMsg::Error { .. } | ServerMsg::Pong => {}
        }
        (Followup::Nothing, notices)
    }

    fn forget(&mut self, id: ClientOpId) -> bool {
        let before = self.pending.len();
        self.pending.retain(|p| p.id != id);
        before != self.pending.len()
    }

    fn view_mut(&mut self) -> &mut Board {
        if self.view.is_none() {
            self.view = Some(self.rebuild());
        }
        self.view.as_mut().expect("just built")
    }

    /// Replays pending operations on the confirmed board. One that no longer applies (its card was
    /// archived meanwhile, say) stays queued: the server has the last word and will refuse it
    /// with a message for the person.
    fn rebuild(&self) -> Board {
        let mut board = self.confirmed.clone();
        for p in &self.pending {
            let _ = apply(&mut board, &p.op, &p.stamp);
        }
        board
    }
}
