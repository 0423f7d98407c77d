//! Random bearer tokens (sessions, embeds) and the hashes they are stored under.

use sha2::{Digest, Sha256};

/// 244 random bits from the operating system, URL-safe.
pub fn generate() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// SHA-256 of a token, hex: what the database keeps.
pub fn hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
