//! A card on the board: opens on click or Enter, lifts on drag or Space.

use crate::components::card_badges::CardBadges;
use crate::contexts::board::{Editing, MovedSince, Permissions};
use crate::drag::DragController;
use leptos::prelude::*;
use leptos_fluent::move_tr;
use qadam_shared::{Card, ColumnId};
use wasm_bindgen::JsCast;

#[component]
pub fn CardView(card: Card, column: ColumnId) -> impl IntoView {
    let drag = expect_context::<DragController>();
    let Editing(editing) = expect_context::<Editing>();
    let Permissions(role) = expect_context::<Permissions>();
    let moved = expect_context::<MovedSince>();
    let movable = role.edits_cards();
    let id = card.id;
    let title = card.title.clone();
    let on_pointer_down = {
        let title = title.clone();
        move |e: leptos::ev::PointerEvent| {
            if movable {
                drag.pointer_down(&e, id, title.clone(), column)
            }
        }
    };
    let on_key = {
        let title = title.clone();
        move |e: leptos::ev::KeyboardEvent| {
            if drag.drag.get_untracked().is_some() {
                return;
            }
            match e.key().as_str() {
                " " if movable => {
                    e.prevent_default();
                    // The window's handler would otherwise drop the card on this same key press.
                    e.stop_propagation();
                    if let Some(element) = e
                        .current_target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    {
                        drag.lift(&element, id, title.clone(), column);
                    }
                }
                "Enter" => {
                    e.prevent_default();
                    editing.set(Some(id));
                }
                _ => {}
            }
        }
    };
    let summary: String = card
        .description
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(140)
        .collect();
    view! {
        <li
            class="card"
            class:lifted=move || drag.drag.with(|d| d.as_ref().is_some_and(|d| d.card == id))
            class:moved-since=move || moved.0.with(|m| m.contains(&id))
            tabindex="0"
            data-card=id.to_string()
            aria-roledescription=move_tr!("card-role")
            aria-describedby=movable.then_some("dnd-help")
            on:pointerdown=on_pointer_down
            on:keydown=on_key
            on:click=move |_| {
                if !drag.swallow_click() {
                    editing.set(Some(id));
                }
            }
            draggable="false"
            // A long press must not start the browser's own drag and drop or its menu.
            on:dragstart=|e| e.prevent_default()
            on:contextmenu=|e| e.prevent_default()
        >
            {movable.then(|| view! { <span class="card-grip" data-grip aria-hidden="true"></span> })}
            <span class="card-title">{title}</span>
            {(!summary.is_empty()).then(|| view! { <span class="card-summary">{summary}</span> })}
            {(!card.delivery.is_empty() || !card.parts.is_empty()).then(|| view! { <CardBadges card=card.clone() /> })}
        </li>
    }
}
