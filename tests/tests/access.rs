//! Accounts and sharing in the browser: people see only their teams' boards, observers cannot
//! move anything, and a board embedded in another site's page follows changes until its link is
//! revoked.

mod support;

use anyhow::Result;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use fantoccini::{Client, Locator};
use qadam_shared::Role;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::{Driver, Server, column_cards, eventually};

async fn tile_names(browser: &Client) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for tile in browser.find_all(Locator::Css(".tile-name")).await? {
        names.push(tile.text().await?);
    }
    Ok(names)
}

#[tokio::test]
async fn people_see_only_their_boards_and_observers_move_nothing() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    let bolat = server
        .person("bolat", "Bolat", false, &[("Energy", Role::Observer)])
        .await?;
    let driver = Driver::start().await?;
    let b = driver.browser().await?;

    support::sign_in_at(&b, server.addr, "/", "bolat").await?;
    eventually(5, "the home page with Bolat's one board", || async {
        Ok(tile_names(&b).await? == ["Energy"])
    })
    .await?;

    let board = server.board_id("Energy").await?;
    b.goto(&format!("http://{}/boards/{board}", server.addr))
        .await?;
    support::wait_live(&b).await?;
    assert_eq!(
        b.find(Locator::Css(".role-badge")).await?.text().await?,
        "Read only"
    );
    assert!(
        b.find_all(Locator::Css("[data-grip]")).await?.is_empty(),
        "no grips for an observer"
    );
    assert!(
        b.find_all(Locator::XPath("//button[contains(., 'Add a card')]"))
            .await?
            .is_empty()
    );

    // A drag does nothing.
    let card = column_cards(&b, "Intake").await?[0].clone();
    let card_el = b
        .find(Locator::Css(&format!("[data-card='{card}']")))
        .await?;
    let target = b
        .find(Locator::XPath("//section[@aria-label='Done']//ul"))
        .await?;
    let mut drag = MouseActions::new("mouse".into());
    for step in support::press_and_glide(card_el, target) {
        drag = drag.then(step);
    }
    let drag = drag.then(PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    });
    b.perform_actions(drag).await?;
    b.release_actions().await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        column_cards(&b, "Intake").await?.contains(&card),
        "an observer moved a card"
    );
    assert!(
        b.find_all(Locator::Css("[data-testid=drop-placeholder]"))
            .await?
            .is_empty()
    );

    // Added to another team meanwhile, Bolat finds that board on the home page and opens it.
    let water = server.board_id("Water").await?;
    server
        .state
        .store
        .set_role(bolat, water.parse()?, Some(Role::Member))
        .await?;
    b.find(Locator::Css("a.brand")).await?.click().await?;
    eventually(5, "the new board on the home page", || async {
        Ok(tile_names(&b).await? == ["Energy", "Water"])
    })
    .await?;
    b.find(Locator::XPath("//a[.//span[.='Water']]"))
        .await?
        .click()
        .await?;
    support::wait_live(&b).await?;
    assert!(
        b.find_all(Locator::Css(".role-badge")).await?.is_empty(),
        "a member edits"
    );
    b.close().await?;
    Ok(())
}

