//! Delivery cards in the browser: each field edited in the card and seen live in a second
//! window, swimlanes whose drop changes a field, a filter kept in the address, a hard limit and a
//! stage gate refused with their messages, the shortcuts overlay.

mod support;

use anyhow::Result;
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use qadam_shared::{Board, Rag, Role};
use support::{Driver, Server, column_cards, eventually};

/// The board as the server holds it now.
async fn server_board(server: &Server, board: &str) -> Result<Board> {
    let handle = server.state.hub.board(board.parse()?).await?;
    Ok(std::sync::Arc::unwrap_or_clone(
        handle.subscribe().await?.board,
    ))
}

/// Text of a card's badges (its face below the title).
async fn badges(browser: &Client, card: &str) -> Result<String> {
    match browser
        .find(Locator::Css(&format!("[data-card='{card}'] .card-badges")))
        .await
    {
        Ok(el) => Ok(el.text().await?),
        Err(_) => Ok(String::new()),
    }
}

/// Sets a date or text field the way a person's typing ends: value, then an input event.
async fn type_into(browser: &Client, selector: &str, value: &str) -> Result<()> {
    browser
        .execute(
            "const el = document.querySelector(arguments[0]);
             el.value = arguments[1];
             el.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![selector.into(), value.into()],
        )
        .await?;
    Ok(())
}

#[tokio::test]
async fn each_delivery_field_is_edited_and_seen_live() -> Result<()> {
    let windows = support::TwoWindows::open("Healthcare").await?;
    let (a, b) = (&windows.a, &windows.b);
    let card = column_cards(a, "Intake").await?[0].clone();
    a.find(Locator::Css(&format!("[data-card='{card}'] .card-title")))
        .await?
        .click()
        .await?;

    // The responsible agency, from the office's list.
    a.find(Locator::Css("#card-agency"))
        .await?
        .select_by_value("min-energy")
        .await?;
    eventually(5, "the agency on the card in the other window", || async {
        Ok(badges(b, &card).await?.contains("Ministry of Energy"))
    })
    .await?;

    // Red needs a reason: the button waits for one.
    a.find(Locator::Css(".judge select"))
        .await?
        .select_by_value("red")
        .await?;
    let judge = a.find(Locator::Css(".judge button")).await?;
    assert!(
        !judge.is_enabled().await?,
        "red was offered without a reason"
    );
    type_into(a, ".judge input", "The contractor stopped work").await?;
    judge.click().await?;
    eventually(5, "the red status in the other window", || async {
        Ok(
            b.find_all(Locator::Css(&format!("[data-card='{card}'] .rag-red")))
                .await?
                .len()
                == 1,
        )
    })
    .await?;

    // Moving the deadline needs a reason too, and the move is listed in the card.
    type_into(a, "#deadline-new", "2027-06-30").await?;
    let reason = "Moved by the Government's meeting protocol";
    type_into(a, ".deadline-form input[type=text]", reason).await?;
    a.find(Locator::Css(".deadline-form button"))
        .await?
        .click()
        .await?;
    eventually(5, "the moved deadline listed in the card", || async {
        let listed = a.find_all(Locator::Css(".deadline-changes li")).await?;
        Ok(match listed.first() {
            Some(li) => li.text().await?.contains(reason),
            None => false,
        })
    })
    .await?;
    eventually(5, "the extension mark in the other window", || async {
        Ok(badges(b, &card).await?.contains("↻1"))
    })
    .await?;

    // Special control: the administrator sets it; the lead cannot.
    a.find(Locator::Css(".field-special input"))
        .await?
        .click()
        .await?;
    eventually(
        5,
        "the special control badge in the other window",
        || async {
            Ok(b.find_all(Locator::Css(&format!(
                "[data-card='{card}'] .badge.special"
            )))
            .await?
            .len()
                == 1)
        },
    )
    .await?;
    support::screenshot(a, "card-delivery").await?;
    b.find(Locator::Css(&format!("[data-card='{card}'] .card-title")))
        .await?
        .click()
        .await?;
    let lead_box = b.find(Locator::Css(".field-special input")).await?;
    assert!(
        !lead_box.is_enabled().await?,
        "a lead may set special control"
    );

    // What the server holds: each field, the judgement's author and reason.
    let board = server_board(&windows.server, &windows.board).await?;
    let d = &board.cards[&card.parse()?].delivery;
    assert_eq!(d.agency.as_deref(), Some("min-energy"));
    let judgement = d.judgement.as_ref().expect("a judgement");
    assert_eq!(
        (
            judgement.rag,
            judgement.reason.as_str(),
            judgement.stamp.by.as_str()
        ),
        (Rag::Red, "The contractor stopped work", "Aigerim")
    );
    assert_eq!(d.deadline.as_ref().map(|d| d.extensions()), Some(1));
    assert!(d.special_control);
    windows.close().await
}

