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
    let i18n = expect_context::<leptos_fluent::I18n>();
    let Unread {
        count: unread,
        news,
    } = expect_context::<Unread>();
    // The count follows the inbox: read now, at once when the server says something came, and
    // every half minute while signed in (news from another instance of the server).
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
    let alive = StoredValue::new(true);
    on_cleanup(move || {
        alive.set_value(false);
        if let Some(handle) = every {
            handle.clear();
        }
    });
    // One socket per signed-in session: it says "new" when the inbox changes.
    Effect::new(move |opened: Option<bool>| {
        let signed_in = session.me.with(Option::is_some);
        if signed_in && opened != Some(true) {
            spawn_local(crate::socket::follow(
                "/api/me/notifications/ws",
                move || {
                    alive.try_get_value().unwrap_or(false)
                        && session
                            .me
                            .try_with_untracked(Option::is_some)
                            .unwrap_or(false)
                },
                move || {
                    news.update(|n| *n += 1);
                    count();
                },
            ));
        }
        signed_in
    });
    let sign_out = move |_| {
        if !crate::saved::may_forget(i18n) {
            return;
        }
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
