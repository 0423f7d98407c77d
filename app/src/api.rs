//! The server's HTTP API, through the request and answer types both sides share
//! (`qadam_shared::api`). Errors come back as the server's code and message, ready to show.

use gloo_net::http::{Request, RequestBuilder, Response};
use qadam_shared::api::{AccessToken, CreatedAccessToken, NewAccessToken};
use qadam_shared::api::{
    AccountChange, BoardSnapshot, CatalogEntry, CreatedEmbed, Credentials, EmbedSnapshot,
    ErrorBody, LanguageChoice, MarkRead, Membership, NewAccount, NewEmbed, PasswordChange,
    PastBoard, codes,
};
use qadam_shared::audit::AuditEntry;
use qadam_shared::catalog::Catalog;
use qadam_shared::inbox::Inbox;
use qadam_shared::metrics::{Metrics, Period};
use qadam_shared::my_work::MyTask;
use qadam_shared::portfolio::Portfolio;
use qadam_shared::stocktake::Stocktake;
use qadam_shared::transfer::ImportReport;
use qadam_shared::webhooks::{CreatedWebhook, NewWebhook, Webhook, WebhookChange, WebhookDelivery};
use qadam_shared::{
    Account, BoardId, BoardSummary, CardId, ColumnId, Committed, EmbedId, EmbedLink, Me, Member,
    Role, SessionInfo, UserId,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// An answer that is not a success: the server's stable code and its message.
pub type ApiError = ErrorBody;

fn network(e: impl std::fmt::Display) -> ApiError {
    ApiError {
        code: codes::NETWORK.into(),
        message: format!("the server cannot be reached ({e})"),
    }
}

async fn answer<T: DeserializeOwned>(
    response: Result<Response, gloo_net::Error>,
) -> Result<T, ApiError> {
    let response = response.map_err(network)?;
    if response.ok() {
        return response.json().await.map_err(network);
    }
    Err(refusal(response).await)
}

/// A refused request's error: the server's body, or its status when the body is not one.
async fn refusal(response: Response) -> ApiError {
    response.json().await.unwrap_or_else(|_| ApiError {
        code: "http".into(),
        message: format!("the server answered {}", response.status()),
    })
}

async fn done(response: Result<Response, gloo_net::Error>) -> Result<(), ApiError> {
    let response = response.map_err(network)?;
    if response.ok() {
        return Ok(());
    }
    Err(refusal(response).await)
}

fn with_json(builder: RequestBuilder, body: &impl Serialize) -> Result<Request, ApiError> {
    builder.json(body).map_err(network)
}

/// The signed-in person, or `None` when signed out.
pub async fn me() -> Result<Option<Me>, ApiError> {
    match answer::<Me>(Request::get("/api/me").send().await).await {
        Ok(me) => Ok(Some(me)),
        Err(e) if e.code == codes::UNAUTHENTICATED => Ok(None),
        Err(e) => Err(e),
    }
}

pub async fn sign_in(login: &str, password: &str) -> Result<Me, ApiError> {
    let credentials = Credentials {
        login: login.to_owned(),
        password: password.to_owned(),
    };
    let request = with_json(Request::post("/api/session"), &credentials)?;
    answer(request.send().await).await
}

pub async fn sign_out() -> Result<(), ApiError> {
    done(Request::delete("/api/session").send().await).await
}

pub async fn change_password(current: &str, new: &str) -> Result<(), ApiError> {
    let change = PasswordChange {
        current: current.to_owned(),
        new: new.to_owned(),
    };
    let request = with_json(Request::post("/api/me/password"), &change)?;
    done(request.send().await).await
}

/// Keeps the person's language on the server.
pub async fn set_language(language: &str) -> Result<(), ApiError> {
    let choice = LanguageChoice {
        language: language.to_owned(),
    };
    done(
        with_json(Request::put("/api/me/language"), &choice)?
            .send()
            .await,
    )
    .await
}

/// What an embed link shows (or why it shows nothing), holding at least the change at `seq`
/// where its socket told of one.
pub async fn embed(token: &str, seq: Option<u64>) -> Result<EmbedSnapshot, ApiError> {
    let query = seq.map(|seq| format!("?seq={seq}")).unwrap_or_default();
    answer(
        Request::get(&format!("/api/embed/{token}{query}"))
            .send()
            .await,
    )
    .await
}

/// Where the person is signed in.
pub async fn sessions() -> Result<Vec<SessionInfo>, ApiError> {
    answer(Request::get("/api/me/sessions").send().await).await
}

pub async fn tokens() -> Result<Vec<AccessToken>, ApiError> {
    answer(Request::get("/api/me/tokens").send().await).await
}

pub async fn create_token(new: &NewAccessToken) -> Result<CreatedAccessToken, ApiError> {
    answer(
        with_json(Request::post("/api/me/tokens"), new)?
            .send()
            .await,
    )
    .await
}

pub async fn revoke_token(id: &str) -> Result<(), ApiError> {
    done(
        Request::delete(&format!("/api/me/tokens/{id}"))
            .send()
            .await,
    )
    .await
}

/// Signs the person out of one browser.
pub async fn end_session(id: &str) -> Result<(), ApiError> {
    done(
        Request::delete(&format!("/api/me/sessions/{id}"))
            .send()
            .await,
    )
    .await
}

/// Signs the person out of every browser, this one included.
pub async fn sign_out_everywhere() -> Result<(), ApiError> {
    done(Request::delete("/api/me/sessions").send().await).await
}

/// The boards for the home page.
pub async fn boards() -> Result<Vec<BoardSummary>, ApiError> {
    answer(Request::get("/api/boards").send().await).await
}

/// The security audit log, newest first, after the entry `last` when given.
pub async fn audit(last: Option<(i64, String)>) -> Result<Vec<AuditEntry>, ApiError> {
    let query = last
        .map(|(at, id)| format!("?before={at}&before_id={id}"))
        .unwrap_or_default();
    answer(Request::get(&format!("/api/audit{query}")).send().await).await
}

pub async fn users() -> Result<Vec<Account>, ApiError> {
    answer(Request::get("/api/users").send().await).await
}

pub async fn create_user(new: &NewAccount) -> Result<Account, ApiError> {
    answer(with_json(Request::post("/api/users"), new)?.send().await).await
}

pub async fn update_user(id: UserId, change: &AccountChange) -> Result<Account, ApiError> {
    answer(
        with_json(Request::patch(&format!("/api/users/{id}")), change)?
            .send()
            .await,
    )
    .await
}

/// A card's latest changes, oldest first.
pub async fn card_history(board: BoardId, card: CardId) -> Result<Vec<Committed>, ApiError> {
    answer(
        Request::get(&format!("/api/boards/{board}/events?card={card}&limit=200"))
            .send()
            .await,
    )
    .await
}

/// Adds or changes an agency of the office's list.
pub async fn put_agency(code: &str, entry: &CatalogEntry) -> Result<(), ApiError> {
    let url = format!("/api/catalog/agencies/{code}");
    done(with_json(Request::put(&url), entry)?.send().await).await
}

/// Adds or changes a strategic project of the office's list.
pub async fn put_project(code: &str, entry: &CatalogEntry) -> Result<(), ApiError> {
    let url = format!("/api/catalog/projects/{code}");
    done(with_json(Request::put(&url), entry)?.send().await).await
}

/// The board now, with the person's role.
pub async fn board(board: BoardId) -> Result<BoardSnapshot, ApiError> {
    answer(Request::get(&format!("/api/boards/{board}")).send().await).await
}

/// The board as it stood at `at` (milliseconds).
pub async fn board_as_of(board: BoardId, at: i64) -> Result<PastBoard, ApiError> {
    answer(
        Request::get(&format!("/api/boards/{board}/as-of?at={at}"))
            .send()
            .await,
    )
    .await
}

/// The signed-in person's latest notifications.
pub async fn inbox() -> Result<Inbox, ApiError> {
    answer(Request::get("/api/me/notifications").send().await).await
}

/// Marks one notification read, or all of them.
pub async fn mark_read(id: Option<String>) -> Result<(), ApiError> {
    done(
        with_json(
            Request::post("/api/me/notifications/read"),
            &MarkRead { id },
        )?
        .send()
        .await,
    )
    .await
}

/// The tasks assigned to the signed-in person across their boards.
pub async fn my_work() -> Result<Vec<MyTask>, ApiError> {
    answer(Request::get("/api/me/work").send().await).await
}

/// Every visible board in figures, with the change since a week before.
pub async fn portfolio() -> Result<Portfolio, ApiError> {
    answer(Request::get("/api/portfolio").send().await).await
}

/// Whose metrics: a board's, or a strategic project's across the boards the person sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Board(BoardId),
    Project(String),
}

