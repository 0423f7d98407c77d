//! People as the wire carries them: the signed-in person, accounts, team members, sessions.

use crate::ids::{BoardId, UserId};
use crate::roles::Role;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The signed-in person, as the browser needs to know them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: UserId,
    pub login: String,
    pub display_name: String,
    /// Project Office administrator: every board, users, teams.
    pub is_admin: bool,
    /// Role per board the person belongs to (administrators see every board as lead).
    pub roles: BTreeMap<BoardId, Role>,
    /// The password was chosen by someone else: nothing but changing it is allowed yet.
    #[serde(default)]
    pub must_change_password: bool,
    /// The language the person chose (one of `LANGUAGES`), if they chose one.
    #[serde(default)]
    pub language: Option<String>,
}

/// The languages Qadam speaks: Kazakh (the state language, the default), Russian, English.
pub const LANGUAGES: [&str; 3] = ["kk", "ru", "en"];

/// One of the signed-in person's sessions (a browser where they are signed in).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub id: String,
    /// When it was opened and last used, in milliseconds since the Unix epoch.
    pub created_at: i64,
    pub last_seen: i64,
    /// The browser that opened it, as it named itself.
    pub user_agent: String,
    /// This very browser.
    pub current: bool,
}

/// An account as administrators and leads see it (never its password).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    pub id: UserId,
    pub login: String,
    pub display_name: String,
    pub is_admin: bool,
    pub disabled: bool,
    /// The person's teams and roles, for administrators (empty for others asking).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub roles: BTreeMap<BoardId, Role>,
}

/// A person on a board's team.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub user_id: UserId,
    pub login: String,
    pub display_name: String,
    pub role: Role,
}

impl Member {
    /// Whether tasks may be assigned to this member: members and leads work on them; an
    /// observer only watches the board.
    pub fn assignable(&self) -> bool {
        self.role.edits_cards()
    }
}
