//! Who may do what on a board. The server enforces this on every request and operation; the
//! browser uses the same rule only to hide what a person cannot do.

use crate::ops::Op;
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

    /// The least role an operation needs.
    pub fn needed_for(op: &Op) -> Role {
        match op {
            Op::CreateCard { .. }
            | Op::EditCard { .. }
            | Op::MoveCard { .. }
            | Op::ArchiveCard { .. }
            | Op::RestoreCard { .. } => Role::Member,
            Op::AddColumn { .. }
            | Op::RenameColumn { .. }
            | Op::MoveColumn { .. }
            | Op::SetWipLimit { .. }
            | Op::DeleteColumn { .. } => Role::Lead,
        }
    }

    /// Whether this role may make `op`.
    pub fn may(self, op: &Op) -> bool {
        self >= Role::needed_for(op)
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
        for role in [Role::Observer, Role::Member, Role::Lead] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }
}
