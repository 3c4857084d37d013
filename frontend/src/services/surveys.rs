//! The customer's survey link: `/api/v1/public/surveys/{token}`, no login.

use gloo_net::http::Request;
pub use rapport_types::surveys::{SurveyAnswer, SurveyForm};

use super::{Failure, checked};

fn url(token: &str) -> String {
    format!("/api/v1/public/surveys/{token}")
}

/// The request the survey `token` is about, if it can still be answered.
pub async fn open(token: &str) -> Result<SurveyForm, Failure> {
    let request = Request::get(&url(token)).header("accept-language", super::language());
    let response = checked(request.send().await?).await?;
    Ok(response.json().await?)
}

/// Sends the answers to survey `token`.
pub async fn answer(token: &str, answer: &SurveyAnswer) -> Result<(), Failure> {
    let request = Request::post(&url(token)).header("accept-language", super::language());
    checked(request.json(answer)?.send().await?).await?;
    Ok(())
}
