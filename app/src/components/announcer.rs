//! Tells screen readers what just happened (a drag step, someone else's change).

use crate::sync::BoardSync;
use leptos::prelude::*;

#[component]
pub fn Announcer() -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    view! {
        <div class="sr-only" role="status" aria-live="assertive" aria-atomic="true" data-testid="announcer">
            {move || sync.notices.announcement.get()}
        </div>
    }
}
