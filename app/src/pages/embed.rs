//! `/embed/<token>`: a board without the app's chrome, read-only and live, for an iframe on an
//! intranet page. It tells the framing page its height so the iframe can fit it.

use crate::socket::{self, Ended};
use futures_util::StreamExt;
use gloo_net::websocket::futures::WebSocket;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{I18n, move_tr, tr};
use leptos_router::hooks::use_params_map;
use qadam_shared::Board;
use qadam_shared::api::codes;
use qadam_shared::embed::{EmbedMsg, ShownCard};
use wasm_bindgen::JsValue;

#[derive(Clone, Debug, PartialEq)]
enum State {
    Loading,
    /// What the embed shows as of `seq`, and when it was last brought up to date (milliseconds).
    Live {
        board: Board,
        seq: u64,
        updated: i64,
    },
    /// Revoked or expired.
    Gone,
    /// Unknown, or never reachable.
    Broken,
}

#[component]
pub fn EmbedPage() -> impl IntoView {
    let params = use_params_map();
    let token = params.read_untracked().get("token").unwrap_or_default();
    let state = RwSignal::new(State::Loading);
    // Whether the socket is open: a wall display must not say "live" while the server is away.
    let connected = RwSignal::new(true);
    spawn_local(follow(token, state, connected));
    // After each render, and when the intranet page's column narrows or widens (the stages wrap
    // into more or fewer rows), tell the framing page how tall the board is.
    Effect::new(move |_| {
        state.track();
        tell_height();
    });
    let resized = window_event_listener(leptos::ev::resize, |_| tell_height());
    on_cleanup(move || resized.remove());
    let i18n = expect_context::<I18n>();
    view! {
        <div class="embed">
            {move || match state.get() {
                State::Loading => view! { <p class="loading">{move_tr!("loading")}</p> }.into_any(),
                State::Gone => view! { <p class="embed-gone" role="status">{move_tr!("embed-gone")}</p> }.into_any(),
                State::Broken => view! { <p class="embed-gone" role="status">{move_tr!("embed-broken")}</p> }.into_any(),
                State::Live { board, updated, .. } => view! { <EmbeddedBoard board updated connected i18n /> }.into_any(),
            }}
        </div>
    }
}

/// Tells the framing page (its `embed.js`) how tall the board is, once laid out: the board's
/// own height, since the page's is at least the iframe's and would never let it shrink.
fn tell_height() {
    request_animation_frame(|| {
        // Gone from the page (it is closing): nothing to fit.
        let Some(board) = document().query_selector(".embed").ok().flatten() else {
            return;
        };
        let height = board.scroll_height();
        if let Ok(Some(parent)) = window().parent() {
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"qadamHeight".into(), &JsValue::from(height));
            let _ = parent.post_message(&message, "*");
        }
    });
}

