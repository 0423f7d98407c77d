//! The board's parts, one component per module.

pub mod add_card;
pub mod add_column;
pub mod announcer;
pub mod archive_panel;
pub mod board_header;
pub mod board_toolbar;
pub mod card;
pub mod card_badges;
pub mod card_editor;
pub mod card_history;
pub mod card_parts;
pub mod charts;
pub mod column;
pub mod column_header;
pub mod delivery_fields;
pub mod drag_preview;
pub mod language_picker;
pub mod password_form;
pub mod report_scope;
pub mod share_panel;
pub mod shell;
pub mod shortcuts;
pub mod stage_tabs;
pub mod swimlanes;
pub mod toasts;
pub mod user_menu;
