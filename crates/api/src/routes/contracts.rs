//! `/api/v1/contracts`: maintenance contracts (SPEC section 5, seed 003).
//! Paid contracts are priced here from the customer's real purchases with
//! `rapport_domain::fees` and moved through `lifecycle::contract`; free
//! contracts come from the monthly batch (`free_batch`). Packages and quotes
//! live in their own modules below.

pub mod free_batch;
pub mod packages;
pub mod quotes;

use std::collections::{HashMap, HashSet};

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Days, NaiveDate, Utc};
use rapport_domain::lifecycle::contract::{Action as Step, Status};
use rapport_domain::org::Role;
use rapport_domain::warranty::ContractPeriod;
use rapport_entity::{contract_lines, contracts, order_lines, orders, users};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

pub use rapport_types::contracts::InvoiceMethod;
use rapport_types::contracts::{
    Contract, ContractChanges, ContractDetail, ContractFilter, ContractKind, CoveredLine,
    NewContract, Transition,
};

use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;

use crate::audit::{self, Entry};
use crate::auth::{Action, Caller};
use crate::codes::{decode, encode};
use crate::error::ApiError;
use crate::extract::Json;
use crate::idempotency::{self, Created};
use crate::pagination::Page;
use crate::routes::customers::ORG_TZ;
use crate::state::AppState;

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

/// The API's view of a stored contract.
pub fn contract_from_model(model: contracts::Model) -> Result<Contract, ApiError> {
    let status = Status::from_code(&model.status).ok_or_else(|| {
        ApiError::internal(
            format!("reading the status of contract {}", model.id),
            std::io::Error::other(format!("unknown status {:?}", model.status)),
        )
    })?;
    Ok(Contract {
        id: model.id,
        customer_id: model.customer_id,
        kind: decode("contracts.kind", &model.kind)?,
        status,
        package_code: model.package_code,
        period_start: model.period_start,
        period_end: model.period_end,
        covered_value_cents: model.covered_value_cents,
        fee_cents: model.fee_cents,
        previous_contract_id: model.previous_contract_id,
        maintenance_contact_id: model.maintenance_contact_id,
        technician_id: model.technician_id,
        sites: model.sites,
        installed_versions: model.installed_versions,
        calendar_name: model.calendar_name,
        invoice_method: model
            .invoice_method
            .as_deref()
            .map(|code| decode("contracts.invoice_method", code))
            .transpose()?,
        invoice_sent_on: model.invoice_sent_on,
        paid_on: model.paid_on,
        cancel_reason: model.cancel_reason,
        free_batch_month: model.free_batch_month,
        created_by: model.created_by,
        version: model.version,
        created_at: model.created_at,
        updated_at: model.updated_at,
    })
}

