//! A card's history in its dialog: every change from the board's log, newest first, with who
//! made it and when, and for a field, from what to what, in the viewer's language.

use crate::contexts::board::Team;
use crate::contexts::office::OfficeLists;
use crate::i18n::{day, rag_name};
use crate::notices;
use crate::sync::BoardSync;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{I18n, move_tr, tr};
use qadam_shared::{Board, Card, CardId, Committed, Op};
use std::collections::HashMap;

/// A field a change set, and the value it set, as people read them.
fn field_value(
    i18n: I18n,
    op: &Op,
    board: &Board,
    lists: OfficeLists,
    team: Team,
) -> Option<(String, String)> {
    let language = i18n.language.get_untracked().id;
    let stage = |c| {
        board
            .columns
            .get(c)
            .map(|c| crate::i18n::shown(i18n, &c.name))
            .unwrap_or_default()
    };
    Some(match op {
        Op::CreateCard { column, .. } | Op::MoveCard { column, .. } => {
            (tr!(i18n, "history-stage"), stage(column))
        }
        Op::EditCard {
            title: Some(title), ..
        } => (tr!(i18n, "card-title"), title.clone()),
        Op::SetAgency { agency, .. } => (
            tr!(i18n, "delivery-agency"),
            agency
                .as_deref()
                .map(|a| lists.agency(a, language))
                .unwrap_or_default(),
        ),
        Op::SetProject { project, .. } => (
            tr!(i18n, "delivery-project"),
            project
                .as_deref()
                .map(|p| lists.project(p, language))
                .unwrap_or_default(),
        ),
        Op::SetDeadline { due, reason, .. } => {
            let mut value = day(i18n, *due);
            if !reason.is_empty() {
                value = format!("{value} ({reason})");
            }
            (tr!(i18n, "delivery-deadline"), value)
        }
        Op::JudgeDelivery { rag, reason, .. } => {
            let mut value = rag_name(i18n, *rag);
            if !reason.is_empty() {
                value = format!("{value} ({reason})");
            }
            (tr!(i18n, "delivery-status"), value)
        }
        Op::AskDecision { question, .. } => (
            tr!(i18n, "delivery-decision"),
            question
                .clone()
                .unwrap_or_else(|| tr!(i18n, "delivery-decision-taken")),
        ),
        Op::SetSpecialControl { on, .. } => (
            tr!(i18n, "card-special-control"),
            if *on {
                tr!(i18n, "history-yes")
            } else {
                tr!(i18n, "history-no")
            },
        ),
        Op::SetAssignees { assignees, .. } => (
            tr!(i18n, "delivery-assignees"),
            assignees
                .iter()
                .filter_map(|a| team.name_of(*a))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Op::SetCardLabels { labels, .. } => (
            tr!(i18n, "parts-labels"),
            labels
                .iter()
                .filter_map(|l| board.labels.get(l).map(|l| l.name.clone()))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        _ => return None,
    })
}

#[component]
pub fn CardHistory(id: CardId, card: Signal<Option<Card>>) -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let i18n = expect_context::<I18n>();
    let entries = RwSignal::new(None::<Vec<Committed>>);
    // Read again whenever the card changes, so the list follows what the dialog shows.
    Effect::new(move |_| {
        card.track();
        spawn_local(async move {
            if let Ok(list) = crate::api::card_history(sync.id, id).await {
                entries.set(Some(list));
            }
        });
    });
    let lists = expect_context::<OfficeLists>();
    let team = expect_context::<Team>();
    let lines = move || {
        let board = sync.board.get_untracked()?;
        entries.with(|e| {
            e.as_ref().map(|list| {
                // Oldest first, remembering each field's value, so a change reads "from → to".
                let mut last: HashMap<String, String> = HashMap::new();
                let mut lines: Vec<_> = list
                    .iter()
                    .map(|c| {
                        let author = crate::i18n::shown(i18n, &c.author);
                        let what = match field_value(i18n, &c.op, &board, lists, team) {
                            Some((field, to)) => match last.insert(field.clone(), to.clone()) {
                                Some(from) if from != to => tr!(i18n, "history-change", {
                                    "author" => author, "field" => field, "from" => from, "to" => to,
                                }),
                                _ => tr!(i18n, "history-set", {
                                    "author" => author, "field" => field, "to" => to,
                                }),
                            },
                            None => notices::remote_change(i18n, &c.author, &c.op, &board),
                        };
                        (c.seq, what, crate::i18n::date_time(i18n, c.at))
                    })
                    .collect();
                lines.reverse();
                lines
            })
        })
    };
    view! {
        <section class="parts history" aria-labelledby="history-heading">
            <h3 id="history-heading" class="field-label">{move_tr!("history-heading")}</h3>
            {move || match lines() {
                None => view! { <p class="hint">{move_tr!("history-loading")}</p> }.into_any(),
                Some(lines) => view! {
                    <ol class="history-items" data-testid="card-history">
                        {lines.into_iter().map(|(seq, what, when)| view! {
                            <li data-seq=seq.to_string()><span>{what}</span> <span class="by">{when}</span></li>
                        }).collect_view()}
                    </ol>
                }.into_any(),
            }}
        </section>
    }
}
