//! The security audit log in the browser: an administrator opens it from the People page and
//! reads who signed in, who failed to and who paused a webhook; others are told it is not theirs
//! to read.

mod support;

use anyhow::Result;
use fantoccini::Locator;
use qadam_shared::Role;
use support::{Driver, Server, eventually};

#[tokio::test]
async fn an_administrator_reads_the_audit_log_from_the_people_page() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    let aigerim = server.person("aigerim", "Aigerim", true, &[]).await?;
    server
        .person("bolat", "Bolat", false, &[("Water", Role::Member)])
        .await?;
    let driver = Driver::start().await?;

    // Someone fails to sign in as bolat; bolat then signs in and is not shown the log.
    let b = driver.browser().await?;
    support::sign_in_with(&b, server.addr, "/", "bolat", support::PASSWORD).await?;
    b.goto(&format!("http://{}/audit", server.addr)).await?;
    b.wait()
        .for_element(Locator::Css("section.page p.empty"))
        .await?;
    assert!(b.find_all(Locator::Css("table.audit")).await?.is_empty());
    let failed = qadam_server::storage::audit::NewAudit {
        at: qadam_server::clock::now_millis(),
        actor: None,
        action: qadam_shared::audit::AuditAction::SignInFailed,
        subject: "bolat",
        detail: "bad_credentials",
        address: Some("10.0.0.7".into()),
    };
    server.state.store.add_audit(&failed).await?;
    let paused = qadam_server::storage::audit::NewAudit {
        at: qadam_server::clock::now_millis(),
        actor: Some((aigerim, "Aigerim")),
        action: qadam_shared::audit::AuditAction::WebhookPaused,
        subject: "Water",
        detail: "https://monitoring.gov.kz/qadam",
        address: Some("10.0.0.8".into()),
    };
    server.state.store.add_audit(&paused).await?;

    let a = driver.browser().await?;
    support::sign_in_at(&a, server.addr, "/people", "aigerim").await?;
    a.wait()
        .for_element(Locator::Css("a[href='/audit']"))
        .await?
        .click()
        .await?;
    a.wait().for_element(Locator::Css("table.audit")).await?;
    eventually(10, "the sign-ins in the log", || async {
        let mut rows = Vec::new();
        for row in a.find_all(Locator::Css("table.audit tbody tr")).await? {
            let mut cells = Vec::new();
            for cell in row.find_all(Locator::Css("td")).await? {
                cells.push(cell.text().await?);
            }
            rows.push(cells);
        }
        let signed_in = |who: &str, login: &str| {
            rows.iter()
                .any(|r| r[1] == who && r[3] == login && !r[2].is_empty())
        };
        let failed = rows
            .iter()
            .any(|r| r[1].is_empty() && r[3] == "bolat" && r[5] == "10.0.0.7" && !r[4].is_empty());
        let paused = rows.iter().any(|r| {
            r[1] == "Aigerim"
                && r[2] == "Webhook paused"
                && r[3] == "Water"
                && r[4] == "https://monitoring.gov.kz/qadam"
        });
        Ok(signed_in("Aigerim", "aigerim") && signed_in("Bolat", "bolat") && failed && paused)
    })
    .await?;
    let failed_rows = a.find_all(Locator::Css("table.audit tr.failed")).await?;
    assert_eq!(failed_rows.len(), 1, "a failed sign-in stands out");
    support::screenshot(&a, "audit-log").await?;
    Ok(())
}
