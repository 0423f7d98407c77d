//! The security audit log: who signed in or failed to, and who changed accounts, roles, embed
//! links, access tokens and webhooks, as administrators read it.

use serde::{Deserialize, Serialize};

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    SignedIn,
    SignInFailed,
    SignedOut,
    PasswordChanged,
    SessionsEnded,
    AccountCreated,
    AccountChanged,
    RoleSet,
    RoleRemoved,
    EmbedCreated,
    EmbedRevoked,
    TokenCreated,
    TokenRevoked,
    WebhookCreated,
    WebhookDeleted,
    WebhookPaused,
    WebhookResumed,
    WebhookEventsChanged,
}

impl AuditAction {
    pub const ALL: [AuditAction; 18] = [
        Self::SignedIn,
        Self::SignInFailed,
        Self::SignedOut,
        Self::PasswordChanged,
        Self::SessionsEnded,
        Self::AccountCreated,
        Self::AccountChanged,
        Self::RoleSet,
        Self::RoleRemoved,
        Self::EmbedCreated,
        Self::EmbedRevoked,
        Self::TokenCreated,
        Self::TokenRevoked,
        Self::WebhookCreated,
        Self::WebhookDeleted,
        Self::WebhookPaused,
        Self::WebhookResumed,
        Self::WebhookEventsChanged,
    ];

    /// Its name as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignedIn => "signed_in",
            Self::SignInFailed => "sign_in_failed",
            Self::SignedOut => "signed_out",
            Self::PasswordChanged => "password_changed",
            Self::SessionsEnded => "sessions_ended",
            Self::AccountCreated => "account_created",
            Self::AccountChanged => "account_changed",
            Self::RoleSet => "role_set",
            Self::RoleRemoved => "role_removed",
            Self::EmbedCreated => "embed_created",
            Self::EmbedRevoked => "embed_revoked",
            Self::TokenCreated => "token_created",
            Self::TokenRevoked => "token_revoked",
            Self::WebhookCreated => "webhook_created",
            Self::WebhookDeleted => "webhook_deleted",
            Self::WebhookPaused => "webhook_paused",
            Self::WebhookResumed => "webhook_resumed",
            Self::WebhookEventsChanged => "webhook_events_changed",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == name)
    }
}

/// Most entries `GET /api/audit` returns at once.
pub const AUDIT_PAGE: usize = 200;

/// One entry, newest first in `GET /api/audit`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// Tells entries of the same millisecond apart, for reading on from one.
    pub id: String,
    /// Milliseconds since the epoch.
    pub at: i64,
    /// Who did it, by name then; none for a failed sign-in.
    pub actor: Option<String>,
    pub action: AuditAction,
    /// Whom or what it concerned: a login, a person on a board, a board's embed link, a token's
    /// name.
    pub subject: String,
    /// What changed, where the action alone does not say: for an account, `AccountDetail`s
    /// separated by commas; a role's name; an embed link's label; why a sign-in failed (an
    /// error code); `all`, or the session's id, for sessions ended; `read_only` for such a token.
    pub detail: String,
    /// The client's address, where known.
    pub address: Option<String>,
}

/// What changed in an account, as its audit entry lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountDetail {
    Name,
    Admin,
    NotAdmin,
    Disabled,
    Enabled,
    Password,
    Temporary,
}

impl AccountDetail {
    pub const ALL: [AccountDetail; 7] = [
        Self::Name,
        Self::Admin,
        Self::NotAdmin,
        Self::Disabled,
        Self::Enabled,
        Self::Password,
        Self::Temporary,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Admin => "admin",
            Self::NotAdmin => "not_admin",
            Self::Disabled => "disabled",
            Self::Enabled => "enabled",
            Self::Password => "password",
            Self::Temporary => "temporary",
        }
    }

    /// The details as an entry keeps them.
    pub fn list(details: impl IntoIterator<Item = AccountDetail>) -> String {
        let names: Vec<&str> = details.into_iter().map(Self::as_str).collect();
        names.join(",")
    }

    /// The details an entry lists; names it does not know are left out.
    pub fn parse_list(text: &str) -> Vec<AccountDetail> {
        text.split(',')
            .filter_map(|name| Self::ALL.into_iter().find(|d| d.as_str() == name))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reads_back_from_its_name_and_serde_agrees() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(action));
            let json = serde_json::to_string(&action).unwrap();
            assert_eq!(json, format!("\"{}\"", action.as_str()));
        }
        assert_eq!(AuditAction::parse("deleted_everything"), None);
    }

    #[test]
    fn account_details_read_back_from_their_list() {
        let list = AccountDetail::list(AccountDetail::ALL);
        assert_eq!(AccountDetail::parse_list(&list), AccountDetail::ALL);
        assert_eq!(AccountDetail::parse_list(""), []);
    }
}
