//! The server's decision on a batch of submissions, as a pure function: what the board task
//! runs between reading the database and committing, what the seed runs, and what the
//! convergence simulation drives, so the simulation proves the real server's rule (like aper's
//! `AperServer` beside its client).

use crate::access::Standing;
use crate::delivery::Stamp;
use crate::ids::ClientOpId;
use crate::model::Board;
use crate::ops::{Op, Rejection};
use crate::protocol::Committed;
use std::collections::HashMap;

/// Who submits an operation: an account (none for the seed), named in the log as it is called,
/// and what they may do on the board (checked against the board as it stands when decided).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Author {
    pub id: Option<String>,
    pub name: String,
    pub standing: Standing,
}

impl Author {
    /// Qadam itself, for the seed and the benchmarks: no account, every right.
    pub fn system(name: &str) -> Self {
        Self {
            id: None,
            name: name.into(),
            standing: Standing {
                role: crate::Role::Lead,
                admin: true,
            },
        }
    }
}

/// One submission of a batch.
#[derive(Clone, Copy, Debug)]
pub struct Submission<'a> {
    pub id: ClientOpId,
    pub op: &'a Op,
    pub author: &'a Author,
}

impl<'a> Submission<'a> {
    /// Submissions of operations held as (id, operation, author), as an import holds them.
    pub fn all(ops: &'a [(ClientOpId, Op, Author)]) -> impl Iterator<Item = Submission<'a>> {
        ops.iter().map(|(id, op, author)| Submission {
            id: *id,
            op,
            author,
        })
    }
}

/// What became of one submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Applied: this is its log entry.
    Commit(Committed),
    /// Committed earlier (a resend) as this sequence number; not applied again.
    Duplicate(u64),
    /// Refused by the rules; the board is unchanged by it.
    Rejected(Rejection),
}

/// Checks what the author may do on the board as it stands, then applies.
fn permitted(board: &mut Board, submission: Submission, at: i64) -> Result<Op, Rejection> {
    let author = submission.author;
    let stamp = Stamp {
        by_id: author.id.clone(),
        by: author.name.clone(),
        at,
    };
    author.standing.make(submission.op, board, &stamp)
}

/// Decides a batch in order on `board`, which stands at `seq`: a submission the log already
/// holds (`committed` says where) or that came earlier in the batch is a duplicate; any other is
/// checked against its author's standing on the board as it stands then (a stage's gate,
/// special control), applied by the rules and numbered from `seq + 1`, or refused. `board` ends
/// as the batch left it; one verdict per submission, in order.
pub fn decide<'a>(
    board: &mut Board,
    seq: u64,
    committed: impl Fn(ClientOpId) -> Option<u64>,
    batch: impl IntoIterator<Item = Submission<'a>>,
    at: i64,
) -> Vec<Verdict> {
    let mut next_seq = seq + 1;
    let mut verdicts: Vec<Verdict> = Vec::new();
    // Submissions committed earlier in this batch: an import is thousands long.
    let mut earlier: HashMap<ClientOpId, u64> = HashMap::new();
    for submission in batch {
        let verdict = match committed(submission.id).or(earlier.get(&submission.id).copied()) {
            Some(seq) => Verdict::Duplicate(seq),
            None => match permitted(board, submission, at) {
                Ok(applied) => {
                    earlier.insert(submission.id, next_seq);
                    next_seq += 1;
                    Verdict::Commit(Committed {
                        seq: next_seq - 1,
                        op: applied,
                        author: submission.author.name.clone(),
                        author_id: submission.author.id.clone(),
                        at,
                        client_op: Some(submission.id),
                    })
                }
                Err(rejection) => Verdict::Rejected(rejection),
            },
        };
        verdicts.push(verdict);
    }
    verdicts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BoardId, ColumnId, OrderKey};

    fn add_column(name: &str) -> Op {
        Op::AddColumn {
            column: ColumnId::random(),
            name: name.into(),
            position: OrderKey::first(),
        }
    }

    #[test]
    fn a_batch_is_numbered_in_order_and_resends_are_not_applied_twice() {
        let mut board = Board::new(BoardId::random(), "b", "t");
        let author = Author {
            id: Some("u1".into()),
            name: "Aigerim".into(),
            standing: Standing {
                role: crate::Role::Lead,
                admin: false,
            },
        };
        let (a, b, old) = (
            ClientOpId::random(),
            ClientOpId::random(),
            ClientOpId::random(),
        );
        let (first, second, empty) = (add_column("Intake"), add_column("Done"), add_column(" "));
        let batch = [
            Submission {
                id: a,
                op: &first,
                author: &author,
            },
            Submission {
                id: old,
                op: &first,
                author: &author,
            },
            Submission {
                id: a,
                op: &first,
                author: &author,
            },
            Submission {
                id: ClientOpId::random(),
                op: &empty,
                author: &author,
            },
            Submission {
                id: b,
                op: &second,
                author: &author,
            },
        ];
        let verdicts = decide(&mut board, 7, |id| (id == old).then_some(3), batch, 42);
        let seqs: Vec<String> = verdicts
            .iter()
            .map(|v| match v {
                Verdict::Commit(c) => format!("commit {}", c.seq),
                Verdict::Duplicate(seq) => format!("duplicate {seq}"),
                Verdict::Rejected(r) => format!("rejected {}", r.code.as_str()),
            })
            .collect();
        assert_eq!(
            seqs,
            [
                "commit 8",
                "duplicate 3",
                "duplicate 8",
                "rejected empty_text",
                "commit 9"
            ]
        );
        assert_eq!(board.columns.len(), 2);
        let Verdict::Commit(c) = &verdicts[0] else {
            unreachable!()
        };
        assert_eq!((c.author_id.as_deref(), c.at), (Some("u1"), 42));
    }
}
