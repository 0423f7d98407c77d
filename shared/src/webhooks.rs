//! Webhooks: a board's leads name URLs that hear of chosen changes, signed and retried until
//! they answer. The request and answer bodies of `/api/boards/{board}/webhooks`, and the body
//! every delivery carries.

use crate::{BoardId, Card, ColumnId, Op};
use serde::{Deserialize, Serialize};

/// What a webhook can be told of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WebhookEvent {
    /// A task was added.
    CardCreated,
    /// A task went to another stage.
    CardMoved,
    /// A task was archived or brought back.
    CardArchived,
    /// Any other field of a task: title, description, agency, people, deadline first set,
    /// labels, checklist, links, special control, source, project, decision asked.
    FieldChanged,
    /// A comment was added.
    CommentAdded,
    /// A task's deadline moved later (with the reason given).
    DeadlineExtended,
    /// A task's delivery status (RAG) was judged.
    RagChanged,
    /// Sent on request from the settings, to try the receiver.
    Ping,
}

impl WebhookEvent {
    /// What a lead can choose (a ping is asked for, not subscribed to).
    pub const CHOSEN: [WebhookEvent; 7] = [
        Self::CardCreated,
        Self::CardMoved,
        Self::CardArchived,
        Self::FieldChanged,
        Self::CommentAdded,
        Self::DeadlineExtended,
        Self::RagChanged,
    ];

    /// Its name as stored, sent in the `Qadam-Event` header and written in a payload.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CardCreated => "card_created",
            Self::CardMoved => "card_moved",
            Self::CardArchived => "card_archived",
            Self::FieldChanged => "field_changed",
            Self::CommentAdded => "comment_added",
            Self::DeadlineExtended => "deadline_extended",
            Self::RagChanged => "rag_changed",
            Self::Ping => "ping",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::CHOSEN
            .into_iter()
            .chain([Self::Ping])
            .find(|e| e.as_str() == name)
    }
}

/// Most webhooks on one board.
pub const WEBHOOKS_PER_BOARD_MAX: usize = 10;
/// Longest URL a webhook may have.
pub const WEBHOOK_URL_MAX_CHARS: usize = 2000;
/// Most deliveries `GET …/webhooks/{webhook}/deliveries` lists, newest first.
pub const DELIVERIES_PAGE: usize = 50;

/// `POST /api/boards/{board}/webhooks`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    /// Where deliveries are posted: an `http` or `https` URL.
    pub url: String,
    /// What it is told of: one or more.
    pub events: Vec<WebhookEvent>,
}

/// `PATCH /api/boards/{board}/webhooks/{webhook}`: what changes; absent fields stay.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookChange {
    /// Paused webhooks are told of nothing; what waited for them is sent once resumed.
    #[serde(default)]
    pub active: Option<bool>,
    #[serde(default)]
    pub events: Option<Vec<WebhookEvent>>,
}

/// A board's webhook as its leads see it, without its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhook {
    pub id: String,
    pub url: String,
    pub events: Vec<WebhookEvent>,
    pub active: bool,
    /// Who made it, by name then.
    pub created_by: String,
    pub created_at: i64,
    /// Deliveries still to be sent (waiting for their first try or a retry).
    pub pending: u64,
    /// Deliveries given up after every retry failed.
    pub failed: u64,
}

impl Webhook {
    /// A webhook just registered: active, owed nothing yet.
    pub fn new(
        url: String,
        events: Vec<WebhookEvent>,
        created_by: String,
        created_at: i64,
    ) -> Self {
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            url,
            events,
            active: true,
            created_by,
            created_at,
            pending: 0,
            failed: 0,
        }
    }
}

/// The answer to `NewWebhook`: the signing secret, shown this once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedWebhook {
    pub webhook: Webhook,
    pub secret: String,
}

/// Where a delivery stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Waiting for its first try or its next retry.
    Pending,
    /// The receiver answered with a 2xx status.
    Delivered,
    /// Given up after every retry failed.
    Failed,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [Self::Pending, Self::Delivered, Self::Failed]
            .into_iter()
            .find(|s| s.as_str() == name)
    }
}

