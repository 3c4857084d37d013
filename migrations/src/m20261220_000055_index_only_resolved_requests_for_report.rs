//! The monthly report's index of resolved requests holds only requests
//! that are resolved (`WHERE resolved_at IS NOT NULL`, which both
//! databases use for a range of `resolved_at`, as the report's count of
//! a month is). Every request is taken in unresolved, and in the full
//! index each new one went among the open ones by department and
//! assignee, a page of its own for nearly every request an intake batch
//! writes, for entries no report reads (docs/benchmarks.md, seventeenth
//! session).

use sea_orm_migration::prelude::*;

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "ix_service_requests_resolved_at_report";
const TABLE: &str = "service_requests";
const COLUMNS: &str = "resolved_at, department, assignee_id, category, priority";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_index(manager, INDEX, Alias::new(TABLE)).await?;
        ddl::partial_index(manager, INDEX, TABLE, COLUMNS, "resolved_at IS NOT NULL").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_index(manager, INDEX, Alias::new(TABLE)).await?;
        manager
            .get_connection()
            .execute_unprepared(&format!("CREATE INDEX {INDEX} ON {TABLE} ({COLUMNS})"))
            .await
            .map(|_| ())
    }
}
