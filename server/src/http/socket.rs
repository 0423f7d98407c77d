//! The loop every board socket runs, a member's and an embed's alike: it frames what the board
//! task and the viewer give it. The viewer decides what is shown and who may go on; the board
//! task (`sync`) decides where a follower starts and serves what a slow one missed.

use crate::error::{Error, Result};
use crate::prometheus;
use crate::sync::{BoardHandle, Following, Listener, Opening, Outcome, Published, Revoked};
use axum::extract::ws::{Message, Utf8Bytes};
use futures_util::stream::FuturesUnordered;
use futures_util::{FutureExt, Sink, SinkExt, Stream, StreamExt};
use qadam_shared::authority::Author;
use qadam_shared::limits::FRAME_MAX_BYTES;
use qadam_shared::{ClientOpId, Op, ServerMsg};
use std::time::Duration;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};
use tokio::time::Instant;

/// What the browser's frame asks for.
pub enum Incoming {
    /// An operation to commit.
    Submit(ClientOpId, Op, Author),
    /// An answer for the sender alone.
    Reply(ServerMsg),
    /// The viewer may not go on: this error ends the socket.
    End(Error),
    Ignore,
}

/// A frame to send: a message of this socket's own, or one shared by every socket of the board.
pub enum Frame {
    Own(ServerMsg),
    Shared(Utf8Bytes),
}

/// Who is watching through a socket, and what they see of the board.
pub trait Viewer {
    /// The first frames, from where the follower starts; an error ends the socket with it.
    fn opening(&mut self, opening: Opening, seq: u64) -> Result<Vec<Frame>>;
    /// The frame for a committed event, if the viewer sees one.
    fn event(&mut self, event: &Published) -> Option<Frame>;
    /// Whether a revocation may concern this viewer.
    fn concerns(&self, revoked: &Revoked) -> bool;
    /// Whether the viewer may still watch; an error ends the socket with it.
    async fn check(&self) -> Result<()>;
    /// When access is next checked without a revocation (a session, a token or an embed link
    /// expires, which announces nothing), if ever.
    fn next_check(&self) -> Option<Instant>;
    /// A frame from the browser.
    async fn frame(&mut self, text: &str) -> Incoming;
}

