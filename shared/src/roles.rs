//! A person's role on a board, the one word both the access rules and a stage's gate speak.

use serde::{Deserialize, Serialize};

/// A person's role on one team's board. Project Office administrators act as leads everywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

    /// Whether this role changes cards at all.
    pub fn edits_cards(self) -> bool {
        self >= Role::Member
    }

    /// Whether this role runs the board (stages, members, embeds).
    pub fn runs_board(self) -> bool {
        self >= Role::Lead
    }
}
