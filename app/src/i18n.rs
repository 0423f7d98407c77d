//! The three languages: Kazakh (the state language, and the default), Russian and English.
//! Messages live in `app/locales/<language>/main.ftl`; the build fails when a message used in the
//! code is missing in a language, has other variables, or is not used at all.

use crate::contexts::session::Session;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_fluent::{I18n, leptos_fluent, tr};
use qadam_shared::seeded::in_language;
use qadam_shared::{DeadlineStatus, Rag, Role};
use wasm_bindgen::JsValue;

/// Where this browser keeps the chosen language (kept when a person's data is forgotten).
pub const LANGUAGE_KEY: &str = "qadam.language";

/// Provides the translations to everything inside; the language comes from this browser's
/// last choice, else its preferred languages, else Kazakh, and is written on `<html lang>`.
#[component]
pub fn I18nProvider(children: Children) -> impl IntoView {
    leptos_fluent! {
        children: children(),
        locales: "./locales",
        languages: "./locales/languages.json",
        default_language: "kk",
        check_translations: "./src/**/*.rs",
        customise: |bundle| bundle.set_use_isolating(false),
        sync_html_tag_lang: true,
        local_storage_key: LANGUAGE_KEY,
        initial_language_from_local_storage: true,
        set_language_to_local_storage: true,
        initial_language_from_navigator: true,
    }
}

/// A board's, team's or stage's name as the viewer reads it: a name the seed gave, still
/// unchanged, in the viewer's language; anything people typed as they typed it.
pub fn shown(i18n: I18n, name: &str) -> String {
    in_language(name, i18n.language.get().id).map_or_else(|| name.to_owned(), str::to_owned)
}

/// A role's name in the viewer's language.
pub fn role_name(i18n: I18n, role: Role) -> String {
    match role {
        Role::Lead => tr!(i18n, "role-lead"),
        Role::Member => tr!(i18n, "role-member"),
        Role::Observer => tr!(i18n, "role-observer"),
    }
}

/// Puts the app in the language the signed-in person chose, on any computer they sign in from.
#[component]
pub fn FollowPersonLanguage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    Effect::new(move |_| {
        let chosen = session
            .me
            .with(|m| m.as_ref().and_then(|m| m.language.clone()));
        if let Some(chosen) = chosen
            && i18n.language.get_untracked().id != chosen
            && let Some(&language) = i18n.languages.iter().find(|l| l.id == chosen)
        {
            i18n.language.set(language);
        }
    });
}

/// The `Intl` locale for the viewer's language, if this browser has its data. Kazakh never
/// counts: browsers that claim it still lack its month names and write "2026 M11 27", so Kazakh
/// dates are numeric and relative times come from the translations.
fn intl_locale(i18n: I18n) -> Option<js_sys::Array> {
    let tag = match i18n.language.get().id {
        "kk" => return None,
        "ru" => "ru-RU",
        _ => "en-GB",
    };
    let locales = js_sys::Array::of1(&JsValue::from_str(tag));
    let supported =
        js_sys::Intl::DateTimeFormat::supported_locales_of(&locales, &js_sys::Object::new());
    (supported.length() > 0).then_some(locales)
}

/// A moment (milliseconds since the epoch) as the viewer's language writes a date and time;
/// without the browser's data for it, as `27.11.2026, 15:10`.
pub fn date_time(i18n: I18n, millis: i64) -> String {
    format_moment(i18n, millis, Some("medium")).unwrap_or_else(|date| {
        format!(
            "{:02}.{:02}.{}, {:02}:{:02}",
            date.get_date(),
            date.get_month() + 1,
            date.get_full_year(),
            date.get_hours(),
            date.get_minutes()
        )
    })
}

/// A calendar day as the viewer's language writes it (`12 Dec 2026`); without the browser's
/// data for it, as `12.12.2026`.
pub fn day(i18n: I18n, date: NaiveDate) -> String {
    format_day(i18n, date, &[("dateStyle", "medium")])
        .unwrap_or_else(|| format!("{:02}.{:02}.{}", date.day(), date.month(), date.year()))
}

/// A day and month, for a chart's axis (`12 Dec`); without the data, as `12.12`.
pub fn short_day(i18n: I18n, date: NaiveDate) -> String {
    format_day(i18n, date, &[("day", "numeric"), ("month", "short")])
        .unwrap_or_else(|| format!("{:02}.{:02}", date.day(), date.month()))
}

