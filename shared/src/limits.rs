//! Size limits, checked by the rules so that the browser and the server refuse the same things.

/// Longest card title, in characters.
pub const TITLE_MAX_CHARS: usize = 300;
/// Longest card description, in characters.
pub const DESCRIPTION_MAX_CHARS: usize = 10_000;
/// Longest column name, in characters.
pub const COLUMN_NAME_MAX_CHARS: usize = 60;
/// Longest author display name, in characters.
pub const AUTHOR_MAX_CHARS: usize = 80;
/// Shortest password accepted, in characters (the browser says so before the server refuses).
pub const PASSWORD_MIN_CHARS: usize = 12;
/// Most columns on one board.
pub const COLUMNS_MAX: usize = 30;
/// Most cards (archived included) on one board.
pub const CARDS_MAX: usize = 10_000;
/// Largest WIP limit a column may carry.
pub const WIP_LIMIT_MAX: u32 = 1_000;
/// Largest protocol frame or HTTP body the server reads, in bytes.
pub const FRAME_MAX_BYTES: usize = 64 * 1024;
/// Most text (titles and descriptions, in UTF-8 bytes) on one board: keeps a board, and every
/// copy of it a server or browser holds, within a few megabytes.
pub const BOARD_TEXT_MAX_BYTES: usize = 8_000_000;
/// Longest reason for a deadline change or a delivery judgement, in characters.
pub const REASON_MAX_CHARS: usize = 500;
/// Most assignees on one task.
pub const ASSIGNEES_MAX: usize = 20;
/// Most changes one deadline keeps.
pub const DEADLINE_CHANGES_MAX: usize = 100;
/// Longest source document number, in characters.
pub const SOURCE_NUMBER_MAX_CHARS: usize = 60;
/// Longest source paragraph reference, in characters.
pub const SOURCE_PARAGRAPH_MAX_CHARS: usize = 200;
/// Longest code of an agency or a strategic project, in bytes.
pub const CODE_MAX_CHARS: usize = 40;
/// Longest due-soon warning a board may set, in days.
pub const DUE_SOON_DAYS_MAX: u32 = 90;
/// Longest name of an agency or a strategic project, in characters.
pub const CATALOG_NAME_MAX_CHARS: usize = 200;
/// Most labels one board defines.
pub const LABELS_MAX: usize = 30;
/// Longest label name, in characters.
pub const LABEL_NAME_MAX_CHARS: usize = 40;
/// Most checklist items on one task.
pub const CHECKLIST_MAX: usize = 100;
/// Longest checklist item or link title, in characters.
pub const ITEM_MAX_CHARS: usize = 300;
/// Most comments on one task.
pub const COMMENTS_MAX: usize = 500;
/// Longest comment, in characters.
pub const COMMENT_MAX_CHARS: usize = 5_000;
/// Most links on one task.
pub const LINKS_MAX: usize = 50;
/// Longest link address, in characters.
pub const URL_MAX_CHARS: usize = 2_000;
/// The years a date a person gives may fall in (deadlines, document dates, checklist dates,
/// report periods): every document of the office's fits, and every spreadsheet program can
/// write each one as a date (Excel's dates begin in 1900).
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Whether `day` falls in `YEARS`.
pub fn is_usable_date(day: chrono::NaiveDate) -> bool {
    use chrono::Datelike;
    YEARS.contains(&day.year())
}

/// The first and last days of `YEARS` as a date input's `min` and `max` take them, so the
/// browser's picker offers no other.
pub fn usable_dates() -> (String, String) {
    (
        format!("{:04}-01-01", YEARS.start()),
        format!("{:04}-12-31", YEARS.end()),
    )
}
