//! A database written before delivery cards (migrations up to 0005) moves forward without loss:
//! its boards, cards and log read as before, with every new field empty.

mod common;

use common::{Backend, TestDb};
use qadam_server::storage::Store;
use qadam_shared::{BoardId, CardId, ColumnId};
use sqlx::AnyPool;
use sqlx::any::install_default_drivers;
use std::borrow::Cow;

async fn an_older_database_moves_forward_without_loss(backend: Backend) {
    let db = TestDb::new(backend).await;
    install_default_drivers();
    let url = match backend {
        Backend::Sqlite => format!("sqlite://{}?mode=rwc", db.url),
        Backend::Postgres => db.url.clone(),
    };
    let pool = AnyPool::connect(&url).await.unwrap();
    let mut older = sqlx::migrate!("./migrations");
    older.migrations = Cow::Owned(
        older
            .migrations
            .iter()
            .filter(|m| m.version <= 5)
            .cloned()
            .collect(),
    );
    older.run(&pool).await.unwrap();
    let (board, column, card) = (BoardId::random(), ColumnId::random(), CardId::random());
    for (sql, binds) in [
        (
            "INSERT INTO boards (id, name, team, seq, sort_order) VALUES ($1, 'Energy', 'Energy team', 1, 0)",
            vec![board.to_string()],
        ),
        (
            "INSERT INTO board_columns (board_id, id, name, position, wip_limit) VALUES ($1, $2, 'Intake', '80', 4)",
            vec![board.to_string(), column.to_string()],
        ),
        (
            "INSERT INTO cards (board_id, id, column_id, position, title, description, archived)
             VALUES ($1, $2, $3, '80', 'Ekibastuz GRES-3', 'First unit', 0)",
            vec![board.to_string(), card.to_string(), column.to_string()],
        ),
        (
            "INSERT INTO events (board_id, seq, op, author, at) VALUES ($1, 1, $2, 'Aigerim', 5)",
            vec![
                board.to_string(),
                format!(
                    r#"{{"type":"create_card","card":"{card}","column":"{column}","position":"80","title":"Ekibastuz GRES-3","description":"First unit"}}"#
                ),
            ],
        ),
    ] {
        let mut query = sqlx::query(sql);
        for b in binds {
            query = query.bind(b);
        }
        query.execute(&pool).await.unwrap();
    }
    pool.close().await;

    let store = Store::open(&db.url).await.unwrap();
    let (loaded, seq) = store.load_board(board).await.unwrap().expect("the board");
    assert_eq!(seq, 1);
    let c = &loaded.cards[&card];
    assert_eq!(
        (c.title.as_str(), c.description.as_str()),
        ("Ekibastuz GRES-3", "First unit")
    );
    assert!(c.delivery.is_empty() && c.parts.is_empty());
    assert_eq!(loaded.columns[&column].wip_limit, Some(4));
    assert_eq!(loaded.columns[&column].gate, None);
    assert_eq!(loaded.settings, Default::default());
    let log = store.events_between(board, 0, 1).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].author, "Aigerim");
}

on_both_backends!(an_older_database_moves_forward_without_loss);
