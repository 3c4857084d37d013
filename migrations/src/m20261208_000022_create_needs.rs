//! The customer needs list (客户需求清单, SPEC section 8, seed 002): one row
//! per need, its evaluation, plan (owner, milestones as JSON), the response
//! clock of its priority and the customer's confirmation. Coded columns get
//! their CHECK constraints from the enums, as in `check_coded_columns`.

use rapport_domain::lifecycle::need::{Kind, Status};
use rapport_domain::request::Priority;
use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{self, TableParts};
use crate::m20261202_000014_check_coded_columns::{self as coded, Coded, codes};

use super::m20261123_000002_create_users::Users;
use super::m20261123_000003_create_customers::Customers;
use super::m20261124_000007_create_service_requests::ServiceRequests;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The coded columns of `needs` and the codes each may hold.
pub fn coded_columns() -> Vec<Coded> {
    vec![
        Coded {
            table: "needs",
            column: "kind",
            codes: codes(&Kind::ALL),
        },
        Coded {
            table: "needs",
            column: "priority",
            codes: codes(&Priority::ALL),
        },
        Coded {
            table: "needs",
            column: "status",
            codes: Status::ALL.map(|s| s.code().to_owned()).to_vec(),
        },
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Needs::Table)
                    .col(uuid(Needs::Id).primary_key())
                    .col(uuid(Needs::CustomerId))
                    .col(uuid_null(Needs::RequestId))
                    .col(string_len(Needs::Kind, 16))
                    .col(string_len(Needs::Priority, 16))
                    .col(string_len(Needs::Title, 200))
                    .col(text(Needs::Description))
                    .col(string_len(Needs::Status, 32))
                    // The evaluation, 1 to 5 each; all three or none.
                    .col(small_integer_null(Needs::CustomerValue))
                    .col(small_integer_null(Needs::Fit))
                    .col(small_integer_null(Needs::Cost))
                    .col(text_null(Needs::SolutionDirection))
                    .col(uuid_null(Needs::OwnerId))
                    // `[{"title", "due", "done_at"}]`, in plan order.
                    .col(json_binary(Needs::Milestones))
                    // The priority's response target: its deadline, the instant
                    // it turns at risk (so lists filter in SQL), and the answer.
                    .col(timestamp_with_time_zone(Needs::RespondBy))
                    .col(timestamp_with_time_zone(Needs::AtRiskFrom))
                    .col(timestamp_with_time_zone_null(Needs::RespondedAt))
                    .col(timestamp_with_time_zone_null(Needs::DeliveredAt))
                    .col(string_len_null(Needs::ConfirmedBy, 100))
                    .col(timestamp_with_time_zone_null(Needs::ConfirmedAt))
                    .col(text_null(Needs::RejectedReason))
                    .col(uuid(Needs::CreatedBy))
                    .version_and_times()
                    .references("fk_needs_customer", Needs::CustomerId, Customers::Table)
                    .references("fk_needs_request", Needs::RequestId, ServiceRequests::Table)
                    .references("fk_needs_owner", Needs::OwnerId, Users::Table)
                    .references("fk_needs_created_by", Needs::CreatedBy, Users::Table)
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "ix_needs_customer_created",
                vec![Needs::CustomerId, Needs::CreatedAt],
            ),
            (
                "ix_needs_status_created",
                vec![Needs::Status, Needs::CreatedAt],
            ),
            (
                "ix_needs_owner_created",
                vec![Needs::OwnerId, Needs::CreatedAt],
            ),
            ("ix_needs_created_at", vec![Needs::CreatedAt]),
            ("ix_needs_request_id", vec![Needs::RequestId]),
        ] {
            ddl::index(manager, name, Needs::Table, columns).await?;
        }
        coded::apply(manager, &coded_columns()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_tables(manager, [Needs::Table.into_iden()]).await
    }
}

#[derive(DeriveIden)]
enum Needs {
    Table,
    Id,
    CustomerId,
    RequestId,
    Kind,
    Priority,
    Title,
    Description,
    Status,
    CustomerValue,
    Fit,
    Cost,
    SolutionDirection,
    OwnerId,
    Milestones,
    RespondBy,
    AtRiskFrom,
    RespondedAt,
    DeliveredAt,
    ConfirmedBy,
    ConfirmedAt,
    RejectedReason,
    CreatedBy,
    CreatedAt,
}