#[component]
fn EmbeddedBoard(
    board: Board,
    updated: i64,
    connected: RwSignal<bool>,
    i18n: I18n,
) -> impl IntoView {
    let columns: Vec<_> = board
        .ordered_columns()
        .into_iter()
        .map(|c| {
            (
                crate::i18n::shown(i18n, &c.name),
                board
                    .cards_in(c.id)
                    .into_iter()
                    .map(|card| card.title.clone())
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    view! {
        <h1 class="embed-title">{crate::i18n::shown(i18n, &board.name)}</h1>
        <div class="embed-columns">
            {columns.into_iter().map(|(name, titles)| view! {
                <section class="embed-column" aria-label=name.clone()>
                    <h2>{name.clone()}<span class="column-count">{titles.len()}</span></h2>
                    <ul>{titles.into_iter().map(|t| view! { <li class="embed-card">{t}</li> }).collect_view()}</ul>
                </section>
            }).collect_view()}
        </div>
        <p class="embed-foot" class:offline=move || !connected.get()>
            {move || {
                let time = crate::i18n::time(i18n, updated);
                if connected.get() {
                    tr!("embed-live", { "time" => time })
                } else {
                    tr!("embed-offline", { "time" => time })
                }
            }}
            " · "
            // People with a place on the board open it in Qadam; others are asked to sign in.
            <a href=format!("/boards/{}", board.id) target="_top">{move_tr!("embed-open")}</a>
        </p>
    }
}

/// How long a page waits for another server to reach the change its socket told of.
const BEHIND_WAIT_MS: u32 = 200;
const BEHIND_TRIES: u32 = 10;

/// Follows the embed: reads what it shows when its socket says to (on opening, and when its
/// stages change) and applies each card's change in between, until the link is revoked or
/// expires; reconnects after a dropped connection, saying it is not `connected` meanwhile.
async fn follow(token: String, state: RwSignal<State>, connected: RwSignal<bool>) {
    let url = socket::url(&format!("/api/embed/{token}/ws"));
    let connect = || {
        let (url, token) = (url.clone(), token.clone());
        async move {
            let Ok(ws) = WebSocket::open(&url) else {
                return Ended::Stop;
            };
            let (write, mut read) = ws.split();
            let _beating = socket::heartbeat(write);
            let mut got_any = false;
            while let Some(text) = socket::next_text(&mut read).await {
                // A socket opens by asking for a read: always made, so a page that held a later
                // change (of a log restored from a backup) shows the board as it is now.
                let opening = !got_any;
                got_any = true;
                connected.try_set(true);
                match serde_json::from_str::<EmbedMsg>(&text) {
                    Ok(EmbedMsg::Reread { seq }) => {
                        if let Some(ended) = reread(&token, seq, opening, state).await {
                            return ended;
                        }
                    }
                    Ok(EmbedMsg::Cards { seq, cards }) => {
                        state.try_update(|state| {
                            if let State::Live {
                                board,
                                seq: at,
                                updated,
                            } = state
                                && seq > *at
                            {
                                for ShownCard { id, face } in cards {
                                    match face {
                                        Some(card) => board.cards.insert(id, card),
                                        None => board.cards.remove(&id),
                                    };
                                }
                                *at = seq;
                                *updated = js_sys::Date::now() as i64;
                            }
                        });
                    }
                    Ok(EmbedMsg::Error { code, .. }) if code == codes::EMBED_GONE => {
                        state.try_set(State::Gone);
                        return Ended::Stop;
                    }
                    _ => {}
                }
            }
            match (got_any, state.get_untracked()) {
                // Never reachable: ask why, a revoked or expired link says so.
                (false, State::Loading) => {
                    let gone = matches!(
                        crate::api::embed(&token, None).await,
                        Err(e) if e.code == codes::EMBED_GONE
                    );
                    state.try_set(if gone { State::Gone } else { State::Broken });
                    Ended::Stop
                }
                (true, _) => Ended::AfterWorking,
                (false, _) => Ended::Failed,
            }
        }
    };
    // Nothing wakes the embed early: it waits out each pause.
    let (_, wake) = futures_channel::mpsc::unbounded();
    let waiting = move || {
        connected.try_set(false);
    };
    socket::keep_open(|| true, connect, waiting, wake).await;
}

/// Reads what the embed shows as of `seq` or later, unless the page has it already (and this is
/// not the `opening` read); how the connection ends if it cannot.
async fn reread(token: &str, seq: u64, opening: bool, state: RwSignal<State>) -> Option<Ended> {
    // A later change's frame already told of it.
    let current = state.try_update(|state| match state {
        State::Live {
            seq: at, updated, ..
        } if *at >= seq && !opening => {
            *updated = js_sys::Date::now() as i64;
            true
        }
        _ => false,
    });
    match current {
        None => return Some(Ended::Stop),
        Some(true) => return None,
        Some(false) => {}
    }
    for _ in 0..BEHIND_TRIES {
        match crate::api::embed(token, Some(seq)).await {
            // Served by a server that has not yet taken the change: it will in a moment.
            Ok(shown) if shown.seq < seq => TimeoutFuture::new(BEHIND_WAIT_MS).await,
            Ok(shown) => {
                state.try_set(State::Live {
                    board: shown.board,
                    seq: shown.seq,
                    updated: js_sys::Date::now() as i64,
                });
                return None;
            }
            Err(e) if e.code == codes::EMBED_GONE => {
                state.try_set(State::Gone);
                return Some(Ended::Stop);
            }
            Err(_) => return Some(Ended::Failed),
        }
    }
    Some(Ended::Failed)
}
