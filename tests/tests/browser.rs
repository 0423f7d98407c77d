//! Qadam in real headless Chromium windows: two people on one board, pointer and keyboard moves,
//! live updates, reloads, and a dropped network.

mod support;

use anyhow::Result;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, PointerAction, TouchActions};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use std::time::Duration;
use support::{Driver, Proxy, Server, column_cards, eventually};

/// Drags a card with the mouse to the bottom of another column.
async fn drag_card_to(browser: &Client, card: &str, column: &str) -> Result<()> {
    let list = format!("//section[@aria-label='{column}']//ul[contains(@class,'column-cards')]");
    support::drag_card(browser, card, &list).await
}

async fn in_column(browser: &Client, column: &str, card: &str) -> Result<bool> {
    Ok(column_cards(browser, column)
        .await?
        .iter()
        .any(|c| c == card))
}

#[tokio::test]
async fn two_people_on_one_board_see_each_others_moves() -> Result<()> {
    let windows = support::TwoWindows::open("Energy").await?;
    let (a, b) = (&windows.a, &windows.b);

    // A drags the first Intake card to Done with the mouse.
    let card = column_cards(a, "Intake").await?[0].clone();
    drag_card_to(a, &card, "Done").await?;
    eventually(2, "the card in Done in the first window", || {
        in_column(a, "Done", &card)
    })
    .await?;
    eventually(5, "the card in Done in the second window", || {
        in_column(b, "Done", &card)
    })
    .await?;
    assert!(!in_column(b, "Intake", &card).await?);

    // The first click after the drag opens a card (the drop's own click is not kept waiting).
    let other = column_cards(a, "Road map").await?[0].clone();
    a.find(Locator::Css(&format!("[data-card='{other}'] .card-title")))
        .await?
        .click()
        .await?;
    eventually(2, "the card dialog after one click", || async {
        Ok(!a.find_all(Locator::Css(".dialog")).await?.is_empty())
    })
    .await?;
    a.find(Locator::Css(".dialog button.ghost"))
        .await?
        .click()
        .await?;

    // B moves a card with the keyboard: lift, one column right, one down, drop.
    let moved = column_cards(b, "Road map").await?[0].clone();
    b.execute(
        "document.querySelector(`[data-card='${arguments[0]}']`).focus()",
        vec![moved.clone().into()],
    )
    .await?;
    let keys = [
        " ".to_owned(),
        char::from(Key::Right).to_string(),
        char::from(Key::Down).to_string(),
        " ".to_owned(),
    ];
    for key in keys {
        b.active_element().await?.send_keys(&key).await?;
    }
    eventually(2, "the keyboard move in the second window", || {
        in_column(b, "In progress", &moved)
    })
    .await?;
    let in_progress = column_cards(b, "In progress").await?;
    assert_eq!(
        in_progress.iter().position(|c| c == &moved),
        Some(1),
        "dropped one below the top"
    );
    let announced = b
        .find(Locator::Css("[data-testid=announcer]"))
        .await?
        .text()
        .await?;
    assert!(announced.starts_with("Dropped"), "announced: {announced}");
    eventually(5, "the keyboard move in the first window", || async {
        Ok(column_cards(a, "In progress").await? == in_progress)
    })
    .await?;

    support::screenshot(a, "board").await?;

    // A reload shows the same board, from the server.
    a.refresh().await?;
    support::wait_live(a).await?;
    assert!(in_column(a, "Done", &card).await?);
    assert_eq!(column_cards(a, "In progress").await?, in_progress);

    windows.close().await?;
    Ok(())
}

