//! Ordering keys for cards in a column and columns on a board.
//!
//! A key is a fraction in base 256: its bytes are the digits after the point, and the last digit
//! is always `0x80`. Keys compare as byte strings, which is their numeric order because no key
//! ends in a zero digit. There is always a key strictly between two distinct keys, so moving a
//! card rewrites that card alone. Two clients may pick the same key at once; items with equal keys
//! are ordered by id, and the rules give a newly placed item a key of its own (see `ops`), so
//! keys on the server stay distinct.
//!
//! The arithmetic is written here rather than taken from the `fractional_index` crate (whose
//! string form Qadam's keys keep): its `new_between` overflows on a zero digit, which panics in a
//! debug build and, in a release build, yields a key outside its neighbours.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Longest key, in bytes, that the rules take or produce. Keys grow by about a byte for every
/// eight insertions at the same spot, so this leaves room for two thousand.
pub const KEY_MAX_BYTES: usize = 256;
/// Longest key, in bytes, that a reader takes: more than the rules produce, so that a key stored
/// by an older version a little past the limit still loads.
pub const KEY_READ_MAX_BYTES: usize = 2 * KEY_MAX_BYTES;

/// The last digit of every key.
const TERMINATOR: u8 = 0x80;

/// A position in an ordered list; compares lexicographically.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OrderKey(Vec<u8>);

impl OrderKey {
    /// The key of the first item of an empty list.
    pub fn first() -> Self {
        Self(vec![TERMINATOR])
    }

    /// A key strictly between `before` and `after`, either of which may be open. Bounds given in
    /// the wrong order or equal are treated as if only `before` were given. The key may be
    /// longer than its bounds; the rules refuse one that does not `fit`.
    pub fn between(before: Option<&OrderKey>, after: Option<&OrderKey>) -> Self {
        match (before, after) {
            (None, None) => Self::first(),
            (Some(b), Some(a)) if b < a => Self(between(&b.0, &a.0)),
            (None, Some(a)) => Self(between(&[], &a.0)),
            (Some(b), _) => Self(after_digits(&b.0, Vec::with_capacity(b.0.len() + 1))),
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

    /// Whether the key is short enough to be stored and sent.
    pub fn fits(&self) -> bool {
        self.0.len() <= KEY_MAX_BYTES
    }

    /// Parses the string form (lowercase hex, two digits a byte), refusing malformed or
    /// oversized keys.
    pub fn parse(s: &str) -> Result<Self, KeyError> {
        if s.len() > KEY_READ_MAX_BYTES * 2 {
            return Err(KeyError::TooLong);
        }
        if !s.len().is_multiple_of(2) || !s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        {
            return Err(KeyError::Malformed);
        }
        let digit = |b: u8| match b {
            b'0'..=b'9' => b - b'0',
            _ => b - b'a' + 10,
        };
        let bytes: Vec<u8> = s
            .as_bytes()
            .chunks_exact(2)
            .map(|pair| digit(pair[0]) << 4 | digit(pair[1]))
            .collect();
        if bytes.last() != Some(&TERMINATOR) {
            return Err(KeyError::Malformed);
        }
        Ok(Self(bytes))
    }
}

/// Digit `i` of a key, with the zeros that follow its last digit.
fn digit(key: &[u8], i: usize) -> u16 {
    key.get(i).copied().map_or(0, u16::from)
}

/// The shortest simple key strictly between `low` (possibly empty: zero) and `high`, given
/// `low < high`.
fn between(low: &[u8], high: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(low.len().max(high.len()) + 2);
    let mut i = 0;
    loop {
        let (lo, hi) = (digit(low, i), digit(high, i));
        if lo == hi {
            out.push(lo as u8);
            i += 1;
            continue;
        }
        // First differing digit: lo < hi, since low < high.
        if lo < u16::from(TERMINATOR) && u16::from(TERMINATOR) < hi {
            out.push(TERMINATOR);
        } else if hi - lo > 1 {
            out.push(((lo + hi) / 2) as u8);
            out.push(TERMINATOR);
        } else {
            // Adjacent digits: keep low's and go past the rest of low.
            out.push(lo as u8);
            return after_digits(low.get(i + 1..).unwrap_or(&[]), out);
        }
        return out;
    }
}

/// `out` followed by the shortest digits that make a key greater than `out` followed by `rest`.
fn after_digits(rest: &[u8], mut out: Vec<u8>) -> Vec<u8> {
    for &d in rest {
        if d < TERMINATOR {
            break;
        }
        if d < u8::MAX {
            out.push(d + 1);
            out.push(TERMINATOR);
            return out;
        }
        out.push(d);
    }
    out.push(TERMINATOR);
    out
}

/// Why a key string was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("position key is longer than {} characters", KEY_READ_MAX_BYTES * 2)]
    TooLong,
    #[error("position key is not a valid ordering key")]
    Malformed,
}

/// Written a block at a time from a table: every move and every snapshot writes keys, and
/// formatting each byte with `{:02x}` cost a tenth of the server's time moving cards.
impl fmt::Display for OrderKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut text = [0u8; 128];
        for bytes in self.0.chunks(text.len() / 2) {
            for (pair, b) in text.chunks_exact_mut(2).zip(bytes) {
                pair[0] = DIGITS[usize::from(b >> 4)];
                pair[1] = DIGITS[usize::from(b & 0xf)];
            }
            let digits = std::str::from_utf8(&text[..bytes.len() * 2]).map_err(|_| fmt::Error)?;
            f.write_str(digits)?;
        }
        Ok(())
    }
}

