//! The signed-in person in the top bar: their account page, sign out, and the people page for
//! administrators.

use crate::api;
use crate::components::language_picker::LanguagePicker;
use crate::contexts::session::{Session, Unread};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr};
use leptos_router::components::A;

#[component]
pub fn UserMenu() -> impl IntoView {
    let session = expect_context::<Session>();
    let Unread(unread) = expect_context::<Unread>();
    // The count follows the inbox: read now, then every half minute while signed in.
    let count = move || {
        if session.me.with_untracked(Option::is_some) {
            spawn_local(async move {
                if let Ok(inbox) = api::inbox().await {
                    unread.try_set(inbox.unread);
                }
            });
        }
    };
    Effect::new(move |_| {
        if session.me.with(Option::is_some) {
            count();
        }
    });
    let every = set_interval_with_handle(count, std::time::Duration::from_secs(30)).ok();
    on_cleanup(move || {
        if let Some(handle) = every {
            handle.clear();
        }
    });
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
                <nav class="user-menu" aria-label=move_tr!("menu-account")>
                    <LanguagePicker />
                    <A href="/inbox" attr:class="topbar-link" attr:data-testid="inbox-link">
                        {move_tr!("menu-inbox")}
                        {move || (unread.get() > 0).then(|| view! { <span class="count-badge" aria-label=move || tr!("menu-unread", { "count" => unread.get() })>{unread.get()}</span> })}
                    </A>
                    <A href="/my-work" attr:class="topbar-link">{move_tr!("menu-my-work")}</A>
                    <A href="/portfolio" attr:class="topbar-link">{move_tr!("menu-portfolio")}</A>
                    {me.is_admin.then(|| view! { <A href="/people" attr:class="topbar-link">{move_tr!("menu-people")}</A> })}
                    {me.is_admin.then(|| view! { <A href="/lists" attr:class="topbar-link">{move_tr!("menu-lists")}</A> })}
                    <A href="/account" attr:class="user-name" attr:title=move_tr!("menu-your-account") attr:data-testid="signed-in-as">
                        <span class="avatar" aria-hidden="true">{initial}</span>
                        <span class="user-name-text">{me.display_name.clone()}</span>
                    </A>
                    <button class="link" on:click=sign_out>{move_tr!("menu-sign-out")}</button>
                </nav>
            }
        })
    }
}
