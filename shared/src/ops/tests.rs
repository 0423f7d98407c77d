use super::*;
use crate::delivery::Rag;
use crate::ids::BoardId;

fn stamp() -> Stamp {
    Stamp {
        by_id: Some("u1".into()),
        by: "Aigerim".into(),
        at: 1_800_000_000_000,
    }
}

fn board_with_columns(names: &[&str]) -> (Board, Vec<ColumnId>) {
    let mut board = Board::new(BoardId::random(), "Energy", "Energy team");
    let keys = OrderKey::sequence(None, names.len());
    let ids: Vec<ColumnId> = names.iter().map(|_| ColumnId::random()).collect();
    for ((name, key), id) in names.iter().zip(keys).zip(&ids) {
        apply(
            &mut board,
            &Op::AddColumn {
                column: *id,
                name: name.to_string(),
                position: key,
            },
            &stamp(),
        )
        .unwrap();
    }
    (board, ids)
}

fn add_card(board: &mut Board, column: ColumnId, title: &str) -> CardId {
    let card = CardId::random();
    let position = board.card_key_at(column, card, usize::MAX);
    apply(
        board,
        &Op::CreateCard {
            card,
            column,
            position,
            title: title.into(),
            description: String::new(),
        },
        &stamp(),
    )
    .unwrap();
    card
}

fn titles(board: &Board, column: ColumnId) -> Vec<&str> {
    board
        .cards_in(column)
        .into_iter()
        .map(|c| c.title.as_str())
        .collect()
}

#[test]
fn cards_are_created_in_order_and_moved_between_columns() {
    let (mut board, cols) = board_with_columns(&["Intake", "In progress"]);
    let a = add_card(&mut board, cols[0], "A");
    add_card(&mut board, cols[0], "B");
    add_card(&mut board, cols[0], "C");
    assert_eq!(titles(&board, cols[0]), ["A", "B", "C"]);

    let position = board.card_key_at(cols[0], a, 2);
    apply(
        &mut board,
        &Op::MoveCard {
            card: a,
            column: cols[0],
            position,
        },
        &stamp(),
    )
    .unwrap();
    assert_eq!(titles(&board, cols[0]), ["B", "C", "A"]);

    let position = board.card_key_at(cols[1], a, 0);
    apply(
        &mut board,
        &Op::MoveCard {
            card: a,
            column: cols[1],
            position,
        },
        &stamp(),
    )
    .unwrap();
    assert_eq!(titles(&board, cols[0]), ["B", "C"]);
    assert_eq!(titles(&board, cols[1]), ["A"]);
}

#[test]
fn edit_trims_and_archive_hides_and_restore_returns() {
    let (mut board, cols) = board_with_columns(&["Intake"]);
    let a = add_card(&mut board, cols[0], "A");
    apply(
        &mut board,
        &Op::EditCard {
            card: a,
            title: Some("  Nuclear power station site  ".into()),
            description: Some("Feasibility study".into()),
        },
        &stamp(),
    )
    .unwrap();
    assert_eq!(board.cards[&a].title, "Nuclear power station site");
    assert_eq!(board.cards[&a].description, "Feasibility study");

    apply(&mut board, &Op::ArchiveCard { card: a }, &stamp()).unwrap();
    assert!(titles(&board, cols[0]).is_empty());
    let err = apply(
        &mut board,
        &Op::MoveCard {
            card: a,
            column: cols[0],
            position: OrderKey::first(),
        },
        &stamp(),
    )
    .unwrap_err();
    assert_eq!(err.code, RejectCode::CardArchived);

    apply(
        &mut board,
        &Op::RestoreCard {
            card: a,
            column: cols[0],
            position: OrderKey::first(),
        },
        &stamp(),
    )
    .unwrap();
    assert_eq!(titles(&board, cols[0]), ["Nuclear power station site"]);
}

