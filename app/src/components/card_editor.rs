//! The card's dialog: edit its title and description, or archive it. Only the fields the person
//! changed are sent, and a colleague's change to the open card shows in the dialog at once.

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
use qadam_shared::access::Standing;
use qadam_shared::limits::{DESCRIPTION_MAX_CHARS, TITLE_MAX_CHARS};
use qadam_shared::{Card, Op};

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
    let Permissions(role) = expect_context::<Permissions>();
    let read_only = !role.edits_cards();
    let session = expect_context::<Session>();
    // A task under special control is archived by administrators only (the shared rule).
    let may_archive = move || {
        let standing = Standing {
            role,
            admin: session.is_admin(),
        };
        editing
            .get()
            .is_some_and(|card| sync.may(standing, &Op::ArchiveCard { card }))
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
