//! Asks a first-time visitor for the name shown on their changes (until accounts exist).

use crate::saved;
use leptos::prelude::*;
use qadam_shared::limits::AUTHOR_MAX_CHARS;

#[component]
pub fn NamePrompt() -> impl IntoView {
    let name = expect_context::<RwSignal<Option<String>>>();
    let draft = RwSignal::new(String::new());
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let value = draft.get_untracked().trim().to_owned();
        if !value.is_empty() {
            saved::set_name(&value);
            name.set(Some(value));
        }
    };
    view! {
        <form class="name-prompt" on:submit=submit>
            <h1>"Welcome to Qadam"</h1>
            <label for="your-name">"Your name, as colleagues will see it next to your changes"</label>
            <input
                id="your-name"
                name="name"
                autocomplete="name"
                maxlength=AUTHOR_MAX_CHARS.to_string()
                required
                autofocus
                prop:value=move || draft.get()
                on:input=move |e| draft.set(event_target_value(&e))
            />
            <button type="submit" class="primary">"Continue"</button>
        </form>
    }
}

/// The name in the top bar, with a way to change it.
#[component]
pub fn NameBadge() -> impl IntoView {
    let name = expect_context::<RwSignal<Option<String>>>();
    move || {
        name.get().map(|n| {
            view! {
                <span class="name-badge">
                    <span class="avatar" aria-hidden="true">{n.chars().next().map(String::from).unwrap_or_default()}</span>
                    <span>{n.clone()}</span>
                    <button class="link" on:click=move |_| name.set(None)>"Change name"</button>
                </span>
            }
        })
    }
}
