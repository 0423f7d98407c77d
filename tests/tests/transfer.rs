//! Import and export from the board: a lead picks a spreadsheet, sees what it brings (or what
//! stops it) before anything changes, imports it, and everyone on the board sees the tasks
//! arrive; the export links download the board.

mod support;

use anyhow::Result;
use fantoccini::Locator;
use qadam_shared::Role;
use support::{Driver, Server, eventually};

#[tokio::test]
async fn a_lead_previews_a_sheet_then_imports_it_and_the_board_sees_the_tasks_arrive() -> Result<()>
{
    let _serial = support::serial().await;
    let server = Server::start().await?;
    server
        .person("lead", "Lead", false, &[("Energy", Role::Lead)])
        .await?;
    let board = server
        .person_on("watcher", "Watcher", "Energy", Role::Observer)
        .await?;
    let dir = tempfile::tempdir()?;
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "Task,Stage,Deadline\nGrid audit,Intake,31.02.2027\n")?;
    let good = dir.path().join("tasks.csv");
    std::fs::write(
        &good,
        "Task;Stage;Deadline;Labels\nGrid audit;Intake;01.03.2027;Audit\nSolar tender;In progress;;\n",
    )?;

    let driver = Driver::start().await?;
    let (lead, watcher) = (driver.browser().await?, driver.browser().await?);
    support::open_board(&watcher, server.addr, &board, "watcher").await?;
    support::open_board(&lead, server.addr, &board, "lead").await?;
    lead.find(Locator::Css("[data-testid=open-transfer]"))
        .await?
        .click()
        .await?;
    let href = lead
        .wait()
        .for_element(Locator::Css("[data-testid=export-xlsx]"))
        .await?
        .attr("href")
        .await?
        .unwrap_or_default();
    assert_eq!(
        href,
        format!("/api/boards/{board}/export?format=xlsx&lang=en")
    );

    let pick = |path: std::path::PathBuf| {
        let lead = &lead;
        async move {
            lead.find(Locator::Css("[data-testid=import-file]"))
                .await?
                .send_keys(&path.display().to_string())
                .await?;
            Ok::<_, anyhow::Error>(())
        }
    };
    pick(bad).await?;
    let problems = lead
        .wait()
        .for_element(Locator::Css("[data-testid=import-problems]"))
        .await?
        .text()
        .await?;
    assert!(
        problems.contains("Row 2, 31.02.2027: not a date"),
        "{problems}"
    );
    assert!(
        lead.find_all(Locator::Css("[data-testid=import-go]"))
            .await?
            .is_empty()
    );

    pick(good).await?;
    let go = lead
        .wait()
        .for_element(Locator::Css("[data-testid=import-go]"))
        .await?;
    assert_eq!(go.text().await?, "Import 2 tasks");
    let preview = lead
        .find(Locator::Css("[data-testid=import-preview]"))
        .await?
        .text()
        .await?;
    assert!(preview.contains("New labels: Audit"), "{preview}");
    support::screenshot(&lead, "import-preview").await?;
    assert!(
        !support::column_titles(&watcher, "Intake")
            .await?
            .contains(&"Grid audit".to_owned()),
        "a preview changes nothing"
    );
    go.click().await?;

    for browser in [&lead, &watcher] {
        eventually(10, "the imported tasks on the board", || async {
            let intake = support::column_titles(browser, "Intake").await?;
            let doing = support::column_titles(browser, "In progress").await?;
            Ok(intake.contains(&"Grid audit".to_owned())
                && doing.contains(&"Solar tender".to_owned()))
        })
        .await?;
    }

    // The same file again: the preview asks whether it was imported before.
    lead.find(Locator::Css("[data-testid=open-transfer]"))
        .await?
        .click()
        .await?;
    lead.wait()
        .for_element(Locator::Css("[data-testid=import-file]"))
        .await?;
    pick(dir.path().join("tasks.csv")).await?;
    let warning = lead
        .wait()
        .for_element(Locator::Css("[data-testid=already-there]"))
        .await?
        .text()
        .await?;
    assert!(warning.starts_with("2 of these tasks"), "{warning}");
    Ok(())
}
