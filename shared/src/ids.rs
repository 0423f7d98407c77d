//! Identifiers. Cards and columns get random ids chosen by whoever creates them, so a browser can
//! create a card while offline and refer to it in later operations before the server has seen it.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh random id.
            pub fn random() -> Self {
                Self(Uuid::new_v4())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// A team's board.
    BoardId
);
id_type!(
    /// A stage (column) of a board.
    ColumnId
);
id_type!(
    /// A task (card).
    CardId
);
id_type!(
    /// A person's account.
    UserId
);
id_type!(
    /// An embed link of a board (not its secret token).
    EmbedId
);
id_type!(
    /// Names one submission of an operation, so a resent operation is committed at most once.
    ClientOpId
);

id_type!(
    /// A label of a board.
    LabelId
);

id_type!(
    /// A checklist item, comment or link of a card.
    ItemId
);
