//! The language menu: on the sign-in page and in the top bar. A signed-in person's choice is
//! kept on the server too, so it follows them to another computer.

use crate::api;
use crate::contexts::session::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{I18n, move_tr};

#[component]
pub fn LanguagePicker() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    let choose = move |e: leptos::ev::Event| {
        let code = event_target_value(&e);
        let Some(&language) = i18n.languages.iter().find(|l| l.id == code) else {
            return;
        };
        i18n.language.set(language);
        if session.me.with_untracked(|m| m.is_some()) {
            spawn_local(async move {
                // Offline, the choice still holds in this browser.
                let _ = api::set_language(&code).await;
            });
        }
    };
    view! {
        <select class="language-picker" aria-label=move_tr!("language") data-testid="language" on:change=choose>
            {i18n.languages.iter().map(|language| view! {
                <option value=language.id selected=move || i18n.language.get().id == language.id>
                    {language.name}
                </option>
            }).collect_view()}
        </select>
    }
}
