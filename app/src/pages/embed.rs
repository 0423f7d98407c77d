//! `/embed/<token>`: a board without the app's chrome, read-only and live, for an iframe on an
//! intranet page. It tells the framing page its height so the iframe can fit it.

use crate::socket::{self, Ended};
use futures_util::StreamExt;
use gloo_net::websocket::Message;
use gloo_net::websocket::futures::WebSocket;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use qadam_shared::api::codes;
use qadam_shared::{Board, ServerMsg};
use wasm_bindgen::JsValue;

#[derive(Clone, Debug, PartialEq)]
enum State {
    Loading,
    Live(Board),
    /// Revoked or expired.
    Gone,
    /// Unknown, or never reachable.
    Broken,
}

/// The few words of the embed page, in the viewer's language (Kazakh, Russian or English, from
/// the browser's preferences); the board's own text is shown as written.
struct Words {
    loading: &'static str,
    gone: &'static str,
    broken: &'static str,
}

fn words() -> Words {
    let language = window()
        .navigator()
        .language()
        .unwrap_or_default()
        .to_lowercase();
    if language.starts_with("kk") {
        Words {
            loading: "Жүктелуде…",
            gone: "Бұл тақта енді мұнда көрсетілмейді: сілтеме кері қайтарылды немесе мерзімі өтті.",
            broken: "Бұл сілтеме жұмыс істемейді.",
        }
    } else if language.starts_with("ru") {
        Words {
            loading: "Загрузка…",
            gone: "Эта доска больше здесь не показывается: ссылка отозвана или истекла.",
            broken: "Эта ссылка не работает.",
        }
    } else {
        Words {
            loading: "Loading…",
            gone: "This board is no longer shared here: the link was revoked or has expired.",
            broken: "This embed link does not work.",
        }
    }
}

#[component]
pub fn EmbedPage() -> impl IntoView {
    let params = use_params_map();
    let token = params.read_untracked().get("token").unwrap_or_default();
    let state = RwSignal::new(State::Loading);
    spawn_local(follow(token, state));
    // After each render, tell the framing page how tall the board is.
    Effect::new(move |_| {
        state.track();
        request_animation_frame(|| {
            let height = document()
                .document_element()
                .map(|e| e.scroll_height())
                .unwrap_or(0);
            if let Ok(Some(parent)) = window().parent() {
                let message = js_sys::Object::new();
                let _ =
                    js_sys::Reflect::set(&message, &"qadamHeight".into(), &JsValue::from(height));
                let _ = parent.post_message(&message, "*");
            }
        });
    });
    let words = words();
    view! {
        <div class="embed">
            {move || match state.get() {
                State::Loading => view! { <p class="loading">{words.loading}</p> }.into_any(),
                State::Gone => view! { <p class="embed-gone" role="status">{words.gone}</p> }.into_any(),
                State::Broken => view! { <p class="embed-gone" role="status">{words.broken}</p> }.into_any(),
                State::Live(board) => view! { <EmbeddedBoard board /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn EmbeddedBoard(board: Board) -> impl IntoView {
    let columns: Vec<_> = board
        .ordered_columns()
        .into_iter()
        .map(|c| {
            (
                c.name.clone(),
                board
                    .cards_in(c.id)
                    .into_iter()
                    .map(|card| card.title.clone())
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    view! {
        <h1 class="embed-title">{board.name.clone()}</h1>
        <div class="embed-columns">
            {columns.into_iter().map(|(name, titles)| view! {
                <section class="embed-column" aria-label=name.clone()>
                    <h2>{name.clone()}<span class="column-count">{titles.len()}</span></h2>
                    <ul>{titles.into_iter().map(|t| view! { <li class="embed-card">{t}</li> }).collect_view()}</ul>
                </section>
            }).collect_view()}
        </div>
    }
}

/// Follows the embed's socket: a snapshot after every change, until the link is revoked or
/// expires; reconnects after a dropped connection.
async fn follow(token: String, state: RwSignal<State>) {
    let url = socket::url(&format!("/api/embed/{token}/ws"));
    let connect = || {
        let url = url.clone();
        async move {
            let Ok(socket) = WebSocket::open(&url) else {
                return Ended::Stop;
            };
            let (_, mut read) = socket.split();
            let mut got_any = false;
            while let Some(Ok(Message::Text(text))) = read.next().await {
                got_any = true;
                match serde_json::from_str::<ServerMsg>(&text) {
                    Ok(ServerMsg::Snapshot { board, .. }) => {
                        state.try_set(State::Live(std::sync::Arc::unwrap_or_clone(board)));
                    }
                    Ok(ServerMsg::Error { code, .. }) if code == codes::EMBED_GONE => {
                        state.try_set(State::Gone);
                        return Ended::Stop;
                    }
                    _ => {}
                }
            }
            match (got_any, state.get_untracked()) {
                // Never reachable: the link does not work.
                (false, State::Loading) => {
                    state.try_set(State::Broken);
                    Ended::Stop
                }
                (true, _) => Ended::AfterWorking,
                (false, _) => Ended::Failed,
            }
        }
    };
    socket::keep_open(|| true, connect, || {}).await;
}
