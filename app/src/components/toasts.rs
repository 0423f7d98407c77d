//! Short visible messages: refusals stay longer and stand out.

use crate::sync::BoardSync;
use leptos::prelude::*;

#[component]
pub fn Toasts() -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    view! {
        <div class="toasts" role="alert">
            <For each=move || sync.notices.toasts.get() key=|t| t.id let(toast)>
                <p class="toast" class:toast-error=toast.error>{toast.text}</p>
            </For>
        </div>
    }
}
