//! Kazakh, Russian and English in the browser: the language menu, `<html lang>`, seeded names in
//! the viewer's language, Russian plurals, and the choice following the person to another
//! computer. Expected texts are read from the translation files, so the test follows them.

mod support;

use anyhow::{Context, Result};
use fantoccini::{Client, Locator};
use qadam_shared::Role;
use support::{Driver, Server, eventually};

/// A simple message of `app/locales/<language>/main.ftl` (one line, no variables).
fn message(language: &str, id: &str) -> Result<String> {
    let path = format!(
        "{}/../app/locales/{language}/main.ftl",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path)?;
    text.lines()
        .find_map(|line| line.strip_prefix(&format!("{id} = ")))
        .map(str::to_owned)
        .with_context(|| format!("{id} in {path}"))
}

/// A seeded board's or stage's name in `language`.
fn seeded(name: &str, language: &str) -> String {
    qadam_shared::seeded::in_language(name, language)
        .expect("a seeded name")
        .to_owned()
}

/// The Russian plural variant of a `{ $count -> … }` message for `n`, with `{ $count }` filled.
fn russian_plural(id: &str, n: u64) -> Result<String> {
    let path = format!("{}/../app/locales/ru/main.ftl", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path)?;
    let start = text.find(&format!("\n{id} = ")).context("message")?;
    let body = &text[start..];
    let category = match (n % 10, n % 100) {
        (1, m) if m != 11 => "one",
        (2..=4, m) if !(12..=14).contains(&m) => "few",
        _ => "many",
    };
    let variant = body
        .lines()
        .find_map(|l| l.trim().strip_prefix(&format!("[{category}] ")))
        .with_context(|| format!("[{category}] of {id}"))?;
    Ok(variant.replace("{ $count }", &n.to_string()))
}

async fn html_lang(browser: &Client) -> Result<String> {
    let lang = browser
        .execute("return document.documentElement.lang", vec![])
        .await?;
    Ok(lang.as_str().unwrap_or_default().to_owned())
}

async fn choose_language(browser: &Client, language: &str) -> Result<()> {
    browser
        .find(Locator::Css("[data-testid=language]"))
        .await?
        .select_by_value(language)
        .await?;
    Ok(())
}

