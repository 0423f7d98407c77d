//! The stocktake report of a board or a strategic project over a period (by default the last
//! seven days), laid out to be printed on A4 or downloaded as CSV, Excel or JSON in the
//! viewer's language.

use crate::api::{self, Scope, stocktake_path};
use crate::components::charts::{card_href, outcome_name};
use crate::components::report_scope::{
    BackFromReport, PeriodPicker, Report, load_report, report_path, scope_from_route, scope_name,
};
use crate::contexts::office::OfficeLists;
use crate::i18n::{date_time, day, deadline_status_name, rag_name, shown};
use leptos::prelude::*;
use leptos_fluent::{I18n, move_tr, tr};
use leptos_router::components::A;
use qadam_shared::BoardId;
use qadam_shared::stocktake::{Named, Standing, Stocktake};

/// `/boards/:id/stocktake` and `/projects/:code/stocktake`.
#[component]
pub fn StocktakePage() -> impl IntoView {
    let scope = scope_from_route();
    move || scope.get().map(|scope| view! { <StocktakeView scope /> })
}

#[component]
fn StocktakeView(scope: Scope) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let Report {
        answer: report,
        failed,
    } = load_report(&scope, |scope, period| async move {
        api::stocktake(&scope, period).await
    });
    let name = scope_name(&scope);
    let path = report_path(&scope, "stocktake");
    let shown_period = Signal::derive(move || report.with(|r| r.as_ref().map(|r| r.period)));
    let title = move || {
        let Some(p) = shown_period.get() else {
            return name.get();
        };
        tr!(i18n, "stocktake-of", { "name" => name.get(), "from" => day(i18n, p.from), "to" => day(i18n, p.to) })
    };
    let file_scope = scope.clone();
    let file = move |format: &'static str| {
        let scope = file_scope.clone();
        move || {
            stocktake_path(
                &scope,
                shown_period.get(),
                Some((format, i18n.language.get().id)),
            )
        }
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <section class="page stocktake">
            <h1>{move_tr!("stocktake-title")}</h1>
            <p class="subtitle" data-testid="stocktake-subtitle">{title}</p>
            <p class="back no-print"><BackFromReport scope /></p>
            <PeriodPicker shown=shown_period path presets=&[1, 2, 4] />
            <div class="actions no-print">
                <button type="button" class="primary" on:click=print>{move_tr!("stocktake-print")}</button>
                <span class="hint">{move_tr!("stocktake-download")}</span>
                <a href=file("csv") download data-testid="stocktake-csv">{move_tr!("stocktake-csv")}</a>
                <a href=file("xlsx") download data-testid="stocktake-xlsx">{move_tr!("stocktake-xlsx")}</a>
                <a href=file("json") download>{move_tr!("stocktake-json")}</a>
            </div>
            {move || failed.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
            // Drawn again in a newly chosen language.
            {move || {
                i18n.language.track();
                report.get().map(|r| view! { <Sections report=r /> })
            }}
        </section>
    }
}

/// A task's title, linking to its card, and its team when the report covers several.
fn task_line(i18n: I18n, task: &Named, teams: bool) -> impl IntoView + use<> {
    let (href, title) = (card_href(task.board, task.card), task.title.clone());
    let team = teams.then(|| shown(i18n, &task.board_name));
    view! {
        <A href=href attr:class="task-title">{title}</A>
        {team.map(|team| view! { <span class="hint">{team}</span> })}
    }
}

