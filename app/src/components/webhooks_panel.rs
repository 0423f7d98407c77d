//! For the board's leads: the webhooks that tell other systems of the board's changes, their
//! deliveries with the receivers' answers, and the secret of a new one, shown once.

use crate::api;
use crate::contexts::board::ShowWebhooks;
use crate::notices;
use crate::sync::BoardSync;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{I18n, move_tr, tr};
use qadam_shared::BoardId;
use qadam_shared::webhooks::{
    DeliveryFailure, DeliveryState, NewWebhook, Webhook, WebhookChange, WebhookDelivery,
    WebhookEvent,
};

/// How often an open panel reads the webhooks and the deliveries shown again.
const REFRESH_SECONDS: u64 = 5;

#[component]
pub fn WebhooksPanel(board: BoardId) -> impl IntoView {
    let ShowWebhooks(open) = expect_context::<ShowWebhooks>();
    let sync = expect_context::<BoardSync>();
    let i18n = expect_context::<I18n>();
    let hooks = RwSignal::new(Vec::<Webhook>::new());
    let secret = RwSignal::new(None::<String>);
    let url = RwSignal::new(String::new());
    let chosen = RwSignal::new(WebhookEvent::CHOSEN.to_vec());
    let failed = move |e: api::ApiError| sync.notices.toast(notices::api_error(i18n, &e), true);
    // The webhook whose deliveries are shown, and them: kept here, so a list reloaded with new
    // counts keeps the table open.
    let shown = RwSignal::new(None::<(String, Vec<WebhookDelivery>)>);
    let reload = move || {
        spawn_local(async move {
            match api::webhooks(board).await {
                Ok(list) => hooks.set(list),
                Err(e) => failed(e),
            }
            if let Some((id, _)) = shown.get_untracked() {
                match api::webhook_deliveries(board, &id).await {
                    Ok(list) => shown.set(Some((id, list))),
                    Err(e) => failed(e),
                }
            }
        });
    };
    // While open, the counts and the deliveries shown follow what the worker does.
    let refreshing = StoredValue::new(None::<IntervalHandle>);
    let stop_refreshing = move || {
        if let Some(handle) = refreshing.get_value() {
            handle.clear();
        }
        refreshing.set_value(None);
    };
    Effect::new(move |_| {
        stop_refreshing();
        if open.get() {
            secret.set(None);
            reload();
            let every = std::time::Duration::from_secs(REFRESH_SECONDS);
            refreshing.set_value(set_interval_with_handle(reload, every).ok());
        }
    });
    on_cleanup(stop_refreshing);
    let create = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let new = NewWebhook {
            url: url.get_untracked(),
            events: chosen.get_untracked(),
        };
        spawn_local(async move {
            match api::create_webhook(board, &new).await {
                Ok(created) => {
                    secret.set(Some(created.secret));
                    url.set(String::new());
                    reload();
                }
                Err(e) => failed(e),
            }
        });
    };
    view! {
        <Show when=move || open.get()>
            <aside class="side-panel webhooks-panel" aria-label=move_tr!("webhooks-title") data-testid="webhooks-panel">
                <header>
                    <h2>{move_tr!("webhooks-title")}</h2>
                    <button class="icon" aria-label=move_tr!("close") on:click=move |_| open.set(false)>"×"</button>
                </header>
                <p class="muted">{move_tr!("webhooks-intro")}</p>
                <ul class="webhooks">
                    <For each=move || hooks.get() key=|h| (h.id.clone(), h.active, h.events.clone(), h.pending, h.failed) let(hook)>
                        <WebhookItem board hook reload shown />
                    </For>
                </ul>
                <Show when=move || hooks.with(Vec::is_empty)>
                    <p class="empty">{move_tr!("webhooks-none")}</p>
                </Show>
                <h3>{move_tr!("webhooks-new")}</h3>
                <form class="new-webhook" on:submit=create>
                    <label>
                        {move_tr!("webhooks-url")}
                        <input type="url" required placeholder=move_tr!("webhooks-url-example") data-testid="webhook-url"
                            prop:value=move || url.get() on:input=move |e| url.set(event_target_value(&e)) />
                    </label>
                    <fieldset>
                        <legend>{move_tr!("webhooks-events")}</legend>
                        {WebhookEvent::CHOSEN.into_iter().map(|event| view! {
                            <label class="check">
                                <input type="checkbox" prop:checked=move || chosen.with(|c| c.contains(&event))
                                    on:change=move |e| {
                                        let on = event_target_checked(&e);
                                        chosen.update(|c| { c.retain(|x| *x != event); if on { c.push(event) } });
                                    } />
                                " " {move || event_name(i18n, event)}
                            </label>
                        }).collect_view()}
                    </fieldset>
                    <button type="submit" class="primary small">{move_tr!("webhooks-create")}</button>
                </form>
                {move || secret.get().map(|s| view! {
                    <div class="snippet" role="status">
                        <label for="webhook-secret">{move_tr!("webhooks-secret")}</label>
                        <input id="webhook-secret" readonly data-testid="webhook-secret" prop:value=s.clone() />
                        <p class="muted">{move_tr!("webhooks-secret-once")}</p>
                        <button type="button" class="ghost small" on:click=move |_| {
                            let _ = window().navigator().clipboard().write_text(&s);
                            sync.notices.toast(tr!(i18n, "webhooks-copied"), false);
                        }>{move_tr!("webhooks-copy")}</button>
                    </div>
                })}
            </aside>
        </Show>
    }
}

