//! `service_requests.customer_unverified`: a request taken in for a customer
//! still `pending_review` (SPEC 2: never turned away, but flagged, and the
//! reviewers told). Requests taken in before were not flagged.

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::add_column(
            manager,
            ServiceRequests::Table,
            boolean(ServiceRequests::CustomerUnverified).default(false),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_column(
            manager,
            ServiceRequests::Table,
            ServiceRequests::CustomerUnverified,
        )
        .await
    }
}

#[derive(DeriveIden)]
enum ServiceRequests {
    Table,
    CustomerUnverified,
}
