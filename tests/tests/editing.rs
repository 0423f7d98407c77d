//! Managing a board in the browser: cards created, edited and archived; stages added, renamed,
//! reordered, limited and deleted; each change seen live in a second window.

mod support;

use anyhow::Result;
use fantoccini::Locator;
use fantoccini::key::Key;
use support::{column_action, column_names, column_titles, eventually};

fn enter() -> String {
    char::from(Key::Enter).to_string()
}

#[tokio::test]
async fn cards_and_stages_are_managed_and_seen_live() -> Result<()> {
    let windows = support::TwoWindows::open("Regional development").await?;
    let (a, b) = (&windows.a, &windows.b);

    // Create a card at the bottom of Intake.
    let title = "Kendirli desalination plant: tender";
    a.find(Locator::XPath(
        "//section[@aria-label='Intake']//button[contains(., 'Add a card')]",
    ))
    .await?
    .click()
    .await?;
    let input = a
        .find(Locator::Css("section[aria-label='Intake'] textarea"))
        .await?;
    input.send_keys(&format!("{title}{}", enter())).await?;
    eventually(5, "the new card in both windows", || async {
        Ok(
            column_titles(a, "Intake").await?.last().map(String::as_str) == Some(title)
                && column_titles(b, "Intake").await?.last().map(String::as_str) == Some(title),
        )
    })
    .await?;

    // A title that looks like markup is shown as text and runs nothing.
    let payload = r#"<img src=x onerror="window.__xss=1">"#;
    input.send_keys(&format!("{payload}{}", enter())).await?;
    eventually(
        5,
        "the markup-like title, as text, in the other window",
        || async {
            Ok(column_titles(b, "Intake")
                .await?
                .iter()
                .any(|t| t == payload))
        },
    )
    .await?;
    for window in [&a, &b] {
        let ran = window.execute("return window.__xss === 1", vec![]).await?;
        assert_eq!(ran.as_bool(), Some(false), "the payload ran");
    }

    // Edit its title and description in the card's dialog.
    a.find(Locator::XPath(&format!(
        "//li[@data-card][.//span[.='{title}']]"
    )))
    .await?
    .click()
    .await?;
    let title_input = a.wait().for_element(Locator::Css("#card-title")).await?;
    title_input.clear().await?;
    title_input
        .send_keys("Kendirli desalination plant: contract signed")
        .await?;
    a.find(Locator::Css("#card-description"))
        .await?
        .send_keys("Capacity 50,000 m³ per day.")
        .await?;
    a.find(Locator::Css(".dialog button[type=submit]"))
        .await?
        .click()
        .await?;
    eventually(5, "the edit in the other window", || async {
        let cards = b
            .find_all(Locator::XPath(
                "//li[@data-card][.//span[.='Kendirli desalination plant: contract signed']]",
            ))
            .await?;
        Ok(cards.len() == 1
            && cards[0]
                .text()
                .await?
                .contains("Capacity 50,000 m³ per day."))
    })
    .await?;

    // Archive it.
    a.find(Locator::XPath(
        "//li[@data-card][.//span[.='Kendirli desalination plant: contract signed']]",
    ))
    .await?
    .click()
    .await?;
    a.wait()
        .for_element(Locator::XPath("//div[@role='dialog']//button[.='Archive']"))
        .await?
        .click()
        .await?;
    eventually(5, "the card gone from both windows", || async {
        let gone = |titles: Vec<String>| !titles.iter().any(|t| t.starts_with("Kendirli"));
        Ok(gone(column_titles(a, "Intake").await?) && gone(column_titles(b, "Intake").await?))
    })
    .await?;
    let archive = b
        .find(Locator::XPath("//button[starts-with(., 'Archived')]"))
        .await?;
    assert_eq!(archive.text().await?, "Archived (1)");

    // Add a stage, rename it, move it left.
    a.find(Locator::XPath("//button[contains(., 'Add a stage')]"))
        .await?
        .click()
        .await?;
    a.find(Locator::Css("input[aria-label='Name of the new stage']"))
        .await?
        .send_keys(&format!("Verification{}", enter()))
        .await?;
    eventually(
        5,
        "the new stage at the end in the other window",
        || async { Ok(column_names(b).await?.last().map(String::as_str) == Some("Verification")) },
    )
    .await?;
    column_action(a, "Verification", "Rename").await?;
    let name = a
        .find(Locator::Css("input[aria-label='Stage name']"))
        .await?;
    name.clear().await?;
    name.send_keys(&format!("Verified by the Project Office{}", enter()))
        .await?;
    column_action(a, "Verified by the Project Office", "Move left").await?;
    eventually(
        5,
        "the renamed stage, moved left, in the other window",
        || async {
            Ok(column_names(b).await?
                == [
                    "Intake",
                    "Road map",
                    "In progress",
                    "Reported",
                    "Verified by the Project Office",
                    "Done",
                ])
        },
    )
    .await?;

    // A WIP limit below the card count shows the column as over its limit.
    column_action(a, "In progress", "Set WIP limit").await?;
    a.find(Locator::Css(
        "input[aria-label='WIP limit (empty for none)']",
    ))
    .await?
    .send_keys(&format!("1{}", enter()))
    .await?;
    eventually(
        5,
        "In progress over its limit in the other window",
        || async {
            let col = b
                .find(Locator::Css("section[aria-label='In progress']"))
                .await?;
            Ok(col
                .attr("class")
                .await?
                .unwrap_or_default()
                .contains("over-limit"))
        },
    )
    .await?;

    // A stage that still holds cards is not deleted; an empty one is, after confirmation.
    column_action(a, "Intake", "Delete stage").await?;
    let toast = a.wait().for_element(Locator::Css(".toast-error")).await?;
    assert!(
        toast.text().await?.contains("still holds"),
        "{}",
        toast.text().await?
    );
    assert!(column_names(a).await?.contains(&"Intake".to_owned()));
    column_action(a, "Verified by the Project Office", "Delete stage").await?;
    a.accept_alert().await?;
    eventually(5, "the empty stage deleted in the other window", || async {
        Ok(column_names(b).await? == ["Intake", "Road map", "In progress", "Reported", "Done"])
    })
    .await?;

    support::screenshot(b, "edited").await?;
    windows.close().await?;
    Ok(())
}