#[tokio::test]
async fn the_board_speaks_the_chosen_language_on_every_computer() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    let dana = server
        .person("dana", "Dana", false, &[("Water", Role::Lead)])
        .await?;
    let board = server.board_id("Water").await?;
    let driver = Driver::start().await?;
    let office = driver.browser().await?;
    // The browser prefers English.
    support::open_board(&office, server.addr, &board, "dana").await?;
    assert_eq!(html_lang(&office).await?, "en");
    assert!(
        support::column_names(&office)
            .await?
            .contains(&seeded("Intake", "en"))
    );

    choose_language(&office, "ru").await?;
    let intake = seeded("Intake", "ru");
    eventually(5, "the board in Russian", || async {
        Ok(html_lang(&office).await? == "ru"
            && support::column_names(&office).await?.contains(&intake))
    })
    .await?;
    support::screenshot(&office, "board-in-russian").await?;
    let live = message("ru", "status-live")?;
    assert_eq!(support::connection_text(&office).await?, live);
    // Russian counts have three forms: each stage's count says its number the Russian way.
    let counts = office
        .execute(
            "return [...document.querySelectorAll('.column-header .column-count')].map(c => [c.textContent, c.getAttribute('title')])",
            vec![],
        )
        .await?;
    let counts: Vec<(String, String)> = serde_json::from_value(counts)?;
    assert!(!counts.is_empty());
    for (number, title) in counts {
        let n: u64 = number.trim().parse()?;
        assert_eq!(title, russian_plural("stage-count", n)?, "{n} cards");
    }

    // The card editor speaks Russian too.
    office
        .find(Locator::Css("[data-card]"))
        .await?
        .click()
        .await?;
    let label = office
        .wait()
        .for_element(Locator::Css("label[for=card-title]"))
        .await?
        .text()
        .await?;
    assert_eq!(label, message("ru", "card-title")?);
    office
        .find(Locator::Css(".dialog button.ghost"))
        .await?
        .click()
        .await?;

    // A refusal is said in Russian: a stage that holds cards cannot be deleted.
    office
        .find(Locator::Css(".column-menu button.icon"))
        .await?
        .click()
        .await?;
    office
        .find(Locator::Css(".menu button.danger"))
        .await?
        .click()
        .await?;
    let toast = office
        .wait()
        .for_element(Locator::Css(".toast-error"))
        .await?
        .text()
        .await?;
    let without_name = toast.replace(&intake, "");
    assert!(
        without_name.chars().any(|c| ('а'..='я').contains(&c))
            && !without_name.chars().any(|c| c.is_ascii_alphabetic()),
        "the refusal is in Russian: {toast}"
    );

    // Dates are written the Russian way; the choice survives a reload.
    office
        .goto(&format!("http://{}/account", server.addr))
        .await?;
    let today = office
        .execute(
            "return new Intl.DateTimeFormat('ru-RU', { dateStyle: 'medium' }).format(new Date())",
            vec![],
        )
        .await?;
    let today = today.as_str().unwrap_or_default().to_owned();
    eventually(5, "the session's date in Russian", || async {
        let times = office.find_all(Locator::Css(".session-times")).await?;
        for time in times {
            if time.text().await?.contains(&today) {
                return Ok(true);
            }
        }
        Ok(false)
    })
    .await?;
    assert_eq!(html_lang(&office).await?, "ru");

    // The embed page follows the browser's language: the board's name in Russian.
    let token = qadam_server::auth::token::generate();
    let embed = qadam_shared::EmbedLink::new(board.parse()?, "Intranet".into(), 0);
    server
        .state
        .store
        .create_embed(&embed, &qadam_server::auth::token::hash(&token), dana)
        .await?;
    office
        .goto(&format!("http://{}/embed/{token}", server.addr))
        .await?;
    let water = seeded("Water", "ru");
    eventually(10, "the embed in Russian", || async {
        let title = office.find_all(Locator::Css(".embed-title")).await?;
        Ok(match title.first() {
            Some(t) => t.text().await? == water,
            None => false,
        })
    })
    .await?;

    // Another computer, signed in as Dana: the board is in Russian from the start.
    let home = driver.browser().await?;
    support::sign_in_at(&home, server.addr, &format!("/boards/{board}"), "dana").await?;
    eventually(10, "Dana's language on the second computer", || async {
        Ok(html_lang(&home).await? == "ru")
    })
    .await?;

    // Kazakh, the state language, with its own letters.
    choose_language(&home, "kk").await?;
    let sign_out = message("kk", "menu-sign-out")?;
    eventually(5, "the top bar in Kazakh", || async {
        let text = home.find(Locator::Css(".user-menu")).await?.text().await?;
        Ok(html_lang(&home).await? == "kk" && text.contains(&sign_out))
    })
    .await?;
    support::screenshot(&home, "board-in-kazakh").await?;
    office.close().await?;
    home.close().await?;
    Ok(())
}

/// The sign-in page has the language menu; the people page speaks the choice.
#[tokio::test]
async fn the_language_is_chosen_on_the_sign_in_page() -> Result<()> {
    let _serial = support::serial().await;
    let server = Server::start().await?;
    server.person("office", "Office", true, &[]).await?;
    let driver = Driver::start().await?;
    let browser = driver.browser().await?;
    browser.goto(&format!("http://{}/", server.addr)).await?;
    browser.wait().for_element(Locator::Css("#login")).await?;
    choose_language(&browser, "kk").await?;
    let title = message("kk", "sign-in-title")?;
    eventually(5, "the sign-in page in Kazakh", || async {
        let heading = browser
            .find(Locator::Css(".sign-in h1"))
            .await?
            .text()
            .await?;
        Ok(heading == title && html_lang(&browser).await? == "kk")
    })
    .await?;
    support::screenshot(&browser, "sign-in-in-kazakh").await?;
    support::sign_in_at(&browser, server.addr, "/people", "office").await?;
    let people = message("kk", "people-title")?;
    eventually(5, "the people page in Kazakh", || async {
        let heading = browser.find(Locator::Css(".page h1")).await?.text().await?;
        Ok(heading == people)
    })
    .await?;
    browser.close().await?;
    Ok(())
}
