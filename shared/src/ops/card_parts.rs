//! The rules of labels, checklists, comments and links (`card_parts`). Each operation changes
//! one item, so two people working on one card at once both keep their work; a comment is
//! changed by its author only.

use super::{Rejection, Shape, field_text, usable_date};
use crate::card_parts::{ChecklistItem, Comment, Label, Link, is_web_address};
use crate::delivery::Stamp;
use crate::ids::ItemId;
use crate::limits::*;
use crate::model::{Board, Card};
use crate::ops::{Op, RejectCode};

/// Applies a label operation to the board.
pub(super) fn apply_label(board: &mut Board, op: &Op) -> Result<Op, Rejection> {
    match op {
        Op::PutLabel { label, name, color } => {
            let name = field_text(name, "a label's name", LABEL_NAME_MAX_CHARS, Shape::Line)?;
            if !board.labels.contains_key(label) && board.labels.len() >= LABELS_MAX {
                return Err(Rejection::new(
                    RejectCode::TooMany,
                    format!("a board has at most {LABELS_MAX} labels"),
                ));
            }
            board.labels.insert(
                *label,
                Label {
                    id: *label,
                    name: name.clone(),
                    color: *color,
                },
            );
            Ok(Op::PutLabel {
                label: *label,
                name,
                color: *color,
            })
        }
        Op::DeleteLabel { label } => {
            if board.labels.remove(label).is_none() {
                return Err(not_found("label"));
            }
            Ok(op.clone())
        }
        _ => unreachable!("not a label operation"),
    }
}

