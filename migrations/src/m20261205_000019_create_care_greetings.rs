//! `care_greetings`: each birthday or holiday greeting made (SPEC 2, seed
//! 004), once per greeted record and day: `subject` is the contact for a
//! birthday, the customer for a holiday. The greeting itself is logged as
//! a follow-up, which this row points to.

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{TableParts, unique_index};

use super::m20261123_000002_create_users::Users;
use super::m20261123_000003_create_customers::Customers;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CareGreetings::Table)
                    .col(uuid(CareGreetings::Id).primary_key())
                    .col(string_len(CareGreetings::Occasion, 16))
                    .col(uuid(CareGreetings::Subject))
                    .col(date(CareGreetings::Day))
                    .col(uuid(CareGreetings::CustomerId))
                    .col(uuid(CareGreetings::FollowUpId))
                    .col(uuid(CareGreetings::GreetedBy))
                    .col(timestamp_with_time_zone(CareGreetings::GreetedAt))
                    .references(
                        "fk_care_greetings_customer",
                        CareGreetings::CustomerId,
                        Customers::Table,
                    )
                    .references(
                        "fk_care_greetings_follow_up",
                        CareGreetings::FollowUpId,
                        Alias::new("follow_ups"),
                    )
                    .references(
                        "fk_care_greetings_greeted_by",
                        CareGreetings::GreetedBy,
                        Users::Table,
                    )
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "idx_care_greetings_once",
            CareGreetings::Table,
            [
                CareGreetings::Occasion,
                CareGreetings::Subject,
                CareGreetings::Day,
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CareGreetings::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum CareGreetings {
    Table,
    Id,
    Occasion,
    Subject,
    Day,
    CustomerId,
    FollowUpId,
    GreetedBy,
    GreetedAt,
}
