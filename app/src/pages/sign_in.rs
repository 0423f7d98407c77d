//! Signing in. The error does not say whether the login exists.

use crate::api;
use crate::components::language_picker::LanguagePicker;
use crate::contexts::session::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{I18n, move_tr};

#[component]
pub fn SignIn() -> impl IntoView {
    let session = expect_context::<Session>();
    let i18n = expect_context::<I18n>();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        busy.set(true);
        spawn_local(async move {
            match api::sign_in(&login.get_untracked(), &password.get_untracked()).await {
                Ok(me) => {
                    error.set(None);
                    session.set(Some(me));
                }
                Err(e) => error.set(Some(crate::notices::api_error(i18n, &e))),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="sign-in" on:submit=submit>
            <div class="sign-in-head">
                <h1>{move_tr!("sign-in-title")}</h1>
                <LanguagePicker />
            </div>
            <label for="login">{move_tr!("sign-in-login")}</label>
            <input id="login" name="login" autocomplete="username" required autofocus
                prop:value=move || login.get() on:input=move |e| login.set(event_target_value(&e)) />
            <label for="password">{move_tr!("sign-in-password")}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required
                prop:value=move || password.get() on:input=move |e| password.set(event_target_value(&e)) />
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button type="submit" class="primary" disabled=move || busy.get()>{move_tr!("sign-in")}</button>
        </form>
    }
}
