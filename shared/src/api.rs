//! The HTTP API's bodies, typed like the socket's messages: the server reads and writes these,
//! the browser sends and reads the same types. Every error answer is an `ErrorBody`; the codes
//! the browser acts on are named in `codes`.

use crate::ids::{ClientOpId, ColumnId};
use crate::model::{Board, EmbedLink};
use crate::ops::Op;
use crate::roles::Role;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// `POST /api/session`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    pub login: String,
    pub password: String,
}

/// `POST /api/me/password`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
}

/// `PUT /api/me/language`: the language the person reads Qadam in, on every computer.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LanguageChoice {
    /// One of `accounts::LANGUAGES`.
    pub language: String,
}

/// `POST /api/users`: an administrator creates an account.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    pub login: String,
    pub display_name: String,
    pub password: String,
    #[serde(default)]
    pub is_admin: bool,
    /// The person must choose their own password at the first sign-in.
    #[serde(default)]
    pub must_change_password: bool,
}

/// `PATCH /api/users/{user}`: what is given changes, all or nothing.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AccountChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_admin: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    /// A new password set by the administrator (ends the person's sessions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// With `password`: the person must choose their own at the next sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub must_change_password: Option<bool>,
}

/// `PUT /api/boards/{board}/members/{user}`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Membership {
    pub role: Role,
}

/// `POST /api/me/tokens`: a personal access token for a script.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAccessToken {
    /// What it is for, e.g. the ministry's reporting script.
    pub name: String,
    /// Days until it stops working, 1 to `ACCESS_TOKEN_MAX_DAYS`.
    pub expires_in_days: u32,
    /// Whether it may only read.
    #[serde(default)]
    pub read_only: bool,
}

/// Longest life of an access token, in days.
pub const ACCESS_TOKEN_MAX_DAYS: u32 = 366;

/// A live personal access token, without its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessToken {
    pub id: String,
    pub name: String,
    pub read_only: bool,
    pub created_at: i64,
    pub expires_at: i64,
    pub last_used: Option<i64>,
}

/// The answer to `NewAccessToken`: the secret (sent as `Authorization: Bearer <secret>`), shown
/// this once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedAccessToken {
    pub token: AccessToken,
    pub secret: String,
}

/// `POST /api/boards/{board}/embeds`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewEmbed {
    pub label: String,
    /// Stages to show; all when absent.
    #[serde(default)]
    pub columns: Option<Vec<ColumnId>>,
    #[serde(default)]
    pub expires_in_days: Option<u32>,
}

/// The answer to `NewEmbed`: the link, whose secret part is shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedEmbed {
    pub embed: EmbedLink,
    pub token: String,
    pub path: String,
}

/// `GET /api/embed/{token}`: what an embed shows.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmbedSnapshot {
    /// What the embed shows of the board (`embed::shown`).
    pub board: Board,
    pub seq: u64,
}

/// `GET /api/boards/{board}`: the board, and the asking person's role on it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardSnapshot {
    pub board: Arc<Board>,
    pub seq: u64,
    pub role: Role,
    /// The database's timeline, sent back beside `since` when following the board: a board held
    /// from another timeline (before a backup was restored) is read afresh.
    pub timeline: String,
}

/// `GET /api/boards/{board}/as-of?at=…`: the board as it stood at `at` (milliseconds), rebuilt
/// from its log; `seq` is the last change it holds.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PastBoard {
    pub board: Board,
    pub seq: u64,
    pub at: i64,
}

/// `POST /api/boards/{board}/ops`: an operation, for clients without a socket.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OpSubmission {
    /// Names the submission so a retry is not applied twice; generated when absent.
    #[serde(default)]
    pub id: Option<ClientOpId>,
    pub op: Op,
}

/// The answer to `OpSubmission`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpCommitted {
    pub seq: u64,
    /// False when this was a retry of a submission committed earlier.
    pub applied: bool,
    /// The operation as applied (absent for a retry).
    pub op: Option<Op>,
}

/// The body of every error answer: a stable code and a sentence for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

/// Error codes the browser acts on (all codes: the server's `Error::code`, and `RejectCode`).
pub mod codes {
    /// No live session: show the sign-in page.
    pub const UNAUTHENTICATED: &str = "unauthenticated";
    /// The board (or endpoint) is not there for this person.
    pub const NOT_FOUND: &str = "not_found";
    /// A password the server will not take; the person corrects it.
    pub const WEAK_PASSWORD: &str = "weak_password";
    /// An embed link that was revoked or expired.
    pub const EMBED_GONE: &str = "embed_gone";
    /// The browser could not reach the server (never sent by the server).
    pub const NETWORK: &str = "network";
    /// A board socket too slow to follow, or opened from a board too old to catch up: the
    /// browser reads the board over HTTP again and follows from there; nothing to tell the
    /// person.
    pub const FALLEN_BEHIND: &str = "fallen_behind";
}

/// `PUT /api/catalog/agencies/{code}` and `PUT /api/catalog/projects/{code}`: adds or changes an
/// entry of the office's lists (administrators). `kind` is for agencies only.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub names: crate::catalog::Names,
    #[serde(default)]
    pub retired: bool,
}

/// `POST /api/me/notifications/read`: one notification read, or (no id) all of them.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkRead {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}