#[tokio::test]
async fn changes_made_offline_survive_a_reload_and_are_sent_on_reconnect() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    server.person("aigerim", "Aigerim", true, &[]).await?;
    server
        .person(
            "bolat",
            "Bolat",
            false,
            &[("Water", qadam_shared::Role::Lead)],
        )
        .await?;
    let proxy = Proxy::start(server.addr).await?;
    let board = server.board_id("Water").await?;
    let driver = Driver::start().await?;
    let a = driver.browser().await?;
    let b = driver.browser().await?;
    support::open_board(&a, proxy.addr, &board, "aigerim").await?;
    support::open_board(&b, server.addr, &board, "bolat").await?;
    // Let the service worker take the app's files.
    eventually(10, "the service worker to control the page", || async {
        Ok(
            a.execute("return !!navigator.serviceWorker.controller", vec![])
                .await?
                .as_bool()
                == Some(true),
        )
    })
    .await?;
    a.refresh().await?;
    support::wait_live(&a).await?;

    proxy.cut();
    support::wait_offline(&a, 10, "the board to say it is offline").await?;

    let card = column_cards(&a, "Intake").await?[0].clone();
    drag_card_to(&a, &card, "Reported").await?;
    assert!(
        in_column(&a, "Reported", &card).await?,
        "the move shows at once while offline"
    );
    support::wait_kept(&a, "the board to count the kept change").await?;

    a.refresh().await?;
    eventually(
        15,
        "the reloaded board, still offline, with the kept move",
        || in_column(&a, "Reported", &card),
    )
    .await?;
    assert!(
        !in_column(&b, "Reported", &card).await?,
        "nothing reached the server yet"
    );

    proxy.restore();
    support::wait_live(&a).await?;
    eventually(10, "the other window to receive the move", || {
        in_column(&b, "Reported", &card)
    })
    .await?;
    let seq_a = column_cards(&a, "Reported").await?;
    assert_eq!(seq_a, column_cards(&b, "Reported").await?);

    a.close().await?;
    b.close().await?;
    Ok(())
}

/// A session that ends while someone works offline keeps their change: back online, the page
/// asks them to sign in (it once retried its socket for good, and a reload threw the change
/// away), and once they have, the board sends it.
#[tokio::test]
async fn a_change_made_offline_outlives_a_session_that_ended_meanwhile() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    let person = server
        .person(
            "aigerim",
            "Aigerim",
            false,
            &[("Water", qadam_shared::Role::Member)],
        )
        .await?;
    let proxy = Proxy::start(server.addr).await?;
    let board = server.board_id("Water").await?;
    let driver = Driver::start().await?;
    let a = driver.browser().await?;
    support::open_board(&a, proxy.addr, &board, "aigerim").await?;

    proxy.cut();
    support::wait_offline(&a, 10, "the board to say it is offline").await?;
    let card = column_cards(&a, "Intake").await?[0].clone();
    drag_card_to(&a, &card, "Reported").await?;
    support::wait_kept(&a, "the board to count the kept change").await?;
    // Meanwhile the session ends (its idle time ran out, or it was ended elsewhere).
    server.state.store.end_sessions_of(person).await?;
    proxy.restore();

    eventually(20, "the page to ask for signing in again", || async {
        Ok(a.find(Locator::Css("#login")).await.is_ok())
    })
    .await?;
    support::sign_in_here(&a, "aigerim", support::PASSWORD).await?;
    eventually(20, "the kept move to reach the server", || async {
        Ok(server.stage_of(&board, &card).await?.as_deref() == Some("Reported"))
    })
    .await?;
    a.close().await?;
    Ok(())
}

