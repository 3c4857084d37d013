//! HTTP handlers over [`crate::services::complaints`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::idempotency;
use crate::routes::extract::{Json, Listing};
use crate::routes::responses::{BadBody, BadCursor, BadQuery, Refused, Unauthenticated};
use crate::services::complaints as service;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use rapport_types::complaints::{
    Complaint, ComplaintAction, ComplaintDetail, ComplaintFilter, NewComplaint,
};
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Registers the complaint routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(get_one)
        .service(act);
}

/// Take a complaint (as `received`) with the handling time promised to the customer.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    request_body = NewComplaint,
    params(idempotency::KeyHeader),
    responses(
        (status = 201, description = "Taken as received", body = ComplaintDetail),
        (status = 409, description = "The customer is archived, or the Idempotency-Key is still in use", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or references, or a promise that is not after now", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[post("/complaints")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    body: Json<NewComplaint>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteComplaints)?;
    idempotency::create(&state, caller.id, &request, async |txn, now| {
        service::create(txn, caller.id, body.0, now).await
    })
    .await
}

/// List complaints, newest first; `overdue=true` gives the broken promises, most overdue first.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    params(PageQuery, ComplaintFilter),
    responses(
        (status = 200, description = "One page of complaints", body = Paged<Complaint>),
        BadCursor,
        Refused,
        BadQuery
    )
)]
#[get("/complaints")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    Listing { page, filter }: Listing<ComplaintFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadComplaints)?;
    let now = state.clock.now();
    Ok(HttpResponse::Ok()
        .json(service::list(&state.reader, &state.settings, page, filter, now).await?))
}

/// One complaint with its timeline.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The complaint's id")),
    responses(
        (status = 200, description = "The complaint", body = ComplaintDetail),
        (status = 404, description = "No such complaint", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[get("/complaints/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadComplaints)?;
    let now = state.clock.now();
    Ok(HttpResponse::Ok().json(service::get(&state.reader, *id, now).await?))
}

/// Take one action on a complaint: `investigate`, `propose_solution`,
/// `reject_solution` or `approve` (managers), `resolve`, `revisit`, with the
/// version read and exactly the fields the action records.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The complaint's id")),
    request_body = ComplaintAction,
    responses(
        (status = 200, description = "The complaint in its new state", body = ComplaintDetail),
        (status = 400, description = "Malformed body, unknown field or unknown action", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not take this step (approving and rejecting a solution is for managers)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version (`stale_version`, with the current version), or the current state does not allow the action (`illegal_transition`, naming the state and why)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field the action requires is missing or blank, or one it does not use is given", body = Problem, content_type = "application/problem+json"),
        Unauthenticated
    )
)]
#[post("/complaints/{id}/actions")]
pub async fn act(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<ComplaintAction>,
) -> Result<HttpResponse, ApiError> {
    let asked = body.0;
    caller.require(asked.action.permission())?;
    let now = state.clock.now();
    Ok(HttpResponse::Ok().json(service::act(&state.db, caller.id, *id, asked, now).await?))
}
