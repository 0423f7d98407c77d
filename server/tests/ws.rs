//! The board WebSocket against a real server on a loopback port.

mod common;

use common::{Backend, Running, connect, expect_snapshot, move_first_card_to, next, submit};
use futures_util::{SinkExt, StreamExt};
use qadam_shared::api::codes;
use qadam_shared::{CardId, ClientMsg, ClientOpId, Op, OrderKey, ServerMsg};
use tokio_tungstenite::connect_async;
use tokio_tungstenite::tungstenite::Message;

async fn two_clients_see_each_others_changes(backend: Backend) {
    let (state, _dir) = common::seeded_state(backend).await;
    let (board, seq) = common::first_board(&state).await;
    let server = Running::start(state.clone()).await;
    let mut a = connect(&server, &state, &board, "Aigerim", None).await;
    let mut b = connect(&server, &state, &board, "Bolat", None).await;
    assert_eq!(expect_snapshot(&mut a).await, (board.clone(), seq));
    expect_snapshot(&mut b).await;

    let (card, op) = move_first_card_to(&board, 2);
    let id = submit(&mut a, &op).await;
    for socket in [&mut a, &mut b] {
        match next(socket).await {
            ServerMsg::Committed(c) => {
                assert_eq!(
                    (c.seq, c.client_op, c.author.as_str()),
                    (seq + 1, Some(id), "Aigerim")
                );
                assert_eq!(c.op, op);
            }
            other => panic!("expected the commit, got {other:?}"),
        }
    }

    let op = Op::EditCard {
        card,
        title: Some("Aktau port: grain terminal".into()),
        description: None,
    };
    submit(&mut b, &op).await;
    match next(&mut a).await {
        ServerMsg::Committed(c) => assert_eq!((c.seq, c.author.as_str()), (seq + 2, "Bolat")),
        other => panic!("expected the commit, got {other:?}"),
    }
    server.stop();
}

