//! The top bar and the sign-in gate around every page but embeds.

use crate::components::password_form::PasswordForm;
use crate::components::user_menu::UserMenu;
use crate::contexts::session::Session;
use crate::pages::sign_in::SignIn;
use leptos::prelude::*;
use leptos_fluent::move_tr;
use leptos_router::components::A;

#[component]
pub fn Shell(children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<Session>();
    // Only signing in or out swaps the page; a fresh answer about roles does not remount it.
    let signed_in = Memo::new(move |_| session.me.with(|m| m.is_some()));
    let must_change = Memo::new(move |_| {
        session
            .me
            .with(|m| m.as_ref().is_some_and(|m| m.must_change_password))
    });
    view! {
        <header class="topbar">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"Q"</span>
                <span class="brand-name">{move_tr!("app-name")}</span>
            </A>
            <span class="brand-sub">{move_tr!("app-tagline")}</span>
            <UserMenu />
        </header>
        <main>
            {move || {
                if !session.checked.get() {
                    view! { <p class="loading">{move_tr!("loading")}</p> }.into_any()
                } else if !signed_in.get() {
                    view! { <SignIn /> }.into_any()
                } else if must_change.get() {
                    view! { <ChoosePassword /> }.into_any()
                } else {
                    children().into_any()
                }
            }}
        </main>
    }
}

/// In place of every page while the password is one someone else chose.
#[component]
fn ChoosePassword() -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <section class="page narrow" data-testid="choose-password">
            <h1>{move_tr!("choose-password-title")}</h1>
            <p>{move_tr!("choose-password-why")}</p>
            <PasswordForm changed=move |()| session.refresh() />
        </section>
    }
}
