//! Boards out and tasks in: a board file imported into another board gives the same tasks, a
//! Trello export arrives card by card, a sheet exported in one language imports back, a
//! preview changes nothing, and a file with one bad row or one task the rules refuse imports
//! nothing at all.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::{Backend, board_now, download, send};
use qadam_server::AppState;
use qadam_shared::transfer::{ImportReport, ImportSource, ProblemKind};
use qadam_shared::{Board, BoardId, Card, Role};
use serde_json::json;

/// Posts `file` to the board's import (a preview when asked): the status and the report.
async fn import(
    state: &AppState,
    board: BoardId,
    cookie: &str,
    file: Vec<u8>,
    preview: bool,
) -> (u16, ImportReport) {
    let uri = format!("/api/boards/{board}/import?preview={preview}");
    let request = Request::post(uri)
        .header("cookie", cookie)
        .body(Body::from(file))
        .unwrap();
    let (status, body) = send(state, request).await;
    let report = serde_json::from_value(body.clone()).unwrap_or_else(|_| panic!("{body}"));
    (status, report)
}

/// The board's cards in board order: stage by stage, top to bottom.
fn in_order(board: &Board) -> Vec<&Card> {
    let mut cards: Vec<&Card> = board.cards.values().collect();
    let stage = |c: &Card| board.columns[&c.column].position.clone();
    cards.sort_by(|a, b| (stage(a), &a.position).cmp(&(stage(b), &b.position)));
    cards
}

/// How a test reads a stamp's name.
type By = fn(&str) -> String;

/// A name as written.
fn as_is(name: &str) -> String {
    name.to_owned()
}

/// A name from another Qadam's file, as an import writes it.
fn marked(name: &str) -> String {
    format!("{name} (Qadam)")
}

/// The names of a card's labels, in order of name.
fn label_names(board: &Board, card: &Card) -> Vec<String> {
    let mut names: Vec<String> = card
        .parts
        .labels
        .iter()
        .map(|l| board.labels[l].name.clone())
        .collect();
    names.sort();
    names
}

/// A new board with no stages and no tasks, led by the people of `like`.
async fn empty_board_with_members_of(state: &AppState, like: BoardId) -> BoardId {
    let id = BoardId::random();
    let board = Board::new(id, "Imported", "Interdepartmental team for imports");
    state.store.create_board(&board, 99).await.unwrap();
    for member in state.store.members_of(like).await.unwrap() {
        let role = Some(member.role);
        state
            .store
            .set_role(member.user_id, id, role)
            .await
            .unwrap();
    }
    id
}

