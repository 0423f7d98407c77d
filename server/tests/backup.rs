//! Backups taken while the server works, and restoring them: every change acknowledged before
//! the backup began is in it, and a restore never runs under a server.

mod common;

use common::Backend;
use qadam_server::backup::{ServerLock, backup, restore};
use qadam_server::sync::Outcome;
use qadam_shared::authority::Author;
use qadam_shared::{ClientOpId, Op, ServerMsg};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

#[tokio::test]
async fn a_backup_taken_under_load_holds_every_change_acknowledged_before_it() {
    let (state, db) = common::seeded_state(Backend::Sqlite).await;
    let (board, _) = common::first_board(&state).await;
    let handle = state.hub.board(board.id).await.unwrap();
    let column = board.ordered_columns()[0].id;
    let acknowledged = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    // Four writers changing the board as fast as it commits, until told to stop.
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (handle, acknowledged, stop) = (handle.clone(), acknowledged.clone(), stop.clone());
            tokio::spawn(async move {
                let mut n = 0u32;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let op = Op::SetWipLimit {
                        column,
                        limit: Some(1 + (n * 4 + w) % 999),
                    };
                    let outcome = handle
                        .submit(ClientOpId::random(), op, Author::system("load"))
                        .await
                        .unwrap();
                    let Outcome::Committed(event) = outcome else {
                        panic!("the change commits: {outcome:?}")
                    };
                    acknowledged.fetch_max(event.seq, Ordering::SeqCst);
                }
            })
        })
        .collect();
    while acknowledged.load(Ordering::SeqCst) < 300 {
        tokio::task::yield_now().await;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("qadam-backup.db");
    let before = acknowledged.load(Ordering::SeqCst);
    let bytes = backup(&db.url, &file).await.unwrap();
    let moved_on = acknowledged.load(Ordering::SeqCst);
    assert!(bytes > 0);
    // The load went on while the copy was made, and goes on a little after.
    while acknowledged.load(Ordering::SeqCst) < moved_on + 100 {
        tokio::task::yield_now().await;
    }
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.unwrap();
    }

    let restored = dir.path().join("restored.db").display().to_string();
    assert_eq!(
        restore(&restored, &file).await.unwrap(),
        None,
        "nothing replaced"
    );
    let copy = qadam_server::storage::Store::open(&restored).await.unwrap();
    let (copy_board, seq) = copy.load_board(board.id).await.unwrap().unwrap();
    assert!(
        seq >= before,
        "the backup holds seq {seq}, {before} were acknowledged before it"
    );
    let original = state.store.events_between(board.id, 0, seq).await.unwrap();
    let kept = copy.events_between(board.id, 0, seq).await.unwrap();
    assert_eq!(
        kept, original,
        "the backup's log is the original's up to its end"
    );
    // The rows were written with the log: the column holds the last change's limit.
    let Some(Op::SetWipLimit { limit, .. }) = kept.last().map(|e| &e.op) else {
        panic!("the last change is a limit")
    };
    assert_eq!(copy_board.columns[&column].wip_limit, *limit);
}

#[tokio::test]
async fn a_restore_refuses_a_running_server_and_what_is_not_a_backup() {
    let (state, db) = common::seeded_state(Backend::Sqlite).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.db");
    backup(&db.url, &file).await.unwrap();
    let again = backup(&db.url, &file).await.unwrap_err().to_string();
    assert!(again.contains("exists already"), "{again}");

    let lock = ServerLock::take(&db.url)
        .unwrap()
        .expect("a SQLite file is locked");
    let refused = restore(&db.url, &file).await.unwrap_err();
    assert!(
        format!("{refused:#}").contains("another Qadam server is running"),
        "{refused:#}"
    );
    assert!(
        ServerLock::take(&db.url).is_err(),
        "a second server is refused too"
    );
    drop(lock);

    let junk = dir.path().join("notes.txt");
    std::fs::write(&junk, "not a database").unwrap();
    let refused = restore(&db.url, &junk).await.unwrap_err().to_string();
    assert!(refused.contains("not a Qadam database backup"), "{refused}");

    let postgres = "postgres://root@127.0.0.1:5432/qadam";
    let told = backup(postgres, &file).await.unwrap_err().to_string();
    assert!(told.contains("pg_dump"), "{told}");
    drop(state);
    // With the server stopped, the restore goes ahead and keeps what it replaced.
    let kept = restore(&db.url, &file)
        .await
        .unwrap()
        .expect("the old database kept");
    assert!(kept.exists());
}

/// A browser holding a board as it stood after a backup was taken (changes the restore took
/// back) reads it afresh from the restored server, though the restored board's sequence number
/// has passed the one it holds: the log that follows is another.
#[tokio::test]
async fn a_board_held_from_before_a_restore_is_read_afresh() {
    let (state, db) = common::seeded_state(Backend::Sqlite).await;
    assert_eq!(
        db.open().await.timeline,
        state.timeline,
        "the timeline outlasts a restart"
    );
    let (board, _) = common::first_board(&state).await;
    let column = board.ordered_columns()[0].id;
    let limit = |n| Op::SetWipLimit {
        column,
        limit: Some(n),
    };
    let commit = |state: &qadam_server::AppState, op: Op| {
        let state = state.clone();
        async move {
            let handle = state.hub.board(board.id).await.unwrap();
            match handle
                .submit(ClientOpId::random(), op, Author::system("test"))
                .await
                .unwrap()
            {
                Outcome::Committed(event) => event.seq,
                other => panic!("the change commits: {other:?}"),
            }
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("qadam-backup.db");
    backup(&db.url, &file).await.unwrap();
    // After the backup, changes the restore takes back; a browser holds the board with them.
    let mut held = 0;
    for n in 1..=3 {
        held = commit(&state, limit(n)).await;
    }

    let restored = dir.path().join("restored.db").display().to_string();
    restore(&restored, &file).await.unwrap();
    let again =
        qadam_server::AppState::open(&qadam_server::config::Config::for_database(&restored))
            .await
            .unwrap();
    assert_ne!(
        again.timeline, state.timeline,
        "a restored database starts a timeline of its own"
    );
    // The restored board, with other changes, goes past the number the browser holds.
    for n in 10..=14 {
        commit(&again, limit(n)).await;
    }
    let server = common::Running::start(again.clone()).await;
    let cookie = common::admin(&again, "Aigerim").await;
    let path = |timeline: &str| {
        format!(
            "/api/boards/{}/ws?since={held}&timeline={timeline}",
            board.id
        )
    };
    let mut before = common::open_as(&server, &path(&state.timeline), &cookie)
        .await
        .unwrap();
    match common::next(&mut before).await {
        ServerMsg::Error { code, .. } => assert_eq!(code, "fallen_behind"),
        other => panic!("a board of the old timeline is read afresh: {other:?}"),
    }
    // Held from this timeline, the same number catches up as ever.
    let mut now = common::open_as(&server, &path(&again.timeline), &cookie)
        .await
        .unwrap();
    match common::next(&mut now).await {
        ServerMsg::Committed(event) => assert_eq!(event.seq, held + 1),
        other => panic!("the changes after it: {other:?}"),
    }
    server.stop();
}
