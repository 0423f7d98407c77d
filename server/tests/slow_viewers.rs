//! A viewer too slow for its board: what it missed comes from the log while that is cheaper
//! than a snapshot; a viewer that stops reading is given up (its browser reconnects) while the
//! others on the board keep getting every change at once.

mod common;

use common::Backend;
use futures_util::StreamExt;
use futures_util::future::join_all;
use qadam_shared::authority::Author;
use qadam_shared::{ClientOpId, Op, ServerMsg};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;

/// Edits of one card's description, `n` of them, each `bytes` long, committed at once.
async fn edits(
    state: &qadam_server::AppState,
    board: qadam_shared::BoardId,
    n: usize,
    bytes: usize,
) {
    let handle = state.hub.board(board).await.unwrap();
    let now = handle.subscribe().await.unwrap().board;
    let card = now.cards.values().find(|c| !c.archived).unwrap().id;
    for chunk in (0..n).collect::<Vec<_>>().chunks(200) {
        let sent = chunk.iter().map(|i| {
            let op = Op::EditCard {
                card,
                title: None,
                description: Some(format!("{i:06} {}", "к".repeat(bytes / 2))),
            };
            handle.submit(ClientOpId::random(), op, Author::system("Bolat"))
        });
        for done in join_all(sent).await {
            done.unwrap();
        }
    }
}

async fn what_was_missed_is_read_from_the_log_up_to_a_bound(backend: Backend) {
    let (state, _db) = common::seeded_state(backend).await;
    let (board, seq) = common::first_board(&state).await;
    edits(&state, board.id, 2_100, 10).await;
    let handle = state.hub.board(board.id).await.unwrap();
    let latest = handle.subscribe().await.unwrap().seq;
    assert_eq!(latest, seq + 2_100);
    assert!(
        handle.missed(seq).await.unwrap().is_none(),
        "2,100 behind: start again"
    );
    let missed = handle.missed(latest - 10).await.unwrap().unwrap();
    let seqs: Vec<u64> = missed.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, ((latest - 9)..=latest).collect::<Vec<_>>());
}

on_both_backends!(what_was_missed_is_read_from_the_log_up_to_a_bound);

/// One viewer stops reading while 20 MB of changes go out: it falls more than a snapshot behind,
/// is told so and closed instead of being fed the log, and the other viewer gets every change
/// as it happens.
#[tokio::test]
async fn a_viewer_that_stops_reading_is_given_up_and_the_others_go_on() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (board, _) = common::first_board(&state).await;
    let server = common::Running::start(state.clone()).await;
    let mut stuck = common::connect(&server, &state, &board, "Stuck", None).await;
    common::expect_snapshot(&mut stuck).await;
    let mut reader = common::connect(&server, &state, &board, "Reader", None).await;
    let (_, start) = common::expect_snapshot(&mut reader).await;

    const EDITS: u64 = 5_000;
    let writer = tokio::spawn({
        let state = state.clone();
        async move { edits(&state, board.id, EDITS as usize, 4_000).await }
    });
    let mut last = start;
    let mut slowest = Duration::ZERO;
    while last < start + EDITS {
        let waited = Instant::now();
        match common::next(&mut reader).await {
            ServerMsg::Committed(event) => last = event.seq,
            ServerMsg::Live { .. } => {}
            other => panic!("the reader got {other:?}"),
        }
        slowest = slowest.max(waited.elapsed());
    }
    writer.await.unwrap();
    assert!(
        slowest < Duration::from_secs(5),
        "the reader waited {slowest:?} for a change"
    );

    // The stuck viewer fell more than a snapshot behind: reading now drains what was buffered,
    // then why it was closed, then the end (its browser reconnects from a snapshot).
    let mut seen = 0u64;
    let mut why = None;
    let ended = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(Ok(frame)) = stuck.next().await {
            match frame {
                Message::Close(_) => break,
                Message::Text(text) => match serde_json::from_str(&text).unwrap() {
                    ServerMsg::Error { code, .. } => why = Some(code),
                    _ => seen += 1,
                },
                _ => {}
            }
        }
    })
    .await;
    assert!(ended.is_ok(), "the server ended the stuck socket");
    assert_eq!(why.as_deref(), Some("fallen_behind"));
    assert!(seen < EDITS, "it was cut off behind ({seen} frames)");
    server.stop();
}

/// A browser's socket carries no frame near a board's size, so its buffers (the library keeps
/// one frame's worth, flushed on every send) stay small on a large board: one too far behind
/// to catch up is sent back to HTTP, and one that catches up gets the missed events one frame
/// each.
#[tokio::test]
async fn a_browser_socket_never_carries_a_board_sized_frame() {
    use qadam_shared::limits::FRAME_MAX_BYTES;
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (board, seq) = common::first_board(&state).await;
    // 2,100 edits of 3 KB each: a board far larger than any one frame may be.
    edits(&state, board.id, 2_100, 3_000).await;
    let handle = state.hub.board(board.id).await.unwrap();
    let latest = handle.subscribe().await.unwrap().seq;
    let server = common::Running::start(state.clone()).await;

    let frames = |since| {
        let (server, state, board) = (&server, &state, &board);
        async move {
            let mut socket = common::connect(server, state, board, "Browser", Some(since)).await;
            let mut frames = Vec::new();
            while let Ok(Some(Ok(Message::Text(text)))) =
                tokio::time::timeout(Duration::from_secs(10), socket.next()).await
            {
                let msg: ServerMsg = serde_json::from_str(&text).unwrap();
                let live = matches!(msg, ServerMsg::Live { .. });
                frames.push((text.len(), msg));
                if live {
                    break;
                }
            }
            frames
        }
    };
    let far = frames(seq).await;
    assert!(
        matches!(&far[..], [(_, ServerMsg::Error { code, .. })] if code == "fallen_behind"),
        "2,100 behind: read the board over HTTP again, got {:?}",
        far.iter().map(|(_, m)| m).collect::<Vec<_>>()
    );
    let near = frames(latest - 1_500).await;
    assert_eq!(near.len(), 1_501, "each missed event, then live");
    assert_eq!(near.last().unwrap().1, ServerMsg::Live { seq: latest });
    let largest = near.iter().map(|(len, _)| *len).max().unwrap();
    assert!(
        largest < FRAME_MAX_BYTES,
        "the largest frame is {largest} bytes"
    );
    server.stop();
}
