//! The board WebSocket of a team member: catch-up, then every commit live; submissions in, acks
//! and refusals out. The protocol is described in `qadam_shared::protocol`; the loop is
//! `socket::serve`.

use super::socket::{Frame, Incoming, Viewer, protocol_error, serve};
use super::{AppPath, AppQuery};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::catalog;
use crate::clock::now_millis;
use crate::error::{Error, Result};
use crate::prometheus;
use crate::sync::{Opening, Published, Revoked};
use axum::Router;
use axum::extract::State;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use axum::routing::get;
use futures_util::StreamExt;
use qadam_shared::authority::Author;
use qadam_shared::limits::FRAME_MAX_BYTES;
use qadam_shared::{BoardId, ClientMsg, ServerMsg};
use serde::Deserialize;
use tracing::Instrument;

/// Frames above this size close the connection; up to it, frames past the protocol's limit get
/// an error frame. It bounds what a half-sent message can hold in memory.
const TRANSPORT_MAX_BYTES: usize = 2 * FRAME_MAX_BYTES;
/// The socket's read buffer, allocated up front (the library's default is 128 KiB per
/// socket): a person sends small frames a few times a second, and a viewer mostly none. The
/// library zero-fills what is free of it before every read, so on every wake-up of the socket's
/// loop (each event sent): 4 KiB of that was about 4% of the server's fan-out. A larger frame
/// grows it as it arrives.
const READ_BUFFER_BYTES: usize = 512;

pub fn router() -> Router<AppState> {
    Router::new().route("/boards/{board}/ws", get(upgrade))
}

#[derive(Deserialize)]
struct Params {
    /// The sequence number of the board the client already holds.
    since: Option<u64>,
    /// The timeline of the board the client holds (`BoardSnapshot::timeline`).
    timeline: Option<String>,
}

