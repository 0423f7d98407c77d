//! The Project Office's portfolio: every team at once, in the figures the office reports on,
//! with the change since a week before, the same per strategic project, and the tasks that need
//! attention. Every figure links to the board filtered to those tasks; a change on any board
//! shows here without a reload.

use crate::api;
use crate::contexts::office::OfficeLists;
use crate::i18n::{date_time, day, deadline_status_name, rag_name};
use crate::socket;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{I18n, move_tr, tr};
use leptos_router::components::A;
use qadam_shared::portfolio::{Figures, Portfolio};
use qadam_shared::{BoardId, Rag};
use std::time::Duration;

/// The figures a line shows, each with the filter that lists its tasks on the board (the open
/// tasks: none).
const COLUMNS: [(&str, Option<&str>); 6] = [
    ("portfolio-open", Some("")),
    ("portfolio-red", Some("rag=red")),
    ("portfolio-amber-red", Some("rag=amber_red")),
    ("portfolio-overdue", Some("due=overdue")),
    ("portfolio-special", Some("special=1")),
    ("portfolio-extended", Some("extended=1")),
];

fn value(f: &Figures, column: usize) -> usize {
    [f.open, f.red, f.amber_red, f.overdue, f.special, f.extended][column]
}

/// A figure now, with its change since before in brackets when there is one: `5 (+2)`.
fn with_change(now: &Figures, before: &Figures, column: usize) -> String {
    let (now, was) = (value(now, column), value(before, column));
    match now as i64 - was as i64 {
        0 => now.to_string(),
        d if d > 0 => format!("{now} (+{d})"),
        d => format!("{now} (−{})", -d),
    }
}

fn heading(i18n: I18n, key: &str) -> String {
    match key {
        "portfolio-open" => tr!(i18n, "portfolio-open"),
        "portfolio-red" => tr!(i18n, "portfolio-red"),
        "portfolio-amber-red" => tr!(i18n, "portfolio-amber-red"),
        "portfolio-overdue" => tr!(i18n, "portfolio-overdue"),
        "portfolio-special" => tr!(i18n, "portfolio-special"),
        _ => tr!(i18n, "portfolio-extended"),
    }
}