async fn refusals_and_bad_frames_get_an_answer_and_the_socket_stays_usable(backend: Backend) {
    let (state, _dir) = common::seeded_state(backend).await;
    let (board, seq) = common::first_board(&state).await;
    let server = Running::start(state.clone()).await;
    let mut a = connect(&server, &state, &board, "Aigerim", None).await;
    expect_snapshot(&mut a).await;

    let id = submit(
        &mut a,
        &Op::ArchiveCard {
            card: CardId::random(),
        },
    )
    .await;
    match next(&mut a).await {
        ServerMsg::Rejected { id: got, rejection } => {
            assert_eq!(got, id);
            assert_eq!(rejection.code.as_str(), "card_not_found");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }

    // Each refusal says what was wrong, and which operation it was.
    let no_such_day = format!(
        r#"{{"type":"submit","id":"{}","op":{{"type":"set_deadline","card":"{}","due":"2026-02-30"}}}}"#,
        ClientOpId::random(),
        CardId::random()
    );
    let frames = [
        (Message::text("{not json"), "malformed", "line 1"),
        (
            Message::text(r#"{"type":"submit","id":"x","op":{}}"#),
            "malformed",
            "UUID",
        ),
        (Message::text(no_such_day), "malformed", "set_deadline"),
        (Message::binary(vec![1, 2, 3]), "binary_frame", "JSON"),
        (
            Message::text(format!(r#"{{"pad":"{}"}}"#, "x".repeat(100_000))),
            "frame_too_large",
            "bytes",
        ),
    ];
    for (frame, code, names) in frames {
        a.send(frame).await.unwrap();
        match next(&mut a).await {
            ServerMsg::Error { code: got, message } => {
                assert_eq!(got, code);
                assert!(message.contains(names), "{code}: {message}");
            }
            other => panic!("expected a protocol error, got {other:?}"),
        }
    }

    // A heartbeat is answered at once.
    a.send(Message::text(r#"{"type":"ping"}"#)).await.unwrap();
    assert_eq!(next(&mut a).await, ServerMsg::Pong);

    let (_, op) = move_first_card_to(&board, 1);
    submit(&mut a, &op).await;
    match next(&mut a).await {
        ServerMsg::Committed(c) => assert_eq!(c.seq, seq + 1, "nothing before was committed"),
        other => panic!("expected the commit, got {other:?}"),
    }
    server.stop();
}

async fn a_reconnecting_client_catches_up_and_a_resend_is_not_applied_twice(backend: Backend) {
    let (state, _dir) = common::seeded_state(backend).await;
    let (board, seq) = common::first_board(&state).await;
    let server = Running::start(state.clone()).await;
    let mut a = connect(&server, &state, &board, "Aigerim", None).await;
    expect_snapshot(&mut a).await;
    let (card, op) = move_first_card_to(&board, 3);
    let id = ClientOpId::random();
    let msg = serde_json::to_string(&ClientMsg::Submit { id, op }).unwrap();
    a.send(Message::text(msg.clone())).await.unwrap();
    assert!(matches!(next(&mut a).await, ServerMsg::Committed(_)));
    drop(a);

    // Meanwhile someone else makes two changes.
    let mut b = connect(&server, &state, &board, "Bolat", None).await;
    expect_snapshot(&mut b).await;
    submit(
        &mut b,
        &Op::EditCard {
            card,
            title: Some("First".into()),
            description: None,
        },
    )
    .await;
    submit(
        &mut b,
        &Op::EditCard {
            card,
            title: Some("Second".into()),
            description: None,
        },
    )
    .await;
    next(&mut b).await;
    next(&mut b).await;

    // The first client comes back holding the board at seq + 1 and resends its op, whose
    // acknowledgement it never saw.
    let mut a = connect(&server, &state, &board, "Aigerim", Some(seq + 1)).await;
    let mut caught_up = Vec::new();
    for _ in 0..2 {
        match next(&mut a).await {
            ServerMsg::Committed(c) => caught_up.push(c.seq),
            other => panic!("expected catch-up events, got {other:?}"),
        }
    }
    assert_eq!(caught_up, [seq + 2, seq + 3]);
    assert_eq!(next(&mut a).await, ServerMsg::Live { seq: seq + 3 });
    a.send(Message::text(msg)).await.unwrap();
    assert_eq!(next(&mut a).await, ServerMsg::Ack { id, seq: seq + 1 });

    // A client too far ahead (a database restored from backup) is sent to read the board over
    // HTTP again, and the socket closes.
    let mut c = connect(&server, &state, &board, "Chingiz", Some(seq + 100)).await;
    match next(&mut c).await {
        ServerMsg::Error { code, .. } => assert_eq!(code, codes::FALLEN_BEHIND),
        other => panic!("expected to be sent back to HTTP, got {other:?}"),
    }
    assert!(
        matches!(c.next().await, Some(Ok(Message::Close(_))) | None),
        "the socket closes"
    );
    server.stop();
}

async fn nothing_acknowledged_is_lost_across_a_restart(backend: Backend) {
    let db = common::TestDb::new(backend).await;
    let state = db.open().await;
    let (board, seq) = common::first_board(&state).await;
    let server = Running::start(state.clone()).await;
    let mut a = connect(&server, &state, &board, "Aigerim", None).await;
    expect_snapshot(&mut a).await;
    let column = board.ordered_columns()[0].id;
    let mut created = Vec::new();
    for i in 0..50 {
        let card = CardId::random();
        let position = OrderKey::between(None, None);
        submit(
            &mut a,
            &Op::CreateCard {
                card,
                column,
                position,
                title: format!("Task {i}"),
                description: String::new(),
            },
        )
        .await;
        created.push(card);
    }
    let mut last = 0;
    for _ in 0..50 {
        if let ServerMsg::Committed(c) = next(&mut a).await {
            last = c.seq;
        }
    }
    assert_eq!(last, seq + 50);
    server.stop();
    drop(a);

    let state = db.open().await;
    let (after, after_seq) = common::first_board(&state).await;
    assert_eq!(after_seq, seq + 50);
    for card in &created {
        assert!(
            after.cards.contains_key(card),
            "an acknowledged card was lost"
        );
    }
    assert_eq!(
        after.cards_in(column).len(),
        board.cards_in(column).len() + 50
    );
    let server = Running::start(state.clone()).await;
    let mut b = connect(&server, &state, &board, "Bolat", Some(seq)).await;
    let mut seqs = Vec::new();
    for _ in 0..50 {
        if let ServerMsg::Committed(c) = next(&mut b).await {
            seqs.push(c.seq);
        }
    }
    assert_eq!(
        seqs,
        ((seq + 1)..=(seq + 50)).collect::<Vec<_>>(),
        "the log is gap-free after a restart"
    );
    server.stop();
}

async fn the_socket_refuses_strangers_and_unknown_boards_before_upgrading(backend: Backend) {
    let (state, _dir) = common::seeded_state(backend).await;
    let (board, _) = common::first_board(&state).await;
    let server = Running::start(state.clone()).await;
    let signed_out = format!("ws://{}/api/boards/{}/ws", server.addr, board.id);
    let err = connect_async(signed_out).await.unwrap_err();
    assert!(err.to_string().contains("401"), "{err}");
    let cookie = common::admin(&state, "Aigerim").await;
    let mut unknown = board.clone();
    unknown.id = qadam_shared::BoardId::random();
    let err = common::connect_as(&server, &unknown, &cookie, None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("404"), "{err}");
    server.stop();
}

async fn two_people_moving_one_card_at_once_end_with_the_same_board(backend: Backend) {
    let (state, _dir) = common::seeded_state(backend).await;
    let (board, seq) = common::first_board(&state).await;
    let server = Running::start(state.clone()).await;
    let mut a = connect(&server, &state, &board, "Aigerim", None).await;
    let mut b = connect(&server, &state, &board, "Bolat", None).await;
    expect_snapshot(&mut a).await;
    expect_snapshot(&mut b).await;

    // Both drag the same card from the same starting board, to different stages.
    let (card, to_progress) = move_first_card_to(&board, 2);
    let (_, to_done) = move_first_card_to(&board, 4);
    let (sent_a, sent_b) = tokio::join!(submit(&mut a, &to_progress), submit(&mut b, &to_done));
    let _ = (sent_a, sent_b);

    let mut finals = Vec::new();
    for socket in [&mut a, &mut b] {
        let mut replica = board.clone();
        for expected in [seq + 1, seq + 2] {
            match next(socket).await {
                ServerMsg::Committed(c) => {
                    assert_eq!(c.seq, expected);
                    qadam_shared::apply(&mut replica, &c.op, &c.stamp()).unwrap();
                }
                other => panic!("expected both commits, got {other:?}"),
            }
        }
        finals.push(replica);
    }
    assert_eq!(finals[0], finals[1], "both screens show the same board");
    let holding: Vec<_> = finals[0]
        .ordered_columns()
        .iter()
        .filter(|c| finals[0].cards_in(c.id).iter().any(|x| x.id == card))
        .map(|c| c.name.clone())
        .collect();
    assert_eq!(
        holding.len(),
        1,
        "the card is in exactly one column: {holding:?}"
    );
    server.stop();
}

on_both_backends!(
    two_clients_see_each_others_changes,
    refusals_and_bad_frames_get_an_answer_and_the_socket_stays_usable,
    a_reconnecting_client_catches_up_and_a_resend_is_not_applied_twice,
    nothing_acknowledged_is_lost_across_a_restart,
    the_socket_refuses_strangers_and_unknown_boards_before_upgrading,
    two_people_moving_one_card_at_once_end_with_the_same_board,
);
