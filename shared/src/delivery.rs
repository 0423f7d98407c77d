//! What the Project Office controls on each task beyond its title: the responsible agency, the
//! people on it, the deadline with every change to it, special control, the delivery judgement
//! (RAG), where the task comes from and the strategic project it serves; and the deadline
//! status, computed from these and the clock by both sides, never typed.

use crate::ids::UserId;
use chrono::{DateTime, Days, FixedOffset, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// Kazakhstan keeps one time zone, UTC+5, since 2024: the office's "today".
const OFFICE_OFFSET_SECONDS: i32 = 5 * 3600;

/// Who made a change and when, as the rules record it on a card (a judgement, a deadline
/// change). The name is as it was then.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stamp {
    /// The account; none for the seed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_id: Option<String>,
    pub by: String,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
}

/// The delivery fields of a card; all empty on a new card.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    /// The responsible agency's code, from the office's managed list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// Board members working on it, in id order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assignees: Vec<UserId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
    /// Under the Project Office's special control.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub special_control: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judgement: Option<Judgement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// The strategic project's code, from the office's managed list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// When the card reached the board's last stage; cleared when it leaves it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_at: Option<i64>,
    /// What the team needs leadership to decide, and who asked when; cleared once decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<DecisionAsked>,
}

impl Delivery {
    pub fn is_empty(&self) -> bool {
        *self == Delivery::default()
    }

    /// Whether the deadline was moved at least once: an extension the office counts.
    pub fn extended(&self) -> bool {
        self.deadline.as_ref().is_some_and(|d| d.extensions() > 0)
    }
}

/// The first deadline, the one in force, and every change between them.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deadline {
    pub original: NaiveDate,
    pub current: NaiveDate,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<DeadlineChange>,
}

impl Deadline {
    /// How often it was moved later.
    pub fn extensions(&self) -> usize {
        self.changes.iter().filter(|c| c.to > c.from).count()
    }
}

/// A set deadline moved: from, to, why, by whom and when.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeadlineChange {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: String,
    pub stamp: Stamp,
}

/// The delivery status judgement: will the task deliver what it promised?
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    Green,
    AmberGreen,
    AmberRed,
    Red,
}

impl Rag {
    pub const ALL: [Rag; 4] = [Rag::Green, Rag::AmberGreen, Rag::AmberRed, Rag::Red];

    pub fn as_str(self) -> &'static str {
        match self {
            Rag::Green => "green",
            Rag::AmberGreen => "amber_green",
            Rag::AmberRed => "amber_red",
            Rag::Red => "red",
        }
    }

    pub fn parse(s: &str) -> Option<Rag> {
        Rag::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Amber-red and red must say why.
    pub fn needs_reason(self) -> bool {
        self >= Rag::AmberRed
    }
}

/// A decision the team needs from leadership, for the stocktake.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionAsked {
    pub question: String,
    pub stamp: Stamp,
}

/// Who judged the delivery status, when, and why.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Judgement {
    pub rag: Rag,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    pub stamp: Stamp,
}

/// What a task comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// An Address of the Head of State to the people of Kazakhstan.
    Address,
    /// The National Development Plan.
    NationalPlan,
    Decree,
    Order,
    /// A meeting's protocol.
    Protocol,
}

impl SourceKind {
    pub const ALL: [SourceKind; 5] = [
        SourceKind::Address,
        SourceKind::NationalPlan,
        SourceKind::Decree,
        SourceKind::Order,
        SourceKind::Protocol,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Address => "address",
            SourceKind::NationalPlan => "national_plan",
            SourceKind::Decree => "decree",
            SourceKind::Order => "order",
            SourceKind::Protocol => "protocol",
        }
    }

    pub fn parse(s: &str) -> Option<SourceKind> {
        SourceKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The document a task comes from, with its number, date and paragraph.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Source {
    pub kind: SourceKind,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub paragraph: String,
}

/// Where a task stands against its deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStatus {
    OnTrack,
    /// Due within the board's warning period.
    DueSoon,
    Overdue,
    DoneOnTime,
    DoneLate,
}

