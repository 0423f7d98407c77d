//! Files a person downloads (a report, a board, a template): named attachments, their tables
//! written as CSV or Excel in the reader's language.

use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::reports::{self, Table, Words};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use qadam_shared::catalog::Catalog;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A file to save, named `name.extension`.
pub fn attachment(kind: &str, name: &str, extension: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.{extension}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// The reader's words: the language asked for, else the person's, else Kazakh.
pub fn words<'a>(
    asked: Option<&str>,
    current: &CurrentUser,
    catalog: &'a Catalog,
) -> Result<Words<'a>> {
    let language = asked.or(current.user.language.as_deref()).unwrap_or("kk");
    Words::new(language, catalog)
}

/// `tables` under `title` as a CSV or Excel file named `name`; `wrong` says what else the caller
/// takes when `format` is neither.
pub fn sheet(
    format: &str,
    name: &str,
    title: &str,
    tables: &[Table],
    words: &Words,
    wrong: &str,
) -> Result<Response> {
    match format {
        "csv" => Ok(attachment(
            "text/csv; charset=utf-8",
            name,
            "csv",
            reports::csv(title, tables, words)?,
        )),
        "xlsx" => Ok(attachment(
            XLSX,
            name,
            "xlsx",
            reports::xlsx(title, tables)?,
        )),
        _ => Err(Error::bad_request("bad_format", wrong.to_owned())),
    }
}
