//! HTTP handlers over [`crate::services::surveys`].

use crate::audit::{self, Entry};
use crate::auth::tokens::{digest, random_secret};
use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::routes::extract::Json;
use crate::routes::responses::Refused;
use crate::services::requests;
use crate::services::requests::clocks::{self, Clocks};
#[allow(unused_imports)]
use crate::services::surveys::*;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::TimeDelta;
use rapport_domain::lifecycle::request::Status as RequestStatus;
use rapport_domain::sla::SlaTarget;
use rapport_domain::visits::Satisfaction;
use rapport_entity::surveys;
use rapport_types::problem::Problem;
use rapport_types::surveys::{SurveyAnswer, SurveyForm, SurveyLink};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Registers the survey routes (the public ones need no login).
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(create).service(open).service(answer);
}

/// Make a one-time survey link for a resolved (or closed) request. Starts
/// the satisfaction-survey clock.
#[utoipa::path(
    tag = "surveys",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The request's id")),
    responses(
        (status = 201, description = "The link (shown once)", body = SurveyLink),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The request is not resolved or closed", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[post("/requests/{id}/survey")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    http: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteVisits)?;
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let request = requests::find(&txn, *id).await?;
    if !matches!(
        request.status,
        RequestStatus::Resolved | RequestStatus::Closed
    ) {
        return Err(ApiError::conflict(
            "illegal_transition",
            format!(
                "a survey follows delivery; this request is `{}`",
                request.status.code()
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
        created_by: Set(caller.id),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    Clocks::for_request(&txn, &state.settings, &request)
        .await?
        .start(&txn, SlaTarget::SatisfactionSurvey, now)
        .await?;
    requests::append_event(
        &txn,
        request.id,
        now,
        Some(caller.id),
        "survey_sent",
        None,
        Some(serde_json::json!({"survey_id": survey.id, "expires_at": expires_at})),
    )
    .await?;
    audit::record(
        &txn,
        now,
        Entry {
            actor: Some(caller.id),
            action: "survey.create",
            entity_type: "request",
            entity_id: request.id.to_string(),
            before: None,
            after: Some(serde_json::json!({"survey_id": survey.id, "expires_at": expires_at})),
        },
    )
    .await?;
    txn.commit().await?;
    let path = format!("/survey/{token}");
    let address = http.connection_info();
    Ok(HttpResponse::Created().json(SurveyLink {
        id: survey.id,
        url: format!("{}://{}{path}", address.scheme(), address.host()),
        path,
        token,
        expires_at,
    }))
}

/// Open a survey link (no login).
#[utoipa::path(
    tag = "surveys",
    params(("token" = String, Path, description = "The token from the link")),
    responses(
        (status = 200, description = "The request the survey is about", body = SurveyForm),
        (status = 404, description = "No such survey", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Already answered or expired", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/public/surveys/{token}")]
pub async fn open(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let survey = usable(&state.db, &token, state.clock.now()).await?;
    let request = requests::find(&state.db, survey.request_id).await?;
    Ok(HttpResponse::Ok().json(SurveyForm {
        number: request.number,
        title: request.title,
        expires_at: survey.expires_at,
    }))
}

/// Answer a survey (no login; once).
#[utoipa::path(
    tag = "surveys",
    params(("token" = String, Path, description = "The token from the link")),
    request_body = SurveyAnswer,
    responses(
        (status = 204, description = "Thank you"),
        (status = 400, description = "Malformed body or a score outside 1–5", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such survey", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Already answered or expired", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Comment too long", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/public/surveys/{token}")]
pub async fn answer(
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: Json<SurveyAnswer>,
) -> Result<HttpResponse, ApiError> {
    let answers = body.0;
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let survey = usable(&txn, &token, now).await?;
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
        return Err(ApiError::Gone("this survey has already been answered"));
    }
    clocks::meet(
        &txn,
        survey.request_id,
        &[SlaTarget::SatisfactionSurvey],
        now,
    )
    .await?;
    // The answers on the request's timeline, where the team reads them; the
    // customer answered, so no one of the staff is the actor.
    requests::append_event(
        &txn,
        survey.request_id,
        now,
        None,
        "survey_answered",
        None,
        Some(serde_json::json!({
            "survey_id": survey.id,
            "resolution": answers.resolution.value(),
            "speed": answers.speed.value(),
            "attitude": answers.attitude.value(),
            "comment": answers.comment.trim(),
        })),
    )
    .await?;
    audit::record(
        &txn,
        now,
        Entry {
            actor: None,
            action: "survey.answer",
            entity_type: "request",
            entity_id: survey.request_id.to_string(),
            before: None,
            after: Some(serde_json::json!({
                "survey_id": survey.id,
                "resolution": answers.resolution.value(),
                "speed": answers.speed.value(),
                "attitude": answers.attitude.value(),
            })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
