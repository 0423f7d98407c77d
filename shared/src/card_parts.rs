//! What people work with inside a card beside its delivery fields: the board's coloured labels,
//! a checklist of milestones, comments, and links to documents kept in the ministries' own
//! systems.

use crate::delivery::Stamp;
use crate::ids::{ItemId, LabelId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A board's label, which its cards may carry.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Label {
    pub id: LabelId,
    pub name: String,
    pub color: LabelColor,
}

/// The colours a label may take: few and distinct, readable on white and for most colour-blind
/// readers by their names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LabelColor {
    Blue,
    Teal,
    Green,
    Yellow,
    Orange,
    Red,
    Purple,
    Grey,
}

impl LabelColor {
    pub const ALL: [LabelColor; 8] = [
        LabelColor::Blue,
        LabelColor::Teal,
        LabelColor::Green,
        LabelColor::Yellow,
        LabelColor::Orange,
        LabelColor::Red,
        LabelColor::Purple,
        LabelColor::Grey,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LabelColor::Blue => "blue",
            LabelColor::Teal => "teal",
            LabelColor::Green => "green",
            LabelColor::Yellow => "yellow",
            LabelColor::Orange => "orange",
            LabelColor::Red => "red",
            LabelColor::Purple => "purple",
            LabelColor::Grey => "grey",
        }
    }

    pub fn parse(s: &str) -> Option<LabelColor> {
        LabelColor::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A milestone of the card's checklist.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChecklistItem {
    pub id: ItemId,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// Who ticked it, and when; none while open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<Stamp>,
}

/// A comment: its author edits or deletes it, nobody else.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    pub id: ItemId,
    pub text: String,
    pub stamp: Stamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited_at: Option<i64>,
}

/// A link to a document in another system (the ministry's document flow, a shared folder).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Link {
    pub id: ItemId,
    pub title: String,
    /// An `http` or `https` address; nothing else is taken, so no link runs script.
    pub url: String,
}

/// The card's parts, all empty on a new card.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardParts {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<LabelId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checklist: Vec<ChecklistItem>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
}

impl CardParts {
    pub fn is_empty(&self) -> bool {
        *self == CardParts::default()
    }

    /// Ticked and all checklist items.
    pub fn progress(&self) -> (usize, usize) {
        let done = self.checklist.iter().filter(|i| i.done.is_some()).count();
        (done, self.checklist.len())
    }

    /// The text the parts hold, in UTF-8 bytes, counted against the board's budget.
    pub fn text_bytes(&self) -> usize {
        self.checklist.iter().map(|i| i.text.len()).sum::<usize>()
            + self
                .comments
                .iter()
                .map(|c| c.text.len() + c.stamp.by.len())
                .sum::<usize>()
            + self
                .links
                .iter()
                .map(|l| l.title.len() + l.url.len())
                .sum::<usize>()
    }
}

/// A card's set (its labels, its assignees) with `item` put in (`on`) or taken out: what a
/// checkbox sends. What `still` no longer holds leaves the set (a label the board deleted, a person
/// taken off the team): the rules refuse a set naming one, and nobody could untick it, since
/// neither is shown.
pub fn toggled<T: PartialEq + Copy>(
    set: &[T],
    item: T,
    on: bool,
    still: impl Fn(&T) -> bool,
) -> Vec<T> {
    let mut set: Vec<T> = set
        .iter()
        .copied()
        .filter(|x| *x != item && still(x))
        .collect();
    if on {
        set.push(item);
    }
    set
}

/// Whether `url` is one a link may hold: `http://` or `https://` and something after it.
pub fn is_web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://"]
        .iter()
        .any(|scheme| lower.len() > scheme.len() && lower.starts_with(scheme))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_make_links() {
        assert!(is_web_address("https://docs.gov.kz/a/1"));
        assert!(is_web_address("HTTP://intranet/x"));
        for bad in [
            "javascript:alert(1)",
            "https://",
            "data:text/html,x",
            "ftp://x",
            "",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
        for c in LabelColor::ALL {
            assert_eq!(LabelColor::parse(c.as_str()), Some(c));
        }
    }
}
