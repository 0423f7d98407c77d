//! Performance figures of the Project Office's views, printed (no assertions): `cargo xtask
//! bench`. Everything goes through the real router and a real SQLite file (synchronous=FULL), in
//! this process, timed from request to the last byte of the answer:
//!
//! - a board with a year of history (50,000 log entries): its metrics over the year (the first
//!   read replays the whole log; later ones carry the kept replay on), the board as it was at
//!   dates across the year, and a week's stocktake as JSON and as an Excel file;
//! - the portfolio of the seeded office with 10,000 more tasks spread over the ten boards.

use axum::body::Body;
use axum::http::Request;
use chrono::{Days, NaiveDate};
use futures_util::future::join_all;
use http_body_util::BodyExt;
use qadam_server::AppState;
use qadam_server::clock::now_millis;
use qadam_server::config::Config;
use qadam_shared::authority::Author;
use qadam_shared::delivery::office_date;
use qadam_shared::{
    Board, BoardId, CardId, ClientOpId, ColumnId, Committed, Op, OrderKey, Rag, apply,
};
use std::time::Instant;
use tower::ServiceExt;

const DAY_MS: i64 = 24 * 3600 * 1000;
const YEAR_ENTRIES: usize = 50_000;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("Qadam office views benchmarks ({cores} cores), SQLite file, in process\n");
    let dir = tempfile::tempdir()?;
    let config = Config::for_database(&dir.path().join("bench.db").display().to_string());
    let state = AppState::open(&config).await?;
    let cookie = session(&state).await?;
    let app = qadam_server::http::app(state.clone());
    let get = |uri: String| {
        let (app, cookie) = (app.clone(), cookie.clone());
        async move {
            let request = Request::get(&uri)
                .header("cookie", cookie)
                .body(Body::empty())?;
            let started = Instant::now();
            let response = app.oneshot(request).await?;
            let status = response.status();
            let body = response.into_body().collect().await?.to_bytes();
            anyhow::ensure!(status == 200, "{uri} answered {status}");
            Ok::<_, anyhow::Error>((ms(started), body.len()))
        }
    };

    let id = year_board(&state).await?;
    let today = office_date(now_millis());
    let year_ago = today - Days::new(365);
    let metrics = format!("/api/boards/{id}/metrics?from={year_ago}&to={today}");
    let (first, bytes) = get(metrics.clone()).await?;
    let mut kept = Vec::new();
    for _ in 0..10 {
        kept.push(get(metrics.clone()).await?.0);
    }
    let handle = state.hub.board(id).await?;
    let board = handle.subscribe().await?.board;
    let open: Vec<CardId> = board
        .cards
        .values()
        .filter(|c| !c.archived)
        .map(|c| c.id)
        .collect();
    let columns: Vec<ColumnId> = board.ordered_columns().iter().map(|c| c.id).collect();
    let author = Author::system("bench");
    let moves = (0..500).map(|i| {
        let (card, column) = (open[i % open.len()], columns[i % 4]);
        let op = Op::MoveCard {
            card,
            column,
            position: board.card_key_at(column, card, 0),
        };
        handle.submit(ClientOpId::random(), op, author.clone())
    });
    for done in join_all(moves).await {
        done?;
    }
    let (after, _) = get(metrics.clone()).await?;
    let started = Instant::now();
    let log = state.store.events_between(id, 0, u64::MAX).await?;
    let read = ms(started);
    let started = Instant::now();
    let mut history = qadam_shared::metrics::History::new(id, "", "");
    history.replay(&log);
    let replayed = ms(started);
    println!(
        "metrics of a board with a year of history ({YEAR_ENTRIES} log entries, {} tasks open), over the year:",
        open.len()
    );
    println!(
        "  first read (the whole log read and replayed): {first:.0} ms, {:.0} KB JSON; of which reading the log {read:.0} ms, replaying it {replayed:.0} ms",
        bytes as f64 / 1024.0
    );
    println!(
        "  again (the kept replay): median {:.1} ms; after 500 more moves: {after:.1} ms",
        median(&mut kept)
    );

    let mut past = Vec::new();
    for k in 0..20 {
        let at = now_millis() - 365 * DAY_MS + k * 18 * DAY_MS;
        past.push(get(format!("/api/boards/{id}/as-of?at={at}")).await?.0);
    }
    println!(
        "  the board as it was at 20 dates across the year: median {:.0} ms, slowest {:.0} ms",
        median(&mut past),
        past.last().copied().unwrap_or_default()
    );
    let mut weeks = Vec::new();
    for _ in 0..5 {
        weeks.push(get(format!("/api/boards/{id}/stocktake")).await?.0);
    }
    let (xlsx, xlsx_bytes) = get(format!("/api/boards/{id}/stocktake?format=xlsx&lang=ru")).await?;
    println!(
        "  last week's stocktake: median {:.0} ms as JSON; as an Excel file {xlsx:.0} ms, {:.0} KB\n",
        median(&mut weeks),
        xlsx_bytes as f64 / 1024.0
    );

    let added = fill_office(&state).await?;
    let (cold, portfolio_bytes) = get("/api/portfolio".into()).await?;
    let mut warm = Vec::new();
    for _ in 0..10 {
        warm.push(get("/api/portfolio".into()).await?.0);
    }
    println!(
        "portfolio: the seeded office with {added} more tasks over the ten boards, and the year's board:"
    );
    println!(
        "  first read (each board a week before rebuilt from its log): {cold:.0} ms; then median {:.1} ms; {:.0} KB JSON",
        median(&mut warm),
        portfolio_bytes as f64 / 1024.0
    );
    Ok(())
}

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

