//! What the browser and the server of Qadam have in common: the board model, the operations on it,
//! the rules that apply an operation (run optimistically by the browser and authoritatively by the
//! server), the wire protocol, and the client's prediction of the board while its operations are
//! in flight.

pub mod access;
pub mod accounts;
pub mod api;
pub mod audit;
pub mod authority;
pub mod card_parts;
pub mod catalog;
pub mod client;
pub mod delivery;
pub mod embed;
pub mod ids;
pub mod inbox;
pub mod limits;
pub mod metrics;
pub mod model;
pub mod my_work;
pub mod ops;
pub mod order;
pub mod portfolio;
#[cfg(test)]
mod prepared_log;
pub mod protocol;
pub mod roles;
pub mod seeded;
pub mod stocktake;
pub mod text;
pub mod transfer;
pub mod view;
pub mod webhooks;

pub use access::Standing;
pub use accounts::{Account, Me, Member, SessionInfo};
pub use client::ClientSync;
pub use delivery::{DeadlineStatus, Delivery, Rag, Stamp};
pub use ids::{BoardId, CardId, ClientOpId, ColumnId, EmbedId, ItemId, LabelId, UserId};
pub use model::{Board, BoardSettings, BoardSummary, Card, Column, EmbedLink};
pub use ops::{Op, Rejection, apply, apply_committed};
pub use order::OrderKey;
pub use protocol::{ClientMsg, Committed, ServerMsg};
pub use roles::Role;
