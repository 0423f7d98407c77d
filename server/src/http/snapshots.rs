//! Each board's snapshot as browsers fetch it, gzipped, kept per board and role; after a change
//! only the cards that changed are compressed again.
//!
//! The body is one gzip stream made of parts compressed on their own: the board without its
//! cards (before and after them), and its cards in groups by the first bits of their id (about
//! 256 cards a group: smaller groups compress worse, each on its own).
//! Each part is raw deflate ended by a sync flush (whole blocks, byte-aligned, none final), so
//! parts follow one another as one valid stream, and the CRC of the whole is combined from
//! theirs. A move changes one card: its group is compressed again, the other parts are reused
//! as they are. A group whose cards equal the ones it was written from is neither written
//! nor compressed again. Writing and compressing the whole board made a fresh snapshot of a
//! 5,000-card board take 6-8 ms; most of that is now done once, not after every change.

use crate::error::Result;
use crate::lock::lock;
use axum::body::Bytes;
use flate2::{Compress, Compression, FlushCompress, Status};
use qadam_shared::api::BoardSnapshot;
use qadam_shared::{Board, BoardId, Card, CardId, Role};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

/// Each board's latest snapshot, compressed, per role. Requests for one board take turns
/// without holding a worker thread while they wait.
#[derive(Clone, Default)]
pub struct Snapshots(Arc<Mutex<HashMap<BoardId, Arc<tokio::sync::Mutex<Kept>>>>>);

/// A board's compressed parts and the bodies made of them, at one sequence number.
#[derive(Default)]
struct Kept {
    seq: Option<u64>,
    bodies: HashMap<Role, Bytes>,
    /// The cards by the first bits of their id, as many groups as a power of two.
    groups: Vec<Group>,
}

/// Cards as they were when their part was written.
#[derive(Default)]
struct Group {
    cards: Vec<(CardId, Card)>,
    part: Option<Part>,
}

/// About how many cards a group holds.
const CARDS_PER_GROUP: usize = 256;

/// Text compressed on its own: its length, its deflate blocks and its CRC.
struct Part {
    len: usize,
    deflated: Vec<u8>,
    crc: crc32fast::Hasher,
}

impl Part {
    fn new(text: &[u8], last: bool) -> Result<Self> {
        let mut crc = crc32fast::Hasher::new();
        crc.update(text);
        let mut deflated = deflate(text, last)?;
        deflated.shrink_to_fit();
        Ok(Self {
            len: text.len(),
            deflated,
            crc,
        })
    }
}

/// `text` as raw deflate blocks: ended by a sync flush, or, for the `last` part, by a final
/// block.
fn deflate(text: &[u8], last: bool) -> Result<Vec<u8>> {
    let mut deflater = Compress::new(Compression::fast(), false);
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    let mut out = Vec::with_capacity(text.len() / 4 + 64);
    loop {
        let read = deflater.total_in() as usize;
        let status = deflater
            .compress_vec(&text[read..], &mut out, flush)
            .map_err(anyhow::Error::from)?;
        let all_read = deflater.total_in() as usize == text.len();
        // Done when everything is read and the flush fitted in the room given.
        let done = match status {
            Status::StreamEnd => true,
            _ => !last && all_read && out.len() < out.capacity(),
        };
        if done {
            return Ok(out);
        }
        out.reserve(out.capacity().max(64));
    }
}

/// The ten bytes before a gzip stream's deflate data: deflate, no name, no time, unknown system.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

impl Snapshots {
    /// The snapshot as a gzip body, from what was kept when nothing changed since. A snapshot
    /// older than the one kept (a request that read the board just before a change) is built
    /// on its own, leaving what is kept.
    pub async fn gzipped(&self, id: BoardId, snapshot: &BoardSnapshot) -> Result<Bytes> {
        let board = lock(&self.0).entry(id).or_default().clone();
        let mut kept = board.lock().await;
        match kept.seq {
            Some(seq) if seq == snapshot.seq => {
                if let Some(body) = kept.bodies.get(&snapshot.role) {
                    return Ok(body.clone());
                }
            }
            Some(seq) if seq > snapshot.seq => {
                let mut older = Kept::default();
                older.set_cards(&snapshot.board.cards)?;
                return older.body(snapshot);
            }
            _ => {
                // Unknown until the groups are brought forward: a failure halfway leaves
                // nothing that claims either sequence number.
                kept.seq = None;
                kept.bodies.clear();
                kept.set_cards(&snapshot.board.cards)?;
                kept.seq = Some(snapshot.seq);
            }
        }
        let body = kept.body(snapshot)?;
        kept.bodies.insert(snapshot.role, body.clone());
        Ok(body)
    }
}

