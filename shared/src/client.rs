//! The browser's side of sync: the board as the server last confirmed it, the operations still in
//! flight, and the board the person sees, which is the confirmed board with those operations
//! replayed on top. Pure state, no I/O, so the simulation tests drive it exactly as the app does.

use crate::delivery::Stamp;
use crate::ids::ClientOpId;
use crate::model::Board;
use crate::ops::{Op, Rejection, apply, apply_committed};
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

/// What a browser keeps of a board's unsent operations after one of its pages saves: every page
/// of the board in the browser shares one list, so a page writes its `own` operations over
/// what it last `wrote` and keeps the others' (a page that holds nothing, or another's, must
/// not delete what a page closed offline left). An operation this page wrote and no longer
/// holds was confirmed or refused, and goes.
pub fn kept_after_save(kept: Vec<Pending>, wrote: &[ClientOpId], own: &[Pending]) -> Vec<Pending> {
    let mut after: Vec<Pending> = others(kept, wrote, own).collect();
    after.extend_from_slice(own);
    after
}

/// The operations `kept` for the board that other pages hold: neither this page's `own` nor
/// one it `wrote` last (no longer its own: confirmed or refused).
fn others<'a>(
    kept: Vec<Pending>,
    wrote: &'a [ClientOpId],
    own: &'a [Pending],
) -> impl Iterator<Item = Pending> + 'a {
    kept.into_iter()
        .filter(|p| !wrote.contains(&p.id) && !own.iter().any(|q| q.id == p.id))
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

    /// Takes on the operations another page of this browser kept for the board and did not
    /// see confirmed (it was closed before its network came back, say): the ones this page
    /// neither holds nor last `wrote` (those it saw confirmed or refused). Sent again, a change
    /// the other page also sends is committed once: the server answers the second as a resend.
    pub fn adopt(&mut self, kept: Vec<Pending>, wrote: &[ClientOpId]) {
        let others: Vec<Pending> = others(kept, wrote, &self.pending).collect();
        if !others.is_empty() {
            self.pending.extend(others);
            self.view = None;
        }
    }

    /// Aims each task created here while the board changed elsewhere into a stage deleted
    /// meanwhile at the end of the board's first stage instead, so its text is not refused
    /// with it (and the changes made to it after, with the task). Run on the caught-up board,
    /// before sending; gives the titles of the tasks it moved.
    pub fn rehome(&mut self) -> Vec<String> {
        let Some(first) = self.confirmed.ordered_columns().first().map(|c| c.id) else {
            return Vec::new();
        };
        let mut board = self.confirmed.clone();
        let mut moved = Vec::new();
        for p in &mut self.pending {
            if let Op::CreateCard {
                card,
                column,
                position,
                title,
                ..
            } = &mut p.op
                && !board.columns.contains_key(column)
            {
                *column = first;
                *position = board.card_key_at(first, *card, usize::MAX);
                moved.push(title.clone());
            }
            let _ = apply(&mut board, &p.op, &p.stamp);
        }
        if !moved.is_empty() {
            self.view = None;
        }
        moved
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
                let applied = apply_committed(&mut self.confirmed, &c.op, &stamp);
                self.seq = c.seq;
                let ours = c.client_op.is_some_and(|id| self.forget(id));
                if applied.is_err() || !self.pending.is_empty() || ours {
                    self.view = None;
                } else if let Some(view) = self.view.as_mut() {
                    // Nothing in flight: the view equals the confirmed board, so apply in place.
                    let _ = apply_committed(view, &c.op, &stamp);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::CardId;

    fn change(title: &str) -> Pending {
        Pending {
            id: ClientOpId::random(),
            op: Op::EditCard {
                card: CardId::random(),
                title: Some(title.into()),
                description: None,
            },
            stamp: Stamp::default(),
        }
    }

    fn ids(list: &[Pending]) -> Vec<ClientOpId> {
        list.iter().map(|p| p.id).collect()
    }

    #[test]
    fn two_pages_of_a_board_keep_each_others_changes() {
        let (a, b) = (change("a"), change("b"));
        // Page A keeps its change; page B, which holds another, saves after it.
        let kept = kept_after_save(Vec::new(), &[], std::slice::from_ref(&a));
        let kept = kept_after_save(kept, &[], std::slice::from_ref(&b));
        assert_eq!(ids(&kept), vec![a.id, b.id]);
        // A page holding nothing (everything it sent was confirmed) leaves B's.
        let kept = kept_after_save(kept, &[a.id], &[]);
        assert_eq!(ids(&kept), vec![b.id]);
        // B's change, once confirmed, goes when B saves.
        let kept = kept_after_save(kept, &[b.id], &[]);
        assert!(kept.is_empty());
    }

    #[test]
    fn a_task_made_in_a_stage_deleted_meanwhile_goes_to_the_first_stage() {
        let mut board = Board::new(crate::ids::BoardId::random(), "Water", "Water");
        let stages: Vec<crate::ids::ColumnId> =
            (0..3).map(|_| crate::ids::ColumnId::random()).collect();
        for (stage, position) in stages.iter().zip(crate::order::OrderKey::sequence(None, 3)) {
            let add = Op::AddColumn {
                column: *stage,
                name: "Stage".into(),
                position,
            };
            apply(&mut board, &add, &Stamp::default()).unwrap();
        }
        let mut sync = ClientSync::new(board, 3);
        let (card, kept) = (CardId::random(), CardId::random());
        let create = |card, column, title: &str| Op::CreateCard {
            card,
            column,
            position: crate::order::OrderKey::first(),
            title: title.into(),
            description: String::new(),
        };
        sync.submit(create(card, stages[2], "Water Code"), Stamp::default())
            .unwrap();
        sync.submit(create(kept, stages[1], "Reservoirs"), Stamp::default())
            .unwrap();
        let describe = Op::EditCard {
            card,
            title: None,
            description: Some("Draft agreed".into()),
        };
        sync.submit(describe, Stamp::default()).unwrap();
        // Meanwhile a lead deleted the last stage.
        let deleted = Committed {
            seq: 4,
            op: Op::DeleteColumn { column: stages[2] },
            author: "Lead".into(),
            author_id: None,
            at: 0,
            client_op: None,
        };
        sync.receive(ServerMsg::Committed(deleted));
        assert_eq!(sync.rehome(), vec!["Water Code".to_owned()]);
        let view = sync.view();
        assert_eq!(view.cards[&card].column, stages[0]);
        assert_eq!(view.cards[&card].description, "Draft agreed");
        assert_eq!(
            view.cards[&kept].column, stages[1],
            "its stage is still there"
        );
        assert!(sync.rehome().is_empty(), "once");
    }

    #[test]
    fn a_page_sends_what_a_closed_page_kept_but_not_what_it_saw_confirmed() {
        let (a, b, confirmed) = (change("a"), change("b"), change("done"));
        let mut sync = ClientSync::new(
            Board::new(crate::ids::BoardId::random(), "Water", "Water"),
            0,
        );
        sync.pending.push(b.clone());
        sync.adopt(
            vec![a.clone(), b.clone(), confirmed.clone()],
            &[b.id, confirmed.id],
        );
        assert_eq!(ids(sync.pending()), vec![b.id, a.id]);
    }
}
