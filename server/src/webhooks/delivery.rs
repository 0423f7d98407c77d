//! Sends what the outbox owes: each due delivery is claimed (so two instances never send the
//! same one at once), posted with its signature, and recorded; a failure waits longer before
//! each retry and is given up after `ATTEMPTS_MAX` tries.

use super::{Settings, Webhooks, unreachable_reason};
use crate::clock::now_millis;
use crate::storage::Store;
use crate::storage::webhooks::{Due, Tried};
use futures_util::StreamExt;
use hmac::{Hmac, Mac};
use qadam_shared::webhooks::{DeliveryFailure, DeliveryState};
use sha2::Sha256;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Tries before a delivery is given up (about a day with the default first wait).
pub const ATTEMPTS_MAX: u32 = 10;
/// Longest wait between two tries.
const RETRY_MAX: Duration = Duration::from_secs(6 * 3600);
/// How long a receiver has to answer.
const TIMEOUT: Duration = Duration::from_secs(10);
/// How often the outbox is read without being woken: retries come due, other instances write.
const ROUND_EVERY: Duration = Duration::from_secs(2);
/// Deliveries read per round, sent at once, and sent to one webhook in a round.
const ROUND_MAX: usize = 64;
const AT_ONCE: usize = 16;
const PER_WEBHOOK: usize = 16;
/// How long a worker woken by a commit lets more commits come before its round: a round's
/// claim and record are two flushes of the database, shared by what the round takes.
const GATHER: Duration = Duration::from_millis(20);
/// How long the deliveries a round claimed stay with its instance before another may try them
/// (one that stopped mid-round): longer than the slowest round, every wave of sends timing out,
/// with room for the instances' clocks to differ.
const LEASE: Duration =
    Duration::from_secs((ROUND_MAX.div_ceil(AT_ONCE) as u64) * TIMEOUT.as_secs() + 60);
/// How long finished deliveries stay listed.
const KEPT_FOR: Duration = Duration::from_secs(30 * 86_400);
/// Longest failure reason kept.
const ERROR_MAX_CHARS: usize = 300;

pub(super) async fn run(store: Store, webhooks: Webhooks) {
    let client = match client(webhooks.settings) {
        Ok(client) => client,
        Err(e) => {
            tracing::error!("webhooks cannot be sent: {e}");
            return;
        }
    };
    let mut pruned_at = 0;
    loop {
        let round = round(&store, &client, webhooks.settings).await;
        let now = now_millis();
        if now - pruned_at > 3_600_000 {
            pruned_at = now;
            if let Err(e) = store
                .prune_deliveries(now - KEPT_FOR.as_millis() as i64)
                .await
            {
                tracing::warn!("forgetting old webhook deliveries: {e}");
            }
        }
        if !round.more {
            // Until woken, the next round, or the soonest retry this round set.
            let wait = round
                .soonest_retry
                .map(|at| Duration::from_millis((at - now).max(0) as u64))
                .map_or(ROUND_EVERY, |retry| retry.min(ROUND_EVERY));
            tokio::select! {
                () = webhooks.wake.notified() => tokio::time::sleep(GATHER).await,
                () = tokio::time::sleep(wait) => {}
            }
        }
    }
}

/// What a round did: whether more was due than it took, and the soonest retry it set.
struct Round {
    more: bool,
    soonest_retry: Option<i64>,
}

/// The HTTP client: no redirects followed, no proxy (its resolver would skip ours), and every
/// host name resolved through the address check.
fn client(settings: Settings) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .connect_timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .user_agent(concat!("Qadam-Webhooks/", env!("CARGO_PKG_VERSION")))
        .dns_resolver(Arc::new(CheckedResolver {
            to_loopback: settings.to_loopback,
        }))
        .build()
}

/// Sends what is due: claimed in one statement, tried at most `AT_ONCE` at a time and at most
/// `PER_WEBHOOK` for one webhook (a long backlog does not hold up the others), recorded in one
/// transaction.
async fn round(store: &Store, client: &reqwest::Client, settings: Settings) -> Round {
    let now = now_millis();
    let idle = Round {
        more: false,
        soonest_retry: None,
    };
    let mut due = match store.due_deliveries(now, PER_WEBHOOK, ROUND_MAX).await {
        Ok(due) => due,
        Err(e) => {
            tracing::warn!("reading the webhook outbox: {e}");
            return idle;
        }
    };
    // A full round, or a webhook given all it may take in one: more may be waiting.
    let mut per_webhook = std::collections::HashMap::<&str, usize>::new();
    for d in &due {
        *per_webhook.entry(&d.webhook_id).or_default() += 1;
    }
    let more = due.len() == ROUND_MAX || per_webhook.values().any(|n| *n >= PER_WEBHOOK);
    let until = now + LEASE.as_millis() as i64;
    let taken = match store.claim_deliveries(&due, now, until).await {
        Ok(taken) => taken,
        Err(e) => {
            tracing::warn!("claiming webhook deliveries: {e}");
            return idle;
        }
    };
    due.retain(|d| taken.contains(&d.id));
    let tries: Vec<(String, Tried)> = futures_util::stream::iter(due)
        .map(|due| async move {
            let tried = attempt(client, &due, settings).await;
            (due.id, tried)
        })
        .buffer_unordered(AT_ONCE)
        .collect()
        .await;
    for (_, tried) in &tries {
        let outcome = match tried.state {
            DeliveryState::Delivered => "delivered",
            DeliveryState::Pending => "retry",
            DeliveryState::Failed => "failed",
        };
        metrics::counter!(crate::prometheus::WEBHOOK_TRIES, "outcome" => outcome).increment(1);
    }
    if !tries.is_empty()
        && let Err(e) = store.record_tries(&tries, until).await
    {
        // The claims run out and the deliveries are tried again.
        tracing::warn!("recording webhook deliveries: {e}");
    }
    Round {
        more,
        soonest_retry: tries.iter().filter_map(|(_, t)| t.next_at).min(),
    }
}

