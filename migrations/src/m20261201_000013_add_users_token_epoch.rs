//! `users.token_epoch`: access tokens carry the epoch they were issued in;
//! logging out, deactivating a user or changing their password or role
//! bumps it, which ends every access token issued before at once.

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::add_column(manager, Users::Table, integer(Users::TokenEpoch).default(0)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_column(manager, Users::Table, Users::TokenEpoch).await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    TokenEpoch,
}