#[test]
fn refusals_leave_the_board_unchanged() {
    let (mut board, cols) = board_with_columns(&["Intake", "Done"]);
    let a = add_card(&mut board, cols[0], "A");
    let before = board.clone();
    let cases = [
        (
            Op::EditCard {
                card: a,
                title: Some("x".repeat(100_000)),
                description: None,
            },
            RejectCode::TextTooLong,
        ),
        (
            Op::EditCard {
                card: a,
                title: Some("   ".into()),
                description: None,
            },
            RejectCode::EmptyText,
        ),
        (
            Op::MoveCard {
                card: a,
                column: ColumnId::random(),
                position: OrderKey::first(),
            },
            RejectCode::ColumnNotFound,
        ),
        (
            Op::MoveCard {
                card: CardId::random(),
                column: cols[1],
                position: OrderKey::first(),
            },
            RejectCode::CardNotFound,
        ),
        (
            Op::CreateCard {
                card: a,
                column: cols[1],
                position: OrderKey::first(),
                title: "dup".into(),
                description: String::new(),
            },
            RejectCode::CardExists,
        ),
        (
            Op::DeleteColumn { column: cols[0] },
            RejectCode::ColumnNotEmpty,
        ),
        (
            Op::SetWipLimit {
                column: cols[0],
                limit: Some(0),
            },
            RejectCode::InvalidLimit,
        ),
        (
            Op::RenameColumn {
                column: cols[0],
                name: "n".repeat(61),
            },
            RejectCode::TextTooLong,
        ),
    ];
    for (op, code) in cases {
        let err = apply(&mut board, &op, &stamp()).unwrap_err();
        assert_eq!(err.code, code, "{op:?}");
        assert_eq!(board, before, "{op:?} changed the board");
    }
}

#[test]
fn columns_are_added_renamed_reordered_limited_and_deleted() {
    let (mut board, cols) = board_with_columns(&["Intake", "Road map", "Done"]);
    apply(
        &mut board,
        &Op::RenameColumn {
            column: cols[1],
            name: "Roadmap".into(),
        },
        &stamp(),
    )
    .unwrap();
    let position = board.column_key_at(cols[2], 0);
    apply(
        &mut board,
        &Op::MoveColumn {
            column: cols[2],
            position,
        },
        &stamp(),
    )
    .unwrap();
    apply(
        &mut board,
        &Op::SetWipLimit {
            column: cols[0],
            limit: Some(3),
        },
        &stamp(),
    )
    .unwrap();
    let names: Vec<_> = board
        .ordered_columns()
        .iter()
        .map(|c| c.name.clone())
        .collect();
    assert_eq!(names, ["Done", "Intake", "Roadmap"]);
    assert_eq!(board.columns[&cols[0]].wip_limit, Some(3));

    apply(&mut board, &Op::DeleteColumn { column: cols[1] }, &stamp()).unwrap();
    assert_eq!(board.columns.len(), 2);
}

#[test]
fn equal_keys_from_two_clients_end_distinct_and_in_the_same_order_everywhere() {
    let (mut board, cols) = board_with_columns(&["Intake"]);
    let a = add_card(&mut board, cols[0], "A");
    let b = add_card(&mut board, cols[0], "B");
    let c = add_card(&mut board, cols[0], "C");
    // Two people both drop a card between A and B, computing the same key.
    let key = board.card_key_at(cols[0], c, 1);
    let mut other = board.clone();
    let first = apply(
        &mut board,
        &Op::MoveCard {
            card: c,
            column: cols[0],
            position: key.clone(),
        },
        &stamp(),
    )
    .unwrap();
    let new = CardId::random();
    let second = apply(
        &mut board,
        &Op::CreateCard {
            card: new,
            column: cols[0],
            position: key.clone(),
            title: "D".into(),
            description: String::new(),
        },
        &stamp(),
    )
    .unwrap();
    let Op::CreateCard {
        position: given, ..
    } = &second
    else {
        panic!()
    };
    assert_ne!(given, &key, "the second gets a key of its own");
    assert_eq!(titles(&board, cols[0]), ["A", "C", "D", "B"]);

    // A replica applying the applied ops ends identical, deciding them again or taking them
    // as committed (without the checks that walk the board).
    let mut replayed = other.clone();
    apply(&mut other, &first, &stamp()).unwrap();
    apply(&mut other, &second, &stamp()).unwrap();
    assert_eq!(other, board);
    apply_committed(&mut replayed, &first, &stamp()).unwrap();
    apply_committed(&mut replayed, &second, &stamp()).unwrap();
    assert_eq!(replayed, board);
    let keys: Vec<_> = board
        .cards_in(cols[0])
        .iter()
        .map(|c| c.position.clone())
        .collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]));
    let _ = (a, b);
}

