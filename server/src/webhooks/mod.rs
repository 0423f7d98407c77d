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

/// Cloud metadata services that answer outside the link-local range: a webhook there would
/// post (and read status codes) beside the machine's credentials.
const METADATA: [IpAddr; 2] = [
    IpAddr::V4(std::net::Ipv4Addr::new(100, 100, 100, 200)),
    IpAddr::V6(std::net::Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254)),
];

/// Why a webhook may not be sent to `ip`, if it may not: the server's own loopback (unless
/// allowed), link-local addresses and cloud metadata services, and addresses no single host
/// answers at. An IPv6 address carrying an IPv4 one is judged as that.
pub fn unreachable_reason(ip: IpAddr, to_loopback: bool) -> Option<&'static str> {
    let ip = match ip {
        IpAddr::V6(v6) => match v6.segments() {
            // IPv4-mapped (::ffff:a.b.c.d) and the old IPv4-compatible form (::a.b.c.d).
            [0, 0, 0, 0, 0, 0xffff | 0, _, _] if !v6.is_unspecified() && !v6.is_loopback() => {
                let [.., a, b, c, d] = v6.octets();
                IpAddr::V4(std::net::Ipv4Addr::new(a, b, c, d))
            }
            _ => ip,
        },
        v4 => v4,
    };
    if ip.is_loopback() {
        return (!to_loopback).then_some("a loopback address");
    }
    let no_host = match ip {
        // 0.0.0.0/8 is "this network": Linux connects 0.x.x.x to itself.
        IpAddr::V4(v4) => v4.octets()[0] == 0 || v4.is_broadcast() || v4.is_multicast(),
        IpAddr::V6(v6) => v6.is_unspecified() || v6.is_multicast(),
    };
    if no_host {
        return Some("not one host's address");
    }
    let link_local = match ip {
        IpAddr::V4(v4) => v4.is_link_local(),
        IpAddr::V6(v6) => (v6.segments()[0] & 0xffc0) == 0xfe80,
    };
    if link_local || METADATA.contains(&ip) {
        return Some("a link-local or metadata address");
    }
    None
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
        assert!(refused("0.1.2.3", true).is_some());
        assert!(refused("::127.0.0.1", false).is_some());
        assert!(refused("::169.254.169.254", true).is_some());
        assert!(refused("100.100.100.200", true).is_some());
        assert!(refused("fd00:ec2::254", true).is_some());
        assert_eq!(refused("::", true), Some("not one host's address"));
        assert_eq!(refused("::1", true), None);
        assert_eq!(refused("127.0.0.1", true), None);
        assert_eq!(refused("10.20.30.40", false), None);
        assert_eq!(refused("2001:db8::1", false), None);
    }
}
