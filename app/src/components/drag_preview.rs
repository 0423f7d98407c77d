//! The card following the pointer during a drag.

use crate::drag::{DragController, Mode};
use leptos::prelude::*;

#[component]
pub fn DragPreview() -> impl IntoView {
    let drag = expect_context::<DragController>();
    move || {
        drag.drag
            .get()
            .filter(|d| d.mode == Mode::Pointer)
            .map(|d| {
                let style = format!(
                    "width:{}px;transform:translate({}px,{}px) rotate(2deg)",
                    d.size.0,
                    d.pointer.0 - d.grab.0,
                    d.pointer.1 - d.grab.1
                );
                view! {
                    <div class="card drag-preview" style=style aria-hidden="true">
                        <span class="card-title">{d.title}</span>
                    </div>
                }
            })
    }
}
