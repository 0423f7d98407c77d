//! A person's inbox: what happened that concerns them, each linking to its task.

use crate::ids::{BoardId, CardId};
use serde::{Deserialize, Serialize};

/// What a notification says happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// You were assigned to the task.
    Assigned,
    /// A comment on the task names you (`@login`).
    Mentioned,
    /// A task assigned to you was judged red.
    Red,
    /// A task of your team was put under special control.
    ControlSet,
    /// Special control of a task of your team was lifted.
    ControlLifted,
    /// A task assigned to you is due within its board's warning period.
    DueSoon,
    /// A task assigned to you is past its deadline.
    Overdue,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 7] = [
        NotificationKind::Assigned,
        NotificationKind::Mentioned,
        NotificationKind::Red,
        NotificationKind::ControlSet,
        NotificationKind::ControlLifted,
        NotificationKind::DueSoon,
        NotificationKind::Overdue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::Assigned => "assigned",
            NotificationKind::Mentioned => "mentioned",
            NotificationKind::Red => "red",
            NotificationKind::ControlSet => "control_set",
            NotificationKind::ControlLifted => "control_lifted",
            NotificationKind::DueSoon => "due_soon",
            NotificationKind::Overdue => "overdue",
        }
    }

    pub fn parse(s: &str) -> Option<NotificationKind> {
        NotificationKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: String,
    pub kind: NotificationKind,
    pub board: BoardId,
    pub board_name: String,
    pub card: CardId,
    pub title: String,
    /// Who made the change.
    pub by: String,
    pub at: i64,
    pub read: bool,
}

/// `GET /api/me/notifications`: the latest, newest first, and how many are unread.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Inbox {
    pub items: Vec<Notification>,
    pub unread: usize,
}

/// The logins a comment names: `@login` words (letters, digits and `. _ -`), without repeats.
pub fn mentions(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter_map(|w| w.strip_prefix('@'))
        .map(|w| {
            w.trim_end_matches(|c: char| !(c.is_alphanumeric() || c == '_'))
                .to_lowercase()
        })
        .filter(|w| w.len() >= 2)
        .collect();
    found.sort();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_names_logins_with_an_at_sign() {
        assert_eq!(
            mentions("@Bolat please check, and @a.seitkali. Cc @bolat; email x@y.kz"),
            ["a.seitkali", "bolat"]
        );
        for k in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(k.as_str()), Some(k));
        }
    }
}
