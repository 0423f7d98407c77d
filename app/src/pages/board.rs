//! A team's board: its stages side by side, live.

use crate::components::{
    add_column::AddColumn, announcer::Announcer, archive_panel::ArchivePanel,
    board_header::BoardHeader, board_toolbar::BoardToolbar, card_editor::CardEditor,
    column::ColumnView, drag_preview::DragPreview, share_panel::SharePanel, shortcuts::Shortcuts,
    stage_tabs::StageTabs, swimlanes::Swimlanes, toasts::Toasts, transfer_panel::TransferPanel,
    webhooks_panel::WebhooksPanel,
};
use crate::contexts::board::{
    Editing, MovedSince, Permissions, ShowArchive, ShowShare, ShowTransfer, ShowWebhooks, Shown,
    Team,
};
use crate::contexts::office::OfficeLists;
use crate::contexts::session::Session;
use crate::drag::DragController;
use crate::sync::BoardSync;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::move_tr;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use qadam_shared::{BoardId, Role};
use std::collections::BTreeSet;

#[component]
pub fn BoardPage() -> impl IntoView {
    let params = use_params_map();
    let session = expect_context::<Session>();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<BoardId>().ok())
    });
    // A memo, so that a fresh answer about the person with the same role does not reopen the board.
    let role = Memo::new(move |_| {
        let id = id.get()?;
        session
            .me
            .with(|m| m.as_ref().and_then(|m| m.roles.get(&id).copied()))
    });
    // `?at=` (milliseconds): the board as it stood then.
    let query = leptos_router::hooks::use_query_map();
    let at =
        Memo::new(move |_| query.with(|q| q.get_str("at").and_then(|a| a.parse::<i64>().ok())));
    move || match (id.get(), role.get()) {
        (Some(id), Some(role)) => {
            let at = at.get();
            view! { <BoardView id role at /> }.into_any()
        }
        _ => view! {
            <p class="empty">{move_tr!("board-missing")}</p>
            <p class="back"><A href="/">{move_tr!("page-back")}</A></p>
        }
        .into_any(),
    }
}

/// The board live, or (`at`) as it stood at a moment: read-only, the tasks that moved since
/// marked.
#[component]
fn BoardView(id: BoardId, role: Role, at: Option<i64>) -> impl IntoView {
    let (sync, role) = match at {
        Some(at) => (BoardSync::past(id, at), Role::Observer),
        None => (BoardSync::open(id), role),
    };
    let moved = MovedSince(RwSignal::new(BTreeSet::new()));
    provide_context(moved);
    if at.is_some() {
        // What is different now: moved to another stage, archived or restored, or new since.
        Effect::new(move |done: Option<bool>| {
            if done == Some(true) || sync.board.with(Option::is_none) {
                return done.unwrap_or(false);
            }
            spawn_local(async move {
                if let (Ok(now), Some(then)) =
                    (crate::api::board(id).await, sync.board.get_untracked())
                {
                    let changed = now
                        .board
                        .cards
                        .values()
                        .filter(|c| {
                            then.cards
                                .get(&c.id)
                                .is_none_or(|t| t.column != c.column || t.archived != c.archived)
                        })
                        .map(|c| c.id)
                        .collect();
                    moved.0.set(changed);
                }
            });
            true
        });
    }
    let shown = Shown::from_address();
    provide_context(shown);
    let drag = DragController::new(sync, shown);
    provide_context(sync);
    provide_context(drag);
    provide_context(Editing(RwSignal::new(None)));
    provide_context(ShowArchive(RwSignal::new(false)));
    provide_context(ShowShare(RwSignal::new(false)));
    provide_context(ShowTransfer(RwSignal::new(false)));
    provide_context(ShowWebhooks(RwSignal::new(false)));
    provide_context(Permissions(role));
    OfficeLists::provide();
    // A link to one task (from the portfolio) opens it once the board is there.
    let wanted = leptos_router::hooks::use_query_map().with_untracked(|q| {
        q.get_str("card")
            .and_then(|c| c.parse::<qadam_shared::CardId>().ok())
    });
    if let Some(card) = wanted {
        let Editing(editing) = expect_context::<Editing>();
        Effect::new(move |opened: Option<bool>| {
            if opened == Some(true) {
                return true;
            }
            let there = sync
                .board
                .with(|b| b.as_ref().is_some_and(|b| b.cards.contains_key(&card)));
            if there {
                editing.set(Some(card));
            }
            there
        });
    }
    let team = Team(RwSignal::new(Vec::new()));
    provide_context(team);
    spawn_local(async move {
        if let Ok(members) = crate::api::members(id).await {
            team.0.set(members);
        }
    });
    let loaded = move || sync.board.with(|b| b.is_some());
    let columns = move || {
        sync.board.with(|b| {
            b.as_ref()
                .map(|b| {
                    b.ordered_columns()
                        .into_iter()
                        .map(|c| c.id)
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    view! {
        <div class="board-page" class:read-only=!role.edits_cards() class:dragging=move || drag.drag.with(|d| d.is_some())>
            <Show
                when=loaded
                fallback=move || view! { <p class="loading">{move_tr!("board-loading")}</p> }
            >
                <BoardHeader />
                <BoardToolbar />
                <StageTabs />
                {move || match shown.lanes.get() {
                    None => view! {
                        <div class="board-columns">
                            <For each=columns key=|id| *id let(column)>
                                <ColumnView column />
                            </For>
                            {role.runs_board().then(|| view! { <AddColumn /> })}
                        </div>
                    }.into_any(),
                    Some(_) => view! { <Swimlanes /> }.into_any(),
                }}
                <ArchivePanel />
                {role.runs_board().then(|| view! { <SharePanel board=id /> <WebhooksPanel board=id /> })}
                <TransferPanel board=id />
                <CardEditor />
            </Show>
            <DragPreview />
            <Shortcuts />
            <Toasts />
            <Announcer />
            <p id="dnd-help" class="sr-only">
                {move_tr!("board-keyboard-help")}
            </p>
        </div>
    }
}