/// Runs a socket until the client leaves or the viewer may no longer watch. Generic over the
/// socket halves so it runs on any transport.
pub async fn serve<V, Si, St, E>(
    mut viewer: V,
    board: BoardHandle,
    since: Option<u64>,
    mut revocations: Listener,
    mut sink: Si,
    mut stream: St,
) -> Result<()>
where
    V: Viewer,
    Si: Sink<Message> + Unpin,
    Si::Error: std::fmt::Display,
    St: Stream<Item = std::result::Result<Message, E>> + Unpin,
{
    let Following {
        opening,
        seq,
        mut events,
    } = board.follow(since).await?;
    let opening = match viewer.opening(opening, seq) {
        Ok(opening) => opening,
        Err(e) => return farewell(&mut sink, Some(e)).await,
    };
    let mut batch = Batch::default();
    for frame in opening {
        batch.add(&mut sink, frame, None).await?;
    }
    batch.write(&mut sink).await?;
    let mut sent = seq;
    // One timer for the socket's life, moved on after each check: the loop turns once per
    // event sent, and a timer made on each turn cost every viewer's fan-out.
    let mut next_check = viewer.next_check();
    let mut check = std::pin::pin!(tokio::time::sleep_until(
        next_check.unwrap_or_else(Instant::now)
    ));
    let mut in_flight = FuturesUnordered::new();
    let ended = 'serving: loop {
        tokio::select! {
            // A revocation waiting is taken before a frame that came after it: a sign-out or a
            // role change applies to the next operation. What the board committed and the
            // answers owed go out before the next frame is read: a long queue sent at once
            // (a browser back online) commits and is answered while the person's rate limit
            // lets the rest in, instead of waiting, unsubmitted and unanswered, until the
            // socket falls quiet.
            biased;
            revocation = revocations.recv() => {
                if revocation.concerns(|revoked| viewer.concerns(revoked))
                    && let Err(e) = viewer.check().await
                {
                    break Some(e);
                }
            }
            () = async {
                match next_check {
                    Some(_) => check.as_mut().await,
                    None => std::future::pending().await,
                }
            } => {
                if let Err(e) = viewer.check().await {
                    break Some(e);
                }
                next_check = viewer.next_check();
                if let Some(at) = next_check {
                    check.as_mut().reset(at);
                }
            }
            event = events.recv() => {
                // What else the board committed meanwhile goes in the same write: one system
                // call for a batch of moves, not one per move.
                let mut next = Some(event);
                while let Some(event) = next.take() {
                    match event {
                        Ok(event) => {
                            if event.seq > sent {
                                sent = event.seq;
                                if let Some(frame) = viewer.event(&event) {
                                    batch.add(&mut sink, frame, Some(event.published())).await?;
                                }
                            }
                        }
                        Err(RecvError::Lagged(_)) => {
                            // Too slow for the live stream: what was missed comes from the log,
                            // unless it is too much to hold; then the browser reconnects and
                            // starts from a snapshot.
                            let Some(missed) = board.missed(sent).await? else {
                                break 'serving Some(Error::FallenBehind);
                            };
                            for event in missed {
                                if event.seq > sent {
                                    sent = event.seq;
                                    if let Some(frame) = viewer.event(&Published::new(event)) {
                                        batch.add(&mut sink, frame, None).await?;
                                    }
                                }
                            }
                        }
                        // The board's task stopped (its database failed): the client reconnects
                        // to a fresh one.
                        Err(RecvError::Closed) => {
                            break 'serving Some(Error::Unavailable("the board is being reloaded".into()));
                        }
                    }
                    next = match events.try_recv() {
                        Ok(event) => Some(Ok(event)),
                        Err(TryRecvError::Lagged(n)) => Some(Err(RecvError::Lagged(n))),
                        Err(TryRecvError::Empty | TryRecvError::Closed) => None,
                    };
                }
                batch.write(&mut sink).await?;
            }
            Some((id, outcome)) = in_flight.next(), if !in_flight.is_empty() => match outcome {
                // Everyone, the sender included, sees the commit on the live stream.
                Ok(Outcome::Committed(_)) => {}
                Ok(Outcome::Duplicate(seq)) => send(&mut sink, &ServerMsg::Ack { id, seq }).await?,
                Ok(Outcome::Rejected(rejection)) => {
                    send(&mut sink, &ServerMsg::Rejected { id, rejection }).await?;
                }
                // Not committed. The client keeps the operation; closing makes it reconnect and
                // send it again.
                Err(e) => break Some(e),
            },
            frame = stream.next() => {
                let text = match frame {
                    None | Some(Err(_)) | Some(Ok(Message::Close(_))) => break None,
                    Some(Ok(Message::Text(text))) => text,
                    Some(Ok(Message::Binary(_))) => {
                        send(&mut sink, &protocol_error("binary_frame", "frames are JSON text")).await?;
                        continue;
                    }
                    Some(Ok(_)) => continue,
                };
                if text.len() > FRAME_MAX_BYTES {
                    let message = format!("a frame holds at most {FRAME_MAX_BYTES} bytes");
                    send(&mut sink, &protocol_error("frame_too_large", &message)).await?;
                    continue;
                }
                match viewer.frame(&text).await {
                    // Handed to the board's task now, in the order the frames came.
                    Incoming::Submit(id, op, author) => match board.hand_in(id, op, author).await {
                        Ok(answer) => in_flight.push(async move { (id, answer.await) }),
                        Err(e) => break Some(e),
                    },
                    Incoming::Reply(msg) => send(&mut sink, &msg).await?,
                    Incoming::End(e) => break Some(e),
                    Incoming::Ignore => {}
                }
            }
        }
    };
    farewell(&mut sink, ended).await
}

/// Why the socket ends, if the server ends it, then goodbye; briefly, since a client that
/// stopped reading takes neither.
async fn farewell<Si>(sink: &mut Si, ended: Option<Error>) -> Result<()>
where
    Si: Sink<Message> + Unpin,
    Si::Error: std::fmt::Display,
{
    if let Some(e) = ended {
        let why = protocol_error(e.code(), &e.body().message);
        send_within(sink, &why, FAREWELL_TIMEOUT).await?;
    }
    let _ = tokio::time::timeout(FAREWELL_TIMEOUT, sink.send(Message::Close(None))).await;
    Ok(())
}

