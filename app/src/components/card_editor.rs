//! The card's dialog: edit its title and description, or archive it.

use crate::contexts::board::{Editing, Permissions};
use crate::sync::BoardSync;
use leptos::html;
use leptos::prelude::*;
use leptos_fluent::move_tr;
use qadam_shared::Op;
use qadam_shared::limits::{DESCRIPTION_MAX_CHARS, TITLE_MAX_CHARS};

#[component]
pub fn CardEditor() -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let Editing(editing) = expect_context::<Editing>();
    let Permissions(role) = expect_context::<Permissions>();
    let read_only = !role.edits_cards();
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let title_input = NodeRef::<html::Input>::new();
    // Load the card's text when the dialog opens.
    Effect::new(move |_| {
        let Some(id) = editing.get() else { return };
        let card = sync
            .board
            .with_untracked(|b| b.as_ref().and_then(|b| b.cards.get(&id).cloned()));
        match card {
            Some(card) => {
                title.set(card.title);
                description.set(card.description);
                if let Some(el) = title_input.get() {
                    let _ = el.focus();
                }
            }
            None => editing.set(None),
        }
    });
    // Someone archived the card meanwhile: close.
    Effect::new(move |_| {
        if let Some(id) = editing.get()
            && sync.board.with(|b| {
                b.as_ref()
                    .is_some_and(|b| b.cards.get(&id).is_none_or(|c| c.archived))
            })
        {
            editing.set(None);
        }
    });
    let close = move || {
        let id = editing.get_untracked();
        editing.set(None);
        if let Some(id) = id {
            crate::drag::focus_card(id);
        }
    };
    let save = move || {
        let Some(id) = editing.get_untracked() else {
            return;
        };
        let Some(card) = sync
            .board
            .with_untracked(|b| b.as_ref().and_then(|b| b.cards.get(&id).cloned()))
        else {
            return;
        };
        let new_title = title.get_untracked();
        let new_description = description.get_untracked();
        let op = Op::EditCard {
            card: id,
            title: (new_title.trim() != card.title).then_some(new_title),
            description: (new_description != card.description).then_some(new_description),
        };
        if matches!(
            &op,
            Op::EditCard {
                title: None,
                description: None,
                ..
            }
        ) || sync.submit(op)
        {
            close();
        }
    };
    let archive = move || {
        if let Some(id) = editing.get_untracked()
            && sync.submit(Op::ArchiveCard { card: id })
        {
            editing.set(None);
        }
    };
    view! {
        <Show when=move || editing.get().is_some()>
            <div class="dialog-backdrop" on:click=move |_| close()>
                <div
                    class="dialog"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="card-dialog-title"
                    on:click=|e| e.stop_propagation()
                    on:keydown=move |e| if e.key() == "Escape" { close() }
                >
                    <form on:submit=move |e| { e.prevent_default(); save(); }>
                        <h2 id="card-dialog-title">{move_tr!("card-dialog-title")}</h2>
                        <label for="card-title">{move_tr!("card-title")}</label>
                        <input
                            id="card-title"
                            node_ref=title_input
                            readonly=read_only
                            maxlength=TITLE_MAX_CHARS.to_string()
                            prop:value=move || title.get()
                            on:input=move |e| title.set(event_target_value(&e))
                        />
                        <label for="card-description">{move_tr!("card-description")}</label>
                        <textarea
                            id="card-description"
                            rows="8"
                            readonly=read_only
                            maxlength=DESCRIPTION_MAX_CHARS.to_string()
                            prop:value=move || description.get()
                            on:input=move |e| description.set(event_target_value(&e))
                        ></textarea>
                        <div class="form-actions">
                            {(!read_only).then(|| view! { <button type="submit" class="primary">{move_tr!("save")}</button> })}
                            <button type="button" class="ghost" on:click=move |_| close()>{if read_only { move_tr!("close") } else { move_tr!("cancel") }}</button>
                            <span class="spacer"></span>
                            {(!read_only).then(|| view! { <button type="button" class="danger" on:click=move |_| archive()>{move_tr!("card-archive")}</button> })}
                        </div>
                    </form>
                </div>
            </div>
        </Show>
    }
}
