//! `/api/v1/contracts`: maintenance contracts (SPEC section 5, seed 003).
//! Paid contracts are drafted in `drafts`, priced from the customer's real
//! purchases with `rapport_domain::fees`, and moved through their lifecycle
//! in `lifecycle`; free contracts come from the monthly batch
//! (`free_batch`). Packages and quotes live in their own modules below.

mod cover;
mod drafts;
pub mod free_batch;
mod lifecycle;
pub mod packages;
pub mod quotes;
mod service_stats;

use chrono::{DateTime, Days, NaiveDate, Utc};
use rapport_domain::lifecycle::contract::Status;
use rapport_domain::msg;
use rapport_entity::{contract_lines, contracts};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel,
    Order, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use rapport_types::contracts::{
    Contract, ContractChanges, ContractDetail, ContractFilter, ContractKind, CoveredLine,
};
use rapport_types::page::{PageQuery, Paged};

pub use drafts::{create_draft, technicians};
pub use lifecycle::{act, expire, transition_at};

use crate::audit::{self, Entry};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::pagination::{Keyset, Page};
use crate::services::customers::{self, ORG_TZ, set_if_given, trimmed};
use crate::settings::Cache;
use drafts::{check_technician, checked_calendar};

/// One page of contracts, newest first; `ending_within_days` keeps those
/// in force (and free periods) whose last day falls within that many days
/// of `now`, soonest first. Paged by number or by cursor (`id` breaks
/// ties); newest first is served by an index, alone or after the
/// customer or the status (migration `m20261212_000038_index_list_cursors`).
pub async fn list(
    conn: &impl ConnectionTrait,
    names: &Cache,
    page: PageQuery,
    filter: ContractFilter,
    now: DateTime<Utc>,
) -> Result<Paged<Contract>, ApiError> {
    use contracts::Column as C;
    let page = Page::from_query_or_cursor(page, filter.cursor.as_deref())?;
    let mut query = contracts::Entity::find();
    if let Some(id) = filter.customer_id {
        query = query.filter(C::CustomerId.eq(id));
    }
    if let Some(status) = filter.status {
        query = query.filter(C::Status.eq(status));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(C::Kind.eq(kind));
    }
    let cursor = filter.cursor.as_deref();
    let id = Expr::col((contracts::Entity, C::Id));
    let mut page = if let Some(days) = filter.ending_within_days {
        if days > 3660 {
            return Err(ApiError::field(
                "ending_within_days",
                msg!("must be between 0 and 3660"),
            ));
        }
        let today = now.with_timezone(&ORG_TZ).date_naive();
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
        let ending = next_end(today);
        query = query
            .filter(C::Status.is_in(in_force))
            .filter(ending.clone().between(today, last));
        let soonest: Keyset<NaiveDate> = Keyset::new('e', ending, Order::Asc, id, Order::Asc);
        page.fetch_keyed(conn, query, &soonest, cursor, contract_from_model)
            .await?
    } else {
        let at = Expr::col((contracts::Entity, C::CreatedAt));
        let newest: Keyset<DateTime<Utc>> = Keyset::new('c', at, Order::Desc, id, Order::Asc);
        page.fetch_keyed(conn, query, &newest, cursor, contract_from_model)
            .await?
    };
    let names =
        crate::names::of_customers(names, conn, page.items.iter().map(|c| c.customer_id)).await?;
    for contract in &mut page.items {
        contract.customer_name = names.get(&contract.customer_id).cloned();
    }
    Ok(page)
}

/// Contracts covering `day`: a paid contract within its period; a free
/// contract only while one of its lines' own free years holds the day (a
/// line whose warranty has not started covers nothing yet).
pub fn covering(day: NaiveDate) -> Condition {
    let line_covers = Query::select()
        .expr(Expr::val(1))
        .from(contract_lines::Entity)
        .and_where(
            Expr::col((contract_lines::Entity, contract_lines::Column::ContractId))
                .equals((contracts::Entity, contracts::Column::Id)),
        )
        .and_where(Expr::col((contract_lines::Entity, contract_lines::Column::FreeFrom)).lte(day))
        .and_where(Expr::col((contract_lines::Entity, contract_lines::Column::FreeUntil)).gte(day))
        .to_owned();
    let free = ContractKind::Free;
    Condition::any()
        .add(
            Condition::all()
                .add(contracts::Column::Kind.ne(free))
                .add(contracts::Column::PeriodStart.lte(day))
                .add(contracts::Column::PeriodEnd.gte(day)),
        )
        .add(
            Condition::all()
                .add(contracts::Column::Kind.eq(free))
                .add(Expr::exists(line_covers)),
        )
}

