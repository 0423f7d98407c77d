//! What the metrics and the stocktake pages share: whose figures they show (a board, or a
//! strategic project across the boards the person sees), its name, the way back, and the period
//! kept in the page's address (`?from=&to=`).

use crate::api::{self, Scope};
use crate::contexts::office::OfficeLists;
use crate::i18n::shown;
use chrono::{Days, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{I18n, move_tr, tr};
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use qadam_shared::BoardId;
use qadam_shared::delivery::office_date;
use qadam_shared::limits::usable_dates;
use qadam_shared::metrics::Period;
use std::future::Future;

/// Whose report the route names: `/boards/:id/…` or `/projects/:code/…`.
pub fn scope_from_route() -> Memo<Option<Scope>> {
    let params = use_params_map();
    Memo::new(move |_| {
        params.with(|p| match (p.get("id"), p.get("code")) {
            (Some(id), _) => id.parse::<BoardId>().ok().map(Scope::Board),
            (None, Some(code)) => Some(Scope::Project(code)),
            (None, None) => None,
        })
    })
}

/// The page of a report (`metrics`, `stocktake`) of `scope`.
pub fn report_path(scope: &Scope, report: &str) -> String {
    match scope {
        Scope::Board(id) => format!("/boards/{id}/{report}"),
        Scope::Project(code) => format!("/projects/{code}/{report}"),
    }
}

/// A report read from the server for the period in the address, read again when it changes:
/// the answer, or why there is none in the viewer's language.
pub struct Report<T: Send + Sync + 'static> {
    pub answer: RwSignal<Option<T>>,
    pub failed: RwSignal<Option<String>>,
}

pub fn load_report<T, F, Fut>(scope: &Scope, fetch: F) -> Report<T>
where
    T: Send + Sync + 'static,
    F: Fn(Scope, Option<Period>) -> Fut + Copy + 'static,
    Fut: Future<Output = Result<T, api::ApiError>> + 'static,
{
    let i18n = expect_context::<I18n>();
    let asked = asked_period();
    let answer = RwSignal::new(None::<T>);
    let failed = RwSignal::new(None::<String>);
    let scope = scope.clone();
    Effect::new(move |_| {
        let (period, scope) = (asked.get(), scope.clone());
        spawn_local(async move {
            match fetch(scope, period).await {
                Ok(found) => {
                    failed.try_set(None);
                    answer.try_set(Some(found));
                }
                Err(e) => {
                    failed.try_set(Some(crate::notices::api_error(i18n, &e)));
                }
            }
        });
    });
    Report { answer, failed }
}

/// The period in the address, if one is there.
fn asked_period() -> Memo<Option<Period>> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            let date = |key: &str| q.get_str(key).and_then(|d| d.parse::<NaiveDate>().ok());
            Some(Period {
                from: date("from")?,
                to: date("to")?,
            })
        })
    })
}

/// The board's or project's name in the viewer's language, once known.
pub fn scope_name(scope: &Scope) -> Signal<String> {
    let i18n = expect_context::<I18n>();
    match scope.clone() {
        Scope::Board(id) => {
            let name = RwSignal::new(String::new());
            spawn_local(async move {
                if let Some(b) = api::boards()
                    .await
                    .ok()
                    .and_then(|all| all.into_iter().find(|b| b.id == id))
                {
                    name.try_set(b.name);
                }
            });
            Signal::derive(move || shown(i18n, &name.get()))
        }
        Scope::Project(code) => {
            let lists = OfficeLists::provide();
            Signal::derive(move || lists.project(&code, i18n.language.get().id))
        }
    }
}

/// The link back to the board, or to the portfolio for a project.
#[component]
pub fn BackFromReport(scope: Scope) -> impl IntoView {
    match scope {
        Scope::Board(id) => {
            view! { <A href=format!("/boards/{id}")>{move_tr!("metrics-back-board")}</A> }
                .into_any()
        }
        Scope::Project(_) => {
            view! { <A href="/portfolio">{move_tr!("metrics-back-portfolio")}</A> }.into_any()
        }
    }
}

/// The period's first and last day, and presets of whole weeks up to today (52: a year). A
/// change goes into the address, so the page can be shared and reloaded as it is.
#[component]
pub fn PeriodPicker(
    /// The period the page shows (as the server answered).
    shown: Signal<Option<Period>>,
    /// The page's path, without a query.
    path: String,
    presets: &'static [u64],
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let navigate = use_navigate();
    let go = move |period: Period| {
        navigate(
            &format!("{path}?from={}&to={}", period.from, period.to),
            Default::default(),
        )
    };
    let change = {
        let go = go.clone();
        move |from: Option<NaiveDate>, to: Option<NaiveDate>| {
            if let Some(now) = shown.get_untracked() {
                go(Period {
                    from: from.unwrap_or(now.from),
                    to: to.unwrap_or(now.to),
                });
            }
        }
    };
    let change_to = change.clone();
    let preset = move |weeks: u64| {
        let today = office_date(js_sys::Date::now() as i64);
        go(Period {
            from: today - Days::new(weeks * 7 - 1),
            to: today,
        });
    };
    let from_label = move_tr!("metrics-from");
    let to_label = move_tr!("metrics-to");
    view! {
        <div class="period no-print">
            <label>
                <span>{from_label}</span>
                <input
                    type="date"
                    min=usable_dates().0
                    max=usable_dates().1
                    data-testid="period-from"
                    prop:value=move || shown.get().map(|p| p.from.to_string()).unwrap_or_default()
                    on:change=move |e| change(event_target_value(&e).parse().ok(), None)
                />
            </label>
            <label>
                <span>{to_label}</span>
                <input
                    type="date"
                    min=usable_dates().0
                    max=usable_dates().1
                    data-testid="period-to"
                    prop:value=move || shown.get().map(|p| p.to.to_string()).unwrap_or_default()
                    on:change=move |e| change_to(None, event_target_value(&e).parse().ok())
                />
            </label>
            {presets.iter().map(|&weeks| {
                let preset = preset.clone();
                let label = move || if weeks == 52 {
                    tr!(i18n, "metrics-year")
                } else {
                    tr!(i18n, "metrics-weeks", { "count" => weeks })
                };
                view! { <button type="button" class="small" on:click=move |_| preset(weeks)>{label}</button> }
            }).collect_view()}
        </div>
    }
}
