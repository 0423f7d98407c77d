//! The Project Office's portfolio in the browser: every team's figures, live as boards change,
//! each figure a link to the board filtered to those tasks.

mod support;

use anyhow::Result;
use fantoccini::{Client, Locator};
use qadam_shared::authority::Author;
use qadam_shared::{ClientOpId, DeadlineStatus, Op, Rag};
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

/// Someone on `board` judges a task red that was not; its title.
async fn judge_a_task_red(server: &Server, board: &str) -> Result<String> {
    let handle = server.state.hub.board(board.parse()?).await?;
    let snapshot = handle.subscribe().await?.board;
    let card = snapshot
        .cards
        .values()
        .find(|c| {
            !c.archived
                && c.delivery
                    .judgement
                    .as_ref()
                    .is_none_or(|j| j.rag != Rag::Red)
        })
        .expect("a task not yet red");
    let op = Op::JudgeDelivery {
        card: card.id,
        rag: Rag::Red,
        reason: "The contractor stopped work".into(),
    };
    handle
        .submit(ClientOpId::random(), op, Author::system("Bolat"))
        .await?;
    Ok(card.title.clone())
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
    let title = judge_a_task_red(&server, &board).await?;
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
    assert!(
        a.current_url()
            .await?
            .query()
            .unwrap_or("")
            .contains("rag=red")
    );
    eventually(5, "only the red tasks on the board", || async {
        Ok(a.find_all(Locator::Css("[data-card]")).await?.len() == before + 1)
    })
    .await?;
    a.close().await?;
    Ok(())
}

#[tokio::test]
async fn the_board_as_it_was_shows_a_moved_task_where_it_stood() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    server.person("aigerim", "Aigerim", true, &[]).await?;
    let board = server.board_id("Water").await?;
    let handle = server.state.hub.board(board.parse()?).await?;
    let snapshot = handle.subscribe().await?.board;
    let columns = snapshot.ordered_columns();
    let (intake, road_map) = (columns[0].id, columns[1].id);
    let card = snapshot.cards_in(intake)[0].id;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let before = qadam_server::clock::now_millis();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let op = Op::MoveCard {
        card,
        column: road_map,
        position: snapshot.card_key_at(road_map, card, 0),
    };
    handle
        .submit(ClientOpId::random(), op, Author::system("Bolat"))
        .await?;

    let driver = Driver::start().await?;
    let a = driver.browser().await?;
    support::sign_in_at(
        &a,
        server.addr,
        &format!("/boards/{board}?at={before}"),
        "aigerim",
    )
    .await?;
    a.wait()
        .for_element(Locator::Css("[data-testid=past]"))
        .await?;
    eventually(5, "the task in Intake, where it stood", || async {
        Ok(support::column_cards(&a, "Intake")
            .await?
            .contains(&card.to_string()))
    })
    .await?;
    eventually(5, "the task marked as moved since", || async {
        Ok(
            a.find_all(Locator::Css(&format!("[data-card='{card}'].moved-since")))
                .await?
                .len()
                == 1,
        )
    })
    .await?;
    // Read-only: nothing to add, no drag handle.
    assert!(a.find_all(Locator::Css(".add-card")).await?.is_empty());
    assert!(a.find_all(Locator::Css("[data-grip]")).await?.is_empty());
    support::screenshot(&a, "as-it-was").await?;
    a.find(Locator::Css("[data-testid=past] a"))
        .await?
        .click()
        .await?;
    support::wait_live(&a).await?;
    eventually(5, "the task in Road map on the live board", || async {
        Ok(support::column_cards(&a, "Road map")
            .await?
            .contains(&card.to_string()))
    })
    .await?;
    a.close().await?;
    Ok(())
}

