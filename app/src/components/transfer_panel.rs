//! The board going out as files, and, for its leads, tasks coming in: a file is read and
//! previewed first (what it creates, whom it could not match, what stops it), and imported
//! only when nothing does; it lands whole or not at all.

use crate::api;
use crate::contexts::board::{Permissions, ShowTransfer};
use crate::notices;
use crate::sync::BoardSync;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{I18n, move_tr, tr};
use qadam_shared::transfer::{
    IMPORT_CHANGES_MAX, IMPORT_TASKS_MAX, ImportProblem, ImportReport, ImportSource, ProblemKind,
};
use qadam_shared::{BoardId, Rejection};
use wasm_bindgen::JsCast;

#[component]
pub fn TransferPanel(board: BoardId) -> impl IntoView {
    let ShowTransfer(open) = expect_context::<ShowTransfer>();
    let Permissions(role) = expect_context::<Permissions>();
    let sync = expect_context::<BoardSync>();
    let i18n = expect_context::<I18n>();
    let language = move || i18n.language.get().id.to_string();
    let file = RwSignal::new_local(None::<web_sys::File>);
    let report = RwSignal::new(None::<ImportReport>);
    let busy = RwSignal::new(false);
    let send = move |preview: bool| {
        let Some(chosen) = file.get_untracked() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            match api::import(board, &chosen, preview).await {
                Ok(done) if done.committed => {
                    sync.notices.toast(
                        tr!(i18n, "transfer-imported", { "count" => done.tasks }),
                        false,
                    );
                    report.set(None);
                    file.set(None);
                    open.set(false);
                }
                Ok(answer) => report.set(Some(answer)),
                Err(e) => sync.notices.toast(notices::api_error(i18n, &e), true),
            }
            busy.set(false);
        });
    };
    let chosen = move |e: leptos::ev::Event| {
        let input = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        let picked = input
            .as_ref()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0));
        // Cleared, so the same file picked again after a fix is read again.
        if let Some(input) = input {
            input.set_value("");
        }
        report.set(None);
        file.set(picked);
        send(true);
    };
    let download = move |format: &'static str, template: bool| {
        move || api::board_file_path(board, format, &language(), template)
    };
    view! {
        <Show when=move || open.get()>
            <aside class="side-panel transfer-panel" aria-label=move_tr!("transfer-title")>
                <header>
                    <h2>{move_tr!("transfer-title")}</h2>
                    <button class="icon" aria-label=move_tr!("close") on:click=move |_| open.set(false)>"×"</button>
                </header>
                <h3>{move_tr!("transfer-export")}</h3>
                <p class="hint">{move_tr!("transfer-export-hint")}</p>
                <div class="file-links">
                    <a href=download("xlsx", false) download data-testid="export-xlsx">{move_tr!("transfer-export-xlsx")}</a>
                    <a href=download("csv", false) download data-testid="export-csv">{move_tr!("transfer-export-csv")}</a>
                    <a href=download("json", false) download data-testid="export-json">{move_tr!("transfer-export-json")}</a>
                </div>
                {role.runs_board().then(|| view! {
                    <h3>{move_tr!("transfer-import")}</h3>
                    <p class="hint">{move_tr!("transfer-import-hint")}</p>
                    <div class="file-links">
                        <span>{move_tr!("transfer-template")}</span>
                        <a href=download("xlsx", true) download>{move_tr!("transfer-template-xlsx")}</a>
                        <a href=download("csv", true) download>{move_tr!("transfer-template-csv")}</a>
                    </div>
                    <label class="file-pick">
                        {move_tr!("transfer-choose-file")}
                        <input type="file" accept=".json,.csv,.xlsx" data-testid="import-file" on:change=chosen />
                    </label>
                    <Show when=move || busy.get()>
                        <p class="hint" role="status">{move_tr!("transfer-reading")}</p>
                    </Show>
                    {move || report.get().map(|r| {
                        let name = file.with(|f| f.as_ref().map(web_sys::File::name).unwrap_or_default());
                        view! { <ImportPreview report=r name busy on_import=move || send(false) /> }
                    })}
                })}
            </aside>
        </Show>
    }
}

