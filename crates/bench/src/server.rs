//! The release server as a child process on a free loopback port.

use std::fs::File;
use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::{BenchError, Context};
use crate::http::{self, Connection};

/// The administrator `seed` creates and the load logs in as.
pub const ADMIN_EMAIL: &str = "bench-admin@rapport.bench";
/// Their password (a throwaway database, never a real one).
pub const ADMIN_PASSWORD: &str = "rapport-bench-admin";

/// A running `rapport serve`.
pub struct Server {
    child: Child,
    pub address: SocketAddr,
    log: std::path::PathBuf,
}

impl Server {
    /// Starts `binary` on `database_url` and waits until it answers `/healthz`.
    pub async fn start(
        binary: &Path,
        database_url: &str,
        dir: &Path,
    ) -> Result<Server, BenchError> {
        let address = free_port()?;
        let frontend = dir.join("dist");
        std::fs::create_dir_all(&frontend).context("creating an empty frontend folder")?;
        let log = dir.join("server.log");
        let stdout = File::create(&log).context("creating the server log")?;
        let stderr = stdout.try_clone().context("sharing the server log")?;
        let child = Command::new(binary)
            .arg("serve")
            .env("RAPPORT_BIND", address.to_string())
            .env("RAPPORT_DATABASE_URL", database_url)
            .env(
                "RAPPORT_JWT_SECRET",
                "rapport-bench-secret-rapport-bench-secret",
            )
            .env("RAPPORT_FRONTEND_DIR", &frontend)
            // The seeded backlog is announced only by the scheduler phase.
            .env("RAPPORT_SCHEDULER_TICK", "off")
            .env_remove("RAPPORT_DEMO_DATA")
            .env_remove("RAPPORT_ADMIN_EMAIL")
            .env_remove("RAPPORT_ADMIN_PASSWORD")
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(stderr)
            .spawn()
            .context(format!("starting {}", binary.display()))?;
        let mut server = Server {
            child,
            address,
            log,
        };
        server.wait_ready().await?;
        Ok(server)
    }

    async fn wait_ready(&mut self) -> Result<(), BenchError> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(120) {
            if let Some(status) = self.child.try_wait().context("watching the server")? {
                return Err(BenchError::msg(format!(
                    "the server exited with {status} at start; its log:\n{}",
                    self.log_tail()
                )));
            }
            if let Ok(mut connection) = Connection::open(self.address).await {
                let request = http::request(self.address, "GET", "/healthz", "", None);
                if let Ok(response) = connection.send(&request).await
                    && response.status == 200
                {
                    return Ok(());
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(BenchError::msg(format!(
            "the server did not answer within 120 s; its log:\n{}",
            self.log_tail()
        )))
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The last lines the server logged, for error messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }

    /// The server's peak resident set (KiB) since it started or since
    /// [`Server::reset_peak_rss`].
    pub fn peak_rss_kib(&self) -> Result<u64, BenchError> {
        let path = format!("/proc/{}/status", self.pid());
        let status = std::fs::read_to_string(&path).context(format!("reading {path}"))?;
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .ok_or_else(|| BenchError::msg(format!("no VmHWM in {path}")))
    }

    /// Starts the server's peak resident set over from its current one
    /// (Linux's `clear_refs`), so that the next peak is a phase's own.
    pub fn reset_peak_rss(&self) -> Result<(), BenchError> {
        let path = format!("/proc/{}/clear_refs", self.pid());
        std::fs::write(&path, "5").context(format!("writing {path}"))
    }

    /// Stops the server.
    pub fn stop(mut self) -> Result<(), BenchError> {
        self.child.kill().context("stopping the server")?;
        self.child
            .wait()
            .context("waiting for the server to stop")?;
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // A benchmark that failed half-way must not leave a server behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<SocketAddr, BenchError> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free loopback port")?;
    listener
        .local_addr()
        .context("finding a free loopback port")
}
