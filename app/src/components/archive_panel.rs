//! Archived cards, with a way back to the board.

use crate::contexts::board::{Permissions, ShowArchive};
use crate::notices;
use crate::sync::BoardSync;
use leptos::prelude::*;
use leptos_fluent::move_tr;
use qadam_shared::{CardId, Op};

#[component]
pub fn ArchivePanel() -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let ShowArchive(open) = expect_context::<ShowArchive>();
    let Permissions(role) = expect_context::<Permissions>();
    let cards = move || {
        sync.board.with(|b| {
            b.as_ref()
                .map(|b| {
                    b.archived_cards()
                        .into_iter()
                        .map(|c| (c.id, c.title.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let restore = move |card: CardId| {
        let Some(board) = sync.board.get_untracked() else {
            return;
        };
        let original = board.cards.get(&card).map(|c| c.column);
        let column = original
            .filter(|c| board.columns.contains_key(c))
            .or_else(|| board.ordered_columns().first().map(|c| c.id));
        let Some(column) = column else {
            sync.notices
                .toast(notices::nowhere_to_restore(sync.i18n), true);
            return;
        };
        let position = board.card_key_at(column, card, usize::MAX);
        sync.submit(Op::RestoreCard {
            card,
            column,
            position,
        });
    };
    view! {
        <Show when=move || open.get()>
            <aside class="archive-panel" aria-label=move_tr!("archive-title")>
                <header>
                    <h2>{move_tr!("archive-title")}</h2>
                    <button class="icon" aria-label=move_tr!("archive-close") on:click=move |_| open.set(false)>"×"</button>
                </header>
                <ul>
                    <For each=cards key=|c| c.clone() let((id, title))>
                        <li>
                            <span>{title}</span>
                            {role.edits_cards().then(|| view! { <button class="ghost small" on:click=move |_| restore(id)>{move_tr!("archive-restore")}</button> })}
                        </li>
                    </For>
                </ul>
                <Show when=move || cards().is_empty()>
                    <p class="empty">{move_tr!("archive-empty")}</p>
                </Show>
            </aside>
        </Show>
    }
}
