//! The Project Office's portfolio in the browser: every team's figures, live as boards change,
//! each figure a link to the board filtered to those tasks.

mod support;

use anyhow::Result;
use fantoccini::{Client, Locator};
use qadam_shared::authority::Author;
use qadam_shared::{ClientOpId, Op, Rag};
use support::{Driver, Server, eventually};

/// The red figure in a board's row, as shown ("2", or "2 (+1)").
async fn red_figure(browser: &Client, board: &str) -> Result<String> {
    let cell = browser
        .find(Locator::Css(&format!(
            "[data-testid=portfolio-boards] tr[data-board='{board}'] td:nth-of-type(2)"
        )))
        .await?;
    Ok(cell.text().await?)
}

#[tokio::test]
async fn the_portfolio_follows_every_board_live_and_links_to_the_filtered_board() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    server.person("aigerim", "Aigerim", true, &[]).await?;
    let board = server.board_id("Healthcare").await?;
    let driver = Driver::start().await?;
    let a = driver.browser().await?;
    support::sign_in_at(&a, server.addr, "/portfolio", "aigerim").await?;
    a.wait()
        .for_element(Locator::Css("[data-testid=portfolio-boards]"))
        .await?;
    let rows = a
        .find_all(Locator::Css("[data-testid=portfolio-boards] tbody tr"))
        .await?;
    assert_eq!(rows.len(), 10, "every team");
    let reds = |text: &str| -> usize {
        text.split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    let before = reds(&red_figure(&a, &board).await?);

    // Someone on the Healthcare board judges a task red: the portfolio shows it at once.
    let handle = server.state.hub.board(board.parse()?).await?;
    let snapshot = handle.subscribe().await?.board;
    let card = snapshot
        .cards
        .values()
        .find(|c| {
            !c.archived && c.delivery.judgement.as_ref().is_none_or(|j| j.rag != Rag::Red)
        })
        .expect("a task not yet red");
    let title = card.title.clone();
    let op = Op::JudgeDelivery {
        card: card.id,
        rag: Rag::Red,
        reason: "The contractor stopped work".into(),
    };
    handle
        .submit(ClientOpId::random(), op, Author::system("Bolat"))
        .await?;
    eventually(5, "the new red task in the portfolio", || async {
        Ok(reds(&red_figure(&a, &board).await?) == before + 1)
    })
    .await?;
    let attention = a
        .find(Locator::Css("[data-testid=portfolio-attention]"))
        .await?
        .text()
        .await?;
    assert!(attention.contains(&title), "the red task needs attention");
    support::screenshot(&a, "portfolio").await?;

    // The figure opens the board filtered to the red tasks.
    a.find(Locator::Css(&format!(
        "[data-testid=portfolio-boards] tr[data-board='{board}'] td:nth-of-type(2) a"
    )))
    .await?
    .click()
    .await?;
    support::wait_live(&a).await?;
    assert!(a.current_url().await?.query().unwrap_or("").contains("rag=red"));
    eventually(5, "only the red tasks on the board", || async {
        Ok(a.find_all(Locator::Css("[data-card]")).await?.len() == before + 1)
    })
    .await?;
    a.close().await?;
    Ok(())
}
