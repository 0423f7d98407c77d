//! The three languages: Kazakh (the state language, and the default), Russian and English.
//! Messages live in `app/locales/<language>/main.ftl`; the build fails when a message used in the
//! code is missing in a language, has other variables, or is not used at all.

use leptos::prelude::*;
use leptos_fluent::leptos_fluent;

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
        local_storage_key: "qadam.language",
        initial_language_from_local_storage: true,
        set_language_to_local_storage: true,
        initial_language_from_navigator: true,
    }
}
