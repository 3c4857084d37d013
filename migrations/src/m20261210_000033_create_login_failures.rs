//! `login_failures`: the login throttle's counts, shared by every instance
//! (an attacker spreading guesses over several servers gets one allowance).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LoginFailures::Table)
                    .col(text(LoginFailures::Key).primary_key())
                    .col(timestamp_with_time_zone(LoginFailures::StartedAt))
                    .col(integer(LoginFailures::Failures))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LoginFailures::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum LoginFailures {
    Table,
    Key,
    StartedAt,
    Failures,
}