/// One webhook: where it posts, what it hears of, and its controls and deliveries (`shown`,
/// when they are this webhook's).
#[component]
fn WebhookItem(
    board: BoardId,
    hook: Webhook,
    reload: impl Fn() + Copy + 'static,
    shown: RwSignal<Option<(String, Vec<WebhookDelivery>)>>,
) -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let i18n = expect_context::<I18n>();
    let failed = move |e: api::ApiError| sync.notices.toast(notices::api_error(i18n, &e), true);
    let id = StoredValue::new(hook.id.clone());
    let deliveries = move || {
        shown.with(|s| {
            s.as_ref()
                .filter(|(of, _)| *of == id.get_value())
                .map(|(_, list)| list.clone())
        })
    };
    let load_deliveries = move || {
        spawn_local(async move {
            match api::webhook_deliveries(board, &id.get_value()).await {
                Ok(list) => shown.set(Some((id.get_value(), list))),
                Err(e) => failed(e),
            }
        });
    };
    let set_active = move |active: bool| {
        let change = WebhookChange {
            active: Some(active),
            events: None,
        };
        spawn_local(async move {
            match api::change_webhook(board, &id.get_value(), &change).await {
                Ok(_) => reload(),
                Err(e) => failed(e),
            }
        });
    };
    let ping = move |_| {
        spawn_local(async move {
            match api::ping_webhook(board, &id.get_value()).await {
                Ok(()) => {
                    sync.notices.toast(tr!(i18n, "webhooks-pinged"), false);
                    reload();
                    load_deliveries();
                }
                Err(e) => failed(e),
            }
        });
    };
    let target = hook.url.clone();
    let delete = move |_| {
        let sure = window()
            .confirm_with_message(
                &tr!(i18n, "webhooks-delete-confirm", { "url" => target.clone() }),
            )
            .unwrap_or(false);
        if sure {
            spawn_local(async move {
                match api::delete_webhook(board, &id.get_value()).await {
                    Ok(()) => reload(),
                    Err(e) => failed(e),
                }
            });
        }
    };
    let active = hook.active;
    let events = hook.events.clone();
    let (pending, given_up) = (hook.pending, hook.failed);
    let (by, made) = (hook.created_by.clone(), hook.created_at);
    view! {
        <li class:paused=!active data-testid="webhook">
            <div class="webhook-info">
                <code class="webhook-url">{hook.url.clone()}</code>
                <span class="webhook-events">
                    {move || events.iter().map(|e| event_name(i18n, *e)).collect::<Vec<_>>().join(", ")}
                </span>
                <span class="muted">
                    {move || if active { tr!(i18n, "webhooks-active") } else { tr!(i18n, "webhooks-paused") }}
                    " · "
                    {move || tr!(i18n, "webhooks-counts", { "pending" => pending, "failed" => given_up })}
                    " · "
                    {move || tr!(i18n, "webhooks-made", { "by" => by.clone(), "when" => crate::i18n::date_time(i18n, made) })}
                </span>
            </div>
            <div class="webhook-actions">
                <button class="ghost small" aria-expanded=move || deliveries().is_some().to_string()
                    on:click=move |_| if untrack(deliveries).is_some() { shown.set(None) } else { load_deliveries() }>
                    {move_tr!("webhooks-deliveries")}
                </button>
                <button class="ghost small" on:click=ping>{move_tr!("webhooks-ping")}</button>
                <button class="ghost small" on:click=move |_| set_active(!active)>
                    {move || if active { tr!(i18n, "webhooks-pause") } else { tr!(i18n, "webhooks-resume") }}
                </button>
                <button class="danger small" on:click=delete>{move_tr!("webhooks-delete")}</button>
            </div>
            {move || deliveries().map(|list| view! { <Deliveries list /> })}
        </li>
    }
}