/// Create a paid contract (as `draft`), priced from the customer's purchases.
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = [])),
    request_body = NewContract,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retrying with the same key returns the first response")),
    responses(
        (status = 201, description = "Created as draft", body = ContractDetail),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not write contracts", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The customer is archived", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or references, or a fee too large", body = Problem, content_type = "application/problem+json")
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

/// Creates the draft contract `new` for `caller` at `now` in `txn`, its fee
/// priced on the customer's purchases and package: the handler's work, and
/// the demo's with instants of its own. The caller has checked the permission.
pub async fn create_draft(
    txn: &impl ConnectionTrait,
    caller: Uuid,
    new: &NewContract,
    now: DateTime<Utc>,
) -> Result<ContractDetail, ApiError> {
    let period = ContractPeriod::new(new.period_start, new.period_end)
        .map_err(|error| ApiError::field("period_end", error.to_string()))?;
    let mut seen = HashSet::new();
    if !new.order_line_ids.iter().all(|id| seen.insert(*id)) {
        return Err(ApiError::field("order_line_ids", "lists a line twice"));
    }
    let customer = crate::db::unique(
        txn,
        rapport_entity::customers::Entity::find_by_id(new.customer_id),
    )
    .await?
    .ok_or_else(|| ApiError::field("customer_id", "no such customer"))?;
    if customer.archived_at.is_some() {
        return Err(ApiError::conflict("archived", "this customer is archived"));
    }
    let package = crate::db::unique(
        txn,
        rapport_entity::packages::Entity::find_by_id(new.package_code.clone()),
    )
    .await?
    .filter(|package| package.active)
    .ok_or_else(|| ApiError::field("package_code", "no such active package"))?;
    if let Some(contact) = new.maintenance_contact_id {
        crate::routes::contacts::of_customer(txn, "maintenance_contact_id", customer.id, contact)
            .await?;
    }
    if let Some(technician) = new.technician_id {
        check_technician(txn, technician).await?;
    }
    let previous = match new.previous_contract_id {
        Some(id) => Some(check_previous(txn, customer.id, id, period.start()).await?),
        None => quotes::previous_paid(txn, customer.id, period.start()).await?,
    };
    let found = quotes::customer_basis(txn, customer.id, period.start(), previous).await?;
    let fee = found.basis.fee(packages::rate_of(&package)?)?;
    let covered = covered_lines(txn, customer.id, &new.order_line_ids).await?;
    let model = contracts::ActiveModel {
        id: Set(Uuid::new_v4()),
        customer_id: Set(customer.id),
        kind: Set(encode(&ContractKind::Paid)),
        status: Set(Status::Draft.code().to_owned()),
        package_code: Set(Some(package.code)),
        period_start: Set(period.start()),
        period_end: Set(period.end()),
        covered_value_cents: Set(fee.covered_value.cents()),
        fee_cents: Set(fee.fee.cents()),
        previous_contract_id: Set(found.previous.map(|previous| previous.id)),
        maintenance_contact_id: Set(new.maintenance_contact_id),
        technician_id: Set(new.technician_id),
        sites: Set(new.sites),
        installed_versions: Set(new.installed_versions.trim().to_owned()),
        calendar_name: Set(checked_calendar(txn, new.calendar_name.as_deref()).await?),
        invoice_method: Set(None),
        invoice_sent_on: Set(None),
        paid_on: Set(None),
        cancel_reason: Set(None),
        free_batch_month: Set(None),
        created_by: Set(caller),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await?;
    let lines = insert_lines(txn, model.id, &covered).await?;
    let detail = ContractDetail {
        contract: contract_from_model(model)?,
        covered_lines: lines,
    };
    audit::record(
        txn,
        now,
        Entry {
            actor: Some(caller),
            action: "contract.create",
            entity_type: "contract",
            entity_id: detail.contract.id.to_string(),
            before: None,
            after: serde_json::to_value(&detail).ok(),
        },
    )
    .await?;
    Ok(detail)
}

/// A named calendar that exists, or none for a blank name; 422 on `calendar_name` otherwise.
async fn checked_calendar(
    conn: &impl ConnectionTrait,
    name: Option<&str>,
) -> Result<Option<String>, ApiError> {
    let Some(name) = name.map(str::trim).filter(|name| !name.is_empty()) else {
        return Ok(None);
    };
    match crate::routes::calendar::named(conn, name).await {
        Ok(_) => Ok(Some(name.to_owned())),
        Err(ApiError::NotFound(_) | ApiError::Validation(_)) => Err(ApiError::field(
            "calendar_name",
            format!("there is no calendar named “{name}”"),
        )),
        Err(other) => Err(other),
    }
}

/// The technician must be an active user with that role.
async fn check_technician(conn: &impl ConnectionTrait, id: Uuid) -> Result<(), ApiError> {
    let user = crate::db::unique(conn, users::Entity::find_by_id(id)).await?;
    match user {
        Some(user) if user.active && user.role == encode(&Role::Technician) => Ok(()),
        _ => Err(ApiError::field(
            "technician_id",
            "must be an active technician",
        )),
    }
}

/// A renewed contract must be this customer's paid contract that was in force and ended before the start.
async fn check_previous(
    conn: &impl ConnectionTrait,
    customer_id: Uuid,
    id: Uuid,
    start: NaiveDate,
) -> Result<contracts::Model, ApiError> {
    let previous = crate::db::unique(conn, contracts::Entity::find_by_id(id)).await?;
    let was_in_force = |status: &str| {
        Status::from_code(status)
            .is_some_and(|status| status.is_in_force() || status == Status::Expired)
    };
    match previous {
        Some(previous)
            if previous.customer_id == customer_id
                && previous.kind == encode(&ContractKind::Paid)
                && was_in_force(&previous.status)
                && previous.period_end < start =>
        {
            Ok(previous)
        }
        _ => Err(ApiError::field(
            "previous_contract_id",
            "must be a paid contract of this customer that was signed and ended before the start",
        )),
    }
}

/// The order lines to cover: each must belong to an order of this customer.
async fn covered_lines(
    conn: &impl ConnectionTrait,
    customer_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<order_lines::Model>, ApiError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let found: Vec<(order_lines::Model, Option<orders::Model>)> = order_lines::Entity::find()
        .filter(order_lines::Column::Id.is_in(ids.to_vec()))
        .find_also_related(orders::Entity)
        .all(conn)
        .await?;
    let mine: HashMap<Uuid, order_lines::Model> = found
        .into_iter()
        .filter(|(_, order)| order.as_ref().is_some_and(|o| o.customer_id == customer_id))
        .map(|(line, _)| (line.id, line))
        .collect();
    let mut lines = Vec::with_capacity(ids.len());
    for id in ids {
        let line = mine.get(id).cloned().ok_or_else(|| {
            ApiError::field(
                "order_line_ids",
                format!("{id} is not an order line of this customer"),
            )
        })?;
        lines.push(line);
    }
    Ok(lines)
}

/// Writes the covered lines of a contract, each at its line total.
pub async fn insert_lines(
    conn: &impl ConnectionTrait,
    contract_id: Uuid,
    lines: &[order_lines::Model],
) -> Result<Vec<CoveredLine>, ApiError> {
    let mut covered = Vec::with_capacity(lines.len());
    for line in lines {
        contract_lines::ActiveModel {
            id: Set(Uuid::new_v4()),
            contract_id: Set(contract_id),
            order_line_id: Set(line.id),
            covered_value_cents: Set(line.line_total_cents),
        }
        .insert(conn)
        .await?;
        covered.push(CoveredLine {
            order_line_id: line.id,
            covered_value_cents: line.line_total_cents,
        });
    }
    Ok(covered)
}

/// List contracts; `ending_within_days` gives those in force (and free periods) ending soon.
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = [])),
    params(PageQuery, ContractFilter),
    responses(
        (status = 200, description = "One page of contracts", body = Paged<Contract>),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not see contracts", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad page, limit or day count", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/contracts")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    page: web::Query<PageQuery>,
    filter: web::Query<ContractFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadContracts)?;
    let page = Page::from_query(page.into_inner())?;
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
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not see contracts", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such contract", body = Problem, content_type = "application/problem+json")
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

