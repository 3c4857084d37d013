//! `GET /healthz`: is the server up, and which version is it.

use gloo_net::http::Request;
pub use rapport_types::health::Health;

/// Asks the server whether it is up.
pub async fn fetch() -> Result<Health, gloo_net::Error> {
    Request::get("/healthz").send().await?.json().await
}
