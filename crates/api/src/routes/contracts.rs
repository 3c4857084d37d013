//! HTTP handlers over [`crate::services::contracts`].

pub mod free_batch;
pub mod packages;
pub mod quotes;

use crate::auth::{Action, Caller};
use crate::codes::encode;
use crate::error::ApiError;
use crate::idempotency::{self, Created};
use crate::pagination::Page;
use crate::routes::extract::{Json, Listing};
use crate::routes::responses::{BadBody, BadQuery, Refused};
#[allow(unused_imports)]
use crate::services::contracts::*;
use crate::services::customers::ORG_TZ;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{Days, NaiveDate};
use rapport_domain::lifecycle::contract::Status;
use rapport_entity::contracts;
pub use rapport_types::contracts::InvoiceMethod;
use rapport_types::contracts::{
    Contract, ContractChanges, ContractDetail, ContractFilter, NewContract, Transition,
};
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set};
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
        .service(get_one)
        .service(update)
        .service(transition);
}

/// Create a paid contract (as `draft`), priced from the customer's purchases.
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = [])),
    request_body = NewContract,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retrying with the same key returns the first response")),
    responses(
        (status = 201, description = "Created as draft", body = ContractDetail),
        (status = 409, description = "The customer is archived", body = Problem, content_type = "application/problem+json"),
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
    let new = body.0;
    idempotency::once(&state, caller.id, &request, async |txn| {
        let detail = create_draft(txn, caller.id, &new, state.clock.now()).await?;
        Ok(Created::of(&detail))
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
        (status = 422, description = "Bad page, limit or day count", body = Problem, content_type = "application/problem+json"),
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
    let page = Page::from_query(page)?;
    let mut query = contracts::Entity::find();
    if let Some(id) = filter.customer_id {
        query = query.filter(contracts::Column::CustomerId.eq(id));
    }
    if let Some(status) = filter.status {
        query = query.filter(contracts::Column::Status.eq(status.code()));
    }
    if let Some(kind) = &filter.kind {
        query = query.filter(contracts::Column::Kind.eq(encode(kind)));
    }
    if let Some(days) = filter.ending_within_days {
        if days > 3660 {
            return Err(ApiError::field(
                "ending_within_days",
                "must be between 0 and 3660",
            ));
        }
        let today = state.clock.now().with_timezone(&ORG_TZ).date_naive();
        let last = today
            .checked_add_days(Days::new(u64::from(days)))
            .unwrap_or(NaiveDate::MAX);
        // Free contracts are stored as `paid` (see `free_batch`), so "in
        // force" takes in the free periods too.
        let in_force: Vec<&str> = Status::ALL
            .into_iter()
            .filter(|status| status.is_in_force())
            .map(Status::code)
            .collect();
        query = query
            .filter(contracts::Column::Status.is_in(in_force))
            .filter(contracts::Column::PeriodEnd.between(today, last))
            .order_by_asc(contracts::Column::PeriodEnd);
    } else {
        query = query.order_by_desc(contracts::Column::CreatedAt);
    }
    query = query.order_by_asc(contracts::Column::Id);
    let page = page.fetch(&state.db, query, contract_from_model).await?;
    Ok(HttpResponse::Ok().json(page))
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
    let model = find(&state.db, *id).await?;
    Ok(HttpResponse::Ok().json(detail(&state.db, model).await?))
}

/// Change a contract's maintenance contact, technician, sites or installed versions.
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
    let changes = body.0;
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let current = find(&txn, *id).await?;
    crate::db::expect_version(current.version, changes.version)?;
    if matches!(
        Status::from_code(&current.status),
        Some(Status::Expired | Status::Cancelled)
    ) {
        return Err(ApiError::conflict(
            "contract_closed",
            format!("a contract that is `{}` cannot be changed", current.status),
        ));
    }
    if let Some(contact) = changes.maintenance_contact_id {
        crate::services::contacts::of_customer(
            &txn,
            "maintenance_contact_id",
            current.customer_id,
            contact,
        )
        .await?;
    }
    if let Some(technician) = changes.technician_id {
        check_technician(&txn, technician).await?;
    }
    let before = contract_from_model(current.clone())?;
    let mut model = current.into_active_model();
    if let Some(contact) = changes.maintenance_contact_id {
        model.maintenance_contact_id = Set(Some(contact));
    }
    if let Some(technician) = changes.technician_id {
        model.technician_id = Set(Some(technician));
    }
    if let Some(sites) = changes.sites {
        model.sites = Set(sites);
    }
    if let Some(versions) = changes.installed_versions {
        model.installed_versions = Set(versions.trim().to_owned());
    }
    if let Some(name) = changes.calendar_name.as_deref() {
        model.calendar_name = Set(checked_calendar(&txn, Some(name)).await?);
    }
    let after = save(&txn, model, changes.version, now).await?;
    record_change(&txn, &caller, "contract.update", &before, &after, now).await?;
    let detail = detail(&txn, after).await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// Move a contract through its lifecycle: agree, sign, invoice, pay, expire or cancel.
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The contract's id")),
    request_body = Transition,
    responses(
        (status = 200, description = "The contract in its new state", body = ContractDetail),
        (status = 400, description = "Malformed body or unknown action", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such contract", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or the current state does not allow the action (`illegal_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field the action requires is missing, or one it does not use is given", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[post("/contracts/{id}/transitions")]
pub async fn transition(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<Transition>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteContracts)?;
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let after = transition_at(&txn, &caller, *id, body.0, now).await?;
    let detail = detail(&txn, after).await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(detail))
}
