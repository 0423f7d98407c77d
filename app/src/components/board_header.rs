//! The board's title, its connection state and the way to its archive.

use crate::contexts::board::{
    MovedSince, Permissions, ShowArchive, ShowShare, ShowTransfer, ShowWebhooks,
};
use crate::sync::{BoardSync, Status};
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use leptos_router::components::A;

#[component]
pub fn BoardHeader() -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let ShowArchive(show_archive) = expect_context::<ShowArchive>();
    let ShowShare(show_share) = expect_context::<ShowShare>();
    let ShowTransfer(show_transfer) = expect_context::<ShowTransfer>();
    let ShowWebhooks(show_webhooks) = expect_context::<ShowWebhooks>();
    let Permissions(role) = expect_context::<Permissions>();
    let i18n = expect_context::<leptos_fluent::I18n>();
    let name = move || {
        sync.board.with(|b| {
            b.as_ref()
                .map(|b| crate::i18n::shown(i18n, &b.name))
                .unwrap_or_default()
        })
    };
    let team = move || {
        sync.board.with(|b| {
            b.as_ref()
                .map(|b| crate::i18n::shown(i18n, &b.team))
                .unwrap_or_default()
        })
    };
    let archived = move || {
        sync.board.with(|b| {
            b.as_ref()
                .map(|b| b.cards.values().filter(|c| c.archived).count())
                .unwrap_or(0)
        })
    };
    let status = move || {
        let waiting = sync.pending.get();
        match sync.status.get() {
            Status::Online if waiting > 0 => (
                "status-saving",
                tr!("status-saving", { "count" => waiting }),
            ),
            Status::Online => ("status-live", tr!("status-live")),
            Status::Connecting => ("status-connecting", tr!("status-connecting")),
            Status::Offline if waiting > 0 => (
                "status-offline",
                match sync.last_saved.get() {
                    Some(at) => tr!("status-offline-kept-since", {
                        "count" => waiting,
                        "time" => crate::i18n::time(i18n, at),
                    }),
                    None => tr!("status-offline-kept", { "count" => waiting }),
                },
            ),
            Status::Offline => ("status-offline", tr!("status-offline")),
        }
    };
    if let Some(at) = sync.past {
        let moved = expect_context::<MovedSince>();
        let path = format!("/boards/{}", sync.id);
        return view! {
            <div class="board-header">
                <div>
                    <h1>{name}</h1>
                    <p class="board-team">{team}</p>
                </div>
                <p class="past-banner" role="status" data-testid="past">
                    {move || tr!("past-shown", { "when" => crate::i18n::date_time(i18n, at), "count" => moved.0.with(|m| m.len()) })}
                    " "
                    <A href=path>{move_tr!("past-back")}</A>
                </p>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="board-header">
            <div>
                <h1>{name}</h1>
                <p class="board-team">{team}</p>
            </div>
            <div class="board-tools">
                <span class=move || format!("status {}", status().0) role="status" data-testid="connection">
                    {move || status().1}
                </span>
                {(!role.edits_cards()).then(|| view! { <span class="role-badge">{move_tr!("board-read-only")}</span> })}
                {role.runs_board().then(|| view! {
                    <button class="ghost" aria-expanded=move || show_share.get().to_string() on:click=move |_| show_share.update(|s| *s = !*s)>
                        {move_tr!("board-members-and-embeds")}
                    </button>
                    <button class="ghost" data-testid="open-webhooks" aria-expanded=move || show_webhooks.get().to_string() on:click=move |_| show_webhooks.update(|s| *s = !*s)>
                        {move_tr!("webhooks-title")}
                    </button>
                })}
                <button class="ghost" data-testid="open-transfer" aria-expanded=move || show_transfer.get().to_string() on:click=move |_| show_transfer.update(|s| *s = !*s)>
                    {move_tr!("transfer-title")}
                </button>
                <button
                    class="ghost"
                    aria-expanded=move || show_archive.get().to_string()
                    on:click=move |_| show_archive.update(|s| *s = !*s)
                >
                    {move || tr!("board-archived", { "count" => archived() })}
                </button>
            </div>
        </div>
    }
    .into_any()
}
