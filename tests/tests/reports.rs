//! The office's reports in the browser: a board's metrics drawn as charts with axes, legends and
//! a read-out; the stocktake printed on A4 and downloaded as files.

mod support;

use anyhow::{Context, Result};
use base64::Engine;
use fantoccini::{Client, Locator};
use qadam_shared::BoardId;
use serde_json::json;
use support::{Driver, Server, eventually};

/// The open tasks of a board, as the server holds it.
async fn open_tasks(server: &Server, board: &str) -> Result<usize> {
    let id: BoardId = board.parse()?;
    let now = server.state.hub.board(id).await?.subscribe().await?.board;
    Ok(now.cards.values().filter(|c| !c.archived).count())
}

async fn texts(browser: &Client, css: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for el in browser.find_all(Locator::Css(css)).await? {
        out.push(el.text().await?);
    }
    Ok(out)
}

#[tokio::test]
async fn a_board_s_metrics_are_charts_with_axes_legends_and_a_read_out() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    server.person("aigerim", "Aigerim", true, &[]).await?;
    let board = server.board_id("Water").await?;
    let driver = Driver::start().await?;
    let a = driver.browser().await?;
    support::sign_in_at(
        &a,
        server.addr,
        &format!("/boards/{board}/metrics"),
        "aigerim",
    )
    .await?;
    let flow = a
        .wait()
        .for_element(Locator::Css("svg[data-testid=chart-flow]"))
        .await?;
    // A value axis from 0, dates along the bottom, a legend naming every stage.
    let values = texts(&a, "svg[data-testid=chart-flow] .tick text").await?;
    assert_eq!(values.first().map(String::as_str), Some("0"), "{values:?}");
    assert!(values.len() >= 3, "{values:?}");
    let dates = texts(&a, "svg[data-testid=chart-flow] text.date").await?;
    assert!(dates.len() >= 2, "{dates:?}");
    let legend = texts(&a, "[data-testid=chart-flow] ~ .legend li").await?;
    assert_eq!(legend, support::column_names_of_seed());
    assert_eq!(
        a.find_all(Locator::Css("svg[data-testid=chart-flow] polygon"))
            .await?
            .len(),
        legend.len(),
        "a band per stage"
    );
    for chart in ["chart-throughput", "chart-extensions"] {
        a.find(Locator::Css(&format!("[data-testid={chart}]")))
            .await
            .with_context(|| chart.to_owned())?;
    }

    // The arrow keys read the chart out: today's counts add up to the board's open tasks.
    flow.send_keys("\u{E012}").await?;
    let readout = a
        .find(Locator::Css("svg[data-testid=chart-flow] + p.readout"))
        .await?;
    eventually(5, "the read-out of today", || async {
        Ok(!readout.text().await?.is_empty())
    })
    .await?;
    let text = readout.text().await?;
    let (_, counts) = text.split_once(": ").context("the day, then its counts")?;
    let total: usize = counts
        .split('·')
        .filter_map(|part| part.split_whitespace().last()?.parse::<usize>().ok())
        .sum();
    assert_eq!(total, open_tasks(&server, &board).await?, "{text}");
    assert!(text.contains("Intake"), "{text}");
    support::screenshot(&a, "metrics").await?;
    a.close().await?;
    Ok(())
}

#[tokio::test]
async fn the_stocktake_prints_on_a4_and_downloads() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    server.person("aigerim", "Aigerim", true, &[]).await?;
    let board = server.board_id("Energy").await?;
    let id: BoardId = board.parse()?;
    let now = server.state.hub.board(id).await?.subscribe().await?.board;
    let question = now
        .cards
        .values()
        .find_map(|c| c.delivery.decision.as_ref())
        .context("a seeded decision on the Energy board")?
        .question
        .clone();
    let driver = Driver::start().await?;
    let a = driver.browser().await?;
    support::sign_in_at(
        &a,
        server.addr,
        &format!("/boards/{board}/stocktake"),
        "aigerim",
    )
    .await?;
    let decisions = a
        .wait()
        .for_element(Locator::Css("[data-testid=stocktake-decisions]"))
        .await?;
    eventually(5, "the decisions needed", || async {
        Ok(decisions.text().await?.contains(&question))
    })
    .await?;

    // Printed: no bar or buttons, and no task cut across a page.
    support::devtools(
        &a,
        "Emulation.setEmulatedMedia",
        json!({ "media": "print" }),
    )
    .await?;
    let printed = a
        .execute(
            "const style = s => getComputedStyle(document.querySelector(s));
             return [style('.topbar').display, style('.stocktake .actions').display,
                     style('.stocktake .task').breakInside];",
            vec![],
        )
        .await?;
    assert_eq!(printed, json!(["none", "none", "avoid"]));
    support::screenshot(&a, "stocktake-print").await?;
    let pdf = support::devtools(
        &a,
        "Page.printToPDF",
        json!({ "paperWidth": 8.27, "paperHeight": 11.69, "printBackground": true }),
    )
    .await?;
    let pdf = base64::engine::general_purpose::STANDARD
        .decode(pdf["data"].as_str().context("the PDF's data")?)?;
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    assert!(
        pdf.len() > 10_000,
        "with the report in it: {} bytes",
        pdf.len()
    );
    support::devtools(&a, "Emulation.setEmulatedMedia", json!({ "media": "" })).await?;

    // Downloaded as the person is: the links carry the session and the language.
    let files = a
        .execute_async(
            "const done = arguments[0];
             const link = id => document.querySelector(`[data-testid=${id}]`).href;
             (async () => {
               const csv = await fetch(link('stocktake-csv'));
               const xlsx = await fetch(link('stocktake-xlsx'));
               const bytes = new Uint8Array(await xlsx.arrayBuffer());
               done([csv.headers.get('content-disposition'), await csv.text(),
                     String.fromCharCode(bytes[0], bytes[1]), bytes.length]);
             })();",
            vec![],
        )
        .await?;
    let disposition = files[0].as_str().unwrap_or_default();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    let csv = files[1].as_str().unwrap_or_default();
    assert!(csv.contains(&question), "the CSV holds the decision");
    assert!(
        csv.contains("Decisions needed"),
        "in the page's language: {csv}"
    );
    assert_eq!(files[2], "PK", "an Excel file is a zip");
    assert!(files[3].as_u64().unwrap_or(0) > 1000);
    a.close().await?;
    Ok(())
}
