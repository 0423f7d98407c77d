//! Embed links: a team lead makes a read-only link to the board (optionally only some stages),
//! with an expiry, revocable at once; `/embed/<token>` shows it live without the app's chrome.

use super::socket::{self, Frame, Incoming, serve};
use super::{AppJson, AppPath, AppQuery};
use crate::AppState;
use crate::audit;
use crate::auth::address::ClientAddr;
use crate::auth::{CurrentUser, token};
use crate::clock::now_millis;
use crate::error::{Error, Result};
use crate::lock::lock;
use crate::sync::{Opening, Published, Revoked};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::ws::Utf8Bytes;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use flate2::Compression;
use flate2::write::GzEncoder;
use futures_util::StreamExt;
use qadam_shared::api::{CreatedEmbed, EmbedSnapshot, NewEmbed};
use qadam_shared::audit::AuditAction;
use qadam_shared::delivery::DAY_MS;
use qadam_shared::embed::{self, EmbedMsg, ShownCard};
use qadam_shared::limits::COLUMN_NAME_MAX_CHARS;
use qadam_shared::ops::Target;
use qadam_shared::{
    Board, BoardId, CardId, ClientMsg, EmbedId, EmbedLink as Embed, Role, ServerMsg,
};
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;
use tokio::sync::OnceCell;

/// Longest an embed may live.
const MAX_DAYS: u32 = 366;
/// How often an open embed rechecks that it is still valid (revocations on other instances,
/// expiry).
const RECHECK: Duration = Duration::from_secs(10);
/// Largest frame read from an embed socket, which only ever receives pings and a close.
const EMBED_FRAME_MAX_BYTES: usize = 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/boards/{board}/embeds", get(list).post(create))
        .route("/boards/{board}/embeds/{embed}", delete(revoke))
        .route("/embed/{token}", get(snapshot))
        .route("/embed/{token}/ws", get(socket))
}

/// The board's embed links.
#[utoipa::path(
    get,
    operation_id = "embeds_list",
    path = "/api/boards/{board}/embeds",
    tag = "embeds",
    params(
        ("board" = BoardId, Path, description = "The board")
    ),
    responses(
        (status = 200, description = "The board's embed links", body = Vec<qadam_shared::EmbedLink>),
        (status = 403, description = "Not a lead of the board", body = qadam_shared::api::ErrorBody)
    )
)]
async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(board): AppPath<BoardId>,
) -> Result<AppJson<Vec<Embed>>> {
    current.require(&state, board, Role::Lead).await?;
    Ok(AppJson(state.store.embeds_of(board).await?))
}

/// Makes an embed link for an intranet page.
#[utoipa::path(
    post,
    operation_id = "embeds_create",
    path = "/api/boards/{board}/embeds",
    tag = "embeds",
    params(
        ("board" = BoardId, Path, description = "The board")
    ),
    request_body = NewEmbed,
    responses(
        (status = 201, description = "Made: its path holds the token", body = CreatedEmbed),
        (status = 403, description = "Not a lead of the board", body = qadam_shared::api::ErrorBody)
    )
)]
async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    ClientAddr(addr): ClientAddr,
    AppPath(board): AppPath<BoardId>,
    AppJson(new): AppJson<NewEmbed>,
) -> Result<(StatusCode, AppJson<CreatedEmbed>)> {
    current.require(&state, board, Role::Lead).await?;
    let label = new.label.trim().to_owned();
    if label.is_empty()
        || label.chars().count() > COLUMN_NAME_MAX_CHARS * 2
        || qadam_shared::text::has_control(&label, false)
    {
        return Err(Error::bad_request(
            "bad_label",
            "an embed needs a short label saying where it is used",
        ));
    }
    if let Some(columns) = &new.columns {
        let current_board = state.hub.board(board).await?.subscribe().await?.board;
        if columns.is_empty()
            || columns
                .iter()
                .any(|c| !current_board.columns.contains_key(c))
        {
            return Err(Error::bad_request(
                "bad_columns",
                "pick one or more stages of this board",
            ));
        }
    }
    let days = new.expires_in_days.unwrap_or(90);
    if days == 0 || days > MAX_DAYS {
        return Err(Error::bad_request(
            "bad_expiry",
            format!("an embed lasts 1 to {MAX_DAYS} days"),
        ));
    }
    let now = now_millis();
    let token = token::generate();
    let embed = Embed {
        columns: new.columns,
        expires_at: Some(now + days as i64 * DAY_MS),
        created_by: Some(current.user.display_name.clone()),
        ..Embed::new(board, label, now)
    };
    state
        .store
        .create_embed(&embed, &token::hash(&token), current.user.id)
        .await?;
    let name = super::people::board_name(&state, board).await;
    let action = AuditAction::EmbedCreated;
    audit::record(
        &state,
        Some(&current.user),
        action,
        &name,
        &embed.label,
        addr,
    )
    .await;
    Ok((
        StatusCode::CREATED,
        AppJson(CreatedEmbed {
            embed,
            path: format!("/embed/{token}"),
            token,
        }),
    ))
}

