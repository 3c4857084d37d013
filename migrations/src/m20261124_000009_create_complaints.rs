//! Complaints (投诉, SPEC section 7) and their append-only timeline.
//!
//! `promised_by` is the handling time promised to the customer; an open
//! complaint past it is overdue, so it is indexed for the dashboard.

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{self, TableParts};

use super::m20261123_000002_create_users::Users;
use super::m20261123_000003_create_customers::{Contacts, Customers};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Complaints::Table)
                    .col(uuid(Complaints::Id).primary_key())
                    .col(uuid(Complaints::CustomerId))
                    .col(uuid_null(Complaints::ContactId))
                    // The service request the complaint came in with. No foreign
                    // key: `service_requests` is created by another migration that
                    // may run after this one, so the API checks the reference.
                    .col(uuid_null(Complaints::RequestId))
                    .col(string_len(Complaints::Summary, 200))
                    .col(text(Complaints::Details))
                    .col(string_len(Complaints::Status, 32))
                    .col(timestamp_with_time_zone(Complaints::PromisedBy))
                    .col(string_len_null(Complaints::ResponsibleDepartment, 32))
                    .col(text_null(Complaints::Cause))
                    .col(text_null(Complaints::Solution))
                    .col(uuid_null(Complaints::ApprovedBy))
                    .col(timestamp_with_time_zone_null(Complaints::ApprovedAt))
                    .col(timestamp_with_time_zone_null(Complaints::ResolvedAt))
                    .col(timestamp_with_time_zone_null(Complaints::RevisitedAt))
                    .col(small_integer_null(Complaints::Satisfaction))
                    .col(uuid(Complaints::CreatedBy))
                    .version_and_times()
                    .references(
                        "fk_complaints_customer",
                        Complaints::CustomerId,
                        Customers::Table,
                    )
                    .references(
                        "fk_complaints_contact",
                        Complaints::ContactId,
                        Contacts::Table,
                    )
                    .references(
                        "fk_complaints_approved_by",
                        Complaints::ApprovedBy,
                        Users::Table,
                    )
                    .references(
                        "fk_complaints_created_by",
                        Complaints::CreatedBy,
                        Users::Table,
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_complaints_status", Complaints::Status),
            ("ix_complaints_customer_id", Complaints::CustomerId),
            ("ix_complaints_promised_by", Complaints::PromisedBy),
        ] {
            ddl::index(manager, name, Complaints::Table, [column]).await?;
        }

        ddl::timeline_table(manager, "complaint", "complaints").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_tables(
            manager,
            [
                ComplaintEvents::Table.into_iden(),
                Complaints::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Complaints {
    Table,
    Id,
    CustomerId,
    ContactId,
    RequestId,
    Summary,
    Details,
    Status,
    PromisedBy,
    ResponsibleDepartment,
    Cause,
    Solution,
    ApprovedBy,
    ApprovedAt,
    ResolvedAt,
    RevisitedAt,
    Satisfaction,
    CreatedBy,
}

#[derive(DeriveIden)]
enum ComplaintEvents {
    Table,
}
