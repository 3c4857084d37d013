//! The customer list's order indexes end in `archived_at`, so that a walk
//! of live customers in either order, alone or after a filter's column,
//! reads the index alone. Without it each entry walked was looked up in
//! the table to test `archived_at IS NULL`: a numbered page 90,000 rows
//! down read 90,000 customers to find where it begins (docs/benchmarks.md).
//!
//! They replace the indexes of migration
//! `m20261211_000034_index_customer_and_audit_lists`, in the same orders.

use sea_orm_migration::prelude::*;

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// An index: its name, its table and its columns, each with its order.
type Spec = ddl::IndexSpec<Customers, Column>;

/// Each order index: its name before and now, the filter's column it
/// begins with (none for the list alone) and whether it is newest first.
const ORDERS: [(&str, &str, Option<Column>, bool); 10] = [
    (
        "ix_customers_name_id",
        "ix_customers_name_id_archived_at",
        None,
        false,
    ),
    (
        "ix_customers_created_at_id",
        "ix_customers_created_at_id_archived_at",
        None,
        true,
    ),
    (
        "ix_customers_tier_name_id",
        "ix_customers_tier_name_id_archived_at",
        Some(Column::Tier),
        false,
    ),
    (
        "ix_customers_tier_created_at_id",
        "ix_customers_tier_created_at_id_archived_at",
        Some(Column::Tier),
        true,
    ),
    (
        "ix_customers_stage_name_id",
        "ix_customers_stage_name_id_archived_at",
        Some(Column::Stage),
        false,
    ),
    (
        "ix_customers_stage_created_at_id",
        "ix_customers_stage_created_at_id_archived_at",
        Some(Column::Stage),
        true,
    ),
    (
        "ix_customers_verification_name_id",
        "ix_customers_verification_name_id_archived_at",
        Some(Column::Verification),
        false,
    ),
    (
        "ix_customers_verification_created_at_id",
        "ix_customers_verification_created_at_id_archived_at",
        Some(Column::Verification),
        true,
    ),
    (
        "ix_customers_account_manager_id_name_id",
        "ix_customers_account_manager_id_name_id_archived_at",
        Some(Column::AccountManagerId),
        false,
    ),
    (
        "ix_customers_account_manager_id_created_at_id",
        "ix_customers_account_manager_id_created_at_id_archived_at",
        Some(Column::AccountManagerId),
        true,
    ),
];

/// The order indexes, with `archived_at` last or as they were.
fn indexes(covering: bool) -> Vec<Spec> {
    ORDERS
        .into_iter()
        .map(|(before, now, filter, newest)| {
            let key = match newest {
                true => (Column::CreatedAt, IndexOrder::Desc),
                false => (Column::Name, IndexOrder::Asc),
            };
            let mut columns: Vec<(Column, IndexOrder)> = filter
                .map(|column| (column, IndexOrder::Asc))
                .into_iter()
                .collect();
            columns.extend([key, (Column::Id, IndexOrder::Asc)]);
            if covering {
                columns.push((Column::ArchivedAt, IndexOrder::Asc));
            }
            (if covering { now } else { before }, Customers, columns)
        })
        .collect()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::replace_indexes(manager, indexes(true), indexes(false)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::replace_indexes(manager, indexes(false), indexes(true)).await
    }
}

#[derive(DeriveIden, Clone, Copy)]
struct Customers;

#[derive(DeriveIden, Clone, Copy)]
enum Column {
    Id,
    Name,
    Tier,
    Stage,
    Verification,
    AccountManagerId,
    CreatedAt,
    ArchivedAt,
}
