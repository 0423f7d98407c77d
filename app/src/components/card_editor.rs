//! The card's dialog: edit its title and description, move it to another stage, or archive it.
//! Only the fields the person changed are sent, and a colleague's change to the open card shows
//! in the dialog at once.

use crate::components::card_history::CardHistory;
use crate::components::card_parts::CardPartsView;
use crate::components::delivery_fields::DeliveryFields;
use crate::contexts::board::{Editing, Permissions};
use crate::contexts::session::Session;
use crate::notices;
use crate::sync::BoardSync;
use leptos::html;
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use qadam_shared::limits::{DESCRIPTION_MAX_CHARS, TITLE_MAX_CHARS};
use qadam_shared::{Card, CardId, ColumnId, Op};

/// A text field of the dialog: what the card said when the person last took it in, and what
/// the field says now.
#[derive(Clone, Copy)]
struct Field {
    seen: RwSignal<String>,
    value: RwSignal<String>,
}

impl Field {
    fn new() -> Self {
        Self {
            seen: RwSignal::new(String::new()),
            value: RwSignal::new(String::new()),
        }
    }

    fn load(&self, text: &str) {
        self.seen.set(text.to_owned());
        self.value.set(text.to_owned());
    }

    /// The person's change, if they made one.
    fn edited(&self) -> Option<String> {
        let (seen, value) = (self.seen.get_untracked(), self.value.get_untracked());
        (value.trim() != seen.trim()).then_some(value)
    }

    /// The card now says `text`: an untouched field takes it; an edited one keeps the person's
    /// text. Returns whether the card changed at all, and whether the person's text now differs
    /// from a colleague's.
    fn card_says(&self, text: &str) -> (bool, bool) {
        if self.seen.get_untracked() == text {
            return (false, false);
        }
        let edited = self.edited().is_some();
        self.seen.set(text.to_owned());
        if !edited {
            self.value.set(text.to_owned());
        }
        (true, edited)
    }
}

#[component]
pub fn CardEditor() -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let Editing(editing) = expect_context::<Editing>();
    let permissions = expect_context::<Permissions>();
    let read_only = !permissions.0.edits_cards();
    let session = expect_context::<Session>();
    // A task under special control is archived by administrators only (the shared rule).
    let may_archive = move || {
        editing
            .get()
            .is_some_and(|card| sync.may(permissions.standing(session), &Op::ArchiveCard { card }))
    };
    let (title, description) = (Field::new(), Field::new());
    // A colleague's change while the dialog is open: who, and whether it met the person's own.
    let meanwhile = RwSignal::new(None::<(String, bool)>);
    let title_input = NodeRef::<html::Input>::new();
    let card = move || {
        let id = editing.get()?;
        sync.board
            .with(|b| b.as_ref().and_then(|b| b.cards.get(&id).cloned()))
    };
    let card_now = move || untrack(card);
    // Load the card's text when the dialog opens.
    Effect::new(move |_| {
        if editing.get().is_none() {
            return;
        }
        meanwhile.set(None);
        match card_now() {
            Some(card) => {
                title.load(&card.title);
                description.load(&card.description);
                if let Some(el) = title_input.get() {
                    let _ = el.focus();
                }
            }
            None => editing.set(None),
        }
    });
    // The card changed under the open dialog: someone archived it (close), or edited it (show).
    Effect::new(move |_| {
        let Some(current) = card() else {
            if editing.get_untracked().is_some() {
                editing.set(None);
            }
            return;
        };
        if current.archived {
            editing.set(None);
            return;
        }
        let Card {
            title: now_title,
            description: now_description,
            ..
        } = current;
        let (t_changed, t_conflict) = title.card_says(&now_title);
        let (d_changed, d_conflict) = description.card_says(&now_description);
        if t_changed || d_changed {
            let author = sync.last_author.get_untracked().unwrap_or_default();
            meanwhile.set(Some((author, t_conflict || d_conflict)));
        }
    });
    let close = move || {
        let id = editing.get_untracked();
        editing.set(None);
        if let Some(id) = id {
            crate::drag::focus_card(id);
        }
    };
    let save = move || {
        let Some(id) = editing.get_untracked() else {
            return;
        };
        let (new_title, new_description) = (title.edited(), description.edited());
        if new_title.is_none() && new_description.is_none() {
            close();
            return;
        }
        if sync.submit(Op::EditCard {
            card: id,
            title: new_title,
            description: new_description,
        }) {
            close();
        }
    };
    let archive = move || {
        let Some(card) = card_now() else { return };
        if sync.submit(Op::ArchiveCard { card: card.id }) {
            editing.set(None);
            let back = Op::RestoreCard {
                card: card.id,
                column: card.column,
                position: card.position,
            };
            sync.notices
                .undoable(notices::archived(sync.i18n, &card.title), vec![back]);
        }
    };
    view! {
        <Show when=move || editing.get().is_some()>
            <div class="dialog-backdrop" on:click=move |_| close()>
                <div
                    class="dialog card-dialog"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="card-dialog-title"
                    on:click=|e| e.stop_propagation()
                    on:keydown=move |e| if e.key() == "Escape" { close() }
                >
                    <h2 id="card-dialog-title">{move_tr!("card-dialog-title")}</h2>
                    <div class="card-dialog-body">
                    <form on:submit=move |e| { e.prevent_default(); save(); }>
                        {move || meanwhile.get().map(|(author, conflict)| view! {
                            <p class="note meanwhile" role="status" data-testid="changed-meanwhile">
                                {move || if conflict {
                                    tr!("card-changed-conflict", { "author" => author.clone() })
                                } else {
                                    tr!("card-changed-meanwhile", { "author" => author.clone() })
                                }}
                            </p>
                        })}
                        <label for="card-title">{move_tr!("card-title")}</label>
                        <input
                            id="card-title"
                            node_ref=title_input
                            readonly=read_only
                            maxlength=TITLE_MAX_CHARS.to_string()
                            prop:value=move || title.value.get()
                            on:input=move |e| title.value.set(event_target_value(&e))
                        />
                        {move || editing.get().map(|id| view! { <StageField id card=Signal::derive(card) read_only /> })}
                        <label for="card-description">{move_tr!("card-description")}</label>
                        <textarea
                            id="card-description"
                            rows="8"
                            readonly=read_only
                            maxlength=DESCRIPTION_MAX_CHARS.to_string()
                            prop:value=move || description.value.get()
                            on:input=move |e| description.value.set(event_target_value(&e))
                        ></textarea>
                        <div class="form-actions">
                            {(!read_only).then(|| view! { <button type="submit" class="primary">{move_tr!("save")}</button> })}
                            <button type="button" class="ghost" on:click=move |_| close()>{if read_only { move_tr!("close") } else { move_tr!("cancel") }}</button>
                            <span class="spacer"></span>
                            <Show when=may_archive>
                                <button type="button" class="danger" on:click=move |_| archive()>{move_tr!("card-archive")}</button>
                            </Show>
                        </div>
                    </form>
                    {move || editing.get().map(|id| view! {
                        <div class="card-work">
                            <CardPartsView id card=Signal::derive(card) />
                            <CardHistory id card=Signal::derive(card) />
                        </div>
                    })}
                    {move || editing.get().map(|id| view! { <DeliveryFields id card=Signal::derive(card) /> })}
                    </div>
                </div>
            </div>
        </Show>
    }
}

