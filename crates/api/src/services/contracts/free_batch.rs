//! The monthly free-first-year batch (SPEC section 5, seed 003): every order
//! dated from the 25th of the previous month up to (not including) the 25th
//! of the batch month gets one `free` contract per customer, priced 0.
//! Each covered line keeps its own free year from its own warranty start
//! (stored on the line; the contract's period is their span); a line not
//! yet delivered gets its year when its warranty starts ([`warranty_started`]).
//!
//! Running a month twice creates nothing twice. The batch claims its month
//! by inserting the `free_batches` row (primary key) first, in the same
//! transaction as the contracts, so a concurrent second run waits on that row
//! and then fails on the key; the unique (customer, month) index on contracts
//! is a second guard. Either violation is answered as "already run".

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use rapport_domain::customer::Use;
use rapport_domain::fees::Money;
use rapport_domain::lifecycle::contract::Status;
use rapport_domain::msg;
use rapport_domain::warranty::{
    BatchMonth, ContractPeriod, free_period, free_span, line_free_period,
};
use rapport_entity::{
    contract_lines, contracts, customers as customer_rows, free_batches, order_lines, orders,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr,
};
use uuid::Uuid;

use rapport_types::contracts::ContractKind;

use super::drafts::insert_lines;
use rapport_types::free_batch::FreeBatchOutcome;

use crate::audit::{self, Entry};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::services::customers::{self, ORG_TZ};

/// Runs the free batch of `month` for `caller` at `now`: the contracts it
/// created, or (`already_run`) nothing when the month had run before.
pub async fn run(
    db: &DatabaseConnection,
    caller: &Caller,
    month: BatchMonth,
    now: DateTime<Utc>,
) -> Result<FreeBatchOutcome, ApiError> {
    let window = month.window();
    let today = now.with_timezone(&ORG_TZ).date_naive();
    // Running before the window closes would leave the rest of its orders
    // without a free year for good, since a month runs only once.
    if today < window.until() {
        return Err(ApiError::conflict(
            "window_open",
            msg!(
                "the {month} batch takes orders until {until}; run it on or after that day",
                month = month,
                until = window.until()
            ),
        ));
    }
    let txn = crate::db::begin(db).await?;
    let claimed = free_batches::ActiveModel {
        month: Set(month.to_string()),
        ran_at: Set(now),
        ran_by: Set(caller.id),
        contracts_created: Set(0),
        lines_covered: Set(0),
    }
    .insert(&txn)
    .await;
    let claimed = match claimed {
        Ok(claimed) => claimed,
        Err(error) if is_unique_violation(&error) => {
            drop(txn);
            return already_run(db, month, now).await;
        }
        Err(error) => return Err(error.into()),
    };
    match create_contracts(&txn, caller, month, claimed, now).await {
        Ok(outcome) => match txn.commit().await {
            Ok(()) => Ok(outcome),
            Err(error) if is_unique_violation(&error) => already_run(db, month, now).await,
            Err(error) => Err(error.into()),
        },
        Err(BatchError::Db(error)) if is_unique_violation(&error) => {
            drop(txn);
            already_run(db, month, now).await
        }
        Err(BatchError::Db(error)) => Err(error.into()),
        Err(BatchError::Api(error)) => Err(error),
    }
}

/// A free contract's own period: the span of its lines' free years; while
/// none has started, the free year from the earliest order date, so the
/// contract has dates (its lines are covered only from their own start).
fn contract_span(
    lines: &[(order_lines::Model, NaiveDate)],
    covered: &[(order_lines::Model, Option<ContractPeriod>)],
) -> Option<ContractPeriod> {
    free_span(covered.iter().filter_map(|(_, period)| *period)).or_else(|| {
        lines
            .iter()
            .map(|(_, ordered_on)| *ordered_on)
            .min()
            .map(free_period)
    })
}

/// Why a batch stopped: a database error is looked at (a unique violation
/// means another run got there first), an API error is answered as it is.
enum BatchError {
    Db(DbErr),
    Api(ApiError),
}

