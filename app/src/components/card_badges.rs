//! What a card's face says of its delivery, readable at a glance: special control, the
//! delivery status judgement, the deadline coloured by where it stands, the responsible
//! agency, the strategic project and the assignees' initials.

use crate::contexts::board::Team;
use crate::contexts::office::OfficeLists;
use crate::i18n::{day, deadline_status_name, rag_name};
use crate::sync::BoardSync;
use leptos::prelude::*;
use leptos_fluent::{I18n, move_tr, tr};
use qadam_shared::Card;

#[component]
pub fn CardBadges(card: Card) -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let lists = expect_context::<OfficeLists>();
    let team = expect_context::<Team>();
    let i18n = expect_context::<I18n>();
    let language = move || i18n.language.get().id;
    let d = card.delivery.clone();
    let now = js_sys::Date::now() as i64;
    let status = sync
        .board
        .with_untracked(|b| b.as_ref().and_then(|b| b.deadline_status(&card, now)));
    let special = d.special_control.then(|| {
        view! { <span class="badge special" title=move_tr!("card-special-control")>{move_tr!("card-special-control-short")}</span> }
    });
    let decision = d.decision.map(|asked| {
        view! { <span class="badge decision" title=asked.question>{move_tr!("card-decision-short")}</span> }
    });
    let judgement = d.judgement.map(|j| {
        let name = move || rag_name(i18n, j.rag);
        view! {
            <span class=format!("rag rag-{}", j.rag.as_str()) title=move || tr!(i18n, "card-rag-title", { "status" => name() })>
                <span class="rag-dot" aria-hidden="true"></span>{name}
            </span>
        }
    });
    let deadline = d.deadline.map(|deadline| {
        let extended = deadline.extensions();
        let class = format!("due due-{}", status.map(|s| s.as_str()).unwrap_or("none"));
        view! {
            <span class=class title=move || status.map(|s| deadline_status_name(i18n, s)).unwrap_or_default()>
                {move || day(i18n, deadline.current)}
                {(extended > 0).then(|| view! {
                    <span class="extended" title=move || tr!(i18n, "card-extended", { "count" => extended })>
                        {format!(" ↻{extended}")}
                    </span>
                })}
            </span>
        }
    });
    let agency = d.agency.map(
        |code| view! { <span class="agency">{move || lists.agency(&code, language())}</span> },
    );
    let project = d.project.map(
        |code| view! { <span class="project">{move || lists.project(&code, language())}</span> },
    );
    let assignees = (!d.assignees.is_empty()).then(|| {
        let people = d.assignees.clone();
        view! {
            <span class="people">
                {people.into_iter().map(|id| {
                    let name = move || team.name_of(id).unwrap_or_default();
                    view! { <span class="initials" title=name>{move || initials(&name())}</span> }
                }).collect_view()}
            </span>
        }
    });
    let labels: Vec<_> = sync.board.with_untracked(|b| {
        b.as_ref()
            .map(|b| {
                card.parts
                    .labels
                    .iter()
                    .filter_map(|l| b.labels.get(l).cloned())
                    .collect()
            })
            .unwrap_or_default()
    });
    let labels = (!labels.is_empty()).then(|| {
        view! {
            <span class="card-labels">
                {labels.into_iter().map(|l| view! { <span class=format!("label label-{}", l.color.as_str())>{l.name}</span> }).collect_view()}
            </span>
        }
    });
    let (done, all) = card.parts.progress();
    let checklist = (all > 0).then(|| {
        view! {
            <span class="progress" class:complete=done == all title=move || tr!(i18n, "card-checklist-title", { "done" => done, "total" => all })>
                {format!("☑ {done}/{all}")}
            </span>
        }
    });
    let comments = card.parts.comments.len();
    let comments = (comments > 0).then(|| {
        view! {
            <span class="comments-count" title=move || tr!(i18n, "card-comments-title", { "count" => comments })>
                <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true"><path d="M2 2h12v9H6l-4 3z" fill="currentColor"></path></svg>
                {comments}
            </span>
        }
    });
    view! {
        <div class="card-badges">
            {labels}{special}{decision}{judgement}{deadline}{agency}{project}{checklist}{comments}{assignees}
        </div>
    }
}

/// "Aigerim Seitkali" → "AS".
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}
