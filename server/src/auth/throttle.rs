//! Slows down guessing of passwords. Each attempt is counted *before* its password is checked
//! (a reservation that a success gives back), so concurrent guesses cannot slip past the limit.
//!
//! Two counts, both in memory and per instance:
//! - per login and client address: after a few failures each further attempt must wait, twice
//!   as long each time. This stops one guesser without touching anyone else.
//! - per login, from every address: a higher limit against guessing spread over many addresses.
//!   Anyone could use it to keep a login locked, so it is lifted when an administrator sets the
//!   person's password, and it ends by itself at most `MAX_DELAY` after the last failure.
//!
//! Failures at one login never slow down another login's sign-in, so people behind one proxy or
//! office address do not lock each other out. Only a flood from one address meets a limit of its
//! own: every attempt, whatever its login, is counted per address before anything is kept of it,
//! so no address fills this memory or the audit log.

use crate::accounts::normalized_login;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Failures allowed per login and address before waiting starts.
const FREE_FAILURES: u32 = 5;
/// Failures allowed per login, from all addresses together, before waiting starts.
const FREE_FAILURES_PER_LOGIN: u32 = 25;
/// First wait, doubled with each further failure.
const BASE_DELAY: Duration = Duration::from_secs(2);
const MAX_DELAY: Duration = Duration::from_secs(15 * 60);
/// Failures older than this are forgotten.
const WINDOW: Duration = Duration::from_secs(60 * 60);

#[derive(Clone, Copy)]
struct Record {
    failures: u32,
    last: Instant,
}

impl Record {
    /// How long the next attempt must wait, past `free` failures.
    fn wait(&self, free: u32, now: Instant) -> Option<Duration> {
        if self.failures < free || now.duration_since(self.last) >= WINDOW {
            return None;
        }
        let doublings = (self.failures - free).min(16);
        let delay = (BASE_DELAY * 2u32.pow(doublings)).min(MAX_DELAY);
        delay.checked_sub(now.duration_since(self.last))
    }
}

/// Sign-in attempts per second one address may make, and in a burst: an office of hundreds
/// behind one proxy signing in on a Monday morning stays far below.
const ATTEMPTS_PER_ADDRESS: u32 = 2;
const ATTEMPTS_PER_ADDRESS_BURST: u32 = 120;

#[derive(Clone)]
pub struct Throttle {
    records: Arc<Mutex<HashMap<String, Record>>>,
    per_address: Arc<DefaultKeyedRateLimiter<IpAddr>>,
}

impl Default for Throttle {
    fn default() -> Self {
        let rate = NonZeroU32::new(ATTEMPTS_PER_ADDRESS).expect("positive");
        let burst = NonZeroU32::new(ATTEMPTS_PER_ADDRESS_BURST).expect("positive");
        Self {
            records: Arc::default(),
            per_address: Arc::new(RateLimiter::keyed(
                Quota::per_second(rate).allow_burst(burst),
            )),
        }
    }
}

fn login_key(login: &str) -> String {
    format!("login:{}", normalized_login(login))
}

fn pair_key(login: &str, addr: Option<IpAddr>) -> String {
    match addr {
        Some(addr) => format!("pair:{}@{addr}", normalized_login(login)),
        None => format!("pair:{}", normalized_login(login)),
    }
}

/// An attempt counted as a failure until it `succeeded`.
#[must_use]
pub struct Attempt {
    throttle: Throttle,
    login: String,
    addr: Option<IpAddr>,
}

impl Attempt {
    /// The password was right: the reservation and the login's failures are forgotten.
    pub fn succeeded(self) {
        let mut records = self.throttle.lock();
        records.remove(&pair_key(&self.login, self.addr));
        records.remove(&login_key(&self.login));
    }
}

impl Throttle {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Record>> {
        crate::lock::lock(&self.records)
    }

