//! HTTP handlers over [`crate::services::customers`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::idempotency;
use crate::routes::extract::{Json, Listing};
use crate::routes::responses::{
    BadBody, BadQuery, Invalid, NoSuchCustomer, Refused, Unauthenticated,
};
use crate::services::customers as service;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use rapport_types::customers::{
    Customer, CustomerChanges, CustomerFilter, DueQuery, NewCustomer, Review, VersionOnly,
};
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use uuid::Uuid;

/// Register a customer (starts `pending_review`).
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    request_body = NewCustomer,
    params(idempotency::KeyHeader),
    responses(
        (status = 201, description = "Registered", body = Customer),
        Invalid,
        Refused,
        BadBody
    )
)]
#[post("/customers")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    body: Json<NewCustomer>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteCustomers)?;
    idempotency::create(&state, caller.id, &request, async |txn, now| {
        service::create(txn, caller.id, body.0, now).await
    })
    .await
}

/// List and search customers.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(PageQuery, CustomerFilter),
    responses(
        (status = 200, description = "One page of customers", body = Paged<Customer>),
        (status = 422, description = "Bad page, limit, sort, cursor or search text", body = Problem, content_type = "application/problem+json"),
        Unauthenticated,
        BadQuery
    )
)]
#[get("/customers")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    Listing { page, filter }: Listing<CustomerFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadCustomers)?;
    Ok(HttpResponse::Ok().json(
        service::list(
            &state.reader,
            &state.common_searches,
            &state.sorted_matches,
            page,
            filter,
        )
        .await?,
    ))
}

/// Customers whose routine visit is due on or before a day (tier cadence: core monthly,
/// potential every two months, ordinary quarterly).
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(DueQuery),
    responses(
        (status = 200, description = "Customers due for a routine visit, most overdue first", body = Vec<Customer>),
        Unauthenticated,
        BadQuery
    )
)]
#[get("/customers/visits-due")]
pub async fn visits_due(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<DueQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadCustomers)?;
    let due = service::visits_due(&state.reader, query.into_inner(), state.clock.now()).await?;
    Ok(HttpResponse::Ok().json(due))
}

/// One customer.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The customer's id")),
    responses(
        (status = 200, description = "The customer", body = Customer),
        NoSuchCustomer,
        Unauthenticated
    )
)]
#[get("/customers/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadCustomers)?;
    Ok(HttpResponse::Ok().json(service::get(&state.reader, *id).await?))
}

/// Change a customer (with the version read).
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The customer's id")),
    request_body = CustomerChanges,
    responses(
        (status = 200, description = "The changed customer", body = Customer),
        NoSuchCustomer,
        (status = 409, description = "Stale version or archived", body = Problem, content_type = "application/problem+json"),
        Invalid,
        Refused,
        BadBody
    )
)]
#[patch("/customers/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<CustomerChanges>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteCustomers)?;
    let after = service::update(&state, caller.id, *id, body.0).await?;
    Ok(HttpResponse::Ok().json(after))
}

/// Verify or reject a registration; the reviewer must not be the registrant.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The customer's id")),
    request_body = Review,
    responses(
        (status = 200, description = "The reviewed customer", body = Customer),
        NoSuchCustomer,
        (status = 409, description = "Already reviewed, own registration, or stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Rejection without a reason", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[post("/customers/{id}/review")]
pub async fn review(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<Review>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReviewCustomers)?;
    let now = state.clock.now();
    let after = service::review(&state.db, caller.id, *id, body.0, now).await?;
    Ok(HttpResponse::Ok().json(after))
}

/// Archive a customer (nothing is deleted inside the retention period).
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The customer's id")),
    request_body = VersionOnly,
    responses(
        (status = 200, description = "The archived customer", body = Customer),
        NoSuchCustomer,
        (status = 409, description = "Already archived or stale version", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[post("/customers/{id}/archive")]
pub async fn archive(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<VersionOnly>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ArchiveCustomers)?;
    let now = state.clock.now();
    let after = service::archive(&state.db, caller.id, *id, body.0.version, now).await?;
    Ok(HttpResponse::Ok().json(after))
}