#[tokio::test]
async fn a_board_file_brings_every_task_with_its_fields_parts_and_history_to_another_board() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (source, _) = common::first_board(&state).await;
    let admin = common::admin(&state, "Office admin").await;
    let target = empty_board_with_members_of(&state, source.id).await;

    let (status, kind, file) = download(
        &state,
        &format!("/api/boards/{}/export?format=json", source.id),
        &admin,
    )
    .await;
    assert_eq!((status, kind.as_str()), (200, "application/json"));

    let (status, preview) = import(&state, target, &admin, file.clone(), true).await;
    assert_eq!(status, 200);
    assert_eq!(preview.source, Some(ImportSource::Qadam));
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    assert!(!preview.committed);
    assert_eq!(preview.tasks, source.cards.len());
    assert_eq!(preview.new_stages.len(), source.columns.len());
    assert!(
        preview.unmatched_people.is_empty(),
        "{:?}",
        preview.unmatched_people
    );
    assert_eq!(
        board_now(&state, target).await.1,
        0,
        "a preview changes nothing"
    );

    let (status, done) = import(&state, target, &admin, file.clone(), false).await;
    assert_eq!(status, 201, "{done:?}");
    assert!(done.committed);
    assert_eq!(done.already_there, 0);
    // The same file again: every task's title is on the board already, and the preview says so.
    let (_, again) = import(&state, target, &admin, file, true).await;
    assert_eq!(again.already_there, source.cards.len());
    let (imported, _) = board_now(&state, target).await;

    let stages = |b: &Board| {
        let mut stages: Vec<_> = b.columns.values().collect();
        stages.sort_by(|x, y| x.position.cmp(&y.position));
        stages
            .iter()
            .map(|c| (c.name.clone(), c.wip_limit, c.gate))
            .collect::<Vec<_>>()
    };
    assert_eq!(stages(&imported), stages(&source));
    let (before, after) = (in_order(&source), in_order(&imported));
    assert_eq!(before.len(), after.len());
    let (mut extended, mut commented) = (0, 0);
    for (was, now) in before.into_iter().zip(after) {
        let context = &was.title;
        assert_eq!(now.title, was.title);
        assert_eq!(now.description, was.description, "{context}");
        assert_eq!(now.archived, was.archived, "{context}");
        assert_eq!(
            imported.columns[&now.column].name, source.columns[&was.column].name,
            "{context}"
        );
        let (d, e) = (&was.delivery, &now.delivery);
        assert_eq!(
            (
                &e.agency,
                &e.project,
                &e.source,
                &e.assignees,
                e.special_control
            ),
            (
                &d.agency,
                &d.project,
                &d.source,
                &d.assignees,
                d.special_control
            ),
            "{context}"
        );
        let deadline = |d: &qadam_shared::Delivery, by: By| {
            d.deadline.as_ref().map(|dl| {
                let changes: Vec<_> = dl
                    .changes
                    .iter()
                    .map(|c| (c.from, c.to, c.reason.clone(), by(&c.stamp.by)))
                    .collect();
                (dl.original, dl.current, changes)
            })
        };
        assert_eq!(deadline(e, as_is), deadline(d, marked), "{context}");
        let judged = |d: &qadam_shared::Delivery, by: By| {
            d.judgement
                .as_ref()
                .map(|j| (j.rag, j.reason.clone(), by(&j.stamp.by)))
        };
        assert_eq!(judged(e, as_is), judged(d, marked), "{context}");
        let asked = |d: &qadam_shared::Delivery, by: By| {
            d.decision
                .as_ref()
                .map(|q| (q.question.clone(), by(&q.stamp.by)))
        };
        assert_eq!(asked(e, as_is), asked(d, marked), "{context}");
        assert_eq!(
            label_names(&imported, now),
            label_names(&source, was),
            "{context}"
        );
        let items = |c: &Card, by: By| -> Vec<_> {
            c.parts
                .checklist
                .iter()
                .map(|i| (i.text.clone(), i.due, i.done.as_ref().map(|s| by(&s.by))))
                .collect()
        };
        assert_eq!(items(now, as_is), items(was, marked), "{context}");
        let comments = |c: &Card, by: By| -> Vec<_> {
            c.parts
                .comments
                .iter()
                .map(|m| (m.text.clone(), by(&m.stamp.by)))
                .collect()
        };
        assert_eq!(comments(now, as_is), comments(was, marked), "{context}");
        let links = |c: &Card| -> Vec<_> {
            c.parts
                .links
                .iter()
                .map(|l| (l.title.clone(), l.url.clone()))
                .collect()
        };
        assert_eq!(links(now), links(was), "{context}");
        extended += usize::from(d.deadline.as_ref().is_some_and(|dl| !dl.changes.is_empty()));
        commented += usize::from(!was.parts.comments.is_empty());
    }
    assert!(
        extended > 0 && commented > 0,
        "the seed extends deadlines and comments"
    );
}

