//! Customers, their contacts and the follow-up log (SPEC section 2).
//! Enumerations (stage, tier, channel, verification) are short strings the
//! API parses; customers and contacts archive instead of being deleted.

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{self, TableParts};

use super::m20261123_000002_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Customers::Table)
                    .col(uuid(Customers::Id).primary_key())
                    .col(string_len(Customers::Name, 200))
                    .col(string_len(Customers::Industry, 100).default(""))
                    .col(text(Customers::Address).default(""))
                    .col(string_len(Customers::Stage, 32))
                    .col(string_len(Customers::Tier, 32))
                    .col(uuid_null(Customers::AccountManagerId))
                    .col(string_len(Customers::PreferredChannel, 32))
                    .col(string_len(Customers::Verification, 32))
                    .col(text_null(Customers::RejectionReason))
                    .col(uuid(Customers::RegisteredBy))
                    .col(uuid_null(Customers::ReviewedBy))
                    .col(timestamp_with_time_zone_null(Customers::ReviewedAt))
                    .col(date_null(Customers::LastRoutineVisitOn))
                    .col(timestamp_with_time_zone_null(Customers::ArchivedAt))
                    .version_and_times()
                    .references(
                        "fk_customers_account_manager",
                        Customers::AccountManagerId,
                        Users::Table,
                    )
                    .references(
                        "fk_customers_registered_by",
                        Customers::RegisteredBy,
                        Users::Table,
                    )
                    .references(
                        "fk_customers_reviewed_by",
                        Customers::ReviewedBy,
                        Users::Table,
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_customers_name", Customers::Name),
            ("ix_customers_tier", Customers::Tier),
            (
                "ix_customers_account_manager_id",
                Customers::AccountManagerId,
            ),
            ("ix_customers_verification", Customers::Verification),
        ] {
            ddl::index(manager, name, Customers::Table, [column]).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Contacts::Table)
                    .col(uuid(Contacts::Id).primary_key())
                    .col(uuid(Contacts::CustomerId))
                    .col(string_len(Contacts::Name, 100))
                    .col(string_len(Contacts::Position, 100).default(""))
                    .col(string_len(Contacts::Department, 100).default(""))
                    .col(string_len(Contacts::Phone, 64).default(""))
                    .col(string_len(Contacts::Email, 254).default(""))
                    .col(date_null(Contacts::Birthday))
                    .col(boolean(Contacts::IsExecutive).default(false))
                    .col(string_len(Contacts::PreferredChannel, 32))
                    .col(timestamp_with_time_zone_null(Contacts::ArchivedAt))
                    .version_and_times()
                    .references(
                        "fk_contacts_customer",
                        Contacts::CustomerId,
                        Customers::Table,
                    )
                    .to_owned(),
            )
            .await?;
        ddl::index(
            manager,
            "ix_contacts_customer_id",
            Contacts::Table,
            [Contacts::CustomerId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(FollowUps::Table)
                    .col(uuid(FollowUps::Id).primary_key())
                    .col(uuid(FollowUps::CustomerId))
                    .col(uuid_null(FollowUps::ContactId))
                    .col(timestamp_with_time_zone(FollowUps::OccurredAt))
                    .col(string_len(FollowUps::Method, 32))
                    .col(text(FollowUps::Summary))
                    .col(text(FollowUps::Feedback).default(""))
                    .col(text(FollowUps::Outcome).default(""))
                    .col(text(FollowUps::NextStep).default(""))
                    .col(uuid(FollowUps::RecordedBy))
                    .col(timestamp_with_time_zone(FollowUps::CreatedAt))
                    .references(
                        "fk_follow_ups_customer",
                        FollowUps::CustomerId,
                        Customers::Table,
                    )
                    .references(
                        "fk_follow_ups_contact",
                        FollowUps::ContactId,
                        Contacts::Table,
                    )
                    .references(
                        "fk_follow_ups_recorded_by",
                        FollowUps::RecordedBy,
                        Users::Table,
                    )
                    .to_owned(),
            )
            .await?;
        // A customer's log is listed newest first.
        ddl::index(
            manager,
            "ix_follow_ups_customer_occurred",
            FollowUps::Table,
            [FollowUps::CustomerId, FollowUps::OccurredAt],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_tables(
            manager,
            [
                FollowUps::Table.into_iden(),
                Contacts::Table.into_iden(),
                Customers::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
pub(crate) enum Customers {
    Table,
    Id,
    Name,
    Industry,
    Address,
    Stage,
    Tier,
    AccountManagerId,
    PreferredChannel,
    Verification,
    RejectionReason,
    RegisteredBy,
    ReviewedBy,
    ReviewedAt,
    LastRoutineVisitOn,
    ArchivedAt,
}

#[derive(DeriveIden)]
pub(crate) enum Contacts {
    Table,
    Id,
    CustomerId,
    Name,
    Position,
    Department,
    Phone,
    Email,
    Birthday,
    IsExecutive,
    PreferredChannel,
    ArchivedAt,
}

#[derive(DeriveIden)]
enum FollowUps {
    Table,
    Id,
    CustomerId,
    ContactId,
    OccurredAt,
    Method,
    Summary,
    Feedback,
    Outcome,
    NextStep,
    RecordedBy,
    CreatedAt,
}
