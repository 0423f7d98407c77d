//! Webhooks: a board's leads register URLs for chosen changes. A commit writes the deliveries
//! it owes into the outbox in its own transaction (`outbox`); a worker on every instance sends
//! what is due, signed, and retries failures with growing waits (`delivery`). A restart loses
//! nothing: the outbox is read again.

pub mod delivery;
pub mod outbox;

use crate::storage::Store;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// How deliveries are made.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// The wait before the first retry; each next one waits three times longer.
    pub first_retry: Duration,
    /// Whether webhooks may reach this machine's loopback addresses.
    pub to_loopback: bool,
}

/// The worker's handle: cheap to clone.
#[derive(Clone)]
pub struct Webhooks {
    wake: Arc<Notify>,
    settings: Settings,
}

impl Webhooks {
    /// Starts the worker that sends what the outbox holds.
    pub fn start(store: Store, settings: Settings) -> Self {
        let webhooks = Self {
            wake: Arc::default(),
            settings,
        };
        tokio::spawn(delivery::run(store, webhooks.clone()));
        webhooks
    }

    /// Deliveries were just owed: the worker looks now instead of at its next round.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    pub fn settings(&self) -> Settings {
        self.settings
    }
}

/// Why a webhook may not be sent to `ip`, if it may not: the server's own loopback (unless
/// allowed), link-local addresses (where cloud metadata services answer), and addresses no
/// single host answers at.
pub fn unreachable_reason(ip: IpAddr, to_loopback: bool) -> Option<&'static str> {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    if ip.is_loopback() {
        return (!to_loopback).then_some("a loopback address");
    }
    if ip.is_unspecified() || ip.is_multicast() {
        return Some("not one host's address");
    }
    let link_local = match ip {
        IpAddr::V4(v4) => v4.is_link_local() || v4.is_broadcast(),
        IpAddr::V6(v6) => (v6.segments()[0] & 0xffc0) == 0xfe80,
    };
    link_local.then_some("a link-local address")
}

#[cfg(test)]
mod tests {
    use super::unreachable_reason;

    #[test]
    fn loopback_link_local_and_no_host_are_refused() {
        let refused = |ip: &str, loopback: bool| unreachable_reason(ip.parse().unwrap(), loopback);
        assert!(refused("127.0.0.1", false).is_some());
        assert!(refused("::1", false).is_some());
        assert!(refused("::ffff:127.0.0.1", false).is_some());
        assert!(refused("169.254.169.254", true).is_some());
        assert!(refused("fe80::1", true).is_some());
        assert!(refused("0.0.0.0", true).is_some());
        assert!(refused("224.0.0.1", true).is_some());
        assert!(refused("255.255.255.255", true).is_some());
        assert_eq!(refused("127.0.0.1", true), None);
        assert_eq!(refused("10.20.30.40", false), None);
        assert_eq!(refused("2001:db8::1", false), None);
    }
}
