//! The security audit log: sign-ins and their failures, accounts, roles and embed links changed,
//! each kept with who, whom and from where, and read by administrators only.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::{Backend, send};
use qadam_shared::audit::{AuditAction, AuditEntry};
use serde_json::{Value, json};

fn json_request(method: &str, uri: &str, cookie: Option<&str>, body: Value) -> Request<Body> {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .header("x-forwarded-for", "10.1.2.3");
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.body(Body::from(body.to_string())).unwrap()
}

#[tokio::test]
async fn security_changes_are_kept_and_shown_to_administrators_only() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (board, _) = common::first_board(&state).await;
    let admin = common::admin(&state, "Aigerim Admin").await;

    // An administrator creates an account; someone fails to sign in to it, then signs in.
    let created = json_request(
        "POST",
        "/api/users",
        Some(&admin),
        json!({ "login": "bolat", "display_name": "Bolat", "password": "steppe-wind-2025" }),
    );
    assert_eq!(send(&state, created).await.0, 201);
    let wrong = json!({ "login": "bolat", "password": "not-his-password" });
    assert_eq!(
        send(&state, json_request("POST", "/api/session", None, wrong))
            .await
            .0,
        401
    );
    let typo = json!({ "login": "my secret password!", "password": "x" });
    assert_eq!(
        send(&state, json_request("POST", "/api/session", None, typo))
            .await
            .0,
        401
    );
    let right = json!({ "login": "bolat", "password": "steppe-wind-2025" });
    assert_eq!(
        send(&state, json_request("POST", "/api/session", None, right))
            .await
            .0,
        200
    );

    // He is given a role on a board, and an embed link is made and revoked.
    let bolat = state.store.user_by_login("bolat").await.unwrap().unwrap();
    let role = json_request(
        "PUT",
        &format!("/api/boards/{}/members/{}", board.id, bolat.id),
        Some(&admin),
        json!({ "role": "member" }),
    );
    assert_eq!(send(&state, role).await.0, 204);
    let embed = json_request(
        "POST",
        &format!("/api/boards/{}/embeds", board.id),
        Some(&admin),
        json!({ "label": "Ministry intranet" }),
    );
    let (status, created) = send(&state, embed).await;
    assert_eq!(status, 201);
    let embed_id = created["embed"]["id"].as_str().unwrap().to_owned();
    let revoke = json_request(
        "DELETE",
        &format!("/api/boards/{}/embeds/{embed_id}", board.id),
        Some(&admin),
        Value::Null,
    );
    assert_eq!(send(&state, revoke).await.0, 204);

    let disable = json_request(
        "PATCH",
        &format!("/api/users/{}", bolat.id),
        Some(&admin),
        json!({ "disabled": true, "display_name": "Bolat K." }),
    );
    assert_eq!(send(&state, disable).await.0, 200);

    let read = |cookie: Option<String>| {
        let mut request = Request::get("/api/audit");
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.body(Body::empty()).unwrap()
    };
    let (status, body) = send(&state, read(Some(admin.clone()))).await;
    assert_eq!(status, 200);
    let entries: Vec<AuditEntry> = serde_json::from_value(body).unwrap();
    let find = |action: AuditAction| {
        entries
            .iter()
            .find(|e| e.action == action)
            .unwrap_or_else(|| panic!("{action:?} is kept: {entries:#?}"))
    };
    let account = find(AuditAction::AccountCreated);
    assert_eq!(account.subject, "bolat");
    assert_eq!(account.actor.as_deref(), Some("Aigerim Admin"));
    let failures: Vec<&AuditEntry> = entries
        .iter()
        .filter(|e| e.action == AuditAction::SignInFailed)
        .collect();
    assert_eq!(failures.len(), 2);
    assert!(
        failures
            .iter()
            .any(|e| e.subject == "bolat" && e.actor.is_none())
    );
    assert!(
        failures.iter().any(|e| e.subject.is_empty()),
        "what cannot be a login (a password in the wrong field) is not kept"
    );
    let changed = find(AuditAction::AccountChanged);
    assert_eq!(
        qadam_shared::audit::AccountDetail::parse_list(&changed.detail),
        [
            qadam_shared::audit::AccountDetail::Name,
            qadam_shared::audit::AccountDetail::Disabled
        ]
    );
    let signed_in = find(AuditAction::SignedIn);
    assert_eq!(signed_in.actor.as_deref(), Some("Bolat"));
    let role = find(AuditAction::RoleSet);
    assert_eq!(role.subject, format!("bolat · {}", board.name));
    assert_eq!(role.detail, "member");
    assert_eq!(find(AuditAction::EmbedCreated).detail, "Ministry intranet");
    assert_eq!(find(AuditAction::EmbedRevoked).detail, "Ministry intranet");
    assert!(
        entries.windows(2).all(|w| w[0].at >= w[1].at),
        "newest first"
    );

    // Only administrators read it.
    let member = common::person(
        &state,
        "Member",
        false,
        &[(board.id, qadam_shared::Role::Member)],
    )
    .await;
    assert_eq!(send(&state, read(Some(member))).await.0, 404);
    assert_eq!(send(&state, read(None)).await.0, 401);
}

/// Entries of the same millisecond are read page after page, none twice and none skipped.
#[tokio::test]
async fn the_log_is_read_page_after_page_without_gaps() {
    use qadam_server::storage::audit::NewAudit;
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let admin = common::admin(&state, "Admin").await;
    for n in 0..250 {
        let subject = format!("login-{n}");
        let entry = NewAudit {
            at: 1_000,
            actor: None,
            action: AuditAction::SignInFailed,
            subject: &subject,
            detail: "bad_credentials",
            address: None,
        };
        state.store.add_audit(&entry).await.unwrap();
    }
    let page = |query: String| {
        let request = Request::get(format!("/api/audit{query}"))
            .header("cookie", &admin)
            .body(Body::empty())
            .unwrap();
        let state = state.clone();
        async move {
            let (status, body) = send(&state, request).await;
            assert_eq!(status, 200);
            serde_json::from_value::<Vec<AuditEntry>>(body).unwrap()
        }
    };
    let first = page(String::new()).await;
    assert_eq!(first.len(), qadam_shared::audit::AUDIT_PAGE);
    let last = first.last().unwrap();
    let rest = page(format!("?before={}&before_id={}", last.at, last.id)).await;
    let mut subjects: Vec<String> = first
        .iter()
        .chain(&rest)
        .map(|e| e.subject.clone())
        .collect();
    assert_eq!(subjects.len(), 250, "every entry once");
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), 250, "none twice");
    assert!(
        page("?before=1000".into()).await.is_empty(),
        "nothing before that millisecond"
    );
}
