//! Fuzzing the wire decoders and the rules with proptest: any text a client sends either fails to
//! decode or decodes to an operation; any operation either is refused or is applied as an
//! operation that every reader (the log, the rows, the browser) takes back unchanged. Nothing
//! panics.

use proptest::prelude::*;
use qadam_shared::order::KEY_MAX_BYTES;
use qadam_shared::{
    Board, BoardId, CardId, ClientMsg, ColumnId, Committed, Op, OrderKey, ServerMsg, apply,
};

/// One board for the whole run, so generated operations name its cards and columns.
fn board() -> (Board, Vec<ColumnId>, Vec<CardId>) {
    static BOARD: std::sync::OnceLock<(Board, Vec<ColumnId>, Vec<CardId>)> =
        std::sync::OnceLock::new();
    BOARD.get_or_init(new_board).clone()
}

fn new_board() -> (Board, Vec<ColumnId>, Vec<CardId>) {
    let mut board = Board::new(BoardId::random(), "Energy", "Energy team");
    let columns: Vec<ColumnId> = (0..3).map(|_| ColumnId::random()).collect();
    for (column, key) in columns.iter().zip(OrderKey::sequence(None, 3)) {
        let op = Op::AddColumn {
            column: *column,
            name: "Stage".into(),
            position: key,
        };
        apply(&mut board, &op, &stamp()).unwrap();
    }
    let cards: Vec<CardId> = (0..4).map(|_| CardId::random()).collect();
    for (i, card) in cards.iter().enumerate() {
        let position = board.card_key_at(columns[i % 3], *card, usize::MAX);
        let op = Op::CreateCard {
            card: *card,
            column: columns[i % 3],
            position,
            title: "Task".into(),
            description: String::new(),
        };
        apply(&mut board, &op, &stamp()).unwrap();
    }
    (board, columns, cards)
}

/// Text of every kind: control characters, NUL, non-ASCII digits, long runs.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "[\\x00-\\x1f\\x7f a-zA-Zәғқңөұүһі\u{2028}\u{ff10}-\u{ff19}]{0,20}",
        (1usize..400).prop_map(|n| "ж".repeat(n)),
    ]
}

/// Key strings as a client could type them, valid or not.
fn key_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9a-f]{0,12}80",
        "[0-9a-fA-F８０]{0,6}",
        (
            0usize..=KEY_MAX_BYTES,
            prop_oneof![Just("ff"), Just("00"), Just("80")]
        )
            .prop_map(|(n, run)| format!("{}80", run.repeat(n))),
    ]
}

fn op_json(columns: Vec<ColumnId>, cards: Vec<CardId>) -> impl Strategy<Value = String> {
    let pick_card = proptest::sample::select(cards);
    let pick_column = proptest::sample::select(columns);
    (0u8..7, pick_card, pick_column, key_text(), text(), text(), any::<i64>()).prop_map(
        |(kind, card, column, key, a, b, n)| {
            let card = if n % 5 == 0 { CardId::random() } else { card };
            let value = match kind {
                0 => serde_json::json!({"type": "create_card", "card": CardId::random(), "column": column, "position": key, "title": a, "description": b}),
                1 => serde_json::json!({"type": "edit_card", "card": card, "title": a, "description": b}),
                2 => serde_json::json!({"type": "move_card", "card": card, "column": column, "position": key}),
                3 => serde_json::json!({"type": "add_column", "column": ColumnId::random(), "name": a, "position": key}),
                4 => serde_json::json!({"type": "rename_column", "column": column, "name": a}),
                5 => serde_json::json!({"type": "set_wip_limit", "column": column, "limit": n}),
                _ => serde_json::json!({"type": "move_column", "column": column, "position": key}),
            };
            serde_json::json!({"type": "submit", "id": uuid_like(n), "op": value}).to_string()
        },
    )
}

fn uuid_like(n: i64) -> String {
    format!(
        "00000000-0000-4000-8000-{:012x}",
        n.unsigned_abs() % (1 << 48)
    )
}

fn check(board: &mut Board, frame: &str) -> Result<(), TestCaseError> {
    let Ok(ClientMsg::Submit { op, .. }) = serde_json::from_str::<ClientMsg>(frame) else {
        return Ok(());
    };
    let before = board.clone();
    match apply(board, &op, &stamp()) {
        Err(_) => prop_assert_eq!(&*board, &before, "a refusal changed the board"),
        Ok(applied) => {
            let event = Committed {
                seq: 1,
                op: applied,
                author: "fuzz".into(),
                author_id: None,
                at: 0,
                client_op: None,
            };
            let text = serde_json::to_string(&ServerMsg::Committed(event.clone())).unwrap();
            prop_assert_eq!(
                serde_json::from_str::<ServerMsg>(&text).unwrap(),
                ServerMsg::Committed(event)
            );
            let text = serde_json::to_string(&*board).unwrap();
            prop_assert_eq!(&serde_json::from_str::<Board>(&text).unwrap(), &*board);
            for card in board.cards.values() {
                prop_assert!(card.position.fits());
                prop_assert!(!qadam_shared::text::has_control(&card.title, false));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Arbitrary bytes as a frame: decoding never panics.
    #[test]
    fn any_frame_decodes_or_fails_cleanly(frame in ".{0,200}") {
        let (mut board, _, _) = board();
        check(&mut board, &frame)?;
    }

    /// Well-formed frames with hostile contents, several in a row on one board.
    #[test]
    fn hostile_operations_leave_a_readable_board(
        frames in {
            let (_, columns, cards) = board();
            proptest::collection::vec(op_json(columns, cards), 1..30)
        },
    ) {
        let (mut board, _, _) = board();
        for frame in &frames {
            check(&mut board, frame)?;
        }
    }
}

fn stamp() -> qadam_shared::Stamp {
    qadam_shared::Stamp {
        by_id: None,
        by: "sim".into(),
        at: 1_800_000_000_000,
    }
}
