//! Above the stages: search, the filter and the swimlanes (kept in the page's address), how many
//! tasks the filter hides; for leads, the board's settings.

use crate::contexts::board::{Permissions, Shown, Team};
use crate::contexts::office::OfficeLists;
use crate::i18n::{deadline_status_name, rag_name};
use crate::sync::BoardSync;
use leptos::prelude::*;
use leptos_fluent::{I18n, move_tr, tr};
use leptos_router::components::A;
use qadam_shared::limits::DUE_SOON_DAYS_MAX;
use qadam_shared::view::{CardFilter, Lanes};
use qadam_shared::{BoardSettings, DeadlineStatus, Op, Rag};

#[component]
pub fn BoardToolbar() -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let shown = expect_context::<Shown>();
    let Permissions(role) = expect_context::<Permissions>();
    let i18n = expect_context::<I18n>();
    let change = move |edit: &dyn Fn(&mut CardFilter)| {
        let mut filter = shown.filter.get_untracked();
        edit(&mut filter);
        shown.show(&filter, shown.lanes.get_untracked());
    };
    let hidden = move || {
        let now = js_sys::Date::now() as i64;
        shown.filter.with(|f| {
            sync.board.with(|b| {
                b.as_ref().map_or(0, |b| {
                    b.cards
                        .values()
                        .filter(|c| !c.archived && !f.matches(b, c, now))
                        .count()
                })
            })
        })
    };
    let active = move || shown.filter.with(|f| f.to_query().len());
    let lanes_name = move |l: Lanes| match l {
        Lanes::Project => tr!(i18n, "lanes-project"),
        Lanes::Agency => tr!(i18n, "lanes-agency"),
        Lanes::Assignee => tr!(i18n, "lanes-assignee"),
        Lanes::Rag => tr!(i18n, "lanes-rag"),
    };
    view! {
        <div class="board-toolbar">
            <input
                type="search"
                class="search"
                data-shortcut="search"
                placeholder=move_tr!("filter-search")
                aria-label=move_tr!("filter-search")
                prop:value=move || shown.filter.with(|f| f.text.clone())
                on:input=move |e| {
                    let text = event_target_value(&e);
                    change(&|f| f.text = text.clone());
                }
            />
            <details class="filters" data-shortcut="filters">
                <summary>
                    {move || match active() {
                        0 => tr!(i18n, "filter-open"),
                        n => tr!(i18n, "filter-open-active", { "count" => n }),
                    }}
                </summary>
                <div class="filter-fields">
                    <FilterFields />
                    {[
                        (move_tr!("filter-special"), (|f| f.special) as fn(&CardFilter) -> bool, (|f, on| f.special = on) as fn(&mut CardFilter, bool)),
                        (move_tr!("filter-extended"), |f| f.extended, |f, on| f.extended = on),
                    ].into_iter().map(|(label, is_on, set)| view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                prop:checked=move || shown.filter.with(is_on)
                                on:change=move |e| {
                                    let on = event_target_checked(&e);
                                    change(&|f| set(f, on));
                                }
                            />
                            {label}
                        </label>
                    }).collect_view()}
                    <label>
                        <span>{move_tr!("lanes-label")}</span>
                        <select
                            prop:value=move || shown.lanes.get().map(|l| l.as_str()).unwrap_or_default()
                            on:change=move |e| {
                                let lanes = Lanes::parse(&event_target_value(&e));
                                shown.show(&shown.filter.get_untracked(), lanes);
                            }
                        >
                            <option value="">{move_tr!("lanes-none")}</option>
                            {Lanes::ALL.into_iter().map(|l| view! { <option value=l.as_str()>{move || lanes_name(l)}</option> }).collect_view()}
                        </select>
                    </label>
                </div>
            </details>
            <Show when=move || { hidden() > 0 }>
                <p class="filter-hidden" role="status" data-testid="filter-hidden">
                    {move || tr!(i18n, "filter-hidden", { "count" => hidden() })}
                    " "
                    <button type="button" class="link" on:click=move |_| shown.show(&CardFilter::default(), shown.lanes.get_untracked())>
                        {move_tr!("filter-clear")}
                    </button>
                </p>
            </Show>
            {(sync.past.is_none()).then(|| view! { <AsItWas /> })}
            <A href=format!("/boards/{}/metrics", sync.id) attr:class="toolbar-link">{move_tr!("metrics-open")}</A>
            <A href=format!("/boards/{}/stocktake", sync.id) attr:class="toolbar-link">{move_tr!("stocktake-open")}</A>
            {(role.runs_board() && sync.past.is_none()).then(|| view! { <Settings /> })}
        </div>
    }
}

