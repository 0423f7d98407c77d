//! The card dialog's delivery fields. Each field saves on its own, as one operation, so two
//! people editing different fields of a card both keep their edits; a field shows the card as
//! it is now, so a colleague's change appears in it live.

use crate::contexts::board::{Permissions, Team};
use crate::contexts::office::OfficeLists;
use crate::contexts::session::Session;
use crate::i18n::{date_time, day, deadline_status_name, rag_name};
use crate::sync::BoardSync;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_fluent::{I18n, move_tr, tr};
use qadam_shared::card_parts::toggled;
use qadam_shared::catalog::AgencyKind;
use qadam_shared::delivery::{Source, SourceKind};
use qadam_shared::limits::{
    REASON_MAX_CHARS, SOURCE_NUMBER_MAX_CHARS, SOURCE_PARAGRAPH_MAX_CHARS, usable_dates,
};
use qadam_shared::{Card, CardId, Delivery, Op, Rag, UserId};

#[component]
pub fn DeliveryFields(id: CardId, card: Signal<Option<Card>>) -> impl IntoView {
    let Permissions(role) = expect_context::<Permissions>();
    let read_only = !role.edits_cards();
    let delivery = Memo::new(move |_| card.get().map(|c| c.delivery).unwrap_or_default());
    view! {
        <section class="delivery" aria-labelledby="delivery-heading">
            <h3 id="delivery-heading">{move_tr!("delivery-heading")}</h3>
            <SpecialControl id delivery />
            <Judgement id delivery read_only />
            <DeadlineField id card delivery read_only />
            <ListChoice id delivery read_only projects=false />
            <ListChoice id delivery read_only projects=true />
            <Assignees id delivery read_only />
            <SourceField id delivery read_only />
            <DecisionField id delivery read_only />
        </section>
    }
}

/// Special control: set and lifted by Project Office administrators; everyone sees it.
#[component]
fn SpecialControl(id: CardId, delivery: Memo<Delivery>) -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let session = expect_context::<Session>();
    let admin = move || session.is_admin();
    let on = move || delivery.with(|d| d.special_control);
    view! {
        <label class="check field-special">
            <input
                type="checkbox"
                prop:checked=on
                disabled=move || !admin()
                on:change=move |e| {
                    sync.submit(Op::SetSpecialControl { card: id, on: event_target_checked(&e) });
                }
            />
            {move_tr!("card-special-control")}
        </label>
        <Show when=move || !admin()>
            <p class="hint">{move_tr!("delivery-special-admins")}</p>
        </Show>
    }
}

/// The delivery status judgement: the current one (who, when, why) and a new one.
#[component]
fn Judgement(id: CardId, delivery: Memo<Delivery>, read_only: bool) -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let i18n = expect_context::<I18n>();
    let rag = RwSignal::new(None::<Rag>);
    let reason = RwSignal::new(String::new());
    let judge = move || {
        let Some(chosen) = rag.get_untracked() else {
            return;
        };
        if sync.submit(Op::JudgeDelivery {
            card: id,
            rag: chosen,
            reason: reason.get_untracked(),
        }) {
            rag.set(None);
            reason.set(String::new());
        }
    };
    let needs_reason = move || rag.get().is_some_and(Rag::needs_reason);
    view! {
        <div class="field">
            <span class="field-label" id="rag-label">{move_tr!("delivery-status")}</span>
            {move || delivery.with(|d| d.judgement.clone()).map(|j| view! {
                <p class="current">
                    <span class=format!("rag rag-{}", j.rag.as_str())><span class="rag-dot" aria-hidden="true"></span>{rag_name(i18n, j.rag)}</span>
                    " "
                    <span class="by">{tr!(i18n, "delivery-judged-by", { "author" => crate::i18n::shown(i18n, &j.stamp.by), "when" => date_time(i18n, j.stamp.at) })}</span>
                </p>
                {(!j.reason.is_empty()).then(|| view! { <p class="reason">{j.reason.clone()}</p> })}
            })}
            {(!read_only).then(|| view! {
                <div class="judge" role="group" aria-labelledby="rag-label">
                    <select
                        aria-label=move_tr!("delivery-status-new")
                        prop:value=move || rag.get().map(|r| r.as_str()).unwrap_or_default()
                        on:change=move |e| rag.set(Rag::parse(&event_target_value(&e)))
                    >
                        <option value="">{move_tr!("delivery-status-choose")}</option>
                        {Rag::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{move || rag_name(i18n, r)}</option> }).collect_view()}
                    </select>
                    <input
                        type="text"
                        placeholder=move || if needs_reason() { tr!(i18n, "delivery-reason-required") } else { tr!(i18n, "delivery-reason-optional") }
                        aria-label=move_tr!("delivery-reason")
                        maxlength=REASON_MAX_CHARS.to_string()
                        prop:value=move || reason.get()
                        on:input=move |e| reason.set(event_target_value(&e))
                    />
                    <button
                        type="button"
                        class="small"
                        disabled=move || rag.get().is_none() || (needs_reason() && reason.with(|r| r.trim().is_empty()))
                        on:click=move |_| judge()
                    >{move_tr!("delivery-judge")}</button>
                </div>
            })}
        </div>
    }
}

