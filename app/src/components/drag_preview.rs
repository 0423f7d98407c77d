//! The card following the pointer during a drag: made once when the drag starts, then only its
//! position changes.

use crate::drag::{DragController, Mode};
use leptos::prelude::*;

#[component]
pub fn DragPreview() -> impl IntoView {
    let drag = expect_context::<DragController>();
    let lifted = Memo::new(move |_| {
        drag.drag.with(|d| {
            d.as_ref()
                .filter(|d| d.mode == Mode::Pointer)
                .map(|d| (d.title.clone(), d.size.0))
        })
    });
    let transform = move || {
        drag.drag.with(|d| {
            d.as_ref()
                .map(|d| {
                    format!(
                        "translate({}px,{}px) rotate(2deg)",
                        d.pointer.0 - d.grab.0,
                        d.pointer.1 - d.grab.1
                    )
                })
                .unwrap_or_default()
        })
    };
    move || {
        lifted.get().map(|(title, width)| {
            view! {
                <div
                    class="card drag-preview"
                    style:width=format!("{width}px")
                    style:transform=transform
                    aria-hidden="true"
                >
                    <span class="card-title">{title}</span>
                </div>
            }
        })
    }
}