impl Kept {
    /// Brings the card groups to `cards`, compressing again the groups whose text changed.
    fn set_cards(&mut self, cards: &BTreeMap<CardId, Card>) -> Result<()> {
        let count = (cards.len() / CARDS_PER_GROUP).next_power_of_two().min(256);
        // A group is the first log2(count) bits of an id.
        let shift = 8 - count.trailing_zeros();
        let mut grouped: Vec<Vec<(&CardId, &Card)>> = vec![Vec::new(); count];
        for (id, card) in cards {
            grouped[usize::from(id.0.as_bytes()[0]) >> shift].push((id, card));
        }
        if self.groups.len() != count {
            self.groups = Vec::new();
            self.groups.resize_with(count, Group::default);
        }
        let mut text = Vec::new();
        for (group, now) in self.groups.iter_mut().zip(grouped) {
            let same = group.part.is_some()
                && group.cards.len() == now.len()
                && group
                    .cards
                    .iter()
                    .zip(&now)
                    .all(|((a, x), (b, y))| a == *b && x == *y);
            if same {
                continue;
            }
            text.clear();
            for (i, (id, card)) in now.iter().enumerate() {
                if i > 0 {
                    text.push(b',');
                }
                serde_json::to_writer(&mut text, id).map_err(anyhow::Error::from)?;
                text.push(b':');
                serde_json::to_writer(&mut text, card).map_err(anyhow::Error::from)?;
            }
            group.part = Some(Part::new(&text, false)?);
            group.cards = now
                .into_iter()
                .map(|(id, card)| (*id, card.clone()))
                .collect();
        }
        Ok(())
    }

    /// The whole body: the board around its cards, compressed now (it is small), and the
    /// groups as kept.
    fn body(&self, snapshot: &BoardSnapshot) -> Result<Bytes> {
        let (before, after) = around_cards(snapshot)?;
        let before = Part::new(&before, false)?;
        let after = Part::new(&after, true)?;
        let comma = Part::new(b",", false)?;
        let groups: Vec<&Part> = self
            .groups
            .iter()
            .filter(|g| !g.cards.is_empty())
            .filter_map(|g| g.part.as_ref())
            .collect();
        let mut parts = vec![&before];
        for (i, group) in groups.into_iter().enumerate() {
            if i > 0 {
                parts.push(&comma);
            }
            parts.push(group);
        }
        parts.push(&after);
        let size: usize = parts.iter().map(|p| p.deflated.len()).sum();
        let mut body = Vec::with_capacity(GZIP_HEADER.len() + size + 8);
        body.extend_from_slice(&GZIP_HEADER);
        let mut crc = crc32fast::Hasher::new();
        let mut len: usize = 0;
        for part in parts {
            body.extend_from_slice(&part.deflated);
            crc.combine(&part.crc);
            len += part.len;
        }
        body.extend_from_slice(&crc.finalize().to_le_bytes());
        // The size modulo 2^32, as gzip keeps it.
        body.extend_from_slice(&(len as u32).to_le_bytes());
        Ok(Bytes::from(body))
    }
}

