//! The board grouped into swimlanes by one field (strategic project, agency, assignee or
//! delivery status): a row per value, the stages across. A card dropped in another lane takes
//! that lane's value.

use crate::components::column::ColumnView;
use crate::contexts::board::{Shown, Team};
use crate::contexts::office::OfficeLists;
use crate::i18n::rag_name;
use crate::sync::BoardSync;
use leptos::prelude::*;
use leptos_fluent::{I18n, tr};
use qadam_shared::view::Lanes;
use qadam_shared::{Rag, UserId};

#[component]
pub fn Swimlanes() -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    let shown = expect_context::<Shown>();
    let lists = expect_context::<OfficeLists>();
    let team = expect_context::<Team>();
    let i18n = expect_context::<I18n>();
    let lanes = Memo::new(move |_| {
        let Some(by) = shown.lanes.get() else {
            return Vec::new();
        };
        sync.board.with(|b| {
            b.as_ref()
                .map(|b| by.lanes(b).into_iter().enumerate().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let columns = Memo::new(move |_| {
        sync.board.with(|b| {
            b.as_ref()
                .map(|b| b.ordered_columns().iter().map(|c| c.id).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let name = move |lane: &Option<String>| {
        let language = i18n.language.get().id;
        let Some(value) = lane else {
            return tr!(i18n, "lane-unset");
        };
        match shown.lanes.get() {
            Some(Lanes::Project) => lists.project(value, language),
            Some(Lanes::Agency) => lists.agency(value, language),
            Some(Lanes::Assignee) => value
                .parse::<UserId>()
                .ok()
                .and_then(|id| team.name_of(id))
                .unwrap_or_default(),
            Some(Lanes::Rag) => Rag::parse(value)
                .map(|r| rag_name(i18n, r))
                .unwrap_or_default(),
            None => String::new(),
        }
    };
    let lane_row = move |(i, lane): (usize, Option<String>)| {
        let label = {
            let lane = lane.clone();
            move || name(&lane)
        };
        let heading = label.clone();
        let cells = move |column| view! { <ColumnView column lane=lane.clone() header={i == 0} /> };
        view! {
            <section class="lane" aria-label=label>
                <h2 class="lane-name">{heading}</h2>
                <div class="board-columns lane-columns">
                    <For each=move || columns.get() key=|id| *id children=cells />
                </div>
            </section>
        }
    };
    view! {
        <div class="board-lanes">
            <For each=move || lanes.get() key=|(i, lane)| (*i, lane.clone()) children=lane_row />
        </div>
    }
}
