//! A board's past read from the kept copies along its history equals the board rebuilt from the
//! whole log, at any moment, on both databases.

mod common;

use common::Backend;
use qadam_shared::portfolio::rebuild;
use qadam_shared::{Board, BoardId, CardId, ClientOpId, ColumnId, Committed, Op, OrderKey, apply};

/// A board whose log holds 12,000 moves, one a minute, after its stages and 40 tasks.
async fn busy_board(state: &qadam_server::AppState) -> (BoardId, Vec<Committed>) {
    let id = BoardId::random();
    let mut board = Board::new(id, "Busy", "Benchmark team");
    state.store.create_board(&board, 50).await.unwrap();
    let start = qadam_server::clock::now_millis() - 12_100 * 60_000;
    let mut log: Vec<Committed> = Vec::new();
    let mut commit = |board: &mut Board, op: Op| {
        let at = start + log.len() as i64 * 60_000;
        let stamp = qadam_shared::Stamp {
            by_id: None,
            by: "test".into(),
            at,
        };
        let op = apply(board, &op, &stamp).unwrap();
        log.push(Committed {
            seq: log.len() as u64 + 1,
            op,
            author: "test".into(),
            author_id: None,
            at,
            client_op: Some(ClientOpId::random()),
        });
    };
    let columns: Vec<ColumnId> = (0..4).map(|_| ColumnId::random()).collect();
    for ((i, column), position) in columns.iter().enumerate().zip(OrderKey::sequence(None, 4)) {
        let op = Op::AddColumn {
            column: *column,
            name: format!("Stage {i}"),
            position,
        };
        commit(&mut board, op);
    }
    let cards: Vec<CardId> = (0..40).map(|_| CardId::random()).collect();
    for (i, card) in cards.iter().enumerate() {
        let position = board.card_key_at(columns[0], *card, usize::MAX);
        let op = Op::CreateCard {
            card: *card,
            column: columns[0],
            position,
            title: format!("Task {i}"),
            description: String::new(),
        };
        commit(&mut board, op);
    }
    for i in 0..12_000 {
        let (card, column) = (cards[i * 7 % 40], columns[i % 4]);
        let position = board.card_key_at(column, card, i % 5);
        commit(
            &mut board,
            Op::MoveCard {
                card,
                column,
                position,
            },
        );
    }
    let log = {
        state
            .store
            .begin_commit(id)
            .await
            .unwrap()
            .finish(&board, &log, &[])
            .await
            .unwrap();
        log
    };
    (id, log)
}

async fn a_past_from_a_kept_copy_is_the_past_from_the_whole_log(backend: Backend) {
    let (state, _db) = common::seeded_state(backend).await;
    let (id, log) = busy_board(&state).await;
    // The history is built (and its copies taken) before the past is read.
    drop(state.histories.of(&state, id).await.unwrap());
    for k in [0usize, 44, 4_999, 5_044, 7_777, 10_044, 12_043] {
        let at = log[k].at;
        let past = state.histories.board_at(&state, id, at).await.unwrap();
        let whole = rebuild(id, "Busy", "Benchmark team", &log[..=k]);
        assert_eq!(past.seq, log[k].seq, "entry {k}");
        assert_eq!(past.board, whole, "entry {k}");
    }
}

on_both_backends!(a_past_from_a_kept_copy_is_the_past_from_the_whole_log);