/// A Trello export as Trello writes it (newest action first), trimmed to what the test needs.
fn trello_export(member_login: &str) -> serde_json::Value {
    json!({
        "id": "5f1", "name": "Water programme", "desc": "", "closed": false,
        "lists": [
            { "id": "L2", "name": "In progress", "closed": false, "pos": 2048 },
            { "id": "L1", "name": "Ideas", "closed": false, "pos": 1024 },
            { "id": "L9", "name": "Old", "closed": true, "pos": 4096 }
        ],
        "labels": [
            { "id": "B1", "name": "Urgent", "color": "red" },
            { "id": "B2", "name": "", "color": "green_dark" }
        ],
        "members": [
            { "id": "M1", "fullName": "Aigerim Team", "username": member_login },
            { "id": "M2", "fullName": "Someone Elsewhere", "username": "elsewhere" }
        ],
        "cards": [
            {
                "id": "C1", "name": "Repair the Kapshagai canal", "desc": "Phase one: **survey**",
                "idList": "L2", "closed": false, "pos": 1, "due": "2026-12-20T09:00:00.000Z",
                "idLabels": ["B1", "B2"], "idMembers": ["M1", "M2"], "idChecklists": ["K1"],
                "attachments": [
                    { "name": "Survey", "url": "https://docs.example.kz/survey.pdf" },
                    { "name": "Local file", "url": "file:///c/secret.doc" }
                ]
            },
            { "id": "C2", "name": "Meter every village", "desc": "", "idList": "L1", "pos": 5 },
            { "id": "C3", "name": "Old idea", "desc": "", "idList": "L1", "closed": true, "pos": 9 },
            { "id": "C4", "name": "Forgotten", "desc": "", "idList": "L9", "pos": 1 }
        ],
        "checklists": [
            {
                "id": "K1", "idCard": "C1", "name": "Steps", "pos": 1,
                "checkItems": [
                    { "id": "I2", "name": "Sign the contract", "state": "incomplete", "pos": 2 },
                    { "id": "I1", "name": "Survey the canal", "state": "complete", "pos": 1 }
                ]
            }
        ],
        "actions": [
            {
                "id": "A2", "type": "commentCard", "date": "2026-11-02T10:00:00.000Z",
                "data": { "text": "Contractor chosen", "card": { "id": "C1" } },
                "memberCreator": { "id": "M2", "fullName": "Someone Elsewhere", "username": "elsewhere" }
            },
            {
                "id": "A0", "type": "updateCard", "date": "2026-11-01T11:00:00.000Z",
                "data": { "card": { "id": "C1" } }
            },
            {
                "id": "A1", "type": "commentCard", "date": "2026-11-01T10:00:00.000Z",
                "data": { "text": "Survey done", "card": { "id": "C1" } },
                "memberCreator": { "id": "M1", "fullName": "Aigerim Team", "username": member_login }
            }
        ]
    })
}