impl Scope {
    fn path(&self) -> String {
        match self {
            Scope::Board(id) => format!("/api/boards/{id}"),
            Scope::Project(code) => format!("/api/projects/{code}"),
        }
    }
}

/// Flow metrics over `period` (the server's default, the last twelve weeks, without one).
pub async fn metrics(scope: &Scope, period: Option<Period>) -> Result<Metrics, ApiError> {
    let query = period.map_or(String::new(), |p| format!("?from={}&to={}", p.from, p.to));
    answer(
        Request::get(&format!("{}/metrics{query}", scope.path()))
            .send()
            .await,
    )
    .await
}

/// The stocktake report over `period` (the server's default, the last seven days, without one).
pub async fn stocktake(scope: &Scope, period: Option<Period>) -> Result<Stocktake, ApiError> {
    answer(
        Request::get(&stocktake_path(scope, period, None))
            .send()
            .await,
    )
    .await
}

/// Where the stocktake is read, or downloaded as a file (`json`, `csv`, `xlsx`) in `language`.
pub fn stocktake_path(scope: &Scope, period: Option<Period>, file: Option<(&str, &str)>) -> String {
    let mut query = Vec::new();
    if let Some(p) = period {
        query.push(format!("from={}&to={}", p.from, p.to));
    }
    if let Some((format, language)) = file {
        query.push(format!("format={format}&lang={language}"));
    }
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{}", query.join("&"))
    };
    format!("{}/stocktake{query}", scope.path())
}

