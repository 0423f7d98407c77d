//! The board's title, its connection state and the way to its archive.

use crate::contexts::board::{Permissions, ShowArchive, ShowShare};
use crate::sync::{BoardSync, Status};
use leptos::prelude::*;

#[component]
pub fn BoardHeader() -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let ShowArchive(show_archive) = expect_context::<ShowArchive>();
    let ShowShare(show_share) = expect_context::<ShowShare>();
    let Permissions(role) = expect_context::<Permissions>();
    let name = move || {
        sync.board
            .with(|b| b.as_ref().map(|b| b.name.clone()).unwrap_or_default())
    };
    let team = move || {
        sync.board
            .with(|b| b.as_ref().map(|b| b.team.clone()).unwrap_or_default())
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
            Status::Online if waiting > 0 => {
                ("status-saving", format!("Saving {waiting} change(s)…"))
            }
            Status::Online => ("status-live", "Live".to_owned()),
            Status::Connecting => ("status-connecting", "Connecting…".to_owned()),
            Status::Offline if waiting > 0 => (
                "status-offline",
                format!("Offline: {waiting} change(s) kept, sent when the connection returns"),
            ),
            Status::Offline => ("status-offline", "Offline: reconnecting…".to_owned()),
        }
    };
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
                {(!role.edits_cards()).then(|| view! { <span class="role-badge">"Read only"</span> })}
                {role.runs_board().then(|| view! {
                    <button class="ghost" aria-expanded=move || show_share.get().to_string() on:click=move |_| show_share.update(|s| *s = !*s)>
                        "Members & embeds"
                    </button>
                })}
                <button
                    class="ghost"
                    aria-expanded=move || show_archive.get().to_string()
                    on:click=move |_| show_archive.update(|s| *s = !*s)
                >
                    {move || format!("Archived ({})", archived())}
                </button>
            </div>
        </div>
    }
}
