//! On a phone, where one stage fills the screen: a tab per stage that brings it into view, with
//! how many of its tasks the board shows (those the search and filter pass).

use crate::contexts::board::Shown;
use crate::sync::BoardSync;
use leptos::prelude::*;
use leptos_fluent::{I18n, move_tr};
use qadam_shared::ColumnId;
use wasm_bindgen::JsCast;

#[component]
pub fn StageTabs() -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let i18n = expect_context::<I18n>();
    let shown = expect_context::<Shown>();
    let stages = move || {
        sync.board.with(|b| {
            b.as_ref()
                .map(|b| {
                    b.ordered_columns()
                        .iter()
                        .map(|c| {
                            (
                                c.id,
                                crate::i18n::shown(i18n, &c.name),
                                shown.count_in(b, c.id),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    view! {
        <nav class="stage-tabs" aria-label=move_tr!("stage-tabs")>
            <For each=stages key=|s| s.clone() let((id, name, count))>
                <button class="stage-tab" on:click=move |_| show(id)>
                    {name} " " <span class="column-count">{count}</span>
                </button>
            </For>
        </nav>
    }
}

/// Scrolls the board so the stage starts at the left edge (the scroll snaps to it).
fn show(stage: ColumnId) {
    let document = document();
    let board = document.query_selector(".board-columns").ok().flatten();
    let column = document
        .query_selector(&format!("[data-column='{stage}']"))
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok());
    if let (Some(board), Some(column)) = (board, column) {
        board.set_scroll_left(column.offset_left() - 12);
    }
}
