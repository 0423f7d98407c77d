//! What the board page shares with its parts: which panels are open, and the person's role.

use leptos::prelude::*;
use qadam_shared::{CardId, Member, Role, UserId};

/// Which card's editor is open.
#[derive(Clone, Copy)]
pub struct Editing(pub RwSignal<Option<CardId>>);

/// Whether the archive panel is open.
#[derive(Clone, Copy)]
pub struct ShowArchive(pub RwSignal<bool>);

/// Whether the sharing panel (members, embeds) is open.
#[derive(Clone, Copy)]
pub struct ShowShare(pub RwSignal<bool>);

/// The board's members (for assignees, initials and the sharing panel), loaded with the board.
#[derive(Clone, Copy)]
pub struct Team(pub RwSignal<Vec<Member>>);

impl Team {
    /// A member's name, if they are on the team.
    pub fn name_of(&self, id: UserId) -> Option<String> {
        self.0.with(|m| {
            m.iter()
                .find(|m| m.user_id == id)
                .map(|m| m.display_name.clone())
        })
    }
}

/// The person's role on this board: what the page offers them (the server enforces it).
#[derive(Clone, Copy)]
pub struct Permissions(pub Role);
