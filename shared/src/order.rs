//! Ordering keys for cards in a column and columns on a board.
//!
//! Keys are fractional indexes: there is always a key between two distinct keys, so moving a card
//! rewrites that card alone. Two clients may pick the same key at once; items with equal keys are
//! ordered by id, and the rules give a newly placed item a key of its own (see `ops`), so keys on
//! the server stay distinct.

use fractional_index::FractionalIndex;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Longest key accepted from the wire, in bytes. Keys grow by about a byte for every eight
/// insertions at the same spot, so this leaves room for thousands of such insertions.
pub const KEY_MAX_BYTES: usize = 256;

/// A position in an ordered list; compares lexicographically.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OrderKey(FractionalIndex);

impl OrderKey {
    /// The key of the first item of an empty list.
    pub fn first() -> Self {
        Self(FractionalIndex::default())
    }

    /// A key strictly between `before` and `after`, either of which may be open. Bounds given in
    /// the wrong order or equal are treated as if only `before` were given.
    pub fn between(before: Option<&OrderKey>, after: Option<&OrderKey>) -> Self {
        match (before, after) {
            (None, None) => Self::first(),
            (Some(b), None) => Self(FractionalIndex::new_after(&b.0)),
            (None, Some(a)) => Self(FractionalIndex::new_before(&a.0)),
            (Some(b), Some(a)) => FractionalIndex::new_between(&b.0, &a.0)
                .map(Self)
                .unwrap_or_else(|| Self(FractionalIndex::new_after(&b.0))),
        }
    }

    /// `n` increasing keys after `start` (or from the beginning).
    pub fn sequence(start: Option<&OrderKey>, n: usize) -> Vec<OrderKey> {
        let mut keys: Vec<OrderKey> = Vec::with_capacity(n);
        for _ in 0..n {
            let next = OrderKey::between(keys.last().or(start), None);
            keys.push(next);
        }
        keys
    }

    /// Parses the string form, refusing malformed or oversized keys.
    pub fn parse(s: &str) -> Result<Self, KeyError> {
        if s.len() > KEY_MAX_BYTES * 2 {
            return Err(KeyError::TooLong);
        }
        FractionalIndex::from_string(s)
            .map(Self)
            .map_err(|_| KeyError::Malformed)
    }
}

/// Why a key string was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("position key is longer than {} characters", KEY_MAX_BYTES * 2)]
    TooLong,
    #[error("position key is not a valid ordering key")]
    Malformed,
}

impl fmt::Display for OrderKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_string())
    }
}

impl fmt::Debug for OrderKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OrderKey({self})")
    }
}

impl Serialize for OrderKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for OrderKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        OrderKey::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn between_is_strictly_between() {
        let a = OrderKey::first();
        let b = OrderKey::between(Some(&a), None);
        let mid = OrderKey::between(Some(&a), Some(&b));
        assert!(a < mid && mid < b);
        let before = OrderKey::between(None, Some(&a));
        assert!(before < a);
    }

    #[test]
    fn sequence_is_increasing() {
        let keys = OrderKey::sequence(None, 50);
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn string_form_round_trips_and_keeps_order() {
        let keys = OrderKey::sequence(None, 20);
        for w in keys.windows(2) {
            assert!(w[0].to_string() < w[1].to_string());
            assert_eq!(OrderKey::parse(&w[0].to_string()).unwrap(), w[0]);
        }
    }

    #[test]
    fn refuses_bad_strings() {
        assert_eq!(OrderKey::parse(""), Err(KeyError::Malformed));
        assert_eq!(OrderKey::parse("zz"), Err(KeyError::Malformed));
        assert_eq!(OrderKey::parse("81"), Err(KeyError::Malformed));
        assert_eq!(OrderKey::parse(&"8".repeat(10_000)), Err(KeyError::TooLong));
    }

    fn any_key() -> impl Strategy<Value = OrderKey> {
        proptest::collection::vec(any::<u8>(), 0..8).prop_map(|mut bytes| {
            bytes.push(128);
            OrderKey(FractionalIndex::from_bytes(bytes).unwrap())
        })
    }

    proptest! {
        /// Any key a client could send leads to valid neighbours, never a panic.
        #[test]
        fn neighbours_of_any_key_are_ordered(a in any_key(), b in any_key()) {
            let after = OrderKey::between(Some(&a), None);
            prop_assert!(after > a);
            let before = OrderKey::between(None, Some(&a));
            prop_assert!(before < a);
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let mid = OrderKey::between(Some(&lo), Some(&hi));
            if lo < hi {
                prop_assert!(lo < mid && mid < hi);
            } else {
                prop_assert!(mid > lo);
            }
        }
    }
}