#[tokio::test]
async fn a_trello_export_arrives_card_by_card() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (before, _) = common::first_board(&state).await;
    let lead = common::person(&state, "Board Lead", false, &[(before.id, Role::Lead)]).await;
    let member = state
        .store
        .members_of(before.id)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.role == Role::Member)
        .unwrap();
    let file = trello_export(&member.login).to_string().into_bytes();

    let (status, report) = import(&state, before.id, &lead, file, false).await;
    assert_eq!(status, 201, "{report:?}");
    assert_eq!(report.source, Some(ImportSource::Trello));
    assert_eq!(
        report.new_stages,
        ["Ideas"],
        "'In progress' is the board's own stage"
    );
    assert_eq!(report.new_labels, ["Urgent", "green_dark"]);
    assert_eq!((report.tasks, report.archived), (4, 2));
    assert_eq!((report.checklist_items, report.comments), (2, 2));
    assert_eq!(report.unmatched_people, ["Someone Elsewhere"]);

    let (after, _) = board_now(&state, before.id).await;
    let new: Vec<&Card> = in_order(&after)
        .into_iter()
        .filter(|c| !before.cards.contains_key(&c.id))
        .collect();
    let find = |title: &str| *new.iter().find(|c| c.title == title).unwrap();
    let stage = |c: &Card| after.columns[&c.column].name.clone();

    let canal = find("Repair the Kapshagai canal");
    assert_eq!(stage(canal), "In progress");
    assert_eq!(canal.description, "Phase one: **survey**");
    assert!(!canal.archived);
    let due = canal.delivery.deadline.as_ref().unwrap();
    assert_eq!(due.current.to_string(), "2026-12-20");
    assert_eq!(canal.delivery.assignees, [member.user_id]);
    let mut labels: Vec<_> = canal
        .parts
        .labels
        .iter()
        .map(|l| after.labels[l].name.as_str())
        .collect();
    labels.sort();
    assert_eq!(labels, ["Urgent", "green_dark"]);
    let items: Vec<_> = canal
        .parts
        .checklist
        .iter()
        .map(|i| (i.text.as_str(), i.done.is_some()))
        .collect();
    assert_eq!(
        items,
        [("Survey the canal", true), ("Sign the contract", false)]
    );
    let comments: Vec<_> = canal
        .parts
        .comments
        .iter()
        .map(|c| (c.text.as_str(), c.stamp.by.as_str(), c.stamp.by_id.clone()))
        .collect();
    let marked_trello = format!("{} (Trello)", member.display_name);
    assert_eq!(
        comments,
        [
            ("Survey done", marked_trello.as_str(), None),
            ("Contractor chosen", "Someone Elsewhere (Trello)", None),
        ],
        "oldest first, under the matched member's name or the Trello name, marked, neither's account"
    );
    let stages: Vec<String> = after
        .ordered_columns()
        .iter()
        .map(|c| c.name.clone())
        .collect();
    assert_eq!(
        stages.first().map(String::as_str),
        Some("Ideas"),
        "before the board's first"
    );
    assert_eq!(
        stages.last(),
        before.ordered_columns().last().map(|c| &c.name),
        "Done stays last"
    );
    let links: Vec<_> = canal.parts.links.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(
        links,
        ["https://docs.example.kz/survey.pdf"],
        "only web links"
    );

    assert_eq!(stage(find("Meter every village")), "Ideas");
    assert!(find("Old idea").archived);
    let forgotten = find("Forgotten");
    assert!(
        forgotten.archived,
        "the cards of an archived list arrive archived"
    );
}

#[tokio::test]
async fn a_sheet_exported_in_one_language_imports_into_a_board_read_in_another() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (source, _) = common::first_board(&state).await;
    let admin = common::admin(&state, "Office admin").await;
    let open: Vec<&Card> = in_order(&source)
        .into_iter()
        .filter(|c| !c.archived)
        .collect();

    for (format, lang) in [("csv", "ru"), ("xlsx", "kk")] {
        let target = empty_board_with_members_of(&state, source.id).await;
        // The target needs the stages the sheet names: a board file brings them.
        let mut stages_only = qadam_shared::transfer::BoardFile {
            qadam_board: 1,
            exported_at: 0,
            board: source.clone(),
            people: Vec::new(),
        };
        stages_only.board.cards.clear();
        stages_only.board.labels.clear();
        let stages = serde_json::to_vec(&stages_only).unwrap();
        assert_eq!(import(&state, target, &admin, stages, false).await.0, 201);

        let uri = format!(
            "/api/boards/{}/export?format={format}&lang={lang}",
            source.id
        );
        let (status, _, file) = download(&state, &uri, &admin).await;
        assert_eq!(status, 200);
        let (status, report) = import(&state, target, &admin, file, false).await;
        assert_eq!(status, 201, "{format}: {report:?}");
        assert_eq!(report.tasks, open.len(), "{format}");
        assert!(
            report.unmatched_people.is_empty(),
            "{:?}",
            report.unmatched_people
        );

        let (imported, _) = board_now(&state, target).await;
        let after = in_order(&imported);
        assert_eq!(after.len(), open.len());
        for (was, now) in open.iter().zip(after) {
            let context = format!("{format}: {}", was.title);
            assert_eq!(now.title, was.title, "{context}");
            assert_eq!(now.description, was.description, "{context}");
            assert_eq!(
                imported.columns[&now.column].name, source.columns[&was.column].name,
                "{context}"
            );
            let (d, e) = (&was.delivery, &now.delivery);
            assert_eq!(
                (&e.agency, &e.project),
                (&d.agency, &d.project),
                "{context}"
            );
            assert_eq!(e.assignees, d.assignees, "{context}");
            let due = |d: &qadam_shared::Delivery| d.deadline.as_ref().map(|dl| dl.current);
            assert_eq!(due(e), due(d), "{context}");
            let judged = |d: &qadam_shared::Delivery| {
                d.judgement.as_ref().map(|j| (j.rag, j.reason.clone()))
            };
            assert_eq!(judged(e), judged(d), "{context}");
            assert_eq!(
                label_names(&imported, now),
                label_names(&source, was),
                "{context}"
            );
        }
    }
}

