//! The person's access tokens for scripts, on their account page: made with a name, a lifetime
//! and optionally read-only; the secret shown once; revoked with a click.

use crate::api;
use crate::notices;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{I18n, move_tr, tr};
use leptos_router::components::A;
use qadam_shared::api::{AccessToken, NewAccessToken};

/// Lifetimes offered, in days.
const LIFETIMES: [u32; 4] = [30, 90, 180, 365];

#[component]
pub fn AccessTokens() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let tokens = RwSignal::new(Vec::<AccessToken>::new());
    let message = RwSignal::new(None::<String>);
    // The secret of the token just made, shown this once.
    let secret = RwSignal::new(None::<String>);
    let reload = move || {
        spawn_local(async move {
            match api::tokens().await {
                Ok(list) => tokens.set(list),
                Err(e) => message.set(Some(notices::api_error(i18n, &e))),
            }
        })
    };
    reload();
    let (name, days, read_only) = (
        RwSignal::new(String::new()),
        RwSignal::new(LIFETIMES[1]),
        RwSignal::new(false),
    );
    let create = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let new = NewAccessToken {
            name: name.get_untracked(),
            expires_in_days: days.get_untracked(),
            read_only: read_only.get_untracked(),
        };
        spawn_local(async move {
            match api::create_token(&new).await {
                Ok(made) => {
                    secret.set(Some(made.secret));
                    message.set(None);
                    name.set(String::new());
                    reload();
                }
                Err(e) => message.set(Some(notices::api_error(i18n, &e))),
            }
        });
    };
    let revoke = move |id: String| {
        spawn_local(async move {
            match api::revoke_token(&id).await {
                Ok(()) => reload(),
                Err(e) => message.set(Some(notices::api_error(i18n, &e))),
            }
        })
    };
    view! {
        <h2>{move_tr!("tokens-title")}</h2>
        <p class="muted">{move_tr!("tokens-intro")}</p>
        <p><A href="/reference">{move_tr!("reference-link")}</A></p>
        {move || message.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
        {move || secret.get().map(|secret| view! {
            <div class="token-secret" role="status">
                <p>{move_tr!("tokens-secret")}</p>
                <code data-testid="token-secret">{secret}</code>
            </div>
        })}
        <ul class="sessions tokens" data-testid="tokens">
            <For each=move || tokens.get() key=|t| t.id.clone() let(token)>
                {
                    let id = token.id.clone();
                    view! {
                        <li>
                            <span class="session-browser">{token.name.clone()}</span>
                            {token.read_only.then(|| view! { <span class="badge">{move_tr!("tokens-read-only")}</span> })}
                            <span class="session-times">
                                {move || tr!(i18n, "tokens-expires", { "date" => crate::i18n::date_time(i18n, token.expires_at) })}
                                ", "
                                {move || match token.last_used {
                                    Some(at) => tr!(i18n, "tokens-last-used", { "ago" => crate::i18n::ago(i18n, at, js_sys::Date::now() as i64) }),
                                    None => tr!(i18n, "tokens-never-used"),
                                }}
                            </span>
                            <button class="ghost small" on:click=move |_| revoke(id.clone())>{move_tr!("tokens-revoke")}</button>
                        </li>
                    }
                }
            </For>
        </ul>
        <form class="new-token" on:submit=create>
            <label>{move_tr!("tokens-name")} <input required maxlength="120" prop:value=move || name.get() on:input=move |e| name.set(event_target_value(&e)) /></label>
            <label>{move_tr!("tokens-days")}
                <select on:change=move |e| if let Ok(d) = event_target_value(&e).parse() { days.set(d) }>
                    {LIFETIMES.into_iter().map(|d| view! {
                        <option value=d.to_string() selected=move || days.get() == d>{move || tr!(i18n, "tokens-days-option", { "days" => d })}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="check"><input type="checkbox" prop:checked=move || read_only.get() on:change=move |e| read_only.set(event_target_checked(&e)) />" " {move_tr!("tokens-read-only")}</label>
            <button type="submit" class="primary">{move_tr!("tokens-create")}</button>
        </form>
    }
}
