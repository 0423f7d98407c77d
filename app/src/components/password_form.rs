//! Choosing a new password: on the account page, and in place of every page while the password
//! is one someone else chose.

use crate::api;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{I18n, move_tr, tr};
use qadam_shared::limits::PASSWORD_MIN_CHARS;

/// The current password and a new one, entered twice; `changed` runs once the server took it.
#[component]
pub fn PasswordForm(#[prop(into)] changed: Callback<()>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        if new.get_untracked() != again.get_untracked() {
            message.set(Some((true, tr!(i18n, "password-differ"))));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match api::change_password(&current.get_untracked(), &new.get_untracked()).await {
                Ok(()) => {
                    message.set(Some((false, tr!(i18n, "password-changed"))));
                    for field in [current, new, again] {
                        field.set(String::new());
                    }
                    changed.run(());
                }
                Err(e) => message.set(Some((true, crate::notices::api_error(i18n, &e)))),
            }
            busy.set(false);
        });
    };
    let field = move |id: &'static str,
                      label: Signal<String>,
                      autocomplete: &'static str,
                      value: RwSignal<String>| {
        view! {
            <label for=id>{label}</label>
            <input id=id type="password" autocomplete=autocomplete required
                minlength=if autocomplete == "new-password" { PASSWORD_MIN_CHARS } else { 1 }
                prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e)) />
        }
    };
    view! {
        <form class="password-form" on:submit=submit>
            {field("pw-current", move_tr!("password-current"), "current-password", current)}
            {field("pw-new", move_tr!("password-new", { "min" => PASSWORD_MIN_CHARS }), "new-password", new)}
            {field("pw-again", move_tr!("password-again"), "new-password", again)}
            {move || message.get().map(|(error, text)| view! { <p class:error=error class:note=!error role="status">{text}</p> })}
            <div class="form-actions">
                <button type="submit" class="primary" disabled=move || busy.get()>{move_tr!("password-change")}</button>
            </div>
        </form>
    }
}
