//! Who may do what on a board. The server enforces this on every request and operation; the
//! browser runs the same rule to offer only what a person may do, and to refuse the rest at once
//! with the server's words.

use crate::delivery::Stamp;
use crate::ids::{CardId, ColumnId};
use crate::model::Board;
use crate::ops::{Op, RejectCode, Rejection, Target, apply, room_for};
use crate::order::OrderKey;
use crate::roles::Role;

/// What an operation needs of the person making it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needed {
    Role(Role),
    /// Special control is the Project Office's own lever.
    Administrator,
}

/// A person as the access rules see them on one board.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    pub role: Role,
    /// A Project Office administrator.
    pub admin: bool,
}

/// What `op` needs on `board` as it stands: members change cards, leads change stages and the
/// board's settings and delete archived cards, a stage's gate decides who moves cards into it,
/// and only administrators set or lift special control, or archive or delete a task under it
/// (which would take it out of the office's views as surely as lifting it).
pub fn needed_for(op: &Op, board: &Board) -> Needed {
    match op {
        Op::SetSpecialControl { .. } => Needed::Administrator,
        Op::ArchiveCard { card } | Op::DeleteCard { card }
            if board
                .cards
                .get(card)
                .is_some_and(|c| c.delivery.special_control) =>
        {
            Needed::Administrator
        }
        // Gone for good: the team's leads decide.
        Op::DeleteCard { .. } => Needed::Role(Role::Lead),
        Op::CreateCard { card, column, .. }
        | Op::MoveCard { card, column, .. }
        | Op::RestoreCard { card, column, .. } => {
            let entering = board
                .cards
                .get(card)
                .is_none_or(|c| c.column != *column || c.archived);
            let gate = board
                .columns
                .get(column)
                .and_then(|c| c.gate)
                .filter(|_| entering);
            Needed::Role(gate.unwrap_or(Role::Member).max(Role::Member))
        }
        _ => Needed::Role(match op.target() {
            Target::Card(_) => Role::Member,
            Target::Column(_) | Target::Board => Role::Lead,
        }),
    }
}

impl Standing {
    /// Makes `op` on `board` as this person: refused as the server refuses it (their standing,
    /// then the rules), else applied, giving the operation as applied.
    pub fn make(self, op: &Op, board: &mut Board, stamp: &Stamp) -> Result<Op, Rejection> {
        self.permit(op, board)?;
        apply(board, op, stamp)
    }

    /// Whether this person may take `card` into `column` as the board stands: the stage's gate
    /// and, under hard limits, its room.
    pub fn may_take(self, card: CardId, column: ColumnId, board: &Board) -> bool {
        let into = Op::MoveCard {
            card,
            column,
            position: OrderKey::first(),
        };
        self.may(&into, board) && room_for(board, column, card).is_ok()
    }

    /// Whether this person may make `op` on `board`.
    pub fn may(self, op: &Op, board: &Board) -> bool {
        self.permit(op, board).is_ok()
    }

