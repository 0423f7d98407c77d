//! A board file another Qadam exported (`BoardFile`, its version checked before it is read):
//! its people are matched to this board's members by login, then by name; its agencies and
//! projects must be on this office's lists.

use super::{Incoming, stamp_of};
use qadam_shared::catalog::Catalog;
use qadam_shared::transfer::{BoardFile, IMPORT_TASKS_MAX, ImportSource, ProblemKind};
use qadam_shared::{Member, UserId};
use std::collections::HashMap;

/// The file's board with its people as this board's members.
pub fn read(file: BoardFile, members: &[Member], catalog: &Catalog) -> Incoming {
    let mut incoming = Incoming::new(ImportSource::Qadam, file.board.clone());
    if file.board.cards.len() > IMPORT_TASKS_MAX {
        let detail = format!("{} > {IMPORT_TASKS_MAX}", file.board.cards.len());
        incoming.problem(0, ProblemKind::TooManyTasks, detail);
        return incoming;
    }
    // Each person of the file, by id, as a member here (or None).
    let people: HashMap<&str, (Option<&Member>, &str)> = file
        .people
        .iter()
        .map(|p| {
            let member = members
                .iter()
                .find(|m| m.login.eq_ignore_ascii_case(&p.login))
                .or_else(|| super::member_named(members, &p.name));
            (p.id.as_str(), (member, p.name.as_str()))
        })
        .collect();
    let mut unmatched = Vec::new();
    let board = &incoming.board;
    let mut order: Vec<_> = board.cards.values().collect();
    let stage = |c: &qadam_shared::Card| board.columns.get(&c.column).map(|s| s.position.clone());
    order.sort_by(|a, b| (stage(a), &a.position).cmp(&(stage(b), &b.position)));
    let rows: HashMap<_, _> = order
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i + 1))
        .collect();
    let mut problems = Vec::new();
    for card in incoming.board.cards.values_mut() {
        let row = rows[&card.id];
        let d = &mut card.delivery;
        if let Some(code) = &d.agency
            && catalog.agency(code).is_none_or(|a| a.retired)
        {
            problems.push((row, ProblemKind::UnknownAgency, code.clone()));
        }
        if let Some(code) = &d.project
            && catalog.project(code).is_none_or(|p| p.retired)
        {
            problems.push((row, ProblemKind::UnknownProject, code.clone()));
        }
        d.assignees = d
            .assignees
            .iter()
            .filter_map(|id| match people.get(id.to_string().as_str()) {
                Some((Some(member), _)) => Some(member.user_id),
                Some((None, name)) => {
                    unmatched.push((*name).to_owned());
                    None
                }
                None => None,
            })
            .collect::<Vec<UserId>>();
        let stamps = d
            .deadline
            .iter_mut()
            .flat_map(|deadline| deadline.changes.iter_mut().map(|c| &mut c.stamp))
            .chain(d.judgement.iter_mut().map(|j| &mut j.stamp))
            .chain(d.decision.iter_mut().map(|q| &mut q.stamp))
            .chain(
                card.parts
                    .checklist
                    .iter_mut()
                    .filter_map(|i| i.done.as_mut()),
            )
            .chain(card.parts.comments.iter_mut().map(|c| &mut c.stamp));
        for stamp in stamps {
            let member = stamp
                .by_id
                .as_deref()
                .and_then(|id| people.get(id))
                .and_then(|(member, _)| *member);
            if member.is_none() && stamp.by_id.is_some() {
                unmatched.push(stamp.by.clone());
            }
            *stamp = stamp_of(member, &stamp.by, stamp.at);
        }
    }
    incoming.rows = rows;
    incoming.unmatched.extend(unmatched);
    for (row, kind, detail) in problems {
        incoming.problem(row, kind, detail);
    }
    incoming
}
