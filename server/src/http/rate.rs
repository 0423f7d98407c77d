//! Limits per person: how fast operations may come, and how many board sockets may be open.
//! People work far below both; a script or an attacker with one account meets them first.

use crate::error::{Error, Result};
use crate::lock::lock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use qadam_shared::UserId;
use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};

/// A burst lasts this many seconds of the steady rate: room for a long offline queue sent at
/// once on reconnecting.
const BURST_SECONDS: u32 = 30;
/// Board sockets one account may hold open (a person with many tabs and devices stays far below).
pub const SOCKETS_PER_ACCOUNT: usize = 32;

/// Operations per person: a steady rate with a burst (the generic cell rate algorithm).
#[derive(Clone)]
pub struct OpRate(Arc<DefaultKeyedRateLimiter<UserId>>);

impl OpRate {
    pub fn new(per_second: u32) -> Self {
        let rate = NonZeroU32::new(per_second.max(1)).expect("at least one");
        let burst = rate.saturating_mul(NonZeroU32::new(BURST_SECONDS).expect("positive"));
        Self(Arc::new(RateLimiter::keyed(
            Quota::per_second(rate).allow_burst(burst),
        )))
    }

    /// Over HTTP: refuses an operation over the limit (429, try again shortly).
    pub fn check(&self, person: UserId) -> Result<()> {
        self.0.check_key(&person).map_err(|_| Error::SlowDown)?;
        self.forget_idle();
        Ok(())
    }

    /// On a socket: waits until the person may send again, which slows the socket down
    /// without losing anything it sent.
    pub async fn wait(&self, person: UserId) {
        self.0.until_key_ready(&person).await;
        self.forget_idle();
    }

    /// Drops the state of people back at a full burst, so the table stays small.
    fn forget_idle(&self) {
        if self.0.len() > 10_000 {
            self.0.retain_recent();
        }
    }
}

/// Board sockets open per account.
#[derive(Clone, Default)]
pub struct SocketCount(Arc<Mutex<HashMap<UserId, usize>>>);

/// One open socket; counted until dropped.
pub struct OpenSocket {
    count: SocketCount,
    person: UserId,
}

impl SocketCount {
    /// Counts a socket for `person`, or refuses one past `SOCKETS_PER_ACCOUNT`.
    pub fn open(&self, person: UserId) -> Result<OpenSocket> {
        let mut counts = lock(&self.0);
        let n = counts.entry(person).or_default();
        if *n >= SOCKETS_PER_ACCOUNT {
            return Err(Error::TooManySockets);
        }
        *n += 1;
        Ok(OpenSocket {
            count: self.clone(),
            person,
        })
    }
}

impl Drop for OpenSocket {
    fn drop(&mut self) {
        let mut counts = lock(&self.count.0);
        if let Some(n) = counts.get_mut(&self.person) {
            *n -= 1;
            if *n == 0 {
                counts.remove(&self.person);
            }
        }
    }
}
