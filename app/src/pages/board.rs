//! A team's board: its stages side by side, live.

use crate::components::{
    add_column::AddColumn, announcer::Announcer, archive_panel::ArchivePanel,
    board_header::BoardHeader, card_editor::CardEditor, column::ColumnView,
    drag_preview::DragPreview, name_prompt::NamePrompt, toasts::Toasts,
};
use crate::drag::DragController;
use crate::sync::BoardSync;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use qadam_shared::{BoardId, CardId};

/// Which card's editor is open.
#[derive(Clone, Copy)]
pub struct Editing(pub RwSignal<Option<CardId>>);

/// Whether the archive panel is open.
#[derive(Clone, Copy)]
pub struct ShowArchive(pub RwSignal<bool>);

#[component]
pub fn BoardPage() -> impl IntoView {
    let params = use_params_map();
    let name = expect_context::<RwSignal<Option<String>>>();
    move || {
        let id = params
            .read()
            .get("id")
            .and_then(|s| s.parse::<BoardId>().ok());
        match (id, name.get()) {
            (None, _) => view! { <p class="empty">"There is no such board."</p> }.into_any(),
            (Some(_), None) => view! { <NamePrompt /> }.into_any(),
            (Some(id), Some(author)) => view! { <BoardView id author /> }.into_any(),
        }
    }
}

#[component]
fn BoardView(id: BoardId, author: String) -> impl IntoView {
    let sync = BoardSync::open(id, author);
    let drag = DragController::new(sync);
    provide_context(sync);
    provide_context(drag);
    provide_context(Editing(RwSignal::new(None)));
    provide_context(ShowArchive(RwSignal::new(false)));
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
        <div class="board-page" class:dragging=move || drag.drag.with(|d| d.is_some())>
            <Show
                when=loaded
                fallback=move || view! { <p class="loading">"Loading the board…"</p> }
            >
                <BoardHeader />
                <div class="board-columns">
                    <For each=columns key=|id| *id let(column)>
                        <ColumnView column />
                    </For>
                    <AddColumn />
                </div>
                <ArchivePanel />
                <CardEditor />
            </Show>
            <DragPreview />
            <Toasts />
            <Announcer />
            <p id="dnd-help" class="sr-only">
                "Space lifts the card; arrow keys move it; Space drops it; Escape cancels. Enter opens the card."
            </p>
        </div>
    }
}
