//! Indexes for every view of the request list, newest first: each filter
//! the app's views use alone (status, department, priority, customer,
//! assignee) leads an index that ends in the list's order `(created_at,
//! id)`, so a page, the first or the ten-thousandth by cursor, reads a
//! page of index entries. They replace the single-column indexes on
//! `customer_id`, `department`, `priority` and `created_at`, which they
//! begin with. Filters that keep most rows (billable, remote, open or not,
//! the breached view) walk `(created_at, id)` and test each row.

use sea_orm_migration::prelude::*;

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const REPLACED: [(&str, Requests); 4] = [
    ("ix_service_requests_customer_id", Requests::CustomerId),
    ("ix_service_requests_department", Requests::Department),
    ("ix_service_requests_priority", Requests::Priority),
    ("ix_service_requests_created_at", Requests::CreatedAt),
];

const CREATED: [(&str, Option<Requests>); 6] = [
    ("ix_service_requests_created_at_id", None),
    (
        "ix_service_requests_status_created_at",
        Some(Requests::Status),
    ),
    (
        "ix_service_requests_department_created_at",
        Some(Requests::Department),
    ),
    (
        "ix_service_requests_priority_created_at",
        Some(Requests::Priority),
    ),
    (
        "ix_service_requests_customer_id_created_at",
        Some(Requests::CustomerId),
    ),
    (
        "ix_service_requests_assignee_id_created_at",
        Some(Requests::AssigneeId),
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, leading) in CREATED {
            let columns: Vec<Requests> = leading
                .into_iter()
                .chain([Requests::CreatedAt, Requests::Id])
                .collect();
            ddl::index(manager, name, Requests::Table, columns).await?;
        }
        for (name, _) in REPLACED {
            ddl::drop_index(manager, name, Requests::Table).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, column) in REPLACED {
            ddl::index(manager, name, Requests::Table, [column]).await?;
        }
        for (name, _) in CREATED {
            ddl::drop_index(manager, name, Requests::Table).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Requests {
    #[sea_orm(iden = "service_requests")]
    Table,
    Id,
    Status,
    Department,
    Priority,
    CustomerId,
    AssigneeId,
    CreatedAt,
}
