//! HTTP handlers over [`crate::services::needs`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::idempotency;
use crate::routes::extract::{Json, Listing};
use crate::routes::responses::{BadBody, BadQuery, Invalid, Refused};
use crate::services::needs as service;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use rapport_types::needs::{Need, NeedAction, NeedChanges, NeedDetail, NeedFilter, NewNeed};
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Registers the needs-list routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(get_one)
        .service(update)
        .service(act);
}

/// Record a customer need (as `new`); its response clock is the one a
/// service request of the same priority gets.
#[utoipa::path(
    tag = "needs",
    security(("bearer" = [])),
    request_body = NewNeed,
    params(idempotency::KeyHeader),
    responses(
        (status = 201, description = "Recorded as new, with its timeline", body = NeedDetail),
        (status = 409, description = "The customer is archived or rejected at review, or the Idempotency-Key is still in use", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or references (customer, request of another customer, inactive owner)", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[post("/needs")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    body: Json<NewNeed>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteNeeds)?;
    idempotency::create(&state, caller.id, &request, async |txn, now| {
        service::create(txn, &state.settings, caller.id, body.0, now).await
    })
    .await
}

/// List needs, newest first, by customer, type, status, owner, priority or
/// request; `overdue=true` gives the unanswered ones past their response
/// deadline, most overdue first.
#[utoipa::path(
    tag = "needs",
    security(("bearer" = [])),
    params(PageQuery, NeedFilter),
    responses(
        (status = 200, description = "One page of needs", body = Paged<Need>),
        (status = 422, description = "Bad page, limit, cursor or search text", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadQuery
    )
)]
#[get("/needs")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    Listing { page, filter }: Listing<NeedFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadNeeds)?;
    let now = state.clock.now();
    Ok(HttpResponse::Ok()
        .json(service::list(&state.reader, &state.settings, page, filter, now).await?))
}

/// One need with its timeline (who did what, when, what it changed, what was said).
#[utoipa::path(
    tag = "needs",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The need's id")),
    responses(
        (status = 200, description = "The need with its timeline", body = NeedDetail),
        (status = 404, description = "No such need", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[get("/needs/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadNeeds)?;
    let now = state.clock.now();
    Ok(HttpResponse::Ok().json(service::get(&state.reader, *id, now).await?))
}

/// Change an open need (with the version read): title, description, type,
/// priority, solution direction, owner, milestones.
#[utoipa::path(
    tag = "needs",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The need's id")),
    request_body = NeedChanges,
    responses(
        (status = 200, description = "The changed need with its timeline", body = NeedDetail),
        (status = 404, description = "No such need", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version (`stale_version`), or the need is confirmed or rejected (`need_closed`)", body = Problem, content_type = "application/problem+json"),
        Invalid,
        Refused,
        BadBody
    )
)]
#[patch("/needs/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<NeedChanges>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteNeeds)?;
    let now = state.clock.now();
    let need = service::update(&state.db, &state.settings, caller.id, *id, body.0, now).await?;
    Ok(HttpResponse::Ok().json(need))
}

/// Take one action on a need: `evaluate`, `plan`, `start`,
/// `complete_milestone`, `deliver`, `rework`, `confirm` or `reject`, with
/// the version read and exactly the fields the action records.
#[utoipa::path(
    tag = "needs",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The need's id")),
    request_body = NeedAction,
    responses(
        (status = 200, description = "The need in its new state, with its timeline", body = NeedDetail),
        (status = 404, description = "No such need", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version (`stale_version`, with the current version), or the current state or milestones do not allow the action (`illegal_transition`, naming the state and why)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field the action requires is missing or blank, one it does not use is given, or a value is out of range", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[post("/needs/{id}/actions")]
pub async fn act(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<NeedAction>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteNeeds)?;
    let now = state.clock.now();
    Ok(HttpResponse::Ok().json(service::act(&state.db, caller.id, *id, body.0, now).await?))
}
