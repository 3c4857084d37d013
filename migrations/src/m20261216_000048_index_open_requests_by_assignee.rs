//! "Mine" (an assignee's open requests, newest first) is read in its
//! order from `(assignee_id, created_at, id) WHERE` [`open_sql`], and
//! "unassigned" (the open requests with none) from `(created_at, id)` of
//! those alone: a page reads a page of entries, where before every one of
//! them was read from the table and sorted for a page of 50. SQLite would
//! read both from the first index, where `assignee_id IS NULL` fixes the
//! first column as an equality does; PostgreSQL does not take it so, and
//! sorted. Both hold open requests only, so they stay small however many
//! requests were ever taken in.
//!
//! [`open_sql`]: crate::m20261212_000039_index_open_requests_by_department::open_sql

use sea_orm_migration::prelude::*;

use crate::ddl;
use crate::m20261212_000039_index_open_requests_by_department::open_sql;

#[derive(DeriveMigrationName)]
pub struct Migration;

const BY_ASSIGNEE: &str = "ix_service_requests_open_assignee_created_at";
const UNASSIGNED: &str = "ix_service_requests_open_unassigned_created_at";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::partial_index(
            manager,
            BY_ASSIGNEE,
            "service_requests",
            "assignee_id, created_at, id",
            &open_sql(),
        )
        .await?;
        ddl::partial_index(
            manager,
            UNASSIGNED,
            "service_requests",
            "created_at, id",
            &format!("{} AND assignee_id IS NULL", open_sql()),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_index(manager, UNASSIGNED, Alias::new("service_requests")).await?;
        ddl::drop_index(manager, BY_ASSIGNEE, Alias::new("service_requests")).await
    }
}
