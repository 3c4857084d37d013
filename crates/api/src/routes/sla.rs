//! HTTP handlers over [`crate::services::sla`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::routes::extract::Json;
use crate::routes::responses::{BadBody, Refused, Stale, Unauthenticated};
use crate::services::sla as service;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, put, web};
use rapport_types::problem::Problem;
use rapport_types::sla::{Policy, PolicyChanges, PreviewRequest, PreviewResponse};
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the SLA routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(get_policy).service(put_policy).service(preview);
}

/// The SLA policy (the default table of SPEC section 3 until an admin changes it).
#[utoipa::path(
    tag = "sla",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The policy, one clock per target", body = Policy),
        Unauthenticated
    )
)]
#[get("/sla/policy")]
pub async fn get_policy(
    state: web::Data<AppState>,
    _caller: Caller,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::get(&state.db).await?))
}

/// Change the clocks of some targets (admins only).
#[utoipa::path(
    tag = "sla",
    security(("bearer" = [])),
    request_body = PolicyChanges,
    responses(
        (status = 200, description = "The changed policy", body = Policy),
        (status = 400, description = "Malformed body or unknown target", body = Problem, content_type = "application/problem+json"),
        Stale,
        (status = 422, description = "An amount out of range", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[put("/sla/policy")]
pub async fn put_policy(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<PolicyChanges>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ConfigureService)?;
    let policy = service::update(&state, caller.id, body.0).await?;
    Ok(HttpResponse::Ok().json(policy))
}

/// When a clock started at `start` falls due, given its pauses, on the
/// organisation's calendar or a named one.
#[utoipa::path(
    tag = "sla",
    security(("bearer" = [])),
    request_body = PreviewRequest,
    responses(
        (status = 200, description = "The deadline", body = PreviewResponse),
        (status = 422, description = "Amount out of range, a pause ending before it begins, or an unknown calendar", body = Problem, content_type = "application/problem+json"),
        Unauthenticated,
        BadBody
    )
)]
#[post("/sla/preview")]
pub async fn preview(
    state: web::Data<AppState>,
    _caller: Caller,
    body: Json<PreviewRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::preview(&state.db, body.0).await?))
}