/// What an import would do, or why it cannot.
#[component]
fn ImportPreview(
    report: ImportReport,
    /// The file's name, as picked.
    name: String,
    busy: RwSignal<bool>,
    on_import: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let listed = |names: Vec<String>, said: fn(I18n, String) -> String| {
        (!names.is_empty()).then(|| {
            let names = names.join(", ");
            view! { <li>{move || said(i18n, names.clone())}</li> }
        })
    };
    let source = report.source.map(|s| match s {
        ImportSource::Qadam => tr!(i18n, "transfer-source-qadam"),
        ImportSource::Trello => tr!(i18n, "transfer-source-trello"),
        ImportSource::Csv => tr!(i18n, "transfer-source-csv"),
        ImportSource::Xlsx => tr!(i18n, "transfer-source-xlsx"),
    });
    let (tasks, archived) = (report.tasks, report.archived);
    let (items, comments) = (report.checklist_items, report.comments);
    let dropped = report.special_control_dropped;
    let again = report.already_there;
    let problems = report.problems.clone();
    let blocked = !problems.is_empty();
    view! {
        <section class="import-preview" data-testid="import-preview" aria-live="polite">
            <p class="import-source">{name}</p>
            {source.map(|s| view! { <p class="hint">{s}</p> })}
            <ul class="import-summary">
                <li>{move || tr!(i18n, "transfer-summary", {
                    "tasks" => tasks, "archived" => archived, "items" => items, "comments" => comments
                })}</li>
                {listed(report.new_stages.clone(), |i18n, names| tr!(i18n, "transfer-new-stages", { "names" => names }))}
                {listed(report.new_labels.clone(), |i18n, names| tr!(i18n, "transfer-new-labels", { "names" => names }))}
                {listed(report.unmatched_people.clone(), |i18n, names| tr!(i18n, "transfer-unmatched", { "names" => names }))}
                {(again > 0).then(|| view! {
                    <li class="warning" data-testid="already-there">{move || tr!(i18n, "transfer-already-there", { "count" => again })}</li>
                })}
                {(dropped > 0).then(|| view! {
                    <li>{move || tr!(i18n, "transfer-special-dropped", { "count" => dropped })}</li>
                })}
            </ul>
            {blocked.then(|| view! {
                <div class="import-problems" role="alert" data-testid="import-problems">
                    <p>{move_tr!("transfer-problems")}</p>
                    <ul>
                        {problems.iter().map(|p| {
                            let p = p.clone();
                            view! { <li>{move || problem_text(i18n, report.source, &p)}</li> }
                        }).collect_view()}
                    </ul>
                </div>
            })}
            {(!blocked).then(|| view! {
                <button class="primary" data-testid="import-go" disabled=move || busy.get() on:click=move |_| on_import()>
                    {move || tr!(i18n, "transfer-import-go", { "count" => tasks })}
                </button>
            })}
        </section>
    }
}

/// Where a problem is: a sheet's row, a task's place on the board a file holds, or the file.
fn place(i18n: I18n, source: Option<ImportSource>, row: usize) -> String {
    let sheet = matches!(source, Some(ImportSource::Csv | ImportSource::Xlsx));
    match row {
        0 => tr!(i18n, "transfer-whole-file"),
        row if sheet => tr!(i18n, "transfer-row", { "row" => row }),
        row => tr!(i18n, "transfer-task", { "row" => row }),
    }
}

/// One problem as the reader reads it: where (a sheet's row, or a task's place on the board a
/// file holds), what, and the value at fault.
fn problem_text(i18n: I18n, source: Option<ImportSource>, problem: &ImportProblem) -> String {
    let what = match problem.kind {
        ProblemKind::Unreadable => tr!(i18n, "problem-unreadable"),
        ProblemKind::NewerVersion => tr!(i18n, "problem-newer-version"),
        ProblemKind::NoTitleColumn => tr!(i18n, "problem-no-title-column"),
        ProblemKind::MissingTitle => tr!(i18n, "problem-missing-title"),
        ProblemKind::BadDate => tr!(i18n, "problem-bad-date"),
        ProblemKind::UnknownStage => tr!(i18n, "problem-unknown-stage"),
        ProblemKind::UnknownAgency => tr!(i18n, "problem-unknown-agency"),
        ProblemKind::UnknownProject => tr!(i18n, "problem-unknown-project"),
        ProblemKind::UnknownStatus => tr!(i18n, "problem-unknown-status"),
        ProblemKind::AmbiguousPerson => tr!(i18n, "problem-ambiguous-person"),
        ProblemKind::Refused => match problem.refused {
            // The rules' own words for it, in the reader's language (the detail is English).
            Some(code) => {
                let rejection = Rejection {
                    code,
                    message: problem.detail.clone(),
                };
                return format!(
                    "{}: {}",
                    place(i18n, source, problem.row),
                    notices::rejection(i18n, &rejection)
                );
            }
            None => tr!(i18n, "problem-refused"),
        },
        ProblemKind::TooManyTasks => {
            tr!(i18n, "problem-too-many-tasks", { "max" => IMPORT_TASKS_MAX })
        }
        ProblemKind::TooManyStages => tr!(i18n, "problem-too-many-stages"),
        ProblemKind::TooManyChanges => {
            tr!(i18n, "problem-too-many-changes", { "max" => IMPORT_CHANGES_MAX })
        }
    };
    let place = place(i18n, source, problem.row);
    match problem.detail.as_str() {
        "" => format!("{place}: {what}"),
        detail => format!("{place}, {detail}: {what}"),
    }
}
