//! A person's own work: their tasks across every board, grouped by where each stands against
//! its deadline, with those changed since they last looked marked.

use crate::api;
use crate::contexts::session::Session;
use crate::i18n::{date_time, day, deadline_status_name, rag_name};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{I18n, move_tr, tr};
use leptos_router::components::A;
use qadam_shared::my_work::{GROUPS, MyTask};

/// Where this browser keeps when a person last looked at their work (their id follows).
const LAST_LOOKED_KEY: &str = "qadam.my-work.looked.";

#[component]
pub fn MyWorkPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let tasks = RwSignal::new(None::<Vec<MyTask>>);
    let failed = RwSignal::new(None::<String>);
    let session = expect_context::<Session>();
    let key = session
        .me
        .with_untracked(|m| m.as_ref().map(|m| format!("{LAST_LOOKED_KEY}{}", m.id)))
        .unwrap_or_else(|| LAST_LOOKED_KEY.to_owned());
    let storage = window().local_storage().ok().flatten();
    let looked: i64 = storage
        .as_ref()
        .and_then(|s| s.get_item(&key).ok().flatten())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if let Some(s) = &storage {
        let _ = s.set_item(&key, &(js_sys::Date::now() as i64).to_string());
    }
    spawn_local(async move {
        match api::my_work().await {
            Ok(list) => {
                tasks.try_set(Some(list));
            }
            Err(e) => {
                failed.try_set(Some(crate::notices::api_error(i18n, &e)));
            }
        }
    });
    let group_name = move |g: Option<qadam_shared::DeadlineStatus>| match g {
        Some(s) => deadline_status_name(i18n, s),
        None => tr!(i18n, "my-work-no-deadline"),
    };
    view! {
        <section class="page my-work">
            <h1>{move_tr!("my-work-title")}</h1>
            {(looked > 0).then(|| view! { <p class="hint">{move || tr!(i18n, "my-work-since", { "when" => date_time(i18n, looked) })}</p> })}
            {move || failed.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
            {move || tasks.get().map(|list| {
                if list.is_empty() {
                    return view! { <p class="empty">{move_tr!("my-work-none")}</p> }.into_any();
                }
                GROUPS.into_iter().filter_map(|g| {
                    let mine: Vec<MyTask> = list.iter().filter(|t| t.status == g).cloned().collect();
                    (!mine.is_empty()).then(|| view! {
                        <h2>{move || group_name(g)}" · "{mine.len()}</h2>
                        <ol class="attention" data-testid="my-work">
                            {mine.into_iter().map(|t| {
                                let changed = looked > 0 && t.changed_at > looked;
                                view! {
                                    <li class:changed=changed>
                                        <A href=format!("/boards/{}?card={}", t.board, t.card)>{t.title.clone()}</A>
                                        <span class="hint">{crate::i18n::shown(i18n, &t.board_name)}" · "{crate::i18n::shown(i18n, &t.stage)}</span>
                                        {t.special.then(|| view! { <span class="badge special">{move_tr!("card-special-control-short")}</span> })}
                                        {t.rag.map(|r| view! { <span class=format!("rag rag-{}", r.as_str())><span class="rag-dot" aria-hidden="true"></span>{rag_name(i18n, r)}</span> })}
                                        {t.due.map(|d| view! { <span class=format!("due due-{}", t.status.map(|s| s.as_str()).unwrap_or("none"))>{day(i18n, d)}</span> })}
                                        {changed.then(|| view! { <span class="badge changed">{move_tr!("my-work-changed")}</span> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    })
                }).collect_view().into_any()
            })}
        </section>
    }
}
