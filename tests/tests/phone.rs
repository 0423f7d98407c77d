//! Qadam on a phone (390x844): no page is wider than the screen, and every control of the top
//! bar and of the open panels lies within it, where a finger can reach it.

mod support;

use anyhow::{Context, Result};
use fantoccini::{Client, Locator};
use support::{Driver, Server, eventually};

/// The page's width beyond the screen, and the controls (top bar, panels, dialogs) not wholly
/// on it.
async fn off_screen(browser: &Client) -> Result<(i64, Vec<String>)> {
    let found = browser
        .execute(
            "const width = window.innerWidth;
             const outside = [...document.querySelectorAll(
                 '.topbar a, .topbar button, .topbar select, .side-panel button, .side-panel select, .side-panel input, .archive-panel button, .dialog button')]
               .filter(e => e.offsetParent !== null)
               .filter(e => { const r = e.getBoundingClientRect(); return r.left < -1 || r.right > width + 1; })
               .map(e => e.outerHTML.slice(0, 80));
             return [document.documentElement.scrollWidth - width, outside];",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(found)?)
}

/// Opens the side panel behind the button `opener` (its test id), waits for `ready` in it,
/// checks that it fits (as `name`) and closes it.
async fn side_panel_fits(phone: &Client, opener: &str, ready: &str, name: &str) -> Result<()> {
    phone
        .find(Locator::Css(&format!("[data-testid={opener}]")))
        .await?
        .click()
        .await?;
    phone
        .wait()
        .for_element(Locator::Css(&format!(".side-panel {ready}")))
        .await?;
    fits(phone, name).await?;
    phone
        .find(Locator::Css(".side-panel button.icon"))
        .await?
        .click()
        .await?;
    Ok(())
}

async fn fits(browser: &Client, page: &str) -> Result<()> {
    let (beyond, outside) = off_screen(browser).await?;
    support::screenshot(browser, &format!("phone-{page}")).await?;
    assert!(
        beyond <= 0,
        "{page}: the page is {beyond} px wider than the phone"
    );
    assert!(
        outside.is_empty(),
        "{page}: controls off the screen: {outside:?}"
    );
    Ok(())
}

#[tokio::test]
async fn every_page_fits_a_phone() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    server
        .person("aigerim", "Aigerim Seitkali", true, &[])
        .await?;
    let board = server.board_id("Transport and logistics").await?;
    let driver = Driver::start().await?;
    let phone = driver.browser().await?;
    phone.set_window_size(390, 844).await?;
    let width = phone.execute("return window.innerWidth", vec![]).await?;
    assert!(
        width.as_i64().is_some_and(|w| w <= 400),
        "a phone-sized window: {width}"
    );

    support::sign_in_at(&phone, server.addr, "/", "aigerim").await?;
    phone
        .wait()
        .for_element(Locator::Css(".board-tile"))
        .await?;
    fits(&phone, "home").await?;

    phone
        .goto(&format!("http://{}/boards/{board}", server.addr))
        .await?;
    support::wait_live(&phone).await?;
    fits(&phone, "board").await?;
    // One stage fills the screen; its tab brings another into view.
    phone
        .find(Locator::XPath("//nav[@class='stage-tabs']/button[3]"))
        .await?
        .click()
        .await?;
    eventually(5, "the third stage at the left of the screen", || async {
        let left = phone
            .execute(
                "return document.querySelectorAll('[data-column]')[2].getBoundingClientRect().left",
                vec![],
            )
            .await?;
        Ok(left.as_f64().is_some_and(|l| (0.0..40.0).contains(&l)))
    })
    .await?;
    phone
        .find(Locator::XPath("//button[contains(., 'Members & embeds')]"))
        .await?
        .click()
        .await?;
    phone
        .wait()
        .for_element(Locator::Css(".side-panel"))
        .await?;
    eventually(5, "the members listed", || async {
        Ok(!phone
            .find_all(Locator::Css(".side-panel .add-member"))
            .await?
            .is_empty())
    })
    .await?;
    fits(&phone, "share-panel").await?;
    assert_eq!(
        phone
            .find_all(Locator::Css(".side-panel ul.members li"))
            .await?
            .len(),
        3,
        "the team's lead and two members are listed"
    );
    phone
        .find(Locator::Css(".side-panel button.icon"))
        .await?
        .click()
        .await?;
    side_panel_fits(
        &phone,
        "open-transfer",
        "[data-testid=import-file]",
        "transfer-panel",
    )
    .await?;
    side_panel_fits(
        &phone,
        "open-webhooks",
        "[data-testid=webhook-url]",
        "webhooks-panel",
    )
    .await?;
    phone
        .find(Locator::XPath("//button[contains(., 'Archived')]"))
        .await?
        .click()
        .await?;
    phone
        .wait()
        .for_element(Locator::Css(".archive-panel"))
        .await?;
    fits(&phone, "archive-panel").await?;

    // The audit log's widest entry: a webhook's long address.
    let hooked = qadam_server::storage::audit::NewAudit {
        at: qadam_server::clock::now_millis(),
        actor: None,
        action: qadam_shared::audit::AuditAction::WebhookCreated,
        subject: "Transport and logistics",
        detail: "https://monitoring.transport.gov.kz/integrations/qadam/board-events/incoming",
        address: Some("10.20.30.40".into()),
    };
    server.state.store.add_audit(&hooked).await?;
    for page in ["people", "account", "audit"] {
        phone
            .goto(&format!("http://{}/{page}", server.addr))
            .await?;
        phone.wait().for_element(Locator::Css(".page h1")).await?;
        fits(&phone, page).await?;
    }

    // A page that does not exist offers the way back.
    phone
        .goto(&format!("http://{}/nowhere", server.addr))
        .await?;
    phone
        .wait()
        .for_element(Locator::Css(".back a"))
        .await?
        .click()
        .await?;
    phone
        .wait()
        .for_element(Locator::Css(".board-tile"))
        .await?;
    phone.close().await?;
    Ok(())
}

/// On a phone a task moves from its dialog, without dragging: the stages a member may not take
/// it into are offered disabled, and the move reaches the server.
#[tokio::test]
async fn a_member_on_a_phone_moves_a_task_from_its_dialog() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    let board = server
        .person_on(
            "bolat",
            "Bolat Nurlanov",
            "Transport and logistics",
            qadam_shared::Role::Member,
        )
        .await?;
    let driver = Driver::start().await?;
    let phone = driver.browser().await?;
    phone.set_window_size(390, 844).await?;
    support::open_board(&phone, server.addr, &board, "bolat").await?;
    let card = support::column_cards(&phone, "Intake")
        .await?
        .into_iter()
        .next()
        .context("a task in Intake")?;
    phone
        .find(Locator::Css(&format!("[data-card='{card}'] .card-title")))
        .await?
        .click()
        .await?;
    let stage = phone
        .wait()
        .for_element(Locator::Css(".stage-field select"))
        .await?;
    // The seeded boards keep Done for their leads.
    let closed = phone
        .execute(
            "return [...document.querySelectorAll('.stage-field option')]
                .filter(o => o.disabled).map(o => o.textContent)",
            vec![],
        )
        .await?;
    assert_eq!(closed, serde_json::json!(["Done"]));
    stage.select_by_label("Reported").await?;
    eventually(5, "the task in Reported on the server", || async {
        Ok(server.stage_of(&board, &card).await?.as_deref() == Some("Reported"))
    })
    .await?;
    assert!(support::toast_says(&phone, "Reported").await?);
    support::screenshot(&phone, "phone-move-from-dialog").await?;
    Ok(())
}