/// A page of another site (another port on loopback) with the snippet Qadam gave.
async fn intranet(page: Arc<Mutex<String>>) -> Result<std::net::SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = axum::Router::new().route(
        "/",
        axum::routing::get(move || {
            let page = page.clone();
            async move { axum::response::Html(page.lock().map(|p| p.clone()).unwrap_or_default()) }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(addr)
}

#[tokio::test]
async fn an_embedded_board_on_another_site_follows_changes_until_revoked() -> Result<()> {
    let _serial = support::serial().await;
    let page = Arc::new(Mutex::new(String::new()));
    let intranet = intranet(page.clone()).await?;
    let server = Server::start_with(vec![format!("http://{intranet}")]).await?;
    let board = server
        .person_on("aigerim", "Aigerim", "Energy", Role::Lead)
        .await?;
    let driver = Driver::start().await?;
    let lead = driver.browser().await?;
    let reader = driver.browser().await?;

    // The lead makes an embed link for two stages and copies the snippet.
    support::open_board(&lead, server.addr, &board, "aigerim").await?;
    lead.find(Locator::XPath("//button[contains(., 'Members & embeds')]"))
        .await?
        .click()
        .await?;
    lead.wait()
        .for_element(Locator::Css(".new-embed input[required]"))
        .await?
        .send_keys("Ministry of Energy intranet")
        .await?;
    for stage in ["In progress", "Done"] {
        lead.find(Locator::XPath(&format!(
            "//fieldset//label[contains(., '{stage}')]/input"
        )))
        .await?
        .click()
        .await?;
    }
    lead.find(Locator::XPath("//button[.='Create embed link']"))
        .await?
        .click()
        .await?;
    let snippet = lead
        .wait()
        .for_element(Locator::Css("[data-testid=embed-snippet]"))
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    support::screenshot(&lead, "share").await?;
    assert!(
        snippet.contains("<iframe") && snippet.contains("/embed.js"),
        "{snippet}"
    );
    // The list says what the link shows, until when, and who made it; the snippet copies.
    let details = lead
        .wait()
        .for_element(Locator::Css(".embeds .embed-details"))
        .await?
        .text()
        .await?;
    assert!(
        details.contains("In progress, Done")
            && details.contains("until")
            && details.contains("Aigerim"),
        "{details}"
    );
    lead.find(Locator::XPath("//div[@class='snippet']//button[.='Copy']"))
        .await?
        .click()
        .await?;
    lead.wait().for_element(Locator::Css(".toast")).await?;
    *page.lock().unwrap() =
        format!("<!doctype html><title>Ministry intranet</title><h1>Energy projects</h1>{snippet}");

    // Another site shows it in an iframe: only the two stages, fitted to its content.
    reader.goto(&format!("http://{intranet}/")).await?;
    let frame = reader.wait().for_element(Locator::Css("iframe")).await?;
    frame.clone().enter_frame().await?;
    eventually(10, "the embedded board's stages", || async {
        let names = reader.execute("return [...document.querySelectorAll('.embed-column')].map(c => c.getAttribute('aria-label'))", vec![]).await?;
        Ok(names == serde_json::json!(["In progress", "Done"]))
    })
    .await?;
    // It says it is live and since when, and links to the board in Qadam.
    let foot = reader
        .find(Locator::Css(".embed-foot"))
        .await?
        .text()
        .await?;
    assert!(foot.starts_with("Live · updated at"), "{foot}");
    let link = reader
        .find(Locator::Css(".embed-foot a"))
        .await?
        .attr("href")
        .await?;
    assert_eq!(link, Some(format!("/boards/{board}")));
    reader.enter_parent_frame().await?;
    eventually(5, "the iframe fitted to the board", || async {
        let height = reader
            .execute(
                "return document.querySelector('iframe').style.height",
                vec![],
            )
            .await?;
        Ok(height.as_str().is_some_and(|h| h.ends_with("px")))
    })
    .await?;

    // A move on the board shows up in the embed without a reload.
    let card = column_cards(&lead, "Road map").await?[0].clone();
    let title = support::card_title(&lead, &card).await?;
    lead.find(Locator::XPath("//aside//button[@aria-label='Close']"))
        .await?
        .click()
        .await?;
    lead.execute(
        "document.querySelector(`[data-card='${arguments[0]}']`).focus()",
        vec![card.clone().into()],
    )
    .await?;
    for key in [" ", "\u{E014}", " "] {
        lead.active_element().await?.send_keys(key).await?;
    }
    eventually(5, "the move on the lead's board", || async {
        Ok(column_cards(&lead, "In progress").await?.contains(&card))
    })
    .await?;
    frame.clone().enter_frame().await?;
    eventually(10, "the moved card in the embed", || async {
        let titles = reader
            .execute("return [...document.querySelectorAll('.embed-column[aria-label=\"In progress\"] .embed-card')].map(c => c.textContent)", vec![])
            .await?;
        Ok(titles.as_array().is_some_and(|t| t.iter().any(|x| x.as_str() == Some(title.as_str()))))
    })
    .await?;
    support::screenshot(&reader, "embed").await?;

    // In a narrow intranet column the stages wrap instead of hiding behind a sideways scroll.
    reader.set_window_size(300, 800).await?;
    eventually(5, "the embed within the narrow column", || async {
        let beyond = reader
            .execute(
                "const c = document.querySelector('.embed-columns');
                 return Math.max(c.scrollWidth - c.clientWidth,
                                 document.documentElement.scrollWidth - window.innerWidth)",
                vec![],
            )
            .await?;
        Ok(beyond.as_i64().is_some_and(|b| b <= 0))
    })
    .await?;
    // The stages wrapped into a taller board: the iframe grows to show all of it, and shrinks
    // back when the column widens.
    let fits = "const board = document.querySelector('.embed').scrollHeight;
                return [board, Math.abs(window.innerHeight - board) <= 1]";
    let mut heights = Vec::new();
    for (width, what) in [
        (300, "the iframe grown with the narrow column"),
        (900, "the iframe shrunk back"),
    ] {
        reader.set_window_size(width, 800).await?;
        eventually(5, what, || async {
            let fit = reader.execute(fits, vec![]).await?;
            Ok(fit[1] == true)
        })
        .await?;
        heights.push(reader.execute(fits, vec![]).await?[0].as_i64());
        if width == 300 {
            support::screenshot(&reader, "embed-narrow").await?;
        }
    }
    assert!(heights[0] > heights[1], "{heights:?}");

    // Revoked, it stops and says so.
    lead.find(Locator::XPath("//button[contains(., 'Members & embeds')]"))
        .await?
        .click()
        .await?;
    lead.wait()
        .for_element(Locator::XPath("//ul[@class='embeds']//button[.='Revoke']"))
        .await?
        .click()
        .await?;
    // Revoking asks first.
    let question = lead.get_alert_text().await?;
    assert!(
        question.contains("Ministry of Energy intranet"),
        "{question}"
    );
    lead.accept_alert().await?;
    eventually(10, "the embed saying it was revoked", || async {
        let gone = reader.find_all(Locator::Css(".embed-gone")).await?;
        Ok(gone.len() == 1 && gone[0].text().await?.contains("revoked"))
    })
    .await?;
    // Reloaded, it still says the link was revoked, not that it does not work.
    reader.refresh().await?;
    reader
        .wait()
        .for_element(Locator::Css("iframe"))
        .await?
        .enter_frame()
        .await?;
    eventually(10, "the reloaded embed saying it was revoked", || async {
        let gone = reader.find_all(Locator::Css(".embed-gone")).await?;
        Ok(gone.len() == 1 && gone[0].text().await?.contains("revoked"))
    })
    .await?;

    lead.close().await?;
    reader.close().await?;
    Ok(())
}

/// The board copies this browser keeps, by local-storage key.
async fn kept_boards(browser: &Client) -> Result<Vec<String>> {
    let keys = browser
        .execute(
            "return Object.keys(localStorage).filter(k => k.includes('.board.') || k.includes('.pending.'));",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(keys)?)
}

#[tokio::test]
async fn a_session_ended_elsewhere_leaves_nothing_for_the_next_person() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    let aigerim = server
        .person("aigerim", "Aigerim", false, &[("Water", Role::Member)])
        .await?;
    let board = server
        .person_on("bolat", "Bolat", "Water", Role::Member)
        .await?;
    let driver = Driver::start().await?;
    let a = driver.browser().await?;
    support::open_board(&a, server.addr, &board, "aigerim").await?;
    // Saved once the first burst of messages is over.
    eventually(5, "the board kept for offline use", || async {
        Ok(!kept_boards(&a).await?.is_empty())
    })
    .await?;

    // An administrator disables Aigerim while her board is open: no "Sign out" was pressed.
    let store = &server.state.store;
    store
        .update_user(
            aigerim,
            &qadam_server::storage::accounts::AccountChange {
                disabled: Some(true),
                ..Default::default()
            },
        )
        .await?;
    server
        .state
        .hub
        .revoke(qadam_server::sync::Revoked::User(aigerim))
        .await;
    eventually(
        10,
        "the sign-in page, and nothing of Aigerim's kept",
        || async {
            let signed_out = !a.find_all(Locator::Css("#login")).await?.is_empty();
            Ok(signed_out && kept_boards(&a).await?.is_empty())
        },
    )
    .await?;

    support::sign_in_at(&a, server.addr, &format!("/boards/{board}"), "bolat").await?;
    support::wait_live(&a).await?;
    eventually(5, "Bolat's copy kept", || async {
        Ok(!kept_boards(&a).await?.is_empty())
    })
    .await?;
    let kept = kept_boards(&a).await?;
    assert!(
        kept.iter().all(|k| !k.contains(&aigerim.to_string())),
        "only Bolat's copy is kept: {kept:?}"
    );
    a.close().await?;
    Ok(())
}

/// A password handed over by an administrator is replaced at the first sign-in; the person then
/// ends a session left open on another computer from their account page, and signs out
/// everywhere.
#[tokio::test]
async fn a_temporary_password_is_replaced_and_sessions_are_ended_from_the_account_page()
-> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    let dana = server
        .person("dana", "Dana", false, &[("Water", Role::Member)])
        .await?;
    server
        .state
        .store
        .update_user(
            dana,
            &qadam_server::storage::accounts::AccountChange {
                must_change_password: Some(true),
                ..Default::default()
            },
        )
        .await?;
    let board = server.board_id("Water").await?;
    let driver = Driver::start().await?;
    let office = driver.browser().await?;
    support::sign_in_at(&office, server.addr, "/", "dana").await?;
    office
        .wait()
        .for_element(Locator::Css("[data-testid=choose-password]"))
        .await?;
    assert!(
        tile_names(&office).await?.is_empty(),
        "no board before a password of her own"
    );
    const OWN: &str = "steppe eagle over the river";
    for (field, text) in [
        ("#pw-current", support::PASSWORD),
        ("#pw-new", OWN),
        ("#pw-again", OWN),
    ] {
        office
            .find(Locator::Css(field))
            .await?
            .send_keys(text)
            .await?;
    }
    office
        .find(Locator::Css(".password-form button[type=submit]"))
        .await?
        .click()
        .await?;
    eventually(5, "her boards once the password is her own", || async {
        Ok(tile_names(&office).await? == ["Water"])
    })
    .await?;
    office
        .goto(&format!("http://{}/boards/{board}", server.addr))
        .await?;
    support::wait_live(&office).await?;

    let home = driver.browser().await?;
    support::sign_in_with(&home, server.addr, "/account", "dana", OWN).await?;
    eventually(5, "two sessions on the account page", || async {
        Ok(home
            .find_all(Locator::Css("[data-testid=sessions] li"))
            .await?
            .len()
            == 2)
    })
    .await?;
    home.find(Locator::Css("[data-testid=sessions] li button"))
        .await?
        .click()
        .await?;
    eventually(10, "the office computer signed out", || async {
        Ok(!office.find_all(Locator::Css("#login")).await?.is_empty())
    })
    .await?;
    eventually(5, "one session left", || async {
        Ok(home
            .find_all(Locator::Css("[data-testid=sessions] li"))
            .await?
            .len()
            == 1)
    })
    .await?;
    home.find(Locator::XPath("//button[. = 'Sign out everywhere']"))
        .await?
        .click()
        .await?;
    home.wait().for_element(Locator::Css("#login")).await?;
    let store = &server.state.store;
    let now = qadam_server::clock::now_millis();
    assert!(store.sessions_of(dana, now, 0).await?.is_empty());
    office.close().await?;
    home.close().await?;
    Ok(())
}