/// The office's lists of agencies and strategic projects.
pub async fn catalog() -> Result<Catalog, ApiError> {
    answer(Request::get("/api/catalog").send().await).await
}

pub async fn members(board: BoardId) -> Result<Vec<Member>, ApiError> {
    answer(
        Request::get(&format!("/api/boards/{board}/members"))
            .send()
            .await,
    )
    .await
}

pub async fn set_member(board: BoardId, user: UserId, role: Option<Role>) -> Result<(), ApiError> {
    let url = format!("/api/boards/{board}/members/{user}");
    match role {
        Some(role) => {
            done(
                with_json(Request::put(&url), &Membership { role })?
                    .send()
                    .await,
            )
            .await
        }
        None => done(Request::delete(&url).send().await).await,
    }
}

pub async fn embeds(board: BoardId) -> Result<Vec<EmbedLink>, ApiError> {
    answer(
        Request::get(&format!("/api/boards/{board}/embeds"))
            .send()
            .await,
    )
    .await
}

pub async fn create_embed(
    board: BoardId,
    label: &str,
    columns: Option<&[ColumnId]>,
    days: u32,
) -> Result<CreatedEmbed, ApiError> {
    let new = NewEmbed {
        label: label.to_owned(),
        columns: columns.map(<[ColumnId]>::to_vec),
        expires_in_days: Some(days),
    };
    answer(
        with_json(Request::post(&format!("/api/boards/{board}/embeds")), &new)?
            .send()
            .await,
    )
    .await
}

pub async fn revoke_embed(board: BoardId, embed: EmbedId) -> Result<(), ApiError> {
    done(
        Request::delete(&format!("/api/boards/{board}/embeds/{embed}"))
            .send()
            .await,
    )
    .await
}

pub async fn webhooks(board: BoardId) -> Result<Vec<Webhook>, ApiError> {
    answer(
        Request::get(&format!("/api/boards/{board}/webhooks"))
            .send()
            .await,
    )
    .await
}

pub async fn create_webhook(board: BoardId, new: &NewWebhook) -> Result<CreatedWebhook, ApiError> {
    answer(
        with_json(Request::post(&format!("/api/boards/{board}/webhooks")), new)?
            .send()
            .await,
    )
    .await
}

pub async fn change_webhook(
    board: BoardId,
    id: &str,
    change: &WebhookChange,
) -> Result<Webhook, ApiError> {
    answer(
        with_json(
            Request::patch(&format!("/api/boards/{board}/webhooks/{id}")),
            change,
        )?
        .send()
        .await,
    )
    .await
}

pub async fn delete_webhook(board: BoardId, id: &str) -> Result<(), ApiError> {
    done(
        Request::delete(&format!("/api/boards/{board}/webhooks/{id}"))
            .send()
            .await,
    )
    .await
}

pub async fn webhook_deliveries(
    board: BoardId,
    id: &str,
) -> Result<Vec<WebhookDelivery>, ApiError> {
    answer(
        Request::get(&format!("/api/boards/{board}/webhooks/{id}/deliveries"))
            .send()
            .await,
    )
    .await
}

pub async fn ping_webhook(board: BoardId, id: &str) -> Result<(), ApiError> {
    done(
        Request::post(&format!("/api/boards/{board}/webhooks/{id}/ping"))
            .send()
            .await,
    )
    .await
}

/// Where a board downloads as a file: `json` (the whole board), `csv` or `xlsx` (its open
/// tasks) in `language`; with `template`, the empty sheet an import reads.
pub fn board_file_path(board: BoardId, format: &str, language: &str, template: bool) -> String {
    let what = if template {
        "import/template"
    } else {
        "export"
    };
    format!("/api/boards/{board}/{what}?format={format}&lang={language}")
}

/// Sends a file to the board's import: with `preview`, only the report of what it would do.
/// A refused import (422) answers with its report too, naming the problems.
pub async fn import(
    board: BoardId,
    file: &web_sys::File,
    preview: bool,
) -> Result<ImportReport, ApiError> {
    let url = format!("/api/boards/{board}/import?preview={preview}");
    let request = Request::post(&url).body(file.clone()).map_err(network)?;
    let response = request.send().await.map_err(network)?;
    if response.ok() || response.status() == 422 {
        return response.json().await.map_err(network);
    }
    Err(refusal(response).await)
}

/// The API's OpenAPI document, for the reference page.
pub async fn openapi() -> Result<serde_json::Value, ApiError> {
    answer(Request::get("/api/openapi.json").send().await).await
}
