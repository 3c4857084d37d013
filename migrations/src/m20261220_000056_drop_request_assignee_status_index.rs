//! Drops the index on (assignee_id, status, priority) of requests. It was
//! made for routing to count each person's open requests, which
//! `assignee_loads` keeps now; a person's queue and whether they work an
//! open request of a customer read the index of open requests by
//! assignee (`m20261216_000048`) instead, their "open" written as its
//! condition is. Every intake wrote each new request into it among the
//! assignee's others, a leaf page of its own for nearly every request of
//! a batch (docs/benchmarks.md, seventeenth session).

use sea_orm_migration::prelude::*;

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "ix_service_requests_assignee_id_status_priority";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_index(manager, INDEX, ServiceRequests::Table).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::index(
            manager,
            INDEX,
            ServiceRequests::Table,
            [
                ServiceRequests::AssigneeId,
                ServiceRequests::Status,
                ServiceRequests::Priority,
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum ServiceRequests {
    Table,
    AssigneeId,
    Status,
    Priority,
}
