//! For Project Office administrators: the office's lists that cards name, responsible agencies
//! and strategic projects, each in the three languages. An entry is retired rather than deleted,
//! so the cards that name it still read.

use crate::api;
use crate::contexts::session::Session;
use crate::notices;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{I18n, move_tr, tr};
use qadam_shared::api::CatalogEntry;
use qadam_shared::catalog::{AgencyKind, Catalog, Names};
use qadam_shared::limits::CATALOG_NAME_MAX_CHARS;

#[component]
pub fn ListsPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    let catalog = RwSignal::new(Catalog::default());
    let message = RwSignal::new(None::<(bool, String)>);
    let reload = move || {
        spawn_local(async move {
            match api::catalog().await {
                Ok(c) => catalog.set(c),
                Err(e) => message.set(Some((true, notices::api_error(i18n, &e)))),
            }
        })
    };
    reload();
    // The form adds an entry, or changes the one with its code.
    let projects = RwSignal::new(false);
    let (code, kind, kk, ru, en) = (
        RwSignal::new(String::new()),
        RwSignal::new("ministry".to_owned()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let put = move |code: String, entry: CatalogEntry, project: bool| {
        spawn_local(async move {
            let done = if project {
                api::put_project(&code, &entry).await
            } else {
                api::put_agency(&code, &entry).await
            };
            match done {
                Ok(()) => {
                    message.set(Some((false, tr!(i18n, "lists-saved"))));
                    reload();
                }
                Err(e) => message.set(Some((true, notices::api_error(i18n, &e)))),
            }
        })
    };
    let save = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let entry = CatalogEntry {
            kind: (!projects.get_untracked()).then(|| kind.get_untracked()),
            names: Names {
                kk: kk.get_untracked(),
                ru: ru.get_untracked(),
                en: en.get_untracked(),
            },
            retired: false,
        };
        put(
            code.get_untracked().trim().to_owned(),
            entry,
            projects.get_untracked(),
        );
    };
    let edit = move |project: bool, c: String, k: Option<AgencyKind>, names: Names| {
        projects.set(project);
        code.set(c);
        if let Some(k) = k {
            kind.set(k.as_str().to_owned());
        }
        kk.set(names.kk);
        ru.set(names.ru);
        en.set(names.en);
    };
    let kind_name = move |k: AgencyKind| match k {
        AgencyKind::Ministry => tr!(i18n, "lists-kind-ministry"),
        AgencyKind::Akimat => tr!(i18n, "lists-kind-akimat"),
        AgencyKind::Company => tr!(i18n, "lists-kind-company"),
    };
    let language = move || i18n.language.get().id;
    view! {
        <section class="page lists">
            <h1>{move_tr!("lists-title")}</h1>
            <Show when=move || session.is_admin() fallback=|| view! { <p class="empty">{move_tr!("people-admins-only")}</p> }>
            <p class="hint">{move_tr!("lists-intro")}</p>
            {move || message.get().map(|(error, text)| view! { <p class=if error { "error" } else { "note" } role="status">{text}</p> })}
            <form class="lists-form" on:submit=save>
                <h2>{move_tr!("lists-form-title")}</h2>
                <label class="check">
                    <input type="checkbox" prop:checked=move || projects.get() on:change=move |e| projects.set(event_target_checked(&e)) />
                    {move_tr!("lists-is-project")}
                </label>
                <label for="entry-code">{move_tr!("lists-code")}</label>
                <input id="entry-code" required pattern="[a-z0-9-]{2,40}" prop:value=move || code.get() on:input=move |e| code.set(event_target_value(&e)) />
                <Show when=move || !projects.get()>
                    <label for="entry-kind">{move_tr!("lists-kind")}</label>
                    <select id="entry-kind" prop:value=move || kind.get() on:change=move |e| kind.set(event_target_value(&e))>
                        {[AgencyKind::Ministry, AgencyKind::Akimat, AgencyKind::Company].into_iter().map(|k| view! { <option value=k.as_str()>{move || kind_name(k)}</option> }).collect_view()}
                    </select>
                </Show>
                <label for="entry-kk">{move_tr!("lists-name-kk")}</label>
                <input id="entry-kk" required maxlength=CATALOG_NAME_MAX_CHARS.to_string() prop:value=move || kk.get() on:input=move |e| kk.set(event_target_value(&e)) />
                <label for="entry-ru">{move_tr!("lists-name-ru")}</label>
                <input id="entry-ru" required maxlength=CATALOG_NAME_MAX_CHARS.to_string() prop:value=move || ru.get() on:input=move |e| ru.set(event_target_value(&e)) />
                <label for="entry-en">{move_tr!("lists-name-en")}</label>
                <input id="entry-en" required maxlength=CATALOG_NAME_MAX_CHARS.to_string() prop:value=move || en.get() on:input=move |e| en.set(event_target_value(&e)) />
                <div class="form-actions"><button type="submit" class="primary">{move_tr!("save")}</button></div>
            </form>
            <h2>{move_tr!("lists-projects")}</h2>
            <ul class="catalog">
                {move || catalog.get().projects.into_iter().map(|p| {
                    let (c, names, retired) = (p.code.clone(), p.names.clone(), p.retired);
                    let again = CatalogEntry { kind: None, names: p.names.clone(), retired: !retired };
                    view! {
                        <li class:retired=retired>
                            <span>{p.names.get(language()).to_owned()}</span>
                            <code>{p.code.clone()}</code>
                            <button type="button" class="ghost small" on:click=move |_| edit(true, c.clone(), None, names.clone())>{move_tr!("lists-edit")}</button>
                            <button type="button" class="ghost small" on:click={
                                let code = p.code.clone();
                                move |_| put(code.clone(), again.clone(), true)
                            }>{if retired { move_tr!("lists-restore") } else { move_tr!("lists-retire") }}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <h2>{move_tr!("lists-agencies")}</h2>
            <ul class="catalog">
                {move || catalog.get().agencies.into_iter().map(|a| {
                    let (c, names, retired, k) = (a.code.clone(), a.names.clone(), a.retired, a.kind);
                    let again = CatalogEntry { kind: Some(a.kind.as_str().to_owned()), names: a.names.clone(), retired: !retired };
                    view! {
                        <li class:retired=retired>
                            <span>{a.names.get(language()).to_owned()}</span>
                            <span class="hint">{move || kind_name(k)}</span>
                            <code>{a.code.clone()}</code>
                            <button type="button" class="ghost small" on:click=move |_| edit(false, c.clone(), Some(k), names.clone())>{move_tr!("lists-edit")}</button>
                            <button type="button" class="ghost small" on:click={
                                let code = a.code.clone();
                                move |_| put(code.clone(), again.clone(), false)
                            }>{if retired { move_tr!("lists-restore") } else { move_tr!("lists-retire") }}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            </Show>
        </section>
    }
}
