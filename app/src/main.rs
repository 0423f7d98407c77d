//! Qadam in the browser: mounts the app.

mod api;
mod app;
mod components;
mod contexts;
mod drag;
mod i18n;
mod notices;
mod pages;
mod saved;
mod socket;
mod sync;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
