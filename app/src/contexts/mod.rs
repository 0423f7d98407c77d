//! State the app's parts share through Leptos contexts, apart from the pages that provide it, so
//! components and pages import it without importing each other.

pub mod board;
pub mod office;
pub mod session;
