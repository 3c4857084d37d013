//! The customer's survey link: `/api/v1/public/surveys/{token}`, no login.

use gloo_net::http::Request;
use serde::{Deserialize, Serialize};

use super::{Failure, checked};

/// What the customer sees before answering.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SurveyForm {
    /// The request's number, `SR-2025-000001`.
    pub number: String,
    /// The request's title.
    pub title: String,
}

/// The customer's answers, 1 (worst) to 5 (best).
#[derive(Debug, Clone, Serialize)]
pub struct SurveyAnswer {
    pub resolution: u8,
    pub speed: u8,
    pub attitude: u8,
    pub comment: String,
}

fn url(token: &str) -> String {
    format!("/api/v1/public/surveys/{token}")
}

/// The request the survey `token` is about, if it can still be answered.
pub async fn open(token: &str) -> Result<SurveyForm, Failure> {
    let response = checked(Request::get(&url(token)).send().await?).await?;
    Ok(response.json().await?)
}

/// Sends the answers to survey `token`.
pub async fn answer(token: &str, answer: &SurveyAnswer) -> Result<(), Failure> {
    checked(Request::post(&url(token)).json(answer)?.send().await?).await?;
    Ok(())
}