#[tokio::test]
async fn a_file_with_a_bad_row_or_a_refused_task_imports_nothing() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (seeded, seq) = common::first_board(&state).await;
    let admin = common::admin(&state, "Office admin").await;

    let csv = "Task,Stage,Deadline\n\
               Fine task,Intake,01.12.2026\n\
               Bad date,Intake,31.02.2026\n\
               Nowhere,Bermuda,\n\
               ,Intake,\n";
    let (status, report) = import(&state, seeded.id, &admin, csv.into(), false).await;
    assert_eq!(status, 422);
    let problems: Vec<_> = report.problems.iter().map(|p| (p.row, p.kind)).collect();
    assert_eq!(
        problems,
        [
            (3, ProblemKind::BadDate),
            (4, ProblemKind::UnknownStage),
            (5, ProblemKind::MissingTitle)
        ]
    );
    assert!(!report.committed);
    assert_eq!(
        board_now(&state, seeded.id).await.1,
        seq,
        "nothing half-imported"
    );

    // Every row reads, but the rules refuse one task: still nothing lands.
    let long = "x".repeat(400);
    let csv = format!("Task;Stage\nFine task;Intake\n{long};Intake\n");
    let (status, report) = import(&state, seeded.id, &admin, csv.into(), false).await;
    assert_eq!(status, 422);
    let problems: Vec<_> = report.problems.iter().map(|p| (p.row, p.kind)).collect();
    assert_eq!(problems, [(3, ProblemKind::Refused)]);
    assert_eq!(
        report.problems[0].refused,
        Some(qadam_shared::ops::RejectCode::TextTooLong),
        "the page says why in the reader's language"
    );
    assert_eq!(board_now(&state, seeded.id).await.1, seq);

    let (status, report) = import(
        &state,
        seeded.id,
        &admin,
        b"\x00\x01garbage".to_vec(),
        false,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(report.problems[0].kind, ProblemKind::NoTitleColumn);
    let (status, report) = import(&state, seeded.id, &admin, b"{\"x\": 1}".to_vec(), false).await;
    assert_eq!(status, 422);
    assert_eq!(report.problems[0].kind, ProblemKind::Unreadable);
    assert_eq!(board_now(&state, seeded.id).await.1, seq);

    // Members import nothing; the template names the columns in the reader's language.
    let member = common::person(&state, "Member", false, &[(seeded.id, Role::Member)]).await;
    let request = Request::post(format!("/api/boards/{}/import", seeded.id))
        .header("cookie", &member)
        .body(Body::from("Task\nA\n"))
        .unwrap();
    assert_eq!(send(&state, request).await.0, 403);
    let uri = format!(
        "/api/boards/{}/import/template?format=csv&lang=ru",
        seeded.id
    );
    let (status, kind, template) = download(&state, &uri, &member).await;
    assert_eq!((status, kind.as_str()), (200, "text/csv; charset=utf-8"));
    let template = String::from_utf8(template).unwrap();
    assert!(
        template.contains("Задача") && template.contains("Срок"),
        "{template}"
    );
}