/// Revokes an embed link.
#[utoipa::path(
    delete,
    operation_id = "embeds_revoke",
    path = "/api/boards/{board}/embeds/{embed}",
    tag = "embeds",
    params(
        ("board" = BoardId, Path, description = "The board"),
        ("embed" = EmbedId, Path, description = "The embed link")
    ),
    responses(
        (status = 204, description = "Revoked; open embeds stop"),
        (status = 403, description = "Not a lead of the board", body = qadam_shared::api::ErrorBody)
    )
)]
async fn revoke(
    State(state): State<AppState>,
    current: CurrentUser,
    ClientAddr(addr): ClientAddr,
    AppPath((board, embed)): AppPath<(BoardId, EmbedId)>,
) -> Result<StatusCode> {
    current.require(&state, board, Role::Lead).await?;
    let label = state.store.revoke_embed(board, embed).await?;
    state.hub.revoke(Revoked::Embed(embed)).await;
    let name = super::people::board_name(&state, board).await;
    let action = AuditAction::EmbedRevoked;
    audit::record(&state, Some(&current.user), action, &name, &label, addr).await;
    Ok(StatusCode::NO_CONTENT)
}

/// The embed behind a token, if it still shows anything.
async fn live_embed(state: &AppState, token: &str) -> Result<Embed> {
    let embed = state
        .store
        .embed_by_token(&token::hash(token))
        .await?
        .ok_or(Error::NotFound("embed"))?;
    if embed.revoked {
        return Err(Error::EmbedGone("revoked"));
    }
    if embed.expires_at.is_some_and(|at| at <= now_millis()) {
        return Err(Error::EmbedGone("expired"));
    }
    Ok(embed)
}

/// What an embed link shows.
#[utoipa::path(
    get,
    operation_id = "embeds_snapshot",
    path = "/api/embed/{token}",
    tag = "embeds",
    params(
        ("token" = String, Path, description = "The embed's token"),
        ("seq" = Option<u64>, Query, description = "The change the embed's socket told of: the answer holds it")
    ),
    responses(
        (status = 200, description = "What the embed shows", body = EmbedSnapshot)
    ),
    security(())
)]
async fn snapshot(
    State(state): State<AppState>,
    AppPath(token): AppPath<String>,
    AppQuery(after): AppQuery<After>,
    headers: HeaderMap,
) -> Result<Response> {
    let embed = live_embed(&state, &token).await?;
    // A page reads the embed when its socket says to, so while pages follow it, the first to
    // read after a change has it written and compressed for the others (a change of stages, or
    // a restart, has every page read at once). A view that has not yet taken the change the
    // page was told of (its socket is on another instance) is passed by.
    let view = super::encoding::accepts(&headers, "gzip")
        .then(|| state.embed_views.current(&embed, after.seq.unwrap_or(0)))
        .flatten();
    if let Some(view) = view {
        let body = match view {
            Current::Read(body) => body,
            Current::Unread { seq, board, read } => read
                .get_or_try_init(|| async {
                    let shown = EmbedSnapshot {
                        board: embed::shown(&board, &embed),
                        seq,
                    };
                    gzipped(&shown)
                })
                .await?
                .clone(),
        };
        return Ok(super::encoding::gzipped_json(body));
    }
    let sub = state.hub.board(embed.board_id).await?.latest().await?;
    let shown = EmbedSnapshot {
        board: embed::shown(&sub.board, &embed),
        seq: sub.seq,
    };
    Ok(AppJson(shown).into_response())
}

