//! HTTP handlers over [`crate::services::requests`].

pub mod actions;
pub mod assignees;

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::idempotency::{Created, Key, KeyHeader};
use crate::routes::extract::Json;
use crate::routes::responses::{BadBody, BadCursor, BadQuery, Invalid, MalformedId, Refused};
use crate::services::requests;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use rapport_types::problem::Problem;
use rapport_types::requests::{
    NewRequest, QueueQuery, RequestFilter, RequestPage, ServiceRequestDetail,
};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Registers the request routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(queue)
        .service(get_one)
        .service(assignees::assignees)
        .service(actions::act);
}

/// Take in a service request: numbered, checked against the customer's
/// contracts, routed and assigned, with its SLA clocks started.
#[utoipa::path(
    tag = "requests",
    security(("bearer" = [])),
    request_body = NewRequest,
    params(KeyHeader),
    responses(
        (status = 201, description = "Taken in", body = ServiceRequestDetail),
        (status = 409, description = "The Idempotency-Key was used with another body, or the customer is `rejected` (`customer_rejected`; a `pending_review` customer's request is taken in, flagged `customer_unverified`)", body = Problem, content_type = "application/problem+json"),
        Invalid,
        Refused,
        BadBody
    )
)]
#[post("/requests")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    body: Json<NewRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteRequests)?;
    // Not `idempotency::once`: the key is claimed in the intake batch's
    // transaction, with the request (see `services::requests::intake`).
    let key = Key::of(&request, caller.id)?;
    if let Some(key) = &key
        && let Some(replayed) = key.replay(&state.reader).await?
    {
        return Ok(replayed);
    }
    match requests::create(&state, caller.id, body.0, key.clone()).await {
        Ok(detail) => Ok(Created::of(&detail).respond()),
        // A duplicate that lost the key to a concurrent first request.
        Err(error) => match key {
            Some(key) => key.answer_after(&state.reader, error).await,
            None => Err(error),
        },
    }
}

/// A service request with its SLA clocks (measured now) and timeline.
#[utoipa::path(
    tag = "requests",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The request's id")),
    responses(
        (status = 200, description = "The request", body = ServiceRequestDetail),
        MalformedId,
        (status = 404, description = "No such request", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[get("/requests/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadRequests)?;
    let detail = requests::get(&state, *id).await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// List and search service requests, newest first (a search: those whose
/// number it names first). Page with `cursor` (each page's `next_cursor`)
/// at any depth; `total` is counted up to 1,000 (see `total_exact`).
#[utoipa::path(
    tag = "requests",
    security(("bearer" = [])),
    params(RequestFilter),
    responses(
        (status = 200, description = "One page of requests", body = RequestPage),
        (status = 422, description = "Bad page, limit, cursor or search text", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadQuery
    )
)]
#[get("/requests")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<RequestFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadRequests)?;
    let page = requests::list(&state, filter.into_inner()).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// The caller's queue: their open requests, the nearest deadline first.
#[utoipa::path(
    tag = "requests",
    security(("bearer" = [])),
    params(QueueQuery),
    responses(
        (status = 200, description = "One page of the caller's open requests", body = RequestPage),
        BadCursor,
        Refused,
        BadQuery
    )
)]
#[get("/requests/queue")]
pub async fn queue(
    state: web::Data<AppState>,
    caller: Caller,
    page: web::Query<QueueQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadRequests)?;
    let page = requests::queue(&state, caller.id, page.into_inner()).await?;
    Ok(HttpResponse::Ok().json(page))
}
