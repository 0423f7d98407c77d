//! The home page: every team's board, with how many tasks sit in each stage.

use crate::api;
use leptos::prelude::*;
use leptos_router::components::A;
use qadam_shared::BoardSummary;

#[component]
pub fn HomePage() -> impl IntoView {
    // Roles may have changed since the page loaded (someone added this person to a team).
    expect_context::<crate::contexts::session::Session>().refresh();
    let boards = LocalResource::new(api::boards);
    view! {
        <section class="home">
            <h1>"Team boards"</h1>
            <p class="lede">
                "Priority tasks under the Project Office's control, one board per interdepartmental team."
            </p>
            {move || match boards.get() {
                None => view! { <p class="loading">"Loading boards…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">"Boards could not be loaded: " {e.message}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="empty">"No team board is shared with you yet. Ask your team lead or the Project Office to add you."</p>
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
    let total: usize = board.stages.iter().map(|(_, n)| n).sum();
    let stages = board.stages.clone();
    view! {
        <li class="board-tile">
            <A href=format!("/boards/{}", board.id)>
                <span class="tile-name">{board.name.clone()}</span>
                <span class="tile-team">{board.team.clone()}</span>
                <span class="tile-bar" aria-hidden="true">
                    {stages.iter().enumerate().filter(|(_, (_, n))| *n > 0).map(|(i, (_, n))| view! {
                        <span class=format!("seg seg-{}", i.min(5)) style:flex-grow=n.to_string()></span>
                    }).collect_view()}
                </span>
                <span class="tile-counts">
                    {stages.into_iter().map(|(name, n)| view! {
                        <span class="tile-count"><b>{n}</b> " " {name}</span>
                    }).collect_view()}
                </span>
                <span class="sr-only">{format!("{total} tasks")}</span>
            </A>
        </li>
    }
}