/// One try at a claimed delivery.
async fn attempt(client: &reqwest::Client, due: &Due, settings: Settings) -> Tried {
    let at = now_millis();
    let answer = send(client, due, settings, at).await;
    let attempts = due.attempts + 1;
    let (status, error) = match answer {
        Ok(status) if (200..300).contains(&status) => {
            return Tried {
                state: DeliveryState::Delivered,
                next_at: None,
                at,
                status: Some(status),
                error: None,
            };
        }
        Ok(status) => (Some(status), format!("the receiver answered {status}")),
        Err(e) => (None, e),
    };
    let given_up = attempts >= ATTEMPTS_MAX;
    Tried {
        state: if given_up {
            DeliveryState::Failed
        } else {
            DeliveryState::Pending
        },
        next_at: (!given_up)
            .then(|| now_millis() + retry_after(settings.first_retry, attempts).as_millis() as i64),
        at,
        status,
        error: Some(error.chars().take(ERROR_MAX_CHARS).collect()),
    }
}

/// The wait after the `attempts`-th failed try: the first wait, tripled each time, at most
/// `RETRY_MAX`.
pub fn retry_after(first: Duration, attempts: u32) -> Duration {
    let factor = 3u32.saturating_pow(attempts.saturating_sub(1));
    first.saturating_mul(factor).min(RETRY_MAX)
}

/// Posts the delivery; the receiver's status, or why none came.
async fn send(
    client: &reqwest::Client,
    due: &Due,
    settings: Settings,
    at: i64,
) -> Result<u16, String> {
    let url =
        reqwest::Url::parse(&due.url).map_err(|e| DeliveryFailure::NotUrl.with(&e.to_string()))?;
    // A host written as an address is not resolved, so it is checked here.
    if let Some(ip) = url
        .host_str()
        .and_then(|h| h.trim_matches(['[', ']']).parse::<std::net::IpAddr>().ok())
        && let Some(reason) = unreachable_reason(ip, settings.to_loopback)
    {
        return Err(DeliveryFailure::Unreachable.with(&format!("{ip} is {reason}")));
    }
    let timestamp = at / 1000;
    let answer = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("Qadam-Event", due.event.as_str())
        .header("Qadam-Delivery", &due.id)
        .header(
            "Qadam-Signature",
            signature(&due.secret, timestamp, &due.payload),
        )
        .body(due.payload.clone())
        .send()
        .await
        .map_err(|e| describe(&e))?;
    Ok(answer.status().as_u16())
}

/// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the receiver recomputes it with
/// the secret and refuses an old timestamp, so a captured delivery cannot be replayed later.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any size");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("t={timestamp},v1={hex}")
}

/// A failed send as a delivery keeps it, with its causes (reqwest's own text stops at "error
/// sending request").
fn describe(e: &reqwest::Error) -> String {
    let mut failure = if e.is_timeout() {
        DeliveryFailure::Timeout
    } else if e.is_connect() {
        DeliveryFailure::Connect
    } else {
        DeliveryFailure::Failed
    };
    let mut causes = Vec::new();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        if cause.is::<RefusedAddress>() {
            failure = DeliveryFailure::Unreachable;
        }
        causes.push(cause.to_string());
        source = cause.source();
    }
    failure.with(&causes.join(": "))
}

/// A host name that resolves only to addresses webhooks may not reach.
#[derive(Debug)]
struct RefusedAddress(String);

impl std::fmt::Display for RefusedAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, which webhooks may not reach", self.0)
    }
}

impl std::error::Error for RefusedAddress {}

/// Resolves host names, keeping only the addresses webhooks may reach (checked at every
/// connection, so a name that later points at a refused address is refused then too).
struct CheckedResolver {
    to_loopback: bool,
}

impl reqwest::dns::Resolve for CheckedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let to_loopback = self.to_loopback;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|a| unreachable_reason(a.ip(), to_loopback).is_none())
                .collect();
            if allowed.is_empty() {
                let reason = found
                    .first()
                    .and_then(|a| unreachable_reason(a.ip(), to_loopback))
                    .unwrap_or("no address");
                return Err(RefusedAddress(format!("{host} resolves to {reason}")).into());
            }
            Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_triple_up_to_six_hours() {
        let first = Duration::from_secs(30);
        assert_eq!(retry_after(first, 1), Duration::from_secs(30));
        assert_eq!(retry_after(first, 2), Duration::from_secs(90));
        assert_eq!(retry_after(first, 3), Duration::from_secs(270));
        assert_eq!(retry_after(first, 9), RETRY_MAX);
        assert_eq!(retry_after(first, 40), RETRY_MAX);
    }

    #[test]
    fn the_signature_is_the_hmac_of_the_timestamp_and_body() {
        // Worked out independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
        assert_eq!(
            signature("whsec_test", 1_700_000_000, r#"{"a":1}"#),
            "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789"
        );
    }
}
