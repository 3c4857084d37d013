//! A minimal HTTP/1.1 keep-alive client for loopback: one request in flight
//! per connection, bodies framed by `Content-Length` (what actix-web sends
//! for JSON). Writing it by hand keeps the load generator's cost per request
//! to a few microseconds, so it takes little CPU away from the server it
//! measures on the same two cores.

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::error::{BenchError, Context};

/// One keep-alive connection to the server.
pub struct Connection {
    stream: TcpStream,
    buffer: Vec<u8>,
}

/// A response: its status and body.
pub struct Response<'a> {
    pub status: u16,
    pub body: &'a [u8],
}

impl Connection {
    /// Opens a connection to `address`.
    pub async fn open(address: SocketAddr) -> Result<Connection, BenchError> {
        let stream = TcpStream::connect(address)
            .await
            .context(format!("connecting to {address}"))?;
        stream
            .set_nodelay(true)
            .context("setting TCP_NODELAY on the load connection")?;
        Ok(Connection {
            stream,
            buffer: Vec::with_capacity(64 * 1024),
        })
    }

    /// Sends `request` and reads the whole response.
    pub async fn send(&mut self, request: &[u8]) -> Result<Response<'_>, BenchError> {
        self.stream
            .write_all(request)
            .await
            .context("sending a request")?;
        self.buffer.clear();
        let head_end = loop {
            if let Some(end) = find(&self.buffer, b"\r\n\r\n") {
                break end + 4;
            }
            self.fill().await?;
        };
        let (status, length) = parse_head(&self.buffer[..head_end])?;
        while self.buffer.len() < head_end + length {
            self.fill().await?;
        }
        Ok(Response {
            status,
            body: &self.buffer[head_end..head_end + length],
        })
    }

    /// Sends `request` (what `what` names in an error) and reads the
    /// response, which must have `status`; its body.
    pub async fn expect(
        &mut self,
        request: &[u8],
        status: u16,
        what: &str,
    ) -> Result<&[u8], BenchError> {
        let response = self.send(request).await?;
        if response.status != status {
            return Err(BenchError::msg(format!(
                "{what} answered {}: {}",
                response.status,
                String::from_utf8_lossy(response.body)
            )));
        }
        Ok(response.body)
    }

    async fn fill(&mut self) -> Result<(), BenchError> {
        let start = self.buffer.len();
        self.buffer.resize(start + 16 * 1024, 0);
        let read = self
            .stream
            .read(&mut self.buffer[start..])
            .await
            .context("reading a response")?;
        self.buffer.truncate(start + read);
        if read == 0 {
            return Err(BenchError::msg("the server closed the connection"));
        }
        Ok(())
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// The status and `Content-Length` of a response head.
fn parse_head(head: &[u8]) -> Result<(u16, usize), BenchError> {
    let text = std::str::from_utf8(head).context("reading a response head as UTF-8")?;
    let mut lines = text.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| BenchError::msg(format!("malformed status line in {text:?}")))?;
    let mut length = 0;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if name.eq_ignore_ascii_case("content-length") {
            length = value
                .trim()
                .parse()
                .context(format!("reading Content-Length {value:?}"))?;
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            return Err(BenchError::msg(
                "the server sent a chunked response; the load client reads Content-Length only",
            ));
        }
    }
    Ok((status, length))
}

/// The bytes of a request to `address` (built once, sent as often as needed).
pub fn request(
    address: SocketAddr,
    method: &str,
    path: &str,
    token: &str,
    body: Option<&[u8]>,
) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(256 + body.map_or(0, <[u8]>::len));
    bytes.extend_from_slice(format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\n").as_bytes());
    if !token.is_empty() {
        bytes.extend_from_slice(format!("Authorization: Bearer {token}\r\n").as_bytes());
    }
    match body {
        Some(body) => {
            bytes.extend_from_slice(
                format!(
                    "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                    body.len()
                )
                .as_bytes(),
            );
            bytes.extend_from_slice(body);
        }
        None => bytes.extend_from_slice(b"\r\n"),
    }
    bytes
}
