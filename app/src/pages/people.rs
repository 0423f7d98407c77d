//! For Project Office administrators: accounts. (Team membership is managed on each board.)

use crate::api;
use crate::app::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use qadam_shared::Account;
use serde_json::json;

#[component]
pub fn PeoplePage() -> impl IntoView {
    let session = expect_context::<Session>();
    let users = RwSignal::new(Vec::<Account>::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let reload = move || {
        spawn_local(async move {
            match api::users().await {
                Ok(list) => users.set(list),
                Err(e) => message.set(Some((true, e.message))),
            }
        })
    };
    reload();
    let (login, name, password, admin) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(false),
    );
    let create = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        spawn_local(async move {
            match api::create_user(
                &login.get_untracked(),
                &name.get_untracked(),
                &password.get_untracked(),
                admin.get_untracked(),
            )
            .await
            {
                Ok(user) => {
                    message.set(Some((
                        false,
                        format!("Created {} ({}).", user.display_name, user.login),
                    )));
                    login.set(String::new());
                    name.set(String::new());
                    password.set(String::new());
                    admin.set(false);
                    reload();
                }
                Err(e) => message.set(Some((true, e.message))),
            }
        });
    };
    let change = move |id: String, change: serde_json::Value| {
        spawn_local(async move {
            match api::update_user(&id, change).await {
                Ok(_) => reload(),
                Err(e) => message.set(Some((true, e.message))),
            }
        });
    };
    view! {
        <section class="page">
            <h1>"People"</h1>
            <Show when=move || session.me.with(|m| m.as_ref().is_some_and(|m| m.is_admin)) fallback=|| view! { <p class="empty">"Only administrators manage accounts."</p> }>
                {move || message.get().map(|(error, text)| view! { <p class:error=error class:note=!error role="status">{text}</p> })}
                <table class="people">
                    <thead><tr><th>"Name"</th><th>"Login"</th><th>"Administrator"</th><th>"Status"</th><th></th></tr></thead>
                    <tbody>
                        <For each=move || users.get() key=|u| (u.id.clone(), u.is_admin, u.disabled, u.display_name.clone()) let(user)>
                            {
                                let (id, id2, id3) = (user.id.clone(), user.id.clone(), user.id.clone());
                                let (admin_now, disabled_now) = (user.is_admin, user.disabled);
                                view! {
                                    <tr class:disabled=user.disabled>
                                        <td>{user.display_name.clone()}</td>
                                        <td>{user.login.clone()}</td>
                                        <td>{if user.is_admin { "yes" } else { "" }}</td>
                                        <td>{if user.disabled { "disabled" } else { "active" }}</td>
                                        <td class="row-actions">
                                            <button class="ghost small" on:click=move |_| change(id.clone(), json!({ "is_admin": !admin_now }))>
                                                {if admin_now { "Remove administrator" } else { "Make administrator" }}
                                            </button>
                                            <button class="ghost small" on:click=move |_| change(id2.clone(), json!({ "disabled": !disabled_now }))>
                                                {if disabled_now { "Enable" } else { "Disable" }}
                                            </button>
                                            <button class="ghost small" on:click=move |_| {
                                                if let Ok(Some(p)) = window().prompt_with_message("New password (at least 10 characters):") {
                                                    change(id3.clone(), json!({ "password": p }));
                                                }
                                            }>"Reset password"</button>
                                        </td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
                <form class="new-person" on:submit=create>
                    <h2>"New account"</h2>
                    <label>"Login" <input required prop:value=move || login.get() on:input=move |e| login.set(event_target_value(&e)) /></label>
                    <label>"Name" <input required prop:value=move || name.get() on:input=move |e| name.set(event_target_value(&e)) /></label>
                    <label>"Password" <input type="password" autocomplete="new-password" required minlength="10" prop:value=move || password.get() on:input=move |e| password.set(event_target_value(&e)) /></label>
                    <label class="check"><input type="checkbox" prop:checked=move || admin.get() on:change=move |e| admin.set(event_target_checked(&e)) />" Project Office administrator"</label>
                    <button type="submit" class="primary">"Create account"</button>
                </form>
            </Show>
        </section>
    }
}