impl fmt::Debug for OrderKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OrderKey({self})")
    }
}

/// Written as a string of lowercase hex, two digits a byte.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for OrderKey {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some(
                "A position in an ordered list, as lowercase hex; keys compare as strings",
            ))
            .pattern(Some("^([0-9a-f]{2})+$"))
            .max_length(Some(KEY_READ_MAX_BYTES * 2))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for OrderKey {}

impl Serialize for OrderKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for OrderKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
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
        assert_eq!(OrderKey::first().to_string(), "80");
        // Longer than one block of the writer, every digit value among its bytes.
        let mut long: Vec<u8> = (0..=255).chain(0..40).collect();
        long.push(TERMINATOR);
        let expected: String = long.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(OrderKey(long).to_string(), expected);
    }

    #[test]
    fn refuses_bad_strings() {
        for bad in [
            "", "zz", "81", "801", "8080 ", "80\u{0}", "8A80", "８０", "é80",
        ] {
            assert_eq!(OrderKey::parse(bad), Err(KeyError::Malformed), "{bad:?}");
        }
        assert_eq!(OrderKey::parse(&"8".repeat(10_000)), Err(KeyError::TooLong));
    }

    #[test]
    fn zero_digits_have_neighbours_inside_their_bounds() {
        let high = OrderKey::parse("0080").unwrap();
        let low = OrderKey::parse("000080").unwrap();
        assert!(low < high);
        let mid = OrderKey::between(Some(&low), Some(&high));
        assert!(low < mid && mid < high, "{low:?} < {mid:?} < {high:?}");
        let bottom = OrderKey::parse("00000080").unwrap();
        assert!(OrderKey::between(None, Some(&bottom)) < bottom);
    }

    /// Keys an attacker might pick: long runs of the extreme digits, shared prefixes.
    fn any_key() -> impl Strategy<Value = OrderKey> {
        let digit = prop_oneof![
            Just(0u8),
            Just(1),
            Just(0x7f),
            Just(0x80),
            Just(0xfe),
            Just(0xff),
            any::<u8>()
        ];
        (proptest::collection::vec(digit, 0..12), 0..KEY_MAX_BYTES).prop_map(|(mut bytes, pad)| {
            if pad > KEY_MAX_BYTES - 16 {
                // A long shared prefix: the case that used to outgrow the limit.
                let mut long = vec![0xff; pad];
                long.append(&mut bytes);
                bytes = long;
            }
            bytes.truncate(KEY_MAX_BYTES - 1);
            bytes.push(TERMINATOR);
            OrderKey(bytes)
        })
    }

    proptest! {
        /// Any key a client could send leads to ordered neighbours, never a panic; and the
        /// string form of any key parses back to it.
        #[test]
        fn neighbours_of_any_key_are_ordered(a in any_key(), b in any_key()) {
            prop_assert_eq!(OrderKey::parse(&a.to_string()), Ok(a.clone()));
            let after = OrderKey::between(Some(&a), None);
            prop_assert!(after > a);
            let before = OrderKey::between(None, Some(&a));
            prop_assert!(before < a);
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let mid = OrderKey::between(Some(&lo), Some(&hi));
            if lo < hi {
                prop_assert!(lo < mid && mid < hi, "{:?} < {:?} < {:?}", lo, mid, hi);
                prop_assert!(mid.0.len() <= lo.0.len().max(hi.0.len()) + 2);
            } else {
                prop_assert!(mid > lo);
            }
        }
    }
}