#[tokio::test]
async fn hostile_or_odd_files_get_a_report_and_cost_only_what_they_hold() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (seeded, seq) = common::first_board(&state).await;
    let admin = common::admin(&state, "Office admin").await;
    let kinds = |report: &ImportReport| -> Vec<(usize, ProblemKind)> {
        report.problems.iter().map(|p| (p.row, p.kind)).collect()
    };

    // A workbook whose second cell is in the sheet's last row: read cell by cell, not as a
    // grid of a million rows; the row keeps its number.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Task").unwrap();
    sheet.write_string(0, 1, "Deadline").unwrap();
    sheet.write_string(1_048_575, 0, "Far away").unwrap();
    sheet.write_string(1_048_575, 1, "soon").unwrap();
    sheet.write_string(1_048_575, 16_383, "far right").unwrap();
    let far = book.save_to_buffer().unwrap();
    let (status, report) = import(&state, seeded.id, &admin, far, true).await;
    assert_eq!(status, 200);
    assert_eq!(kinds(&report), [(1_048_576, ProblemKind::BadDate)]);

    // Blank lines count as rows; a year written short is not a year.
    let csv = "Task,Deadline\n\nFine,01.03.2027\n\nShort year,01.03.27\n";
    let (_, report) = import(&state, seeded.id, &admin, csv.into(), true).await;
    assert_eq!(kinds(&report), [(5, ProblemKind::BadDate)]);

    // More rows than an import takes: refused whole, before anything is planned.
    let mut many = String::from("Task\n");
    for i in 0..=qadam_shared::transfer::IMPORT_TASKS_MAX + 10 {
        many.push_str(&format!("Task {i}\n"));
    }
    let (status, report) = import(&state, seeded.id, &admin, many.into(), false).await;
    assert_eq!(status, 422);
    assert_eq!(kinds(&report), [(0, ProblemKind::TooManyTasks)]);

    // A board file from a newer Qadam, with fields this one does not know.
    let newer = json!({ "qadam_board": 2, "exported_at": 0, "board": {}, "people": [], "more": 1 });
    let (status, report) = import(&state, seeded.id, &admin, newer.to_string().into(), false).await;
    assert_eq!(status, 422);
    assert_eq!(kinds(&report), [(0, ProblemKind::NewerVersion)]);

    // Tabs as separators, Cyrillic names in another case, an agency by its name.
    let tsv = "Задача\tОтветственный орган\nПроверка\tминистерство энергетики\n";
    let (status, report) = import(&state, seeded.id, &admin, tsv.into(), true).await;
    assert_eq!(status, 200);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.tasks, 1);
    assert_eq!(board_now(&state, seeded.id).await.1, seq, "nothing changed");
}

#[tokio::test]
async fn a_title_that_looks_like_a_formula_is_exported_inert_and_comes_back_as_typed() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (seeded, _) = common::first_board(&state).await;
    let admin = common::admin(&state, "Office admin").await;
    let titles = [
        "=HYPERLINK(\"http://evil.example\",\"Open\")",
        "+7 701 000 0000",
        "@once",
    ];
    let csv = format!(
        "Task\n{}\n",
        titles
            .iter()
            .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let (status, report) = import(&state, seeded.id, &admin, csv.into(), false).await;
    assert_eq!(status, 201, "{report:?}");

    let uri = format!("/api/boards/{}/export?format=csv&lang=en", seeded.id);
    let (_, _, file) = download(&state, &uri, &admin).await;
    let text = String::from_utf8(file.clone()).unwrap();
    for title in titles {
        let quoted = format!("'{}", title.replace('"', "\"\""));
        assert!(text.contains(&quoted), "{title} is not inert in:\n{text}");
    }

    let target = empty_board_with_members_of(&state, seeded.id).await;
    let stages = qadam_shared::transfer::BoardFile {
        qadam_board: 1,
        exported_at: 0,
        board: Board {
            cards: Default::default(),
            labels: Default::default(),
            ..seeded.clone()
        },
        people: Vec::new(),
    };
    let stages = serde_json::to_vec(&stages).unwrap();
    assert_eq!(import(&state, target, &admin, stages, false).await.0, 201);
    let (status, report) = import(&state, target, &admin, file, false).await;
    assert_eq!(status, 201, "{report:?}");
    let (imported, _) = board_now(&state, target).await;
    for title in titles {
        assert!(
            imported.cards.values().any(|c| c.title == title),
            "{title} did not come back as typed"
        );
    }
}

