//! What a customer's first paid contract covers (SPEC section 5): the
//! customer's lines are read here and the rule, `first_contract_cover` of
//! `rapport_domain::fees`, decides. The quote and the draft both call
//! [`first_cover`], so a contract always covers what its quote priced.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rapport_domain::fees::{
    CandidateLine, FirstCover, Money, first_contract_cover, purchase_window,
};
use rapport_domain::lifecycle::contract::Status;
use rapport_domain::msg;
use rapport_entity::{contract_lines, contracts, order_lines, orders};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, RelationTrait, Select,
};
use uuid::Uuid;

use rapport_types::contracts::ContractKind;

use crate::error::ApiError;

/// The statuses of a contract that bound (or binds) us: a draft or a
/// cancelled contract covers nothing yet.
fn binding() -> Vec<&'static str> {
    Status::ALL
        .into_iter()
        .filter(|status| status.was_in_force())
        .map(Status::code)
        .collect()
}

/// The order lines (`order_line_id` alone) that the binding contracts of
/// kind `kind` of customer `customer_id` cover.
fn covered_lines(customer_id: Uuid, kind: ContractKind) -> Select<contract_lines::Entity> {
    contract_lines::Entity::find()
        .select_only()
        .column(contract_lines::Column::OrderLineId)
        .join(
            JoinType::InnerJoin,
            contract_lines::Relation::Contract.def(),
        )
        .filter(contracts::Column::CustomerId.eq(customer_id))
        .filter(contracts::Column::Kind.eq(kind))
        .filter(contracts::Column::Status.is_in(binding()))
}

/// The lines customer `customer_id`'s first paid contract starting on
/// `start` covers, and their value.
pub(super) async fn first_cover(
    conn: &impl ConnectionTrait,
    customer_id: Uuid,
    start: NaiveDate,
) -> Result<FirstCover<Uuid>, ApiError> {
    let (from, to) = purchase_window(start);
    // Free lines whose own free year ended on or before the start.
    let leaving_free = covered_lines(customer_id, ContractKind::Free)
        .filter(contract_lines::Column::FreeUntil.lte(start));
    let leaving: Vec<(Uuid, Option<NaiveDate>)> = leaving_free
        .clone()
        .column(contract_lines::Column::FreeUntil)
        .into_tuple()
        .all(conn)
        .await?;
    // The same lines as a subquery, however many a customer has.
    let leaving_ids = leaving_free.into_query();
    let free_until: HashMap<Uuid, NaiveDate> = leaving
        .into_iter()
        .filter_map(|(line, until)| until.map(|until| (line, until)))
        .collect();
    let rows: Vec<(order_lines::Model, Option<orders::Model>)> = order_lines::Entity::find()
        .find_also_related(orders::Entity)
        .filter(orders::Column::CustomerId.eq(customer_id))
        .filter(orders::Column::ArchivedAt.is_null())
        .filter(
            Condition::any()
                .add(orders::Column::OrderDate.between(from, to))
                .add(order_lines::Column::Id.in_subquery(leaving_ids)),
        )
        .order_by_asc(orders::Column::OrderDate)
        .order_by_asc(order_lines::Column::Id)
        .all(conn)
        .await?;
    let paid = under_paid_contract(conn, customer_id).await?;
    let mut candidates = Vec::with_capacity(rows.len());
    for (line, order) in rows {
        let Some(order) = order else { continue };
        candidates.push(CandidateLine {
            id: line.id,
            value: Money::from_cents(line.line_total_cents).map_err(|error| {
                ApiError::internal(format!("reading order line {}", line.id), error)
            })?,
            ordered_on: order.order_date,
            free_until: free_until.get(&line.id).copied(),
            under_paid_contract: paid.contains(&line.id),
        });
    }
    first_contract_cover(start, &candidates).map_err(|_| {
        ApiError::field(
            "purchases_cents",
            msg!("the customer's purchases are too large to sum"),
        )
    })
}

/// The customer's order lines a paid contract (signed or later, not
/// cancelled) covers.
pub(super) async fn under_paid_contract(
    conn: &impl ConnectionTrait,
    customer_id: Uuid,
) -> Result<HashSet<Uuid>, ApiError> {
    let lines: Vec<Uuid> = covered_lines(customer_id, ContractKind::Paid)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(lines.into_iter().collect())
}
