//! The API's description: every endpoint the router serves is in the OpenAPI document with the
//! same method and path, nothing else is, and the document the server serves is that one, with
//! the WebSocket's messages among its schemas.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::{Backend, send};
use qadam_server::http::ENDPOINTS;
use qadam_server::http::openapi::ApiDoc;
use qadam_shared::{ClientMsg, ClientOpId, ServerMsg};
use serde_json::json;
use std::collections::BTreeSet;
use utoipa::OpenApi;

#[test]
fn the_document_names_every_endpoint_and_only_those() {
    let api = ApiDoc::openapi();
    let mut documented = BTreeSet::new();
    let mut silent = Vec::new();
    let mut ids = BTreeSet::new();
    for (path, item) in &api.paths.paths {
        let operations = [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
            ("HEAD", &item.head),
            ("OPTIONS", &item.options),
            ("TRACE", &item.trace),
        ];
        for (method, operation) in operations {
            if let Some(operation) = operation {
                documented.insert((method.to_owned(), path.clone()));
                let answers = &operation.responses.responses;
                assert!(
                    answers.keys().any(|s| s.starts_with('2') || s == "101"),
                    "{method} {path} documents no success"
                );
                let id = operation.operation_id.clone().unwrap_or_default();
                assert!(ids.insert(id.clone()), "operationId {id} twice");
                if operation.summary.is_none() {
                    silent.push(format!("{method} {path}"));
                }
            }
        }
    }
    assert!(silent.is_empty(), "without a summary: {silent:?}");
    let served: BTreeSet<(String, String)> = ENDPOINTS
        .iter()
        .map(|(method, path, _)| ((*method).to_owned(), (*path).to_owned()))
        .collect();
    let missing: Vec<_> = served.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&served).collect();
    assert!(missing.is_empty(), "served but not documented: {missing:?}");
    assert!(extra.is_empty(), "documented but not served: {extra:?}");
}

#[tokio::test]
async fn the_server_serves_the_document_with_the_socket_s_messages() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let request = Request::get("/api/openapi.json")
        .body(Body::empty())
        .unwrap();
    let (status, served) = send(&state, request).await;
    assert_eq!(status, 200);
    assert_eq!(served["openapi"], "3.1.0");
    let generated = serde_json::to_value(ApiDoc::openapi()).unwrap();
    assert_eq!(served, generated);
    let schemas = &served["components"]["schemas"];
    for name in [
        "ClientMsg",
        "ServerMsg",
        "Op",
        "Board",
        "ErrorBody",
        "ImportReport",
    ] {
        assert!(
            schemas.get(name).is_some(),
            "{name} is not among the schemas"
        );
    }
    let schemes = &served["components"]["securitySchemes"];
    assert_eq!(schemes["session"]["in"], "cookie");
    assert_eq!(schemes["token"]["scheme"], "bearer");
    // Signing in needs nobody signed in.
    assert_eq!(
        served["paths"]["/api/session"]["post"]["security"],
        serde_json::json!([{}])
    );
}

#[tokio::test]
async fn real_socket_messages_match_the_protocol_s_schema_and_broken_ones_do_not() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let request = Request::get("/api/protocol.schema.json")
        .body(Body::empty())
        .unwrap();
    let (status, schema) = send(&state, request).await;
    assert_eq!(status, 200);
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let (board, seq) = common::first_board(&state).await;
    let (card, op) = common::move_first_card_to(&board, 2);
    let submit = ClientMsg::Submit {
        id: ClientOpId::random(),
        op: op.clone(),
    };
    let events = state.store.events_between(board.id, 0, seq).await.unwrap();
    let mut frames = vec![
        serde_json::to_value(&submit).unwrap(),
        serde_json::to_value(ServerMsg::Snapshot {
            board: std::sync::Arc::new(board.clone()),
            seq,
        })
        .unwrap(),
        serde_json::to_value(ServerMsg::Live { seq }).unwrap(),
        serde_json::to_value(ServerMsg::Pong).unwrap(),
    ];
    // Every kind of operation the seed made, as the log holds it.
    frames.extend(
        events
            .into_iter()
            .map(|e| serde_json::to_value(ServerMsg::Committed(e)).unwrap()),
    );
    for frame in &frames {
        let errors: Vec<String> = validator
            .iter_errors(frame)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{frame}\n{errors:?}");
    }
    let broken = [
        json!({ "type": "submit", "id": ClientOpId::random(), "op": { "type": "move_card", "card": card } }),
        json!({ "type": "teleport" }),
        json!({ "type": "live", "seq": "seven" }),
    ];
    for frame in broken {
        assert!(!validator.is_valid(&frame), "{frame} passed");
    }
}
