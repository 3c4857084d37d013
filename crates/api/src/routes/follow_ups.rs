//! HTTP handlers over [`crate::services::follow_ups`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::idempotency;
use crate::routes::extract::Json;
use crate::routes::responses::{
    BadBody, BadPage, BadQuery, Invalid, NoSuchCustomer, Refused, Unauthenticated,
};
use crate::services::follow_ups as service;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use rapport_types::follow_ups::{FollowUp, NewFollowUp};
use rapport_types::page::{PageQuery, Paged};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Registers this module's routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(create).service(list);
}

/// Log a contact with a customer.
#[utoipa::path(
    tag = "follow-ups",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "The customer's id"),
        idempotency::KeyHeader
    ),
    request_body = NewFollowUp,
    responses(
        (status = 201, description = "Logged", body = FollowUp),
        NoSuchCustomer,
        Invalid,
        Refused,
        BadBody
    )
)]
#[post("/customers/{id}/follow-ups")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    customer_id: web::Path<Uuid>,
    body: Json<NewFollowUp>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteFollowUps)?;
    idempotency::create(&state, caller.id, &request, async |txn, now| {
        service::create(txn, caller.id, *customer_id, body.0, now).await
    })
    .await
}

/// The follow-up log of a customer, newest first.
#[utoipa::path(
    tag = "follow-ups",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The customer's id"), PageQuery),
    responses(
        (status = 200, description = "One page of the log", body = Paged<FollowUp>),
        NoSuchCustomer,
        BadPage,
        Unauthenticated,
        BadQuery
    )
)]
#[get("/customers/{id}/follow-ups")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    customer_id: web::Path<Uuid>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadCustomers)?;
    let page = service::list(&state.reader, *customer_id, page.into_inner()).await?;
    Ok(HttpResponse::Ok().json(page))
}
