//! The app shell: who is signed in, and the routes. Embed pages stand alone, without the shell.

use crate::components::shell::Shell;
use crate::pages::{
    account::AccountPage, board::BoardPage, embed::EmbedPage, home::HomePage, people::PeoplePage,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use qadam_shared::Me;

/// The signed-in person, once the server has said who that is.
#[derive(Clone, Copy)]
pub struct Session {
    pub me: RwSignal<Option<Me>>,
    /// False until the first answer from `/api/me`.
    pub checked: RwSignal<bool>,
}

impl Session {
    /// Asks the server who is signed in. Offline, the last answer stands, so boards kept in
    /// this browser still open.
    pub fn refresh(self) {
        spawn_local(async move {
            let me = match crate::api::me().await {
                Ok(me) => {
                    crate::saved::save_me(me.as_ref());
                    me
                }
                Err(_) => crate::saved::me(),
            };
            self.me.set(me);
            if !self.checked.get_untracked() {
                self.checked.set(true);
            }
        });
    }

    /// Someone signed in (or out) in this page.
    pub fn set(self, me: Option<Me>) {
        crate::saved::save_me(me.as_ref());
        self.me.set(me);
    }
}

#[component]
pub fn App() -> impl IntoView {
    let session = Session {
        me: RwSignal::new(None),
        checked: RwSignal::new(false),
    };
    provide_context(session);
    let on_embed = window()
        .location()
        .pathname()
        .is_ok_and(|p| p.starts_with("/embed/"));
    if !on_embed {
        session.refresh();
    }
    view! {
        <Router>
            <Routes fallback=|| view! { <Shell><p class="empty">"This page does not exist."</p></Shell> }>
                <Route path=path!("/") view=|| view! { <Shell><HomePage /></Shell> } />
                <Route path=path!("/boards/:id") view=|| view! { <Shell><BoardPage /></Shell> } />
                <Route path=path!("/people") view=|| view! { <Shell><PeoplePage /></Shell> } />
                <Route path=path!("/account") view=|| view! { <Shell><AccountPage /></Shell> } />
                <Route path=path!("/embed/:token") view=EmbedPage />
            </Routes>
        </Router>
    }
}
