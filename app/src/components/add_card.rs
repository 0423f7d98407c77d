//! Adds a card at the bottom of a column.

use crate::sync::BoardSync;
use leptos::html;
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use qadam_shared::limits::TITLE_MAX_CHARS;
use qadam_shared::{CardId, ColumnId, Op};

#[component]
pub fn AddCard(column: ColumnId) -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let open = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let input = NodeRef::<html::Textarea>::new();
    Effect::new(move |_| {
        if open.get()
            && let Some(el) = input.get()
        {
            let _ = el.focus();
        }
    });
    let add = move || {
        let title = draft.get_untracked();
        if title.trim().is_empty() {
            return;
        }
        let Some(board) = sync.board.get_untracked() else {
            return;
        };
        let card = CardId::random();
        let position = board.card_key_at(column, card, usize::MAX);
        if sync.submit(Op::CreateCard {
            card,
            column,
            position,
            title,
            description: String::new(),
        }) {
            draft.set(String::new());
        }
    };
    view! {
        <div class="add-card">
            <Show
                when=move || open.get()
                fallback=move || view! {
                    <button class="ghost add" on:click=move |_| open.set(true)>{move_tr!("card-add-open")}</button>
                }
            >
                <form on:submit=move |e| { e.prevent_default(); add(); }>
                    <textarea
                        node_ref=input
                        aria-label=move_tr!("card-new-title-label")
                        placeholder=move_tr!("card-new-title-placeholder")
                        maxlength=TITLE_MAX_CHARS.to_string()
                        prop:value=move || draft.get()
                        on:input=move |e| draft.set(event_target_value(&e))
                        on:keydown=move |e| match e.key().as_str() {
                            "Enter" if !e.shift_key() => { e.prevent_default(); add(); }
                            "Escape" => open.set(false),
                            _ => {}
                        }
                    ></textarea>
                    <p class="counter" aria-live="polite">
                        {move || tr!("card-title-counter", {
                            "count" => draft.with(|d| d.chars().count()),
                            "max" => TITLE_MAX_CHARS,
                        })}
                    </p>
                    <div class="form-actions">
                        <button type="submit" class="primary">{move_tr!("card-add")}</button>
                        <button type="button" class="ghost" on:click=move |_| open.set(false)>{move_tr!("cancel")}</button>
                    </div>
                </form>
            </Show>
        </div>
    }
}
