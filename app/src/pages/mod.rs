//! One module per route.

pub mod board;
pub mod home;
