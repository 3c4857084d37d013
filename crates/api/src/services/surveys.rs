//! Customer satisfaction surveys through a one-time public link (SPEC
//! section 6): the service desk makes a link for a resolved request; the
//! customer opens it without logging in and answers resolution, response
//! speed and attitude on 1–5 with a comment. The link's token is shown once
//! and only its digest is stored; it expires, and it works once. Sending
//! the link and the answers go on the request's timeline.

use chrono::{DateTime, TimeDelta, Utc};
use rapport_domain::lifecycle::request::Status as RequestStatus;
use rapport_domain::msg;
use rapport_domain::sla::SlaTarget;
use rapport_domain::visits::Satisfaction;
use rapport_entity::surveys;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use serde_json::json;
use uuid::Uuid;

use rapport_types::surveys::{SurveyAnswer, SurveyForm, SurveyLink};

use crate::audit::{self, Entry};
use crate::auth::tokens::{digest, random_secret};
use crate::error::ApiError;
use crate::services::requests::clocks::{self, Clocks};
use crate::services::requests::{self};
use crate::settings::Cache;

/// How long a survey link works.
const LINK_LIFETIME_DAYS: i64 = 14;

/// Makes a one-time link, at `origin` (scheme and host the caller reached),
/// for the survey of request `request_id` (404 unknown, 409 unless resolved
/// or closed), and starts the satisfaction-survey clock.
pub async fn create(
    db: &DatabaseConnection,
    settings: &Cache,
    actor: Uuid,
    request_id: Uuid,
    origin: &str,
    now: DateTime<Utc>,
) -> Result<SurveyLink, ApiError> {
    let txn = crate::db::begin(db).await?;
    let request = requests::find(&txn, request_id).await?;
    if !matches!(
        request.status,
        RequestStatus::Resolved | RequestStatus::Closed
    ) {
        return Err(ApiError::conflict(
            "illegal_transition",
            msg!(
                "a survey follows delivery; this request is `{status}`",
                status = request.status.code()
            ),
        ));
    }
    let token = random_secret();
    let expires_at = now + TimeDelta::days(LINK_LIFETIME_DAYS);
    let survey = surveys::ActiveModel {
        id: Set(Uuid::new_v4()),
        request_id: Set(request.id),
        token_digest: Set(digest(&token)),
        expires_at: Set(expires_at),
        answered_at: Set(None),
        resolution: Set(None),
        speed: Set(None),
        attitude: Set(None),
        comment: Set(None),
        created_by: Set(actor),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    Clocks::for_request(&txn, settings, &request)
        .await?
        .start(&txn, SlaTarget::SatisfactionSurvey, now)
        .await?;
    let sent = json!({"survey_id": survey.id, "expires_at": expires_at});
    requests::append_event(
        &txn,
        request.id,
        now,
        Some(actor),
        "survey_sent",
        None,
        Some(sent.clone()),
    )
    .await?;
    let entry = Entry::created(Some(actor), "survey.create", "request", request.id, &sent);
    audit::record(&txn, now, entry).await?;
    txn.commit().await?;
    let path = format!("/survey/{token}");
    Ok(SurveyLink {
        id: survey.id,
        url: format!("{origin}{path}"),
        path,
        token,
        expires_at,
    })
}

/// What the survey `token` is about, while it can be answered.
pub async fn open(
    conn: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<SurveyForm, ApiError> {
    let survey = usable(conn, token, now).await?;
    let request = requests::find(conn, survey.request_id).await?;
    Ok(SurveyForm {
        number: request.number,
        title: request.title,
        expires_at: survey.expires_at,
    })
}

/// Stores the customer's `answers` to survey `token`, once; meets the
/// satisfaction-survey clock and puts the answers on the request's timeline.
pub async fn answer(
    db: &DatabaseConnection,
    token: &str,
    answers: SurveyAnswer,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let txn = crate::db::begin(db).await?;
    let survey = usable(&txn, token, now).await?;
    let score = |answer: Satisfaction| Expr::value(i16::from(answer.value()));
    // Only the first of two racing answers finds it unanswered.
    let updated = surveys::Entity::update_many()
        .col_expr(surveys::Column::AnsweredAt, Expr::value(now))
        .col_expr(surveys::Column::Resolution, score(answers.resolution))
        .col_expr(surveys::Column::Speed, score(answers.speed))
        .col_expr(surveys::Column::Attitude, score(answers.attitude))
        .col_expr(
            surveys::Column::Comment,
            Expr::value(answers.comment.trim().to_owned()),
        )
        .filter(surveys::Column::Id.eq(survey.id))
        .filter(surveys::Column::AnsweredAt.is_null())
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(ApiError::Gone(msg!(
            "this survey has already been answered"
        )));
    }
    clocks::meet(
        &txn,
        survey.request_id,
        &[SlaTarget::SatisfactionSurvey],
        now,
    )
    .await?;
    let scores = json!({
        "survey_id": survey.id,
        "resolution": answers.resolution.value(),
        "speed": answers.speed.value(),
        "attitude": answers.attitude.value(),
    });
    // The answers on the request's timeline, where the team reads them; the
    // customer answered, so no one of the staff is the actor.
    let mut said = scores.clone();
    said["comment"] = json!(answers.comment.trim());
    requests::append_event(
        &txn,
        survey.request_id,
        now,
        None,
        "survey_answered",
        None,
        Some(said),
    )
    .await?;
    let entry = Entry::created(None, "survey.answer", "request", survey.request_id, &scores);
    audit::record(&txn, now, entry).await?;
    txn.commit().await?;
    Ok(())
}

/// The survey `token` if it can still be answered: 404 unknown, 410 used or expired.
async fn usable(
    conn: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<surveys::Model, ApiError> {
    let survey = crate::db::unique(
        conn,
        surveys::Entity::find().filter(surveys::Column::TokenDigest.eq(digest(token))),
    )
    .await?
    .ok_or(ApiError::NotFound(msg!("survey")))?;
    if survey.answered_at.is_some() {
        return Err(ApiError::Gone(msg!(
            "this survey has already been answered"
        )));
    }
    if survey.expires_at <= now {
        return Err(ApiError::Gone(msg!("this survey link has expired")));
    }
    Ok(survey)
}
