//! `/api/v1/contracts`: maintenance contracts (SPEC section 5, seed 003).
//! Paid contracts are priced here from the customer's real purchases with
//! `rapport_domain::fees` and moved through `lifecycle::contract`; free
//! contracts come from the monthly batch (`free_batch`). Packages and quotes
//! live in their own modules below.

pub mod free_batch;
pub mod packages;
pub mod quotes;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use rapport_domain::lifecycle::contract::{Action as Step, Status};
use rapport_domain::org::Role;
use rapport_domain::warranty::ContractPeriod;
use rapport_entity::{contract_lines, contracts, order_lines, orders, users};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

pub use rapport_types::contracts::InvoiceMethod;
use rapport_types::contracts::{
    Contract, ContractDetail, ContractKind, CoveredLine, NewContract, Transition,
};

use crate::audit::{self, Entry};
use crate::auth::Caller;
use crate::codes::{decode, encode};
use crate::error::ApiError;
use crate::services::customers::ORG_TZ;

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
        crate::services::contacts::of_customer(txn, "maintenance_contact_id", customer.id, contact)
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
        Entry::created(
            Some(caller),
            "contract.create",
            "contract",
            detail.contract.id,
            &detail,
        ),
    )
    .await?;
    Ok(detail)
}

/// A named calendar that exists, or none for a blank name; 422 on `calendar_name` otherwise.
pub async fn checked_calendar(
    conn: &impl ConnectionTrait,
    name: Option<&str>,
) -> Result<Option<String>, ApiError> {
    let Some(name) = name.map(str::trim).filter(|name| !name.is_empty()) else {
        return Ok(None);
    };
    match crate::services::calendar::named(conn, name).await {
        Ok(_) => Ok(Some(name.to_owned())),
        Err(ApiError::NotFound(_) | ApiError::Validation(_)) => Err(ApiError::field(
            "calendar_name",
            format!("there is no calendar named “{name}”"),
        )),
        Err(other) => Err(other),
    }
}

/// The technician must be an active user with that role.
pub async fn check_technician(conn: &impl ConnectionTrait, id: Uuid) -> Result<(), ApiError> {
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
pub async fn check_previous(
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
pub async fn covered_lines(
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

pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<contracts::Model, ApiError> {
    crate::db::unique(conn, contracts::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound("contract"))
}

pub async fn detail(
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
    crate::db::expect_version(current.version, step.version)?;
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
pub fn check_step_fields(step: &Transition) -> Result<Option<String>, ApiError> {
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

pub async fn save(
    txn: &impl ConnectionTrait,
    mut model: contracts::ActiveModel,
    version: i32,
    now: DateTime<Utc>,
) -> Result<contracts::Model, ApiError> {
    model.updated_at = Set(now);
    crate::db::update_versioned(txn, model, contracts::Column::Version, version).await
}

pub async fn record_change(
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
        Entry::changed(
            Some(caller.id),
            action,
            "contract",
            after.id,
            &before,
            &after,
        ),
    )
    .await
}
