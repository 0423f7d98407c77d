//! The signed-in person's account: their password, and where they are signed in.

use crate::api;
use crate::components::password_form::PasswordForm;
use crate::contexts::session::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use qadam_shared::SessionInfo;

#[component]
pub fn AccountPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let sessions = RwSignal::new(Vec::<SessionInfo>::new());
    let message = RwSignal::new(None::<String>);
    let reload = move || {
        spawn_local(async move {
            match api::sessions().await {
                Ok(list) => sessions.set(list),
                Err(e) => message.set(Some(e.message)),
            }
        })
    };
    reload();
    let end = move |id: String| {
        spawn_local(async move {
            match api::end_session(&id).await {
                Ok(()) => reload(),
                Err(e) => message.set(Some(e.message)),
            }
        })
    };
    let everywhere = move |_| {
        spawn_local(async move {
            match api::sign_out_everywhere().await {
                Ok(()) => {
                    crate::saved::forget_everything();
                    session.set(None);
                }
                Err(e) => message.set(Some(e.message)),
            }
        })
    };
    view! {
        <section class="page account">
            <h1>"Your account"</h1>
            <h2>"Password"</h2>
            <PasswordForm changed=move |()| reload() />
            <h2>"Where you are signed in"</h2>
            {move || message.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
            <ul class="sessions" data-testid="sessions">
                <For each=move || sessions.get() key=|s| s.id.clone() let(info)>
                    {
                        let id = info.id.clone();
                        view! {
                            <li>
                                <span class="session-browser">{browser_name(&info.user_agent)}</span>
                                <span class="session-times">
                                    {format!("signed in {}, last used {}", when(info.created_at), when(info.last_seen))}
                                </span>
                                {if info.current {
                                    view! { <span class="badge">"This browser"</span> }.into_any()
                                } else {
                                    view! { <button class="ghost small" on:click=move |_| end(id.clone())>"Sign out"</button> }.into_any()
                                }}
                            </li>
                        }
                    }
                </For>
            </ul>
            <button class="danger" on:click=everywhere>"Sign out everywhere"</button>
        </section>
    }
}

/// A readable name for a browser from its `User-Agent`.
fn browser_name(agent: &str) -> String {
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
        (Some(b), Some(s)) => format!("{b} on {s}"),
        (Some(b), None) => b.to_owned(),
        (None, Some(s)) => s.to_owned(),
        (None, None) if agent.is_empty() => "Unknown browser".to_owned(),
        (None, None) => agent.to_owned(),
    }
}

/// A moment in the browser's local time.
fn when(millis: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis as f64));
    String::from(date.to_locale_string("en-GB", &wasm_bindgen::JsValue::UNDEFINED))
}
