//! Return visits, customer surveys and notifications (SPEC section 6).
//!
//! `return_visits` holds every visit: the return visit a resolution
//! schedules, and executive and routine visits to customers. `surveys` are
//! one-time public links (only the token's digest is stored). A
//! `notifications` row is one message to one user, read or not.

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{self, TableParts};

use super::m20261123_000002_create_users::Users;
use super::m20261123_000003_create_customers::{Contacts, Customers};
use super::m20261124_000007_create_service_requests::ServiceRequests;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReturnVisits::Table)
                    .col(uuid(ReturnVisits::Id).primary_key())
                    // `return`, `executive` or `routine`.
                    .col(string_len(ReturnVisits::Kind, 16))
                    .col(uuid(ReturnVisits::CustomerId))
                    .col(uuid_null(ReturnVisits::RequestId))
                    .col(uuid_null(ReturnVisits::ContactId))
                    // `due`, `done` or `cancelled`.
                    .col(string_len(ReturnVisits::Status, 16))
                    .col(timestamp_with_time_zone(ReturnVisits::DueAt))
                    .col(timestamp_with_time_zone_null(ReturnVisits::VisitedAt))
                    .col(uuid_null(ReturnVisits::VisitedBy))
                    .col(small_integer_null(ReturnVisits::Satisfaction))
                    .col(text_null(ReturnVisits::Suggestions))
                    // The six checklist answers of SPEC section 6.
                    .col(json_binary_null(ReturnVisits::Checklist))
                    .col(uuid(ReturnVisits::CreatedBy))
                    .version_and_times()
                    .references(
                        "fk_return_visits_customer",
                        ReturnVisits::CustomerId,
                        Customers::Table,
                    )
                    .references(
                        "fk_return_visits_request",
                        ReturnVisits::RequestId,
                        ServiceRequests::Table,
                    )
                    .references(
                        "fk_return_visits_contact",
                        ReturnVisits::ContactId,
                        Contacts::Table,
                    )
                    .references(
                        "fk_return_visits_visited_by",
                        ReturnVisits::VisitedBy,
                        Users::Table,
                    )
                    .references(
                        "fk_return_visits_created_by",
                        ReturnVisits::CreatedBy,
                        Users::Table,
                    )
                    .to_owned(),
            )
            .await?;
        ddl::index(
            manager,
            "ix_return_visits_status_due_at",
            ReturnVisits::Table,
            [ReturnVisits::Status, ReturnVisits::DueAt],
        )
        .await?;
        ddl::index(
            manager,
            "ix_return_visits_request_id",
            ReturnVisits::Table,
            [ReturnVisits::RequestId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Surveys::Table)
                    .col(uuid(Surveys::Id).primary_key())
                    .col(uuid(Surveys::RequestId))
                    // SHA-256 of the token in the link; the token itself is shown once.
                    .col(string_len(Surveys::TokenDigest, 64))
                    .col(timestamp_with_time_zone(Surveys::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Surveys::AnsweredAt))
                    .col(small_integer_null(Surveys::Resolution))
                    .col(small_integer_null(Surveys::Speed))
                    .col(small_integer_null(Surveys::Attitude))
                    .col(text_null(Surveys::Comment))
                    .col(uuid(Surveys::CreatedBy))
                    .col(timestamp_with_time_zone(Surveys::CreatedAt))
                    .references(
                        "fk_surveys_request",
                        Surveys::RequestId,
                        ServiceRequests::Table,
                    )
                    .references("fk_surveys_created_by", Surveys::CreatedBy, Users::Table)
                    .to_owned(),
            )
            .await?;
        ddl::unique_index(
            manager,
            "ux_surveys_token_digest",
            Surveys::Table,
            [Surveys::TokenDigest],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(uuid(Notifications::Id).primary_key())
                    .col(uuid(Notifications::UserId))
                    .col(string_len(Notifications::Kind, 48))
                    .col(string_len(Notifications::Subject, 200))
                    .col(text(Notifications::Body))
                    .col(string_len(Notifications::EntityType, 32))
                    .col(string_len(Notifications::EntityId, 64))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .references("fk_notifications_user", Notifications::UserId, Users::Table)
                    .to_owned(),
            )
            .await?;
        ddl::index(
            manager,
            "ix_notifications_user_id_created_at",
            Notifications::Table,
            [Notifications::UserId, Notifications::CreatedAt],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_tables(
            manager,
            [
                Notifications::Table.into_iden(),
                Surveys::Table.into_iden(),
                ReturnVisits::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum ReturnVisits {
    Table,
    Id,
    Kind,
    CustomerId,
    RequestId,
    ContactId,
    Status,
    DueAt,
    VisitedAt,
    VisitedBy,
    Satisfaction,
    Suggestions,
    Checklist,
    CreatedBy,
}

#[derive(DeriveIden)]
enum Surveys {
    Table,
    Id,
    RequestId,
    TokenDigest,
    ExpiresAt,
    AnsweredAt,
    Resolution,
    Speed,
    Attitude,
    Comment,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    Subject,
    Body,
    EntityType,
    EntityId,
    CreatedAt,
    ReadAt,
}
