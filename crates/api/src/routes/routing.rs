//! HTTP handlers over [`crate::services::routing`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::routes::extract::Json;
use crate::routes::responses::{BadBody, Refused, Stale, Unauthenticated};
use crate::services::routing as service;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, put, web};
use rapport_types::problem::Problem;
use rapport_types::routing::{PreviewRequest, PreviewResponse, RuleChanges, RuleList};
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routing routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(get_rules).service(put_rules).service(preview);
}

/// The routing rules in force.
#[utoipa::path(
    tag = "routing",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The rules; version 0 while they are the defaults", body = RuleList),
        Unauthenticated
    )
)]
#[get("/routing/rules")]
pub async fn get_rules(
    state: web::Data<AppState>,
    _caller: Caller,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::get(&state.db).await?))
}

/// Replace the routing rules (admins only).
#[utoipa::path(
    tag = "routing",
    security(("bearer" = [])),
    request_body = RuleChanges,
    responses(
        (status = 200, description = "The rules now in force", body = RuleList),
        (status = 400, description = "Malformed body, unknown field or code", body = Problem, content_type = "application/problem+json"),
        Stale,
        (status = 422, description = "Empty list, blank names, too many keywords", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[put("/routing/rules")]
pub async fn put_rules(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<RuleChanges>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ConfigureService)?;
    let now = state.clock.now();
    let saved = service::update(&state, Some(caller.id), body.0, now).await?;
    Ok(HttpResponse::Ok().json(saved))
}

/// Where a request would go, and to whom, without taking it in: by the
/// rules in force, or by draft `rules` an administrator is trying out.
#[utoipa::path(
    tag = "routing",
    security(("bearer" = [])),
    request_body = PreviewRequest,
    responses(
        (status = 200, description = "The department, person and reason", body = PreviewResponse),
        (status = 422, description = "Unknown customer, title too long, or draft rules a change would refuse", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[post("/routing/preview")]
pub async fn preview(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<PreviewRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteRequests)?;
    let now = state.clock.now();
    Ok(HttpResponse::Ok().json(service::preview(&state, body.0, now).await?))
}
