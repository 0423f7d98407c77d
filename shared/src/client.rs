//! The browser's side of sync: the board as the server last confirmed it, the operations still in
//! flight, and the board the person sees, which is the confirmed board with those operations
//! replayed on top. Pure state, no I/O, so the simulation tests drive it exactly as the app does.

use crate::access::Standing;
use crate::delivery::Stamp;
use crate::ids::{ClientOpId, ColumnId};
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

/// A task made here that went to another stage than the one it was made in, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rehomed {
    pub title: String,
    pub stage: String,
}

/// A creation aimed at the end of `stage` instead; None for any other operation.
fn aimed_at(op: &Op, stage: ColumnId, board: &Board) -> Option<Op> {
    let Op::CreateCard {
        card,
        title,
        description,
        ..
    } = op
    else {
        return None;
    };
    Some(Op::CreateCard {
        card: *card,
        column: stage,
        position: board.card_key_at(stage, *card, usize::MAX),
        title: title.clone(),
        description: description.clone(),
    })
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

    /// Aims each task created here that the board, as it now stands, would refuse where it was
    /// made (its stage deleted meanwhile, gated above the person or full) at the end of the
    /// first stage that takes it from them instead, so its text is not refused with it (and the
    /// changes made to it after, with the task). Run on the caught-up board, before sending;
    /// says which tasks went where. A task no stage takes is left to be refused as it was.
    pub fn rehome(&mut self, standing: Standing) -> Vec<Rehomed> {
        let mut board = self.confirmed.clone();
        let mut moved = Vec::new();
        for p in &mut self.pending {
            if standing.make(&p.op, &mut board, &p.stamp).is_ok() {
                continue;
            }
            let stages: Vec<(ColumnId, String)> = board
                .ordered_columns()
                .iter()
                .map(|c| (c.id, c.name.clone()))
                .collect();
            let taken = stages.into_iter().find_map(|(stage, name)| {
                let op = aimed_at(&p.op, stage, &board)?;
                standing
                    .make(&op, &mut board, &p.stamp)
                    .is_ok()
                    .then_some((op, name))
            });
            if let Some((op, stage)) = taken
                && let Op::CreateCard { title, .. } = &op
            {
                moved.push(Rehomed {
                    title: title.clone(),
                    stage,
                });
                p.op = op;
            }
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

    /// A board of three stages, "Plan", "Pilot" and "Done", and its client at seq 3.
    fn three_stages() -> (ClientSync, Vec<ColumnId>) {
        let mut board = Board::new(crate::ids::BoardId::random(), "Water", "Water");
        let stages: Vec<ColumnId> = (0..3).map(|_| ColumnId::random()).collect();
        let names = ["Plan", "Pilot", "Done"];
        for ((stage, position), name) in stages
            .iter()
            .zip(crate::order::OrderKey::sequence(None, 3))
            .zip(names)
        {
            let add = Op::AddColumn {
                column: *stage,
                name: name.into(),
                position,
            };
            apply(&mut board, &add, &Stamp::default()).unwrap();
        }
        (ClientSync::new(board, 3), stages)
    }

    fn create(card: CardId, column: ColumnId, title: &str) -> Op {
        Op::CreateCard {
            card,
            column,
            position: crate::order::OrderKey::first(),
            title: title.into(),
            description: String::new(),
        }
    }

    /// What a lead committed elsewhere meanwhile, as the `seq`th change.
    fn by_a_lead(seq: u64, op: Op) -> ServerMsg {
        ServerMsg::Committed(Committed {
            seq,
            op,
            author: "Lead".into(),
            author_id: None,
            at: 0,
            client_op: None,
        })
    }

    /// A lead keeps `stage` for leads.
    fn leads_only(stage: ColumnId) -> Op {
        Op::SetStageGate {
            column: stage,
            gate: Some(crate::Role::Lead),
        }
    }

    fn member() -> Standing {
        Standing {
            role: crate::Role::Member,
            admin: false,
        }
    }

    fn went(title: &str, stage: &str) -> Rehomed {
        Rehomed {
            title: title.into(),
            stage: stage.into(),
        }
    }

    #[test]
    fn a_task_made_in_a_stage_deleted_meanwhile_goes_to_the_first_stage() {
        let (mut sync, stages) = three_stages();
        let (card, kept) = (CardId::random(), CardId::random());
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
        sync.receive(by_a_lead(4, Op::DeleteColumn { column: stages[2] }));
        assert_eq!(sync.rehome(member()), vec![went("Water Code", "Plan")]);
        let view = sync.view();
        assert_eq!(view.cards[&card].column, stages[0]);
        assert_eq!(view.cards[&card].description, "Draft agreed");
        assert_eq!(
            view.cards[&kept].column, stages[1],
            "its stage is still there"
        );
        assert!(sync.rehome(member()).is_empty(), "once");
    }

    #[test]
    fn a_task_made_in_a_stage_closed_to_its_maker_meanwhile_goes_to_the_first_open_one() {
        let (mut sync, stages) = three_stages();
        let card = CardId::random();
        sync.submit(create(card, stages[2], "Water Code"), Stamp::default())
            .unwrap();
        // Meanwhile leads took "Done" and "Plan" for themselves.
        for (seq, stage) in [(4, stages[2]), (5, stages[0])] {
            sync.receive(by_a_lead(seq, leads_only(stage)));
        }
        assert_eq!(sync.rehome(member()), vec![went("Water Code", "Pilot")]);
        assert_eq!(sync.view().cards[&card].column, stages[1]);
        // A lead's task passes every gate and stays where it was made.
        let (mut sync, stages) = three_stages();
        sync.submit(create(card, stages[2], "Water Code"), Stamp::default())
            .unwrap();
        sync.receive(by_a_lead(4, leads_only(stages[2])));
        let lead = Standing {
            role: crate::Role::Lead,
            admin: false,
        };
        assert!(sync.rehome(lead).is_empty());
    }

    #[test]
    fn a_task_no_stage_takes_is_left_as_it_was_made() {
        let (mut sync, stages) = three_stages();
        let card = CardId::random();
        sync.submit(create(card, stages[1], "Water Code"), Stamp::default())
            .unwrap();
        // Meanwhile leads took "Plan" and "Done" for themselves, and "Pilot" filled to its
        // limit, which the board made hard.
        let (other, mut seq) = (CardId::random(), 3);
        let mut meanwhile = |op| {
            seq += 1;
            sync.receive(by_a_lead(seq, op));
        };
        for stage in [stages[0], stages[2]] {
            meanwhile(leads_only(stage));
        }
        meanwhile(create(other, stages[1], "Reservoirs"));
        meanwhile(Op::SetWipLimit {
            column: stages[1],
            limit: Some(1),
        });
        meanwhile(Op::SetBoardSettings {
            settings: crate::BoardSettings {
                hard_limits: true,
                ..Default::default()
            },
        });
        assert!(sync.rehome(member()).is_empty());
        assert!(
            matches!(&sync.pending()[0].op, Op::CreateCard { column, .. } if *column == stages[1])
        );
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
