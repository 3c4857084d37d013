//! HTTP handlers over [`crate::services::contracts`].

pub mod free_batch;
pub mod packages;
pub mod quotes;

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::idempotency;
use crate::routes::extract::{Json, Listing};
use crate::routes::responses::{BadBody, BadQuery, Refused};
use crate::services::contracts;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use rapport_types::contracts::{
    Contract, ContractAction, ContractChanges, ContractDetail, ContractFilter, NewContract,
    Technician,
};
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Registers the contract, package and quote routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(packages::list)
        .service(packages::put)
        .service(quotes::quote)
        .service(quotes::customer_quote)
        .service(free_batch::run)
        .service(create)
        .service(list)
        .service(technicians)
        .service(get_one)
        .service(update)
        .service(act);
}

/// Create a paid contract (as `draft`), priced from the customer's purchases.
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = [])),
    request_body = NewContract,
    params(idempotency::KeyHeader),
    responses(
        (status = 201, description = "Created as draft", body = ContractDetail),
        (status = 409, description = "The customer is archived, or not verified (`customer_rejected`, `customer_unverified`: a `pending_review` customer gets no contracts)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or references, or a fee too large", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[post("/contracts")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    body: Json<NewContract>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteContracts)?;
    idempotency::create(&state, caller.id, &request, async |txn, now| {
        contracts::create_draft(txn, caller.id, &body.0, now).await
    })
    .await
}

/// List contracts; `ending_within_days` gives those in force (and free periods) ending soon.
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = [])),
    params(PageQuery, ContractFilter),
    responses(
        (status = 200, description = "One page of contracts", body = Paged<Contract>),
        (status = 422, description = "Bad page, limit, cursor or day count", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadQuery
    )
)]
#[get("/contracts")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    Listing { page, filter }: Listing<ContractFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadContracts)?;
    let now = state.clock.now();
    Ok(HttpResponse::Ok()
        .json(contracts::list(&state.reader, &state.settings, page, filter, now).await?))
}

/// The technicians a contract may name as responsible (active users with
/// the technician role), by name.
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The technicians, by name", body = Vec<Technician>),
        Refused
    )
)]
#[get("/contracts/technicians")]
pub async fn technicians(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteContracts)?;
    Ok(HttpResponse::Ok().json(contracts::technicians(&state.reader).await?))
}

/// One contract with the order lines it covers.
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The contract's id")),
    responses(
        (status = 200, description = "The contract", body = ContractDetail),
        (status = 404, description = "No such contract", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[get("/contracts/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadContracts)?;
    Ok(HttpResponse::Ok().json(contracts::get(&state.reader, *id).await?))
}

/// Change a contract's maintenance contact, technician, sites, installed versions or calendar.
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The contract's id")),
    request_body = ContractChanges,
    responses(
        (status = 200, description = "The changed contract", body = ContractDetail),
        (status = 404, description = "No such contract", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or the contract is expired or cancelled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or references", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[patch("/contracts/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<ContractChanges>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteContracts)?;
    let now = state.clock.now();
    let detail = contracts::update(&state.db, &caller, *id, body.0, now).await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// Take a contract one step through its lifecycle: agree, sign, invoice, pay, expire or cancel.
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The contract's id")),
    request_body = ContractAction,
    responses(
        (status = 200, description = "The contract in its new state", body = ContractDetail),
        (status = 400, description = "Malformed body or unknown action", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such contract", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or the current state does not allow the action (`illegal_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field the action requires is missing, or one it does not use is given", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[post("/contracts/{id}/actions")]
pub async fn act(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<ContractAction>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteContracts)?;
    let now = state.clock.now();
    let detail = contracts::act(&state.db, &caller, *id, body.0, now).await?;
    Ok(HttpResponse::Ok().json(detail))
}
