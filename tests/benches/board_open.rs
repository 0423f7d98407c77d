//! A 1,000-card board with every delivery field filled, as the Project Office's biggest team
//! would have it: how long headless Chromium takes from navigation to every card drawn, how
//! smooth a drag across it is, and how big its snapshot is on the wire; then every team's board
//! as full, and how long the portfolio over them takes to draw. Prints figures; asserts nothing
//! about time.

#[path = "../tests/support/mod.rs"]
mod support;

use anyhow::Result;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use fantoccini::{Client, Locator};
use flate2::Compression;
use flate2::write::GzEncoder;
use futures_util::future::join_all;
use qadam_shared::authority::Author;
use qadam_shared::delivery::{Source, SourceKind};
use qadam_shared::{Board, BoardId, CardId, ClientOpId, Op, Rag};
use std::io::Write;
use std::time::Duration;
use support::{Driver, Server};

const CARDS: usize = 1_000;

#[tokio::main]
async fn main() -> Result<()> {
    let server = Server::start().await?;
    server.person("aigerim", "Aigerim", true, &[]).await?;
    let board_id: BoardId = server.board_id("Energy").await?.parse()?;
    let bare = fill(&server, board_id).await?;
    let handle = server.state.hub.board(board_id).await?;
    let board = handle.subscribe().await?.board;
    println!(
        "Board: {} cards, every delivery field filled",
        board.cards.len()
    );
    let (json, gz) = sizes(&board)?;
    let (bare_json, bare_gz) = sizes(&bare)?;
    println!(
        "snapshot: {:.0} KB JSON, {:.0} KB gzip (the same cards with titles only: {:.0} KB, {:.0} KB gzip)",
        json / 1024.0,
        gz / 1024.0,
        bare_json / 1024.0,
        bare_gz / 1024.0
    );

    let driver = Driver::start().await?;
    let browser = driver.browser().await?;
    let url = format!("http://{}/boards/{board_id}", server.addr);
    support::sign_in_at(&browser, server.addr, "/", "aigerim").await?;
    let mut opens = Vec::new();
    for _ in 0..5 {
        opens.push(open_ms(&browser, &url).await?);
    }
    opens.sort_by(f64::total_cmp);
    println!(
        "open (navigation to {CARDS} cards drawn): median {:.0} ms, best {:.0} ms, worst {:.0} ms",
        opens[opens.len() / 2],
        opens[0],
        opens[opens.len() - 1]
    );
    let frames = drag_frames(&browser).await?;
    println!(
        "drag across the board: {} frames, median {:.1} ms, 95th percentile {:.1} ms, longest {:.1} ms",
        frames.len(),
        percentile(&frames, 0.5),
        percentile(&frames, 0.95),
        frames.last().copied().unwrap_or_default()
    );

    // Every team's board as full: the portfolio over 10,000 tasks.
    let mut tasks = 0;
    for (name, _) in qadam_shared::seeded::BOARDS {
        let id: BoardId = server.board_id(name).await?.parse()?;
        fill(&server, id).await?;
        tasks += server
            .state
            .hub
            .board(id)
            .await?
            .subscribe()
            .await?
            .board
            .cards
            .len();
    }
    let mut draws = Vec::new();
    for _ in 0..5 {
        draws.push(portfolio_ms(&browser, &format!("http://{}/portfolio", server.addr)).await?);
    }
    draws.sort_by(f64::total_cmp);
    println!(
        "portfolio over {tasks} tasks on the ten boards (navigation to every team's figures and the attention list drawn): median {:.0} ms, worst {:.0} ms",
        draws[draws.len() / 2],
        draws[draws.len() - 1]
    );
    browser.close().await?;
    Ok(())
}

/// Milliseconds from navigation start to the portfolio drawn: ten teams' rows and the tasks
/// that need attention.
async fn portfolio_ms(browser: &Client, url: &str) -> Result<f64> {
    browser.goto("about:blank").await?;
    browser.goto(url).await?;
    let value = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             (function check() {
                 const rows = document.querySelectorAll('[data-testid=portfolio-boards] tbody tr');
                 const attention = document.querySelectorAll('[data-testid=portfolio-attention] li');
                 if (rows.length >= 10 && attention.length > 0) {
                     requestAnimationFrame(() => done(performance.now()));
                 } else {
                     setTimeout(check, 5);
                 }
             })();",
            vec![],
        )
        .await?;
    Ok(value.as_f64().unwrap_or_default())
}