fn format_day(i18n: I18n, date: NaiveDate, style: &[(&str, &str)]) -> Option<String> {
    let locales = intl_locale(i18n)?;
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let moment = js_sys::Date::new(&JsValue::from_f64(midnight.timestamp_millis() as f64));
    let options = js_sys::Object::new();
    for (key, value) in style.iter().chain(&[("timeZone", "UTC")]) {
        let _ = js_sys::Reflect::set(&options, &(*key).into(), &(*value).into());
    }
    js_sys::Intl::DateTimeFormat::new(&locales, &options)
        .format()
        .call1(&JsValue::UNDEFINED, &moment)
        .ok()
        .and_then(|s| s.as_string())
}

/// A delivery status judgement's name in the viewer's language.
pub fn rag_name(i18n: I18n, rag: Rag) -> String {
    match rag {
        Rag::Green => tr!(i18n, "rag-green"),
        Rag::AmberGreen => tr!(i18n, "rag-amber-green"),
        Rag::AmberRed => tr!(i18n, "rag-amber-red"),
        Rag::Red => tr!(i18n, "rag-red"),
    }
}

/// Where a task stands against its deadline, in the viewer's language.
pub fn deadline_status_name(i18n: I18n, status: DeadlineStatus) -> String {
    match status {
        DeadlineStatus::OnTrack => tr!(i18n, "due-on-track"),
        DeadlineStatus::DueSoon => tr!(i18n, "due-soon"),
        DeadlineStatus::Overdue => tr!(i18n, "due-overdue"),
        DeadlineStatus::DoneOnTime => tr!(i18n, "due-done-on-time"),
        DeadlineStatus::DoneLate => tr!(i18n, "due-done-late"),
    }
}

/// A moment's time of day as the viewer's language writes it (`15:10`).
pub fn time(i18n: I18n, millis: i64) -> String {
    format_moment(i18n, millis, None)
        .unwrap_or_else(|date| format!("{:02}:{:02}", date.get_hours(), date.get_minutes()))
}

/// The moment by `Intl` (a short time, after a date of `date_style` if given), or the date for
/// a fallback where the browser lacks the language's data.
fn format_moment(
    i18n: I18n,
    millis: i64,
    date_style: Option<&str>,
) -> Result<String, js_sys::Date> {
    let date = js_sys::Date::new(&JsValue::from_f64(millis as f64));
    let Some(locales) = intl_locale(i18n) else {
        return Err(date);
    };
    let options = js_sys::Object::new();
    if let Some(style) = date_style {
        let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &style.into());
    }
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    Ok(js_sys::Intl::DateTimeFormat::new(&locales, &options)
        .format()
        .call1(&JsValue::UNDEFINED, &date)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default())
}

/// How long ago a moment was, as the viewer's language says it ("3 days ago"): by the
/// browser's `Intl`, or by the translations where the browser lacks the language's data.
pub fn ago(i18n: I18n, millis: i64, now: i64) -> String {
    let seconds = (now - millis).max(0) as f64 / 1000.0;
    if seconds < 60.0 {
        return tr!(i18n, "time-just-now");
    }
    let (count, unit) = [
        (3600.0, 60.0, "minute"),
        (86_400.0, 3600.0, "hour"),
        (86_400.0 * 30.0, 86_400.0, "day"),
        (86_400.0 * 365.0, 86_400.0 * 30.0, "month"),
    ]
    .iter()
    .find(|(limit, _, _)| seconds < *limit)
    .map(|(_, size, unit)| ((seconds / size).floor(), *unit))
    .unwrap_or(((seconds / (86_400.0 * 365.0)).floor(), "year"));
    if let Some(locales) = intl_locale(i18n) {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"numeric".into(), &"auto".into());
        return js_sys::Intl::RelativeTimeFormat::new(&locales, &options)
            .format(-count, unit)
            .into();
    }
    let count = count as u64;
    match unit {
        "minute" => tr!(i18n, "time-minutes-ago", { "count" => count }),
        "hour" => tr!(i18n, "time-hours-ago", { "count" => count }),
        "day" => tr!(i18n, "time-days-ago", { "count" => count }),
        "month" => tr!(i18n, "time-months-ago", { "count" => count }),
        _ => tr!(i18n, "time-years-ago", { "count" => count }),
    }
}