/// Two tabs of one board, both offline, each with a change of its own: the browser keeps both
/// (each tab's save used to write over the other's), and the tab left open sends the change of
/// the tab closed before the network came back.
#[tokio::test]
async fn changes_kept_in_two_tabs_of_a_board_all_reach_the_server() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    server
        .person(
            "aigerim",
            "Aigerim",
            false,
            &[("Water", qadam_shared::Role::Member)],
        )
        .await?;
    let proxy = Proxy::start(server.addr).await?;
    let board = server.board_id("Water").await?;
    let driver = Driver::start().await?;
    let a = driver.browser().await?;
    support::open_board(&a, proxy.addr, &board, "aigerim").await?;
    let first = a.window().await?;
    let second = a.new_window(true).await?.handle;
    a.switch_to_window(second.clone()).await?;
    a.goto(&format!("http://{}/boards/{board}", proxy.addr))
        .await?;
    support::wait_live(&a).await?;

    proxy.cut();
    support::wait_offline(&a, 10, "the second tab to say it is offline").await?;
    let in_second = column_cards(&a, "Road map").await?[0].clone();
    a.switch_to_window(first.clone()).await?;
    support::wait_offline(&a, 10, "the first tab to say it is offline").await?;
    let in_first = column_cards(&a, "Intake").await?[0].clone();
    drag_card_to(&a, &in_first, "Reported").await?;
    support::wait_kept(&a, "the first tab to count its kept change").await?;
    a.switch_to_window(second.clone()).await?;
    drag_card_to(&a, &in_second, "Reported").await?;
    support::wait_kept(&a, "the second tab to count its kept change").await?;
    // The first tab is closed while the network is still down.
    a.switch_to_window(first).await?;
    a.close_window().await?;
    a.switch_to_window(second).await?;
    proxy.restore();

    eventually(20, "both kept moves to reach the server", || async {
        for card in [&in_first, &in_second] {
            if server.stage_of(&board, card).await?.as_deref() != Some("Reported") {
                return Ok(false);
            }
        }
        Ok(true)
    })
    .await?;
    eventually(10, "the tab to have nothing left to send", || async {
        Ok(support::connection_text(&a).await? == "Live")
    })
    .await?;
    a.close().await?;
    Ok(())
}

/// A task made offline in a stage a lead deleted meanwhile goes to the board's first stage once
/// the network is back, with its title, instead of being refused and its text lost.
#[tokio::test]
async fn a_task_made_offline_in_a_stage_deleted_meanwhile_goes_to_the_first() -> Result<()> {
    use qadam_shared::authority::Author;
    use qadam_shared::{ClientOpId, ColumnId, Op};
    let _serial = support::serial().await;
    let server = Server::start().await?;
    let board = server
        .person_on("aigerim", "Aigerim", "Water", qadam_shared::Role::Member)
        .await?;
    let handle = server.state.hub.board(board.parse()?).await?;
    let (pilot, lead) = (ColumnId::random(), Author::system("lead"));
    let position = handle
        .subscribe()
        .await?
        .board
        .column_key_at(pilot, usize::MAX);
    let add = Op::AddColumn {
        column: pilot,
        name: "Pilot".into(),
        position,
    };
    handle
        .submit(ClientOpId::random(), add, lead.clone())
        .await?;
    let proxy = Proxy::start(server.addr).await?;
    let driver = Driver::start().await?;
    let a = driver.browser().await?;
    support::open_board(&a, proxy.addr, &board, "aigerim").await?;

    proxy.cut();
    support::wait_offline(&a, 10, "the board to say it is offline").await?;
    let title = "Drip irrigation pilot in Turkestan region";
    a.find(Locator::XPath(
        "//section[@aria-label='Pilot']//button[contains(., 'Add a card')]",
    ))
    .await?
    .click()
    .await?;
    a.find(Locator::Css("section[aria-label='Pilot'] textarea"))
        .await?
        .send_keys(&format!("{title}{}", char::from(Key::Enter)))
        .await?;
    support::wait_kept(&a, "the board to count the kept task").await?;
    // Meanwhile a lead deletes the stage, empty as the server knows it.
    let delete = Op::DeleteColumn { column: pilot };
    handle.submit(ClientOpId::random(), delete, lead).await?;
    proxy.restore();

    eventually(
        20,
        "the task to reach the server in the first stage",
        || async {
            let now = handle.subscribe().await?.board;
            let first = now.ordered_columns()[0].id;
            Ok(now
                .cards
                .values()
                .any(|c| c.title == title && c.column == first))
        },
    )
    .await?;
    eventually(5, "the person to be told where it went", || {
        support::toast_says(&a, "was put in Intake")
    })
    .await?;
    support::screenshot(&a, "rehomed-task").await?;
    a.close().await?;
    Ok(())
}