/// A decision the team needs from leadership: asked with what to decide, cleared once taken.
#[component]
fn DecisionField(id: CardId, delivery: Memo<Delivery>, read_only: bool) -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let i18n = expect_context::<I18n>();
    let question = RwSignal::new(String::new());
    let ask = move || {
        let text = question.get_untracked();
        if sync.submit(Op::AskDecision {
            card: id,
            question: Some(text),
        }) {
            question.set(String::new());
        }
    };
    let asked = move || delivery.with(|d| d.decision.clone());
    view! {
        <div class="field decision">
            <span class="field-label" id="decision-label">{move_tr!("delivery-decision")}</span>
            {move || match asked() {
                Some(a) => view! {
                    <p class="reason" data-testid="decision-question">{a.question.clone()}</p>
                    <p class="by">{tr!(i18n, "delivery-decision-by", { "author" => crate::i18n::shown(i18n, &a.stamp.by), "when" => date_time(i18n, a.stamp.at) })}</p>
                    {(!read_only).then(|| view! {
                        <button type="button" class="small" on:click=move |_| { sync.submit(Op::AskDecision { card: id, question: None }); }>
                            {move_tr!("delivery-decision-taken")}
                        </button>
                    })}
                }.into_any(),
                None => view! { <p class="hint">{move_tr!("delivery-decision-hint")}</p> }.into_any(),
            }}
            {(!read_only).then(|| view! {
                <div class="judge" role="group" aria-labelledby="decision-label">
                    <input
                        type="text"
                        placeholder=move_tr!("delivery-decision-question")
                        aria-label=move_tr!("delivery-decision-question")
                        maxlength=REASON_MAX_CHARS.to_string()
                        prop:value=move || question.get()
                        on:input=move |e| question.set(event_target_value(&e))
                    />
                    <button
                        type="button"
                        class="small"
                        disabled=move || question.with(|q| q.trim().is_empty())
                        on:click=move |_| ask()
                    >{move_tr!("delivery-decision-ask")}</button>
                </div>
            })}
        </div>
    }
}

