//! Customer satisfaction surveys through a one-time public link (SPEC
//! section 6): the service desk makes a link for a resolved request; the
//! customer opens it without logging in and answers resolution, response
//! speed and attitude on 1–5 with a comment. The link's token is shown once
//! and only its digest is stored; it expires, and it works once. Sending
//! the link and the answers go on the request's timeline.

use chrono::{DateTime, Utc};
use rapport_entity::surveys;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::auth::tokens::digest;
use crate::error::ApiError;

/// How long a survey link works.
pub const LINK_LIFETIME_DAYS: i64 = 14;

/// The survey `token` if it can still be answered: 404 unknown, 410 used or expired.
pub async fn usable(
    conn: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<surveys::Model, ApiError> {
    let survey = crate::db::unique(
        conn,
        surveys::Entity::find().filter(surveys::Column::TokenDigest.eq(digest(token))),
    )
    .await?
    .ok_or(ApiError::NotFound("survey"))?;
    if survey.answered_at.is_some() {
        return Err(ApiError::Gone("this survey has already been answered"));
    }
    if survey.expires_at <= now {
        return Err(ApiError::Gone("this survey link has expired"));
    }
    Ok(survey)
}