/// Adds cards with every field until the board holds `CARDS`; returns the board as it would be
/// with titles only, for comparison.
async fn fill(server: &Server, id: BoardId) -> Result<Board> {
    let handle = server.state.hub.board(id).await?;
    let board = handle.subscribe().await?.board;
    let columns: Vec<_> = board.ordered_columns().iter().map(|c| c.id).collect();
    let members: Vec<_> = server
        .state
        .store
        .members_of(id)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    // The seeded energy team's hard limit would refuse most of them.
    let author = Author::system("bench");
    let settings = Op::SetBoardSettings {
        settings: Default::default(),
    };
    handle
        .submit(ClientOpId::random(), settings, author.clone())
        .await?;
    let mut bare = (*board).clone();
    bare.settings = Default::default();
    let missing = CARDS.saturating_sub(board.cards.len());
    for chunk in (0..missing).collect::<Vec<_>>().chunks(200) {
        let mut ops = Vec::new();
        for &i in chunk {
            let card = CardId::random();
            let column = columns[i % (columns.len() - 1)];
            let title =
                format!("Task {i}: modernise the district heating network of a regional centre");
            let create = Op::CreateCard {
                card,
                column,
                position: bare.card_key_at(column, card, usize::MAX),
                title,
                description: "Terms of reference agreed with the akimat.".into(),
            };
            qadam_shared::apply(&mut bare, &create, &Default::default())
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            ops.push(create);
            let due =
                chrono::NaiveDate::from_ymd_opt(2027, 1 + (i % 12) as u32, 1 + (i % 28) as u32)
                    .expect("a date");
            ops.extend([
                Op::SetAgency {
                    card,
                    agency: Some("min-energy".into()),
                },
                Op::SetProject {
                    card,
                    project: Some("fiscal-platforms".into()),
                },
                Op::SetDeadline {
                    card,
                    due,
                    reason: String::new(),
                },
                Op::JudgeDelivery {
                    card,
                    rag: Rag::ALL[i % 4],
                    reason: "Financing confirmed; procurement under way".into(),
                },
                Op::SetSpecialControl {
                    card,
                    on: i % 10 == 0,
                },
                Op::SetSource {
                    card,
                    source: Some(Source {
                        kind: SourceKind::NationalPlan,
                        number: "611".into(),
                        date: chrono::NaiveDate::from_ymd_opt(2024, 7, 30),
                        paragraph: format!("3.{i}"),
                    }),
                },
                Op::SetAssignees {
                    card,
                    assignees: members.iter().take(1 + i % 2).copied().collect(),
                },
            ]);
        }
        let results = join_all(
            ops.into_iter()
                .map(|op| handle.submit(ClientOpId::random(), op, author.clone())),
        )
        .await;
        for r in results {
            r?;
        }
    }
    Ok(bare)
}

/// The board's snapshot JSON and its gzip, in bytes.
fn sizes(board: &Board) -> Result<(f64, f64)> {
    let json = serde_json::to_vec(board)?;
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(&json)?;
    Ok((json.len() as f64, gz.finish()?.len() as f64))
}

/// Milliseconds from navigation start to every card drawn, as the page's own clock says.
async fn open_ms(browser: &Client, url: &str) -> Result<f64> {
    browser.goto("about:blank").await?;
    browser.goto(url).await?;
    let value = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const want = arguments[0];
             (function check() {
                 if (document.querySelectorAll('[data-card]').length >= want) {
                     requestAnimationFrame(() => done(performance.now()));
                 } else {
                     setTimeout(check, 5);
                 }
             })();",
            vec![serde_json::json!(CARDS)],
        )
        .await?;
    Ok(value.as_f64().unwrap_or_default())
}

/// Frame intervals (ms, sorted) while the mouse drags a card across the board.
async fn drag_frames(browser: &Client) -> Result<Vec<f64>> {
    browser
        .execute(
            "window.__frames = []; let last = performance.now();
             (function tick(now) { window.__frames.push(now - last); last = now;
               if (window.__frames.length < 2000) requestAnimationFrame(tick); })(last);",
            vec![],
        )
        .await?;
    let card = browser.find(Locator::Css("[data-card]")).await?;
    let target = browser
        .find(Locator::XPath("(//ul[contains(@class,'column-cards')])[4]"))
        .await?;
    let mut drag = MouseActions::new("mouse".into());
    for step in support::press_and_glide(card, target) {
        drag = drag.then(step);
    }
    let drag = drag
        .then(PointerAction::Pause {
            duration: Duration::from_millis(200),
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    browser.execute("window.__frames = [];", vec![]).await?;
    browser.perform_actions(drag).await?;
    browser.release_actions().await?;
    let frames = browser.execute("return window.__frames", vec![]).await?;
    let mut frames: Vec<f64> = serde_json::from_value(frames)?;
    frames.sort_by(f64::total_cmp);
    Ok(frames)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}
