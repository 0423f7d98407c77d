//! Password hashing with argon2id, off the async runtime (a hash takes tens of milliseconds).

use crate::error::{Error, Result};
use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::sync::OnceLock;

/// Shortest password accepted.
pub const MIN_LENGTH: usize = 10;

pub fn check_strength(password: &str) -> Result<()> {
    if password.chars().count() < MIN_LENGTH {
        return Err(Error::bad_request(
            "weak_password",
            format!("a password has at least {MIN_LENGTH} characters"),
        ));
    }
    if password.len() > 1024 {
        return Err(Error::bad_request(
            "weak_password",
            "a password has at most 1024 bytes",
        ));
    }
    Ok(())
}

pub async fn hash(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing a password: {e}").into())
    })
    .await
    .map_err(|e| anyhow::anyhow!("hashing task: {e}"))?
}

/// Whether `password` matches `stored`. With no stored hash (no such login) a dummy hash is
/// checked all the same, so the answer takes as long either way.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let known = stored.is_some();
    let stored = match stored {
        Some(s) => s,
        None => DUMMY
            .get_or_init(|| {
                let salt = SaltString::generate(&mut OsRng);
                Argon2::default()
                    .hash_password(b"no such account", &salt)
                    .map(|h| h.to_string())
                    .unwrap_or_default()
            })
            .clone(),
    };
    let matches = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .map_err(|e| anyhow::anyhow!("verifying task: {e}"))?;
    Ok(known && matches)
}
