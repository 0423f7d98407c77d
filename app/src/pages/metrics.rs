//! How work flows on a board, or on a strategic project across the teams: the metrics as
//! pictures over a period kept in the address (`?from=&to=`), with their figures as tables for
//! screen readers.

use crate::api::{self, Scope};
use crate::components::charts::{
    CycleScatter, ExtensionBars, FlowChart, StageTimes, ThroughputChart, card_href, days_text,
    outcome_name,
};
use crate::components::report_scope::{
    BackFromReport, PeriodPicker, Report, load_report, report_path, scope_from_route, scope_name,
};
use crate::i18n::{day, shown};
use leptos::prelude::*;
use leptos_fluent::{I18n, move_tr, tr};
use leptos_router::components::A;
use qadam_shared::delivery::office_date;
use qadam_shared::metrics::{Metrics, Stage, StageKind};

/// `/boards/:id/metrics` and `/projects/:code/metrics`.
#[component]
pub fn MetricsPage() -> impl IntoView {
    let scope = scope_from_route();
    move || scope.get().map(|scope| view! { <MetricsView scope /> })
}

fn stage_name(i18n: I18n, stage: &Stage) -> String {
    match (&stage.name, stage.kind) {
        (Some(name), _) => shown(i18n, name),
        (None, StageKind::Waiting) => tr!(i18n, "metrics-stage-waiting"),
        (None, StageKind::Doing) => tr!(i18n, "metrics-stage-doing"),
        (None, StageKind::Done) => tr!(i18n, "metrics-stage-done"),
    }
}

#[component]
fn MetricsView(scope: Scope) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let Report {
        answer: figures,
        failed,
    } = load_report(&scope, |scope, period| async move {
        api::metrics(&scope, period).await
    });
    let name = scope_name(&scope);
    let path = report_path(&scope, "metrics");
    let title_scope = scope.clone();
    let title = move || match &title_scope {
        Scope::Board(_) => tr!(i18n, "metrics-of-board", { "board" => name.get() }),
        Scope::Project(_) => tr!(i18n, "metrics-of-project", { "project" => name.get() }),
    };
    let shown = Signal::derive(move || figures.with(|f| f.as_ref().map(|m| m.period)));
    view! {
        <section class="page metrics">
            <h1>{move_tr!("metrics-title")}</h1>
            <p class="subtitle">{title}</p>
            <p class="back"><BackFromReport scope /></p>
            <PeriodPicker shown path presets=&[4, 12, 26, 52] />
            {move || failed.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
            // Drawn again in a newly chosen language.
            {move || {
                i18n.language.track();
                figures.get().map(|m| view! { <Charts metrics=m /> })
            }}
        </section>
    }
}