#[test]
fn ops_round_trip_through_json_and_bad_keys_are_refused() {
    let op = Op::MoveCard {
        card: CardId::random(),
        column: ColumnId::random(),
        position: OrderKey::first(),
    };
    let json = serde_json::to_string(&op).unwrap();
    assert_eq!(serde_json::from_str::<Op>(&json).unwrap(), op);
    let bad = json.replace("\"80\"", "\"zz\"");
    assert!(serde_json::from_str::<Op>(&bad).is_err());
}

fn move_to(board: &mut Board, card: CardId, column: ColumnId) -> Result<Op, Rejection> {
    let position = board.card_key_at(column, card, usize::MAX);
    apply(
        board,
        &Op::MoveCard {
            card,
            column,
            position,
        },
        &stamp(),
    )
}

#[test]
fn a_hard_limit_refuses_entering_a_full_stage_and_a_soft_one_only_shows_it() {
    let (mut board, cols) = board_with_columns(&["Intake", "In progress"]);
    let a = add_card(&mut board, cols[0], "A");
    let b = add_card(&mut board, cols[0], "B");
    add_card(&mut board, cols[1], "C");
    apply(
        &mut board,
        &Op::SetWipLimit {
            column: cols[1],
            limit: Some(1),
        },
        &stamp(),
    )
    .unwrap();
    move_to(&mut board, a, cols[1]).expect("a soft limit lets the move through");
    let hard = BoardSettings {
        hard_limits: true,
        ..BoardSettings::default()
    };
    apply(
        &mut board,
        &Op::SetBoardSettings { settings: hard },
        &stamp(),
    )
    .unwrap();
    let before = board.clone();
    let refused = move_to(&mut board, b, cols[1]).unwrap_err();
    assert_eq!(refused.code, RejectCode::WipLimitReached);
    assert!(
        refused.message.contains("In progress"),
        "{}",
        refused.message
    );
    assert_eq!(board, before, "a refusal changes nothing");
    // A card already in the full stage still moves within it.
    move_to(&mut board, a, cols[1]).unwrap();
    let created = apply(
        &mut board,
        &Op::CreateCard {
            card: CardId::random(),
            column: cols[1],
            position: OrderKey::first(),
            title: "D".into(),
            description: String::new(),
        },
        &stamp(),
    );
    assert_eq!(created.unwrap_err().code, RejectCode::WipLimitReached);
}

