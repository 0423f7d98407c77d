//! Boards going out of Qadam and tasks coming in: the export file's shape, and the report an
//! import gives before (preview) and after it commits. The server reads the files and decides;
//! the browser shows the report in the reader's language, so problems travel as codes.

use crate::model::Board;
use crate::ops::RejectCode;
use serde::{Deserialize, Serialize};

/// The version of the board file this Qadam writes and reads.
pub const BOARD_FILE_VERSION: u32 = 1;

/// Largest file an import takes.
pub const IMPORT_MAX_BYTES: usize = 10 * 1024 * 1024;

/// Most changes (a task's creation, each field, milestone, comment) one import makes: each is
/// judged against the whole board, twice (preview and commit).
pub const IMPORT_CHANGES_MAX: usize = 10_000;

/// Most tasks one import brings: the rules judge each of its operations against the whole
/// board, so a bigger file would hold the board's other changes up for seconds.
pub const IMPORT_TASKS_MAX: usize = 2_000;

/// A board exported as JSON: everything it holds, so another Qadam imports it whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BoardFile {
    /// `BOARD_FILE_VERSION` when written; also how an import recognises the file.
    pub qadam_board: u32,
    /// Milliseconds since the epoch.
    pub exported_at: i64,
    pub board: Board,
    /// The people its cards name, so another Qadam matches them by login.
    pub people: Vec<FilePerson>,
}

/// Someone a board file names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FilePerson {
    pub id: String,
    pub login: String,
    pub name: String,
}

/// What kind of file an import read (the server recognises it by its content).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportSource {
    /// A board file exported by Qadam.
    Qadam,
    /// A Trello board's JSON export.
    Trello,
    /// A spreadsheet of tasks, one per row.
    Csv,
    Xlsx,
}

/// What an import creates, or would create; nothing is created while `problems` has any.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// None when the file could not be read at all (the problem says why).
    pub source: Option<ImportSource>,
    /// Whether the tasks are on the board now (false for a preview or a refusal).
    pub committed: bool,
    /// Stages the board does not have yet, in order.
    pub new_stages: Vec<String>,
    /// Labels the board does not have yet.
    pub new_labels: Vec<String>,
    pub tasks: usize,
    /// Of `tasks`, those that arrive archived.
    pub archived: usize,
    pub checklist_items: usize,
    pub comments: usize,
    /// People the file names who are not members of this board: their tasks come unassigned,
    /// their comments under their name.
    pub unmatched_people: Vec<String>,
    /// Tasks that arrive without special control, which only administrators set.
    pub special_control_dropped: usize,
    /// Of `tasks`, those whose title a task on the board already has: perhaps the file was
    /// imported before.
    #[serde(default)]
    pub already_there: usize,
    pub problems: Vec<ImportProblem>,
}

/// Something in the file that stops the import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportProblem {
    /// The spreadsheet's row as a spreadsheet program numbers it, or for a board file or a
    /// Trello export the task's place on the board (from 1); 0 for the file as a whole.
    pub row: usize,
    pub kind: ProblemKind,
    /// The value at fault, or the rules' message for `Refused`.
    pub detail: String,
    /// For `Refused`, why the rules refused it, which the page says in the reader's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<RejectCode>,
}

impl ImportProblem {
    pub fn new(row: usize, kind: ProblemKind, detail: impl Into<String>) -> Self {
        Self {
            row,
            kind,
            detail: detail.into(),
            refused: None,
        }
    }
}

/// Why an import cannot go ahead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// Not a file Qadam reads (a Qadam board file, a Trello export, CSV or .xlsx).
    Unreadable,
    /// A board file from a newer Qadam.
    NewerVersion,
    /// The spreadsheet has no task column.
    NoTitleColumn,
    MissingTitle,
    BadDate,
    UnknownStage,
    UnknownAgency,
    UnknownProject,
    UnknownStatus,
    /// Several of the board's members go by this name: write their login instead.
    AmbiguousPerson,
    /// The board's rules refuse it (too long, the stage is full, a reason is missing…).
    Refused,
    /// More tasks than one import brings (`IMPORT_TASKS_MAX`) or the board holds.
    TooManyTasks,
    /// More stages than a board holds.
    TooManyStages,
    /// More changes than one import makes (`IMPORT_CHANGES_MAX`).
    TooManyChanges,
}