#[tokio::test]
async fn a_drop_in_another_swimlane_changes_the_agency() -> Result<()> {
    let windows = support::TwoWindows::open("Healthcare").await?;
    let a = &windows.a;
    a.goto(&format!(
        "http://{}/boards/{}?lanes=agency",
        windows.server.addr, windows.board
    ))
    .await?;
    support::wait_live(a).await?;
    // The seeded hospitals task is the Ministry of Healthcare's; drop it in the digital lane.
    let board = server_board(&windows.server, &windows.board).await?;
    let task = board
        .cards
        .values()
        .find(|c| c.title.starts_with("Multidisciplinary hospitals"))
        .expect("the seeded task");
    assert_eq!(task.delivery.agency.as_deref(), Some("min-health"));
    let digital = "Ministry of Artificial Intelligence and Digital Development";
    let list = format!(
        "//section[@class='lane'][@aria-label='{digital}']//section[@aria-label='In progress']//ul"
    );
    support::screenshot(a, "swimlanes").await?;
    support::drag_card(a, &task.id.to_string(), &list).await?;
    eventually(5, "the task in the digital lane on the server", || async {
        let board = server_board(&windows.server, &windows.board).await?;
        Ok(board.cards[&task.id].delivery.agency.as_deref() == Some("min-ai-digital"))
    })
    .await?;
    // The other window, without swimlanes, shows the new agency on the card.
    eventually(5, "the new agency in the other window", || async {
        Ok(badges(&windows.b, &task.id.to_string())
            .await?
            .contains(digital))
    })
    .await?;
    windows.close().await
}

#[tokio::test]
async fn a_filter_is_kept_in_the_address_across_a_reload() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    server.person("aigerim", "Aigerim", true, &[]).await?;
    let board = server.board_id("Transport and logistics").await?;
    let driver = Driver::start().await?;
    let a = driver.browser().await?;
    support::open_board(&a, server.addr, &board, "aigerim").await?;
    let total = a.find_all(Locator::Css("[data-card]")).await?.len();

    a.find(Locator::Css(".filters summary"))
        .await?
        .click()
        .await?;
    a.find(Locator::XPath(
        "//div[contains(@class,'filter-fields')]//label[span='Delivery status']/select",
    ))
    .await?
    .select_by_value("red")
    .await?;
    eventually(5, "the filter in the address", || async {
        Ok(a.current_url()
            .await?
            .query()
            .unwrap_or("")
            .contains("rag=red"))
    })
    .await?;
    let reds = server_board(&server, &board)
        .await?
        .cards
        .values()
        .filter(|c| {
            !c.archived
                && c.delivery
                    .judgement
                    .as_ref()
                    .is_some_and(|j| j.rag == Rag::Red)
        })
        .count();
    assert!(
        reds > 0 && reds < total,
        "the seeded board has some red tasks"
    );

    a.refresh().await?;
    support::wait_live(&a).await?;
    eventually(5, "only the red tasks after the reload", || async {
        Ok(a.find_all(Locator::Css("[data-card]")).await?.len() == reds)
    })
    .await?;
    let hidden = a
        .find(Locator::Css("[data-testid=filter-hidden]"))
        .await?
        .text()
        .await?;
    assert!(
        hidden.contains(&format!("{} task", total - reds)),
        "the board says how many the filter hides: {hidden}"
    );
    a.find(Locator::XPath("//p[@data-testid='filter-hidden']/button"))
        .await?
        .click()
        .await?;
    eventually(5, "every task again", || async {
        Ok(a.find_all(Locator::Css("[data-card]")).await?.len() == total)
    })
    .await?;
    a.close().await?;
    Ok(())
}

#[tokio::test]
async fn a_hard_limit_and_a_stage_gate_refuse_with_their_messages() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    server
        .person("dana", "Dana", false, &[("Energy", Role::Member)])
        .await?;
    // The seeded energy team works to a hard limit of three tasks in progress (two there now),
    // and only leads take a task into Done.
    let board = server.board_id("Energy").await?;
    let driver = Driver::start().await?;
    let a = driver.browser().await?;
    support::open_board(&a, server.addr, &board, "dana").await?;
    let list = |stage: &str| {
        format!("//section[@aria-label='{stage}']//ul[contains(@class,'column-cards')]")
    };
    let intake = column_cards(&a, "Intake").await?[0].clone();
    support::drag_card(&a, &intake, &list("In progress")).await?;
    eventually(5, "the third task in progress", || async {
        Ok(column_cards(&a, "In progress").await?.len() == 3)
    })
    .await?;
    // The full stage is shown closed while the task is over it (`drag_card` waits for that),
    // and the drop is refused.
    let road_map = column_cards(&a, "Road map").await?[0].clone();
    support::drag_card(&a, &road_map, &list("In progress")).await?;
    eventually(5, "the hard limit's message", || {
        support::toast_says(&a, "WIP limit")
    })
    .await?;
    support::screenshot(&a, "hard-limit").await?;
    assert_eq!(column_cards(&a, "In progress").await?.len(), 3);
    assert!(column_cards(&a, "Road map").await?.contains(&road_map));

    // A member's drop in Done is refused at once, by the same rule as the server's: the gate's
    // message alone, not a move shown done and then taken back.
    support::drag_card(&a, &intake, &list("Done")).await?;
    eventually(5, "the gate's message", || {
        support::toast_says(&a, "Only the board's leads")
    })
    .await?;
    assert!(
        !support::toast_says(&a, "to Done").await?,
        "no word of a move to Done"
    );
    eventually(5, "the task back in progress", || async {
        Ok(column_cards(&a, "In progress").await?.contains(&intake))
    })
    .await?;
    let on_server = server_board(&server, &board).await?;
    assert_eq!(
        on_server.cards_in(on_server.ordered_columns()[2].id).len(),
        3,
        "the server holds three in progress"
    );
    a.close().await?;
    Ok(())
}