/// A browser whose storage is full says so at the change, instead of promising that unsent
/// changes are kept when a reload would lose them.
#[tokio::test]
async fn a_browser_that_cannot_keep_a_change_says_so() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    let board = server
        .person_on("aigerim", "Aigerim", "Water", qadam_shared::Role::Member)
        .await?;
    let driver = Driver::start().await?;
    let a = driver.browser().await?;
    support::open_board(&a, server.addr, &board, "aigerim").await?;
    // Fill the site's storage, in large pieces and then small ones, to the last byte it takes.
    a.execute(
        "for (const size of [1 << 20, 1 << 14, 1 << 8, 8]) {
           try { for (let i = 0; ; i++) localStorage.setItem(`filler.${size}.${i}`, 'x'.repeat(size)); }
           catch (e) {}
         }",
        vec![],
    )
    .await?;
    let card = column_cards(&a, "Intake").await?[0].clone();
    drag_card_to(&a, &card, "Reported").await?;
    eventually(5, "a notice that the change could not be kept", || {
        support::toast_says(&a, "no room to keep")
    })
    .await?;
    assert!(in_column(&a, "Reported", &card).await?, "the move stands");
    a.close().await?;
    Ok(())
}

#[tokio::test]
async fn a_finger_drags_a_card_by_its_grip_or_after_a_long_press() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    server.person("aigerim", "Aigerim", true, &[]).await?;
    let board = server.board_id("Healthcare").await?;
    let driver = Driver::start().await?;
    let a = driver.browser().await?;
    support::open_board(&a, server.addr, &board, "aigerim").await?;

    let card = column_cards(&a, "Intake").await?[0].clone();
    let card_el = a
        .find(Locator::Css(&format!("[data-card='{card}']")))
        .await?;
    let target = a
        .find(Locator::XPath(
            "//section[@aria-label='Road map']//ul[contains(@class,'column-cards')]",
        ))
        .await?;
    // A quick swipe over a card scrolls; it does not move the card.
    let swipe = TouchActions::new("finger".into())
        .then(PointerAction::MoveToElement {
            element: card_el,
            duration: None,
            x: 0,
            y: 0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(100)),
            x: 200,
            y: 0,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    a.perform_actions(swipe).await?;
    a.release_actions().await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        in_column(&a, "Intake", &card).await?,
        "a swipe moved the card"
    );

    // A finger on the card's grip drags it at once.
    let grip = a
        .find(Locator::Css(&format!("[data-card='{card}'] [data-grip]")))
        .await?;
    let mut drag = TouchActions::new("finger".into());
    for step in support::press_and_glide(grip, target) {
        drag = drag.then(step);
    }
    let drag = drag.then(PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    });
    a.perform_actions(drag).await?;
    a.release_actions().await?;
    eventually(3, "the card in Road map", || {
        in_column(&a, "Road map", &card)
    })
    .await?;
    a.refresh().await?;
    support::wait_live(&a).await?;
    assert!(
        in_column(&a, "Road map", &card).await?,
        "the touch move was saved"
    );

    // A finger resting on a card's body lifts it; the glide that follows moves it, and the page
    // does not take the glide for a scroll.
    let body = a
        .find(Locator::Css(&format!("[data-card='{card}'] .card-title")))
        .await?;
    let target = a
        .find(Locator::XPath(
            "//section[@aria-label='Done']//ul[contains(@class,'column-cards')]",
        ))
        .await?;
    let long_press = TouchActions::new("finger".into())
        .then(PointerAction::MoveToElement {
            element: body,
            duration: None,
            x: 0,
            y: 0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Pause {
            duration: Duration::from_millis(500),
        })
        .then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(100)),
            x: 12,
            y: 8,
        })
        .then(PointerAction::MoveToElement {
            element: target,
            duration: Some(Duration::from_millis(300)),
            x: 0,
            y: 20,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    a.perform_actions(long_press).await?;
    a.release_actions().await?;
    eventually(3, "the long-pressed card in Done", || {
        in_column(&a, "Done", &card)
    })
    .await?;
    a.close().await?;
    Ok(())
}

/// A link that dies without a word (a VPN dropping, a laptop waking up) is noticed by the
/// heartbeat; the browser's own "offline" news is taken at once; either way the board comes
/// back live when the network does.
#[tokio::test]
async fn a_silently_dead_link_is_noticed_and_recovered() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    server.person("aigerim", "Aigerim", true, &[]).await?;
    let proxy = Proxy::start(server.addr).await?;
    let board = server.board_id("Energy").await?;
    let driver = Driver::start().await?;
    let a = driver.browser().await?;
    support::open_board(&a, proxy.addr, &board, "aigerim").await?;

    proxy.stall();
    support::wait_offline(&a, 25, "the board to say it is offline on a silent link").await?;
    proxy.cut();
    proxy.restore();
    support::wait_live(&a).await?;

    a.execute("window.dispatchEvent(new Event('offline'))", vec![])
        .await?;
    assert!(
        support::connection_text(&a).await?.starts_with("Offline"),
        "offline at once when the browser says so"
    );
    a.execute("window.dispatchEvent(new Event('online'))", vec![])
        .await?;
    support::wait_live(&a).await?;
    a.close().await?;
    Ok(())
}

