//! One module per route.

pub mod account;
pub mod audit;
pub mod board;
pub mod embed;
pub mod home;
pub mod inbox;
pub mod lists;
pub mod metrics;
pub mod my_work;
pub mod people;
pub mod portfolio;
pub mod reference;
pub mod sign_in;
pub mod stocktake;