/// The snapshot's JSON before its cards' entries and after them: the snapshot with no cards,
/// cut inside its empty `"cards":{}`. Every field of the board is named, so a field added to
/// it is not left out here unnoticed.
fn around_cards(snapshot: &BoardSnapshot) -> Result<(Vec<u8>, Vec<u8>)> {
    let Board {
        id,
        name,
        team,
        columns,
        cards: _,
        settings,
        labels,
    } = &*snapshot.board;
    let shell = BoardSnapshot {
        board: Arc::new(Board {
            id: *id,
            name: name.clone(),
            team: team.clone(),
            columns: columns.clone(),
            cards: BTreeMap::new(),
            settings: settings.clone(),
            labels: labels.clone(),
        }),
        seq: snapshot.seq,
        role: snapshot.role,
        timeline: snapshot.timeline.clone(),
    };
    let json = serde_json::to_vec(&shell).map_err(anyhow::Error::from)?;
    // Inside a string a quote is escaped, so this text is the field and nothing else.
    const EMPTY: &[u8] = br#""cards":{}"#;
    let at = json
        .windows(EMPTY.len())
        .position(|w| w == EMPTY)
        .ok_or_else(|| anyhow::anyhow!("a snapshot without its cards field"))?;
    let cut = at + EMPTY.len() - 1;
    Ok((json[..cut].to_vec(), json[cut..].to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use qadam_shared::{ColumnId, OrderKey};
    use std::io::Read;

    fn card(column: ColumnId, title: &str) -> Card {
        Card {
            id: CardId::random(),
            column,
            position: OrderKey::first(),
            title: title.into(),
            description: String::new(),
            archived: false,
            delivery: Default::default(),
            parts: Default::default(),
        }
    }

    fn gunzip(body: &[u8]) -> serde_json::Value {
        let mut json = Vec::new();
        flate2::read::GzDecoder::new(body)
            .read_to_end(&mut json)
            .expect("a valid gzip stream, its CRC and size checked");
        serde_json::from_slice(&json).expect("JSON")
    }

    fn plain(snapshot: &BoardSnapshot) -> serde_json::Value {
        serde_json::to_value(snapshot).unwrap()
    }

    #[tokio::test]
    async fn the_body_is_the_snapshot_through_changes_roles_and_hostile_titles() {
        let mut board = Board::new(BoardId::random(), "Energy", "Energy team");
        let column = ColumnId::random();
        for i in 0..600 {
            let c = card(column, &format!("Task {i} \"cards\":{{}} ∑ \u{1F600}"));
            board.cards.insert(c.id, c);
        }
        let snapshots = Snapshots::default();
        let mut snapshot = BoardSnapshot {
            board: Arc::new(board.clone()),
            seq: 1,
            role: Role::Member,
            timeline: "t".into(),
        };
        let older = snapshot.clone();
        let first = snapshots.gzipped(board.id, &snapshot).await.unwrap();
        assert_eq!(gunzip(&first), plain(&snapshot));
        assert_eq!(
            snapshots.gzipped(board.id, &snapshot).await.unwrap(),
            first,
            "kept"
        );

        // One card edited, one added, one removed: only their groups change.
        let edited = *board.cards.keys().nth(10).unwrap();
        board.cards.get_mut(&edited).unwrap().title = "Edited".into();
        let added = card(column, "New");
        board.cards.insert(added.id, added);
        let removed = *board.cards.keys().nth(300).unwrap();
        board.cards.remove(&removed);
        snapshot = BoardSnapshot {
            board: Arc::new(board.clone()),
            seq: 2,
            role: Role::Lead,
            timeline: "t".into(),
        };
        let second = snapshots.gzipped(board.id, &snapshot).await.unwrap();
        assert_eq!(gunzip(&second), plain(&snapshot));
        let parsed: BoardSnapshot =
            serde_json::from_value(gunzip(&second)).expect("what browsers parse");
        assert_eq!(*parsed.board, board);

        // A request that read the board just before the change is answered with what it read,
        // and what is kept stays the newer snapshot.
        assert_eq!(
            gunzip(&snapshots.gzipped(board.id, &older).await.unwrap()),
            plain(&older)
        );
        assert_eq!(
            snapshots.gzipped(board.id, &snapshot).await.unwrap(),
            second,
            "still kept"
        );

        snapshot.role = Role::Observer;
        assert_eq!(
            gunzip(&snapshots.gzipped(board.id, &snapshot).await.unwrap()),
            plain(&snapshot),
            "another role at the same sequence number"
        );

        // Most cards archived away at once: the cards fall into fewer groups.
        let gone: Vec<CardId> = board.cards.keys().skip(100).copied().collect();
        for id in gone {
            board.cards.remove(&id);
        }
        snapshot = BoardSnapshot {
            board: Arc::new(board.clone()),
            seq: 3,
            role: Role::Member,
            timeline: "t".into(),
        };
        assert_eq!(
            gunzip(&snapshots.gzipped(board.id, &snapshot).await.unwrap()),
            plain(&snapshot)
        );
    }

    #[tokio::test]
    async fn an_empty_board_and_a_board_losing_every_card_read_back() {
        let mut board = Board::new(BoardId::random(), "Water", "Water team");
        let snapshots = Snapshots::default();
        let snapshot = |board: &Board, seq| BoardSnapshot {
            board: Arc::new(board.clone()),
            seq,
            role: Role::Member,
            timeline: "t".into(),
        };
        let empty = snapshot(&board, 0);
        assert_eq!(
            gunzip(&snapshots.gzipped(board.id, &empty).await.unwrap()),
            plain(&empty)
        );
        let c = card(ColumnId::random(), "Only");
        board.cards.insert(c.id, c.clone());
        let one = snapshot(&board, 1);
        assert_eq!(
            gunzip(&snapshots.gzipped(board.id, &one).await.unwrap()),
            plain(&one)
        );
        board.cards.remove(&c.id);
        let none = snapshot(&board, 2);
        assert_eq!(
            gunzip(&snapshots.gzipped(board.id, &none).await.unwrap()),
            plain(&none)
        );
    }
}
