//! What the board page shares with its parts: which panels are open, and the person's role.

use crate::contexts::session::Session;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use qadam_shared::access::Standing;
use qadam_shared::view::{CardFilter, Lanes, shown_in};
use qadam_shared::{Board, Card, CardId, ColumnId, Member, Role, UserId};

/// Which card's editor is open.
#[derive(Clone, Copy)]
pub struct Editing(pub RwSignal<Option<CardId>>);

/// Whether the archive panel is open.
#[derive(Clone, Copy)]
pub struct ShowArchive(pub RwSignal<bool>);

/// Whether the sharing panel (members, embeds) is open.
#[derive(Clone, Copy)]
pub struct ShowShare(pub RwSignal<bool>);

/// Whether the import and export panel is open.
#[derive(Clone, Copy)]
pub struct ShowTransfer(pub RwSignal<bool>);

/// Whether the webhooks panel is open.
#[derive(Clone, Copy)]
pub struct ShowWebhooks(pub RwSignal<bool>);

/// On the board as it was: the tasks that are elsewhere now (another stage, archived, new).
#[derive(Clone, Copy)]
pub struct MovedSince(pub RwSignal<std::collections::BTreeSet<CardId>>);

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

impl Permissions {
    /// The person's standing on this board for the shared access rule: this page's role, and
    /// whether they are an administrator (tracked).
    pub fn standing(self, session: Session) -> Standing {
        Standing {
            role: self.0,
            admin: session.is_admin(),
        }
    }
}

/// What the board shows, kept in the page's address so a filtered board can be sent to
/// someone: the filter and the swimlanes.
#[derive(Clone, Copy)]
pub struct Shown {
    pub filter: Memo<CardFilter>,
    pub lanes: Memo<Option<Lanes>>,
    /// Replaces the address's query.
    go: Callback<String>,
}

impl Shown {
    /// Reads them from the page's address (the board page provides this).
    pub fn from_address() -> Self {
        let query = use_query_map();
        let path = use_location().pathname;
        let navigate = use_navigate();
        let go = Callback::new(move |query: String| {
            let path = path.get_untracked();
            navigate(
                &format!("{path}{query}"),
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..NavigateOptions::default()
                },
            )
        });
        Self {
            go,
            filter: Memo::new(move |_| {
                query.with(|q| CardFilter::from_query(q.into_iter().map(|(k, v)| (k.as_ref(), v))))
            }),
            lanes: Memo::new(move |_| query.with(|q| q.get_str("lanes").and_then(Lanes::parse))),
        }
    }

    /// Shows `filter` and `lanes`: the address changes (in place, not as a new page).
    pub fn show(&self, filter: &CardFilter, lanes: Option<Lanes>) {
        let mut pairs = filter.to_query();
        if let Some(lanes) = lanes {
            pairs.push(("lanes", lanes.as_str().to_owned()));
        }
        let query: ParamsMap = pairs.into_iter().collect();
        self.go.run(query.to_query_string());
    }

    /// How many of a stage's open cards the filter shows, in every lane (tracked).
    pub fn count_in(&self, board: &Board, column: ColumnId) -> usize {
        let now = js_sys::Date::now() as i64;
        self.filter
            .with(|f| shown_in(board, column, f, None, now).len())
    }

    /// The cards of `column` (in `lane`, with swimlanes) a person sees now, untracked.
    pub fn cards_in<'a>(
        &self,
        board: &'a Board,
        column: ColumnId,
        lane: &Option<String>,
    ) -> Vec<&'a Card> {
        let now = js_sys::Date::now() as i64;
        let lanes = self.lanes.get_untracked();
        self.filter
            .with_untracked(|f| shown_in(board, column, f, lanes.map(|l| (l, lane)), now))
    }
}
