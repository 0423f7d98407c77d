//! A person's own work: the tasks assigned to them across their boards.

use super::AppJson;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::clock::now_millis;
use crate::error::Result;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use qadam_shared::my_work::{MyTask, assigned, in_order};

pub fn router() -> Router<AppState> {
    Router::new().route("/me/work", get(my_work))
}

/// The person's tasks across their boards.
#[utoipa::path(
    get,
    operation_id = "my_work_my_work",
    path = "/api/me/work",
    tag = "session",
    responses(
        (status = 200, description = "The person's assigned tasks across boards", body = Vec<MyTask>)
    )
)]
async fn my_work(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<AppJson<Vec<MyTask>>> {
    let now = now_millis();
    let mut tasks = Vec::new();
    for id in state.store.roles_of(current.user.id).await?.into_keys() {
        let board = state.hub.board(id).await?.subscribe().await?.board;
        for mut task in assigned(&board, current.user.id, now) {
            task.changed_at = state
                .store
                .card_history(id, task.card, 1)
                .await?
                .last()
                .map_or(0, |e| e.at);
            tasks.push(task);
        }
    }
    in_order(&mut tasks);
    Ok(AppJson(tasks))
}
