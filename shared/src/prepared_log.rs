//! A log written by hand for the tests of what is read from logs (metrics, the stocktake): a
//! board with stages Intake, Work and Done, on the office's calendar from Monday 2 November 2026.

use crate::delivery::day_start_ms;
use crate::ids::{CardId, ColumnId};
use crate::ops::Op;
use crate::protocol::Committed;
use crate::{ClientOpId, OrderKey};
use chrono::{Days, NaiveDate};

/// The `n`th office day from Monday 2 November 2026.
pub fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 2).unwrap() + Days::new(n)
}

/// Office time `hour` o'clock on day `n`.
pub fn at(n: u64, hour: i64) -> i64 {
    day_start_ms(day(n)) + hour * 3600 * 1000
}

pub struct Log {
    pub events: Vec<Committed>,
    columns: Vec<ColumnId>,
}

impl Log {
    /// The three stages, added at 8 o'clock on day 0.
    pub fn new() -> Self {
        let mut log = Log {
            events: Vec::new(),
            columns: (0..3).map(|_| ColumnId::random()).collect(),
        };
        let keys = OrderKey::sequence(None, 3);
        for (i, name) in ["Intake", "Work", "Done"].into_iter().enumerate() {
            let op = Op::AddColumn {
                column: log.columns[i],
                name: name.into(),
                position: keys[i].clone(),
            };
            log.push(op, at(0, 8));
        }
        log
    }

    pub fn push(&mut self, op: Op, at: i64) {
        self.events.push(Committed {
            seq: self.events.len() as u64 + 1,
            op,
            author: "Aigerim".into(),
            author_id: None,
            at,
            client_op: Some(ClientOpId::random()),
        });
    }

    pub fn create(&mut self, title: &str, stage: usize, at: i64) -> CardId {
        let card = CardId::random();
        let op = Op::CreateCard {
            card,
            column: self.columns[stage],
            position: OrderKey::first(),
            title: title.into(),
            description: String::new(),
        };
        self.push(op, at);
        card
    }

    pub fn move_to(&mut self, card: CardId, stage: usize, at: i64) {
        let op = Op::MoveCard {
            card,
            column: self.columns[stage],
            position: OrderKey::first(),
        };
        self.push(op, at);
    }

    /// Sets the deadline to day `due`, with a reason when it moves one.
    pub fn deadline(&mut self, card: CardId, due: u64, reason: &str, at: i64) {
        let op = Op::SetDeadline {
            card,
            due: day(due),
            reason: reason.into(),
        };
        self.push(op, at);
    }
}
