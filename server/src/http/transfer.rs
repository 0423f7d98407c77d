//! A board's export (JSON, CSV, Excel), the import template, and imports with a preview: the
//! file is read, planned and judged by the board's rules; it lands whole or not at all.

use super::{AppPath, AppQuery, files};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::clock::now_millis;
use crate::error::{Error, Result};
use crate::sync::WholeOutcome;
use crate::transfer::{self, Incoming, board_file, export, sheet, trello};
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use qadam_shared::authority::Author;
use qadam_shared::catalog::Catalog;
use qadam_shared::delivery::office_date;
use qadam_shared::transfer::{
    BOARD_FILE_VERSION, BoardFile, IMPORT_MAX_BYTES, ImportReport, ImportSource, ProblemKind,
};
use qadam_shared::{Board, BoardId, Member, Role};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/boards/{board}/export", get(export))
        .route("/boards/{board}/import/template", get(template))
        .route(
            "/boards/{board}/import",
            post(import).layer(DefaultBodyLimit::max(IMPORT_MAX_BYTES)),
        )
}

/// The file asked for and its language.
#[derive(Deserialize)]
struct FileAsked {
    format: String,
    lang: Option<String>,
}

/// What a board and its template download as.
const WRONG_FORMAT: &str = "a board downloads as json, csv or xlsx (its template as csv or xlsx)";

/// A file name from the board's name: ASCII letters and digits, the rest as dashes.
fn file_name(board: &Board, what: &str, now: i64) -> String {
    let slug: String = board
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let slug = if slug.is_empty() {
        "board".to_owned()
    } else {
        slug
    };
    format!("{slug}-{what}-{}", office_date(now).format("%Y%m%d"))
}

/// Downloads the board: a board file (JSON) or its open tasks (CSV, Excel).
#[utoipa::path(
    get,
    operation_id = "transfer_export",
    path = "/api/boards/{board}/export",
    tag = "boards",
    params(
        ("board" = BoardId, Path, description = "The board"),
        ("format" = String, Query, description = "json (a board file), csv or xlsx (its open tasks)"),
        ("lang" = Option<String>, Query, description = "kk, ru or en")
    ),
    responses(
        (status = 200, description = "The file", content(
            (BoardFile = "application/json"),
            (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        )),
        (status = 400, description = "Another format", body = qadam_shared::api::ErrorBody)
    )
)]
async fn export(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(id): AppPath<BoardId>,
    AppQuery(asked): AppQuery<FileAsked>,
) -> Result<Response> {
    current.role_on(&state, id).await?;
    let board = state.hub.board(id).await?.subscribe().await?.board;
    let members = state.store.members_of(id).await?;
    let now = now_millis();
    let name = file_name(&board, "tasks", now);
    if asked.format == "json" {
        let file = export::board_file(&board, &members, now);
        let body = serde_json::to_vec_pretty(&file).map_err(anyhow::Error::from)?;
        return Ok(files::attachment("application/json", &name, "json", body));
    }
    let catalog = state.store.catalog().await?;
    let words = files::words(asked.lang.as_deref(), &current, &catalog)?;
    let title = export::title(&words, &board, now);
    let tables = [export::tasks_table(Some(&board), &members, &words)];
    files::sheet(&asked.format, &name, &title, &tables, &words, WRONG_FORMAT)
}

/// The headings an import reads, in the reader's language, ready to fill in.
#[utoipa::path(
    get,
    operation_id = "transfer_template",
    path = "/api/boards/{board}/import/template",
    tag = "boards",
    params(
        ("board" = BoardId, Path, description = "The board"),
        ("format" = String, Query, description = "csv or xlsx"),
        ("lang" = Option<String>, Query, description = "kk, ru or en")
    ),
    responses(
        (status = 200, description = "The sheet an import reads, with headings only", content(
            (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        )),
        (status = 400, description = "Another format or language", body = qadam_shared::api::ErrorBody),
        (status = 404, description = "No such board, or not the person's", body = qadam_shared::api::ErrorBody)
    )
)]
async fn template(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(id): AppPath<BoardId>,
    AppQuery(asked): AppQuery<FileAsked>,
) -> Result<Response> {
    current.role_on(&state, id).await?;
    let catalog = state.store.catalog().await?;
    let words = files::words(asked.lang.as_deref(), &current, &catalog)?;
    let title = words.get("tasks");
    let tables = [export::tasks_table(None, &[], &words)];
    let name = "qadam-tasks-template";
    files::sheet(&asked.format, name, &title, &tables, &words, WRONG_FORMAT)
}

#[derive(Deserialize)]
struct ImportAsked {
    /// Only say what the import would do.
    #[serde(default)]
    preview: bool,
}