#[component]
pub fn PortfolioPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let lists = OfficeLists::provide();
    let figures = RwSignal::new(None::<Portfolio>);
    let failed = RwSignal::new(None::<String>);
    let alive = StoredValue::new(true);
    let pending = StoredValue::new(false);
    let load = move || {
        spawn_local(async move {
            match api::portfolio().await {
                Ok(p) => {
                    figures.try_set(Some(p));
                }
                Err(e) => {
                    failed.try_set(Some(crate::notices::api_error(i18n, &e)));
                }
            }
        })
    };
    load();
    // A burst of changes is read once.
    let changed = move || {
        if pending.get_value() {
            return;
        }
        pending.set_value(true);
        set_timeout(
            move || {
                pending.set_value(false);
                load();
            },
            Duration::from_millis(300),
        );
    };
    on_cleanup(move || alive.set_value(false));
    spawn_local(socket::follow(
        "/api/portfolio/ws",
        move || alive.try_get_value().unwrap_or(false),
        changed,
    ));
    let cell = move |board: BoardId,
                     f: Figures,
                     before: Figures,
                     column: usize,
                     filter: Option<&'static str>| {
        let (shown, now) = (with_change(&f, &before, column), value(&f, column));
        match filter.filter(|_| now > 0) {
            Some(query) => {
                let href = match query {
                    "" => format!("/boards/{board}"),
                    query => format!("/boards/{board}?{query}"),
                };
                view! { <td><A href=href>{shown}</A></td> }.into_any()
            }
            None => view! { <td>{shown}</td> }.into_any(),
        }
    };
    let team_heading = move_tr!("portfolio-team");
    let metrics_label = move_tr!("metrics-open");
    let stocktake_label = move_tr!("stocktake-open");
    let headings = move || {
        COLUMNS
            .iter()
            .map(|(key, _)| view! { <th scope="col">{heading(i18n, key)}</th> })
            .collect_view()
    };
    view! {
        <section class="page portfolio">
            <h1>{move_tr!("portfolio-title")}</h1>
            {move || failed.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
            {move || figures.get().map(|p| {
                let Portfolio { boards, projects, attention, attention_more, at, since } = p;
                let at = date_time(i18n, at);
                let since = date_time(i18n, since);
                if boards.is_empty() {
                    return view! { <p class="empty">{move_tr!("portfolio-no-boards")}</p> }.into_any();
                }
                let no_projects = projects.is_empty();
                view! {
                    <p class="hint">{tr!(i18n, "portfolio-intro", { "at" => at, "since" => since })}</p>
                    <h2>{move_tr!("portfolio-teams")}</h2>
                    <div class="table-scroll">
                        <table class="figures" data-testid="portfolio-boards">
                            <thead><tr><th scope="col">{team_heading}</th>{headings()}</tr></thead>
                            <tbody>
                                {boards.into_iter().map(|b| {
                                    let id = b.id;
                                    view! {
                                        <tr data-board=id.to_string()>
                                            <th scope="row">
                                                <A href=format!("/boards/{id}")>{crate::i18n::shown(i18n, &b.name)}</A>
                                                <span class="stages">{b.stages.iter().map(|(s, n)| format!("{} {n}", crate::i18n::shown(i18n, s))).collect::<Vec<_>>().join(" · ")}</span>
                                                <A href=format!("/boards/{id}/metrics") attr:class="metrics-link">{metrics_label}</A>
                                                " · "
                                                <A href=format!("/boards/{id}/stocktake") attr:class="metrics-link">{stocktake_label}</A>
                                            </th>
                                            {COLUMNS.iter().enumerate().map(|(i, (_, filter))| cell(id, b.now, b.before, i, *filter)).collect_view()}
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <h2>{move_tr!("portfolio-projects")}</h2>
                    {no_projects.then(|| view! { <p class="empty">{move_tr!("portfolio-no-projects")}</p> })}
                    <div class="table-scroll">
                        <table class="figures" data-testid="portfolio-projects">
                            <thead><tr><th scope="col">{move_tr!("delivery-project")}</th>{headings()}</tr></thead>
                            <tbody>
                                {projects.into_iter().map(|project| {
                                    let code = project.code.clone();
                                    view! {
                                        <tr>
                                            <th scope="row">
                                                {
                                                    let code = code.clone();
                                                    move || lists.project(&code, i18n.language.get().id)
                                                }
                                                <span class="stages">
                                                    {project.boards.iter().map(|(id, name, n)| view! {
                                                        <A href=format!("/boards/{id}?project={code}")>{format!("{} {n}", crate::i18n::shown(i18n, name))}</A>
                                                    }).collect_view()}
                                                </span>
                                                <A href=format!("/projects/{code}/metrics") attr:class="metrics-link">{metrics_label}</A>
                                                " · "
                                                <A href=format!("/projects/{code}/stocktake") attr:class="metrics-link">{stocktake_label}</A>
                                            </th>
                                            {(0..COLUMNS.len()).map(|i| view! { <td>{with_change(&project.now, &project.before, i)}</td> }).collect_view()}
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <h2>{move_tr!("portfolio-attention")}</h2>
                    {attention.is_empty().then(|| view! { <p class="empty">{move_tr!("portfolio-attention-none")}</p> })}
                    <ol class="attention" data-testid="portfolio-attention">
                        {attention.into_iter().map(|a| {
                            let href = format!("/boards/{}?card={}", a.board, a.card);
                            view! {
                                <li>
                                    <A href=href>{a.title.clone()}</A>
                                    <span class="hint">{crate::i18n::shown(i18n, &a.board_name)}</span>
                                    {a.special.then(|| view! { <span class="badge special">{move_tr!("card-special-control-short")}</span> })}
                                    {(a.rag == Some(Rag::Red)).then(|| view! { <span class="rag rag-red"><span class="rag-dot" aria-hidden="true"></span>{rag_name(i18n, Rag::Red)}</span> })}
                                    {a.due.map(|d| {
                                        let class = format!("due due-{}", a.status.map(|s| s.as_str()).unwrap_or("none"));
                                        let title = a.status.map(|s| deadline_status_name(i18n, s)).unwrap_or_default();
                                        view! { <span class=class title=title>{day(i18n, d)}</span> }
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    {(attention_more > 0).then(|| view! { <p class="hint">{tr!(i18n, "portfolio-attention-more", { "count" => attention_more })}</p> })}
                }
                .into_any()
            })}
        </section>
    }
}
