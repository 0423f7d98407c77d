//! The card dialog's working parts: labels, the checklist, links and comments. Each change is
//! one operation on one item, live for everyone on the board.

use crate::contexts::board::Permissions;
use crate::contexts::session::Session;
use crate::i18n::{date_time, day};
use crate::sync::BoardSync;
use leptos::prelude::*;
use leptos_fluent::{I18n, move_tr, tr};
use qadam_shared::card_parts::{CardParts, LabelColor, toggled};
use qadam_shared::limits::{
    COMMENT_MAX_CHARS, ITEM_MAX_CHARS, LABEL_NAME_MAX_CHARS, URL_MAX_CHARS, usable_dates,
};
use qadam_shared::{Card, CardId, ItemId, LabelId, Op};

#[component]
pub fn CardPartsView(id: CardId, card: Signal<Option<Card>>) -> impl IntoView {
    let Permissions(role) = expect_context::<Permissions>();
    let read_only = !role.edits_cards();
    let parts = Memo::new(move |_| card.get().map(|c| c.parts).unwrap_or_default());
    view! {
        <Labels id parts read_only />
        <Checklist id parts read_only />
        <Links id parts read_only />
        <Comments id parts read_only />
    }
}

/// A label colour's name in the viewer's language (the colour is never the only cue).
pub fn color_name(i18n: I18n, color: LabelColor) -> String {
    match color {
        LabelColor::Blue => tr!(i18n, "color-blue"),
        LabelColor::Teal => tr!(i18n, "color-teal"),
        LabelColor::Green => tr!(i18n, "color-green"),
        LabelColor::Yellow => tr!(i18n, "color-yellow"),
        LabelColor::Orange => tr!(i18n, "color-orange"),
        LabelColor::Red => tr!(i18n, "color-red"),
        LabelColor::Purple => tr!(i18n, "color-purple"),
        LabelColor::Grey => tr!(i18n, "color-grey"),
    }
}