#[component]
fn Sections(report: Stocktake) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let lists = OfficeLists::provide();
    let boards: std::collections::BTreeSet<BoardId> = report
        .moved
        .iter()
        .map(|m| &m.task)
        .chain(report.finished.iter().map(|f| &f.task))
        .chain(
            report
                .attention
                .iter()
                .chain(&report.special)
                .map(|s| &s.task),
        )
        .chain(report.extended.iter().map(|e| &e.task))
        .chain(report.decisions.iter().map(|d| &d.task))
        .map(|t| t.board)
        .collect();
    let teams = boards.len() > 1;
    let language = move || i18n.language.get().id;
    let nothing = move || view! { <p class="empty">{move_tr!("stocktake-nothing")}</p> };
    let standing = move |s: Standing| {
        let agency = s.agency.clone();
        view! {
            <li class="task">
                {task_line(i18n, &s.task, teams)}
                <span class="facts">
                    {shown(i18n, &s.stage)}
                    {s.rag.map(|r| view! { <span class=format!("rag rag-{}", r.as_str())><span class="rag-dot" aria-hidden="true"></span>{rag_name(i18n, r)}</span> })}
                    {s.due.map(|d| {
                        let class = format!("due due-{}", s.status.map(|st| st.as_str()).unwrap_or("none"));
                        let status = s.status.map(|st| deadline_status_name(i18n, st)).unwrap_or_default();
                        view! { <span class=class>{day(i18n, d)}" · "{status}</span> }
                    })}
                    {agency.map(|a| view! { <span>{move || lists.agency(&a, language())}</span> })}
                </span>
                {(!s.why.is_empty()).then(|| view! { <p class="reason">{s.why.clone()}</p> })}
            </li>
        }
    };
    let section = |heading: Signal<String>, id: &'static str, items: AnyView, empty: bool| {
        view! {
            <section class="stocktake-section" data-testid=id>
                <h2>{heading}</h2>
                {if empty { nothing().into_any() } else { items }}
            </section>
        }
    };
    let Stocktake {
        moved,
        finished,
        attention,
        extended,
        special,
        decisions,
        at,
        ..
    } = report;
    let added = tr!(i18n, "stocktake-added");
    let archived = tr!(i18n, "stocktake-archived");
    view! {
        <p class="hint">{tr!(i18n, "stocktake-as-of", { "when" => date_time(i18n, at) })}</p>
        {section(move_tr!("stocktake-decisions"), "stocktake-decisions", view! {
            <ol>{decisions.iter().map(|d| view! {
                <li class="task">
                    {task_line(i18n, &d.task, teams)}
                    <p class="reason">{d.question.clone()}</p>
                    <span class="hint">{tr!(i18n, "delivery-decision-by", { "author" => crate::i18n::shown(i18n, &d.by), "when" => date_time(i18n, d.at) })}</span>
                </li>
            }).collect_view()}</ol>
        }.into_any(), decisions.is_empty())}
        {section(move_tr!("stocktake-attention"), "stocktake-attention", view! {
            <ol>{attention.iter().cloned().map(standing).collect_view()}</ol>
        }.into_any(), attention.is_empty())}
        {section(move_tr!("stocktake-special"), "stocktake-special", view! {
            <ol>{special.iter().cloned().map(standing).collect_view()}</ol>
        }.into_any(), special.is_empty())}
        {section(move_tr!("stocktake-finished"), "stocktake-finished", view! {
            <ol>{finished.iter().map(|f| view! {
                <li class="task">
                    {task_line(i18n, &f.task, teams)}
                    <span class="facts">{date_time(i18n, f.at)}" · "{outcome_name(i18n, f.outcome)}</span>
                </li>
            }).collect_view()}</ol>
        }.into_any(), finished.is_empty())}
        {section(move_tr!("stocktake-extended"), "stocktake-extended", view! {
            <ol>{extended.iter().map(|e| view! {
                <li class="task">
                    {task_line(i18n, &e.task, teams)}
                    <span class="facts">{day(i18n, e.from)}" → "{day(i18n, e.to)}</span>
                    <p class="reason">{e.reason.clone()}</p>
                    <span class="hint">{tr!(i18n, "stocktake-extended-by", { "author" => crate::i18n::shown(i18n, &e.by), "when" => date_time(i18n, e.at) })}</span>
                </li>
            }).collect_view()}</ol>
        }.into_any(), extended.is_empty())}
        {section(move_tr!("stocktake-moved"), "stocktake-moved", view! {
            <ol>{moved.iter().map(|m| {
                let from = m.from.as_deref().map_or_else(|| added.clone(), |s| shown(i18n, s));
                let to = m.to.as_deref().map_or_else(|| archived.clone(), |s| shown(i18n, s));
                view! {
                    <li class="task">
                        {task_line(i18n, &m.task, teams)}
                        <span class="facts">{from}" → "{to}</span>
                    </li>
                }
            }).collect_view()}</ol>
        }.into_any(), moved.is_empty())}
    }
}