    /// Refuses an operation this person may not make, the same way the rules refuse one.
    pub fn permit(self, op: &Op, board: &Board) -> Result<(), Rejection> {
        match needed_for(op, board) {
            Needed::Administrator if !self.admin => Err(Rejection {
                code: RejectCode::AdministratorsOnly,
                message: "only Project Office administrators set or lift special control, or archive or delete a task under it".into(),
            }),
            Needed::Role(role) if self.role < role => Err(match op {
                Op::CreateCard { column, .. }
                | Op::MoveCard { column, .. }
                | Op::RestoreCard { column, .. }
                    if self.role.edits_cards() =>
                {
                    let stage = board.columns.get(column).map(|c| c.name.as_str());
                    Rejection {
                        code: RejectCode::StageGated,
                        message: format!(
                            "only a board's {}s move tasks into the stage {}",
                            role.as_str(),
                            stage.unwrap_or_default()
                        ),
                    }
                }
                _ => Rejection {
                    code: RejectCode::Forbidden,
                    message: format!("this needs the {} role on the board", role.as_str()),
                },
            }),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BoardId, Card, CardId, Column, ColumnId, OrderKey};

    fn standing(role: Role, admin: bool) -> Standing {
        Standing { role, admin }
    }

    /// A board with an open stage and a stage only leads may move tasks into, one card in the
    /// first.
    fn board() -> (Board, ColumnId, ColumnId, CardId) {
        let mut board = Board::new(BoardId::random(), "b", "t");
        let (open, gated, card) = (ColumnId::random(), ColumnId::random(), CardId::random());
        for (id, gate) in [(open, None), (gated, Some(Role::Lead))] {
            board.columns.insert(
                id,
                Column {
                    id,
                    name: "Done".into(),
                    position: OrderKey::first(),
                    wip_limit: None,
                    gate,
                },
            );
        }
        board.cards.insert(
            card,
            Card {
                id: card,
                column: open,
                position: OrderKey::first(),
                title: "t".into(),
                description: String::new(),
                archived: false,
                delivery: Default::default(),
                parts: Default::default(),
            },
        );
        (board, open, gated, card)
    }

    #[test]
    fn observers_change_nothing_members_change_cards_leads_change_stages() {
        let (board, open, _, card) = board();
        let card_op = Op::MoveCard {
            card,
            column: open,
            position: OrderKey::first(),
        };
        let stage = Op::DeleteColumn { column: open };
        let [observer, member, lead] =
            [Role::Observer, Role::Member, Role::Lead].map(|r| standing(r, false));
        assert!(!observer.may(&card_op, &board) && !observer.may(&stage, &board));
        assert!(member.may(&card_op, &board) && !member.may(&stage, &board));
        assert!(lead.may(&card_op, &board) && lead.may(&stage, &board));
        assert_eq!(
            observer.permit(&card_op, &board).unwrap_err().code,
            RejectCode::Forbidden
        );
        assert_eq!(Role::for_person(true, None), Some(Role::Lead));
        assert_eq!(Role::for_person(false, None), None);
        assert_eq!(
            Role::for_person(false, Some(Role::Observer)),
            Some(Role::Observer)
        );
        for role in [Role::Observer, Role::Member, Role::Lead] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }

    #[test]
    fn a_gated_stage_takes_tasks_from_leads_only() {
        let (mut board, _, gated, card) = board();
        let into_gated = Op::MoveCard {
            card,
            column: gated,
            position: OrderKey::first(),
        };
        let created_there = Op::CreateCard {
            card: CardId::random(),
            column: gated,
            position: OrderKey::first(),
            title: "t".into(),
            description: String::new(),
        };
        let member = standing(Role::Member, false);
        for op in [&into_gated, &created_there] {
            assert_eq!(
                member.permit(op, &board).unwrap_err().code,
                RejectCode::StageGated
            );
            assert!(standing(Role::Lead, false).may(op, &board));
        }
        // A task already in the stage may still be reordered there by a member.
        board.cards.get_mut(&card).unwrap().column = gated;
        assert!(member.may(&into_gated, &board));
    }

    #[test]
    fn only_administrators_set_special_control() {
        let (board, _, _, card) = board();
        let op = Op::SetSpecialControl { card, on: true };
        assert_eq!(
            standing(Role::Lead, false)
                .permit(&op, &board)
                .unwrap_err()
                .code,
            RejectCode::AdministratorsOnly
        );
        assert!(standing(Role::Lead, true).may(&op, &board));
        let settings = Op::SetBoardSettings {
            settings: Default::default(),
        };
        assert!(!standing(Role::Member, false).may(&settings, &board));
        assert!(standing(Role::Lead, false).may(&settings, &board));
    }

    /// Archiving takes a task out of the office's views as surely as lifting its special control.
    #[test]
    fn a_task_under_special_control_is_archived_by_administrators_only() {
        let (mut board, _, _, card) = board();
        let archive = Op::ArchiveCard { card };
        assert!(standing(Role::Member, false).may(&archive, &board));
        board.cards.get_mut(&card).unwrap().delivery.special_control = true;
        assert_eq!(
            standing(Role::Lead, false)
                .permit(&archive, &board)
                .unwrap_err()
                .code,
            RejectCode::AdministratorsOnly
        );
        assert!(standing(Role::Member, true).may(&archive, &board));
    }

    #[test]
    fn leads_delete_archived_tasks_and_administrators_those_under_special_control() {
        let (mut board, _, _, card) = board();
        let delete = Op::DeleteCard { card };
        assert!(!standing(Role::Member, false).may(&delete, &board));
        assert!(standing(Role::Lead, false).may(&delete, &board));
        board.cards.get_mut(&card).unwrap().delivery.special_control = true;
        assert!(!standing(Role::Lead, false).may(&delete, &board));
        assert!(standing(Role::Member, true).may(&delete, &board));
    }
}