/// A label deleted while cards carry it, or a person taken off the team while assigned, does not
/// lock the card's set: what a checkbox sends leaves them out, and the rules take it.
#[test]
fn a_toggle_leaves_out_what_is_gone() {
    use crate::card_parts::{LabelColor, toggled};
    let (mut board, cols) = board_with_columns(&["Intake"]);
    let card = add_card(&mut board, cols[0], "A");
    let (budget, roads) = (LabelId::random(), LabelId::random());
    for label in [budget, roads] {
        let put = Op::PutLabel {
            label,
            name: "Label".into(),
            color: LabelColor::Blue,
        };
        apply(&mut board, &put, &stamp()).unwrap();
    }
    let both = Op::SetCardLabels {
        card,
        labels: vec![budget, roads],
    };
    apply(&mut board, &both, &stamp()).unwrap();
    apply(&mut board, &Op::DeleteLabel { label: budget }, &stamp()).unwrap();
    let carried = board.cards[&card].parts.labels.clone();
    let stale = Op::SetCardLabels {
        card,
        labels: carried.iter().copied().filter(|l| *l != roads).collect(),
    };
    assert!(
        apply(&mut board.clone(), &stale, &stamp()).is_err(),
        "a deleted label is refused"
    );
    let labels = toggled(&carried, roads, false, |l| board.labels.contains_key(l));
    assert_eq!(labels, Vec::<LabelId>::new());
    apply(&mut board, &Op::SetCardLabels { card, labels }, &stamp()).expect("taken");

    let (kept, gone, new) = (UserId::random(), UserId::random(), UserId::random());
    let team = [kept, new];
    let sent = toggled(&[kept, gone], new, true, |p| team.contains(p));
    assert_eq!(sent, [kept, new]);
}

/// Only an archived card is deleted, and its place on the board comes back.
#[test]
fn an_archived_card_is_deleted_for_good() {
    let (mut board, cols) = board_with_columns(&["Intake"]);
    let card = add_card(&mut board, cols[0], "A");
    let delete = Op::DeleteCard { card };
    let open = apply(&mut board, &delete, &stamp()).unwrap_err();
    assert_eq!(open.code, RejectCode::CardNotArchived);
    apply(&mut board, &Op::ArchiveCard { card }, &stamp()).unwrap();
    apply(&mut board, &delete, &stamp()).unwrap();
    assert!(!board.cards.contains_key(&card));
    let again = apply(&mut board, &delete, &stamp()).unwrap_err();
    assert_eq!(again.code, RejectCode::CardNotFound);
}

/// A date no spreadsheet can write, or typed with a short year (`0202`), is refused wherever a
/// person gives one: a deadline, a document's date, a checklist item's date.
#[test]
fn dates_fall_in_the_years_every_side_can_keep() {
    let (mut board, cols) = board_with_columns(&["Intake"]);
    let card = add_card(&mut board, cols[0], "A");
    let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let before = board.clone();
    for due in ["0202-05-01", "1899-12-31", "2101-01-01", "+20255-01-01"] {
        let ops = [
            Op::SetDeadline {
                card,
                due: day(due),
                reason: String::new(),
            },
            Op::SetSource {
                card,
                source: Some(crate::delivery::Source {
                    kind: crate::delivery::SourceKind::ALL[0],
                    number: String::new(),
                    date: Some(day(due)),
                    paragraph: String::new(),
                }),
            },
            Op::AddChecklistItem {
                card,
                item: ItemId::random(),
                text: "Tender".into(),
                due: Some(day(due)),
            },
        ];
        for op in ops {
            let refused = apply(&mut board, &op, &stamp()).unwrap_err();
            assert_eq!(refused.code, RejectCode::InvalidValue, "{op:?}");
        }
    }
    assert_eq!(board, before);
    for due in ["1900-01-01", "2100-12-31"] {
        let op = Op::SetDeadline {
            card,
            due: day(due),
            reason: "moved".into(),
        };
        apply(&mut board, &op, &stamp()).expect("the years' ends are kept");
    }
}

