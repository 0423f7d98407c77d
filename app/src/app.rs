//! The app shell: who is signed in, and the routes. Embed pages stand alone, without the shell.

use crate::components::shell::Shell;
use crate::contexts::session::{Session, Unread};
use crate::i18n::{FollowPersonLanguage, I18nProvider};
use crate::pages::{
    account::AccountPage, audit::AuditPage, board::BoardPage, embed::EmbedPage, home::HomePage,
    inbox::InboxPage, lists::ListsPage, metrics::MetricsPage, my_work::MyWorkPage,
    people::PeoplePage, portfolio::PortfolioPage, reference::ReferencePage,
    stocktake::StocktakePage,
};
use leptos::prelude::*;
use leptos_fluent::move_tr;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    let session = Session {
        me: RwSignal::new(None),
        checked: RwSignal::new(false),
    };
    provide_context(session);
    provide_context(Unread {
        count: RwSignal::new(0),
        news: RwSignal::new(0),
    });
    let on_embed = window()
        .location()
        .pathname()
        .is_ok_and(|p| p.starts_with("/embed/"));
    if !on_embed {
        session.refresh();
    }
    view! {
        <I18nProvider>
        <FollowPersonLanguage />
        <Router>
            <Routes fallback=|| view! { <Shell>
                <p class="empty">{move_tr!("page-missing")}</p>
                <p class="back"><A href="/">{move_tr!("page-back")}</A></p>
            </Shell> }>
                <Route path=path!("/") view=|| view! { <Shell><HomePage /></Shell> } />
                <Route path=path!("/boards/:id") view=|| view! { <Shell><BoardPage /></Shell> } />
                <Route path=path!("/boards/:id/metrics") view=|| view! { <Shell><MetricsPage /></Shell> } />
                <Route path=path!("/projects/:code/metrics") view=|| view! { <Shell><MetricsPage /></Shell> } />
                <Route path=path!("/boards/:id/stocktake") view=|| view! { <Shell><StocktakePage /></Shell> } />
                <Route path=path!("/projects/:code/stocktake") view=|| view! { <Shell><StocktakePage /></Shell> } />
                <Route path=path!("/people") view=|| view! { <Shell><PeoplePage /></Shell> } />
                <Route path=path!("/audit") view=|| view! { <Shell><AuditPage /></Shell> } />
                <Route path=path!("/lists") view=|| view! { <Shell><ListsPage /></Shell> } />
                <Route path=path!("/portfolio") view=|| view! { <Shell><PortfolioPage /></Shell> } />
                <Route path=path!("/my-work") view=|| view! { <Shell><MyWorkPage /></Shell> } />
                <Route path=path!("/inbox") view=|| view! { <Shell><InboxPage /></Shell> } />
                <Route path=path!("/account") view=|| view! { <Shell><AccountPage /></Shell> } />
                <Route path=path!("/reference") view=|| view! { <Shell><ReferencePage /></Shell> } />
                <Route path=path!("/embed/:token") view=EmbedPage />
            </Routes>
        </Router>
        </I18nProvider>
    }
}
