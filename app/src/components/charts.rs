//! The metrics as SVG pictures: the cumulative flow, time in each stage, cycle time, throughput
//! and extensions. Each chart reads out the figures under the pointer (or under the arrow keys
//! when focused) in a line beneath it, and the page puts the same figures in tables for screen
//! readers.

use crate::i18n::{day, short_day};
use leptos::prelude::*;
use leptos_fluent::{I18n, tr};
use qadam_shared::metrics::{Finished, FlowDay, Outcome, Spread, Week};
use qadam_shared::{BoardId, CardId};
use wasm_bindgen::JsCast;

/// A band's colour by stage position; the last stage (done) is always green.
const STAGE_COLORS: [&str; 8] = [
    "#9aa5b1", "#7cc6d9", "#00a3c4", "#006f8a", "#7a5fc0", "#c08a2b", "#c05f8a", "#3d7ea6",
];
const DONE_COLOR: &str = "#1e8e5a";

pub fn stage_color(index: usize, count: usize) -> &'static str {
    if index + 1 == count && count > 1 {
        DONE_COLOR
    } else {
        STAGE_COLORS[index % STAGE_COLORS.len()]
    }
}

/// How a finished task met its deadline: the legend's order and colours.
pub const OUTCOMES: [(Option<Outcome>, &str); 4] = [
    (Some(Outcome::OnTime), "#1e8e5a"),
    (Some(Outcome::AfterExtension), "#c08a2b"),
    (Some(Outcome::Late), "#c0392b"),
    (None, "#9aa5b1"),
];

pub fn outcome_name(i18n: I18n, outcome: Option<Outcome>) -> String {
    match outcome {
        Some(Outcome::OnTime) => tr!(i18n, "metrics-on-time"),
        Some(Outcome::AfterExtension) => tr!(i18n, "metrics-after-extension"),
        Some(Outcome::Late) => tr!(i18n, "metrics-late"),
        None => tr!(i18n, "metrics-no-deadline"),
    }
}

pub fn days_text(i18n: I18n, days: f64) -> String {
    // Fluent picks the plural form from the number; a fraction reads as "many"/"other".
    tr!(i18n, "metrics-days", { "count" => days })
}

/// The drawing area of a chart: its width follows the screen so text keeps its size.
#[derive(Clone, Copy)]
struct Frame {
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

impl Frame {
    /// A chart across the page (`wide`) or in one of its two columns on large screens.
    fn new(height: f64, wide: bool) -> Self {
        let screen = web_sys::window()
            .and_then(|w| w.inner_width().ok())
            .and_then(|w| w.as_f64())
            .unwrap_or(800.0);
        // The page's padding and the box's; two columns from 1000 pixels (see the stylesheet).
        let content = screen.min(1100.0) - 40.0;
        let column = if wide || screen < 1000.0 {
            content
        } else {
            (content - 16.0) / 2.0
        };
        Frame {
            width: (column - 32.0).max(280.0),
            height,
            left: 40.0,
            right: 12.0,
            top: 18.0,
            bottom: 26.0,
        }
    }

    fn plot_width(&self) -> f64 {
        self.width - self.left - self.right
    }

    fn plot_height(&self) -> f64 {
        self.height - self.top - self.bottom
    }

    /// The x of item `i` of `n` spread across the plot.
    fn x_of(&self, i: usize, n: usize) -> f64 {
        if n <= 1 {
            self.left + self.plot_width() / 2.0
        } else {
            self.left + self.plot_width() * i as f64 / (n - 1) as f64
        }
    }

    fn y_of(&self, value: f64, top: f64) -> f64 {
        self.top + self.plot_height() * (1.0 - value / top.max(1e-9))
    }

