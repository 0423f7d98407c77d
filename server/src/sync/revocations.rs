//! Revocations heard on this instance, told to every socket listening. Each listener keeps its
//! own queue and waker, so a socket polls for revocations without a lock shared with every other
//! socket: through a broadcast channel, each socket took that channel's one lock twice every
//! time it woke, and a board's thousand viewers woke together for each event.

use super::Revoked;
use crate::lock::lock;
use futures_util::task::AtomicWaker;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

/// Revocations a listener keeps unread; past them it hears that it missed some.
const KEPT: usize = 64;

/// What a listener hears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revocation {
    Heard(Revoked),
    /// More came than were kept while it did not listen: any of them may have concerned it.
    Missed,
}

impl Revocation {
    /// Whether it may concern a listener that `heard` says a revocation concerns: a missed one
    /// may concern anyone.
    pub fn concerns(&self, heard: impl FnOnce(&Revoked) -> bool) -> bool {
        match self {
            Revocation::Heard(revoked) => heard(revoked),
            Revocation::Missed => true,
        }
    }
}

/// Every listener on this instance; cheap to clone.
#[derive(Clone, Default)]
pub struct Revocations(Arc<Registry>);

#[derive(Default)]
struct Registry {
    listeners: Mutex<HashMap<u64, Arc<Slot>>>,
    next: AtomicU64,
}

#[derive(Default)]
struct Slot {
    unread: Mutex<Unread>,
    /// Whether `unread` holds anything: read without its lock on every poll.
    ready: AtomicBool,
    waker: AtomicWaker,
}

#[derive(Default)]
struct Unread {
    queue: VecDeque<Revoked>,
    missed: bool,
}

impl Revocations {
    /// A listener hearing every revocation told from now on.
    pub fn listen(&self) -> Listener {
        let id = self.0.next.fetch_add(1, Ordering::Relaxed);
        let slot = Arc::new(Slot::default());
        lock(&self.0.listeners).insert(id, slot.clone());
        Listener {
            id,
            slot,
            registry: self.0.clone(),
        }
    }

    /// Tells every listener.
    pub fn tell(&self, revoked: &Revoked) {
        for slot in lock(&self.0.listeners).values() {
            let mut unread = lock(&slot.unread);
            if unread.queue.len() < KEPT {
                unread.queue.push_back(revoked.clone());
            } else {
                unread.missed = true;
            }
            slot.ready.store(true, Ordering::Release);
            drop(unread);
            slot.waker.wake();
        }
    }

    #[cfg(test)]
    fn listeners(&self) -> usize {
        lock(&self.0.listeners).len()
    }
}

/// One socket's ear; dropped, it leaves the registry.
pub struct Listener {
    id: u64,
    slot: Arc<Slot>,
    registry: Arc<Registry>,
}

impl Listener {
    /// The next revocation; cancel-safe (nothing is lost when the wait is dropped).
    pub async fn recv(&mut self) -> Revocation {
        std::future::poll_fn(|cx| self.poll_recv(cx)).await
    }

    fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Revocation> {
        let slot = &self.slot;
        loop {
            if !slot.ready.load(Ordering::Acquire) {
                slot.waker.register(cx.waker());
                // Told between the first look and the registration: the wake went to the old
                // waker.
                if !slot.ready.load(Ordering::Acquire) {
                    return Poll::Pending;
                }
            }
            let mut unread = lock(&slot.unread);
            let next = if std::mem::take(&mut unread.missed) {
                unread.queue.clear();
                Some(Revocation::Missed)
            } else {
                unread.queue.pop_front().map(Revocation::Heard)
            };
            if unread.queue.is_empty() {
                slot.ready.store(false, Ordering::Release);
            }
            drop(unread);
            // Nothing there (`ready` is set only with something unread, so not expected): the
            // waker is registered again before giving up.
            if let Some(next) = next {
                return Poll::Ready(next);
            }
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        lock(&self.registry.listeners).remove(&self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::FutureExt;
    use qadam_shared::{EmbedId, UserId};

    #[test]
    fn every_listener_hears_what_is_told_after_it_listens_in_order() {
        let revocations = Revocations::default();
        revocations.tell(&Revoked::User(UserId::random()));
        let (mut first, mut second) = (revocations.listen(), revocations.listen());
        assert_eq!(first.recv().now_or_never(), None, "nothing told since");
        let (user, embed) = (
            Revoked::User(UserId::random()),
            Revoked::Embed(EmbedId::random()),
        );
        revocations.tell(&user);
        revocations.tell(&embed);
        for listener in [&mut first, &mut second] {
            assert_eq!(
                listener.recv().now_or_never(),
                Some(Revocation::Heard(user.clone()))
            );
            assert_eq!(
                listener.recv().now_or_never(),
                Some(Revocation::Heard(embed.clone()))
            );
            assert_eq!(listener.recv().now_or_never(), None);
        }
    }

    #[test]
    fn a_listener_told_more_than_it_keeps_hears_that_it_missed_some() {
        let revocations = Revocations::default();
        let mut listener = revocations.listen();
        for _ in 0..=KEPT {
            revocations.tell(&Revoked::User(UserId::random()));
        }
        assert_eq!(listener.recv().now_or_never(), Some(Revocation::Missed));
        assert_eq!(listener.recv().now_or_never(), None);
        let user = Revoked::User(UserId::random());
        revocations.tell(&user);
        assert_eq!(
            listener.recv().now_or_never(),
            Some(Revocation::Heard(user))
        );
    }

    #[tokio::test]
    async fn a_waiting_listener_wakes_when_told_and_a_dropped_one_leaves() {
        let revocations = Revocations::default();
        let mut listener = revocations.listen();
        let user = Revoked::User(UserId::random());
        let told = {
            let (revocations, user) = (revocations.clone(), user.clone());
            tokio::spawn(async move {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                revocations.tell(&user);
            })
        };
        let heard = tokio::time::timeout(std::time::Duration::from_secs(5), listener.recv()).await;
        assert_eq!(heard.ok(), Some(Revocation::Heard(user)));
        told.await.unwrap();
        assert_eq!(revocations.listeners(), 1);
        drop(listener);
        assert_eq!(revocations.listeners(), 0);
    }
}
