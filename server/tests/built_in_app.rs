//! The browser app built into the server: served without `--static-dir`, from any directory,
//! precompressed as the browser accepts, revalidated by ETag, with index.html for the app's own
//! routes. (In a debug build the files are read from `dist/`, which `cargo xtask dist` makes and
//! the test command builds first.)

mod common;

use axum::body::Body;
use axum::http::{Request, header};
use common::Backend;
use http_body_util::BodyExt;
use tower::ServiceExt;

async fn get(
    state: &qadam_server::AppState,
    path: &str,
    headers: &[(header::HeaderName, &str)],
) -> axum::http::Response<axum::body::Bytes> {
    let mut request = Request::get(path);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    let response = qadam_server::http::app(state.clone())
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    axum::http::Response::from_parts(parts, bytes)
}

#[tokio::test]
async fn the_built_in_app_is_served_compressed_and_revalidated() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    assert!(state.static_dir.is_none(), "no directory given");
    assert!(
        qadam_server::http::static_files::present(None),
        "no app built in: run `cargo xtask dist` first"
    );
    let page = get(&state, "/", &[]).await;
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()[header::CONTENT_TYPE], "text/html");
    assert_eq!(page.headers()[header::CACHE_CONTROL], "no-cache");
    assert!(String::from_utf8_lossy(page.body()).contains("<html"));

    // The app's own routes get the same page; a file gets its own type.
    let route = get(&state, "/boards/anything", &[]).await;
    assert_eq!(route.body(), page.body());
    let css = get(&state, "/qadam.css", &[]).await;
    assert_eq!(css.headers()[header::CONTENT_TYPE], "text/css");

    // Brotli when the browser takes it, smaller than plain; then a 304 for the same ETag.
    let wasm = get(&state, "/qadam_bg.wasm", &[]).await;
    let br = get(
        &state,
        "/qadam_bg.wasm",
        &[(header::ACCEPT_ENCODING, "gzip, br")],
    )
    .await;
    assert_eq!(br.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(br.headers()[header::CONTENT_TYPE], "application/wasm");
    assert!(br.body().len() < wasm.body().len() / 2);
    let gz = get(
        &state,
        "/qadam_bg.wasm",
        &[(header::ACCEPT_ENCODING, "gzip")],
    )
    .await;
    assert_eq!(gz.headers()[header::CONTENT_ENCODING], "gzip");
    let tag = br.headers()[header::ETAG].to_str().unwrap().to_owned();
    assert_ne!(
        tag,
        gz.headers()[header::ETAG],
        "each encoding has its own tag"
    );
    let again = get(
        &state,
        "/qadam_bg.wasm",
        &[
            (header::ACCEPT_ENCODING, "br"),
            (header::IF_NONE_MATCH, &tag),
        ],
    )
    .await;
    assert_eq!(again.status(), 304);
    assert!(again.body().is_empty());
}

#[tokio::test]
async fn the_server_runs_from_any_directory_with_nothing_beside_it() {
    use tokio::io::{AsyncBufReadExt, BufReader};
    let elsewhere = tempfile::tempdir().unwrap();
    let mut server = tokio::process::Command::new(env!("CARGO_BIN_EXE_qadam-server"))
        .args(["--port", "0", "--no-seed", "--database", "qadam.db"])
        .current_dir(elsewhere.path())
        .env_remove("QADAM_STATIC_DIR")
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next_line().await.unwrap().expect("the server starts");
        assert!(!line.contains("no app bundle"), "{line}");
        if let Some((_, at)) = line.split_once("Qadam is at http://") {
            break at.trim().to_owned();
        }
    };
    let answer = common::raw_get(&addr, "/", "").await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("<html"));
    assert!(elsewhere.path().join("qadam.db").exists());
    server.kill().await.unwrap();
}
