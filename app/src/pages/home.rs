//! The home page: every team's board, with how many tasks sit in each stage.

use crate::api;
use leptos::prelude::*;
use leptos_fluent::{I18n, move_tr, tr};
use leptos_router::components::A;
use qadam_shared::BoardSummary;

#[component]
pub fn HomePage() -> impl IntoView {
    // Roles may have changed since the page loaded (someone added this person to a team).
    expect_context::<crate::contexts::session::Session>().refresh();
    let boards = LocalResource::new(api::boards);
    let i18n = expect_context::<I18n>();
    view! {
        <section class="home">
            <h1>{move_tr!("home-title")}</h1>
            <p class="lede">{move_tr!("home-lede")}</p>
            {move || match boards.get() {
                None => view! { <p class="loading">{move_tr!("home-loading")}</p> }.into_any(),
                Some(Err(e)) => view! {
                    <p class="error" role="alert">{move || tr!("home-failed", { "reason" => crate::notices::api_error(i18n, &e) })}</p>
                }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="empty">{move_tr!("home-empty")}</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="board-tiles">
                        {list.into_iter().map(|b| view! { <BoardTile board=b /> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn BoardTile(board: BoardSummary) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let total: usize = board.stages.iter().map(|(_, n)| n).sum();
    let stages = board.stages.clone();
    view! {
        <li class="board-tile">
            <A href=format!("/boards/{}", board.id)>
                <span class="tile-name">{move || crate::i18n::shown(i18n, &board.name)}</span>
                <span class="tile-team">{move || crate::i18n::shown(i18n, &board.team)}</span>
                <span class="tile-bar" aria-hidden="true">
                    {stages.iter().enumerate().filter(|(_, (_, n))| *n > 0).map(|(i, (_, n))| view! {
                        <span class=format!("seg seg-{}", i.min(5)) style:flex-grow=n.to_string()></span>
                    }).collect_view()}
                </span>
                <span class="tile-counts">
                    {stages.into_iter().map(|(name, n)| view! {
                        <span class="tile-count"><b>{n}</b> " " {move || crate::i18n::shown(i18n, &name)}</span>
                    }).collect_view()}
                </span>
                <span class="sr-only">{move || tr!("home-tasks", { "count" => total })}</span>
            </A>
        </li>
    }
}
