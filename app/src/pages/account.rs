//! The signed-in person's account: their password, where they are signed in, and their access
//! tokens for scripts.

use crate::api;
use crate::components::access_tokens::AccessTokens;
use crate::components::password_form::PasswordForm;
use crate::contexts::session::Session;
use crate::notices;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{I18n, move_tr, tr};
use qadam_shared::SessionInfo;

#[component]
pub fn AccountPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let i18n = expect_context::<I18n>();
    let sessions = RwSignal::new(Vec::<SessionInfo>::new());
    let message = RwSignal::new(None::<String>);
    let reload = move || {
        spawn_local(async move {
            match api::sessions().await {
                Ok(list) => sessions.set(list),
                Err(e) => message.set(Some(notices::api_error(i18n, &e))),
            }
        })
    };
    reload();
    let end = move |id: String| {
        spawn_local(async move {
            match api::end_session(&id).await {
                Ok(()) => reload(),
                Err(e) => message.set(Some(notices::api_error(i18n, &e))),
            }
        })
    };
    let everywhere = move |_| {
        if !crate::saved::may_forget(i18n) {
            return;
        }
        spawn_local(async move {
            match api::sign_out_everywhere().await {
                Ok(()) => {
                    crate::saved::forget_everything();
                    session.set(None);
                }
                Err(e) => message.set(Some(notices::api_error(i18n, &e))),
            }
        })
    };
    view! {
        <section class="page account">
            <h1>{move_tr!("account-title")}</h1>
            <h2>{move_tr!("account-password")}</h2>
            <PasswordForm changed=move |()| reload() />
            <h2>{move_tr!("account-sessions")}</h2>
            {move || message.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
            <ul class="sessions" data-testid="sessions">
                <For each=move || sessions.get() key=|s| s.id.clone() let(info)>
                    {
                        let id = info.id.clone();
                        view! {
                            <li>
                                <span class="session-browser">{move || browser_name(i18n, &info.user_agent)}</span>
                                <span class="session-times">
                                    {move || tr!("account-session-times", {
                                        "opened" => crate::i18n::date_time(i18n, info.created_at),
                                        "used" => crate::i18n::ago(i18n, info.last_seen, js_sys::Date::now() as i64),
                                    })}
                                </span>
                                {if info.current {
                                    view! { <span class="badge">{move_tr!("account-this-browser")}</span> }.into_any()
                                } else {
                                    view! { <button class="ghost small" on:click=move |_| end(id.clone())>{move_tr!("menu-sign-out")}</button> }.into_any()
                                }}
                            </li>
                        }
                    }
                </For>
            </ul>
            <button class="danger" on:click=everywhere>{move_tr!("account-sign-out-everywhere")}</button>
            <AccessTokens />
        </section>
    }
}

/// A readable name for a browser from its `User-Agent`.
fn browser_name(i18n: I18n, agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("YaBrowser/", "Yandex Browser"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .iter()
    .find(|(mark, _)| agent.contains(mark))
    .map(|(_, name)| *name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(mark, _)| agent.contains(mark))
    .map(|(_, name)| *name);
    match (browser, system) {
        (Some(b), Some(s)) => tr!(i18n, "account-browser-on", { "browser" => b, "system" => s }),
        (Some(b), None) => b.to_owned(),
        (None, Some(s)) => s.to_owned(),
        (None, None) if agent.is_empty() => tr!(i18n, "account-unknown-browser"),
        (None, None) => agent.to_owned(),
    }
}