/// Reads a board file, a Trello export, CSV or .xlsx (told apart by their content), plans it
/// onto the board and judges it by the board's rules. A preview answers 200 with the report;
/// an import answers 201 once everything is committed, or 422 with the problems, having
/// changed nothing.
#[utoipa::path(
    post,
    operation_id = "transfer_import",
    path = "/api/boards/{board}/import",
    tag = "boards",
    params(
        ("board" = BoardId, Path, description = "The board"),
        ("preview" = Option<bool>, Query, description = "Only say what the import would do")
    ),
    request_body(content_type = "application/octet-stream", description = "A Qadam board file, a Trello export, CSV or .xlsx"),
    responses(
        (status = 200, description = "The preview", body = ImportReport),
        (status = 201, description = "Imported", body = ImportReport),
        (status = 422, description = "Nothing imported: the problems", body = ImportReport),
        (status = 400, description = "A bad query", body = qadam_shared::api::ErrorBody),
        (status = 403, description = "Not a lead of the board, or a read-only token", body = qadam_shared::api::ErrorBody),
        (status = 404, description = "No such board, or not the person's", body = qadam_shared::api::ErrorBody),
        (status = 413, description = "A file over 10 MB", body = qadam_shared::api::ErrorBody)
    )
)]
async fn import(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(id): AppPath<BoardId>,
    AppQuery(asked): AppQuery<ImportAsked>,
    body: std::result::Result<Bytes, BytesRejection>,
) -> Result<Response> {
    // Past the limit, the answer is JSON like every other (axum's own is plain text).
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => Error::TooLarge,
        _ => Error::bad_request("bad_body", rejection.body_text()),
    })?;
    current.require_writer()?;
    let role = current.require(&state, id, Role::Lead).await?;
    state.op_rate.check(current.user.id)?;
    let author = current.user.author(role);
    let handle = state.hub.board(id).await?;
    let now_board = handle.subscribe().await?;
    let (board, seq) = (now_board.board, now_board.seq);
    let members = state.store.members_of(id).await?;
    let catalog = state.store.catalog().await?;
    // Reading, planning and judging a big file take a while: off the threads serving others.
    let planned = tokio::task::spawn_blocking(move || {
        let now = now_millis();
        let board = &board;
        let incoming = read(&body, board, &members, &catalog, &author, now)?;
        let mut planned = transfer::plan(incoming, board, &author);
        if planned.report.problems.is_empty() {
            planned.check(board, seq, now);
        }
        Ok::<_, Box<ImportReport>>(planned)
    })
    .await
    .map_err(|e| Error::Internal(anyhow::anyhow!("reading an import: {e}")))?;
    let mut planned = match planned {
        Ok(planned) => planned,
        Err(report) => return Ok(answer(asked.preview, *report)),
    };
    if asked.preview || !planned.report.problems.is_empty() {
        return Ok(answer(asked.preview, planned.report));
    }
    let ops = std::mem::take(&mut planned.ops);
    match handle.submit_whole(ops).await? {
        WholeOutcome::Committed(_) => {
            planned.report.committed = true;
            Ok((StatusCode::CREATED, axum::Json(planned.report)).into_response())
        }
        WholeOutcome::Refused(refused) => {
            // The board changed between the check and the commit.
            planned.refused(refused);
            Ok(answer(false, planned.report))
        }
    }
}

/// A preview's report (200), or a refused import's (422).
fn answer(preview: bool, report: ImportReport) -> Response {
    let status = if preview {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    (status, axum::Json(report)).into_response()
}

/// The file as an incoming board, or the report of why it does not read.
fn read(
    body: &[u8],
    board: &Board,
    members: &[Member],
    catalog: &Catalog,
    author: &Author,
    now: i64,
) -> std::result::Result<Incoming, Box<ImportReport>> {
    let importer = qadam_shared::Stamp {
        by_id: author.id.clone(),
        by: author.name.clone(),
        at: now,
    };
    let source = |s: ImportSource| {
        move |e: sheet::Unreadable| match e {
            sheet::Unreadable::Broken(detail) => transfer::unreadable(Some(s), detail),
            sheet::Unreadable::TooLong => transfer::too_many_tasks(s),
        }
    };
    if body.starts_with(b"PK\x03\x04") {
        let rows = sheet::xlsx_rows(body).map_err(source(ImportSource::Xlsx))?;
        return Ok(sheet::read(
            ImportSource::Xlsx,
            rows,
            board,
            members,
            catalog,
            &importer,
        ));
    }
    if !body.trim_ascii_start().starts_with(b"{") {
        let rows = sheet::csv_rows_any(body, catalog).map_err(source(ImportSource::Csv))?;
        return Ok(sheet::read(
            ImportSource::Csv,
            rows,
            board,
            members,
            catalog,
            &importer,
        ));
    }
    let json: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| transfer::unreadable(None, e.to_string()))?;
    if let Some(version) = json.get("qadam_board") {
        let qadam = Some(ImportSource::Qadam);
        if version
            .as_u64()
            .is_none_or(|v| v > u64::from(BOARD_FILE_VERSION))
        {
            let mut report = transfer::unreadable(qadam, version.to_string());
            report.problems[0].kind = ProblemKind::NewerVersion;
            return Err(report);
        }
        let file: BoardFile =
            serde_json::from_value(json).map_err(|e| transfer::unreadable(qadam, e.to_string()))?;
        return Ok(board_file::read(file, members, catalog));
    }
    if json.get("lists").is_some() && json.get("cards").is_some() {
        let export: trello::TrelloBoard = serde_json::from_value(json)
            .map_err(|e| transfer::unreadable(Some(ImportSource::Trello), e.to_string()))?;
        return Ok(trello::read(export, members, now));
    }
    Err(transfer::unreadable(
        None,
        "a JSON file that is neither a Qadam board nor a Trello export",
    ))
}
