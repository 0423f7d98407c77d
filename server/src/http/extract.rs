//! Extractors that answer bad input in the app's error format instead of axum's plain text.

use crate::error::Error;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::response::{IntoResponse, Response};

/// A JSON body; malformed or oversized bodies become 400 or 413 with a JSON error.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(Error))]
pub struct AppJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for AppJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// Path parameters; an id that does not parse is a 404, like an id that does not exist.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(Error))]
pub struct AppPath<T>(pub T);

/// Query parameters; bad ones become 400 with a JSON error.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(Error))]
pub struct AppQuery<T>(pub T);

impl From<PathRejection> for Error {
    fn from(_: PathRejection) -> Self {
        Error::NotFound("board")
    }
}

impl From<QueryRejection> for Error {
    fn from(rejection: QueryRejection) -> Self {
        Error::bad_request("bad_query", rejection.body_text())
    }
}
