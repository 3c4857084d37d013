//! `notifications.params`: what a notification tells, as its kind's
//! parameters (request number, customer, score, …) rather than a finished
//! sentence, so the app says it in the reader's language. Rows written
//! before keep their `subject` and `body` and no params.

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::add_column(
            manager,
            Notifications::Table,
            json_binary_null(Notifications::Params),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_column(manager, Notifications::Table, Notifications::Params).await
    }
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Params,
}
