//! HTTP handlers over [`crate::services::surveys`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::routes::extract::Json;
use crate::routes::responses::{MalformedId, Refused};
use crate::services::surveys as service;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use rapport_types::problem::Problem;
use rapport_types::surveys::{SurveyAnswer, SurveyForm, SurveyLink};
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
        MalformedId,
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
    // The link holds this server's address as the caller reached it.
    let origin = {
        let address = http.connection_info();
        format!("{}://{}", address.scheme(), address.host())
    };
    let link = service::create(&state.db, &state.settings, caller.id, *id, &origin, now).await?;
    Ok(HttpResponse::Created().json(link))
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
    let form = service::open(&state.db, &token, state.clock.now()).await?;
    Ok(HttpResponse::Ok().json(form))
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
    service::answer(&state.db, &token, body.0, state.clock.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