#[tokio::test]
async fn the_shortcuts_are_listed_on_question_mark() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    server.person("aigerim", "Aigerim", true, &[]).await?;
    let board = server.board_id("Water").await?;
    let driver = Driver::start().await?;
    let a = driver.browser().await?;
    support::open_board(&a, server.addr, &board, "aigerim").await?;
    let body = a.find(Locator::Css("body")).await?;
    body.send_keys("?").await?;
    let overlay = a.find(Locator::Css("[data-testid=shortcuts]")).await?;
    let text = overlay.text().await?;
    for line in [
        "Keyboard shortcuts",
        "Search tasks",
        "Add a task to the first stage",
    ] {
        assert!(text.contains(line), "the overlay lacks {line:?}: {text}");
    }
    support::screenshot(&a, "shortcuts").await?;
    body.send_keys(&char::from(Key::Escape).to_string()).await?;
    eventually(3, "the overlay closed", || async {
        Ok(a.find_all(Locator::Css("[data-testid=shortcuts]"))
            .await?
            .is_empty())
    })
    .await?;
    // "/" puts the cursor in the search box.
    body.send_keys("/").await?;
    let focused = a
        .execute(
            "return document.activeElement.getAttribute('data-shortcut')",
            vec![],
        )
        .await?;
    assert_eq!(focused.as_str(), Some("search"));
    a.close().await?;
    Ok(())
}

#[tokio::test]
async fn comments_checklists_and_the_history_are_live_in_the_card() -> Result<()> {
    let windows = support::TwoWindows::open("Water").await?;
    let (a, b) = (&windows.a, &windows.b);
    let card = column_cards(a, "Road map").await?[0].clone();
    for window in [a, b] {
        window
            .find(Locator::Css(&format!("[data-card='{card}'] .card-title")))
            .await?
            .click()
            .await?;
    }

    // A comment in one window appears in the other; only its author may change it.
    let text = "The ministry confirmed the financing on Monday";
    type_into(a, ".comment-form textarea", text).await?;
    a.find(Locator::Css(".comment-form button"))
        .await?
        .click()
        .await?;
    eventually(5, "the comment in the other window", || async {
        for c in b.find_all(Locator::Css("[data-testid=comment]")).await? {
            if c.text().await?.contains(text) {
                return Ok(true);
            }
        }
        Ok(false)
    })
    .await?;
    let mine = a
        .find_all(Locator::Css("[data-testid=comment] .comment-actions"))
        .await?;
    let theirs = b
        .find_all(Locator::Css("[data-testid=comment] .comment-actions"))
        .await?;
    assert_eq!((mine.len(), theirs.len()), (1, 0), "only the author edits");

    // A checklist item ticked in one window: progress on the card face in the other.
    let before = server_board(&windows.server, &windows.board).await?;
    let (done, all) = before.cards[&card.parse()?].parts.progress();
    type_into(
        a,
        ".checklist .part-form input[type=text]",
        "Design approved",
    )
    .await?;
    a.find(Locator::Css(".checklist .part-form button"))
        .await?
        .click()
        .await?;
    eventually(5, "the new item", || async {
        Ok(a.find_all(Locator::Css(".checklist-items input"))
            .await?
            .len()
            == all + 1)
    })
    .await?;
    a.find(Locator::Css(".checklist-items li:last-child input"))
        .await?
        .click()
        .await?;
    b.find(Locator::Css(".dialog-backdrop"))
        .await?
        .click()
        .await?;
    let progress = format!("☑ {}/{}", done + 1, all + 1);
    eventually(5, "the progress on the card face", || async {
        Ok(badges(b, &card).await?.contains(&progress))
    })
    .await?;

    // The history names the deadline's move from the old date to the new.
    type_into(a, "#deadline-new", "2027-09-30").await?;
    type_into(a, ".deadline-form input[type=text]", "Budget amendment").await?;
    a.find(Locator::Css(".deadline-form button"))
        .await?
        .click()
        .await?;
    eventually(5, "the move in the card's history", || async {
        let history = a
            .find(Locator::Css("[data-testid=card-history]"))
            .await?
            .text()
            .await?;
        Ok(history.contains("Deadline:") && history.contains("→ 30 Sept 2027"))
    })
    .await?;
    support::screenshot(a, "card-parts").await?;
    windows.close().await
}
