//! For Project Office administrators: accounts. (Team membership is managed on each board.)

use crate::api;
use crate::contexts::session::Session;
use crate::notices;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{I18n, move_tr, tr};
use leptos_router::components::A;
use qadam_shared::api::{AccountChange, NewAccount, codes};
use qadam_shared::limits::PASSWORD_MIN_CHARS;
use qadam_shared::{Account, BoardId, BoardSummary, Role, UserId};

#[component]
pub fn PeoplePage() -> impl IntoView {
    let session = expect_context::<Session>();
    let i18n = expect_context::<I18n>();
    let users = RwSignal::new(Vec::<Account>::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let reload = move || {
        spawn_local(async move {
            match api::users().await {
                Ok(list) => users.set(list),
                Err(e) => message.set(Some((true, notices::api_error(i18n, &e)))),
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
                    let created = tr!(i18n, "people-created", {
                        "name" => user.display_name,
                        "login" => user.login,
                    });
                    message.set(Some((false, created)));
                    login.set(String::new());
                    name.set(String::new());
                    password.set(String::new());
                    admin.set(false);
                    temporary.set(true);
                    reload();
                }
                Err(e) => message.set(Some((true, notices::api_error(i18n, &e)))),
            }
        });
    };
    let change = move |id: UserId, change: AccountChange| {
        spawn_local(async move {
            match api::update_user(id, &change).await {
                Ok(_) => reload(),
                Err(e) => message.set(Some((true, notices::api_error(i18n, &e)))),
            }
        });
    };
    let new_account = move_tr!("people-new-account");
    // Every board, for the team names and the "add to a team" choice; the board each row adds to.
    let boards = RwSignal::new(Vec::<BoardSummary>::new());
    spawn_local(async move {
        if let Ok(list) = api::boards().await {
            boards.set(list);
        }
    });
    let adding = RwSignal::new(std::collections::HashMap::<UserId, BoardId>::new());
    let team_name = move |board: BoardId| {
        boards.with(|list| {
            list.iter()
                .find(|b| b.id == board)
                .map(|b| crate::i18n::shown(i18n, &b.name))
                .unwrap_or_default()
        })
    };
    let add_to_team = move |user: UserId, board: BoardId| {
        spawn_local(async move {
            match api::set_member(board, user, Some(Role::Member)).await {
                Ok(()) => reload(),
                Err(e) => message.set(Some((true, notices::api_error(i18n, &e)))),
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
            <h1>{move_tr!("people-title")}</h1>
            <Show when=move || session.is_admin() fallback=|| view! { <p class="empty">{move_tr!("people-admins-only")}</p> }>
                <p><A href="/audit">{move_tr!("people-audit-link")}</A></p>
                {move || message.get().map(|(error, text)| view! { <p class:error=error class:note=!error role="status">{text}</p> })}
                <div class="table-scroll">
                <table class="people">
                    <thead><tr>
                        <th>{move_tr!("people-name")}</th>
                        <th>{move_tr!("people-login")}</th>
                        <th>{move_tr!("people-administrator")}</th>
                        <th>{move_tr!("people-status")}</th>
                        <th>{move_tr!("people-teams")}</th>
                        <th></th>
                    </tr></thead>
                    <tbody>
                        <For each=move || users.get() key=|u| (u.id, u.is_admin, u.disabled, u.display_name.clone(), u.roles.clone()) let(user)>
                            {
                                let (id, whom) = (user.id, user.clone());
                                let (admin_now, disabled_now) = (user.is_admin, user.disabled);
                                view! {
                                    <tr class:disabled=user.disabled>
                                        <td>{user.display_name.clone()}</td>
                                        <td>{user.login.clone()}</td>
                                        <td>{user.is_admin.then(|| move_tr!("people-yes"))}</td>
                                        <td>{if user.disabled { move_tr!("people-disabled") } else { move_tr!("people-active") }}</td>
                                        <td class="teams" data-testid="teams">
                                            <ul>
                                                {user.roles.iter().map(|(board, role)| {
                                                    let (board, role) = (*board, *role);
                                                    view! {
                                                        <li>{move || team_name(board)} " · " {move || crate::i18n::role_name(i18n, role)}</li>
                                                    }
                                                }).collect_view()}
                                            </ul>
                                            <form class="add-to-team" on:submit=move |e| {
                                                e.prevent_default();
                                                if let Some(board) = adding.get_untracked().get(&id).copied() {
                                                    add_to_team(id, board);
                                                }
                                            }>
                                                <select aria-label=move_tr!("people-team-to-add") on:change=move |e| {
                                                    let board = event_target_value(&e).parse().ok();
                                                    adding.update(|a| { match board { Some(b) => { a.insert(id, b); } None => { a.remove(&id); } } });
                                                }>
                                                    <option value="">{move_tr!("people-add-to-team")}</option>
                                                    {move || boards.get().into_iter().filter(|b| !user.roles.contains_key(&b.id)).map(|b| {
                                                        let name = crate::i18n::shown(i18n, &b.name);
                                                        view! { <option value=b.id.to_string()>{name}</option> }
                                                    }).collect_view()}
                                                </select>
                                                <button type="submit" class="ghost small">{move_tr!("share-add")}</button>
                                            </form>
                                        </td>
                                        <td class="row-actions">
                                            <button class="ghost small" on:click=move |_| change(id, AccountChange { is_admin: Some(!admin_now), ..Default::default() })>
                                                {if admin_now { move_tr!("people-remove-admin") } else { move_tr!("people-make-admin") }}
                                            </button>
                                            <button class="ghost small" on:click=move |_| change(id, AccountChange { disabled: Some(!disabled_now), ..Default::default() })>
                                                {if disabled_now { move_tr!("people-enable") } else { move_tr!("people-disable") }}
                                            </button>
                                            <button class="ghost small" on:click=move |_| resetting.set(Some(whom.clone()))>{move_tr!("people-reset-password")}</button>
                                        </td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
                </div>
                <form class="new-person" on:submit=create>
                    <h2>{new_account}</h2>
                    <label>{move_tr!("people-login")} <input required prop:value=move || login.get() on:input=move |e| login.set(event_target_value(&e)) /></label>
                    <label>{move_tr!("people-name")} <input required prop:value=move || name.get() on:input=move |e| name.set(event_target_value(&e)) /></label>
                    <label>{move_tr!("sign-in-password")} <input type="password" autocomplete="new-password" required minlength=PASSWORD_MIN_CHARS prop:value=move || password.get() on:input=move |e| password.set(event_target_value(&e)) /></label>
                    <label class="check"><input type="checkbox" prop:checked=move || admin.get() on:change=move |e| admin.set(event_target_checked(&e)) />" " {move_tr!("people-is-admin")}</label>
                    <label class="check"><input type="checkbox" prop:checked=move || temporary.get() on:change=move |e| temporary.set(event_target_checked(&e)) />" " {move_tr!("people-temporary")}</label>
                    <button type="submit" class="primary">{move_tr!("people-create")}</button>
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
    let i18n = expect_context::<I18n>();
    let password = RwSignal::new(String::new());
    let temporary = RwSignal::new(true);
    let error = RwSignal::new(None::<String>);
    // A generated password is shown in clear, once, to be handed over.
    let generated = RwSignal::new(false);
    let generate = move |_| {
        password.set(generated_password());
        generated.set(true);
    };
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
                Err(e) if e.code == codes::WEAK_PASSWORD => {
                    error.set(Some(notices::api_error(i18n, &e)))
                }
                Err(e) => done.run(Err(notices::api_error(i18n, &e))),
            }
        });
    };
    view! {
        <div class="dialog-backdrop" on:click=move |_| cancel.run(())>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="reset-title" on:click=|e| e.stop_propagation()>
                <form on:submit=submit>
                    <h2 id="reset-title">{move || tr!("people-reset-title", { "name" => whom.display_name.clone() })}</h2>
                    <p>{move_tr!("people-reset-why")}</p>
                    <label for="reset-password">{move_tr!("people-reset-password-label", { "min" => PASSWORD_MIN_CHARS })}</label>
                    <div class="password-row">
                        <input id="reset-password" type=move || if generated.get() { "text" } else { "password" }
                            autocomplete="new-password" required autofocus minlength=PASSWORD_MIN_CHARS
                            prop:value=move || password.get() on:input=move |e| { generated.set(false); password.set(event_target_value(&e)) } />
                        <button type="button" class="ghost small" on:click=generate>{move_tr!("people-generate")}</button>
                    </div>
                    {move || generated.get().then(|| view! { <p class="note">{move_tr!("people-generated-once")}</p> })}
                    <label class="check"><input type="checkbox" prop:checked=move || temporary.get()
                        on:change=move |e| temporary.set(event_target_checked(&e)) />" " {move_tr!("people-reset-temporary")}</label>
                    {move || error.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
                    <div class="form-actions">
                        <button type="submit" class="primary">{move_tr!("people-set-password")}</button>
                        <button type="button" class="ghost" on:click=move |_| cancel.run(())>{move_tr!("cancel")}</button>
                    </div>
                </form>
            </div>
        </div>
    }
}

/// A password nobody chose: 74 random bits (from the browser's cryptographic source, through
/// UUID v4), in groups of five for reading aloud or copying.
fn generated_password() -> String {
    let random = uuid::Uuid::new_v4().simple().to_string();
    random
        .as_bytes()
        .chunks(5)
        .take(4)
        .map(|group| String::from_utf8_lossy(group).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}