/// A webhook's latest deliveries as a table: what, when, how it went and what comes next.
#[component]
fn Deliveries(list: Vec<WebhookDelivery>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    if list.is_empty() {
        return view! { <p class="empty">{move_tr!("webhooks-no-deliveries")}</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="deliveries" data-testid="deliveries">
                <thead>
                    <tr>
                        <th scope="col">{move_tr!("delivery-when")}</th>
                        <th scope="col">{move_tr!("delivery-event")}</th>
                        <th scope="col">{move_tr!("delivery-state")}</th>
                        <th scope="col">{move_tr!("delivery-answer")}</th>
                        <th scope="col">{move_tr!("delivery-attempts")}</th>
                        <th scope="col">{move_tr!("delivery-next")}</th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|d| {
                        let state = d.state;
                        let (status, error) = (d.last_status, d.last_error.clone());
                        let answer = move || match (status, error.as_deref()) {
                            (Some(status), _) => status.to_string(),
                            (None, Some(error)) => match DeliveryFailure::read(error) {
                                Some((failure, _)) => failure_name(i18n, failure),
                                None => error.to_owned(),
                            },
                            (None, None) => String::new(),
                        };
                        view! {
                            <tr class=format!("delivery-{}", state.as_str())>
                                // Each cell names its column: a phone shows a row as lines.
                                <td data-label=move_tr!("delivery-when")>{move || crate::i18n::date_time(i18n, d.created_at)}</td>
                                <td data-label=move_tr!("delivery-event")>{move || event_name(i18n, d.event)}</td>
                                <td data-label=move_tr!("delivery-state")>{move || state_name(i18n, state)}</td>
                                <td class="delivery-answer" data-label=move_tr!("delivery-answer") title=d.last_error.clone().unwrap_or_default()>{answer}</td>
                                <td data-label=move_tr!("delivery-attempts")>{d.attempts}</td>
                                <td data-label=move_tr!("delivery-next")>{move || d.next_at.map(|at| crate::i18n::date_time(i18n, at)).unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn event_name(i18n: I18n, event: WebhookEvent) -> String {
    match event {
        WebhookEvent::CardCreated => tr!(i18n, "webhook-event-card-created"),
        WebhookEvent::CardMoved => tr!(i18n, "webhook-event-card-moved"),
        WebhookEvent::CardArchived => tr!(i18n, "webhook-event-card-archived"),
        WebhookEvent::FieldChanged => tr!(i18n, "webhook-event-field-changed"),
        WebhookEvent::CommentAdded => tr!(i18n, "webhook-event-comment-added"),
        WebhookEvent::DeadlineExtended => tr!(i18n, "webhook-event-deadline-extended"),
        WebhookEvent::RagChanged => tr!(i18n, "webhook-event-rag-changed"),
        WebhookEvent::Ping => tr!(i18n, "webhook-event-ping"),
    }
}

fn state_name(i18n: I18n, state: DeliveryState) -> String {
    match state {
        DeliveryState::Pending => tr!(i18n, "delivery-pending"),
        DeliveryState::Delivered => tr!(i18n, "delivery-delivered"),
        DeliveryState::Failed => tr!(i18n, "delivery-failed"),
    }
}

/// Why a try got no answer, in the reader's language (the system's own words are the cell's
/// tooltip).
fn failure_name(i18n: I18n, failure: DeliveryFailure) -> String {
    match failure {
        DeliveryFailure::NotUrl => tr!(i18n, "delivery-failure-not-url"),
        DeliveryFailure::Unreachable => tr!(i18n, "delivery-failure-unreachable"),
        DeliveryFailure::Timeout => tr!(i18n, "delivery-failure-timeout"),
        DeliveryFailure::Connect => tr!(i18n, "delivery-failure-connect"),
        DeliveryFailure::Failed => tr!(i18n, "delivery-failure-failed"),
    }
}