/// The next last day of cover from `today` on: a paid contract's period
/// end; for a free contract, the soonest end of its lines' own free years
/// not yet past (null when every line's has passed or none has started).
pub(crate) fn next_end(today: NaiveDate) -> Expr {
    let free_until = Expr::col((contract_lines::Entity, contract_lines::Column::FreeUntil));
    let soonest_free_end = Query::select()
        .expr(free_until.clone().min())
        .from(contract_lines::Entity)
        .and_where(
            Expr::col((contract_lines::Entity, contract_lines::Column::ContractId))
                .equals((contracts::Entity, contracts::Column::Id)),
        )
        .and_where(free_until.gte(today))
        .to_owned();
    Expr::case(
        Expr::col((contracts::Entity, contracts::Column::Kind)).eq(ContractKind::Free),
        soonest_free_end,
    )
    .finally(Expr::col((contracts::Entity, contracts::Column::PeriodEnd)))
    .into()
}

/// Contract `id` with the order lines it covers.
pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> Result<ContractDetail, ApiError> {
    let model = find(conn, id).await?;
    detail(conn, model).await
}

/// Changes the people, sites, versions or calendar of contract `id`, read
/// at `changes.version`; a contract that is over (expired or cancelled)
/// keeps what it had.
pub async fn update(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    changes: ContractChanges,
    now: DateTime<Utc>,
) -> Result<ContractDetail, ApiError> {
    let txn = crate::db::begin(db).await?;
    let current = find(&txn, id).await?;
    crate::db::expect_version(current.version, changes.version)?;
    if matches!(current.status, Status::Expired | Status::Cancelled) {
        return Err(ApiError::conflict(
            "contract_closed",
            msg!(
                "a contract that is `{status}` cannot be changed",
                status = current.status.code()
            ),
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
    set_if_given(
        &mut model.maintenance_contact_id,
        changes.maintenance_contact_id.map(Some),
    );
    set_if_given(&mut model.technician_id, changes.technician_id.map(Some));
    set_if_given(&mut model.sites, changes.sites);
    set_if_given(
        &mut model.installed_versions,
        changes.installed_versions.as_deref().map(trimmed),
    );
    if let Some(name) = changes.calendar_name.as_deref() {
        model.calendar_name = Set(checked_calendar(&txn, Some(name)).await?);
    }
    let after = save(&txn, model, changes.version, now).await?;
    record_change(
        &txn,
        Some(caller.id),
        "contract.update",
        &before,
        &after,
        now,
    )
    .await?;
    let detail = detail(&txn, after).await?;
    txn.commit().await?;
    Ok(detail)
}

/// The API's view of a stored contract.
fn contract_from_model(model: contracts::Model) -> Result<Contract, ApiError> {
    Ok(Contract {
        id: model.id,
        customer_id: model.customer_id,
        customer_name: None,
        kind: model.kind,
        status: model.status,
        package_code: model.package_code,
        period_start: model.period_start,
        period_end: model.period_end,
        covered_value_cents: model.covered_value_cents,
        fee_cents: model.fee_cents,
        previous_contract_id: model.previous_contract_id,
        maintenance_contact_id: model.maintenance_contact_id,
        technician_id: model.technician_id,
        technician_name: None,
        sites: model.sites,
        installed_versions: model.installed_versions,
        calendar_name: model.calendar_name,
        invoice_method: model.invoice_method,
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

/// Contract `id`, or 404.
async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<contracts::Model, ApiError> {
    crate::db::unique(conn, contracts::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound(msg!("contract")))
}

/// The contract a stored row describes, with its covered lines.
async fn detail(
    conn: &impl ConnectionTrait,
    model: contracts::Model,
) -> Result<ContractDetail, ApiError> {
    let lines = contract_lines::Entity::find()
        .filter(contract_lines::Column::ContractId.eq(model.id))
        .order_by_asc(contract_lines::Column::OrderLineId)
        .all(conn)
        .await?;
    let mut contract = contract_from_model(model)?;
    contract.customer_name = customers::names_of(conn, [contract.customer_id])
        .await?
        .remove(&contract.customer_id);
    if let Some(technician) = contract.technician_id {
        contract.technician_name = crate::services::users::names_of(conn, [technician])
            .await?
            .remove(&technician);
    }
    Ok(ContractDetail {
        contract,
        covered_lines: lines.into_iter().map(covered_line).collect(),
    })
}

/// The API's view of a stored covered line.
fn covered_line(line: contract_lines::Model) -> CoveredLine {
    CoveredLine {
        order_line_id: line.order_line_id,
        covered_value_cents: line.covered_value_cents,
        free_from: line.free_from,
        free_until: line.free_until,
    }
}

/// Saves a changed contract read at `version`, stamped `now`.
async fn save(
    txn: &impl ConnectionTrait,
    mut model: contracts::ActiveModel,
    version: i32,
    now: DateTime<Utc>,
) -> Result<contracts::Model, ApiError> {
    model.updated_at = Set(now);
    crate::db::update_versioned(txn, model, contracts::Column::Version, version).await
}

/// Audits `action` by `actor` (none: the scheduler) on a contract, from
/// `before` to the row saved.
async fn record_change(
    txn: &impl ConnectionTrait,
    actor: Option<Uuid>,
    action: &str,
    before: &Contract,
    after: &contracts::Model,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let after = contract_from_model(after.clone())?;
    audit::record(
        txn,
        now,
        Entry::changed(actor, action, "contract", after.id, &before, &after),
    )
    .await
}
