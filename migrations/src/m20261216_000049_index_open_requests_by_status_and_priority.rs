//! Open requests in one status and one priority ("assigned and urgent"),
//! newest first, read in their order from `(status, priority, created_at,
//! id) WHERE` [`open_sql`]: a page reads a page of entries.
//!
//! PostgreSQL chose between reading every match from `(status, department,
//! priority, created_at)` and sorting them, and walking `(status,
//! created_at, id)` testing each row's priority, by its sampled
//! statistics, and changed its mind when the table was analysed again
//! (the first about twice as dear: docs/benchmarks.md). This index gives
//! the order itself, and holds open requests only. SQLite,
//! which cannot tell that a bound status is an open one, does not read
//! it; it walks `(status, created_at, id)` as before.
//!
//! [`open_sql`]: crate::m20261212_000039_index_open_requests_by_department::open_sql

use sea_orm_migration::prelude::*;

use crate::ddl;
use crate::m20261212_000039_index_open_requests_by_department::open_sql;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "ix_service_requests_open_status_priority_created_at";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::partial_index(
            manager,
            INDEX,
            "service_requests",
            "status, priority, created_at, id",
            &open_sql(),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_index(manager, INDEX, Alias::new("service_requests")).await
    }
}