/// Follows the board live and changes it (WebSocket).
#[utoipa::path(
    get,
    operation_id = "ws_upgrade",
    path = "/api/boards/{board}/ws",
    tag = "live",
    params(
        ("board" = BoardId, Path, description = "The board"),
        ("since" = Option<u64>, Query, description = "The sequence number the client holds"),
        ("timeline" = Option<String>, Query, description = "The timeline of the board the client holds: another one (a backup was restored since) is told `fallen_behind`")
    ),
    responses(
        (status = 101, description = "A WebSocket speaking ClientMsg and ServerMsg (see the schemas)"),
        (status = 400, description = "Not a WebSocket request", body = qadam_shared::api::ErrorBody)
    )
)]
async fn upgrade(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(id): AppPath<BoardId>,
    AppQuery(params): AppQuery<Params>,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Result<Response> {
    current.role_on(&state, id).await?;
    let ws = ws.map_err(not_a_socket)?;
    let open = state.sockets.open(current.user.id)?;
    let board = state.hub.board(id).await?;
    let ws = ws
        .max_message_size(TRANSPORT_MAX_BYTES)
        .max_frame_size(TRANSPORT_MAX_BYTES)
        .read_buffer_size(READ_BUFFER_BYTES);
    Ok(open_socket(ws, move |socket| async move {
        let _open = open;
        let (sink, stream) = socket.split();
        let revocations = state.hub.revocations();
        let member = Member {
            id,
            since: params.since,
            current,
            state,
            standing: Default::default(),
        };
        // A board held from another timeline does not continue this one's log: it is read
        // afresh, as a board too old to catch up is.
        let other_timeline = params
            .timeline
            .is_some_and(|t| *t != *member.state.timeline);
        let follow_from = params.since.filter(|_| !other_timeline);
        if let Err(e) = serve(member, board, follow_from, revocations, sink, stream).await {
            tracing::debug!(board = %id, "socket ended: {e}");
        }
    }))
}

/// A member's view of the board: every event, and operations in.
struct Member {
    id: BoardId,
    /// The sequence number of the board the browser holds, if any.
    since: Option<u64>,
    current: CurrentUser,
    state: AppState,
    /// The person's standing as last read from the database, and when.
    standing: std::sync::Mutex<Option<(Author, i64)>>,
}

/// How long a member's standing read from the database serves their operations. A change of it
/// (a sign-out, a role changed or removed, a disabled account) reaches the socket at once as a
/// revocation and is read again then; this bounds what a revocation missed (another instance's
/// listener away) could let through, and keeps an active socket's session marked as used.
const STANDING_FRESH_MS: i64 = 60_000;

impl Member {
    /// The person as the author of a change on the board as of now (their role and whether
    /// they are an administrator): fails once the session ended, the account was disabled, or
    /// the person was taken off the board.
    async fn author_now(&self) -> Result<Author> {
        let current = self.current.refreshed(&self.state).await?;
        let role = current.role_on(&self.state, self.id).await?;
        let author = current.user.author(role);
        *self.standing.lock().expect("not poisoned") = Some((author.clone(), now_millis()));
        Ok(author)
    }

    /// The author of the next operation: the standing read within the last minute, else read
    /// again.
    async fn author(&self) -> Result<Author> {
        let kept = self.standing.lock().expect("not poisoned").clone();
        match kept {
            Some((author, at)) if now_millis() - at < STANDING_FRESH_MS => Ok(author),
            _ => self.author_now().await,
        }
    }
}

impl Viewer for Member {
    fn opening(&mut self, opening: Opening, seq: u64) -> Result<Vec<Frame>> {
        match opening {
            Opening::CatchUp(missed) => Ok(missed
                .into_iter()
                .map(ServerMsg::Committed)
                .chain([ServerMsg::Live { seq }])
                .map(Frame::Own)
                .collect()),
            // A browser holding a board too old to catch up reads it again over HTTP
            // (compressed, and once per change for everyone), so no socket's buffers grow to a
            // board's size.
            Opening::Snapshot(_) if self.since.is_some() => Err(Error::FallenBehind),
            Opening::Snapshot(board) => Ok(vec![Frame::Own(ServerMsg::Snapshot { board, seq })]),
        }
    }

    fn event(&mut self, event: &Published) -> Option<Frame> {
        Some(Frame::Shared(event.frame()))
    }

    fn concerns(&self, revoked: &Revoked) -> bool {
        matches!(revoked, Revoked::User(user) if *user == self.current.user.id)
    }

    async fn check(&self) -> Result<()> {
        self.author_now().await.map(|_| ())
    }

    fn next_check(&self) -> Option<tokio::time::Instant> {
        // Every revocation reaches the socket, and operations read a standing a minute old
        // again; only the session's or token's end comes unannounced.
        Some(self.current.recheck_at())
    }

    async fn frame(&mut self, text: &str) -> Incoming {
        let (id, op) = match read_frame(text) {
            Ok(ClientMsg::Submit { id, op }) => (id, op),
            Ok(ClientMsg::Ping) => return Incoming::Reply(ServerMsg::Pong),
            Err(why) => return Incoming::Reply(protocol_error("malformed", &why)),
        };
        if let Err(e) = self.current.require_writer() {
            return Incoming::Reply(protocol_error(e.code(), &e.body().message));
        }
        // A change of role or a sign-out elsewhere arrives as a revocation before this frame and
        // is read then; signed out, off the board or the database away ends the socket.
        let author = match self.author().await {
            Ok(author) => author,
            Err(e) => return Incoming::End(e),
        };
        match catalog::admit(&self.state.store, self.id, &op).await {
            Ok(()) => {}
            Err(Error::Rejected(rejection)) => {
                return Incoming::Reply(ServerMsg::Rejected { id, rejection });
            }
            Err(e) => return Incoming::End(e),
        }
        self.state.op_rate.wait(self.current.user.id).await;
        Incoming::Submit(id, op, author)
    }
}

/// A frame read as a message. What does not read is told with the operation it meant, where it
/// names one: a field inside an operation fails without saying where (`input is out of range`).
fn read_frame(text: &str) -> std::result::Result<ClientMsg, String> {
    serde_json::from_str(text).map_err(|e| {
        let meant = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|frame| frame["op"]["type"].as_str().map(str::to_owned));
        match meant {
            Some(op) => format!("the {op} operation does not read: {e}"),
            None => e.to_string(),
        }
    })
}

/// Opens the socket, its work running under the span of the request that opened it: every log
/// line of the socket carries that request's id.
pub fn open_socket<F, Work>(ws: WebSocketUpgrade, work: F) -> Response
where
    F: FnOnce(WebSocket) -> Work + Send + 'static,
    Work: Future<Output = ()> + Send + 'static,
{
    let span = tracing::Span::current();
    ws.on_upgrade(move |socket| {
        async move {
            let open = metrics::gauge!(prometheus::SOCKETS_OPEN);
            open.increment(1.0);
            work(socket).await;
            open.decrement(1.0);
        }
        .instrument(span)
    })
}

/// The answer to a page's heartbeat (`ClientMsg::Ping`) on a socket that otherwise only tells:
/// `Pong`, so a link that carries nothing else does not look dead to the page.
pub fn pong(frame: &Message) -> Option<Message> {
    let Message::Text(text) = frame else {
        return None;
    };
    let ping = matches!(serde_json::from_str(text), Ok(ClientMsg::Ping));
    let pong = serde_json::to_string(&ServerMsg::Pong).ok()?;
    ping.then(|| Message::text(pong))
}

/// A plain request to a socket endpoint, after it passed the access checks.
pub fn not_a_socket(rejection: WebSocketUpgradeRejection) -> Error {
    Error::bad_request("not_a_websocket", rejection.body_text())
}
