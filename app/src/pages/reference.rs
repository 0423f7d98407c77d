//! The API's reference for whoever connects another system: the server's own OpenAPI document
//! (`/api/openapi.json`), read and laid out here, from this origin (no outside script, so the
//! page keeps the app's strict content policy). The operations' descriptions are the API's own,
//! in English; the page around them is in the reader's language.

use crate::api;
use crate::notices;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{I18n, move_tr, tr};
use serde_json::Value;

/// The methods in the order a reference lists them.
const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

#[component]
pub fn ReferencePage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let document = RwSignal::new(None::<Value>);
    let error = RwSignal::new(None::<String>);
    spawn_local(async move {
        match api::openapi().await {
            Ok(found) => document.set(Some(found)),
            Err(e) => error.set(Some(notices::api_error(i18n, &e))),
        }
    });
    view! {
        <section class="page reference">
            <h1>{move_tr!("reference-title")}</h1>
            <p>{move_tr!("reference-intro")}</p>
            <p>{move_tr!("reference-socket")}</p>
            <p class="file-links">
                <a href="/api/openapi.json" download="qadam-openapi.json">{move_tr!("reference-download")}</a>
                <a href="/api/protocol.schema.json" download="qadam-protocol.schema.json">{move_tr!("reference-protocol")}</a>
            </p>
            {move || error.get().map(|text| view! { <p class="error" role="status">{text}</p> })}
            {move || document.get().map(|doc| view! { <Operations doc=doc.clone() /> <Schemas doc /> })}
        </section>
    }
}

/// An operation as listed: its method, its path and its description.
type Listed = (String, String, Value);

/// The operations, grouped by their tag.
#[component]
fn Operations(doc: Value) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let mut groups: Vec<(String, Vec<Listed>)> = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let tag = operation["tags"][0].as_str().unwrap_or_default().to_owned();
            let entry = (method.to_owned(), path.clone(), operation.clone());
            match groups.iter_mut().find(|(t, _)| *t == tag) {
                Some((_, list)) => list.push(entry),
                None => groups.push((tag, vec![entry])),
            }
        }
    }
    groups.sort_by_key(|(tag, _)| tag_order(tag));
    groups
        .into_iter()
        .map(|(tag, operations)| {
            view! {
                <h2>{move || tag_name(i18n, &tag)}</h2>
                {operations.into_iter().map(|(method, path, op)| view! { <Operation method path op /> }).collect_view()}
            }
        })
        .collect_view()
}

#[component]
fn Operation(method: String, path: String, op: Value) -> impl IntoView {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let summary = text(&op["summary"]);
    let parameters: Vec<Value> = op["parameters"].as_array().cloned().unwrap_or_default();
    let body = op["requestBody"]["content"].as_object().map(|content| {
        content
            .iter()
            .map(|(kind, media)| schema_name(&media["schema"]).unwrap_or_else(|| kind.clone()))
            .collect::<Vec<_>>()
            .join(", ")
    });
    let responses: Vec<(String, String, Option<String>)> = op["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(status, answer)| {
            let schema = answer["content"]
                .as_object()
                .and_then(|c| c.values().next())
                .and_then(|media| schema_name(&media["schema"]));
            (status.clone(), text(&answer["description"]), schema)
        })
        .collect();
    let public = op["security"].as_array().is_some_and(|s| {
        s.iter()
            .any(|r| r.as_object().is_some_and(|r| r.is_empty()))
    });
    view! {
        <article class="operation" id=text(&op["operationId"])>
            <h3><span class=format!("method {method}")>{method.to_uppercase()}</span> " " <code>{path}</code></h3>
            <p>{summary}</p>
            {public.then(|| view! { <p class="muted">{move_tr!("reference-public")}</p> })}
            {(!parameters.is_empty()).then(|| view! { <Parameters parameters /> })}
            {body.map(|body| view! { <p>{move_tr!("reference-body")} " " <code>{body}</code></p> })}
            <ul class="responses">
                {responses.into_iter().map(|(status, description, schema)| view! {
                    <li><code>{status}</code> " " {description} {schema.map(|s| view! { " " <code>{s}</code> })}</li>
                }).collect_view()}
            </ul>
        </article>
    }
}

/// An operation's parameters: name (starred when required), where it goes, what it means.
#[component]
fn Parameters(parameters: Vec<Value>) -> impl IntoView {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let rows = parameters
        .iter()
        .map(|p| {
            let required = p["required"].as_bool().unwrap_or(false);
            view! {
                <tr>
                    <td><code>{text(&p["name"])}</code>{required.then_some(" *")}</td>
                    <td>{text(&p["in"])}</td>
                    <td>{text(&p["description"])}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="parameters">
            <thead>
                <tr>
                    <th>{move_tr!("reference-param")}</th>
                    <th>{move_tr!("reference-where")}</th>
                    <th>{move_tr!("reference-meaning")}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// Every schema, each folded open on demand.
#[component]
fn Schemas(doc: Value) -> impl IntoView {
    let schemas: Vec<(String, String)> = doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, schema)| {
            let shown = serde_json::to_string_pretty(schema).unwrap_or_default();
            (name.clone(), shown)
        })
        .collect();
    view! {
        <h2>{move_tr!("reference-schemas")}</h2>
        {schemas.into_iter().map(|(name, shown)| {
            let id = format!("schema-{name}");
            view! {
                <details class="schema" id=id>
                    <summary><code>{name}</code></summary>
                    <pre>{shown}</pre>
                </details>
            }
        }).collect_view()}
    }
}

/// The name of a referenced schema, or of an array's items.
fn schema_name(schema: &Value) -> Option<String> {
    let reference = |s: &Value| {
        s["$ref"]
            .as_str()
            .and_then(|r| r.rsplit('/').next())
            .map(str::to_owned)
    };
    reference(schema).or_else(|| reference(&schema["items"]).map(|item| format!("[{item}]")))
}

/// Tags in the order a reader meets them.
fn tag_order(tag: &str) -> usize {
    let order = [
        "session", "boards", "live", "reports", "people", "embeds", "lists", "tokens", "meta",
    ];
    order.iter().position(|t| *t == tag).unwrap_or(order.len())
}

fn tag_name(i18n: I18n, tag: &str) -> String {
    match tag {
        "session" => tr!(i18n, "reference-tag-session"),
        "boards" => tr!(i18n, "reference-tag-boards"),
        "live" => tr!(i18n, "reference-tag-live"),
        "reports" => tr!(i18n, "reference-tag-reports"),
        "people" => tr!(i18n, "reference-tag-people"),
        "embeds" => tr!(i18n, "reference-tag-embeds"),
        "lists" => tr!(i18n, "reference-tag-lists"),
        "tokens" => tr!(i18n, "reference-tag-tokens"),
        "webhooks" => tr!(i18n, "reference-tag-webhooks"),
        _ => tr!(i18n, "reference-tag-meta"),
    }
}