impl From<DbErr> for BatchError {
    fn from(error: DbErr) -> BatchError {
        BatchError::Db(error)
    }
}

impl From<ApiError> for BatchError {
    fn from(error: ApiError) -> BatchError {
        BatchError::Api(error)
    }
}

fn is_unique_violation(error: &DbErr) -> bool {
    matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// The answer to a month that had already run: when it ran, nothing created.
async fn already_run(
    conn: &impl ConnectionTrait,
    month: BatchMonth,
    now: DateTime<Utc>,
) -> Result<FreeBatchOutcome, ApiError> {
    let stored =
        crate::db::unique(conn, free_batches::Entity::find_by_id(month.to_string())).await?;
    Ok(FreeBatchOutcome {
        month: month.to_string(),
        already_run: true,
        contracts_created: 0,
        lines_covered: 0,
        contract_ids: Vec::new(),
        ran_at: stored.map_or(now, |batch| batch.ran_at),
    })
}

/// One free contract per customer over the window's order lines.
async fn create_contracts(
    txn: &DatabaseTransaction,
    caller: &Caller,
    month: BatchMonth,
    claimed: free_batches::Model,
    now: DateTime<Utc>,
) -> Result<FreeBatchOutcome, BatchError> {
    let window = month.window();
    let rows: Vec<(order_lines::Model, Option<orders::Model>)> = order_lines::Entity::find()
        .find_also_related(orders::Entity)
        .filter(orders::Column::OrderDate.gte(window.from()))
        .filter(orders::Column::OrderDate.lt(window.until()))
        .filter(orders::Column::ArchivedAt.is_null())
        .order_by_asc(order_lines::Column::CreatedAt)
        .order_by_asc(order_lines::Column::Id)
        .all(txn)
        .await?;
    // BTreeMap: customers in a stable order, so reruns on a copy give the same ids order.
    let mut by_customer: BTreeMap<Uuid, Vec<(order_lines::Model, NaiveDate)>> = BTreeMap::new();
    for (line, order) in rows {
        if let Some(order) = order {
            by_customer
                .entry(order.customer_id)
                .or_default()
                .push((line, order.order_date));
        }
    }
    // Only a verified customer gets contracts (SPEC 2); orders need one
    // too, so this only holds back lines ordered before the review gate.
    let admitted: BTreeSet<Uuid> = customer_rows::Entity::find()
        .filter(customer_rows::Column::Id.is_in(by_customer.keys().copied()))
        .all(txn)
        .await?
        .into_iter()
        .filter(|customer| customers::admit(customer, Use::Contract).is_ok())
        .map(|customer| customer.id)
        .collect();
    by_customer.retain(|id, _| admitted.contains(id));
    let mut contract_ids = Vec::with_capacity(by_customer.len());
    let mut lines_covered: u32 = 0;
    for (customer_id, lines) in by_customer {
        // Each line keeps its own free year from its warranty start; a line
        // not yet delivered gets one when its warranty starts.
        let covered_lines: Vec<(order_lines::Model, Option<ContractPeriod>)> = lines
            .iter()
            .map(|(line, _)| (line.clone(), line_free_period(line.warranty_start)))
            .collect();
        let Some(period) = contract_span(&lines, &covered_lines) else {
            continue;
        };
        let covered = lines.iter().try_fold(Money::ZERO, |sum, (line, _)| {
            Money::from_cents(line.line_total_cents)
                .and_then(|cents| sum.checked_add(cents))
                .map_err(|_| ApiError::field("month", msg!("the covered value is too large")))
        })?;
        let model = contracts::ActiveModel {
            id: Set(Uuid::new_v4()),
            customer_id: Set(customer_id),
            kind: Set(ContractKind::Free),
            // Nothing is collected for the free year, so there is nothing to
            // agree, sign or invoice: it is stored as `paid` (settled, and in
            // force), which lets it expire like any other contract and counts
            // it among the contracts in force that end soon.
            status: Set(Status::Paid),
            package_code: Set(None),
            period_start: Set(period.start()),
            period_end: Set(period.end()),
            covered_value_cents: Set(covered.cents()),
            fee_cents: Set(0),
            previous_contract_id: Set(None),
            maintenance_contact_id: Set(None),
            technician_id: Set(None),
            sites: Set(1),
            installed_versions: Set(String::new()),
            calendar_name: Set(None),
            invoice_method: Set(None),
            invoice_sent_on: Set(None),
            paid_on: Set(None),
            cancel_reason: Set(None),
            free_batch_month: Set(Some(month.to_string())),
            created_by: Set(caller.id),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(txn)
        .await?;
        let covered_lines = insert_lines(txn, model.id, &covered_lines).await?;
        lines_covered =
            lines_covered.saturating_add(u32::try_from(covered_lines.len()).unwrap_or(u32::MAX));
        let contract = super::contract_from_model(model)?;
        audit::record(
            txn,
            now,
            Entry::created(
                Some(caller.id),
                "contract.create_free",
                "contract",
                contract.id,
                &contract,
            ),
        )
        .await?;
        contract_ids.push(contract.id);
    }
    let contracts_created = u32::try_from(contract_ids.len()).unwrap_or(u32::MAX);
    let mut batch = claimed.into_active_model();
    batch.contracts_created = Set(i32::try_from(contracts_created).unwrap_or(i32::MAX));
    batch.lines_covered = Set(i32::try_from(lines_covered).unwrap_or(i32::MAX));
    let batch = batch.update(txn).await?;
    audit::record(
        txn,
        now,
        Entry::created(
            Some(caller.id),
            "free_batch.run",
            "free_batch",
            &batch.month,
            &batch,
        ),
    )
    .await?;
    Ok(FreeBatchOutcome {
        month: month.to_string(),
        already_run: false,
        contracts_created,
        lines_covered,
        contract_ids,
        ran_at: batch.ran_at,
    })
}

/// Order line `line_id`'s warranty start is now `start` (recorded late, or
/// corrected): on each free contract covering it the line takes its own
/// free year from that day (SPEC 5: covered from the day it gets one), and
/// the contract's period becomes the span of its lines' years again.
pub async fn warranty_started(
    conn: &impl ConnectionTrait,
    line_id: Uuid,
    start: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let covering: Vec<(contract_lines::Model, Option<contracts::Model>)> =
        contract_lines::Entity::find()
            .find_also_related(contracts::Entity)
            .filter(contract_lines::Column::OrderLineId.eq(line_id))
            .filter(contracts::Column::Kind.eq(ContractKind::Free))
            .all(conn)
            .await?;
    let period = line_free_period(start);
    for (line, contract) in covering {
        let Some(contract) = contract else { continue };
        if (line.free_from, line.free_until)
            == (
                period.map(ContractPeriod::start),
                period.map(ContractPeriod::end),
            )
        {
            continue;
        }
        let mut changed = line.into_active_model();
        changed.free_from = Set(period.map(ContractPeriod::start));
        changed.free_until = Set(period.map(ContractPeriod::end));
        changed.update(conn).await?;
        let periods: Vec<(Option<NaiveDate>, Option<NaiveDate>)> = contract_lines::Entity::find()
            .select_only()
            .column(contract_lines::Column::FreeFrom)
            .column(contract_lines::Column::FreeUntil)
            .filter(contract_lines::Column::ContractId.eq(contract.id))
            .into_tuple()
            .all(conn)
            .await?;
        let span = free_span(
            periods
                .into_iter()
                .filter_map(|(from, until)| ContractPeriod::new(from?, until?).ok()),
        );
        if let Some(span) = span
            && (span.start(), span.end()) != (contract.period_start, contract.period_end)
        {
            let version = contract.version;
            let mut model = contract.into_active_model();
            model.period_start = Set(span.start());
            model.period_end = Set(span.end());
            model.version = Set(version.saturating_add(1));
            model.updated_at = Set(now);
            model.update(conn).await?;
        }
    }
    Ok(())
}
