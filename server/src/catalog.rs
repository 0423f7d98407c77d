//! The office's lists as first seeded (`server/seed/*.tsv`), and the check that an operation
//! names only what exists: a listed agency or strategic project, people on the board.

use crate::error::{Error, Result};
use crate::storage::Store;
use qadam_shared::catalog::{Agency, AgencyKind, Catalog, Names, Project};
use qadam_shared::ops::{RejectCode, Rejection};
use qadam_shared::{BoardId, Op};

const AGENCIES: &str = include_str!("../seed/agencies.tsv");
const PROJECTS: &str = include_str!("../seed/projects.tsv");

/// The seeded lists: the central ministries, the akimats of the cities and regions, the state
/// companies the office works with, and the three strategic projects it reports on.
pub fn seeded() -> Catalog {
    let rows = |text: &'static str| {
        text.lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.split('\t').collect::<Vec<_>>())
    };
    let names = |f: &[&str]| Names {
        kk: f[0].into(),
        ru: f[1].into(),
        en: f[2].into(),
    };
    Catalog {
        agencies: rows(AGENCIES)
            .map(|f| Agency {
                code: f[0].into(),
                kind: AgencyKind::parse(f[1]).expect("a seeded agency's kind"),
                names: names(&f[2..5]),
                retired: false,
            })
            .collect(),
        projects: rows(PROJECTS)
            .map(|f| Project {
                code: f[0].into(),
                names: names(&f[1..4]),
                retired: false,
            })
            .collect(),
    }
}

fn unknown(what: &str, code: &str) -> Error {
    Error::Rejected(Rejection {
        code: RejectCode::InvalidValue,
        message: format!("{code:?} is not in the office's list of {what}"),
    })
}

/// Refuses an operation that names an agency or project the lists do not offer, or assigns
/// someone who is not on the board or only watches it.
pub async fn admit(store: &Store, board: BoardId, op: &Op) -> Result<()> {
    match op {
        Op::SetAgency {
            agency: Some(code), ..
        } if !store.in_catalog(false, code).await? => Err(unknown("agencies", code)),
        Op::SetProject {
            project: Some(code),
            ..
        } if !store.in_catalog(true, code).await? => Err(unknown("strategic projects", code)),
        Op::SetAssignees { assignees, .. } => {
            let members = store.members_of(board).await?;
            for a in assignees {
                let message = match members.iter().find(|m| m.user_id == *a) {
                    Some(m) if m.assignable() => continue,
                    Some(m) => format!(
                        "{} only watches this board (an observer): tasks are assigned to its members and leads",
                        m.display_name
                    ),
                    None => format!("{a} is not a member of this board"),
                };
                return Err(Error::Rejected(Rejection {
                    code: RejectCode::InvalidValue,
                    message,
                }));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeded_lists_read_and_their_codes_are_unique() {
        let catalog = seeded();
        assert!(catalog.agencies.len() >= 40, "ministries and akimats");
        assert_eq!(catalog.projects.len(), 3);
        let mut codes: Vec<&str> = catalog.agencies.iter().map(|a| a.code.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), catalog.agencies.len());
        for a in &catalog.agencies {
            assert!(!a.names.kk.is_empty() && !a.names.ru.is_empty() && !a.names.en.is_empty());
        }
    }
}
