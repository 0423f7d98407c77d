//! The signed-in person in the top bar: change password, sign out, and the people page for
//! administrators.

use crate::api;
use crate::app::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

#[component]
pub fn UserMenu() -> impl IntoView {
    let session = expect_context::<Session>();
    let changing = RwSignal::new(false);
    let sign_out = move |_| {
        spawn_local(async move {
            let _ = api::sign_out().await;
            // Nothing of this person's boards stays behind in a shared browser.
            crate::saved::forget_everything();
            session.set(None);
        });
    };
    move || {
        session.me.get().map(|me| {
            let initial = me.display_name.chars().next().map(String::from).unwrap_or_default();
            view! {
                <nav class="user-menu" aria-label="Account">
                    {me.is_admin.then(|| view! { <A href="/people" attr:class="topbar-link">"People"</A> })}
                    <span class="avatar" aria-hidden="true">{initial}</span>
                    <span class="user-name" data-testid="signed-in-as">{me.display_name.clone()}</span>
                    <button class="link" on:click=move |_| changing.set(true)>"Change password"</button>
                    <button class="link" on:click=sign_out>"Sign out"</button>
                </nav>
                <Show when=move || changing.get()>
                    <PasswordDialog open=changing />
                </Show>
            }
        })
    }
}

#[component]
fn PasswordDialog(open: RwSignal<bool>) -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        spawn_local(async move {
            match api::change_password(&current.get_untracked(), &new.get_untracked()).await {
                Ok(()) => {
                    message.set(Some((
                        false,
                        "Password changed. Your other sessions were signed out.".into(),
                    )));
                    current.set(String::new());
                    new.set(String::new());
                }
                Err(e) => message.set(Some((true, e.message))),
            }
        });
    };
    view! {
        <div class="dialog-backdrop" on:click=move |_| open.set(false)>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="pw-title" on:click=|e| e.stop_propagation()>
                <form on:submit=submit>
                    <h2 id="pw-title">"Change password"</h2>
                    <label for="pw-current">"Current password"</label>
                    <input id="pw-current" type="password" autocomplete="current-password" required
                        prop:value=move || current.get() on:input=move |e| current.set(event_target_value(&e)) />
                    <label for="pw-new">"New password (at least 10 characters)"</label>
                    <input id="pw-new" type="password" autocomplete="new-password" required minlength="10"
                        prop:value=move || new.get() on:input=move |e| new.set(event_target_value(&e)) />
                    {move || message.get().map(|(error, text)| view! { <p class:error=error class:note=!error role="status">{text}</p> })}
                    <div class="form-actions">
                        <button type="submit" class="primary">"Change"</button>
                        <button type="button" class="ghost" on:click=move |_| open.set(false)>"Close"</button>
                    </div>
                </form>
            </div>
        </div>
    }
}