/// The board's labels, each a toggle on this card; leads add and delete them.
#[component]
fn Labels(id: CardId, parts: Memo<CardParts>, read_only: bool) -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let Permissions(role) = expect_context::<Permissions>();
    let i18n = expect_context::<I18n>();
    let labels = move || {
        sync.board.with(|b| {
            b.as_ref()
                .map(|b| b.labels.values().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    let toggle = move |label: LabelId, on: bool| {
        let labels = sync.board.with_untracked(|b| {
            let on_board = |l: &LabelId| b.as_ref().is_some_and(|b| b.labels.contains_key(l));
            parts.with_untracked(|p| toggled(&p.labels, label, on, on_board))
        });
        sync.submit(Op::SetCardLabels { card: id, labels });
    };
    let name = RwSignal::new(String::new());
    let color = RwSignal::new(LabelColor::Blue);
    let add = move || {
        if sync.submit(Op::PutLabel {
            label: LabelId::random(),
            name: name.get_untracked(),
            color: color.get_untracked(),
        }) {
            name.set(String::new());
        }
    };
    view! {
        <fieldset class="parts labels">
            <legend class="field-label">{move_tr!("parts-labels")}</legend>
            <Show when=move || labels().is_empty()>
                <p class="hint">{move_tr!("parts-labels-none")}</p>
            </Show>
            <div class="label-toggles">
                {move || labels().into_iter().map(|l| {
                    let label = l.id;
                    view! {
                        <label class=format!("label-toggle label-{}", l.color.as_str())>
                            <input
                                type="checkbox"
                                disabled=read_only
                                prop:checked=move || parts.with(|p| p.labels.contains(&label))
                                on:change=move |e| toggle(label, event_target_checked(&e))
                            />
                            {l.name.clone()}
                            {role.runs_board().then(|| view! {
                                <button
                                    type="button"
                                    class="icon small"
                                    aria-label=move || tr!(i18n, "parts-label-delete", { "name" => l.name.clone() })
                                    on:click=move |e| {
                                        e.prevent_default();
                                        sync.submit(Op::DeleteLabel { label });
                                    }
                                >"×"</button>
                            })}
                        </label>
                    }
                }).collect_view()}
            </div>
            {role.runs_board().then(|| view! {
                <div class="part-form">
                    <input
                        type="text"
                        placeholder=move_tr!("parts-label-name")
                        aria-label=move_tr!("parts-label-name")
                        maxlength=LABEL_NAME_MAX_CHARS.to_string()
                        prop:value=move || name.get()
                        on:input=move |e| name.set(event_target_value(&e))
                    />
                    <select
                        aria-label=move_tr!("parts-label-color")
                        prop:value=move || color.get().as_str()
                        on:change=move |e| if let Some(c) = LabelColor::parse(&event_target_value(&e)) { color.set(c) }
                    >
                        {LabelColor::ALL.into_iter().map(|c| view! { <option value=c.as_str()>{move || color_name(i18n, c)}</option> }).collect_view()}
                    </select>
                    <button type="button" class="small" disabled=move || name.with(|n| n.trim().is_empty()) on:click=move |_| add()>
                        {move_tr!("parts-label-add")}
                    </button>
                </div>
            })}
        </fieldset>
    }
}

/// Milestones: ticked with who and when, an optional due date each.
#[component]
fn Checklist(id: CardId, parts: Memo<CardParts>, read_only: bool) -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let i18n = expect_context::<I18n>();
    let text = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let add = move || {
        if sync.submit(Op::AddChecklistItem {
            card: id,
            item: ItemId::random(),
            text: text.get_untracked(),
            due: due.get_untracked().parse().ok(),
        }) {
            text.set(String::new());
            due.set(String::new());
        }
    };
    let progress = move || parts.with(|p| p.progress());
    view! {
        <fieldset class="parts checklist">
            <legend class="field-label">
                {move_tr!("parts-checklist")}
                {move || {
                    let (done, all) = progress();
                    (all > 0).then(|| format!(" · {done}/{all}"))
                }}
            </legend>
            {move || {
                let (done, all) = progress();
                (all > 0).then(|| view! {
                    <progress max=all.to_string() value=done.to_string() aria-label=move || tr!(i18n, "card-checklist-title", { "done" => done, "total" => all })></progress>
                })
            }}
            <ul class="checklist-items">
                {move || parts.with(|p| p.checklist.clone()).into_iter().map(|item| {
                    let item_id = item.id;
                    let ticked = item.done.clone();
                    let by = ticked.as_ref().map(|s| tr!(i18n, "parts-ticked-by", { "author" => crate::i18n::shown(i18n, &s.by), "when" => date_time(i18n, s.at) }));
                    view! {
                        <li class:done=ticked.is_some()>
                            <label class="check" title=by.clone().unwrap_or_default()>
                                <input
                                    type="checkbox"
                                    disabled=read_only
                                    prop:checked=ticked.is_some()
                                    on:change=move |e| {
                                        sync.submit(Op::TickChecklistItem { card: id, item: item_id, done: event_target_checked(&e) });
                                    }
                                />
                                <span class="item-text">{item.text.clone()}</span>
                            </label>
                            {item.due.map(|d| view! { <span class="due">{day(i18n, d)}</span> })}
                            {(!read_only).then(|| view! {
                                <button
                                    type="button"
                                    class="icon small"
                                    aria-label=move || tr!(i18n, "parts-remove-item", { "name" => item.text.clone() })
                                    on:click=move |_| { sync.submit(Op::RemoveChecklistItem { card: id, item: item_id }); }
                                >"×"</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(!read_only).then(|| view! {
                <div class="part-form">
                    <input
                        type="text"
                        placeholder=move_tr!("parts-checklist-add")
                        aria-label=move_tr!("parts-checklist-add")
                        maxlength=ITEM_MAX_CHARS.to_string()
                        prop:value=move || text.get()
                        on:input=move |e| text.set(event_target_value(&e))
                        on:keydown=move |e| if e.key() == "Enter" { e.prevent_default(); add(); }
                    />
                    <input
                        type="date"
                        min=usable_dates().0
                        max=usable_dates().1
                        aria-label=move_tr!("parts-checklist-due")
                        prop:value=move || due.get()
                        on:input=move |e| due.set(event_target_value(&e))
                    />
                    <button type="button" class="small" disabled=move || text.with(|t| t.trim().is_empty()) on:click=move |_| add()>
                        {move_tr!("parts-add")}
                    </button>
                </div>
            })}
        </fieldset>
    }
}

/// Links to documents in the ministries' own systems; they open in a new tab.
#[component]
fn Links(id: CardId, parts: Memo<CardParts>, read_only: bool) -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let i18n = expect_context::<I18n>();
    let title = RwSignal::new(String::new());
    let url = RwSignal::new(String::new());
    let add = move || {
        if sync.submit(Op::AddLink {
            card: id,
            link: ItemId::random(),
            title: title.get_untracked(),
            url: url.get_untracked(),
        }) {
            title.set(String::new());
            url.set(String::new());
        }
    };
    view! {
        <fieldset class="parts links">
            <legend class="field-label">{move_tr!("parts-links")}</legend>
            <ul class="link-items">
                {move || parts.with(|p| p.links.clone()).into_iter().map(|link| {
                    let link_id = link.id;
                    let shown = if link.title.is_empty() { link.url.clone() } else { link.title.clone() };
                    let name = shown.clone();
                    view! {
                        <li>
                            <a href=link.url.clone() target="_blank" rel="noopener noreferrer">{shown}</a>
                            {(!read_only).then(|| view! {
                                <button
                                    type="button"
                                    class="icon small"
                                    aria-label=move || tr!(i18n, "parts-remove-item", { "name" => name.clone() })
                                    on:click=move |_| { sync.submit(Op::RemoveLink { card: id, link: link_id }); }
                                >"×"</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(!read_only).then(|| view! {
                <div class="part-form">
                    <input
                        type="text"
                        placeholder=move_tr!("parts-link-title")
                        aria-label=move_tr!("parts-link-title")
                        maxlength=ITEM_MAX_CHARS.to_string()
                        prop:value=move || title.get()
                        on:input=move |e| title.set(event_target_value(&e))
                    />
                    <input
                        type="url"
                        placeholder=move_tr!("parts-link-url")
                        aria-label=move_tr!("parts-link-url")
                        maxlength=URL_MAX_CHARS.to_string()
                        prop:value=move || url.get()
                        on:input=move |e| url.set(event_target_value(&e))
                    />
                    <button type="button" class="small" disabled=move || url.with(|u| u.trim().is_empty()) on:click=move |_| add()>
                        {move_tr!("parts-add")}
                    </button>
                </div>
            })}
        </fieldset>
    }
}

/// Comments, newest first; their authors edit or delete them.
#[component]
fn Comments(id: CardId, parts: Memo<CardParts>, read_only: bool) -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let session = expect_context::<Session>();
    let i18n = expect_context::<I18n>();
    let me = move || session.me.with(|m| m.as_ref().map(|m| m.id.to_string()));
    let draft = RwSignal::new(String::new());
    let editing = RwSignal::new(None::<(ItemId, String)>);
    let add = move || {
        if sync.submit(Op::AddComment {
            card: id,
            comment: ItemId::random(),
            text: draft.get_untracked(),
        }) {
            draft.set(String::new());
        }
    };
    let save_edit = move || {
        if let Some((comment, text)) = editing.get_untracked()
            && sync.submit(Op::EditComment {
                card: id,
                comment,
                text,
            })
        {
            editing.set(None);
        }
    };
    view! {
        <section class="parts comments" aria-labelledby="comments-heading">
            <h3 id="comments-heading" class="field-label">{move_tr!("parts-comments")}</h3>
            {(!read_only).then(|| view! {
                <div class="comment-form">
                    <textarea
                        rows="2"
                        placeholder=move_tr!("parts-comment-placeholder")
                        aria-label=move_tr!("parts-comment-placeholder")
                        maxlength=COMMENT_MAX_CHARS.to_string()
                        prop:value=move || draft.get()
                        on:input=move |e| draft.set(event_target_value(&e))
                    ></textarea>
                    <button type="button" class="small primary" disabled=move || draft.with(|d| d.trim().is_empty()) on:click=move |_| add()>
                        {move_tr!("parts-comment-add")}
                    </button>
                </div>
            })}
            <ul class="comment-items">
                {move || {
                    let mine = me();
                    parts.with(|p| p.comments.clone()).into_iter().rev().map(|c| {
                        let comment = c.id;
                        let own = mine.is_some() && c.stamp.by_id == mine && !read_only;
                        let text = c.text.clone();
                        view! {
                            <li data-testid="comment">
                                <p class="by">
                                    <strong>{crate::i18n::shown(i18n, &c.stamp.by)}</strong>
                                    " · "
                                    {date_time(i18n, c.stamp.at)}
                                    {c.edited_at.map(|_| view! { " · " {move_tr!("parts-comment-edited")} })}
                                </p>
                                <Show
                                    when=move || editing.with(|e| e.as_ref().is_some_and(|(i, _)| *i == comment))
                                    fallback={
                                        let text = text.clone();
                                        move || view! { <p class="comment-text">{text.clone()}</p> }
                                    }
                                >
                                    <textarea
                                        rows="3"
                                        aria-label=move_tr!("parts-comment-edit")
                                        maxlength=COMMENT_MAX_CHARS.to_string()
                                        prop:value=move || editing.with(|e| e.as_ref().map(|(_, t)| t.clone()).unwrap_or_default())
                                        on:input=move |e| { let t = event_target_value(&e); editing.update(|x| if let Some((_, text)) = x { *text = t }); }
                                    ></textarea>
                                    <div class="form-actions">
                                        <button type="button" class="small primary" on:click=move |_| save_edit()>{move_tr!("save")}</button>
                                        <button type="button" class="small ghost" on:click=move |_| editing.set(None)>{move_tr!("cancel")}</button>
                                    </div>
                                </Show>
                                {own.then(|| {
                                    let text = text.clone();
                                    view! {
                                        <div class="comment-actions">
                                            <button type="button" class="link" on:click=move |_| editing.set(Some((comment, text.clone())))>{move_tr!("parts-comment-edit")}</button>
                                            <button type="button" class="link danger" on:click=move |_| {
                                                let sure = window().confirm_with_message(&tr!(i18n, "parts-comment-delete-confirm")).unwrap_or(false);
                                                if sure {
                                                    sync.submit(Op::DeleteComment { card: id, comment });
                                                }
                                            }>{move_tr!("parts-comment-delete")}</button>
                                        </div>
                                    }
                                })}
                            </li>
                        }
                    }).collect_view()
                }}
            </ul>
        </section>
    }
}
