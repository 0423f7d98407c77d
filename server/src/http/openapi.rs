//! The API described by itself: an OpenAPI 3.1 document generated from the handlers' own
//! annotations and the shared types' schemas, served at `/api/openapi.json`, with the
//! WebSocket's messages (`ClientMsg`, `ServerMsg`) among its schemas. A test holds it to
//! `http::ENDPOINTS`.

use axum::http::header;
use axum::response::IntoResponse;
use std::sync::LazyLock;
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Qadam",
        description = "Live kanban boards of the Project Office. Sign in with `POST /api/session` (a cookie) or send a personal access token as `Authorization: Bearer qadam_…`. A board follows live over its WebSocket: the client sends `ClientMsg` frames and receives `ServerMsg` frames, both JSON (see the schemas); an embed's read-only socket sends `EmbedMsg` frames. A webhook's delivery is a `WebhookPayload`, posted with the headers `Qadam-Event`, `Qadam-Delivery` and `Qadam-Signature` (`t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\" with the webhook's secret>`)."
    ),
    paths(
        document,
        protocol,
        super::health,
        super::session::sign_in,
        super::session::sign_out,
        super::session::me,
        super::session::change_password,
        super::session::set_language,
        super::session::sessions,
        super::session::sign_out_everywhere,
        super::session::end_session,
        super::tokens::list,
        super::tokens::create,
        super::tokens::revoke,
        super::audit::entries,
        super::people::list_users,
        super::people::create_user,
        super::people::update_user,
        super::people::list_members,
        super::people::set_member,
        super::people::remove_member,
        super::boards::list,
        super::boards::snapshot,
        super::boards::submit,
        super::boards::events,
        super::boards::as_of,
        super::ws::upgrade,
        super::metrics::of_board,
        super::metrics::of_project,
        super::stocktake::of_board,
        super::stocktake::of_project,
        super::embeds::list,
        super::embeds::create,
        super::embeds::revoke,
        super::embeds::snapshot,
        super::embeds::socket,
        super::catalog::catalog,
        super::catalog::put_agency,
        super::catalog::put_project,
        super::portfolio::figures,
        super::portfolio::live,
        super::my_work::my_work,
        super::inbox::inbox,
        super::inbox::mark_read,
        super::inbox::live,
        super::transfer::export,
        super::transfer::template,
        super::transfer::import,
        super::webhooks::list,
        super::webhooks::create,
        super::webhooks::change,
        super::webhooks::remove,
        super::webhooks::deliveries,
        super::webhooks::ping
    ),
    components(schemas(
        qadam_shared::ClientMsg,
        qadam_shared::ServerMsg,
        qadam_shared::embed::EmbedMsg,
        qadam_shared::api::ErrorBody,
        qadam_shared::webhooks::WebhookPayload
    )),
    modifiers(&Security, &Errors),
    security(("session" = []), ("token" = []))
)]
pub struct ApiDoc;

/// How a caller proves who they are: the browser's session cookie, or a script's token.
struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        let components = api.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Every error, whatever its status, is an `ErrorBody`: each operation says so as its `default`
/// answer, besides the answers it names.
struct Errors;

impl utoipa::Modify for Errors {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let error = ResponseBuilder::new()
            .description("Any other answer: an error, with a stable code and a message")
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build();
        for item in api.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ];
            for operation in operations.into_iter().flatten() {
                operation
                    .responses
                    .responses
                    .insert("default".into(), error.clone().into());
            }
        }
    }
}

/// The document, written once.
static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    ApiDoc::openapi()
        .to_pretty_json()
        .expect("the API's description serializes")
});

/// The socket's messages alone, as a JSON Schema (2020-12) document: a frame is a `ClientMsg`
/// (to the server) or a `ServerMsg` (from it); every shape they use is under `$defs`.
static PROTOCOL: LazyLock<String> = LazyLock::new(|| {
    let api = serde_json::to_value(ApiDoc::openapi()).expect("the API's description serializes");
    let defs = serde_json::to_string(&api["components"]["schemas"])
        .expect("schemas serialize")
        .replace("#/components/schemas/", "#/$defs/");
    let defs: serde_json::Value = serde_json::from_str(&defs).expect("schemas read back");
    let protocol = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Qadam's board WebSocket (/api/boards/{board}/ws)",
        "description": "One JSON message per text frame: ClientMsg from the client, ServerMsg from the server.",
        "oneOf": [{ "$ref": "#/$defs/ClientMsg" }, { "$ref": "#/$defs/ServerMsg" }],
        "$defs": defs,
    });
    serde_json::to_string_pretty(&protocol).expect("the protocol's schema serializes")
});

/// The board socket's messages as one JSON Schema document.
#[utoipa::path(
    get,
    operation_id = "protocol",
    path = "/api/protocol.schema.json",
    tag = "meta",
    responses((status = 200, description = "A JSON Schema (2020-12) of ClientMsg and ServerMsg", content_type = "application/json")),
    security(())
)]
pub async fn protocol() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        PROTOCOL.as_str(),
    )
}

/// The OpenAPI document.
#[utoipa::path(
    get,
    operation_id = "document",
    path = "/api/openapi.json",
    tag = "meta",
    responses((status = 200, description = "This document", content_type = "application/json")),
    security(())
)]
pub async fn document() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
}
