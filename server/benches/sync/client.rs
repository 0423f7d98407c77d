//! The bench's WebSocket client: a real socket speaking RFC 6455 to the server, reading every
//! frame it is sent, but parsing no more of a frame than the figure it times needs.
//!
//! The clients run on the server's two cores. A general-purpose client (tokio-tungstenite) spent
//! about as much CPU per frame as the server did to send it, and 64 such clients, each reading
//! everyone's moves, used more than a core: that was counted against the server. Browsers do
//! that work on their own machines.

use nix::sys::socket::{ControlMessageOwned, MsgFlags, recvmsg, setsockopt, sockopt};
use std::io::IoSliceMut;
use std::net::SocketAddr;
use std::ops::Range;
use std::os::fd::AsRawFd;
use std::time::{Duration, SystemTime};
use tokio::io::{AsyncReadExt, AsyncWriteExt, Interest};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};

/// What a reader holds to begin with; it grows to the largest frame read.
const READ_BUFFER: usize = 4 * 1024;

/// Opens a WebSocket at `path` (with its query) as the person whose session `cookie` holds.
pub async fn open(addr: SocketAddr, path: &str, cookie: &str) -> anyhow::Result<(Reader, Writer)> {
    let mut stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\
         Cookie: {cookie}\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await?;
    let (read, write) = stream.into_split();
    let mut reader = Reader {
        stream: read,
        buf: vec![0; READ_BUFFER],
        start: 0,
        end: 0,
        stamped: false,
        arrived: None,
    };
    let head_end = loop {
        if let Some(at) = reader.buffered().windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        anyhow::ensure!(
            reader.fill().await? > 0,
            "the server closed during the handshake"
        );
    };
    let head = String::from_utf8_lossy(&reader.buffered()[..head_end]).into_owned();
    anyhow::ensure!(
        head.starts_with("HTTP/1.1 101"),
        "the server refused: {head}"
    );
    reader.start += head_end;
    let writer = Writer {
        stream: write,
        frame: Vec::new(),
        mask: (std::process::id() ^ u32::from(addr.port())) | 1,
    };
    Ok((reader, writer))
}

/// The receiving half: frames are cut out of one buffer, not copied out of it.
pub struct Reader {
    stream: OwnedReadHalf,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    /// Whether the kernel stamps what arrives (`stamp_arrivals`).
    stamped: bool,
    /// The kernel's stamp of the latest packet read, if it came with one.
    arrived: Option<SystemTime>,
}

impl Reader {
    /// Has the kernel stamp each packet with the time it reached this socket: a viewer that is
    /// slow to read (its thread waiting for a core) still sees when the server's frame arrived.
    pub fn stamp_arrivals(&mut self) -> anyhow::Result<()> {
        setsockopt(self.stream.as_ref(), sockopt::ReceiveTimestampns, &true)?;
        self.stamped = true;
        Ok(())
    }

    /// When the frame last returned had arrived, if arrivals are stamped: the stamp of the
    /// latest packet read, which came with the frame's last bytes or after them.
    pub fn arrived(&self) -> Option<SystemTime> {
        self.arrived
    }

    /// The next text frame; None once the server closed the socket.
    pub async fn text(&mut self) -> anyhow::Result<Option<&str>> {
        let payload = loop {
            match frame(self.buffered())? {
                Some(Frame {
                    opcode,
                    payload,
                    len,
                }) => {
                    let at = self.start;
                    self.start += len;
                    match opcode {
                        TEXT => break at + payload.start..at + payload.end,
                        CLOSE => return Ok(None),
                        // Binary, ping and pong: the server sends none of them to a board socket.
                        _ => continue,
                    }
                }
                None => {
                    if self.fill().await? == 0 {
                        return Ok(None);
                    }
                }
            }
        };
        Ok(Some(std::str::from_utf8(&self.buf[payload])?))
    }

    fn buffered(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }

