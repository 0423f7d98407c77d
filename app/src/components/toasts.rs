//! Short visible messages: refusals stay longer and stand out; a change just made offers Undo.

use crate::sync::BoardSync;
use leptos::prelude::*;
use leptos_fluent::move_tr;

#[component]
pub fn Toasts() -> impl IntoView {
    let sync = expect_context::<BoardSync>();
    view! {
        <div class="toasts" role="alert">
            <For each=move || sync.notices.toasts.get() key=|t| t.id let(toast)>
                <p class="toast" class:toast-error=toast.error>
                    {toast.text}
                    {toast.undo.map(|ops| {
                        let id = toast.id;
                        view! {
                            <button class="toast-undo" on:click=move |_| {
                                sync.notices.dismiss(id);
                                for op in &ops {
                                    sync.submit(op.clone());
                                }
                            }>{move_tr!("undo")}</button>
                        }
                    })}
                </p>
            </For>
        </div>
    }
}
