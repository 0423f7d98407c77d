//! Webhooks from the board: a lead adds one in the browser, keeps the secret shown once, and reads
//! its deliveries with the receiver's answers as a change is refused and then taken.

mod support;

use anyhow::Result;
use axum::http::StatusCode;
use fantoccini::Locator;
use qadam_shared::Role;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use support::{Driver, Server, eventually};

/// A receiver on loopback that answers 503 to its first request and 200 after: the requests it
/// got.
async fn receiver() -> Result<(String, Arc<AtomicUsize>)> {
    let got = Arc::new(AtomicUsize::new(0));
    let counted = got.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move || {
            let got = counted.clone();
            async move {
                match got.fetch_add(1, Ordering::SeqCst) {
                    0 => StatusCode::SERVICE_UNAVAILABLE,
                    _ => StatusCode::OK,
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok((format!("http://{addr}/hook"), got))
}

#[tokio::test]
async fn a_lead_adds_a_webhook_keeps_its_secret_and_reads_its_deliveries() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start_configured(|config| {
        config.webhooks_to_loopback = true;
        config.webhook_retry_ms = 200;
    })
    .await?;
    server
        .person("lead", "Lead", false, &[("Energy", Role::Lead)])
        .await?;
    let board = server
        .person_on("member", "Member", "Energy", Role::Member)
        .await?;
    let (url, got) = receiver().await?;

    let driver = Driver::start().await?;
    let (lead, member) = (driver.browser().await?, driver.browser().await?);
    support::open_board(&member, server.addr, &board, "member").await?;
    assert!(
        member
            .find_all(Locator::Css("[data-testid=open-webhooks]"))
            .await?
            .is_empty(),
        "a member has no webhooks to manage"
    );
    support::open_board(&lead, server.addr, &board, "lead").await?;
    lead.find(Locator::Css("[data-testid=open-webhooks]"))
        .await?
        .click()
        .await?;
    lead.wait()
        .for_element(Locator::Css("[data-testid=webhook-url]"))
        .await?
        .send_keys(&url)
        .await?;
    lead.find(Locator::Css("form.new-webhook button[type=submit]"))
        .await?
        .click()
        .await?;
    let secret = lead
        .wait()
        .for_element(Locator::Css("[data-testid=webhook-secret]"))
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    assert!(secret.starts_with("whsec_"), "{secret}");
    let listed = lead
        .wait()
        .for_element(Locator::Css("[data-testid=webhook]"))
        .await?
        .text()
        .await?;
    assert!(listed.contains(&url), "{listed}");
    assert!(listed.contains("Task moved to another stage"), "{listed}");
    support::screenshot(&lead, "webhooks-added").await?;

    // The member moves a task: the receiver refuses it once, then takes it.
    let first = support::column_names(&member).await?[0].clone();
    let second = support::column_names(&member).await?[1].clone();
    let card = support::column_cards(&member, &first).await?[0].clone();
    let list = format!("//section[@aria-label='{second}']//ul[contains(@class,'column-cards')]");
    support::drag_card(&member, &card, &list).await?;
    eventually(15, "the move delivered on its second try", || async {
        Ok(got.load(Ordering::SeqCst) >= 2)
    })
    .await?;

    // The deliveries: the open panel reads them again as the worker goes on.
    lead.find(Locator::XPath(
        "//li[@data-testid='webhook']//button[contains(., 'Deliveries')]",
    ))
    .await?
    .click()
    .await?;
    eventually(15, "the delivery listed as delivered with 200", || async {
        let table = lead
            .find(Locator::Css("[data-testid=deliveries]"))
            .await?
            .text()
            .await?;
        Ok(table.contains("Task moved to another stage")
            && table.contains("Delivered")
            && table.contains("200"))
    })
    .await?;
    let row = lead
        .find(Locator::Css("[data-testid=deliveries] tbody tr"))
        .await?
        .text()
        .await?;
    assert!(row.contains('2'), "two tries: {row}");
    support::screenshot(&lead, "webhooks-deliveries").await?;
    Ok(())
}
