//! For Project Office administrators: accounts. (Team membership is managed on each board.)

use crate::api;
use crate::contexts::session::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use qadam_shared::api::{AccountChange, NewAccount, codes};
use qadam_shared::limits::PASSWORD_MIN_CHARS;
use qadam_shared::{Account, UserId};

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
    let (login, name, password, admin, temporary) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(false),
        RwSignal::new(true),
    );
    // The account whose password is being reset.
    let resetting = RwSignal::new(None::<Account>);
    let create = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        spawn_local(async move {
            let new = NewAccount {
                login: login.get_untracked(),
                display_name: name.get_untracked(),
                password: password.get_untracked(),
                is_admin: admin.get_untracked(),
                must_change_password: temporary.get_untracked(),
            };
            match api::create_user(&new).await {
                Ok(user) => {
                    message.set(Some((
                        false,
                        format!("Created {} ({}).", user.display_name, user.login),
                    )));
                    login.set(String::new());
                    name.set(String::new());
                    password.set(String::new());
                    admin.set(false);
                    temporary.set(true);
                    reload();
                }
                Err(e) => message.set(Some((true, e.message))),
            }
        });
    };
    let change = move |id: UserId, change: AccountChange| {
        spawn_local(async move {
            match api::update_user(id, &change).await {
                Ok(_) => reload(),
                Err(e) => message.set(Some((true, e.message))),
            }
        });
    };
    let reset_done = move |result: Result<(), String>| {
        resetting.set(None);
        match result {
            Ok(()) => reload(),
            Err(e) => message.set(Some((true, e))),
        }
    };
    view! {
        <section class="page">
            <h1>"People"</h1>
            <Show when=move || session.me.with(|m| m.as_ref().is_some_and(|m| m.is_admin)) fallback=|| view! { <p class="empty">"Only administrators manage accounts."</p> }>
                {move || message.get().map(|(error, text)| view! { <p class:error=error class:note=!error role="status">{text}</p> })}
                <table class="people">
                    <thead><tr><th>"Name"</th><th>"Login"</th><th>"Administrator"</th><th>"Status"</th><th></th></tr></thead>
                    <tbody>
                        <For each=move || users.get() key=|u| (u.id, u.is_admin, u.disabled, u.display_name.clone()) let(user)>
                            {
                                let (id, whom) = (user.id, user.clone());
                                let (admin_now, disabled_now) = (user.is_admin, user.disabled);
                                view! {
                                    <tr class:disabled=user.disabled>
                                        <td>{user.display_name.clone()}</td>
                                        <td>{user.login.clone()}</td>
                                        <td>{if user.is_admin { "yes" } else { "" }}</td>
                                        <td>{if user.disabled { "disabled" } else { "active" }}</td>
                                        <td class="row-actions">
                                            <button class="ghost small" on:click=move |_| change(id, AccountChange { is_admin: Some(!admin_now), ..Default::default() })>
                                                {if admin_now { "Remove administrator" } else { "Make administrator" }}
                                            </button>
                                            <button class="ghost small" on:click=move |_| change(id, AccountChange { disabled: Some(!disabled_now), ..Default::default() })>
                                                {if disabled_now { "Enable" } else { "Disable" }}
                                            </button>
                                            <button class="ghost small" on:click=move |_| resetting.set(Some(whom.clone()))>"Reset password"</button>
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
                    <label>"Password" <input type="password" autocomplete="new-password" required minlength=PASSWORD_MIN_CHARS prop:value=move || password.get() on:input=move |e| password.set(event_target_value(&e)) /></label>
                    <label class="check"><input type="checkbox" prop:checked=move || admin.get() on:change=move |e| admin.set(event_target_checked(&e)) />" Project Office administrator"</label>
                    <label class="check"><input type="checkbox" prop:checked=move || temporary.get() on:change=move |e| temporary.set(event_target_checked(&e)) />" Must choose their own password at first sign-in"</label>
                    <button type="submit" class="primary">"Create account"</button>
                </form>
                {move || resetting.get().map(|whom| view! {
                    <ResetPassword whom=whom done=reset_done cancel=move |()| resetting.set(None) />
                })}
            </Show>
        </section>
    }
}

/// An administrator sets a new password for someone (ending their sessions), temporary unless
/// told otherwise.
#[component]
fn ResetPassword(
    whom: Account,
    #[prop(into)] done: Callback<Result<(), String>>,
    #[prop(into)] cancel: Callback<()>,
) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let temporary = RwSignal::new(true);
    let error = RwSignal::new(None::<String>);
    let id = whom.id;
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        spawn_local(async move {
            let change = AccountChange {
                password: Some(password.get_untracked()),
                must_change_password: Some(temporary.get_untracked()),
                ..Default::default()
            };
            match api::update_user(id, &change).await {
                Ok(_) => done.run(Ok(())),
                // A refused password stays on the dialog, to be corrected.
                Err(e) if e.code == codes::WEAK_PASSWORD => error.set(Some(e.message)),
                Err(e) => done.run(Err(e.message)),
            }
        });
    };
    view! {
        <div class="dialog-backdrop" on:click=move |_| cancel.run(())>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="reset-title" on:click=|e| e.stop_propagation()>
                <form on:submit=submit>
                    <h2 id="reset-title">{format!("New password for {}", whom.display_name)}</h2>
                    <p>"Their sessions end at once; they sign in again with this password."</p>
                    <label for="reset-password">{format!("Password (at least {PASSWORD_MIN_CHARS} characters)")}</label>
                    <input id="reset-password" type="password" autocomplete="new-password" required autofocus
                        minlength=PASSWORD_MIN_CHARS
                        prop:value=move || password.get() on:input=move |e| password.set(event_target_value(&e)) />
                    <label class="check"><input type="checkbox" prop:checked=move || temporary.get()
                        on:change=move |e| temporary.set(event_target_checked(&e)) />" Must choose their own at the next sign-in"</label>
                    {move || error.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
                    <div class="form-actions">
                        <button type="submit" class="primary">"Set password"</button>
                        <button type="button" class="ghost" on:click=move |_| cancel.run(())>"Cancel"</button>
                    </div>
                </form>
            </div>
        </div>
    }
}