/// Why a try got no answer. A delivery keeps it as `<code>: <detail>` (`last_error`), so the page
/// says it in the reader's language and shows the detail, the system's own words, beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryFailure {
    /// The receiver's address does not read as one.
    NotUrl,
    /// The receiver's address is one webhooks may not reach (loopback, link-local, metadata).
    Unreachable,
    /// No answer in time.
    Timeout,
    /// No connection (the name did not resolve, or to an address webhooks may not reach).
    Connect,
    /// The request failed otherwise.
    Failed,
}

impl DeliveryFailure {
    pub const ALL: [Self; 5] = [
        Self::NotUrl,
        Self::Unreachable,
        Self::Timeout,
        Self::Connect,
        Self::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotUrl => "not_url",
            Self::Unreachable => "unreachable",
            Self::Timeout => "timeout",
            Self::Connect => "connect",
            Self::Failed => "failed",
        }
    }

    /// As a delivery keeps it.
    pub fn with(self, detail: &str) -> String {
        format!("{}: {detail}", self.as_str())
    }

    /// The failure a kept error names, and its detail; none for one kept otherwise.
    pub fn read(error: &str) -> Option<(Self, &str)> {
        let (code, detail) = error.split_once(": ").unwrap_or((error, ""));
        let failure = Self::ALL.into_iter().find(|f| f.as_str() == code)?;
        Some((failure, detail))
    }
}

/// One change sent (or to be sent) to one webhook, and how its last try went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    /// Sent as `Qadam-Delivery`; the same on every retry, so a receiver can drop repeats.
    pub id: String,
    pub event: WebhookEvent,
    /// The board's log position of the change (0 for a ping).
    pub seq: u64,
    pub created_at: i64,
    pub state: DeliveryState,
    pub attempts: u32,
    /// When the last try was made, its HTTP status (none when no answer came) and why it
    /// failed.
    pub last_at: Option<i64>,
    pub last_status: Option<u16>,
    pub last_error: Option<String>,
    /// When a pending delivery is tried next.
    pub next_at: Option<i64>,
}

/// A board, by id and name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardNamed {
    pub id: BoardId,
    pub name: String,
}

/// A stage, by id and name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageNamed {
    pub id: ColumnId,
    pub name: String,
}

/// The JSON body of every delivery. Signed: the `Qadam-Signature` header is
/// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the webhook's secret>`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookPayload {
    pub event: WebhookEvent,
    pub board: BoardNamed,
    /// The change's position in the board's log: deliveries may arrive out of order (a retry
    /// after a later change), this orders them.
    pub seq: u64,
    /// When it was committed, in milliseconds since the epoch.
    pub at: i64,
    /// Who made it, by name then.
    pub author: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_id: Option<String>,
    /// The task as the change left it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<Card>,
    /// The task's stage after the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<StageNamed>,
    /// For `card_moved`: the stage it left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_stage: Option<StageNamed>,
    /// The operation as the board's log holds it (see the protocol's schema).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Op>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_failure_reads_back_and_other_text_does_not() {
        let detail = "tcp connect error: Connection refused (os error 111)";
        for failure in DeliveryFailure::ALL {
            let kept = failure.with(detail);
            assert_eq!(DeliveryFailure::read(&kept), Some((failure, detail)));
        }
        assert_eq!(DeliveryFailure::read("could not connect: refused"), None);
    }

    #[test]
    fn every_event_reads_back_from_its_name() {
        for event in WebhookEvent::CHOSEN.into_iter().chain([WebhookEvent::Ping]) {
            assert_eq!(WebhookEvent::parse(event.as_str()), Some(event));
            let json = serde_json::to_string(&event).unwrap();
            assert_eq!(json, format!("\"{}\"", event.as_str()));
        }
        assert_eq!(WebhookEvent::parse("card_deleted"), None);
    }
}
