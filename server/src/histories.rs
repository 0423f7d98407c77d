//! Each board's log replayed once and kept (`qadam_shared::metrics::History`), carried on with
//! the entries committed since; with a copy of the board every `SNAPSHOT_EVERY` entries, so the
//! board as it stood at any moment is the nearest earlier copy carried on through at most that
//! many entries, read from the log. The metrics, the board as it was, the stocktake and the
//! portfolio's "a week before" all read boards' pasts through here.

use crate::AppState;
use crate::error::Result;
use qadam_shared::metrics::History;
use qadam_shared::portfolio::replay;
use qadam_shared::{Board, BoardId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::OwnedMutexGuard;

/// How many log entries apart the kept copies of a board are.
const SNAPSHOT_EVERY: u64 = 5_000;
/// How long a replay runs before it lets other tasks on its thread run.
const REPLAY_STRETCH: std::time::Duration = std::time::Duration::from_millis(2);

#[derive(Clone, Default)]
pub struct Histories(Arc<Mutex<HashMap<BoardId, Arc<tokio::sync::Mutex<Replayed>>>>>);

/// A board's log replayed up to `seq`, and copies of the board along the way.
pub struct Replayed {
    pub history: History,
    seq: u64,
    /// (entry, its moment, the board after it), oldest first.
    snapshots: Vec<(u64, i64, Arc<Board>)>,
}

/// A board as it stood at a moment, and the last log entry in it.
pub struct Past {
    pub board: Board,
    pub seq: u64,
}

impl Histories {
    fn entry(&self, id: BoardId, name: &str, team: &str) -> Arc<tokio::sync::Mutex<Replayed>> {
        self.0
            .lock()
            .expect("not poisoned")
            .entry(id)
            .or_insert_with(|| {
                Arc::new(tokio::sync::Mutex::new(Replayed {
                    history: History::new(id, name, team),
                    seq: 0,
                    snapshots: Vec::new(),
                }))
            })
            .clone()
    }

    /// The board's history up to its latest commit (the first call replays the whole log).
    pub async fn of(&self, state: &AppState, id: BoardId) -> Result<OwnedMutexGuard<Replayed>> {
        let now = state.hub.board(id).await?.subscribe().await?;
        let mut replayed = self
            .entry(id, &now.board.name, &now.board.team)
            .lock_owned()
            .await;
        if replayed.seq < now.seq {
            let log = state
                .store
                .events_between(id, replayed.seq, now.seq)
                .await?;
            let mut stretch = std::time::Instant::now();
            for event in &log {
                replayed.history.replay(std::slice::from_ref(event));
                if event.seq % SNAPSHOT_EVERY == 0 {
                    let copy = Arc::new(replayed.history.board.clone());
                    replayed.snapshots.push((event.seq, event.at, copy));
                }
                // Noted with each entry: a request dropped at the yield below (its browser
                // gone) leaves the history where it stands, not replayed twice by the next.
                replayed.seq = event.seq;
                // A long log (a server starting warms every board's) takes seconds to replay:
                // the thread goes back to the sockets it shares with this between stretches.
                if stretch.elapsed() >= REPLAY_STRETCH {
                    tokio::task::yield_now().await;
                    stretch = std::time::Instant::now();
                }
            }
            replayed.seq = now.seq;
        }
        Ok(replayed)
    }

    /// The board as it stood at `at` (milliseconds): every entry committed by then.
    pub async fn board_at(&self, state: &AppState, id: BoardId, at: i64) -> Result<Past> {
        let now = state.hub.board(id).await?.subscribe().await?.board;
        let entry = self.entry(id, &now.name, &now.team);
        // A history being built is not waited for: the log up to `at` is read and replayed.
        let nearest = match entry.clone().try_lock_owned() {
            Ok(replayed) if replayed.seq > 0 => replayed
                .snapshots
                .iter()
                .rev()
                .find(|(_, moment, _)| *moment <= at)
                .map(|(seq, _, board)| (*seq, board.clone())),
            _ => {
                let histories = self.clone();
                let state = state.clone();
                tokio::spawn(async move {
                    if let Err(e) = histories.of(&state, id).await {
                        tracing::warn!(board = %id, "replaying the log: {e}");
                    }
                });
                None
            }
        };
        let (since, mut board) = match nearest {
            Some((seq, board)) => (seq, Board::clone(&board)),
            None => (0, Board::new(id, &now.name, &now.team)),
        };
        let log = state.store.events_until(id, since, at).await?;
        replay(&mut board, &log);
        Ok(Past {
            seq: log.last().map_or(since, |e| e.seq),
            board,
        })
    }

    /// Starts replaying every board's log, one board after another, so the first reader of a
    /// board's past does not wait for it.
    pub fn warm_up(&self, state: &AppState) {
        let (histories, state) = (self.clone(), state.clone());
        tokio::spawn(async move {
            let Ok(ids) = state.store.board_ids().await else {
                return;
            };
            for id in ids {
                if let Err(e) = histories.of(&state, id).await {
                    tracing::warn!(board = %id, "replaying the log: {e}");
                }
            }
        });
    }
}
