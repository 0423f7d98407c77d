//! Archived cards, with a way back to the board, or (leads) out of it for good.

use crate::contexts::board::{Permissions, ShowArchive};
use crate::contexts::session::Session;
use crate::notices;
use crate::sync::BoardSync;
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use qadam_shared::{CardId, Op};

#[component]
pub fn ArchivePanel() -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let ShowArchive(open) = expect_context::<ShowArchive>();
    let permissions = expect_context::<Permissions>();
    let Permissions(role) = permissions;
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
    let session = expect_context::<Session>();
    let may_delete =
        move |card: CardId| sync.may(permissions.standing(session), &Op::DeleteCard { card });
    let i18n = sync.i18n;
    let delete = move |card: CardId, title: &str| {
        let question = tr!(i18n, "archive-delete-confirm", { "title" => title });
        let sure = window().confirm_with_message(&question).unwrap_or(false);
        if sure {
            sync.submit(Op::DeleteCard { card });
        }
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
                            <span>{title.clone()}</span>
                            {role.edits_cards().then(|| view! { <button class="ghost small" on:click=move |_| restore(id)>{move_tr!("archive-restore")}</button> })}
                            <Show when=move || may_delete(id)>
                                <button class="ghost small danger" on:click={
                                    let title = title.clone();
                                    move |_| delete(id, &title)
                                }>{move_tr!("archive-delete")}</button>
                            </Show>
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