/// The query of an embed's read.
#[derive(Deserialize)]
struct After {
    /// The change the page's socket told of: the answer holds it.
    seq: Option<u64>,
}

/// `value` as JSON, gzipped.
fn gzipped(value: &impl serde::Serialize) -> Result<Bytes> {
    let mut gzip = GzEncoder::new(Vec::new(), Compression::fast());
    serde_json::to_writer(&mut gzip, value).map_err(anyhow::Error::from)?;
    Ok(gzip.finish().map_err(anyhow::Error::from)?.into())
}

/// Live and read-only: `EmbedMsg` frames saying what changed of what the embed shows (the page
/// reads the rest over HTTP); an error frame and the end when the link is revoked or expires.
#[utoipa::path(
    get,
    operation_id = "embeds_socket",
    path = "/api/embed/{token}/ws",
    tag = "live",
    params(
        ("token" = String, Path, description = "The embed's token")
    ),
    responses(
        (status = 101, description = "A read-only WebSocket of EmbedMsg"),
        (status = 400, description = "Not a WebSocket request", body = qadam_shared::api::ErrorBody)
    ),
    security(())
)]
async fn socket(
    State(state): State<AppState>,
    AppPath(token): AppPath<String>,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Result<Response> {
    let embed = live_embed(&state, &token).await?;
    let ws = ws.map_err(super::ws::not_a_socket)?;
    let handle = state.hub.board(embed.board_id).await?;
    let revocations = state.hub.revocations();
    // The embed page sends nothing: anything larger than a close frame is refused.
    let ws = ws
        .max_message_size(EMBED_FRAME_MAX_BYTES)
        .max_frame_size(EMBED_FRAME_MAX_BYTES)
        .read_buffer_size(EMBED_FRAME_MAX_BYTES / 4)
        .write_buffer_size(0);
    Ok(super::ws::open_socket(ws, move |socket| async move {
        let (sink, stream) = socket.split();
        let viewer = Viewer {
            embed,
            token,
            state,
            view: None,
        };
        if let Err(e) = serve(viewer, handle, None, revocations, sink, stream).await {
            tracing::debug!("embed socket ended: {e}");
        }
    }))
}

/// How many of an embed's latest changes its view keeps the frames of, for the sockets a few
/// changes behind the first; one further behind is told to read the embed again.
const RECENT_CHANGES: usize = 256;

/// One embed's view, shared by every socket following it: the board's outline as of `seq`, and
/// the frames of its latest changes, each worked out and encoded once. Sockets used to send the whole
/// embed after every change: on the 5,000-card board, 1.2 MB per page per move, and as much
/// kept by each socket's write buffer.
struct View {
    seq: u64,
    /// The board's outline (`embed::outline`).
    board: Arc<Board>,
    /// The latest changes, oldest first, each with its frame if the embed shows it.
    recent: VecDeque<(u64, Option<Utf8Bytes>)>,
    /// What the embed shows as of `seq`, gzipped, once a page has read it.
    read: Arc<OnceCell<Bytes>>,
}

/// A view as of one change, to be read over HTTP: read already, or to be written once.
enum Current {
    Read(Bytes),
    Unread {
        seq: u64,
        board: Arc<Board>,
        read: Arc<OnceCell<Bytes>>,
    },
}

/// More cards changed than this between a view's board and a newer one a socket opened on,
/// and the pages read the embed again rather than be told of each.
const JUMP_CARDS_MAX: usize = 64;

impl View {
    /// Applies the change that follows `seq` and keeps what the embed's pages are told of it.
    fn take(&mut self, event: &Published, embed: &Embed) {
        let board = Arc::make_mut(&mut self.board);
        let stamp = event.stamp();
        let msg = match event.op.target() {
            Target::Card(id) => {
                let before = embed::face(board, embed, id);
                follow_logged(board, event, &stamp);
                let face = embed::face(board, embed, id);
                (face != before).then(|| EmbedMsg::Cards {
                    seq: event.seq,
                    cards: vec![ShownCard { id, face }],
                })
            }
            // A stage's change reaches no card (only empty ones are deleted): the page reads the
            // embed again if the stages it shows changed.
            Target::Column(_) | Target::Board => {
                let before = embed::stages(board, embed);
                follow_logged(board, event, &stamp);
                let changed = embed::stages(board, embed) != before;
                changed.then_some(EmbedMsg::Reread { seq: event.seq })
            }
        };
        self.keep(event.seq, msg);
        self.seq = event.seq;
        self.read = Default::default();
    }

    /// Brings the view to a newer `board` (at `seq`) that a socket opened on. What changed in
    /// between becomes one frame at `seq`, and the changes before it none, so the sockets still
    /// behind are told once, not each told to read the whole embed again.
    fn jump(&mut self, board: &Board, seq: u64, embed: &Embed) {
        let msg = if embed::stages(&self.board, embed) != embed::stages(board, embed) {
            Some(EmbedMsg::Reread { seq })
        } else {
            let ids: BTreeSet<CardId> = self
                .board
                .cards
                .keys()
                .chain(board.cards.keys())
                .copied()
                .collect();
            let cards: Vec<ShownCard> = ids
                .into_iter()
                .filter_map(|id| {
                    let face = embed::face(board, embed, id);
                    (face != embed::face(&self.board, embed, id)).then_some(ShownCard { id, face })
                })
                .take(JUMP_CARDS_MAX + 1)
                .collect();
            match cards.len() {
                0 => None,
                n if n > JUMP_CARDS_MAX => Some(EmbedMsg::Reread { seq }),
                _ => Some(EmbedMsg::Cards { seq, cards }),
            }
        };
        // The changes in between tell nothing of their own (only the last that can be kept).
        let first = (self.seq + 1).max(seq.saturating_sub(RECENT_CHANGES as u64 - 1));
        for gap in first..seq {
            self.keep(gap, None);
        }
        self.keep(seq, msg);
        self.board = Arc::new(embed::outline(board));
        self.seq = seq;
        self.read = Default::default();
    }

    /// Keeps the frame of the change at `seq`, encoded once for every socket.
    fn keep(&mut self, seq: u64, msg: Option<EmbedMsg>) {
        let frame = msg.and_then(|msg| {
            socket::encode(&msg)
                .inspect_err(|e| tracing::error!("an embed's change does not encode: {e}"))
                .ok()
        });
        if self.recent.len() == RECENT_CHANGES {
            self.recent.pop_front();
        }
        self.recent.push_back((seq, frame));
    }
}

fn follow_logged(outline: &mut Board, event: &Published, stamp: &qadam_shared::Stamp) {
    if let Err(e) = embed::follow(outline, &event.op, stamp) {
        tracing::error!(
            seq = event.seq,
            "a logged op does not apply to an embed's outline: {e}"
        );
    }
}

/// The views of the embeds being followed, each kept while a socket holds it.
#[derive(Clone, Default)]
pub struct EmbedViews(Arc<Mutex<HashMap<EmbedId, Weak<Mutex<View>>>>>);

impl EmbedViews {
    /// The embed's view, brought to `board` (at `seq`) if that is newer.
    fn join(&self, embed: &Embed, board: Arc<Board>, seq: u64) -> Arc<Mutex<View>> {
        let found = {
            let mut views = lock(&self.0);
            views.retain(|_, view| view.strong_count() > 0);
            match views.get(&embed.id).and_then(Weak::upgrade) {
                Some(view) => view,
                None => {
                    let view = Arc::new(Mutex::new(View {
                        seq,
                        board: Arc::new(embed::outline(&board)),
                        recent: VecDeque::new(),
                        read: Default::default(),
                    }));
                    views.insert(embed.id, Arc::downgrade(&view));
                    return view;
                }
            }
        };
        // Worked out with the other embeds' views free to open.
        let mut view = lock(&found);
        if view.seq < seq {
            view.jump(&board, seq, embed);
        }
        drop(view);
        found
    }

    /// The embed's view as it stands, while sockets follow it, if it has taken the change at
    /// `seq`.
    fn current(&self, embed: &Embed, seq: u64) -> Option<Current> {
        let view = lock(&self.0).get(&embed.id).and_then(Weak::upgrade)?;
        let view = lock(&view);
        if view.seq < seq {
            return None;
        }
        // Only a read still to be written holds the board (a change meanwhile would copy it).
        Some(match view.read.get() {
            Some(body) => Current::Read(body.clone()),
            None => Current::Unread {
                seq: view.seq,
                board: view.board.clone(),
                read: view.read.clone(),
            },
        })
    }
}

/// An intranet page's view of the board: what changed of the embed's part of it; nothing comes
/// in.
struct Viewer {
    embed: Embed,
    token: String,
    state: AppState,
    /// The embed's view, once opened.
    view: Option<Arc<Mutex<View>>>,
}

/// Tells the page to read the embed (again) as of `seq`.
fn reread(seq: u64) -> Result<Frame> {
    Ok(Frame::Shared(socket::encode(&EmbedMsg::Reread { seq })?))
}

impl socket::Viewer for Viewer {
    fn opening(&mut self, opening: Opening, seq: u64) -> Result<Vec<Frame>> {
        // Followed from nothing, the opening is always the whole board.
        if let Opening::Snapshot(board) = opening {
            let views = &self.state.embed_views;
            self.view = Some(views.join(&self.embed, board, seq));
        }
        // The page reads the embed once the socket listens, so it misses no change.
        Ok(vec![reread(seq)?])
    }

    fn event(&mut self, event: &Published) -> Option<Frame> {
        let mut view = lock(self.view.as_ref()?);
        // Every socket takes each change in order and has seen the one before (or opened after
        // it), so the view is at most one behind: the first socket to take a change works it out.
        if view.seq + 1 == event.seq {
            view.take(event, &self.embed);
        }
        match view.recent.iter().rfind(|(seq, _)| *seq == event.seq) {
            Some((_, frame)) => frame.clone().map(Frame::Shared),
            None => reread(event.seq).ok(),
        }
    }

    fn concerns(&self, revoked: &Revoked) -> bool {
        matches!(revoked, Revoked::Embed(id) if *id == self.embed.id)
    }

    /// Only a revoked or expired link ends the socket; a database hiccup does not.
    async fn check(&self) -> Result<()> {
        match live_embed(&self.state, &self.token).await {
            Err(e @ Error::EmbedGone(_)) => Err(e),
            _ => Ok(()),
        }
    }

    fn next_check(&self) -> Option<tokio::time::Instant> {
        Some(tokio::time::Instant::now() + RECHECK)
    }

    /// The page asks whether the link is alive; nothing else is taken.
    async fn frame(&mut self, text: &str) -> Incoming {
        match serde_json::from_str(text) {
            Ok(ClientMsg::Ping) => Incoming::Reply(ServerMsg::Pong),
            _ => Incoming::Ignore,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use qadam_shared::{ColumnId, Op, OrderKey, apply};

    fn run(board: &mut Board, op: Op) {
        apply(board, &op, &Default::default()).unwrap();
    }

    /// Two stages, a card in the first.
    fn board() -> (Board, [ColumnId; 2], CardId) {
        let mut board = Board::new(BoardId::random(), "Energy", "Energy team");
        let columns = [ColumnId::random(), ColumnId::random()];
        for (column, position) in columns.into_iter().zip(OrderKey::sequence(None, 2)) {
            let name = "Stage".to_owned();
            run(
                &mut board,
                Op::AddColumn {
                    column,
                    name,
                    position,
                },
            );
        }
        let card = CardId::random();
        let (column, position) = (columns[0], OrderKey::first());
        let (title, description) = ("Grid".to_owned(), String::new());
        run(
            &mut board,
            Op::CreateCard {
                card,
                column,
                position,
                title,
                description,
            },
        );
        (board, columns, card)
    }

    fn told(view: &View) -> Vec<(u64, Option<EmbedMsg>)> {
        let read = |frame: &Utf8Bytes| serde_json::from_str(frame.as_str()).unwrap();
        view.recent
            .iter()
            .map(|(seq, frame)| (*seq, frame.as_ref().map(read)))
            .collect()
    }

    /// A socket opening on a board newer than its embed's view brings the view to it; the
    /// sockets still behind are told what changed in between once, at the newer board's change.
    #[test]
    fn a_view_brought_to_a_newer_board_tells_the_sockets_behind_once() {
        let (board, columns, card) = board();
        let embed = Embed::new(board.id, "Intranet".into(), 0);
        let views = EmbedViews::default();
        let view = views.join(&embed, Arc::new(board.clone()), 5);

        let mut newer = board.clone();
        let question = Some("Who pays?".to_owned());
        run(&mut newer, Op::AskDecision { card, question });
        let (column, position) = (columns[1], OrderKey::first());
        run(
            &mut newer,
            Op::MoveCard {
                card,
                column,
                position,
            },
        );
        let joined = views.join(&embed, Arc::new(newer.clone()), 8);
        assert!(Arc::ptr_eq(&view, &joined), "one view per embed");
        let face = embed::face(&newer, &embed, card);
        assert_eq!(face.as_ref().map(|f| f.column), Some(columns[1]));
        let cards = vec![ShownCard { id: card, face }];
        let view = lock(&view);
        assert_eq!(view.seq, 8);
        assert_eq!(
            told(&view),
            [
                (6, None),
                (7, None),
                (8, Some(EmbedMsg::Cards { seq: 8, cards }))
            ]
        );

        // An older board changes nothing.
        drop(view);
        views.join(&embed, Arc::new(board), 7);
        assert_eq!(lock(&joined).seq, 8);
    }

    /// An embed's read comes from its view only once the view holds the change the page was
    /// told of, and holds the board only until it is written.
    #[test]
    fn a_view_is_read_only_once_it_holds_the_change_asked_for() {
        let (board, _, _) = board();
        let embed = Embed::new(board.id, "Intranet".into(), 0);
        let views = EmbedViews::default();
        assert!(
            views.current(&embed, 0).is_none(),
            "no view while no socket follows"
        );
        let view = views.join(&embed, Arc::new(board), 5);
        assert!(
            views.current(&embed, 6).is_none(),
            "behind the change asked for"
        );
        let Some(Current::Unread { seq, read, .. }) = views.current(&embed, 5) else {
            panic!("a view not yet read");
        };
        assert_eq!(seq, 5);
        read.set(Bytes::from_static(b"written")).unwrap();
        assert!(matches!(views.current(&embed, 0), Some(Current::Read(body)) if body == "written"));
        drop(view);
        assert!(
            views.current(&embed, 0).is_none(),
            "gone with its last socket"
        );
    }

    /// A newer board whose stages differ has the pages read the embed again.
    #[test]
    fn a_view_brought_to_other_stages_has_the_pages_read_again() {
        let (board, columns, _) = board();
        let embed = Embed::new(board.id, "Intranet".into(), 0);
        let views = EmbedViews::default();
        let view = views.join(&embed, Arc::new(board.clone()), 5);
        let mut newer = board;
        let name = "Renamed".to_owned();
        run(
            &mut newer,
            Op::RenameColumn {
                column: columns[1],
                name,
            },
        );
        views.join(&embed, Arc::new(newer), 6);
        assert_eq!(told(&lock(&view)), [(6, Some(EmbedMsg::Reread { seq: 6 }))]);
    }
}
