//! The index of status, department and priority ends in `id` as well as
//! `created_at`, so that it gives the request list's whole order (newest
//! first, then by id) for those three filters together. Ending in
//! `created_at` alone, it left SQLite (without statistics) to choose
//! between the priority's own index, which gives the order but tests
//! every request of that priority, and sorting every request the three
//! filters keep, a whole backlog's worth once many are open
//! (docs/benchmarks.md, sixteenth session).
//!
//! It replaces the index of migration
//! `m20261124_000007_create_service_requests` and, as that one did,
//! counts the three filters' requests from the index alone.

use sea_orm_migration::prelude::*;

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// An index: its name, its table and its columns, each with its order.
type Spec = ddl::IndexSpec<ServiceRequests, Column>;

/// The composite index, with `id` last or as it was.
fn composite(with_id: bool) -> Vec<Spec> {
    let mut columns = vec![
        Column::Status,
        Column::Department,
        Column::Priority,
        Column::CreatedAt,
    ];
    let name = if with_id {
        columns.push(Column::Id);
        "ix_service_requests_status_department_priority_created_at_id"
    } else {
        "ix_service_requests_status_department_priority_created_at"
    };
    let columns = columns
        .into_iter()
        .map(|column| (column, IndexOrder::Asc))
        .collect();
    vec![(name, ServiceRequests, columns)]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::replace_indexes(manager, composite(true), composite(false)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::replace_indexes(manager, composite(false), composite(true)).await
    }
}

#[derive(DeriveIden, Clone, Copy)]
struct ServiceRequests;

#[derive(DeriveIden, Clone, Copy)]
enum Column {
    Id,
    Status,
    Department,
    Priority,
    CreatedAt,
}