/// Changes a card's parts (on a copy of the card) as `op`, made as `stamp` says.
pub(super) fn change(
    board: &Board,
    card: &mut Card,
    op: &Op,
    stamp: &Stamp,
) -> Result<Op, Rejection> {
    let parts = &mut card.parts;
    Ok(match op {
        Op::SetCardLabels { card: c, labels } => {
            let mut labels = labels.clone();
            labels.sort();
            labels.dedup();
            if labels.iter().any(|l| !board.labels.contains_key(l)) {
                return Err(Rejection::new(
                    RejectCode::InvalidValue,
                    "the board has no such label",
                ));
            }
            parts.labels = labels.clone();
            Op::SetCardLabels { card: *c, labels }
        }
        Op::AddChecklistItem {
            card: c,
            item,
            text,
            due,
        } => {
            if parts.checklist.iter().any(|i| i.id == *item) {
                return Err(Rejection::new(RejectCode::CardExists, "this item exists"));
            }
            if parts.checklist.len() >= CHECKLIST_MAX {
                return Err(Rejection::new(
                    RejectCode::TooMany,
                    format!("a checklist has at most {CHECKLIST_MAX} items"),
                ));
            }
            let text = field_text(text, "a checklist item", ITEM_MAX_CHARS, Shape::Line)?;
            let due = due.map(|d| usable_date(d, "an item's date")).transpose()?;
            parts.checklist.push(ChecklistItem {
                id: *item,
                text: text.clone(),
                due,
                done: None,
            });
            Op::AddChecklistItem {
                card: *c,
                item: *item,
                text,
                due,
            }
        }
        Op::EditChecklistItem {
            card: c,
            item,
            text,
            due,
        } => {
            let text = field_text(text, "a checklist item", ITEM_MAX_CHARS, Shape::Line)?;
            let due = due.map(|d| usable_date(d, "an item's date")).transpose()?;
            let found = find(&mut parts.checklist, |i| i.id == *item, "checklist item")?;
            found.text = text.clone();
            found.due = due;
            Op::EditChecklistItem {
                card: *c,
                item: *item,
                text,
                due,
            }
        }
        Op::TickChecklistItem { item, done, .. } => {
            let found = find(&mut parts.checklist, |i| i.id == *item, "checklist item")?;
            found.done = done.then(|| stamp.clone());
            op.clone()
        }
        Op::RemoveChecklistItem { item, .. } => {
            find(&mut parts.checklist, |i| i.id == *item, "checklist item")?;
            parts.checklist.retain(|i| i.id != *item);
            op.clone()
        }
        Op::AddComment {
            card: c,
            comment,
            text,
        } => {
            if parts.comments.iter().any(|x| x.id == *comment) {
                return Err(Rejection::new(
                    RejectCode::CardExists,
                    "this comment exists",
                ));
            }
            if parts.comments.len() >= COMMENTS_MAX {
                return Err(Rejection::new(
                    RejectCode::TooMany,
                    format!("a task has at most {COMMENTS_MAX} comments"),
                ));
            }
            let text = field_text(text, "a comment", COMMENT_MAX_CHARS, Shape::Lines)?;
            parts.comments.push(Comment {
                id: *comment,
                text: text.clone(),
                stamp: stamp.clone(),
                edited_at: None,
            });
            Op::AddComment {
                card: *c,
                comment: *comment,
                text,
            }
        }
        Op::EditComment {
            card: c,
            comment,
            text,
        } => {
            let text = field_text(text, "a comment", COMMENT_MAX_CHARS, Shape::Lines)?;
            let found = own_comment(&mut parts.comments, *comment, stamp)?;
            found.text = text.clone();
            found.edited_at = Some(stamp.at);
            Op::EditComment {
                card: *c,
                comment: *comment,
                text,
            }
        }
        Op::DeleteComment { comment, .. } => {
            own_comment(&mut parts.comments, *comment, stamp)?;
            parts.comments.retain(|x| x.id != *comment);
            op.clone()
        }
        Op::AddLink {
            card: c,
            link,
            title,
            url,
        } => {
            if parts.links.iter().any(|l| l.id == *link) {
                return Err(Rejection::new(RejectCode::CardExists, "this link exists"));
            }
            if parts.links.len() >= LINKS_MAX {
                return Err(Rejection::new(
                    RejectCode::TooMany,
                    format!("a task has at most {LINKS_MAX} links"),
                ));
            }
            let url = field_text(url, "an address", URL_MAX_CHARS, Shape::Line)?;
            if !is_web_address(&url) {
                return Err(Rejection::new(
                    RejectCode::InvalidValue,
                    "a link is an http:// or https:// address",
                ));
            }
            let title = field_text(title, "a link's title", ITEM_MAX_CHARS, Shape::OptionalLine)?;
            parts.links.push(Link {
                id: *link,
                title: title.clone(),
                url: url.clone(),
            });
            Op::AddLink {
                card: *c,
                link: *link,
                title,
                url,
            }
        }
        Op::RemoveLink { link, .. } => {
            find(&mut parts.links, |l| l.id == *link, "link")?;
            parts.links.retain(|l| l.id != *link);
            op.clone()
        }
        _ => unreachable!("not a card part operation"),
    })
}

fn not_found(what: &str) -> Rejection {
    Rejection::new(
        RejectCode::CardNotFound,
        format!("no such {what} on this task"),
    )
}

fn find<'a, T>(
    items: &'a mut [T],
    matches: impl Fn(&T) -> bool,
    what: &str,
) -> Result<&'a mut T, Rejection> {
    items
        .iter_mut()
        .find(|i| matches(i))
        .ok_or_else(|| not_found(what))
}

/// A comment, when `stamp` is its author.
fn own_comment<'a>(
    comments: &'a mut [Comment],
    id: ItemId,
    stamp: &Stamp,
) -> Result<&'a mut Comment, Rejection> {
    let found = find(comments, |c| c.id == id, "comment")?;
    if found.stamp.by_id.is_none() || found.stamp.by_id != stamp.by_id {
        return Err(Rejection::new(
            RejectCode::NotAuthor,
            "only its author edits or deletes a comment",
        ));
    }
    Ok(found)
}
