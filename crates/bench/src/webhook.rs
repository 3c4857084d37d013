//! Intake with a webhook (issue 15): an active endpoint subscribed to
//! `request.created`, served by a tiny receiver here that answers 200 to
//! every POST, while the intake phase runs again. Every intake then writes
//! its event and delivery in its batch and the server's worker POSTs each
//! one; intake must stay at 1,000/s or more. Afterwards the phase waits for
//! the receiver to have everything and says how long that took.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rand::rngs::SmallRng;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::args::Args;
use crate::error::{BenchError, Context};
use crate::http::{self, Connection};
use crate::load::{Phase, intake_body, login, run_phase};
use crate::seed::Seeded;
use crate::server::Server;

/// What intake must keep with the webhook on (issue 15).
const MIN_PER_SECOND: f64 = 1_000.0;
/// The longest the phase waits for the receiver to have every event.
const MAX_DRAIN: Duration = Duration::from_secs(120);

/// Runs the phase against `server`.
pub async fn measure(server: &Server, seeded: &Seeded, args: &Args) -> Result<Phase, BenchError> {
    let address = server.address;
    let received = Arc::new(AtomicU64::new(0));
    let url = receive(Arc::clone(&received)).await?;
    let token = login(address).await?;
    let endpoint = register(address, &token, &url).await?;

    let customers = Arc::new(seeded.customer_ids.clone());
    let intake_token = token.clone();
    let measured = run_phase(
        "intake + webhook",
        address,
        args,
        move |rng: &mut SmallRng| {
            let body = intake_body(rng, &customers);
            http::request(
                address,
                "POST",
                "/api/v1/requests",
                &intake_token,
                Some(body.as_bytes()),
            )
        },
    )
    .await;
    let Drain {
        at_stop,
        last,
        after,
    } = drain(&received).await;
    // A kept database must not keep an endpoint whose receiver is gone,
    // whether or not the phase went through: its deliveries would wait
    // for a day in every later run.
    unregister(address, &token, &endpoint).await?;
    let phase = measured?;
    let verdict = if phase.per_second >= MIN_PER_SECOND {
        "ok"
    } else {
        "BELOW TARGET"
    };
    println!(
        "  intake + webhook: {:.0}/s (target >= {MIN_PER_SECOND:.0}/s): {verdict}; the receiver \
         had {at_stop} events when intake stopped, {last} {:.1} s later",
        phase.per_second,
        after.as_secs_f64()
    );
    Ok(phase)
}

/// What the receiver had when intake stopped, and once it stopped getting
/// more.
struct Drain {
    at_stop: u64,
    last: u64,
    after: Duration,
}

/// Waits until `received` stops moving for two seconds (at most
/// [`MAX_DRAIN`]).
async fn drain(received: &AtomicU64) -> Drain {
    let stopped = Instant::now();
    let at_stop = received.load(Ordering::Relaxed);
    let (mut last, mut still_since) = (at_stop, Instant::now());
    while stopped.elapsed() < MAX_DRAIN && still_since.elapsed() < Duration::from_secs(2) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let now = received.load(Ordering::Relaxed);
        if now != last {
            (last, still_since) = (now, Instant::now());
        }
    }
    Drain {
        at_stop,
        last,
        after: still_since.duration_since(stopped),
    }
}

/// Registers the receiver at `url` for `request.created`; the endpoint's id.
async fn register(
    address: std::net::SocketAddr,
    token: &str,
    url: &str,
) -> Result<String, BenchError> {
    let body = serde_json::json!({"url": url, "events": ["request.created"],
        "description": "rapport-bench receiver"})
    .to_string();
    let request = http::request(
        address,
        "POST",
        "/api/v1/webhooks",
        token,
        Some(body.as_bytes()),
    );
    let mut connection = Connection::open(address).await?;
    let answer = connection
        .expect(&request, 201, "registering the webhook")
        .await?;
    let endpoint: serde_json::Value =
        serde_json::from_slice(answer).context("reading the registered webhook")?;
    endpoint["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| BenchError::msg("the registered webhook has no id"))
}

/// Deletes the endpoint `id`.
async fn unregister(
    address: std::net::SocketAddr,
    token: &str,
    id: &str,
) -> Result<(), BenchError> {
    let path = format!("/api/v1/webhooks/{id}");
    let request = http::request(address, "DELETE", &path, token, None);
    let mut connection = Connection::open(address).await?;
    connection
        .expect(&request, 204, "deleting the webhook")
        .await?;
    Ok(())
}

/// Starts the receiver; its URL. Each POST adds one to `received`.
async fn receive(received: Arc<AtomicU64>) -> Result<String, BenchError> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .context("binding the webhook receiver")?;
    let address = listener
        .local_addr()
        .context("reading the webhook receiver's address")?;
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(answer(stream, Arc::clone(&received)));
        }
    });
    Ok(format!("http://{address}/rapport"))
}

/// Answers every request on `stream` with 200 (keep-alive).
async fn answer(mut stream: TcpStream, received: Arc<AtomicU64>) {
    let mut buffer = Vec::with_capacity(16 * 1024);
    let mut chunk = vec![0u8; 16 * 1024];
    loop {
        let head_end = loop {
            if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buffer[..head_end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .and_then(|value| value.trim().parse().ok())
            .unwrap_or(0);
        while buffer.len() < head_end + length {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
        buffer.drain(..head_end + length);
        received.fetch_add(1, Ordering::Relaxed);
        if stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
            .await
            .is_err()
        {
            return;
        }
    }
}