/// The filter's choices: assignee, agency, strategic project, delivery status, deadline status.
#[component]
fn FilterFields() -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let shown = expect_context::<Shown>();
    let lists = expect_context::<OfficeLists>();
    let Team(team) = expect_context::<Team>();
    let i18n = expect_context::<I18n>();
    let set = move |edit: Box<dyn Fn(&mut CardFilter)>| {
        let mut filter = shown.filter.get_untracked();
        edit(&mut filter);
        shown.show(&filter, shown.lanes.get_untracked());
    };
    // Only the agencies and projects this board's tasks name.
    let held = move |projects: bool| {
        sync.board.with(|b| {
            let mut codes: Vec<String> = b
                .iter()
                .flat_map(|b| b.cards.values())
                .filter(|c| !c.archived)
                .filter_map(|c| {
                    if projects {
                        c.delivery.project.clone()
                    } else {
                        c.delivery.agency.clone()
                    }
                })
                .collect();
            codes.sort();
            codes.dedup();
            codes
        })
    };
    let language = move || i18n.language.get().id;
    view! {
        <label>
            <span>{move_tr!("delivery-assignees")}</span>
            <select
                prop:value=move || shown.filter.with(|f| f.assignee.map(|a| a.to_string()).unwrap_or_default())
                on:change=move |e| {
                    let person = event_target_value(&e).parse().ok();
                    set(Box::new(move |f| f.assignee = person));
                }
            >
                <option value="">{move_tr!("filter-all")}</option>
                {move || team.get().into_iter().map(|m| view! { <option value=m.user_id.to_string()>{m.display_name}</option> }).collect_view()}
            </select>
        </label>
        <label>
            <span>{move_tr!("delivery-agency")}</span>
            <select
                prop:value=move || shown.filter.with(|f| f.agency.clone().unwrap_or_default())
                on:change=move |e| {
                    let code = Some(event_target_value(&e)).filter(|c| !c.is_empty());
                    set(Box::new(move |f| f.agency = code.clone()));
                }
            >
                <option value="">{move_tr!("filter-all")}</option>
                {move || held(false).into_iter().map(|code| view! { <option value=code.clone()>{lists.agency(&code, language())}</option> }).collect_view()}
            </select>
        </label>
        <label>
            <span>{move_tr!("delivery-project")}</span>
            <select
                prop:value=move || shown.filter.with(|f| f.project.clone().unwrap_or_default())
                on:change=move |e| {
                    let code = Some(event_target_value(&e)).filter(|c| !c.is_empty());
                    set(Box::new(move |f| f.project = code.clone()));
                }
            >
                <option value="">{move_tr!("filter-all")}</option>
                {move || held(true).into_iter().map(|code| view! { <option value=code.clone()>{lists.project(&code, language())}</option> }).collect_view()}
            </select>
        </label>
        <label>
            <span>{move_tr!("parts-labels")}</span>
            <select
                prop:value=move || shown.filter.with(|f| f.label.map(|l| l.to_string()).unwrap_or_default())
                on:change=move |e| {
                    let label = event_target_value(&e).parse().ok();
                    set(Box::new(move |f| f.label = label));
                }
            >
                <option value="">{move_tr!("filter-all")}</option>
                {move || sync.board.with(|b| b.as_ref().map(|b| b.labels.values().cloned().collect::<Vec<_>>()).unwrap_or_default())
                    .into_iter()
                    .map(|l| view! { <option value=l.id.to_string()>{l.name}</option> })
                    .collect_view()}
            </select>
        </label>
        <label>
            <span>{move_tr!("delivery-status")}</span>
            <select
                prop:value=move || shown.filter.with(|f| f.rag.map(|r| r.as_str()).unwrap_or_default())
                on:change=move |e| {
                    let rag = Rag::parse(&event_target_value(&e));
                    set(Box::new(move |f| f.rag = rag));
                }
            >
                <option value="">{move_tr!("filter-all")}</option>
                {Rag::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{move || rag_name(i18n, r)}</option> }).collect_view()}
            </select>
        </label>
        <label>
            <span>{move_tr!("delivery-deadline")}</span>
            <select
                prop:value=move || shown.filter.with(|f| f.due.map(|d| d.as_str()).unwrap_or_default())
                on:change=move |e| {
                    let due = DeadlineStatus::parse(&event_target_value(&e));
                    set(Box::new(move |f| f.due = due));
                }
            >
                <option value="">{move_tr!("filter-all")}</option>
                {DeadlineStatus::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{move || deadline_status_name(i18n, s)}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// The board's settings, for its leads: the due-soon warning and whether limits are hard.
#[component]
fn Settings() -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let settings = move || {
        sync.board
            .with(|b| b.as_ref().map(|b| b.settings.clone()).unwrap_or_default())
    };
    let save = move |edit: &dyn Fn(&mut BoardSettings)| {
        let mut settings = settings();
        edit(&mut settings);
        sync.submit(Op::SetBoardSettings { settings });
    };
    view! {
        <details class="board-settings">
            <summary>{move_tr!("settings-open")}</summary>
            <div class="filter-fields">
                <label>
                    <span>{move_tr!("settings-due-soon")}</span>
                    <input
                        type="number"
                        min="0"
                        max=DUE_SOON_DAYS_MAX.to_string()
                        prop:value=move || settings().due_soon_days.to_string()
                        on:change=move |e| {
                            if let Ok(days) = event_target_value(&e).parse::<u32>() {
                                save(&|s| s.due_soon_days = days);
                            }
                        }
                    />
                </label>
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || settings().hard_limits
                        on:change=move |e| {
                            let on = event_target_checked(&e);
                            save(&|s| s.hard_limits = on);
                        }
                    />
                    {move_tr!("settings-hard-limits")}
                </label>
            </div>
        </details>
    }
}

/// Opens the board as it stood at a chosen moment.
#[component]
fn AsItWas() -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let navigate = leptos_router::hooks::use_navigate();
    let when = RwSignal::new(String::new());
    let show = move || {
        // A `datetime-local` value, read as the browser's local time.
        let at = js_sys::Date::new(&when.get_untracked().into()).get_time();
        if at.is_finite() {
            navigate(
                &format!("/boards/{}?at={}", sync.id, at as i64),
                Default::default(),
            );
        }
    };
    view! {
        <details class="as-of">
            <summary>{move_tr!("past-open")}</summary>
            <div class="filter-fields">
                <label>
                    <span>{move_tr!("past-when")}</span>
                    <input
                        type="datetime-local"
                        data-testid="past-when"
                        prop:value=move || when.get()
                        on:input=move |e| when.set(event_target_value(&e))
                    />
                </label>
                <button type="button" class="small" disabled=move || when.with(String::is_empty) on:click=move |_| show()>
                    {move_tr!("past-show")}
                </button>
            </div>
        </details>
    }
}
