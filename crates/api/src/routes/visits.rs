//! HTTP handlers over [`crate::services::visits`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::idempotency;
use crate::routes::extract::{Json, Listing};
use crate::routes::responses::{BadBody, BadCursor, BadQuery, MalformedId, Refused};
use crate::services::visits as service;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use rapport_types::visits::{NewVisit, Visit, VisitFilter, VisitRecord};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Registers the visit routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(schedule)
        .service(get_one)
        .service(record);
}

/// Visits, the soonest due first.
#[utoipa::path(
    tag = "visits",
    security(("bearer" = [])),
    params(PageQuery, VisitFilter),
    responses(
        (status = 200, description = "One page of visits", body = Paged<Visit>),
        BadCursor,
        Refused,
        BadQuery
    )
)]
#[get("/visits")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    Listing { page, filter }: Listing<VisitFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadRequests)?;
    let now = state.clock.now();
    Ok(HttpResponse::Ok()
        .json(service::list(&state.reader, &state.settings, page, filter, now).await?))
}

/// One visit.
#[utoipa::path(
    tag = "visits",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The visit's id")),
    responses(
        (status = 200, description = "The visit", body = Visit),
        MalformedId,
        (status = 404, description = "No such visit", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[get("/visits/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadRequests)?;
    let now = state.clock.now();
    Ok(HttpResponse::Ok().json(service::get(&state.reader, *id, now).await?))
}

/// Schedule an executive or routine visit.
#[utoipa::path(
    tag = "visits",
    security(("bearer" = [])),
    request_body = NewVisit,
    params(idempotency::KeyHeader),
    responses(
        (status = 201, description = "Scheduled", body = Visit),
        (status = 409, description = "The Idempotency-Key was used with another body, or the customer is `rejected` (`customer_rejected`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A return visit, an unknown customer or contact, no executive contact, no contract in force", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[post("/visits")]
pub async fn schedule(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    body: Json<NewVisit>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteVisits)?;
    idempotency::create(&state, caller.id, &request, async |txn, now| {
        service::schedule(txn, caller.id, body.0, now).await
    })
    .await
}

/// Record a visit. For a return visit, 4–5 closes the request; 1–3 reopens
/// it, notifies the department and the account manager, and starts the
/// 24-hour review clock.
#[utoipa::path(
    tag = "visits",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The visit's id")),
    request_body = VisitRecord,
    responses(
        (status = 200, description = "The recorded visit", body = Visit),
        (status = 400, description = "Malformed body, satisfaction outside 1–5", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such visit", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, the visit is no longer due, or its request is no longer resolved", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown contact or suggestions too long", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[post("/visits/{id}/record")]
pub async fn record(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<VisitRecord>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteVisits)?;
    let now = state.clock.now();
    let visit = service::record(&state.db, &state.settings, &caller, *id, body.0, now).await?;
    Ok(HttpResponse::Ok().json(visit))
}
