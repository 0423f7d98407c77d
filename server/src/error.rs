//! The server's one error type: every failure a handler can meet, and how it looks on the wire.
//! Client mistakes become 4xx with a stable code and a message; anything else is logged and
//! answered with a generic 500 or 503.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use qadam_shared::api::ErrorBody;
use qadam_shared::ops::{RejectCode, Rejection};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("sign in first")]
    Unauthenticated,
    #[error("wrong login or password")]
    BadCredentials,
    /// The password was chosen by someone else; nothing but changing it is allowed yet.
    #[error("choose a new password before going on")]
    PasswordChangeRequired,
    /// The person sees the board but their role does not allow this.
    #[error("this needs the {} role on the board", .0.as_str())]
    Forbidden(qadam_shared::Role),
    /// The directory of people is read by administrators, and by leads choosing their team.
    #[error("the directory of people is for administrators and for the leads of a board")]
    NotALead,
    #[error("this request comes from another site")]
    BadOrigin,
    /// A read-only access token asked to change something.
    #[error("this access token may only read")]
    ReadOnlyToken,
    /// An access token asked for what needs a browser's session.
    #[error("sign in from a browser to do this; an access token cannot")]
    SessionRequired,
    #[error("too many failed sign-ins; try again in {} s", whole_seconds(.0))]
    TooManyAttempts(std::time::Duration),
    /// Too many password checks at once: answered at once instead of queueing without bound.
    #[error("the server is busy; try again in a moment")]
    Busy,
    /// One person sent operations faster than anyone works by hand.
    #[error("too many changes at once; slow down")]
    SlowDown,
    /// One person has too many sockets open.
    #[error("too many open connections for this account; close some tabs")]
    TooManySockets,
    /// An embed link that was revoked or has expired.
    #[error("this embed link was {0}")]
    EmbedGone(&'static str),
    #[error("the request body is larger than the limit")]
    TooLarge,
    #[error("this endpoint does not take this method")]
    MethodNotAllowed,
    /// The request names a host this server does not serve (DNS rebinding, a wrong proxy).
    #[error("this server does not answer for the host {0}; add it to --allowed-hosts")]
    UnknownHost(String),
    /// More connections than the server can take; health checks still answer.
    #[error("the server is at its connection limit; try again shortly")]
    Overloaded,
    #[error(transparent)]
    Rejected(#[from] Rejection),
    /// The log holds events this instance cannot follow on from (a gap): nothing is committed,
    /// the senders keep their operations and send them again.
    #[error("the board changed meanwhile; try again")]
    Conflict,
    /// The database refused the data of a write (e.g. text it cannot store): the request's fault,
    /// not an outage. The detail is logged, not sent.
    #[error("the database refused this data")]
    Stored(String),
    /// The database could not be reached; the detail is logged, not sent.
    #[error("the database is unavailable; try again shortly")]
    Unavailable(String),
    /// A socket too slow for its board, or holding a board its log cannot bring up to date (a
    /// number past the board's): the browser reads the board again.
    #[error(
        "the board held here cannot be brought up to date from the log (too far behind, or not this database's board as it stands): read it again"
    )]
    FallenBehind,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// A wait in whole seconds, rounded up: after that long, trying again is allowed.
fn whole_seconds(wait: &std::time::Duration) -> u64 {
    (wait.as_secs_f64().ceil() as u64).max(1)
}

