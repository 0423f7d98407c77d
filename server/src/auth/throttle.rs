//! Slows down repeated failed sign-ins, per login and per address: after a few failures each
//! further attempt must wait, twice as long each time, up to a limit. In memory, per instance.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Failures allowed before waiting starts.
const FREE_FAILURES: u32 = 5;
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

#[derive(Clone, Default)]
pub struct Throttle {
    records: Arc<Mutex<HashMap<String, Record>>>,
}

fn keys(login: &str, addr: Option<IpAddr>) -> Vec<String> {
    let mut keys = vec![format!("login:{}", login.to_lowercase())];
    if let Some(addr) = addr {
        keys.push(format!("addr:{addr}"));
    }
    keys
}

impl Throttle {
    /// How long this attempt must wait before it may be tried, if at all.
    pub fn wait(&self, login: &str, addr: Option<IpAddr>) -> Option<Duration> {
        let records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        keys(login, addr)
            .iter()
            .filter_map(|k| records.get(k))
            .filter(|r| r.failures >= FREE_FAILURES && now.duration_since(r.last) < WINDOW)
            .filter_map(|r| {
                let doublings = (r.failures - FREE_FAILURES).min(16);
                let delay = (BASE_DELAY * 2u32.pow(doublings)).min(MAX_DELAY);
                delay.checked_sub(now.duration_since(r.last))
            })
            .max()
    }

    pub fn failed(&self, login: &str, addr: Option<IpAddr>) {
        let mut records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        records.retain(|_, r| now.duration_since(r.last) < WINDOW);
        for key in keys(login, addr) {
            let r = records.entry(key).or_insert(Record {
                failures: 0,
                last: now,
            });
            r.failures += 1;
            r.last = now;
        }
    }

    pub fn succeeded(&self, login: &str) {
        let mut records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        records.remove(&format!("login:{}", login.to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_starts_after_a_few_failures_and_success_clears_the_login() {
        let t = Throttle::default();
        let addr = Some(IpAddr::from([10, 0, 0, 1]));
        for _ in 0..FREE_FAILURES {
            assert_eq!(t.wait("aigerim", addr), None);
            t.failed("aigerim", addr);
        }
        assert!(t.wait("aigerim", addr).is_some());
        assert!(
            t.wait("AIGERIM", None).is_some(),
            "per login, whatever the case"
        );
        assert!(t.wait("bolat", addr).is_some(), "per address too");
        assert_eq!(t.wait("bolat", Some(IpAddr::from([10, 0, 0, 2]))), None);
        t.succeeded("aigerim");
        assert_eq!(t.wait("aigerim", None), None);
    }
}
