//! Who is signed in, for every page.

use leptos::prelude::*;
use leptos::task::spawn_local;
use qadam_shared::Me;

/// How many notifications the signed-in person has not read (shown on the user menu), and a
/// count of the times the server said new ones came (the inbox page reads itself again).
#[derive(Clone, Copy)]
pub struct Unread {
    pub count: RwSignal<usize>,
    pub news: RwSignal<u64>,
}

/// The signed-in person, once the server has said who that is.
#[derive(Clone, Copy)]
pub struct Session {
    pub me: RwSignal<Option<Me>>,
    /// False until the first answer from `/api/me`.
    pub checked: RwSignal<bool>,
}

impl Session {
    /// Asks the server who is signed in. Offline, the last answer stands, so boards kept in
    /// this browser still open.
    pub fn refresh(self) {
        spawn_local(async move {
            let me = match crate::api::me().await {
                Ok(me) => {
                    crate::saved::save_me(me.as_ref());
                    me
                }
                Err(_) => crate::saved::me(),
            };
            self.me.set(me);
            if !self.checked.get_untracked() {
                self.checked.set(true);
            }
        });
    }

    /// Whether the signed-in person is a Project Office administrator (tracked).
    pub fn is_admin(self) -> bool {
        self.me.with(|m| m.as_ref().is_some_and(|m| m.is_admin))
    }

    /// Someone signed in (or out) in this page.
    pub fn set(self, me: Option<Me>) {
        crate::saved::save_me(me.as_ref());
        self.me.set(me);
    }
}