    /// Counts an attempt from `addr`, whatever its login, or says how long it must wait first.
    pub fn from_address(&self, addr: Option<IpAddr>) -> Result<(), Duration> {
        let Some(addr) = addr else {
            return Ok(());
        };
        let clock = governor::clock::DefaultClock::default();
        self.per_address
            .check_key(&addr)
            .map_err(|not_until| not_until.wait_time_from(governor::clock::Clock::now(&clock)))?;
        if self.per_address.len() > 10_000 {
            self.per_address.retain_recent();
        }
        Ok(())
    }

    /// Counts an attempt at `login` from `addr` as a failure in advance, or says how long it
    /// must wait first.
    pub fn attempt(&self, login: &str, addr: Option<IpAddr>) -> Result<Attempt, Duration> {
        let mut records = self.lock();
        let now = Instant::now();
        let (pair, whole) = (pair_key(login, addr), login_key(login));
        let wait = [(&pair, FREE_FAILURES), (&whole, FREE_FAILURES_PER_LOGIN)]
            .into_iter()
            .filter_map(|(key, free)| records.get(key)?.wait(free, now))
            .max();
        if let Some(wait) = wait {
            return Err(wait);
        }
        if records.len() > 100_000 {
            records.retain(|_, r| now.duration_since(r.last) < WINDOW);
        }
        for key in [pair, whole] {
            let r = records.entry(key).or_insert(Record {
                failures: 0,
                last: now,
            });
            if now.duration_since(r.last) >= WINDOW {
                r.failures = 0;
            }
            r.failures += 1;
            r.last = now;
        }
        Ok(Attempt {
            throttle: self.clone(),
            login: login.to_owned(),
            addr,
        })
    }

    /// Lifts every wait on a login (an administrator set its password).
    pub fn unlock(&self, login: &str) {
        let (alone, from) = (pair_key(login, None), format!("{}@", pair_key(login, None)));
        let mut records = self.lock();
        records.remove(&login_key(login));
        records.retain(|k, _| *k != alone && !k.starts_with(&from));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1)));
    const AWAY: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2)));

    #[test]
    fn waiting_starts_after_a_few_failures_and_success_clears_the_login() {
        let t = Throttle::default();
        for _ in 0..FREE_FAILURES {
            let _failed = t.attempt("aigerim", HOME).unwrap();
        }
        assert!(t.attempt("aigerim", HOME).is_err());
        assert!(t.attempt("AIGERIM", HOME).is_err(), "whatever the case");
        assert!(
            t.attempt("bolat", HOME).is_ok(),
            "other logins are not slowed"
        );
        t.attempt("aigerim", AWAY).unwrap().succeeded();
        assert!(
            t.attempt("aigerim", HOME).is_err(),
            "the guesser still waits"
        );
    }

    #[test]
    fn attempts_in_flight_count_before_their_answer() {
        let t = Throttle::default();
        let in_flight: Vec<_> = (0..32).map(|_| t.attempt("admin", HOME)).collect();
        assert_eq!(in_flight.iter().filter(|a| a.is_ok()).count(), 5);
    }

    #[test]
    fn a_flood_from_one_address_waits_whatever_its_logins() {
        let t = Throttle::default();
        for _ in 0..ATTEMPTS_PER_ADDRESS_BURST {
            t.from_address(HOME).unwrap();
        }
        assert!(t.from_address(HOME).is_err());
        assert!(
            t.from_address(AWAY).is_ok(),
            "other addresses are not slowed"
        );
        assert!(t.from_address(None).is_ok());
    }

    #[test]
    fn guesses_from_many_addresses_lock_the_login_until_an_administrator_unlocks() {
        let t = Throttle::default();
        for i in 0..FREE_FAILURES_PER_LOGIN {
            let addr = Some(IpAddr::from([10, 1, (i / 200) as u8, i as u8]));
            let _failed = t.attempt("admin", addr).unwrap();
        }
        assert!(t.attempt("admin", AWAY).is_err());
        t.unlock("admin");
        assert!(t.attempt("admin", AWAY).is_ok());
    }
}
