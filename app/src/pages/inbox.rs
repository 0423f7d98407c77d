//! A person's notifications, newest first, each opening its task; read ones fade.

use crate::api;
use crate::contexts::session::Unread;
use crate::i18n::date_time;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{I18n, move_tr, tr};
use leptos_router::components::A;
use qadam_shared::inbox::{Inbox, Notification, NotificationKind};

/// What a notification says, in the viewer's language.
fn sentence(i18n: I18n, n: &Notification) -> String {
    let (by, title) = (crate::i18n::shown(i18n, &n.by), n.title.clone());
    match n.kind {
        NotificationKind::Assigned => {
            tr!(i18n, "inbox-assigned", { "author" => by, "title" => title })
        }
        NotificationKind::Mentioned => {
            tr!(i18n, "inbox-mentioned", { "author" => by, "title" => title })
        }
        NotificationKind::Red => tr!(i18n, "inbox-red", { "author" => by, "title" => title }),
        NotificationKind::ControlSet => {
            tr!(i18n, "inbox-control-set", { "author" => by, "title" => title })
        }
        NotificationKind::ControlLifted => {
            tr!(i18n, "inbox-control-lifted", { "author" => by, "title" => title })
        }
        NotificationKind::DueSoon => tr!(i18n, "inbox-due-soon", { "title" => title }),
        NotificationKind::Overdue => tr!(i18n, "inbox-overdue", { "title" => title }),
    }
}

#[component]
pub fn InboxPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let unread = expect_context::<Unread>();
    let inbox = RwSignal::new(None::<Inbox>);
    let load = move || {
        spawn_local(async move {
            if let Ok(found) = api::inbox().await {
                unread.count.set(found.unread);
                inbox.try_set(Some(found));
            }
        })
    };
    // Read again whenever the server says something new came.
    Effect::new(move |_| {
        unread.news.track();
        load();
    });
    let mark = move |id: Option<String>| {
        spawn_local(async move {
            if api::mark_read(id).await.is_ok() {
                load();
            }
        })
    };
    view! {
        <section class="page inbox">
            <h1>{move_tr!("inbox-title")}</h1>
            {move || inbox.get().map(|found| view! {
                {(found.unread > 0).then(|| view! {
                    <p><button type="button" class="ghost" on:click=move |_| mark(None)>{move_tr!("inbox-mark-all")}</button></p>
                })}
                {found.items.is_empty().then(|| view! { <p class="empty" data-testid="inbox-empty">{move_tr!("inbox-empty")}</p> })}
                <ol class="attention" data-testid="inbox">
                    {found.items.into_iter().map(|n| {
                        let id = n.id.clone();
                        let href = format!("/boards/{}?card={}", n.board, n.card);
                        let text = sentence(i18n, &n);
                        view! {
                            <li class:read=n.read>
                                <A href=href on:click=move |_| mark(Some(id.clone()))>{text}</A>
                                <span class="hint">{crate::i18n::shown(i18n, &n.board_name)}" · "{date_time(i18n, n.at)}</span>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            })}
        </section>
    }
}