/// Two people edit one card: B changes the title while A's dialog is open; A is told, and
/// A's save of the description alone keeps B's title.
#[tokio::test]
async fn an_edit_does_not_undo_a_colleagues_change() -> Result<()> {
    let windows = support::TwoWindows::open("Healthcare").await?;
    let (a, b) = (&windows.a, &windows.b);
    let card = support::column_cards(a, "Intake").await?[0].clone();
    let card_title = format!("[data-card='{card}'] .card-title");
    a.find(Locator::Css(&card_title)).await?.click().await?;
    a.wait().for_element(Locator::Css("#card-title")).await?;

    b.find(Locator::Css(&card_title)).await?.click().await?;
    let title = b.wait().for_element(Locator::Css("#card-title")).await?;
    title.clear().await?;
    title.send_keys("Polyclinics: new wing opened").await?;
    b.find(Locator::Css(".dialog button[type=submit]"))
        .await?
        .click()
        .await?;

    eventually(
        5,
        "A told of B's change, with B's title in the dialog",
        || async {
            let note = a
                .find_all(Locator::Css("[data-testid=changed-meanwhile]"))
                .await?;
            let shown = a
                .find(Locator::Css("#card-title"))
                .await?
                .prop("value")
                .await?;
            Ok(note.len() == 1
                && note[0].text().await?.contains("Bolat")
                && shown.as_deref() == Some("Polyclinics: new wing opened"))
        },
    )
    .await?;
    a.find(Locator::Css("#card-description"))
        .await?
        .send_keys(" Staff hired.")
        .await?;
    a.find(Locator::Css(".dialog button[type=submit]"))
        .await?
        .click()
        .await?;
    eventually(5, "both changes kept in both windows", || async {
        for window in [a, b] {
            let text = window
                .find(Locator::Css(&format!("[data-card='{card}']")))
                .await?
                .text()
                .await?;
            if !(text.contains("Polyclinics: new wing opened") && text.contains("Staff hired.")) {
                return Ok(false);
            }
        }
        Ok(true)
    })
    .await?;
    Ok(())
}

/// Archiving a card and moving one each offer Undo for a few seconds; Undo puts the card back,
/// for everyone.
#[tokio::test]
async fn an_archive_and_a_move_can_be_undone() -> Result<()> {
    let windows = support::TwoWindows::open("Industry").await?;
    let (a, b) = (&windows.a, &windows.b);
    let card = support::column_cards(a, "Intake").await?[0].clone();
    a.find(Locator::Css(&format!("[data-card='{card}'] .card-title")))
        .await?
        .click()
        .await?;
    a.wait()
        .for_element(Locator::Css(".dialog button.danger"))
        .await?
        .click()
        .await?;
    eventually(5, "the card archived in the other window", || async {
        Ok(!support::column_cards(b, "Intake").await?.contains(&card))
    })
    .await?;
    a.wait().for_element(Locator::Css(".toast-undo")).await?;
    support::screenshot(a, "undo").await?;
    a.wait()
        .for_element(Locator::Css(".toast-undo"))
        .await?
        .click()
        .await?;
    eventually(5, "the card back in Intake for both", || async {
        Ok(support::column_cards(a, "Intake").await?.contains(&card)
            && support::column_cards(b, "Intake").await?.contains(&card))
    })
    .await?;

    // A keyboard move, undone.
    a.execute(
        "document.querySelector(`[data-card='${arguments[0]}']`).focus()",
        vec![card.clone().into()],
    )
    .await?;
    for key in [" ", "\u{E014}", " "] {
        a.active_element().await?.send_keys(key).await?;
    }
    eventually(5, "the card moved to Road map", || async {
        Ok(support::column_cards(b, "Road map").await?.contains(&card))
    })
    .await?;
    a.wait()
        .for_element(Locator::Css(".toast-undo"))
        .await?
        .click()
        .await?;
    eventually(5, "the move undone for both", || async {
        Ok(support::column_cards(b, "Intake").await?.contains(&card)
            && support::column_cards(a, "Intake").await?.contains(&card))
    })
    .await?;
    Ok(())
}
