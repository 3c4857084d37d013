//! On SQLite, the indexes of the request list's order, `(created_at, id)`
//! and `(priority, created_at, id)`, also hold where each request's clocks
//! stand (`sla_breached_from`, `sla_frozen`). The breached view walks one
//! of them newest first and tests each request; the newest are rarely
//! breached yet (a day's intake is still running), and each one tested
//! was a lookup of its row: thousands for a page of 50 once a day's
//! requests had come in. SQLite tests the columns an index holds before
//! it looks the row up, so the walk now reads index entries only until a
//! request matches (docs/benchmarks.md, eighteenth session).
//!
//! PostgreSQL tests a plain index scan's conditions on the row anyway and
//! chooses the breached view's plan by its statistics: it keeps the
//! indexes of `m20261209_000032`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// An index: its name, its table and its columns, each with its order.
type Spec = ddl::IndexSpec<ServiceRequests, Column>;

/// The two indexes of the list's order: their names as they were and with
/// the clocks' columns, and the column each leads with.
const ORDER_INDEXES: [(&str, &str, Option<Column>); 2] = [
    (
        "ix_service_requests_created_at_id",
        "ix_service_requests_created_at_id_sla",
        None,
    ),
    (
        "ix_service_requests_priority_created_at",
        "ix_service_requests_priority_created_at_id_sla",
        Some(Column::Priority),
    ),
];

/// The indexes of the list's order, with the clocks' columns or as they
/// were.
fn order_indexes(with_clocks: bool) -> Vec<Spec> {
    ORDER_INDEXES
        .into_iter()
        .map(|(name, name_with_clocks, leading)| {
            let clocks = [Column::SlaBreachedFrom, Column::SlaFrozen];
            let columns = leading
                .into_iter()
                .chain([Column::CreatedAt, Column::Id])
                .chain(clocks.into_iter().filter(|_| with_clocks))
                .map(|column| (column, IndexOrder::Asc))
                .collect();
            let name = if with_clocks { name_with_clocks } else { name };
            (name, ServiceRequests, columns)
        })
        .collect()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        ddl::replace_indexes(manager, order_indexes(true), order_indexes(false)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        ddl::replace_indexes(manager, order_indexes(false), order_indexes(true)).await
    }
}

#[derive(DeriveIden, Clone, Copy)]
struct ServiceRequests;

#[derive(DeriveIden, Clone, Copy)]
enum Column {
    Id,
    Priority,
    CreatedAt,
    SlaBreachedFrom,
    SlaFrozen,
}
