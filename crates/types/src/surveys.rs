//! Satisfaction survey links and the customer's answers.

use chrono::{DateTime, Utc};
use rapport_domain::visits::Satisfaction;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// A survey link, shown once.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyLink {
    /// The survey's id.
    pub id: Uuid,
    /// The link to send the customer: this server's address as the caller
    /// reached it (a proxy's `Forwarded` or `X-Forwarded-Host`/`-Proto`
    /// headers included) followed by `path`.
    pub url: String,
    /// The page's path in the app, `/survey/{token}`.
    pub path: String,
    /// The secret token in the path; it is not stored and cannot be shown again.
    pub token: String,
    /// Until when the link works.
    pub expires_at: DateTime<Utc>,
}

/// What the customer sees before answering.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyForm {
    /// The request's number.
    pub number: String,
    /// The request's title.
    pub title: String,
    /// Until when the link works.
    pub expires_at: DateTime<Utc>,
}

/// The customer's answers, 1 (worst) to 5 (best).
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SurveyAnswer {
    /// Was the problem solved?
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 5))]
    pub resolution: Satisfaction,
    /// How fast did we respond?
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 5))]
    pub speed: Satisfaction,
    /// How was our attitude?
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 5))]
    pub attitude: Satisfaction,
    /// Anything else.
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub comment: String,
}
