//! A WebSocket kept open: the board's and the embed's connections both reconnect through here,
//! with back-off and jitter so a server restart is not met by every browser at once.

use futures_channel::mpsc::UnboundedReceiver;
use futures_channel::oneshot;
use futures_util::future::{Either, select};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use gloo_net::websocket::Message;
use gloo_net::websocket::futures::WebSocket;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::window;
use leptos::task::spawn_local;
use qadam_shared::{ClientMsg, ServerMsg};
use std::future::Future;

/// How one connection ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// It worked for a while: try again soon.
    AfterWorking,
    /// It never worked: try again later and later.
    Failed,
    /// Do not try again (the link is gone, the page closed).
    Stop,
}

/// After this long without sending anything, the browser asks whether the link is alive.
pub const PING_EVERY_MS: u32 = 5_000;
/// Silence for this long means the link is dead (a VPN dropped, a laptop woke up), whatever
/// the network says: the socket is given up and a new one tried.
pub const SILENCE_MAX_MS: u32 = 12_000;

const FIRST_WAIT_MS: f64 = 500.0;
const LONGEST_WAIT_MS: f64 = 8_000.0;

/// Runs `connect` again and again until it says stop or `alive` turns false, calling `waiting`
/// before each pause; a message on `wake` (the network is back) cuts a pause short.
pub async fn keep_open<C, F>(
    alive: impl Fn() -> bool,
    mut connect: C,
    waiting: impl Fn(),
    mut wake: UnboundedReceiver<()>,
) where
    C: FnMut() -> F,
    F: Future<Output = Ended>,
{
    let mut wait = FIRST_WAIT_MS;
    while alive() {
        match connect().await {
            Ended::Stop => return,
            Ended::AfterWorking => wait = FIRST_WAIT_MS,
            Ended::Failed => {}
        }
        if !alive() {
            return;
        }
        waiting();
        let jitter = 0.75 + js_sys::Math::random() / 2.0;
        let pause = TimeoutFuture::new((wait * jitter) as u32);
        match select(pause, wake.next()).await {
            Either::Right((Some(()), _)) => {
                wait = FIRST_WAIT_MS;
                continue;
            }
            // Nobody can wake this loop any more: the whole pause.
            Either::Right((None, pause)) => pause.await,
            Either::Left(_) => {}
        }
        wait = (wait * 2.0).min(LONGEST_WAIT_MS);
    }
}

/// The socket URL for an API path on this page's host (`wss` over HTTPS).
pub fn url(path: &str) -> String {
    let location = window().location();
    let scheme = if location.protocol().as_deref() == Ok("https:") {
        "wss"
    } else {
        "ws"
    };
    format!("{scheme}://{}{path}", location.host().unwrap_or_default())
}

/// Follows a socket that only says "something changed": `changed` runs on each message, and the
/// socket is opened again after a cut, or a silence its heartbeat finds, while `alive` says the
/// page still wants it.
pub async fn follow(
    path: &str,
    alive: impl Fn() -> bool + Copy + 'static,
    changed: impl Fn() + Copy + 'static,
) {
    let url = url(path);
    let connect = || {
        let url = url.clone();
        async move {
            let Ok(ws) = WebSocket::open(&url) else {
                return Ended::Stop;
            };
            let (write, mut read) = ws.split();
            let _beating = heartbeat(write);
            let mut got_any = false;
            while let Some(text) = next_text(&mut read).await {
                got_any = true;
                if !alive() {
                    return Ended::Stop;
                }
                if !is_pong(&text) {
                    changed();
                }
            }
            if got_any {
                Ended::AfterWorking
            } else {
                Ended::Failed
            }
        }
    };
    let (_, wake) = futures_channel::mpsc::unbounded();
    keep_open(alive, connect, || {}, wake).await;
}

/// Sends a `Ping` every few seconds until the returned guard is dropped, then closes the socket:
/// the server's `Pong`s keep a link that carries nothing else from looking dead.
pub fn heartbeat(mut write: SplitSink<WebSocket, Message>) -> oneshot::Sender<()> {
    let (guard, mut dropped) = oneshot::channel::<()>();
    spawn_local(async move {
        let ping = serde_json::to_string(&ClientMsg::Ping).unwrap_or_default();
        while let Either::Right(_) = select(&mut dropped, TimeoutFuture::new(PING_EVERY_MS)).await {
            if write.send(Message::Text(ping.clone())).await.is_err() {
                break;
            }
        }
        let _ = write.close().await;
    });
    guard
}

/// The next text frame; `None` once the socket closes, fails or stays silent too long (a link
/// that died without a word).
pub async fn next_text(read: &mut SplitStream<WebSocket>) -> Option<String> {
    loop {
        match select(read.next(), TimeoutFuture::new(SILENCE_MAX_MS)).await {
            Either::Left((Some(Ok(Message::Text(text))), _)) => return Some(text),
            Either::Left((Some(Ok(Message::Bytes(_))), _)) => continue,
            _ => return None,
        }
    }
}

/// Whether a frame is the server's answer to a heartbeat.
fn is_pong(text: &str) -> bool {
    matches!(serde_json::from_str(text), Ok(ServerMsg::Pong))
}