#[component]
fn Charts(metrics: Metrics) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let names: Vec<String> = metrics.stages.iter().map(|s| stage_name(i18n, s)).collect();
    let working: Vec<String> = metrics
        .stages
        .iter()
        .zip(&names)
        .filter(|(s, _)| s.kind != StageKind::Done)
        .map(|(_, n)| n.clone())
        .collect();
    let first = names.first().cloned().unwrap_or_default();
    let last = names.last().cloned().unwrap_or_default();
    let Metrics {
        period,
        flow,
        stage_times,
        cycle,
        finished,
        weeks,
        extensions,
        ..
    } = metrics;
    let empty_flow = flow.iter().all(|d| d.counts.iter().all(|c| *c == 0));
    let no_stays = stage_times.iter().all(|t| t.count == 0);
    let flow_table = flow.clone();
    let weeks_table = weeks.clone();
    let finished_table = finished.clone();
    let table_names = names.clone();
    let flow_label = tr!(i18n, "metrics-flow");
    let cycle_label = tr!(i18n, "metrics-cycle");
    let throughput_label = tr!(i18n, "metrics-throughput");
    let cycle_hint = tr!(i18n, "metrics-cycle-hint", { "first" => first, "last" => last });
    view! {
        <p class="hint">{move_tr!("metrics-readout-hint")}</p>
        <div class="charts">
            <figure class="chart-box">
                <figcaption><h2>{move_tr!("metrics-flow")}</h2><p class="hint">{move_tr!("metrics-flow-hint")}</p></figcaption>
                {if empty_flow {
                    view! { <p class="empty">{move_tr!("metrics-empty-flow")}</p> }.into_any()
                } else {
                    view! { <FlowChart flow names=names.clone() label=flow_label /> }.into_any()
                }}
            </figure>
            <figure class="chart-box">
                <figcaption><h2>{move_tr!("metrics-cycle")}</h2><p class="hint">{cycle_hint}</p></figcaption>
                {if finished.is_empty() {
                    view! { <p class="empty">{move_tr!("metrics-none-finished")}</p> }.into_any()
                } else {
                    view! { <CycleScatter finished cycle from_ms=period.start_ms() to_ms=period.end_ms() label=cycle_label /> }.into_any()
                }}
            </figure>
            <figure class="chart-box">
                <figcaption><h2>{move_tr!("metrics-throughput")}</h2><p class="hint">{move_tr!("metrics-throughput-hint")}</p></figcaption>
                <ThroughputChart weeks label=throughput_label />
            </figure>
            <figure class="chart-box">
                <figcaption><h2>{move_tr!("metrics-stage-times")}</h2><p class="hint">{move_tr!("metrics-stage-times-hint")}</p></figcaption>
                {if no_stays {
                    view! { <p class="empty">{move_tr!("metrics-no-stays")}</p> }.into_any()
                } else {
                    view! { <StageTimes times=stage_times names=working /> }.into_any()
                }}
            </figure>
            <figure class="chart-box">
                <figcaption><h2>{move_tr!("metrics-extensions")}</h2><p class="hint">{move_tr!("metrics-extensions-hint")}</p></figcaption>
                <ExtensionBars extensions />
            </figure>
        </div>
        <details class="as-table">
            <summary>{move_tr!("metrics-as-table")}</summary>
            <div class="table-scroll">
                <table class="figures" data-testid="metrics-flow-table">
                    <caption>{move_tr!("metrics-flow")}</caption>
                    <thead><tr><th scope="col">{move_tr!("metrics-day")}</th>{table_names.iter().map(|n| view! { <th scope="col">{n.clone()}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {flow_table.into_iter().map(|d| view! {
                            <tr><th scope="row">{day(i18n, d.day)}</th>{d.counts.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="table-scroll">
                <table class="figures">
                    <caption>{move_tr!("metrics-throughput")}</caption>
                    <thead><tr>
                        <th scope="col">{move_tr!("metrics-week")}</th>
                        <th scope="col">{move_tr!("metrics-finished-tasks")}</th>
                        <th scope="col">{move_tr!("metrics-on-time")}</th>
                        <th scope="col">{move_tr!("metrics-after-extension")}</th>
                        <th scope="col">{move_tr!("metrics-late")}</th>
                    </tr></thead>
                    <tbody>
                        {weeks_table.into_iter().map(|w| view! {
                            <tr><th scope="row">{day(i18n, w.start)}</th><td>{w.finished}</td><td>{w.on_time}</td><td>{w.after_extension}</td><td>{w.late}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="table-scroll">
                <table class="figures">
                    <caption>{move_tr!("metrics-cycle")}</caption>
                    <thead><tr>
                        <th scope="col">{move_tr!("metrics-task")}</th>
                        <th scope="col">{move_tr!("metrics-finished-on")}</th>
                        <th scope="col">{move_tr!("metrics-cycle-days")}</th>
                        <th scope="col">{move_tr!("metrics-on-time")}</th>
                    </tr></thead>
                    <tbody>
                        {finished_table.into_iter().map(|f| view! {
                            <tr>
                                <th scope="row"><A href=card_href(f.board, f.card)>{f.title.clone()}</A></th>
                                <td>{day(i18n, office_date(f.at))}</td>
                                <td>{days_text(i18n, f.days)}</td>
                                <td>{outcome_name(i18n, f.outcome)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}
