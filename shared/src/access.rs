//! Who may do what on a board. The server enforces this on every request and operation; the
//! browser uses the same rule only to hide what a person cannot do.

use crate::ops::{Op, RejectCode, Rejection, Target};
use serde::{Deserialize, Serialize};

/// A person's role on one team's board. Project Office administrators act as leads everywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Read only: leadership, auditors.
    Observer,
    /// Creates, moves and edits cards.
    Member,
    /// Runs the board: its stages and limits, its members, its embeds.
    Lead,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Observer => "observer",
            Role::Member => "member",
            Role::Lead => "lead",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "observer" => Some(Role::Observer),
            "member" => Some(Role::Member),
            "lead" => Some(Role::Lead),
            _ => None,
        }
    }

    /// A person's role on a board: Project Office administrators lead every board; anyone else
    /// has the role their membership gives, if any.
    pub fn for_person(is_admin: bool, membership: Option<Role>) -> Option<Role> {
        if is_admin {
            Some(Role::Lead)
        } else {
            membership
        }
    }

    /// The least role an operation needs: members change cards, leads change stages.
    pub fn needed_for(op: &Op) -> Role {
        match op.target() {
            Target::Card(_) => Role::Member,
            Target::Column(_) => Role::Lead,
        }
    }

    /// Whether this role may make `op`.
    pub fn may(self, op: &Op) -> bool {
        self >= Role::needed_for(op)
    }

    /// Refuses an operation this role may not make, the same way the rules refuse one.
    pub fn permit(self, op: &Op) -> Result<(), Rejection> {
        if self.may(op) {
            return Ok(());
        }
        Err(Rejection {
            code: RejectCode::Forbidden,
            message: format!(
                "this needs the {} role on the board",
                Role::needed_for(op).as_str()
            ),
        })
    }

    /// Whether this role changes cards at all.
    pub fn edits_cards(self) -> bool {
        self >= Role::Member
    }

    /// Whether this role runs the board (stages, members, embeds).
    pub fn runs_board(self) -> bool {
        self >= Role::Lead
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CardId, ColumnId, OrderKey};

    #[test]
    fn observers_change_nothing_members_change_cards_leads_change_stages() {
        let card = Op::MoveCard {
            card: CardId::random(),
            column: ColumnId::random(),
            position: OrderKey::first(),
        };
        let stage = Op::DeleteColumn {
            column: ColumnId::random(),
        };
        assert!(!Role::Observer.may(&card) && !Role::Observer.may(&stage));
        assert!(Role::Member.may(&card) && !Role::Member.may(&stage));
        assert!(Role::Lead.may(&card) && Role::Lead.may(&stage));
        assert_eq!(
            Role::Observer.permit(&card).unwrap_err().code,
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
}