/// The median; sorts the figures, so the last is then the slowest.
fn median(figures: &mut [f64]) -> f64 {
    figures.sort_by(f64::total_cmp);
    figures.get(figures.len() / 2).copied().unwrap_or_default()
}

/// An administrator's session cookie.
async fn session(state: &AppState) -> anyhow::Result<String> {
    let id = qadam_shared::UserId::random();
    let person =
        qadam_server::storage::accounts::NewUser::new(id, "bench-admin", "Bench", "-", true);
    state.store.create_user(&person, 0).await?;
    let token = qadam_server::auth::start_session(state, id, "bench").await?;
    Ok(qadam_server::auth::cookie_header(&token))
}

/// A small deterministic random walk.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// A board and its log being written, an entry every `step` milliseconds from `start`.
struct Year {
    board: Board,
    log: Vec<Committed>,
    start: i64,
    step: i64,
}

impl Year {
    fn now(&self) -> i64 {
        self.start + self.log.len() as i64 * self.step
    }

    fn commit(&mut self, op: Op) {
        let at = self.now();
        let stamp = qadam_shared::Stamp {
            by_id: None,
            by: "bench".into(),
            at,
        };
        if let Ok(applied) = apply(&mut self.board, &op, &stamp) {
            self.log.push(Committed {
                seq: self.log.len() as u64 + 1,
                op: applied,
                author: "bench".into(),
                author_id: None,
                at,
                client_op: Some(ClientOpId::random()),
            });
        }
    }
}

