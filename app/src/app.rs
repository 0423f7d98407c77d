//! The app shell: header and routes.

use crate::components::name_prompt::NameBadge;
use crate::pages::{board::BoardPage, home::HomePage};
use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    let name = RwSignal::new(crate::saved::name());
    provide_context(name);
    view! {
        <Router>
            <header class="topbar">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"Q"</span>
                    <span class="brand-name">"Qadam"</span>
                </A>
                <span class="brand-sub">"Project Office boards"</span>
                <NameBadge />
            </header>
            <main>
                <Routes fallback=|| view! { <p class="empty">"This page does not exist."</p> }>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/boards/:id") view=BoardPage />
                </Routes>
            </main>
        </Router>
    }
}