/// The card's stage, and a way to move it to the end of another without dragging (on a phone,
/// and for anyone who cannot drag): stages the person may not take it into (gated, or full
/// under hard limits) are offered disabled.
#[component]
fn StageField(id: CardId, card: Signal<Option<Card>>, read_only: bool) -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let permissions = expect_context::<Permissions>();
    let session = expect_context::<Session>();
    let i18n = sync.i18n;
    let select = NodeRef::<html::Select>::new();
    let current = move || card.with(|c| c.as_ref().map(|c| c.column));
    let stages = move || {
        let standing = permissions.standing(session);
        sync.board.with(|b| {
            let Some(b) = b else { return Vec::new() };
            b.ordered_columns()
                .iter()
                .map(|c| {
                    let open = current() == Some(c.id) || standing.may_take(id, c.id, b);
                    (c.id, crate::i18n::shown(i18n, &c.name), open)
                })
                .collect::<Vec<_>>()
        })
    };
    let move_to = move |column: ColumnId| {
        let (Some(card), Some(board)) = (card.get_untracked(), sync.board.get_untracked()) else {
            return;
        };
        if column == card.column {
            return;
        }
        let into = Op::MoveCard {
            card: id,
            column,
            position: board.card_key_at(column, id, usize::MAX),
        };
        if sync.submit(into) {
            let stage = board
                .columns
                .get(&column)
                .map(|c| crate::i18n::shown(i18n, &c.name))
                .unwrap_or_default();
            let back = Op::MoveCard {
                card: id,
                column: card.column,
                position: card.position,
            };
            sync.notices
                .undoable(notices::moved(i18n, &card.title, &stage), vec![back]);
        } else if let Some(el) = select.get_untracked() {
            // Refused: the field shows the stage the card is still in.
            el.set_value(&card.column.to_string());
        }
    };
    view! {
        <label class="stage-field">
            {move_tr!("card-stage")}
            <select
                node_ref=select
                disabled=read_only
                prop:value=move || current().map(|c| c.to_string()).unwrap_or_default()
                on:change=move |e| {
                    if let Ok(column) = event_target_value(&e).parse() {
                        move_to(column);
                    }
                }
            >
                <For each=stages key=|s| s.clone() let((column, name, open))>
                    <option value=column.to_string() disabled=!open selected=move || current() == Some(column)>{name}</option>
                </For>
            </select>
        </label>
    }
}