/// The deadline: set once freely; moved later only with a reason, every move listed.
#[component]
fn DeadlineField(
    id: CardId,
    card: Signal<Option<Card>>,
    delivery: Memo<Delivery>,
    read_only: bool,
) -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let i18n = expect_context::<I18n>();
    let new_date = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let status = move || {
        let card = card.get()?;
        let now = js_sys::Date::now() as i64;
        sync.board
            .with(|b| b.as_ref().and_then(|b| b.deadline_status(&card, now)))
    };
    let submit = move |due: NaiveDate| {
        if sync.submit(Op::SetDeadline {
            card: id,
            due,
            reason: reason.get_untracked(),
        }) {
            new_date.set(String::new());
            reason.set(String::new());
        }
    };
    let has_deadline = move || delivery.with(|d| d.deadline.is_some());
    let wanted = move || new_date.get().parse::<NaiveDate>().ok();
    view! {
        <div class="field">
            <label for="deadline-new">{move_tr!("delivery-deadline")}</label>
            {move || delivery.with(|d| d.deadline.clone()).map(|deadline| view! {
                <p class="current">
                    <span class=move || format!("due due-{}", status().map(|s| s.as_str()).unwrap_or("none"))>
                        {day(i18n, deadline.current)}
                    </span>
                    " "
                    {move || status().map(|s| deadline_status_name(i18n, s))}
                </p>
                {(deadline.original != deadline.current).then(|| view! {
                    <p class="hint">{tr!(i18n, "delivery-deadline-original", { "date" => day(i18n, deadline.original), "count" => deadline.extensions() })}</p>
                })}
                {(!deadline.changes.is_empty()).then(|| view! {
                    <ul class="deadline-changes" aria-label=move_tr!("delivery-deadline-changes")>
                        {deadline.changes.iter().rev().map(|c| view! {
                            <li>
                                {tr!(i18n, "delivery-deadline-moved", {
                                    "from" => day(i18n, c.from), "to" => day(i18n, c.to),
                                    "author" => crate::i18n::shown(i18n, &c.stamp.by), "when" => date_time(i18n, c.stamp.at),
                                })}
                                <span class="reason">{c.reason.clone()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                })}
            })}
            {(!read_only).then(|| view! {
                <div class="deadline-form">
                    <input
                        id="deadline-new"
                        type="date"
                        min=usable_dates().0
                        max=usable_dates().1
                        prop:value=move || new_date.get()
                        on:input=move |e| new_date.set(event_target_value(&e))
                    />
                    <Show when=has_deadline>
                        <input
                            type="text"
                            placeholder=move_tr!("delivery-deadline-reason")
                            aria-label=move_tr!("delivery-deadline-reason")
                            maxlength=REASON_MAX_CHARS.to_string()
                            prop:value=move || reason.get()
                            on:input=move |e| reason.set(event_target_value(&e))
                        />
                    </Show>
                    <button
                        type="button"
                        class="small"
                        disabled=move || wanted().is_none() || (has_deadline() && reason.with(|r| r.trim().is_empty()))
                        on:click=move |_| if let Some(due) = wanted() { submit(due) }
                    >
                        {move || if has_deadline() { tr!(i18n, "delivery-deadline-move") } else { tr!(i18n, "delivery-deadline-set") }}
                    </button>
                </div>
            })}
        </div>
    }
}

/// The responsible agency, or (`projects`) the strategic project: one of the office's lists.
#[component]
fn ListChoice(
    id: CardId,
    delivery: Memo<Delivery>,
    read_only: bool,
    projects: bool,
) -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let lists = expect_context::<OfficeLists>();
    let i18n = expect_context::<I18n>();
    let field_id = if projects {
        "card-project"
    } else {
        "card-agency"
    };
    let current = move || {
        delivery.with(|d| {
            if projects {
                d.project.clone()
            } else {
                d.agency.clone()
            }
        })
    };
    let choose = move |code: String| {
        let code = (!code.is_empty()).then_some(code);
        let op = if projects {
            Op::SetProject {
                card: id,
                project: code,
            }
        } else {
            Op::SetAgency {
                card: id,
                agency: code,
            }
        };
        sync.submit(op);
    };
    // Retired entries are offered only to the card that still names one.
    let options = move || {
        let language = i18n.language.get().id;
        let chosen = current();
        lists.0.with(|c| {
            if projects {
                let entries = c
                    .projects
                    .iter()
                    .filter(|p| !p.retired || Some(&p.code) == chosen.as_ref())
                    .map(|p| view! { <option value=p.code.clone()>{p.names.get(language).to_owned()}</option> })
                    .collect_view();
                view! { {entries} }.into_any()
            } else {
                [
                    (AgencyKind::Ministry, "delivery-agencies-ministries"),
                    (AgencyKind::Akimat, "delivery-agencies-akimats"),
                    (AgencyKind::Company, "delivery-agencies-companies"),
                ]
                .into_iter()
                .map(|(kind, label)| {
                    let entries = c
                        .agencies
                        .iter()
                        .filter(|a| a.kind == kind)
                        .filter(|a| !a.retired || Some(&a.code) == chosen.as_ref())
                        .map(|a| view! { <option value=a.code.clone()>{a.names.get(language).to_owned()}</option> })
                        .collect_view();
                    let label = match label {
                        "delivery-agencies-ministries" => tr!(i18n, "delivery-agencies-ministries"),
                        "delivery-agencies-akimats" => tr!(i18n, "delivery-agencies-akimats"),
                        _ => tr!(i18n, "delivery-agencies-companies"),
                    };
                    view! { <optgroup label=label>{entries}</optgroup> }
                })
                .collect_view()
                .into_any()
            }
        })
    };
    view! {
        <div class="field">
            <label for=field_id>
                {move || if projects { tr!(i18n, "delivery-project") } else { tr!(i18n, "delivery-agency") }}
            </label>
            <select
                id=field_id
                disabled=read_only
                prop:value=move || current().unwrap_or_default()
                on:change=move |e| choose(event_target_value(&e))
            >
                <option value="">{move_tr!("delivery-none")}</option>
                {options}
            </select>
        </div>
    }
}

/// The board members working on the task.
#[component]
fn Assignees(id: CardId, delivery: Memo<Delivery>, read_only: bool) -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let Team(team) = expect_context::<Team>();
    let toggle = move |person, on: bool| {
        let assignees = team.with_untracked(|team| {
            let may_keep = |p: &UserId| team.iter().any(|m| m.user_id == *p && m.assignable());
            delivery.with_untracked(|d| toggled(&d.assignees, person, on, may_keep))
        });
        sync.submit(Op::SetAssignees {
            card: id,
            assignees,
        });
    };
    view! {
        <fieldset class="field assignees">
            <legend class="field-label">{move_tr!("delivery-assignees")}</legend>
            <Show when=move || team.with(Vec::is_empty)>
                <p class="hint">{move_tr!("delivery-assignees-none")}</p>
            </Show>
            // Those who work on tasks, and anyone assigned before they became an observer (to
            // take them off).
            <For
                each=move || {
                    let assigned = delivery.with(|d| d.assignees.clone());
                    team.get()
                        .into_iter()
                        .filter(|m| m.assignable() || assigned.contains(&m.user_id))
                        .collect::<Vec<_>>()
                }
                key=|m| m.user_id
                let(member)
            >
                <label class="check">
                    <input
                        type="checkbox"
                        disabled=read_only
                        prop:checked=move || delivery.with(|d| d.assignees.contains(&member.user_id))
                        on:change=move |e| toggle(member.user_id, event_target_checked(&e))
                    />
                    {member.display_name.clone()}
                </label>
            </For>
        </fieldset>
    }
}

/// What the task comes from: the document's kind, number, date and paragraph.
#[component]
fn SourceField(id: CardId, delivery: Memo<Delivery>, read_only: bool) -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let i18n = expect_context::<I18n>();
    let kind = RwSignal::new(String::new());
    let number = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let paragraph = RwSignal::new(String::new());
    // The form shows the card's source, and follows it when someone changes it.
    Effect::new(move |_| {
        let source = delivery.with(|d| d.source.clone());
        kind.set(
            source
                .as_ref()
                .map(|s| s.kind.as_str().to_owned())
                .unwrap_or_default(),
        );
        number.set(
            source
                .as_ref()
                .map(|s| s.number.clone())
                .unwrap_or_default(),
        );
        date.set(
            source
                .as_ref()
                .and_then(|s| s.date)
                .map(|d| d.to_string())
                .unwrap_or_default(),
        );
        paragraph.set(source.map(|s| s.paragraph).unwrap_or_default());
    });
    let save = move || {
        let source = SourceKind::parse(&kind.get_untracked()).map(|kind| Source {
            kind,
            number: number.get_untracked(),
            date: date.get_untracked().parse().ok(),
            paragraph: paragraph.get_untracked(),
        });
        sync.submit(Op::SetSource { card: id, source });
    };
    let kind_name = move |k: SourceKind| match k {
        SourceKind::Address => tr!(i18n, "source-address"),
        SourceKind::NationalPlan => tr!(i18n, "source-national-plan"),
        SourceKind::Decree => tr!(i18n, "source-decree"),
        SourceKind::Order => tr!(i18n, "source-order"),
        SourceKind::Protocol => tr!(i18n, "source-protocol"),
    };
    view! {
        <fieldset class="field source" disabled=read_only>
            <legend class="field-label">{move_tr!("delivery-source")}</legend>
            <select
                aria-label=move_tr!("delivery-source-kind")
                prop:value=move || kind.get()
                on:change=move |e| kind.set(event_target_value(&e))
            >
                <option value="">{move_tr!("delivery-none")}</option>
                {SourceKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{move || kind_name(k)}</option> }).collect_view()}
            </select>
            <div class="source-details">
                <input
                    type="text"
                    placeholder=move_tr!("delivery-source-number")
                    aria-label=move_tr!("delivery-source-number")
                    maxlength=SOURCE_NUMBER_MAX_CHARS.to_string()
                    prop:value=move || number.get()
                    on:input=move |e| number.set(event_target_value(&e))
                />
                <input
                    type="date"
                    min=usable_dates().0
                    max=usable_dates().1
                    aria-label=move_tr!("delivery-source-date")
                    prop:value=move || date.get()
                    on:input=move |e| date.set(event_target_value(&e))
                />
                <input
                    type="text"
                    placeholder=move_tr!("delivery-source-paragraph")
                    aria-label=move_tr!("delivery-source-paragraph")
                    maxlength=SOURCE_PARAGRAPH_MAX_CHARS.to_string()
                    prop:value=move || paragraph.get()
                    on:input=move |e| paragraph.set(event_target_value(&e))
                />
            </div>
            {(!read_only).then(|| view! {
                <button type="button" class="small" on:click=move |_| save()>{move_tr!("delivery-source-save")}</button>
            })}
        </fieldset>
    }
}
