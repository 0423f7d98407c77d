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
    server
        .person("dana", "Dana", false, &[("Water", Role::Member)])
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
            .contains(&message("en", "seed-stage-intake")?)
    );

    choose_language(&office, "ru").await?;
    let intake = message("ru", "seed-stage-intake")?;
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
            "return [...document.querySelectorAll('.column-count')].map(c => [c.textContent, c.getAttribute('title')])",
            vec![],
        )
        .await?;
    let counts: Vec<(String, String)> = serde_json::from_value(counts)?;
    assert!(!counts.is_empty());
    for (number, title) in counts {
        let n: u64 = number.trim().parse()?;
        assert_eq!(title, russian_plural("stage-count", n)?, "{n} cards");
    }

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