pub fn protocol_error(code: &str, message: &str) -> ServerMsg {
    ServerMsg::Error {
        code: code.to_owned(),
        message: message.to_owned(),
    }
}

/// How long a frame may wait for a client that does not read (its buffers full) before the
/// socket is given up: one stuck viewer must not hold memory and a task forever.
const SEND_TIMEOUT: Duration = Duration::from_secs(20);
/// How long the last frames (why, and close) may wait.
const FAREWELL_TIMEOUT: Duration = Duration::from_secs(1);

async fn send<Si>(sink: &mut Si, msg: &ServerMsg) -> Result<()>
where
    Si: Sink<Message> + Unpin,
    Si::Error: std::fmt::Display,
{
    send_within(sink, msg, SEND_TIMEOUT).await
}

/// Most frames written together; a viewer far behind is sent its catch-up in writes of this
/// many, so no socket's buffer grows to a whole backlog.
const FRAMES_PER_WRITE: usize = 64;

/// Frames waiting to be written to a socket together, and when the oldest live event among
/// them was published.
#[derive(Default)]
struct Batch {
    frames: Vec<Message>,
    oldest: Option<std::time::Instant>,
}

impl Batch {
    /// Adds a frame (of a live event published at `published`); a full batch is written at once.
    async fn add<Si>(
        &mut self,
        sink: &mut Si,
        frame: Frame,
        published: Option<std::time::Instant>,
    ) -> Result<()>
    where
        Si: Sink<Message> + Unpin,
        Si::Error: std::fmt::Display,
    {
        let text = match frame {
            Frame::Own(msg) => encode(&msg)?,
            Frame::Shared(text) => text,
        };
        self.frames.push(Message::Text(text));
        if let Some(published) = published {
            self.oldest.get_or_insert(published);
        }
        if self.frames.len() >= FRAMES_PER_WRITE {
            self.write(sink).await?;
        }
        Ok(())
    }

    /// Writes the frames waiting, in one system call, within the time a write may take.
    async fn write<Si>(&mut self, sink: &mut Si) -> Result<()>
    where
        Si: Sink<Message> + Unpin,
        Si::Error: std::fmt::Display,
    {
        if self.frames.is_empty() {
            return Ok(());
        }
        let frames = self.frames.drain(..);
        within(SEND_TIMEOUT, async move {
            for frame in frames {
                sink.feed(frame).await?;
            }
            sink.flush().await
        })
        .await?;
        if let Some(oldest) = self.oldest.take() {
            metrics::histogram!(prometheus::FAN_OUT_SECONDS).record(oldest.elapsed());
        }
        Ok(())
    }
}

async fn send_within<Si>(sink: &mut Si, msg: &ServerMsg, limit: Duration) -> Result<()>
where
    Si: Sink<Message> + Unpin,
    Si::Error: std::fmt::Display,
{
    within(limit, sink.send(Message::Text(encode(msg)?))).await
}

/// A message of the socket's own as a text frame.
pub(super) fn encode(msg: &impl serde::Serialize) -> Result<Utf8Bytes> {
    Ok(serde_json::to_string(msg)
        .map_err(anyhow::Error::from)?
        .into())
}

/// A write to a client that does not read in `limit` gives it up as fallen behind. Most writes
/// finish at once (the socket's buffer has room): they read no clock and make no timer, which a
/// board's fan-out did once per viewer for every event.
async fn within<E: std::fmt::Display>(
    limit: Duration,
    write: impl Future<Output = std::result::Result<(), E>>,
) -> Result<()> {
    let mut write = std::pin::pin!(write);
    let sent = match write.as_mut().now_or_never() {
        Some(sent) => sent,
        None => match tokio::time::timeout(limit, write).await {
            Ok(sent) => sent,
            Err(_) => return Err(Error::FallenBehind),
        },
    };
    sent.map_err(|e| Error::from(anyhow::anyhow!("sending: {e}")))
}
