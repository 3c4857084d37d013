//! A customer's visits (`GET /api/v1/visits?customer_id=`, oldest due
//! first) read through an index instead of scanning every visit: there is
//! one return visit per resolved request, so the table grows as fast as
//! the requests do.

use sea_orm_migration::prelude::*;

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const NAME: &str = "ix_return_visits_customer_id_due_at";

#[derive(DeriveIden)]
enum ReturnVisits {
    Table,
    CustomerId,
    DueAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::index(
            manager,
            NAME,
            ReturnVisits::Table,
            [ReturnVisits::CustomerId, ReturnVisits::DueAt],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_index(manager, NAME, ReturnVisits::Table).await
    }
}
