//! Schemathesis (from PyPI) fuzzes the running server over its own OpenAPI document, signed in
//! with an administrator's access token, with a real board and person in the paths: no answer
//! may be a server error, and every answer's status, content type and body must be as
//! documented (any error an `ErrorBody`).

mod common;

use axum::body::Body;
use axum::http::Request;
use common::{Backend, Running, send};
use serde_json::json;
use std::process::Stdio;

/// Cases per operation: enough to reach past the validation of every operation, bounded for
/// the test command.
const EXAMPLES: &str = "20";

/// Schemathesis's command line, as the Python that has it runs it.
fn schemathesis() -> tokio::process::Command {
    let mut command = tokio::process::Command::new("python3");
    command.args(["-m", "schemathesis.cli"]);
    command
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_no_server_error_and_no_answer_off_its_schema() {
    let installed = schemathesis()
        .arg("--version")
        .output()
        .await
        .is_ok_and(|o| o.status.success());
    assert!(
        installed,
        "schemathesis is not installed for python3: `python3 -m pip install schemathesis` \
         (cargo xtask test installs it)"
    );
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (board, _) = common::first_board(&state).await;
    let member = state.store.members_of(board.id).await.unwrap()[0].user_id;
    let cookie = common::admin(&state, "Fuzzing administrator").await;
    let made = Request::post("/api/me/tokens")
        .header("cookie", &cookie)
        .header("content-type", "application/json")
        .body(Body::from(
            json!({ "name": "schemathesis", "expires_in_days": 1 }).to_string(),
        ))
        .unwrap();
    let (status, token) = send(&state, made).await;
    assert_eq!(status, 201, "{token}");
    let secret = token["secret"].as_str().unwrap().to_owned();
    let server = Running::start(state).await;

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("schemathesis.toml");
    std::fs::write(
        &config,
        format!(
            "[parameters]\n\"path.board\" = \"{}\"\n\"path.user\" = \"{member}\"\n",
            board.id
        ),
    )
    .unwrap();
    let run = schemathesis()
        .arg("--config-file")
        .arg(&config)
        .arg("run")
        .arg(format!("http://{}/api/openapi.json", server.addr))
        .args(["--header", &format!("Authorization: Bearer {secret}")])
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
        ])
        .args(["--max-examples", EXAMPLES])
        .args(["--seed", "20261128", "--workers", "2"])
        .args(["--suppress-health-check", "all", "--no-color"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .output()
        .await
        .unwrap();
    let said = String::from_utf8_lossy(&run.stdout);
    let summary: String = said
        .lines()
        .rev()
        .take(30)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        run.status.success(),
        "schemathesis found failures:\n{said}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    println!("{summary}");
    assert!(summary.contains("passed"), "{summary}");
    server.stop();
}
