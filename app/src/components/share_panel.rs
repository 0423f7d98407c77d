//! For the board's leads: who is on the team and with which role, and the embed links.

use crate::api;
use crate::contexts::board::{ShowShare, Team};
use crate::notices;
use crate::sync::BoardSync;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{I18n, move_tr, tr};
use qadam_shared::{Account, EmbedLink};
use qadam_shared::{BoardId, ColumnId, EmbedId, Role, UserId};

/// The roles, most rights first.
const ROLES: [Role; 3] = [Role::Lead, Role::Member, Role::Observer];

#[component]
pub fn SharePanel(board: BoardId) -> impl IntoView {
    let ShowShare(open) = expect_context::<ShowShare>();
    let sync = expect_context::<BoardSync>();
    let i18n = expect_context::<I18n>();
    let Team(members) = expect_context::<Team>();
    let directory = RwSignal::new(Vec::<Account>::new());
    let embeds = RwSignal::new(Vec::<EmbedLink>::new());
    let snippet = RwSignal::new(None::<String>);
    let reload = move || {
        spawn_local(async move {
            match api::members(board).await {
                Ok(list) => members.set(list),
                Err(e) => sync.notices.toast(notices::api_error(i18n, &e), true),
            }
            if let Ok(list) = api::users().await {
                directory.set(list);
            }
            if let Ok(list) = api::embeds(board).await {
                embeds.set(list);
            }
        });
    };
    Effect::new(move |_| {
        if open.get() {
            reload();
        }
    });
    let set_role = move |user: UserId, role: Option<Role>| {
        spawn_local(async move {
            match api::set_member(board, user, role).await {
                Ok(()) => reload(),
                Err(e) => sync.notices.toast(notices::api_error(i18n, &e), true),
            }
        });
    };
    let (new_user, new_role) = (RwSignal::new(None::<UserId>), RwSignal::new(Role::Member));
    let (label, days, picked) = (
        RwSignal::new(String::new()),
        RwSignal::new(90u32),
        RwSignal::new(Vec::<ColumnId>::new()),
    );
    let create_embed = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        spawn_local(async move {
            let columns = picked.get_untracked();
            let columns = (!columns.is_empty()).then_some(columns);
            match api::create_embed(
                board,
                &label.get_untracked(),
                columns.as_deref(),
                days.get_untracked(),
            )
            .await
            {
                Ok(created) => {
                    let origin = window().location().origin().unwrap_or_default();
                    snippet.set(Some(format!(
                        "<iframe src=\"{origin}{}\" title=\"{}\" style=\"width:100%;border:0\" loading=\"lazy\"></iframe>\n<script src=\"{origin}/embed.js\" async></script>",
                        created.path,
                        created.embed.label.replace('"', "&quot;")
                    )));
                    label.set(String::new());
                    reload();
                }
                Err(e) => sync.notices.toast(notices::api_error(i18n, &e), true),
            }
        });
    };
    let revoke = move |id: EmbedId, label: String| {
        let sure = window()
            .confirm_with_message(&tr!(i18n, "embed-revoke-confirm", { "label" => label }))
            .unwrap_or(false);
        if !sure {
            return;
        }
        spawn_local(async move {
            match api::revoke_embed(board, id).await {
                Ok(()) => reload(),
                Err(e) => sync.notices.toast(notices::api_error(i18n, &e), true),
            }
        });
    };
    let columns = move || {
        sync.board.with(|b| {
            b.as_ref()
                .map(|b| {
                    b.ordered_columns()
                        .iter()
                        .map(|c| (c.id, crate::i18n::shown(i18n, &c.name)))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    view! {
        <Show when=move || open.get()>
            <aside class="side-panel share-panel" aria-label=move_tr!("share-title")>
                <header>
                    <h2>{move_tr!("board-members-and-embeds")}</h2>
                    <button class="icon" aria-label=move_tr!("close") on:click=move |_| open.set(false)>"×"</button>
                </header>
                <h3>{move_tr!("share-members")}</h3>
                <ul class="members">
                    <For each=move || members.get() key=|m| (m.user_id, m.role) let(member)>
                        {
                            let (id, name) = (member.user_id, member.display_name.clone());
                            view! {
                                <li>
                                    <span>{member.display_name.clone()}</span>
                                    <select aria-label=move || tr!("share-role-of", { "name" => member.display_name.clone() })
                                        on:change=move |e| set_role(id, Role::parse(&event_target_value(&e)))>
                                        {ROLES.iter().map(|r| view! { <option value=r.as_str() selected=*r == member.role>{move || crate::i18n::role_name(i18n, *r)}</option> }).collect_view()}
                                    </select>
                                    <button class="ghost small" on:click=move |_| {
                                        let sure = window()
                                            .confirm_with_message(&tr!(i18n, "share-remove-confirm", { "name" => name.clone() }))
                                            .unwrap_or(false);
                                        if sure {
                                            set_role(id, None)
                                        }
                                    }>{move_tr!("share-remove")}</button>
                                </li>
                            }
                        }
                    </For>
                </ul>
                <Show when=move || members.with(Vec::is_empty)>
                    <p class="empty">{move_tr!("share-no-members")}</p>
                </Show>
                <form class="add-member" on:submit=move |e| { e.prevent_default(); if let Some(user) = new_user.get_untracked() { set_role(user, Some(new_role.get_untracked())); } }>
                    <select aria-label=move_tr!("share-person-to-add") on:change=move |e| new_user.set(event_target_value(&e).parse().ok())>
                        <option value="">{move_tr!("share-add-person")}</option>
                        {move || directory.get().into_iter().filter(|u| !u.disabled && !members.with(|m| m.iter().any(|m| m.user_id == u.id))).map(|u| view! { <option value=u.id.to_string()>{format!("{} ({})", u.display_name, u.login)}</option> }).collect_view()}
                    </select>
                    <select aria-label=move_tr!("share-role") on:change=move |e| if let Some(r) = Role::parse(&event_target_value(&e)) { new_role.set(r) }>
                        {ROLES.iter().map(|r| view! { <option value=r.as_str() selected=*r == Role::Member>{move || crate::i18n::role_name(i18n, *r)}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="primary small">{move_tr!("share-add")}</button>
                </form>

                <h3>{move_tr!("embed-new-title")}</h3>
                <form class="new-embed" on:submit=create_embed>
                    <label>{move_tr!("embed-where")} <input required placeholder=move_tr!("embed-where-example") prop:value=move || label.get() on:input=move |e| label.set(event_target_value(&e)) /></label>
                    <fieldset>
                        <legend>{move_tr!("embed-stages")}</legend>
                        {move || columns().into_iter().map(|(id, name)| view! {
                            <label class="check">
                                <input type="checkbox" on:change=move |e| {
                                    let on = event_target_checked(&e);
                                    picked.update(|p| { p.retain(|c| *c != id); if on { p.push(id) } });
                                } />
                                " " {name}
                            </label>
                        }).collect_view()}
                    </fieldset>
                    <label>{move_tr!("embed-days")} <input type="number" min="1" max="366" prop:value=move || days.get().to_string() on:input=move |e| if let Ok(d) = event_target_value(&e).parse() { days.set(d) } /></label>
                    <button type="submit" class="primary small">{move_tr!("embed-create")}</button>
                </form>
                {move || snippet.get().map(|s| view! {
                    <div class="snippet">
                        <label for="embed-snippet">{move_tr!("embed-paste")}</label>
                        <textarea id="embed-snippet" readonly rows="5" data-testid="embed-snippet">{s.clone()}</textarea>
                        <button type="button" class="ghost small" on:click=move |_| {
                            let _ = window().navigator().clipboard().write_text(&s);
                            sync.notices.toast(tr!(i18n, "embed-copied"), false);
                        }>{move_tr!("embed-copy")}</button>
                    </div>
                })}
                <ul class="embeds">
                    <For each=move || embeds.get() key=|e| (e.id, e.revoked) let(embed)>
                        {
                            let (id, label, shown) = (embed.id, embed.label.clone(), embed.clone());
                            view! {
                                <li class:revoked=embed.revoked>
                                    <div class="embed-info">
                                        <span class="embed-label">{embed.label.clone()}</span>
                                        <span class="embed-details">{move || embed_details(i18n, &shown, &columns())}</span>
                                    </div>
                                    {if embed.revoked {
                                        view! { <span class="muted">{move_tr!("embed-revoked")}</span> }.into_any()
                                    } else {
                                        view! { <button class="danger small" on:click=move |_| revoke(id, label.clone())>{move_tr!("embed-revoke")}</button> }.into_any()
                                    }}
                                </li>
                            }
                        }
                    </For>
                </ul>
            </aside>
        </Show>
    }
}

/// What an embed shows and how long: its stages, its expiry, who made it and when.
fn embed_details(i18n: I18n, embed: &EmbedLink, stages: &[(ColumnId, String)]) -> String {
    let shown = match &embed.columns {
        None => tr!(i18n, "embed-all-stages"),
        Some(ids) => stages
            .iter()
            .filter(|(id, _)| ids.contains(id))
            .map(|(_, name)| name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    };
    let until = embed
        .expires_at
        .map(|at| crate::i18n::date_time(i18n, at))
        .unwrap_or_else(|| tr!(i18n, "embed-no-expiry"));
    tr!(i18n, "embed-details", {
        "stages" => shown,
        "until" => until,
        "by" => embed.created_by.clone().unwrap_or_default(),
        "made" => crate::i18n::date_time(i18n, embed.created_at),
    })
}
