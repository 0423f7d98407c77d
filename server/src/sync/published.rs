//! A committed event as the board's sockets send it: the `Committed` frame is encoded once, by
//! the first socket that sends it, and shared by all the others (a board with a thousand viewers
//! encodes each move once, not a thousand times).

use axum::extract::ws::Utf8Bytes;
use qadam_shared::{Committed, ServerMsg};
use std::ops::Deref;
use std::sync::OnceLock;
use std::time::Instant;

pub struct Published {
    event: Committed,
    frame: OnceLock<Utf8Bytes>,
    /// When it was published, for how long it takes to reach each viewer.
    published: Instant,
}

impl Published {
    pub fn new(event: Committed) -> Self {
        Self {
            event,
            frame: OnceLock::new(),
            published: Instant::now(),
        }
    }

    /// When it was published.
    pub fn published(&self) -> Instant {
        self.published
    }

    /// `ServerMsg::Committed` of this event, as JSON text.
    pub fn frame(&self) -> Utf8Bytes {
        self.frame
            .get_or_init(|| {
                let msg = ServerMsg::Committed(self.event.clone());
                serde_json::to_string(&msg)
                    .expect("a committed event encodes")
                    .into()
            })
            .clone()
    }
}

impl Deref for Published {
    type Target = Committed;

    fn deref(&self) -> &Committed {
        &self.event
    }
}

impl std::fmt::Debug for Published {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.event.fmt(f)
    }
}

impl PartialEq for Published {
    fn eq(&self, other: &Self) -> bool {
        self.event == other.event
    }
}

impl Eq for Published {}

#[cfg(test)]
mod tests {
    use super::*;
    use qadam_shared::{CardId, Op};

    #[test]
    fn the_shared_frame_is_the_message_every_socket_would_send() {
        let event = Committed {
            seq: 7,
            op: Op::ArchiveCard {
                card: CardId::random(),
            },
            author: "Aigerim".into(),
            author_id: None,
            at: 1_800_000_000_000,
            client_op: None,
        };
        let published = Published::new(event.clone());
        let own = serde_json::to_string(&ServerMsg::Committed(event)).unwrap();
        assert_eq!(published.frame().as_str(), own);
        assert_eq!(published.frame().as_str(), own, "the same text again");
    }
}
