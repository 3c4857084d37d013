//! Typed clients for the Rapport API.

pub mod health;
pub mod surveys;

use gloo_net::http::Response;
use rapport_types::problem::Problem;

/// Why a call did not succeed: the server's problem+json, or no answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The server refused, with its HTTP status and what it said.
    Refused { status: u16, detail: String },
    /// The server could not be reached or answered something unreadable.
    Network(String),
}

impl From<gloo_net::Error> for Failure {
    fn from(error: gloo_net::Error) -> Failure {
        Failure::Network(error.to_string())
    }
}

/// `response` when it succeeded, else the failure its problem+json names.
async fn checked(response: Response) -> Result<Response, Failure> {
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let detail = match response.json::<Problem>().await {
        Ok(problem) => problem.detail,
        Err(_) => response.status_text(),
    };
    Err(Failure::Refused { status, detail })
}