#[tokio::test]
async fn my_work_lists_my_tasks_and_marks_what_changed_since_i_looked() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    let dana = server
        .person(
            "dana",
            "Dana",
            false,
            &[("Energy", qadam_shared::Role::Member)],
        )
        .await?;
    let board = server.board_id("Energy").await?;
    let handle = server.state.hub.board(board.parse()?).await?;
    let snapshot = handle.subscribe().await?.board;
    // A task the start-up deadline sweep, running beside this test, tells no assignee of: the
    // count below is the two changes.
    let now = qadam_server::clock::now_millis();
    let card = snapshot
        .cards
        .values()
        .find(|c| {
            !c.archived
                && !matches!(
                    snapshot.deadline_status(c, now),
                    Some(DeadlineStatus::DueSoon | DeadlineStatus::Overdue)
                )
        })
        .expect("a task");
    let (id, title) = (card.id, card.title.clone());
    let assign = Op::SetAssignees {
        card: id,
        assignees: vec![dana],
    };
    handle
        .submit(ClientOpId::random(), assign, Author::system("Bolat"))
        .await?;

    let driver = Driver::start().await?;
    let a = driver.browser().await?;
    support::sign_in_at(&a, server.addr, "/my-work", "dana").await?;
    let list = a
        .wait()
        .for_element(Locator::Css("[data-testid=my-work]"))
        .await?;
    let text = list.text().await?;
    assert!(text.contains(&title) && text.contains("Energy"), "{text}");
    assert!(a.find_all(Locator::Css("li.changed")).await?.is_empty());

    // Someone judges the task after Dana looked: next time it is marked.
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let judge = Op::JudgeDelivery {
        card: id,
        rag: Rag::Red,
        reason: "The contractor stopped work".into(),
    };
    handle
        .submit(ClientOpId::random(), judge, Author::system("Bolat"))
        .await?;
    a.refresh().await?;
    eventually(5, "the task marked as changed", || async {
        Ok(a.find_all(Locator::Css("li.changed")).await?.len() == 1)
    })
    .await?;
    support::screenshot(&a, "my-work").await?;
    // The task's link opens its card on the board.
    a.find(Locator::Css("li.changed a")).await?.click().await?;
    a.wait()
        .for_element(Locator::Css("#card-dialog-title"))
        .await?;
    // Her inbox says both: assigned, and judged red; the count is on the top bar.
    eventually(5, "two unread on the top bar", || async {
        let badge = a
            .find_all(Locator::Css("[data-testid=inbox-link] .count-badge"))
            .await?;
        Ok(match badge.first() {
            Some(b) => b.text().await? == "2",
            None => false,
        })
    })
    .await?;
    a.goto(&format!("http://{}/inbox", server.addr)).await?;
    let inbox = a
        .wait()
        .for_element(Locator::Css("[data-testid=inbox]"))
        .await?
        .text()
        .await?;
    assert!(
        inbox.contains("assigned you to") && inbox.contains("red"),
        "{inbox}"
    );
    a.close().await?;
    Ok(())
}

/// Dana keeps her inbox open; a task assigned to her on another computer appears in it and on
/// the top bar at once, without a reload (the half-minute re-read is far slower than the wait).
#[tokio::test]
async fn a_notification_arrives_in_an_open_inbox_at_once() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    let dana = server
        .person(
            "dana",
            "Dana",
            false,
            &[("Energy", qadam_shared::Role::Member)],
        )
        .await?;
    let driver = Driver::start().await?;
    let a = driver.browser().await?;
    support::sign_in_at(&a, server.addr, "/inbox", "dana").await?;
    a.wait()
        .for_element(Locator::Css("[data-testid=inbox-empty]"))
        .await?;
    // Let the page's socket open before the change.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;

    let board = server.board_id("Energy").await?;
    let handle = server.state.hub.board(board.parse()?).await?;
    let snapshot = handle.subscribe().await?.board;
    let card = snapshot
        .cards
        .values()
        .find(|c| !c.archived)
        .expect("a task");
    let assign = Op::SetAssignees {
        card: card.id,
        assignees: vec![dana],
    };
    handle
        .submit(ClientOpId::random(), assign, Author::system("Bolat"))
        .await?;
    eventually(5, "the notification in the open inbox", || async {
        let items = a.find_all(Locator::Css("[data-testid=inbox] li")).await?;
        Ok(match items.first() {
            Some(item) => item.text().await?.contains(&card.title),
            None => false,
        })
    })
    .await?;
    let badge = a
        .find(Locator::Css("[data-testid=inbox-link] .count-badge"))
        .await?
        .text()
        .await?;
    assert_eq!(badge, "1");
    a.close().await?;
    Ok(())
}

/// A portfolio whose link died without a word (a VPN dropping) notices by its heartbeat and
/// opens a new socket, rather than standing still; once the network is back it shows what
/// changed meanwhile.
#[tokio::test]
async fn the_portfolio_notices_a_silently_dead_link() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    server.person("aigerim", "Aigerim", true, &[]).await?;
    let proxy = support::Proxy::start(server.addr).await?;
    let board = server.board_id("Healthcare").await?;
    let driver = Driver::start().await?;
    let a = driver.browser().await?;
    support::sign_in_at(&a, proxy.addr, "/portfolio", "aigerim").await?;
    a.wait()
        .for_element(Locator::Css("[data-testid=portfolio-boards]"))
        .await?;
    let before = red_figure(&a, &board).await?;
    // Counts the sockets the page opens from now on.
    a.execute(
        "window.opened = 0;
         const Open = window.WebSocket;
         window.WebSocket = function (url) { window.opened += 1; return new Open(url); };
         window.WebSocket.prototype = Open.prototype;",
        vec![],
    )
    .await?;

    // The link goes silent; new connections get through, the open ones stay dead.
    proxy.stall();
    proxy.restore();
    eventually(25, "a new socket in place of the silent one", || async {
        Ok(a.execute("return window.opened", vec![]).await?.as_u64() >= Some(1))
    })
    .await?;

    // The network is back (the dead connections end); a change made meanwhile shows.
    proxy.cut();
    judge_a_task_red(&server, &board).await?;
    proxy.restore();
    eventually(20, "the red task once the portfolio is back", || async {
        Ok(red_figure(&a, &board).await? != before)
    })
    .await?;
    Ok(())
}