#[test]
fn moving_a_set_deadline_needs_a_reason_and_is_logged() {
    let (mut board, cols) = board_with_columns(&["Intake"]);
    let card = add_card(&mut board, cols[0], "A");
    let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let set = |due: &str, reason: &str| Op::SetDeadline {
        card,
        due: day(due),
        reason: reason.into(),
    };
    apply(&mut board, &set("2026-12-01", ""), &stamp()).expect("the first deadline needs none");
    let before = board.clone();
    let refused = apply(&mut board, &set("2026-12-20", "  "), &stamp()).unwrap_err();
    assert_eq!(refused.code, RejectCode::ReasonRequired);
    assert_eq!(board, before);
    apply(
        &mut board,
        &set("2026-12-20", "awaiting the budget law"),
        &stamp(),
    )
    .unwrap();
    let deadline = board.cards[&card].delivery.deadline.clone().unwrap();
    assert_eq!(
        (deadline.original, deadline.current, deadline.extensions()),
        (day("2026-12-01"), day("2026-12-20"), 1)
    );
    let change = &deadline.changes[0];
    assert_eq!(
        (
            change.from,
            change.to,
            change.reason.as_str(),
            change.stamp.clone()
        ),
        (
            day("2026-12-01"),
            day("2026-12-20"),
            "awaiting the budget law",
            stamp()
        )
    );
}

#[test]
fn amber_red_and_red_judgements_say_why_and_who() {
    let (mut board, cols) = board_with_columns(&["Intake"]);
    let card = add_card(&mut board, cols[0], "A");
    let judge = |rag, reason: &str| Op::JudgeDelivery {
        card,
        rag,
        reason: reason.into(),
    };
    apply(&mut board, &judge(Rag::AmberGreen, ""), &stamp()).unwrap();
    for rag in [Rag::AmberRed, Rag::Red] {
        let refused = apply(&mut board, &judge(rag, ""), &stamp()).unwrap_err();
        assert_eq!(refused.code, RejectCode::ReasonRequired);
    }
    apply(&mut board, &judge(Rag::Red, "contractor failed"), &stamp()).unwrap();
    let judgement = board.cards[&card].delivery.judgement.clone().unwrap();
    assert_eq!(
        (judgement.rag, judgement.reason.as_str(), judgement.stamp),
        (Rag::Red, "contractor failed", stamp())
    );
}

#[test]
fn a_decision_is_asked_with_a_question_and_cleared_once_decided() {
    let (mut board, cols) = board_with_columns(&["Intake"]);
    let card = add_card(&mut board, cols[0], "A");
    let ask = |question: Option<&str>| Op::AskDecision {
        card,
        question: question.map(Into::into),
    };
    let refused = apply(&mut board, &ask(Some("  ")), &stamp()).unwrap_err();
    assert_eq!(refused.code, RejectCode::EmptyText);
    let applied = apply(
        &mut board,
        &ask(Some(" Co-financing from the republican budget? ")),
        &stamp(),
    )
    .unwrap();
    assert_eq!(
        applied,
        ask(Some("Co-financing from the republican budget?")),
        "trimmed"
    );
    let asked = board.cards[&card].delivery.decision.clone().unwrap();
    assert_eq!(
        (asked.question.as_str(), asked.stamp),
        ("Co-financing from the republican budget?", stamp())
    );
    apply(&mut board, &ask(None), &stamp()).unwrap();
    assert_eq!(board.cards[&card].delivery.decision, None);
}

#[test]
fn edits_of_different_fields_both_stay_and_of_one_field_the_later_wins() {
    let (mut board, cols) = board_with_columns(&["Intake"]);
    let card = add_card(&mut board, cols[0], "A");
    let agency = |code: &str| Op::SetAgency {
        card,
        agency: Some(code.into()),
    };
    let project = Op::SetProject {
        card,
        project: Some("human-capital".into()),
    };
    for op in [agency("min-health"), project, agency("min-finance")] {
        apply(&mut board, &op, &stamp()).unwrap();
    }
    let d = &board.cards[&card].delivery;
    assert_eq!(d.agency.as_deref(), Some("min-finance"));
    assert_eq!(d.project.as_deref(), Some("human-capital"));
    let bad = apply(&mut board, &agency("Min Health"), &stamp()).unwrap_err();
    assert_eq!(bad.code, RejectCode::InvalidValue);
}

