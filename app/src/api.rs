//! The server's HTTP API.

use gloo_net::http::Request;
use qadam_shared::BoardSummary;

/// The boards for the home page.
pub async fn boards() -> Result<Vec<BoardSummary>, String> {
    let response = Request::get("/api/boards")
        .send()
        .await
        .map_err(|e| format!("the server cannot be reached ({e})"))?;
    if !response.ok() {
        return Err(format!("the server answered {}", response.status()));
    }
    response.json().await.map_err(|e| e.to_string())
}