    fn view_box(&self) -> String {
        format!("0 0 {} {}", self.width, self.height)
    }
}

/// A round top for the value axis and its ticks: steps of 1, 2 or 5 times a power of ten.
fn ticks(max: f64) -> (f64, Vec<f64>) {
    let max = max.max(1.0);
    let raw = max / 4.0;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(power * 10.0)
        .max(1.0);
    let top = (max / step).ceil() * step;
    let n = (top / step).round() as usize;
    (top, (0..=n).map(|i| i as f64 * step).collect())
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// The value axis: grid lines and numbers.
fn value_axis(frame: Frame, top: f64, marks: &[f64]) -> impl IntoView + use<> {
    marks
        .iter()
        .map(|&v| {
            let y = frame.y_of(v, top);
            view! {
                <g class="tick">
                    <line x1=frame.left x2=frame.width - frame.right y1=y y2=y />
                    <text x=frame.left - 6.0 y=y + 4.0 text-anchor="end">{number(v)}</text>
                </g>
            }
        })
        .collect_view()
}

/// Date labels under the plot, at most about one per 90 pixels.
fn date_axis(i18n: I18n, frame: Frame, dates: Vec<chrono::NaiveDate>) -> impl IntoView {
    let n = dates.len();
    let room = ((frame.plot_width() / 90.0).floor() as usize).max(2);
    let every = n.div_ceil(room).max(1);
    dates
        .into_iter()
        .enumerate()
        .filter(move |(i, _)| i % every == 0)
        .map(move |(i, d)| {
            let x = frame.x_of(i, n);
            view! { <text class="date" x=x y=frame.height - 8.0 text-anchor="middle">{short_day(i18n, d)}</text> }
        })
        .collect_view()
}

/// Which of `n` evenly spread items the pointer is over.
fn item_under(ev: &web_sys::PointerEvent, frame: Frame, n: usize) -> Option<usize> {
    let x = pointer_x(ev, frame)?;
    if n == 0 {
        return None;
    }
    let share = ((x - frame.left) / frame.plot_width()).clamp(0.0, 1.0);
    Some(((share * (n.max(2) - 1) as f64).round() as usize).min(n - 1))
}

/// Where the pointer is across the chart, in the chart's own units.
fn pointer_x(ev: &web_sys::PointerEvent, frame: Frame) -> Option<f64> {
    let target: web_sys::Element = ev.current_target()?.dyn_into().ok()?;
    let rect = target.get_bounding_client_rect();
    (rect.width() > 0.0)
        .then(|| (f64::from(ev.client_x()) - rect.left()) / rect.width() * frame.width)
}

/// Arrow keys move the read-out along a chart's items.
fn step_by_key(ev: &web_sys::KeyboardEvent, shown: RwSignal<Option<usize>>, n: usize) {
    let now = shown.get_untracked();
    let next = match ev.key().as_str() {
        "ArrowRight" => now.map_or(0, |i| (i + 1).min(n.saturating_sub(1))),
        "ArrowLeft" => now.map_or(n.saturating_sub(1), |i| i.saturating_sub(1)),
        "Home" => 0,
        "End" => n.saturating_sub(1),
        _ => return,
    };
    ev.prevent_default();
    shown.set(Some(next));
}

/// A legend of coloured swatches.
pub fn legend(items: Vec<(String, &'static str)>) -> impl IntoView {
    view! {
        <ul class="legend">
            {items.into_iter().map(|(name, color)| view! {
                <li>
                    <svg class="swatch" viewBox="0 0 12 12" aria-hidden="true"><rect width="12" height="12" rx="3" fill=color /></svg>
                    {name}
                </li>
            }).collect_view()}
        </ul>
    }
}

/// A horizontal bar out of 100 with, optionally, a mark (drawn, not styled: the page's
/// content security policy allows no inline styles).
fn bar(share: f64, color: &'static str, mark: Option<f64>) -> impl IntoView {
    let width = format!("{:.1}", (share * 100.0).clamp(0.0, 100.0));
    view! {
        <svg class="track" viewBox="0 0 100 14" preserveAspectRatio="none" aria-hidden="true">
            <rect width="100" height="14" rx="2" fill="#f4f6f8" />
            <rect width=width height="14" rx="2" fill=color />
            {mark.map(|m| view! { <rect x=format!("{:.1}", (m * 100.0).clamp(0.0, 100.0) - 0.6) width="1.2" height="14" fill="#1c2430" /> })}
        </svg>
    }
}

/// The cumulative flow: stacked bands, the last stage at the bottom.
#[component]
pub fn FlowChart(flow: Vec<FlowDay>, names: Vec<String>, label: String) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let frame = Frame::new(260.0, true);
    let n = flow.len();
    let stages = names.len();
    let totals: Vec<usize> = flow.iter().map(|d| d.counts.iter().sum()).collect();
    let (top, marks) = ticks(totals.iter().copied().max().unwrap_or(0) as f64);
    // Running sums from the last stage upwards.
    let stacked: Vec<Vec<f64>> = flow
        .iter()
        .map(|d| {
            let mut sum = 0.0;
            let mut levels = vec![0.0; stages + 1];
            for s in (0..stages).rev() {
                sum += d.counts[s] as f64;
                levels[s] = sum;
            }
            levels
        })
        .collect();
    let bands = (0..stages)
        .map(|s| {
            let upper = (0..n).map(|i| (frame.x_of(i, n), frame.y_of(stacked[i][s], top)));
            let lower = (0..n)
                .rev()
                .map(|i| (frame.x_of(i, n), frame.y_of(stacked[i][s + 1], top)));
            let points: Vec<String> = upper
                .chain(lower)
                .map(|(x, y)| format!("{x:.1},{y:.1}"))
                .collect();
            view! { <polygon points=points.join(" ") fill=stage_color(s, stages) /> }
        })
        .collect_view();
    let shown = RwSignal::new(None::<usize>);
    let dates: Vec<_> = flow.iter().map(|d| d.day).collect();
    let readout = {
        let names = names.clone();
        move || {
            shown.get().and_then(|i| flow.get(i)).map(|d| {
                let parts: Vec<String> = names
                    .iter()
                    .zip(&d.counts)
                    .map(|(name, count)| format!("{name} {count}"))
                    .collect();
                format!("{}: {}", day(i18n, d.day), parts.join(" · "))
            })
        }
    };
    let cursor = move || {
        shown.get().map(|i| {
            let x = frame.x_of(i, n);
            view! { <line class="cursor" x1=x x2=x y1=frame.top y2=frame.height - frame.bottom /> }
        })
    };
    view! {
        <svg
            class="chart"
            data-testid="chart-flow"
            viewBox=frame.view_box()
            role="img"
            aria-label=label
            tabindex="0"
            on:pointermove=move |ev| shown.set(item_under(&ev, frame, n))
            on:pointerdown=move |ev| shown.set(item_under(&ev, frame, n))
            on:keydown=move |ev| step_by_key(&ev, shown, n)
        >
            {value_axis(frame, top, &marks)}
            {bands}
            {date_axis(i18n, frame, dates)}
            {cursor}
        </svg>
        <p class="readout" aria-live="polite">{readout}</p>
        {legend(names.iter().enumerate().map(|(i, name)| (name.clone(), stage_color(i, stages))).collect())}
    }
}

/// Time in each stage: a bar to the median and a mark at the 85th percentile.
#[component]
pub fn StageTimes(times: Vec<Spread>, names: Vec<String>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let longest = times.iter().map(|t| t.p85).fold(0.0, f64::max).max(1.0);
    let count = names.len() + 1;
    view! {
        <ul class="stage-times" data-testid="chart-stage-times">
            {times.into_iter().zip(names).enumerate().map(|(i, (t, name))| {
                let figures = if t.count == 0 {
                    "—".to_string()
                } else {
                    format!(
                        "{} · {} · {}",
                        tr!(i18n, "metrics-median", { "days" => days_text(i18n, t.median) }),
                        tr!(i18n, "metrics-p85", { "days" => days_text(i18n, t.p85) }),
                        tr!(i18n, "metrics-stays", { "count" => t.count }),
                    )
                };
                view! {
                    <li>
                        <span class="stage-name">{name}</span>
                        {bar(t.median / longest, stage_color(i, count), (t.count > 0).then_some(t.p85 / longest))}
                        <span class="hint">{figures}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// Cycle time: a dot per finished task over the day it finished, with the median and the 85th
/// percentile as dashed lines. A dot opens its task.
#[component]
pub fn CycleScatter(
    finished: Vec<Finished>,
    cycle: Spread,
    from_ms: i64,
    to_ms: i64,
    label: String,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let frame = Frame::new(240.0, false);
    let navigate = leptos_router::hooks::use_navigate();
    let longest = finished.iter().map(|f| f.days).fold(0.0, f64::max);
    let (top, marks) = ticks(longest);
    let span = (to_ms - from_ms).max(1) as f64;
    let x_of = move |at: i64| frame.left + frame.plot_width() * (at - from_ms) as f64 / span;
    let shown = RwSignal::new(None::<usize>);
    let n = finished.len();
    let line = move |value: f64, text: String| {
        let y = frame.y_of(value, top);
        view! {
            <line class="reference" x1=frame.left x2=frame.width - frame.right y1=y y2=y />
            <text class="reference-label" x=frame.width - frame.right - 4.0 y=y - 4.0 text-anchor="end">{text}</text>
        }
    };
    let references = (cycle.count > 0).then(|| {
        view! {
            {line(cycle.p85, tr!(i18n, "metrics-p85", { "days" => days_text(i18n, cycle.p85) }))}
            {line(cycle.median, tr!(i18n, "metrics-median", { "days" => days_text(i18n, cycle.median) }))}
        }
    });
    let dots = finished
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let color = OUTCOMES
                .iter()
                .find(|(o, _)| *o == f.outcome)
                .map_or("#9aa5b1", |(_, c)| *c);
            let href = card_href(f.board, f.card);
            let open = {
                let (href, navigate) = (href.clone(), navigate.clone());
                move || navigate(&href, Default::default())
            };
            let on_key = {
                let open = open.clone();
                move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Enter" {
                        open();
                    }
                }
            };
            view! {
                <circle
                    cx=x_of(f.at)
                    cy=frame.y_of(f.days, top)
                    r="5"
                    fill=color
                    tabindex="0"
                    role="link"
                    aria-label=f.title.clone()
                    data-href=href
                    on:focus=move |_| shown.set(Some(i))
                    on:pointerenter=move |_| shown.set(Some(i))
                    on:click=move |_| open()
                    on:keydown=on_key
                />
            }
        })
        .collect_view();
    let days_shown: Vec<chrono::NaiveDate> = {
        let first = qadam_shared::delivery::office_date(from_ms);
        let last = qadam_shared::delivery::office_date(to_ms - 1);
        first.iter_days().take_while(|d| *d <= last).collect()
    };
    let readout = move || {
        shown.get().and_then(|i| finished.get(i)).map(|f| {
            format!(
                "{} — {}, {} ({})",
                f.title,
                days_text(i18n, f.days),
                day(i18n, qadam_shared::delivery::office_date(f.at)),
                outcome_name(i18n, f.outcome)
            )
        })
    };
    view! {
        <svg class="chart" data-testid="chart-cycle" viewBox=frame.view_box() role="group" aria-label=label
            on:keydown=move |ev| step_by_key(&ev, shown, n)>
            {value_axis(frame, top, &marks)}
            {references}
            {dots}
            {date_axis(i18n, frame, days_shown)}
        </svg>
        <p class="readout" aria-live="polite">{readout}</p>
        {legend(OUTCOMES.iter().map(|(o, c)| (outcome_name(i18n, *o), *c)).collect())}
    }
}

/// Where a dot or a row opens its task.
pub fn card_href(board: BoardId, card: CardId) -> String {
    format!("/boards/{board}?card={card}")
}

/// Throughput: a bar per week, split by how the tasks met their deadlines.
#[component]
pub fn ThroughputChart(weeks: Vec<Week>, label: String) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let frame = Frame::new(220.0, false);
    let n = weeks.len();
    let (top, marks) = ticks(weeks.iter().map(|w| w.finished).max().unwrap_or(0) as f64);
    let slot = frame.plot_width() / n.max(1) as f64;
    let bar = (slot * 0.7).min(48.0);
    let parts = |w: &Week| {
        let none = w.finished - w.on_time - w.after_extension - w.late;
        [w.on_time, w.after_extension, w.late, none]
    };
    let bars = weeks
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let x = frame.left + slot * (i as f64 + 0.5) - bar / 2.0;
            let mut base = 0.0;
            parts(w)
                .into_iter()
                .zip(OUTCOMES)
                .filter(|(count, _)| *count > 0)
                .map(|(count, (_, color))| {
                    let y = frame.y_of(base + count as f64, top);
                    let h = frame.y_of(base, top) - y;
                    base += count as f64;
                    view! { <rect x=x y=y width=bar height=h fill=color /> }
                })
                .collect_view()
        })
        .collect_view();
    let shown = RwSignal::new(None::<usize>);
    let under = move |ev: &web_sys::PointerEvent| {
        let i = ((pointer_x(ev, frame)? - frame.left) / slot).floor();
        (i >= 0.0 && (i as usize) < n).then_some(i as usize)
    };
    let labels = weeks
        .iter()
        .enumerate()
        .filter(|(i, _)| i % n.div_ceil(((frame.plot_width() / 70.0) as usize).max(2)).max(1) == 0)
        .map(|(i, w)| {
            let x = frame.left + slot * (i as f64 + 0.5);
            view! { <text class="date" x=x y=frame.height - 8.0 text-anchor="middle">{short_day(i18n, w.start)}</text> }
        })
        .collect_view();
    let readout = move || {
        shown.get().and_then(|i| weeks.get(i)).map(|w| {
            let split: Vec<String> = parts(w)
                .into_iter()
                .zip(OUTCOMES)
                .map(|(count, (o, _))| format!("{} {count}", outcome_name(i18n, o)))
                .collect();
            format!(
                "{}: {} — {}",
                tr!(i18n, "metrics-week-of", { "day" => day(i18n, w.start) }),
                tr!(i18n, "metrics-finished-count", { "count" => w.finished }),
                split.join(" · ")
            )
        })
    };
    let cursor = move || {
        shown.get().map(|i| {
            let x = frame.left + slot * i as f64;
            view! { <rect class="cursor-band" x=x y=frame.top width=slot height=frame.plot_height() /> }
        })
    };
    view! {
        <svg
            class="chart"
            data-testid="chart-throughput"
            viewBox=frame.view_box()
            role="img"
            aria-label=label
            tabindex="0"
            on:pointermove=move |ev| shown.set(under(&ev))
            on:pointerdown=move |ev| shown.set(under(&ev))
            on:keydown=move |ev| step_by_key(&ev, shown, n)
        >
            {cursor}
            {value_axis(frame, top, &marks)}
            {bars}
            {labels}
        </svg>
        <p class="readout" aria-live="polite">{readout}</p>
        {legend(OUTCOMES.iter().map(|(o, c)| (outcome_name(i18n, *o), *c)).collect())}
    }
}

/// Finished tasks with a deadline by how often it was extended.
#[component]
pub fn ExtensionBars(extensions: [usize; 4]) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let most = extensions.iter().copied().max().unwrap_or(0).max(1);
    view! {
        <ul class="stage-times" data-testid="chart-extensions">
            {extensions.into_iter().enumerate().map(|(times, count)| {
                view! {
                    <li>
                        <span class="stage-name">{tr!(i18n, "metrics-extension-times", { "count" => times })}</span>
                        {bar(count as f64 / most as f64, OUTCOMES[times.min(2)].1, None)}
                        <span class="hint">{count}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
