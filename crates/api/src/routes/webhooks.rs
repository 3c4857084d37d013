//! HTTP handlers over [`crate::services::webhooks`] (administrators only).

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::idempotency;
use crate::routes::extract::{Json, Listing};
use crate::routes::responses::{BadBody, BadPage, BadQuery, Invalid, Refused, Stale};
use crate::services::webhooks as service;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use rapport_types::webhooks::{
    Delivery, DeliveryFilter, EndpointUpdate, EndpointWithSecret, NewEndpoint, RotateSecret,
    WebhookEndpoint,
};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Registers this module's routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(get_one)
        .service(update)
        .service(remove)
        .service(rotate_secret)
        .service(deliveries)
        .service(resend);
}

/// Register a webhook endpoint (admin). The signing secret is in this
/// response (and a rotation's) only.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    request_body = NewEndpoint,
    params(idempotency::KeyHeader),
    responses(
        (status = 201, description = "Registered, with its secret", body = EndpointWithSecret),
        (status = 422, description = "Invalid fields: a URL that is not absolute http(s), an unknown event (named as `events[i]`)", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[post("/webhooks")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    body: Json<NewEndpoint>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageWebhooks)?;
    idempotency::create(&state, caller.id, &request, async |txn, now| {
        service::create(txn, caller.id, body.0, now).await
    })
    .await
}

/// Every webhook endpoint, oldest first (admin), without secrets.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The endpoints", body = Vec<WebhookEndpoint>),
        Refused
    )
)]
#[get("/webhooks")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageWebhooks)?;
    Ok(HttpResponse::Ok().json(service::list(&state.reader).await?))
}

/// One webhook endpoint (admin), without its secret.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The endpoint's id")),
    responses(
        (status = 200, description = "The endpoint", body = WebhookEndpoint),
        (status = 404, description = "No such endpoint", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[get("/webhooks/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageWebhooks)?;
    Ok(HttpResponse::Ok().json(service::get(&state.reader, *id).await?))
}

/// Change a webhook endpoint (admin): its URL, events, description, or
/// whether it is active. An inactive endpoint gets no new events; those
/// pending wait until it is active again.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The endpoint's id")),
    request_body = EndpointUpdate,
    responses(
        (status = 200, description = "The changed endpoint", body = WebhookEndpoint),
        (status = 404, description = "No such endpoint", body = Problem, content_type = "application/problem+json"),
        Stale,
        Invalid,
        Refused,
        BadBody
    )
)]
#[patch("/webhooks/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<EndpointUpdate>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageWebhooks)?;
    let now = state.clock.now();
    let after = service::update(&state.db, caller.id, *id, body.0, now).await?;
    Ok(HttpResponse::Ok().json(after))
}

/// Delete a webhook endpoint (admin): it gets nothing more and its pending
/// deliveries are dead; its delivery log is kept.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The endpoint's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such endpoint", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[delete("/webhooks/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageWebhooks)?;
    let now = state.clock.now();
    service::delete(&state.db, caller.id, *id, now).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Give a webhook endpoint a new signing secret (admin), shown in this
/// response only; every event sent from now on is signed with it.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The endpoint's id")),
    request_body = RotateSecret,
    responses(
        (status = 200, description = "The endpoint with its new secret", body = EndpointWithSecret),
        (status = 404, description = "No such endpoint", body = Problem, content_type = "application/problem+json"),
        Stale,
        Refused,
        BadBody
    )
)]
#[post("/webhooks/{id}/rotate-secret")]
pub async fn rotate_secret(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<RotateSecret>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageWebhooks)?;
    let now = state.clock.now();
    let rotated = service::rotate_secret(&state.db, caller.id, *id, body.0.version, now).await?;
    Ok(HttpResponse::Ok().json(rotated))
}

/// A webhook endpoint's deliveries, newest first, each with the log of its
/// tries: status code, response time, error (admin).
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The endpoint's id"), PageQuery, DeliveryFilter),
    responses(
        (status = 200, description = "One page of deliveries", body = Paged<Delivery>),
        (status = 404, description = "No such endpoint", body = Problem, content_type = "application/problem+json"),
        BadPage,
        Refused,
        BadQuery
    )
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn deliveries(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    Listing { page, filter }: Listing<DeliveryFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageWebhooks)?;
    let page = service::deliveries(&state.reader, *id, page, filter).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Send a dead delivery again (admin): it is due at once, with a new day
/// of retries, and keeps its place in the endpoint's order.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "The endpoint's id"),
        ("delivery_id" = Uuid, Path, description = "The delivery's id")
    ),
    responses(
        (status = 200, description = "The delivery, pending again", body = Delivery),
        (status = 404, description = "No such endpoint or delivery", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The delivery is not dead", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[post("/webhooks/{id}/deliveries/{delivery_id}/resend")]
pub async fn resend(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageWebhooks)?;
    let (id, delivery_id) = path.into_inner();
    let now = state.clock.now();
    let delivery = service::resend(&state.db, caller.id, id, delivery_id, now).await?;
    Ok(HttpResponse::Ok().json(delivery))
}
