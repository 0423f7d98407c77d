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