/// A board whose log spans the last year: tasks arriving, moving stage by stage to done and put
/// away, judged and given deadlines that are sometimes extended; written to the database as the
/// board tasks write their commits.
async fn year_board(state: &AppState) -> anyhow::Result<BoardId> {
    let id = BoardId::random();
    let board = Board::new(id, "A year of water", "Benchmark team");
    state.store.create_board(&board, 100).await?;
    let mut year = Year {
        board,
        log: Vec::with_capacity(YEAR_ENTRIES),
        start: now_millis() - 365 * DAY_MS,
        step: 365 * DAY_MS / YEAR_ENTRIES as i64,
    };
    let columns: Vec<ColumnId> = (0..5).map(|_| ColumnId::random()).collect();
    let names = ["Intake", "Road map", "In progress", "Reported", "Done"];
    for ((column, name), position) in columns.iter().zip(names).zip(OrderKey::sequence(None, 5)) {
        year.commit(Op::AddColumn {
            column: *column,
            name: name.into(),
            position,
        });
    }
    let mut dice = Dice(7);
    let mut open: Vec<CardId> = Vec::new();
    let mut made = 0;
    while year.log.len() < YEAR_ENTRIES {
        let day = office_date(year.now());
        if open.len() < 300 || dice.roll(10) == 0 {
            let card = CardId::random();
            made += 1;
            let position = year.board.card_key_at(columns[0], card, usize::MAX);
            year.commit(Op::CreateCard {
                card,
                column: columns[0],
                position,
                title: format!("Task {made}: a water pipeline for a district centre"),
                description: String::new(),
            });
            let first = due(day, 20 + dice.roll(60));
            year.commit(Op::SetDeadline {
                card,
                due: first,
                reason: String::new(),
            });
            open.push(card);
            continue;
        }
        let pick = dice.roll(open.len());
        let card = open[pick];
        let Some(now) = year.board.cards.get(&card) else {
            continue;
        };
        let stage = columns.iter().position(|c| *c == now.column).unwrap_or(0);
        match dice.roll(20) {
            0..=13 if stage + 1 < columns.len() => {
                let column = columns[stage + 1];
                let position = year.board.card_key_at(column, card, usize::MAX);
                year.commit(Op::MoveCard {
                    card,
                    column,
                    position,
                });
            }
            0..=13 => {
                year.commit(Op::ArchiveCard { card });
                open.swap_remove(pick);
            }
            14..=17 => {
                let rag = Rag::ALL[dice.roll(4)];
                year.commit(Op::JudgeDelivery {
                    card,
                    rag,
                    reason: "Procurement late".into(),
                });
            }
            _ => {
                let later = due(day, 30 + dice.roll(60));
                year.commit(Op::SetDeadline {
                    card,
                    due: later,
                    reason: "The contractor asked for more time".into(),
                });
            }
        }
    }
    state
        .store
        .begin_commit(id)
        .await?
        .finish(&year.board, &year.log, &[])
        .await?;
    Ok(id)
}

fn due(day: NaiveDate, days: usize) -> NaiveDate {
    day + Days::new(days as u64)
}

/// Adds 1,000 tasks to each seeded board, a third of them judged red and each with a deadline,
/// through the boards' own tasks; returns how many.
async fn fill_office(state: &AppState) -> anyhow::Result<usize> {
    let author = Author::system("bench");
    let mut added = 0;
    for id in state.store.board_ids().await? {
        let handle = state.hub.board(id).await?;
        let board = handle.subscribe().await?.board;
        if board.name == "A year of water" {
            continue;
        }
        let settings = Op::SetBoardSettings {
            settings: Default::default(),
        };
        handle
            .submit(ClientOpId::random(), settings, author.clone())
            .await?;
        let columns: Vec<ColumnId> = board.ordered_columns().iter().map(|c| c.id).collect();
        let today = office_date(now_millis());
        for chunk in (0..1_000).collect::<Vec<usize>>().chunks(250) {
            let mut ops = Vec::new();
            for &i in chunk {
                let card = CardId::random();
                let column = columns[i % (columns.len() - 1)];
                ops.push(Op::CreateCard {
                    card,
                    column,
                    position: OrderKey::between(None, None),
                    title: format!("Task {i}: modernise a regional heat and power plant"),
                    description: String::new(),
                });
                ops.push(Op::SetDeadline {
                    card,
                    due: due(today, i % 90) - Days::new(30),
                    reason: String::new(),
                });
                if i % 3 == 0 {
                    ops.push(Op::JudgeDelivery {
                        card,
                        rag: Rag::Red,
                        reason: "No contractor".into(),
                    });
                }
            }
            // A card's operations go in order; different cards' at once.
            let mut by_card: Vec<Vec<Op>> = Vec::new();
            for op in ops {
                match (&op, by_card.last_mut()) {
                    (Op::CreateCard { .. }, _) | (_, None) => by_card.push(vec![op]),
                    (_, Some(last)) => last.push(op),
                }
            }
            let sent = by_card.into_iter().map(|ops| {
                let (handle, author) = (handle.clone(), author.clone());
                async move {
                    for op in ops {
                        handle
                            .submit(ClientOpId::random(), op, author.clone())
                            .await?;
                    }
                    Ok::<_, anyhow::Error>(())
                }
            });
            for done in join_all(sent).await {
                done?;
            }
            added += chunk.len();
        }
    }
    Ok(added)
}
