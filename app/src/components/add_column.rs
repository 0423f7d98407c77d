//! Adds a stage at the right end of the board.

use crate::sync::BoardSync;
use leptos::prelude::*;
use leptos_fluent::move_tr;
use qadam_shared::{ColumnId, Op};

#[component]
pub fn AddColumn() -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let open = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let add = move || {
        let name = draft.get_untracked();
        let Some(board) = sync.board.get_untracked() else {
            return;
        };
        let column = ColumnId::random();
        let position = board.column_key_at(column, usize::MAX);
        if sync.submit(Op::AddColumn {
            column,
            name,
            position,
        }) {
            draft.set(String::new());
            open.set(false);
        }
    };
    view! {
        <div class="add-column">
            <Show
                when=move || open.get()
                fallback=move || view! {
                    <button class="ghost add" on:click=move |_| open.set(true)>{move_tr!("stage-add-open")}</button>
                }
            >
                <form on:submit=move |e| { e.prevent_default(); add(); }>
                    <input
                        aria-label=move_tr!("stage-new-name-label")
                        placeholder=move_tr!("stage-new-name-placeholder")
                        autofocus
                        prop:value=move || draft.get()
                        on:input=move |e| draft.set(event_target_value(&e))
                        on:keydown=move |e| if e.key() == "Escape" { open.set(false) }
                    />
                    <div class="form-actions">
                        <button type="submit" class="primary">{move_tr!("stage-add")}</button>
                        <button type="button" class="ghost" on:click=move |_| open.set(false)>{move_tr!("cancel")}</button>
                    </div>
                </form>
            </Show>
        </div>
    }
}
