//! The whole visit list (`GET /api/v1/visits` with no status or customer,
//! oldest due first) read through an index in its order instead of
//! sorting every visit for each page: there is one return visit per
//! resolved request, so the table grows as fast as the requests do.

use sea_orm_migration::prelude::*;

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const NAME: &str = "ix_return_visits_due_at_id";

#[derive(DeriveIden)]
enum ReturnVisits {
    Table,
    DueAt,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::index(
            manager,
            NAME,
            ReturnVisits::Table,
            [ReturnVisits::DueAt, ReturnVisits::Id],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_index(manager, NAME, ReturnVisits::Table).await
    }
}