impl DeadlineStatus {
    pub const ALL: [DeadlineStatus; 5] = [
        DeadlineStatus::OnTrack,
        DeadlineStatus::DueSoon,
        DeadlineStatus::Overdue,
        DeadlineStatus::DoneOnTime,
        DeadlineStatus::DoneLate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineStatus::OnTrack => "on_track",
            DeadlineStatus::DueSoon => "due_soon",
            DeadlineStatus::Overdue => "overdue",
            DeadlineStatus::DoneOnTime => "done_on_time",
            DeadlineStatus::DoneLate => "done_late",
        }
    }

    pub fn parse(s: &str) -> Option<DeadlineStatus> {
        DeadlineStatus::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// The office's clock time at `ms` milliseconds since the epoch.
pub fn office_time(ms: i64) -> NaiveDateTime {
    let offset = FixedOffset::east_opt(OFFICE_OFFSET_SECONDS).expect("a valid offset");
    DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .with_timezone(&offset)
        .naive_local()
}

/// The office's calendar date at `ms` milliseconds since the epoch.
pub fn office_date(ms: i64) -> NaiveDate {
    office_time(ms).date()
}

/// A day, in milliseconds.
pub const DAY_MS: i64 = 24 * 3600 * 1000;

/// Office midnight of `day`, in milliseconds since the epoch.
pub fn day_start_ms(day: NaiveDate) -> i64 {
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    midnight.and_utc().timestamp_millis() - i64::from(OFFICE_OFFSET_SECONDS) * 1000
}

/// Where a task stands against its deadline, at `now`: none without a deadline. A task done
/// (`done_at`, when it reached the last stage) is judged by the day it was done; an open one by
/// today: overdue after its day, due soon within `due_soon_days` of it.
pub fn deadline_status(
    deadline: Option<&Deadline>,
    done_at: Option<i64>,
    due_soon_days: u32,
    now: i64,
) -> Option<DeadlineStatus> {
    let due = deadline?.current;
    if let Some(done) = done_at {
        return Some(if office_date(done) <= due {
            DeadlineStatus::DoneOnTime
        } else {
            DeadlineStatus::DoneLate
        });
    }
    let today = office_date(now);
    Some(if today > due {
        DeadlineStatus::Overdue
    } else if today
        .checked_add_days(Days::new(due_soon_days.into()))
        .is_none_or(|soon| soon >= due)
    {
        DeadlineStatus::DueSoon
    } else {
        DeadlineStatus::OnTrack
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Milliseconds at `time` (UTC) on `date`.
    fn at(date: &str, hour: u32) -> i64 {
        day(date)
            .and_hms_opt(hour, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis()
    }

    fn due(date: &str) -> Deadline {
        Deadline {
            original: day(date),
            current: day(date),
            changes: Vec::new(),
        }
    }

    #[test]
    fn status_follows_the_office_calendar() {
        use DeadlineStatus::*;
        let d = due("2026-12-10");
        let status = |now| deadline_status(Some(&d), None, 7, now);
        assert_eq!(status(at("2026-12-01", 12)), Some(OnTrack));
        assert_eq!(status(at("2026-12-03", 12)), Some(DueSoon), "7 days before");
        assert_eq!(status(at("2026-12-10", 12)), Some(DueSoon), "on the day");
        assert_eq!(status(at("2026-12-11", 12)), Some(Overdue));
        // 20:00 UTC on the 10th is already the 11th in Astana.
        assert_eq!(status(at("2026-12-10", 20)), Some(Overdue));
        assert_eq!(deadline_status(None, None, 7, at("2026-12-11", 0)), None);
        assert_eq!(
            deadline_status(Some(&d), None, 0, at("2026-12-09", 12)),
            Some(OnTrack),
            "a board may warn on the day only"
        );
    }

    #[test]
    fn a_done_task_is_judged_by_the_day_it_was_done() {
        use DeadlineStatus::*;
        let d = due("2026-12-10");
        let later = at("2027-03-01", 12);
        assert_eq!(
            deadline_status(Some(&d), Some(at("2026-12-10", 12)), 7, later),
            Some(DoneOnTime)
        );
        assert_eq!(
            deadline_status(Some(&d), Some(at("2026-12-11", 3)), 7, later),
            Some(DoneLate)
        );
    }

    #[test]
    fn names_read_back() {
        for r in Rag::ALL {
            assert_eq!(Rag::parse(r.as_str()), Some(r));
        }
        for k in SourceKind::ALL {
            assert_eq!(SourceKind::parse(k.as_str()), Some(k));
        }
        for s in DeadlineStatus::ALL {
            assert_eq!(DeadlineStatus::parse(s.as_str()), Some(s));
        }
        assert!(!Rag::AmberGreen.needs_reason() && Rag::AmberRed.needs_reason());
    }
}
