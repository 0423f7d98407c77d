//! A stage's name, card count against its WIP limit, and its actions: rename, limit, move,
//! delete.

use crate::contexts::board::Permissions;
use crate::notices;
use crate::sync::BoardSync;
use leptos::prelude::*;
use leptos_fluent::{I18n, move_tr, tr};
use qadam_shared::{ColumnId, Op, Role};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Editing {
    None,
    Name,
    Limit,
}

#[component]
pub fn ColumnHeader(column: ColumnId) -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let Permissions(role) = expect_context::<Permissions>();
    let i18n = expect_context::<I18n>();
    let editing = RwSignal::new(Editing::None);
    let draft = RwSignal::new(String::new());
    let menu_open = RwSignal::new(false);
    let info = Memo::new(move |_| {
        sync.board.with(|b| {
            b.as_ref().and_then(|b| {
                let c = b.columns.get(&column)?;
                let order = b.ordered_columns();
                let at = order.iter().position(|o| o.id == column)?;
                Some((
                    c.name.clone(),
                    c.wip_limit,
                    b.cards_in(column).len(),
                    at,
                    order.len(),
                ))
            })
        })
    });
    // As the viewer reads it: a seeded name in their language.
    let name = move || {
        info.with(|i| {
            i.as_ref()
                .map(|i| crate::i18n::shown(i18n, &i.0))
                .unwrap_or_default()
        })
    };
    let count_label = move || {
        info.with(|i| match i {
            Some((_, Some(limit), n, ..)) => format!("{n} / {limit}"),
            Some((_, None, n, ..)) => n.to_string(),
            None => String::new(),
        })
    };
    let count_title = move || {
        info.with(|i| match i {
            Some((_, Some(limit), n, ..)) if *n > *limit as usize => {
                tr!("stage-count-over", { "count" => *n, "limit" => *limit })
            }
            Some((_, Some(limit), n, ..)) => {
                tr!("stage-count-limit", { "count" => *n, "limit" => *limit })
            }
            Some((_, None, n, ..)) => tr!("stage-count", { "count" => *n }),
            None => String::new(),
        })
    };
    let start = move |what: Editing| {
        menu_open.set(false);
        draft.set(match what {
            Editing::Limit => info.with_untracked(|i| {
                i.as_ref()
                    .and_then(|i| i.1)
                    .map(|l| l.to_string())
                    .unwrap_or_default()
            }),
            _ => name(),
        });
        editing.set(what);
    };
    let commit = move || {
        let text = draft.get_untracked();
        let op = match editing.get_untracked() {
            Editing::None => return,
            Editing::Name => Op::RenameColumn { column, name: text },
            Editing::Limit => {
                let text = text.trim();
                let limit = if text.is_empty() {
                    None
                } else {
                    match text.parse::<u32>() {
                        Ok(n) => Some(n),
                        Err(_) => {
                            sync.notices.toast(notices::wip_limit_invalid(i18n), true);
                            return;
                        }
                    }
                };
                Op::SetWipLimit { column, limit }
            }
        };
        if sync.submit(op) {
            editing.set(Editing::None);
        }
    };
    let move_by = move |delta: isize| {
        menu_open.set(false);
        let Some(board) = sync.board.get_untracked() else {
            return;
        };
        let Some(at) = info.with_untracked(|i| i.as_ref().map(|i| i.3)) else {
            return;
        };
        let to = at as isize + delta;
        if to < 0 {
            return;
        }
        let position = board.column_key_at(column, to as usize);
        sync.submit(Op::MoveColumn { column, position });
    };
    let delete = move || {
        menu_open.set(false);
        let Some((_, _, count, ..)) = info.get_untracked() else {
            return;
        };
        let name = name();
        if count > 0 {
            sync.notices
                .toast(notices::stage_not_empty(i18n, &name, count), true);
            return;
        }
        let confirmed = window()
            .confirm_with_message(&tr!(i18n, "stage-delete-confirm", { "name" => name }))
            .unwrap_or(false);
        if confirmed {
            sync.submit(Op::DeleteColumn { column });
        }
    };
    let gated = move || {
        sync.board.with(|b| {
            b.as_ref()
                .and_then(|b| b.columns.get(&column))
                .is_some_and(|c| c.gate.is_some())
        })
    };
    let toggle_gate = move || {
        menu_open.set(false);
        let gate = (!gated()).then_some(Role::Lead);
        sync.submit(Op::SetStageGate { column, gate });
    };
    let is_first = move || info.with(|i| i.as_ref().is_none_or(|i| i.3 == 0));
    let is_last = move || info.with(|i| i.as_ref().is_none_or(|i| i.3 + 1 >= i.4));
    view! {
        <header class="column-header">
            <Show
                when=move || editing.get() == Editing::None
                fallback=move || view! {
                    <form class="column-edit" on:submit=move |e| { e.prevent_default(); commit(); }>
                        <input
                            aria-label=move || if editing.get() == Editing::Limit { tr!("stage-limit-label") } else { tr!("stage-name-label") }
                            inputmode=move || if editing.get() == Editing::Limit { "numeric" } else { "text" }
                            autofocus
                            prop:value=move || draft.get()
                            on:input=move |e| draft.set(event_target_value(&e))
                            on:keydown=move |e| if e.key() == "Escape" { editing.set(Editing::None) }
                        />
                        <button type="submit" class="primary small">{move_tr!("save")}</button>
                    </form>
                }
            >
                <h2 class="column-name" on:dblclick=move |_| if role.runs_board() { start(Editing::Name) }>{name}</h2>
                <span class="column-count" title=count_title aria-label=count_title>{count_label}</span>
                <div class="column-menu" class:hidden=!role.runs_board()>
                    <button
                        class="icon"
                        aria-label=move || tr!("stage-actions", { "name" => name() })
                        aria-expanded=move || menu_open.get().to_string()
                        on:click=move |_| menu_open.update(|o| *o = !*o)
                    >"⋯"</button>
                    <Show when=move || menu_open.get()>
                        <div class="menu" role="menu">
                            <button role="menuitem" on:click=move |_| start(Editing::Name)>{move_tr!("stage-rename")}</button>
                            <button role="menuitem" on:click=move |_| start(Editing::Limit)>{move_tr!("stage-set-limit")}</button>
                            <button role="menuitemcheckbox" aria-checked=move || gated().to_string() on:click=move |_| toggle_gate()>
                                {move || if gated() { tr!("stage-gate-members") } else { tr!("stage-gate-leads") }}
                            </button>
                            <button role="menuitem" disabled=is_first on:click=move |_| move_by(-1)>{move_tr!("stage-move-left")}</button>
                            <button role="menuitem" disabled=is_last on:click=move |_| move_by(1)>{move_tr!("stage-move-right")}</button>
                            <button role="menuitem" class="danger" on:click=move |_| delete()>{move_tr!("stage-delete")}</button>
                        </div>
                    </Show>
                </div>
            </Show>
        </header>
    }
}
