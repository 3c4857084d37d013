//! Drafting a paid contract: the customer, package, people and covered
//! lines are checked, and the fee is priced from the customer's purchases
//! (a renewal of its last paid contract, or a first contract).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rapport_domain::customer::Use;
use rapport_domain::fees::Money;
use rapport_domain::lifecycle::contract::Status;
use rapport_domain::msg;
use rapport_domain::org::Role;
use rapport_domain::warranty::ContractPeriod;
use rapport_entity::{contract_lines, contracts, order_lines, orders, users};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use rapport_types::contracts::{
    ContractDetail, ContractKind, CoveredLine, NewContract, Technician,
};

use super::{contract_from_model, packages, quotes};
use crate::audit::{self, Entry};
use crate::error::ApiError;

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
        .map_err(|error| ApiError::field("period_end", error.message()))?;
    let mut seen = HashSet::new();
    if !new.order_line_ids.iter().all(|id| seen.insert(*id)) {
        return Err(ApiError::field(
            "order_line_ids",
            msg!("lists a line twice"),
        ));
    }
    let customer = crate::services::customers::named(txn, new.customer_id).await?;
    crate::services::customers::refuse_archived(&customer)?;
    crate::services::customers::admit(&customer, Use::Contract)?;
    let package = crate::db::unique(
        txn,
        rapport_entity::packages::Entity::find_by_id(new.package_code.clone()),
    )
    .await?
    .filter(|package| package.active)
    .ok_or_else(|| ApiError::field("package_code", msg!("no such active package")))?;
    if let Some(contact) = new.maintenance_contact_id {
        crate::services::contacts::of_customer(txn, "maintenance_contact_id", customer.id, contact)
            .await?;
    }
    if let Some(technician) = new.technician_id {
        check_technician(txn, technician).await?;
    }
    let previous = match new.previous_contract_id {
        Some(id) => Some(quotes::renewed(txn, customer.id, id, period.start()).await?),
        None => quotes::previous_paid(txn, customer.id, period.start()).await?,
    };
    let found = quotes::customer_basis(txn, customer.id, period.start(), previous).await?;
    let given = covered_lines(txn, customer.id, &new.order_line_ids).await?;
    let (basis, covered) = if found.previous.is_some() {
        (found.basis, given)
    } else {
        first_contract_lines(txn, customer.id, &found, given).await?
    };
    let fee = basis.fee(packages::rate_of(&package)?)?;
    let covered: Vec<(order_lines::Model, Option<ContractPeriod>)> =
        covered.into_iter().map(|line| (line, None)).collect();
    let model = contracts::ActiveModel {
        id: Set(Uuid::new_v4()),
        customer_id: Set(customer.id),
        kind: Set(ContractKind::Paid),
        status: Set(Status::Draft),
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
pub(super) async fn checked_calendar(
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
            msg!("there is no calendar named “{name}”", name = name),
        )),
        Err(other) => Err(other),
    }
}

/// The people a contract may name as its technician: the active users
/// with that role (as [`check_technician`] accepts), by name.
pub async fn technicians(conn: &impl ConnectionTrait) -> Result<Vec<Technician>, ApiError> {
    let rows = users::Entity::find()
        .filter(users::Column::Active.eq(true))
        .filter(users::Column::Role.eq(Role::Technician))
        .order_by_asc(users::Column::DisplayName)
        .order_by_asc(users::Column::Id)
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|user| Technician {
            id: user.id,
            display_name: user.display_name,
            department: user.department,
        })
        .collect())
}

/// The technician must be an active user with that role.
pub(super) async fn check_technician(
    conn: &impl ConnectionTrait,
    id: Uuid,
) -> Result<(), ApiError> {
    let user = crate::db::unique(conn, users::Entity::find_by_id(id)).await?;
    match user {
        Some(user) if user.active && user.role == Role::Technician => Ok(()),
        _ => Err(ApiError::field(
            "technician_id",
            msg!("must be an active technician"),
        )),
    }
}

/// A first contract covers the lines its quote priced (`found`), and any
/// other line of the customer's that the caller `given` as well, at its
/// value; a given line already under a paid contract is refused, since
/// it would be paid for twice.
async fn first_contract_lines(
    conn: &impl ConnectionTrait,
    customer_id: Uuid,
    found: &quotes::CustomerBasis,
    given: Vec<order_lines::Model>,
) -> Result<(quotes::Basis, Vec<order_lines::Model>), ApiError> {
    let quoted: HashSet<Uuid> = found.lines.iter().copied().collect();
    let extra: Vec<order_lines::Model> = given
        .into_iter()
        .filter(|line| !quoted.contains(&line.id))
        .collect();
    let mut covered = found.basis.first_covered().unwrap_or(Money::ZERO);
    if !extra.is_empty() {
        let paid = super::cover::under_paid_contract(conn, customer_id).await?;
        for line in &extra {
            if paid.contains(&line.id) {
                return Err(ApiError::field(
                    "order_line_ids",
                    msg!("{id} is already under a paid contract", id = line.id),
                ));
            }
            covered = Money::from_cents(line.line_total_cents)
                .and_then(|value| covered.checked_add(value))
                .map_err(|_| {
                    ApiError::field("order_line_ids", msg!("the covered value is too large"))
                })?;
        }
    }
    let mut quoted_lines = if found.lines.is_empty() {
        Vec::new()
    } else {
        order_lines::Entity::find()
            .filter(order_lines::Column::Id.is_in(found.lines.clone()))
            .all(conn)
            .await?
    };
    // In the order the rule found them (oldest order first).
    let rank: HashMap<Uuid, usize> = found
        .lines
        .iter()
        .enumerate()
        .map(|(rank, id)| (*id, rank))
        .collect();
    quoted_lines.sort_by_key(|line| rank.get(&line.id).copied().unwrap_or(usize::MAX));
    quoted_lines.extend(extra);
    Ok((quotes::Basis::First { covered }, quoted_lines))
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
                msg!("{id} is not an order line of this customer", id = id),
            )
        })?;
        lines.push(line);
    }
    Ok(lines)
}

/// Writes the covered lines of a contract, each at its line total and, on
/// a free contract, with its own free year (none while its warranty has
/// not started).
pub(super) async fn insert_lines(
    conn: &impl ConnectionTrait,
    contract_id: Uuid,
    lines: &[(order_lines::Model, Option<ContractPeriod>)],
) -> Result<Vec<CoveredLine>, ApiError> {
    let mut covered = Vec::with_capacity(lines.len());
    for (line, free) in lines {
        let saved = contract_lines::ActiveModel {
            id: Set(Uuid::new_v4()),
            contract_id: Set(contract_id),
            order_line_id: Set(line.id),
            covered_value_cents: Set(line.line_total_cents),
            free_from: Set(free.map(ContractPeriod::start)),
            free_until: Set(free.map(ContractPeriod::end)),
        }
        .insert(conn)
        .await?;
        covered.push(super::covered_line(saved));
    }
    Ok(covered)
}
