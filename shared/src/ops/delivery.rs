//! The rules of the delivery fields (`delivery`): each operation changes one field of one card,
//! so two people editing different fields of a card both keep their edits; the later of two
//! edits to one field wins, and the log keeps the earlier.

use super::{Rejection, Shape, field_text, usable_date};
use crate::catalog::is_code;
use crate::delivery::{
    Deadline, DeadlineChange, DecisionAsked, Delivery, Judgement, Source, Stamp,
};
use crate::limits::*;
use crate::ops::{Op, RejectCode};

/// Changes a card's delivery fields as `op`, made as `stamp` says.
pub(super) fn change(d: &mut Delivery, op: &Op, stamp: &Stamp) -> Result<Op, Rejection> {
    Ok(match op {
        Op::SetAgency { card, agency } => {
            let agency = agency.as_deref().map(code).transpose()?;
            d.agency = agency.clone();
            Op::SetAgency {
                card: *card,
                agency,
            }
        }
        Op::SetAssignees { card, assignees } => {
            let mut assignees = assignees.clone();
            assignees.sort();
            assignees.dedup();
            if assignees.len() > ASSIGNEES_MAX {
                return Err(Rejection::new(
                    RejectCode::TooMany,
                    format!("a task has at most {ASSIGNEES_MAX} assignees"),
                ));
            }
            d.assignees = assignees.clone();
            Op::SetAssignees {
                card: *card,
                assignees,
            }
        }
        Op::SetDeadline { card, due, reason } => {
            let due = &usable_date(*due, "a deadline")?;
            let reason = match &mut d.deadline {
                None => {
                    d.deadline = Some(Deadline {
                        original: *due,
                        current: *due,
                        changes: Vec::new(),
                    });
                    String::new()
                }
                Some(deadline) if deadline.current == *due => String::new(),
                Some(deadline) => {
                    let reason = required_reason(reason, "moving a deadline")?;
                    if deadline.changes.len() >= DEADLINE_CHANGES_MAX {
                        return Err(Rejection::new(
                            RejectCode::TooMany,
                            format!("a deadline moves at most {DEADLINE_CHANGES_MAX} times"),
                        ));
                    }
                    deadline.changes.push(DeadlineChange {
                        from: deadline.current,
                        to: *due,
                        reason: reason.clone(),
                        stamp: stamp.clone(),
                    });
                    deadline.current = *due;
                    reason
                }
            };
            Op::SetDeadline {
                card: *card,
                due: *due,
                reason,
            }
        }
        Op::SetSpecialControl { on, .. } => {
            d.special_control = *on;
            op.clone()
        }
        Op::JudgeDelivery { card, rag, reason } => {
            let reason = if rag.needs_reason() {
                required_reason(reason, "an amber-red or red judgement")?
            } else {
                optional_text(reason, "a reason", REASON_MAX_CHARS)?
            };
            d.judgement = Some(Judgement {
                rag: *rag,
                reason: reason.clone(),
                stamp: stamp.clone(),
            });
            Op::JudgeDelivery {
                card: *card,
                rag: *rag,
                reason,
            }
        }
        Op::SetSource { card, source } => {
            let source = source
                .as_ref()
                .map(|s| {
                    Ok::<_, Rejection>(Source {
                        kind: s.kind,
                        number: optional_text(&s.number, "a number", SOURCE_NUMBER_MAX_CHARS)?,
                        date: s
                            .date
                            .map(|d| usable_date(d, "a document's date"))
                            .transpose()?,
                        paragraph: optional_text(
                            &s.paragraph,
                            "a paragraph",
                            SOURCE_PARAGRAPH_MAX_CHARS,
                        )?,
                    })
                })
                .transpose()?;
            d.source = source.clone();
            Op::SetSource {
                card: *card,
                source,
            }
        }
        Op::SetProject { card, project } => {
            let project = project.as_deref().map(code).transpose()?;
            d.project = project.clone();
            Op::SetProject {
                card: *card,
                project,
            }
        }
        Op::AskDecision { card, question } => {
            let question = question
                .as_deref()
                .map(|q| field_text(q, "the decision asked for", REASON_MAX_CHARS, Shape::Line))
                .transpose()?;
            d.decision = question.clone().map(|question| DecisionAsked {
                question,
                stamp: stamp.clone(),
            });
            Op::AskDecision {
                card: *card,
                question,
            }
        }
        _ => unreachable!("not a delivery field operation"),
    })
}

/// A code from one of the office's lists (`catalog::is_code`). Whether the list holds it is the
/// server's check (the lists live in its database).
fn code(text: &str) -> Result<String, Rejection> {
    if !is_code(text) {
        return Err(Rejection::new(
            RejectCode::InvalidValue,
            format!("{text:?} is not a code from the office's lists"),
        ));
    }
    Ok(text.to_owned())
}

/// A trimmed one-line text that may be empty.
fn optional_text(text: &str, what: &str, max: usize) -> Result<String, Rejection> {
    field_text(text, what, max, Shape::OptionalLine)
}

/// The reason `what` needs: refused when blank.
fn required_reason(reason: &str, what: &str) -> Result<String, Rejection> {
    let reason = optional_text(reason, "a reason", REASON_MAX_CHARS)?;
    if reason.is_empty() {
        return Err(Rejection::new(
            RejectCode::ReasonRequired,
            format!("{what} needs a reason"),
        ));
    }
    Ok(reason)
}