    /// Reads more, first moving what is buffered to the front (and growing the buffer when a
    /// frame fills it); how many bytes came.
    async fn fill(&mut self) -> anyhow::Result<usize> {
        self.buf.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        if self.end == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        let n = if self.stamped {
            self.read_stamped().await?
        } else {
            self.stream.read(&mut self.buf[self.end..]).await?
        };
        self.end += n;
        Ok(n)
    }

    /// Reads into the free end of the buffer with the kernel's stamp of the latest packet.
    async fn read_stamped(&mut self) -> anyhow::Result<usize> {
        let stream: &TcpStream = self.stream.as_ref();
        loop {
            stream.readable().await?;
            let read = stream.try_io(Interest::READABLE, || {
                let mut into = [IoSliceMut::new(&mut self.buf[self.end..])];
                let mut space = nix::cmsg_space!(nix::sys::time::TimeSpec);
                let msg = recvmsg::<()>(
                    stream.as_raw_fd(),
                    &mut into,
                    Some(&mut space[..]),
                    MsgFlags::MSG_DONTWAIT,
                )?;
                let stamp = msg.cmsgs()?.find_map(|c| match c {
                    ControlMessageOwned::ScmTimestampns(t) => Some(t),
                    _ => None,
                });
                Ok((msg.bytes, stamp))
            });
            match read {
                Ok((n, stamp)) => {
                    self.arrived = stamp.map(|t| {
                        SystemTime::UNIX_EPOCH
                            + Duration::new(t.tv_sec() as u64, t.tv_nsec() as u32)
                    });
                    return Ok(n);
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }
}

/// The sending half. Dropped, it ends the socket (the server sees the client leave).
pub struct Writer {
    stream: OwnedWriteHalf,
    frame: Vec<u8>,
    /// Each frame's masking key, as RFC 6455 asks of a client (the server refuses unmasked frames).
    mask: u32,
}

impl Writer {
    /// Sends `text` as one masked text frame.
    pub async fn text(&mut self, text: &str) -> anyhow::Result<()> {
        // xorshift: a different key for each frame.
        self.mask ^= self.mask << 13;
        self.mask ^= self.mask >> 17;
        self.mask ^= self.mask << 5;
        let key = self.mask.to_be_bytes();
        let len = text.len();
        self.frame.clear();
        self.frame.push(0x80 | TEXT);
        match len {
            0..=125 => self.frame.push(0x80 | len as u8),
            126..=0xffff => {
                self.frame.push(0x80 | 126);
                self.frame.extend_from_slice(&(len as u16).to_be_bytes());
            }
            _ => {
                self.frame.push(0x80 | 127);
                self.frame.extend_from_slice(&(len as u64).to_be_bytes());
            }
        }
        self.frame.extend_from_slice(&key);
        self.frame
            .extend(text.bytes().zip(key.iter().cycle()).map(|(b, k)| b ^ k));
        self.stream.write_all(&self.frame).await?;
        Ok(())
    }
}

const TEXT: u8 = 0x1;
const CLOSE: u8 = 0x8;

/// A whole frame at the front of a buffer: its opcode, where its payload lies and its length.
struct Frame {
    opcode: u8,
    payload: Range<usize>,
    len: usize,
}

/// The frame at the front of `bytes`, if all of it has arrived.
fn frame(bytes: &[u8]) -> anyhow::Result<Option<Frame>> {
    let [first, second, ..] = *bytes else {
        return Ok(None);
    };
    anyhow::ensure!(
        first & 0x80 != 0,
        "a fragmented frame: the server sends whole ones"
    );
    anyhow::ensure!(second & 0x80 == 0, "a masked frame from the server");
    let (len, head) = match second & 0x7f {
        126 => match bytes.get(2..4) {
            Some(b) => (u16::from_be_bytes([b[0], b[1]]) as usize, 4),
            None => return Ok(None),
        },
        127 => match bytes.get(2..10) {
            Some(b) => (u64::from_be_bytes(b.try_into()?) as usize, 10),
            None => return Ok(None),
        },
        n => (n as usize, 2),
    };
    if bytes.len() < head + len {
        return Ok(None);
    }
    Ok(Some(Frame {
        opcode: first & 0x0f,
        payload: head..head + len,
        len: head + len,
    }))
}
