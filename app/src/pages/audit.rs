//! For Project Office administrators: the security audit log, newest first, a page at a time.

use crate::api;
use crate::contexts::session::Session;
use crate::notices;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{I18n, move_tr, tr};
use qadam_shared::Role;
use qadam_shared::audit::{AccountDetail, AuditAction, AuditEntry};

#[component]
pub fn AuditPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let i18n = expect_context::<I18n>();
    let entries = RwSignal::new(Vec::<AuditEntry>::new());
    let error = RwSignal::new(None::<String>);
    // Whether a full page came back: older entries may follow.
    let more = RwSignal::new(false);
    let load = move |last: Option<(i64, String)>| {
        spawn_local(async move {
            match api::audit(last).await {
                Ok(page) => {
                    more.set(page.len() >= qadam_shared::audit::AUDIT_PAGE);
                    entries.update(|all| all.extend(page));
                }
                Err(e) => error.set(Some(notices::api_error(i18n, &e))),
            }
        })
    };
    load(None);
    let older =
        move |_| load(entries.with_untracked(|all| all.last().map(|e| (e.at, e.id.clone()))));
    view! {
        <section class="page">
            <h1>{move_tr!("audit-title")}</h1>
            <Show when=move || session.is_admin() fallback=|| view! { <p class="empty">{move_tr!("audit-admins-only")}</p> }>
                {move || error.get().map(|text| view! { <p class="error" role="status">{text}</p> })}
                <Show when=move || entries.with(|e| !e.is_empty()) fallback=|| view! { <p class="empty">{move_tr!("audit-empty")}</p> }>
                    <div class="table-scroll">
                    <table class="audit">
                        <thead><tr>
                            <th>{move_tr!("audit-when")}</th>
                            <th>{move_tr!("audit-who")}</th>
                            <th>{move_tr!("audit-what")}</th>
                            <th>{move_tr!("audit-subject")}</th>
                            <th>{move_tr!("audit-detail")}</th>
                            <th>{move_tr!("audit-address")}</th>
                        </tr></thead>
                        <tbody>
                            {move || entries.get().into_iter().map(|entry| {
                                let failed = entry.action == AuditAction::SignInFailed;
                                view! {
                                    <tr class:failed=failed>
                                        <td>{move || crate::i18n::date_time(i18n, entry.at)}</td>
                                        <td>{entry.actor.clone().unwrap_or_default()}</td>
                                        <td>{move || action_name(i18n, entry.action)}</td>
                                        <td>{entry.subject.clone()}</td>
                                        <td>{
                                            let entry = entry.clone();
                                            move || detail(i18n, &entry)
                                        }</td>
                                        <td>{entry.address.clone().unwrap_or_default()}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                    <Show when=move || more.get()>
                        <button class="ghost" on:click=older>{move_tr!("audit-older")}</button>
                    </Show>
                </Show>
            </Show>
        </section>
    }
}

fn action_name(i18n: I18n, action: AuditAction) -> String {
    match action {
        AuditAction::SignedIn => tr!(i18n, "audit-signed-in"),
        AuditAction::SignInFailed => tr!(i18n, "audit-sign-in-failed"),
        AuditAction::SignedOut => tr!(i18n, "audit-signed-out"),
        AuditAction::PasswordChanged => tr!(i18n, "audit-password-changed"),
        AuditAction::SessionsEnded => tr!(i18n, "audit-sessions-ended"),
        AuditAction::AccountCreated => tr!(i18n, "audit-account-created"),
        AuditAction::AccountChanged => tr!(i18n, "audit-account-changed"),
        AuditAction::RoleSet => tr!(i18n, "audit-role-set"),
        AuditAction::RoleRemoved => tr!(i18n, "audit-role-removed"),
        AuditAction::EmbedCreated => tr!(i18n, "audit-embed-created"),
        AuditAction::EmbedRevoked => tr!(i18n, "audit-embed-revoked"),
        AuditAction::TokenCreated => tr!(i18n, "audit-token-created"),
        AuditAction::TokenRevoked => tr!(i18n, "audit-token-revoked"),
        AuditAction::WebhookCreated => tr!(i18n, "audit-webhook-created"),
        AuditAction::WebhookDeleted => tr!(i18n, "audit-webhook-deleted"),
        AuditAction::WebhookPaused => tr!(i18n, "audit-webhook-paused"),
        AuditAction::WebhookResumed => tr!(i18n, "audit-webhook-resumed"),
        AuditAction::WebhookEventsChanged => tr!(i18n, "audit-webhook-events-changed"),
    }
}

/// The entry's detail in the reader's language; an embed link's label as it was written, and a
/// webhook's URL as the server logged it (any password and query in it masked).
fn detail(i18n: I18n, entry: &AuditEntry) -> String {
    match entry.action {
        AuditAction::AccountCreated | AuditAction::AccountChanged => {
            let words: Vec<String> = AccountDetail::parse_list(&entry.detail)
                .into_iter()
                .map(|d| account_detail(i18n, d))
                .collect();
            words.join(", ")
        }
        AuditAction::RoleSet => Role::parse(&entry.detail)
            .map(|role| crate::i18n::role_name(i18n, role))
            .unwrap_or_default(),
        AuditAction::SignInFailed if entry.detail == "too_many_attempts" => {
            tr!(i18n, "audit-throttled")
        }
        AuditAction::SignInFailed => tr!(i18n, "audit-wrong-password"),
        AuditAction::SessionsEnded if entry.detail == "all" => tr!(i18n, "audit-every-session"),
        AuditAction::SessionsEnded => tr!(i18n, "audit-one-session"),
        AuditAction::EmbedCreated
        | AuditAction::EmbedRevoked
        | AuditAction::WebhookCreated
        | AuditAction::WebhookDeleted
        | AuditAction::WebhookPaused
        | AuditAction::WebhookResumed
        | AuditAction::WebhookEventsChanged => entry.detail.clone(),
        AuditAction::SignedIn | AuditAction::SignedOut | AuditAction::PasswordChanged => {
            String::new()
        }
        AuditAction::TokenCreated if entry.detail == "read_only" => tr!(i18n, "tokens-read-only"),
        AuditAction::RoleRemoved | AuditAction::TokenCreated | AuditAction::TokenRevoked => {
            String::new()
        }
    }
}

fn account_detail(i18n: I18n, detail: AccountDetail) -> String {
    match detail {
        AccountDetail::Name => tr!(i18n, "audit-detail-name"),
        AccountDetail::Admin => tr!(i18n, "audit-detail-admin"),
        AccountDetail::NotAdmin => tr!(i18n, "audit-detail-not-admin"),
        AccountDetail::Disabled => tr!(i18n, "audit-detail-disabled"),
        AccountDetail::Enabled => tr!(i18n, "audit-detail-enabled"),
        AccountDetail::Password => tr!(i18n, "audit-detail-password"),
        AccountDetail::Temporary => tr!(i18n, "audit-detail-temporary"),
    }
}
