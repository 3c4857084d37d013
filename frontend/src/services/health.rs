//! `GET /healthz`: is the server up, and which version is it.

use gloo_net::http::Request;
use serde::Deserialize;

/// The server's answer to a health check.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Health {
    /// `ok` when the server and its database answer.
    pub status: String,
    /// The server's release version.
    pub version: String,
}

/// Asks the server whether it is up.
pub async fn fetch() -> Result<Health, gloo_net::Error> {
    Request::get("/healthz").send().await?.json().await
}