#[test]
fn the_last_stage_notes_when_a_task_was_done() {
    let (mut board, cols) = board_with_columns(&["Intake", "Done"]);
    let card = add_card(&mut board, cols[0], "A");
    assert_eq!(board.cards[&card].delivery.done_at, None);
    move_to(&mut board, card, cols[1]).unwrap();
    assert_eq!(board.cards[&card].delivery.done_at, Some(stamp().at));
    move_to(&mut board, card, cols[0]).unwrap();
    assert_eq!(board.cards[&card].delivery.done_at, None);
}

#[test]
fn a_comment_is_changed_by_its_author_only() {
    let (mut board, cols) = board_with_columns(&["Intake"]);
    let card = add_card(&mut board, cols[0], "A");
    let comment = crate::ids::ItemId::random();
    let add = Op::AddComment {
        card,
        comment,
        text: "  Draft sent to the ministry  ".into(),
    };
    apply(&mut board, &add, &stamp()).unwrap();
    let other = Stamp {
        by_id: Some("u2".into()),
        by: "Bolat".into(),
        at: stamp().at + 1,
    };
    let edit = Op::EditComment {
        card,
        comment,
        text: "changed".into(),
    };
    let before = board.clone();
    for op in [&edit, &Op::DeleteComment { card, comment }] {
        let refused = apply(&mut board, op, &other).unwrap_err();
        assert_eq!(refused.code, RejectCode::NotAuthor);
        assert_eq!(board, before);
    }
    let later = Stamp {
        at: stamp().at + 5,
        ..stamp()
    };
    apply(&mut board, &edit, &later).unwrap();
    let kept = &board.cards[&card].parts.comments[0];
    assert_eq!(
        (kept.text.as_str(), kept.stamp.by.as_str(), kept.edited_at),
        ("changed", "Aigerim", Some(later.at))
    );
    apply(&mut board, &Op::DeleteComment { card, comment }, &stamp()).unwrap();
    assert!(board.cards[&card].parts.comments.is_empty());
}

#[test]
fn a_checklist_notes_who_ticked_and_links_are_web_addresses_only() {
    let (mut board, cols) = board_with_columns(&["Intake"]);
    let card = add_card(&mut board, cols[0], "A");
    let item = crate::ids::ItemId::random();
    let add = Op::AddChecklistItem {
        card,
        item,
        text: "Feasibility study approved".into(),
        due: None,
    };
    apply(&mut board, &add, &stamp()).unwrap();
    let tick = Op::TickChecklistItem {
        card,
        item,
        done: true,
    };
    apply(&mut board, &tick, &stamp()).unwrap();
    assert_eq!(board.cards[&card].parts.progress(), (1, 1));
    assert_eq!(
        board.cards[&card].parts.checklist[0].done.as_ref(),
        Some(&stamp())
    );
    let link = |url: &str| Op::AddLink {
        card,
        link: crate::ids::ItemId::random(),
        title: "Protocol".into(),
        url: url.into(),
    };
    let refused = apply(&mut board, &link("javascript:alert(1)"), &stamp()).unwrap_err();
    assert_eq!(refused.code, RejectCode::InvalidValue);
    apply(&mut board, &link("https://docs.example.kz/p/1"), &stamp()).unwrap();
    assert_eq!(board.cards[&card].parts.links.len(), 1);
}

#[test]
fn a_card_carries_only_the_boards_labels() {
    let (mut board, cols) = board_with_columns(&["Intake"]);
    let card = add_card(&mut board, cols[0], "A");
    let label = crate::ids::LabelId::random();
    let carry = Op::SetCardLabels {
        card,
        labels: vec![label],
    };
    let refused = apply(&mut board, &carry, &stamp()).unwrap_err();
    assert_eq!(refused.code, RejectCode::InvalidValue);
    let put = Op::PutLabel {
        label,
        name: "Needs a decision".into(),
        color: crate::card_parts::LabelColor::Red,
    };
    apply(&mut board, &put, &stamp()).unwrap();
    apply(&mut board, &carry, &stamp()).unwrap();
    assert_eq!(board.cards[&card].parts.labels, [label]);
}