impl Error {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::BadRequest {
            code,
            message: message.into(),
        }
    }

    /// The stable code clients can match on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::BadRequest { code, .. } => code,
            Error::NotFound(_) => "not_found",
            Error::Unauthenticated => "unauthenticated",
            Error::BadCredentials => "bad_credentials",
            Error::PasswordChangeRequired => "password_change_required",
            Error::ReadOnlyToken => "read_only_token",
            Error::SessionRequired => "session_required",
            Error::Forbidden(_) | Error::NotALead => "forbidden",
            Error::BadOrigin => "bad_origin",
            Error::TooManyAttempts(_) => "too_many_attempts",
            Error::Busy => "busy",
            Error::SlowDown => "slow_down",
            Error::TooManySockets => "too_many_sockets",
            Error::EmbedGone(_) => "embed_gone",
            Error::TooLarge => "too_large",
            Error::MethodNotAllowed => "method_not_allowed",
            Error::UnknownHost(_) => "unknown_host",
            Error::Overloaded => "overloaded",
            Error::Rejected(r) => r.code.as_str(),
            Error::Conflict => "conflict",
            Error::Stored(_) => "invalid_data",
            Error::Unavailable(_) => "unavailable",
            Error::FallenBehind => qadam_shared::api::codes::FALLEN_BEHIND,
            Error::Internal(_) => "internal",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Error::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::Unauthenticated | Error::BadCredentials => StatusCode::UNAUTHORIZED,
            Error::Forbidden(_)
            | Error::NotALead
            | Error::BadOrigin
            | Error::PasswordChangeRequired
            | Error::ReadOnlyToken
            | Error::SessionRequired => StatusCode::FORBIDDEN,
            Error::TooManyAttempts(_) | Error::Busy | Error::SlowDown | Error::TooManySockets => {
                StatusCode::TOO_MANY_REQUESTS
            }
            Error::EmbedGone(_) => StatusCode::GONE,
            Error::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Error::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Error::UnknownHost(_) => StatusCode::MISDIRECTED_REQUEST,
            Error::Overloaded => StatusCode::SERVICE_UNAVAILABLE,
            Error::Rejected(r) => match r.code {
                RejectCode::CardNotFound | RejectCode::ColumnNotFound => StatusCode::NOT_FOUND,
                RejectCode::CardExists
                | RejectCode::ColumnExists
                | RejectCode::CardArchived
                | RejectCode::CardNotArchived
                | RejectCode::ColumnNotEmpty => StatusCode::CONFLICT,
                RejectCode::EmptyText
                | RejectCode::TextTooLong
                | RejectCode::TooMany
                | RejectCode::InvalidLimit
                | RejectCode::InvalidText
                | RejectCode::BoardFull
                | RejectCode::NoRoom
                | RejectCode::ReasonRequired
                | RejectCode::InvalidValue => StatusCode::UNPROCESSABLE_ENTITY,
                RejectCode::WipLimitReached => StatusCode::CONFLICT,
                RejectCode::Forbidden
                | RejectCode::AdministratorsOnly
                | RejectCode::StageGated
                | RejectCode::NotAuthor => StatusCode::FORBIDDEN,
            },
            Error::Conflict => StatusCode::CONFLICT,
            Error::Stored(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::Unavailable(_) | Error::FallenBehind => StatusCode::SERVICE_UNAVAILABLE,
            Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The body to send: server-side details stay in the log.
    pub fn body(&self) -> ErrorBody {
        let message = match self {
            Error::Internal(e) => {
                tracing::error!("internal error: {e:#}");
                "something went wrong on the server".to_owned()
            }
            Error::Unavailable(e) => {
                tracing::error!("database unavailable: {e}");
                self.to_string()
            }
            Error::Stored(e) => {
                tracing::warn!("the database refused data: {e}");
                self.to_string()
            }
            other => other.to_string(),
        };
        ErrorBody {
            code: self.code().to_owned(),
            message,
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::WorkerCrashed => Error::Unavailable(e.to_string()),
            sqlx::Error::Database(ref db) if db.code().is_some_and(|c| unavailable_code(&c)) => {
                Error::Unavailable(e.to_string())
            }
            // SQLSTATE class 22, a data exception (a NUL in text, a number out of range), is the
            // data's fault, not the database's.
            sqlx::Error::Database(ref db) if db.code().is_some_and(|c| c.starts_with("22")) => {
                Error::Stored(e.to_string())
            }
            other => Error::Internal(other.into()),
        }
    }
}

/// SQLSTATE codes that mean "the database is not there right now" rather than "this query is
/// wrong": connection exceptions (08), operator intervention such as a shutdown (57P),
/// insufficient resources (53), and a database not accepting connections (55000).
fn unavailable_code(code: &str) -> bool {
    code.starts_with("08") || code.starts_with("57P") || code.starts_with("53") || code == "55000"
}

impl From<JsonRejection> for Error {
    fn from(rejection: JsonRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return Error::TooLarge;
        }
        Error::bad_request("bad_json", rejection.body_text())
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let mut response = (self.status(), Json(self.body())).into_response();
        let retry = match &self {
            Error::TooManyAttempts(wait) => Some(whole_seconds(wait)),
            Error::Busy | Error::SlowDown | Error::Overloaded => Some(1),
            _ => None,
        };
        if let Some(secs) = retry {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(secs),
            );
        }
        response
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
