//! Keeps the security audit log: sign-ins and their failures, and each change of an account, a
//! role or an embed link, written once the change has happened. A failure to write the entry
//! is logged and does not undo the change or fail the request.

use crate::AppState;
use crate::clock::now_millis;
use crate::storage::accounts::User;
use crate::storage::audit::NewAudit;
use qadam_shared::audit::AuditAction;
use std::net::IpAddr;

/// An entry: `actor` did `action` to `subject` (with `detail`), from `address`.
pub async fn record(
    state: &AppState,
    actor: Option<&User>,
    action: AuditAction,
    subject: &str,
    detail: &str,
    address: Option<IpAddr>,
) {
    let entry = NewAudit {
        at: now_millis(),
        actor: actor.map(|u| (u.id, u.display_name.as_str())),
        action,
        subject,
        detail,
        address: address.map(|a| a.to_string()),
    };
    if let Err(e) = state.store.add_audit(&entry).await {
        tracing::error!(
            action = action.as_str(),
            subject,
            "keeping an audit entry: {e}"
        );
    }
}