/// A file past the import's limit is answered `413 too_large` in JSON, as every error is, so the
/// page can say why in the person's language; nothing changes.
#[tokio::test]
async fn a_file_over_the_limit_is_refused_with_a_clear_error() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (seeded, seq) = common::first_board(&state).await;
    let admin = common::admin(&state, "Office admin").await;
    let file = vec![b'a'; qadam_shared::transfer::IMPORT_MAX_BYTES + 1];
    let uri = format!("/api/boards/{}/import", seeded.id);
    let request = Request::post(uri)
        .header("cookie", admin)
        .body(Body::from(file))
        .unwrap();
    let (status, body) = send(&state, request).await;
    assert_eq!(status, 413);
    assert_eq!(body["code"], "too_large", "{body}");
    assert_eq!(board_now(&state, seeded.id).await.1, seq, "nothing changed");
}

#[tokio::test]
async fn a_name_two_members_share_is_asked_to_be_a_login_and_a_huge_import_is_refused_whole() {
    let (state, _db) = common::seeded_state(Backend::Sqlite).await;
    let (seeded, seq) = common::first_board(&state).await;
    let admin = common::admin(&state, "Office admin").await;
    for _ in 0..2 {
        common::person(&state, "Twin Name", false, &[(seeded.id, Role::Member)]).await;
    }
    let twin = state
        .store
        .members_of(seeded.id)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.display_name == "Twin Name")
        .unwrap();
    let csv = format!(
        "Task;Assignees\nBy name;Twin Name\nBy login;{}\n",
        twin.login
    );
    let (_, report) = import(&state, seeded.id, &admin, csv.into(), true).await;
    let problems: Vec<_> = report.problems.iter().map(|p| (p.row, p.kind)).collect();
    assert_eq!(problems, [(2, ProblemKind::AmbiguousPerson)]);

    // The export writes the login of a shared name, so it reads back to the one person.
    let csv = format!("Task;Assignees\nBy login;{}\n", twin.login);
    assert_eq!(
        import(&state, seeded.id, &admin, csv.into(), false).await.0,
        201
    );
    let uri = format!("/api/boards/{}/export?format=csv&lang=en", seeded.id);
    let (_, _, file) = download(&state, &uri, &admin).await;
    assert!(String::from_utf8(file).unwrap().contains(&twin.login));

    // 2,000 cards with five comments each: more changes than one import makes.
    let cards: Vec<_> = (0..2000)
        .map(|i| json!({ "id": format!("C{i}"), "name": format!("Task {i}"), "idList": "L1" }))
        .collect();
    let actions: Vec<_> = (0..10_000)
        .map(|i| {
            json!({ "type": "commentCard", "date": "2026-11-01T10:00:00.000Z",
                    "data": { "text": "noted", "card": { "id": format!("C{}", i % 2000) } } })
        })
        .collect();
    let trello =
        json!({ "lists": [{ "id": "L1", "name": "Intake" }], "cards": cards, "actions": actions });
    let started = std::time::Instant::now();
    let (status, report) =
        import(&state, seeded.id, &admin, trello.to_string().into(), false).await;
    assert_eq!(status, 422);
    let problems: Vec<_> = report.problems.iter().map(|p| (p.row, p.kind)).collect();
    assert_eq!(problems, [(0, ProblemKind::TooManyChanges)]);
    println!(
        "a refused 12,000-change import answered in {:?}",
        started.elapsed()
    );
    let (_, after) = board_now(&state, seeded.id).await;
    assert_eq!(
        after,
        seq + 2,
        "only the task imported by login, and its assignee"
    );
}