/// On the people page an administrator puts a person on a team and hands over a generated
/// password, which the person must replace at the first sign-in.
#[tokio::test]
async fn the_people_page_adds_to_a_team_and_generates_a_password() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    server.person("office", "Office", true, &[]).await?;
    server.person("dana", "Dana", false, &[]).await?;
    let driver = Driver::start().await?;
    let admin = driver.browser().await?;
    support::sign_in_at(&admin, server.addr, "/people", "office").await?;
    let row = "//tr[td[.='dana']]";
    admin
        .wait()
        .for_element(Locator::XPath(&format!("{row}//select")))
        .await?
        .select_by_label("Water")
        .await?;
    admin
        .find(Locator::XPath(&format!(
            "{row}//form[@class='add-to-team']//button"
        )))
        .await?
        .click()
        .await?;
    eventually(5, "Dana's teams listing Water", || async {
        let teams = admin
            .find(Locator::XPath(&format!(
                "{row}//td[@data-testid='teams']//li"
            )))
            .await;
        Ok(match teams {
            Ok(li) => li.text().await?.starts_with("Water"),
            Err(_) => false,
        })
    })
    .await?;

    admin
        .find(Locator::XPath(&format!(
            "{row}//button[.='Reset password']"
        )))
        .await?
        .click()
        .await?;
    admin
        .wait()
        .for_element(Locator::XPath(
            "//div[@role='dialog']//button[.='Generate']",
        ))
        .await?
        .click()
        .await?;
    let field = admin.find(Locator::Css("#reset-password")).await?;
    assert_eq!(
        field.attr("type").await?.as_deref(),
        Some("text"),
        "shown in clear"
    );
    let password = field.prop("value").await?.unwrap_or_default();
    assert!(password.len() >= 20, "{password}");
    admin
        .find(Locator::XPath(
            "//div[@role='dialog']//button[.='Set password']",
        ))
        .await?
        .click()
        .await?;
    eventually(5, "the dialog closed", || async {
        Ok(admin
            .find_all(Locator::Css("#reset-password"))
            .await?
            .is_empty())
    })
    .await?;

    let dana = driver.browser().await?;
    support::sign_in_with(&dana, server.addr, "/", "dana", &password).await?;
    dana.wait()
        .for_element(Locator::Css("[data-testid=choose-password]"))
        .await?;
    admin.close().await?;
    dana.close().await?;
    Ok(())
}
