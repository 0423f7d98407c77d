//! What the board page shares with its parts: which panels are open, and the person's role.

use leptos::prelude::*;
use qadam_shared::{CardId, Role};

/// Which card's editor is open.
#[derive(Clone, Copy)]
pub struct Editing(pub RwSignal<Option<CardId>>);

/// Whether the archive panel is open.
#[derive(Clone, Copy)]
pub struct ShowArchive(pub RwSignal<bool>);

/// Whether the sharing panel (members, embeds) is open.
#[derive(Clone, Copy)]
pub struct ShowShare(pub RwSignal<bool>);

/// The person's role on this board: what the page offers them (the server enforces it).
#[derive(Clone, Copy)]
pub struct Permissions(pub Role);
