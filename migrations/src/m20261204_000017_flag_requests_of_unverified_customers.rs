//! `service_requests.customer_unverified`: a request taken in for a customer
//! still `pending_review` (SPEC 2: never turned away, but flagged, and the
//! reviewers told). Requests taken in before were not flagged.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ServiceRequests::Table)
                    .add_column(boolean(ServiceRequests::CustomerUnverified).default(false))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ServiceRequests::Table)
                    .drop_column(ServiceRequests::CustomerUnverified)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum ServiceRequests {
    Table,
    CustomerUnverified,
}
