//! Passwords: what is strong enough, and hashing with argon2id off the async runtime.
//!
//! A hash takes tens of milliseconds and 19 MiB, so only as many run at once as there are cores;
//! a few more wait their turn, and beyond that the server answers "busy" at once instead of
//! piling up memory.

use crate::error::{Error, Result};
use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use qadam_shared::limits::PASSWORD_MIN_CHARS;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, OnceLock};
use tokio::sync::Semaphore;

/// The stored hash of an account no password opens (the seeded people, until an administrator
/// sets one): it is no argon2 hash, so every password fails against it.
pub const NONE: &str = "!";

/// Longest password accepted, in bytes.
const MAX_BYTES: usize = 1024;
/// Hashes waiting for a core, per core, before further requests are turned away.
const WAITING_PER_CORE: usize = 8;

fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

static HASHING: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(cores()));
static WAITING: AtomicUsize = AtomicUsize::new(0);

/// Refuses a password that is short, very common, or made of the person's own login or name.
pub fn check_strength(password: &str, person: &[&str]) -> Result<()> {
    if password.chars().count() < PASSWORD_MIN_CHARS {
        return Err(Error::bad_request(
            "weak_password",
            format!("a password has at least {PASSWORD_MIN_CHARS} characters"),
        ));
    }
    if password.len() > MAX_BYTES {
        return Err(Error::bad_request(
            "weak_password",
            format!("a password has at most {MAX_BYTES} bytes"),
        ));
    }
    let lowered = password.to_lowercase();
    if person
        .iter()
        .map(|p| p.trim().to_lowercase())
        .any(|p| p.chars().count() >= 3 && lowered.contains(&p))
    {
        return Err(Error::bad_request(
            "weak_password",
            "a password cannot contain the login or the name",
        ));
    }
    if zxcvbn::zxcvbn(password, person).score() < zxcvbn::Score::Three {
        return Err(Error::bad_request(
            "weak_password",
            "this password is too common or too easy to guess; add words or characters",
        ));
    }
    Ok(())
}

/// Runs `work` on the blocking pool when a core is free; refuses at once when too many wait.
async fn on_a_core<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    struct Waiting;
    impl Drop for Waiting {
        fn drop(&mut self) {
            WAITING.fetch_sub(1, Ordering::SeqCst);
        }
    }
    if WAITING.fetch_add(1, Ordering::SeqCst) >= cores() * WAITING_PER_CORE {
        WAITING.fetch_sub(1, Ordering::SeqCst);
        return Err(Error::Busy);
    }
    let waiting = Waiting;
    let _turn = HASHING
        .acquire()
        .await
        .map_err(|e| anyhow::anyhow!("hashing queue: {e}"))?;
    drop(waiting);
    Ok(tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| anyhow::anyhow!("hashing task: {e}"))?)
}

pub async fn hash(password: String) -> Result<String> {
    on_a_core(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing a password: {e}").into())
    })
    .await?
}

/// `hash`, waiting its turn when the queue is full instead of refusing: for an account made at
/// start or from the command line, where there is nobody to tell "try again".
pub async fn hash_when_free(password: String) -> Result<String> {
    for _ in 0..600 {
        match hash(password.clone()).await {
            Err(Error::Busy) => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
            done => return done,
        }
    }
    Err(Error::Busy)
}

/// Whether `password` matches `stored`. With no stored hash (no such login) a dummy hash is
/// checked all the same, so the answer takes as long either way.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let known = stored.is_some();
    let matches = on_a_core(move || {
        let stored = stored.unwrap_or_else(|| {
            DUMMY
                .get_or_init(|| {
                    let salt = SaltString::generate(&mut OsRng);
                    Argon2::default()
                        .hash_password(b"no such account", &salt)
                        .map(|h| h.to_string())
                        .unwrap_or_default()
                })
                .clone()
        });
        PasswordHash::new(&stored).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await?;
    Ok(known && matches)
}