async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<contracts::Model, ApiError> {
    crate::db::unique(conn, contracts::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound("contract"))
}

async fn detail(
    conn: &impl ConnectionTrait,
    model: contracts::Model,
) -> Result<ContractDetail, ApiError> {
    let lines = contract_lines::Entity::find()
        .filter(contract_lines::Column::ContractId.eq(model.id))
        .order_by_asc(contract_lines::Column::OrderLineId)
        .all(conn)
        .await?;
    Ok(ContractDetail {
        contract: contract_from_model(model)?,
        covered_lines: lines
            .into_iter()
            .map(|line| CoveredLine {
                order_line_id: line.order_line_id,
                covered_value_cents: line.covered_value_cents,
            })
            .collect(),
    })
}

/// Change a contract's maintenance contact, technician, sites or installed versions.
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The contract's id")),
    request_body = ContractChanges,
    responses(
        (status = 200, description = "The changed contract", body = ContractDetail),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not write contracts", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such contract", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or the contract is expired or cancelled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or references", body = Problem, content_type = "application/problem+json")
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
    if current.version != changes.version {
        return Err(ApiError::StaleVersion {
            current: current.version,
        });
    }
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
        crate::routes::contacts::of_customer(
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
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not write contracts", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such contract", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or the current state does not allow the action (`illegal_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field the action requires is missing, or one it does not use is given", body = Problem, content_type = "application/problem+json")
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

/// Moves contract `id` one step for `caller` at `now` in `txn`: the
/// handler's work, and the demo's with instants of its own. The caller has
/// checked the permission.
pub async fn transition_at(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    id: Uuid,
    step: Transition,
    now: DateTime<Utc>,
) -> Result<contracts::Model, ApiError> {
    let reason = check_step_fields(&step)?;
    let current = find(txn, id).await?;
    if current.version != step.version {
        return Err(ApiError::StaleVersion {
            current: current.version,
        });
    }
    let before = contract_from_model(current.clone())?;
    let next = before
        .status
        .apply(step.action)
        .map_err(|refusal| ApiError::conflict("illegal_transition", refusal.to_string()))?;
    let mut model = current.into_active_model();
    model.status = Set(next.code().to_owned());
    match step.action {
        Step::Invoice => {
            model.invoice_method = Set(step.invoice_method.as_ref().map(encode));
            model.invoice_sent_on = Set(step.invoice_sent_on);
        }
        Step::Pay => {
            let today = now.with_timezone(&ORG_TZ).date_naive();
            model.paid_on = Set(Some(step.paid_on.unwrap_or(today)));
        }
        Step::Cancel => model.cancel_reason = Set(reason),
        Step::Agree | Step::Sign | Step::Expire => {}
    }
    let after = save(txn, model, step.version, now).await?;
    let action = format!("contract.{}", step.action.code());
    record_change(txn, caller, &action, &before, &after, now).await?;
    Ok(after)
}

/// Each action takes exactly the fields it records; returns the trimmed cancel reason.
fn check_step_fields(step: &Transition) -> Result<Option<String>, ApiError> {
    let mut errors = rapport_types::problem::FieldErrors::new();
    let mut require = |field: &str, present: bool, wanted: bool| {
        let message = match (present, wanted) {
            (false, true) => format!("is required to `{}`", step.action.code()),
            (true, false) => format!("is not used by `{}`", step.action.code()),
            _ => return,
        };
        errors.insert(field.to_owned(), vec![message]);
    };
    let reason = step
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|reason| !reason.is_empty())
        .map(str::to_owned);
    let is = |action: Step| step.action == action;
    require(
        "invoice_method",
        step.invoice_method.is_some(),
        is(Step::Invoice),
    );
    require(
        "invoice_sent_on",
        step.invoice_sent_on.is_some(),
        is(Step::Invoice),
    );
    if step.paid_on.is_some() && !is(Step::Pay) {
        require("paid_on", true, false);
    }
    require(
        "reason",
        reason.is_some() || step.reason.is_some(),
        is(Step::Cancel),
    );
    if is(Step::Cancel) && step.reason.is_some() && reason.is_none() {
        errors.insert("reason".to_owned(), vec!["must not be blank".to_owned()]);
    }
    if errors.is_empty() {
        Ok(reason)
    } else {
        Err(ApiError::Validation(errors))
    }
}

async fn save(
    txn: &impl ConnectionTrait,
    mut model: contracts::ActiveModel,
    version: i32,
    now: DateTime<Utc>,
) -> Result<contracts::Model, ApiError> {
    model.version = Set(version + 1);
    model.updated_at = Set(now);
    crate::db::update_versioned(txn, model, contracts::Column::Version, version).await
}

async fn record_change(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    action: &str,
    before: &Contract,
    after: &contracts::Model,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let after = contract_from_model(after.clone())?;
    audit::record(
        txn,
        now,
        Entry {
            actor: Some(caller.id),
            action,
            entity_type: "contract",
            entity_id: after.id.to_string(),
            before: serde_json::to_value(before).ok(),
            after: serde_json::to_value(&after).ok(),
        },
    )
    .await
}
