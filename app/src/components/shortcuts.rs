//! Keyboard shortcuts on a board, and the overlay that lists them (`?`). A shortcut waits while
//! the person types in a field or a dialog is open.

use leptos::ev;
use leptos::prelude::*;
use leptos_fluent::move_tr;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

#[component]
pub fn Shortcuts() -> impl IntoView {
    let open = RwSignal::new(false);
    let keys = window_event_listener(ev::keydown, move |e| {
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        if open.get_untracked() {
            if e.key() == "Escape" || e.key() == "?" {
                e.prevent_default();
                open.set(false);
            }
            return;
        }
        if typing()
            || document()
                .query_selector(".dialog")
                .ok()
                .flatten()
                .is_some()
        {
            return;
        }
        let done = match e.key().as_str() {
            "?" => {
                open.set(true);
                true
            }
            "/" => focus("[data-shortcut=search]"),
            "n" => click(".add-card button.add"),
            "f" => toggle_filters(),
            _ => false,
        };
        if done {
            e.prevent_default();
        }
    });
    on_cleanup(move || keys.remove());
    let rows = [
        ("?", "shortcut-help"),
        ("/", "shortcut-search"),
        ("f", "shortcut-filter"),
        ("n", "shortcut-new"),
        ("Enter", "shortcut-open"),
        ("Space", "shortcut-lift"),
        ("← → ↑ ↓", "shortcut-move"),
        ("Esc", "shortcut-cancel"),
    ];
    view! {
        <Show when=move || open.get()>
            <div class="dialog-backdrop" on:click=move |_| open.set(false)>
                <div
                    class="dialog shortcuts"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="shortcuts-title"
                    data-testid="shortcuts"
                    on:click=|e| e.stop_propagation()
                >
                    <h2 id="shortcuts-title">{move_tr!("shortcut-title")}</h2>
                    <dl>
                        {rows.into_iter().map(|(key, what)| view! {
                            // The space bar is the one key whose name is a word.
                            <dt><kbd>{move || if key == "Space" { move_tr!("shortcut-key-space").get() } else { key.to_owned() }}</kbd></dt>
                            <dd>{shortcut_text(what)}</dd>
                        }).collect_view()}
                    </dl>
                    <div class="form-actions">
                        <button type="button" class="primary" autofocus on:click=move |_| open.set(false)>{move_tr!("close")}</button>
                    </div>
                </div>
            </div>
        </Show>
    }
}

/// A shortcut's description in the viewer's language.
fn shortcut_text(what: &'static str) -> Signal<String> {
    match what {
        "shortcut-help" => move_tr!("shortcut-help"),
        "shortcut-search" => move_tr!("shortcut-search"),
        "shortcut-filter" => move_tr!("shortcut-filter"),
        "shortcut-new" => move_tr!("shortcut-new"),
        "shortcut-open" => move_tr!("shortcut-open"),
        "shortcut-lift" => move_tr!("shortcut-lift"),
        "shortcut-move" => move_tr!("shortcut-move"),
        _ => move_tr!("shortcut-cancel"),
    }
}

/// Whether the person is typing: the focus is in a field.
fn typing() -> bool {
    document().active_element().is_some_and(|el| {
        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || el.get_attribute("contenteditable").is_some()
    })
}

fn find(selector: &str) -> Option<HtmlElement> {
    document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|el: Element| el.dyn_into::<HtmlElement>().ok())
}

fn focus(selector: &str) -> bool {
    find(selector).is_some_and(|el| el.focus().is_ok())
}

fn click(selector: &str) -> bool {
    find(selector).map(|el| el.click()).is_some()
}

fn toggle_filters() -> bool {
    let Some(details) = find("[data-shortcut=filters]") else {
        return false;
    };
    if details.has_attribute("open") {
        let _ = details.remove_attribute("open");
    } else {
        let _ = details.set_attribute("open", "");
    }
    true
}