/// An intranet page's embed says so when the server cannot be reached, instead of "Live", and is
/// live again once it can, with what changed meanwhile; a link that dies without a word is
/// noticed by its heartbeat.
#[tokio::test]
async fn an_embed_says_when_it_is_not_live() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    let lead = server
        .person(
            "bolat",
            "Bolat",
            false,
            &[("Water", qadam_shared::Role::Lead)],
        )
        .await?;
    let proxy = Proxy::start(server.addr).await?;
    let board: qadam_shared::BoardId = server.board_id("Water").await?.parse()?;
    let token = qadam_server::auth::token::generate();
    let embed = qadam_shared::EmbedLink::new(board, "Intranet".into(), 0);
    let hash = qadam_server::auth::token::hash(&token);
    server.state.store.create_embed(&embed, &hash, lead).await?;
    let driver = Driver::start().await?;
    let page = driver.browser().await?;
    page.goto(&format!("http://{}/embed/{token}", proxy.addr))
        .await?;
    let foot = || async {
        let foot = page.find_all(Locator::Css(".embed-foot")).await?;
        Ok::<_, anyhow::Error>(match foot.first() {
            Some(foot) => foot.text().await?,
            None => String::new(),
        })
    };
    eventually(10, "the embed live", || async {
        Ok(foot().await?.starts_with("Live"))
    })
    .await?;

    proxy.cut();
    eventually(10, "the embed saying it is not live", || async {
        Ok(foot().await?.starts_with("Offline"))
    })
    .await?;
    support::screenshot(&page, "embed-offline").await?;
    // Renamed meanwhile: the page shows it once it is back.
    let handle = server.state.hub.board(board).await?;
    let shown = handle.subscribe().await?.board;
    let card = shown
        .cards
        .values()
        .find(|c| !c.archived)
        .expect("an open card");
    let op = qadam_shared::Op::EditCard {
        card: card.id,
        title: Some("Renamed while the page was away".into()),
        description: None,
    };
    let author = qadam_shared::authority::Author::system("Bolat");
    handle
        .submit(qadam_shared::ClientOpId::random(), op, author)
        .await?;
    proxy.restore();
    eventually(20, "the embed live again, with the change", || async {
        let titles = page
            .execute(
                "return [...document.querySelectorAll('.embed-card')].map(c => c.textContent)",
                vec![],
            )
            .await?;
        let renamed = titles
            .as_array()
            .is_some_and(|t| t.iter().any(|t| t == "Renamed while the page was away"));
        Ok(renamed && foot().await?.starts_with("Live"))
    })
    .await?;

    proxy.stall();
    eventually(
        25,
        "the embed saying it is not live on a silent link",
        || async { Ok(foot().await?.starts_with("Offline")) },
    )
    .await?;
    Ok(())
}
