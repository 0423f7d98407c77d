//! The top bar and the sign-in gate around every page but embeds.

use crate::app::Session;
use crate::components::user_menu::UserMenu;
use crate::pages::sign_in::SignIn;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Shell(children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<Session>();
    // Only signing in or out swaps the page; a fresh answer about roles does not remount it.
    let signed_in = Memo::new(move |_| session.me.with(|m| m.is_some()));
    view! {
        <header class="topbar">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"Q"</span>
                <span class="brand-name">"Qadam"</span>
            </A>
            <span class="brand-sub">"Project Office boards"</span>
            <UserMenu />
        </header>
        <main>
            {move || {
                if !session.checked.get() {
                    view! { <p class="loading">"Loading…"</p> }.into_any()
                } else if !signed_in.get() {
                    view! { <SignIn /> }.into_any()
                } else {
                    children().into_any()
                }
            }}
        </main>
    }
}
