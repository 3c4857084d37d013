//! Service requests (SPEC section 4): the request itself, the per-year
//! counter that numbers them without gaps, the append-only timeline, and one
//! row per SLA target with its clock and deadline.
//!
//! Numbers come from `request_counters`: the intake locks its year's row
//! with an `UPDATE .. RETURNING`, so concurrent intakes queue on it and the
//! numbers of a year are gapless; `ux_service_requests_number` backs that up.

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{self, TableParts};

use super::m20261123_000002_create_users::Users;
use super::m20261123_000003_create_customers::{Contacts, Customers};
use super::m20261123_000005_create_contracts::Contracts;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RequestCounters::Table)
                    .col(integer(RequestCounters::Year).primary_key())
                    .col(integer(RequestCounters::LastSeq).default(0))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ServiceRequests::Table)
                    .col(uuid(ServiceRequests::Id).primary_key())
                    .col(string_len(ServiceRequests::Number, 32))
                    .col(integer(ServiceRequests::Year))
                    .col(integer(ServiceRequests::Seq))
                    .col(uuid(ServiceRequests::CustomerId))
                    .col(uuid_null(ServiceRequests::ContactId))
                    .col(string_len(ServiceRequests::Channel, 32))
                    .col(string_len(ServiceRequests::Category, 32))
                    .col(string_len(ServiceRequests::ProductKind, 32))
                    .col(string_len(ServiceRequests::WorkType, 32))
                    .col(string_len(ServiceRequests::Priority, 32))
                    .col(string_len(ServiceRequests::Title, 200))
                    .col(text(ServiceRequests::Description))
                    .col(string_len(ServiceRequests::Status, 32))
                    .col(boolean(ServiceRequests::Billable))
                    .col(uuid_null(ServiceRequests::ContractId))
                    .col(string_len(ServiceRequests::Department, 32))
                    .col(uuid_null(ServiceRequests::AssigneeId))
                    .col(json_binary(ServiceRequests::RoutingReason))
                    // The named calendar of the covering contract, if it has one.
                    .col(string_len_null(ServiceRequests::CalendarName, 64))
                    // Set while the request waits on the customer and its clocks are stopped.
                    .col(timestamp_with_time_zone_null(ServiceRequests::PausedSince))
                    // Earlier waits, `[{"from", "to"}]`: every deadline moves by them.
                    .col(json_binary(ServiceRequests::Pauses))
                    // The fee, method and time quoted for billable work, and the answer.
                    .col(json_binary_null(ServiceRequests::Quote))
                    .col(string_len_null(ServiceRequests::ResolutionMethod, 16))
                    .col(text_null(ServiceRequests::FaultDescription))
                    .col(text_null(ServiceRequests::Solution))
                    .col(timestamp_with_time_zone_null(ServiceRequests::ResolvedAt))
                    // The on-site service form's two signatures.
                    .col(timestamp_with_time_zone_null(
                        ServiceRequests::CustomerSignedAt,
                    ))
                    .col(timestamp_with_time_zone_null(
                        ServiceRequests::AccountManagerSignedAt,
                    ))
                    // A second visit: what is still wrong and when we go back.
                    .col(text_null(ServiceRequests::OutstandingIssue))
                    .col(timestamp_with_time_zone_null(ServiceRequests::NextVisitAt))
                    // Charged hardware parts and the customer's confirmation.
                    .col(json_binary_null(ServiceRequests::Parts))
                    .col(string_len_null(ServiceRequests::CancelReason, 500))
                    .col(uuid(ServiceRequests::CreatedBy))
                    .version_and_times()
                    .references(
                        "fk_service_requests_customer",
                        ServiceRequests::CustomerId,
                        Customers::Table,
                    )
                    .references(
                        "fk_service_requests_contact",
                        ServiceRequests::ContactId,
                        Contacts::Table,
                    )
                    .references(
                        "fk_service_requests_contract",
                        ServiceRequests::ContractId,
                        Contracts::Table,
                    )
                    .references(
                        "fk_service_requests_assignee",
                        ServiceRequests::AssigneeId,
                        Users::Table,
                    )
                    .references(
                        "fk_service_requests_created_by",
                        ServiceRequests::CreatedBy,
                        Users::Table,
                    )
                    .to_owned(),
            )
            .await?;
        ddl::unique_index(
            manager,
            "ux_service_requests_number",
            ServiceRequests::Table,
            [ServiceRequests::Number],
        )
        .await?;
        // Lists filter on status, department and priority together and show
        // the newest first: one index answers the filter, the count and the
        // order, where single-column indexes left the planner to scan every
        // row of one priority. Routing counts each person's open requests by
        // priority from the index alone. Prefixes serve status and assignee
        // filters on their own.
        let composite: [(&str, &[ServiceRequests]); 2] = [
            (
                "ix_service_requests_status_department_priority_created_at",
                &[
                    ServiceRequests::Status,
                    ServiceRequests::Department,
                    ServiceRequests::Priority,
                    ServiceRequests::CreatedAt,
                ],
            ),
            (
                "ix_service_requests_assignee_id_status_priority",
                &[
                    ServiceRequests::AssigneeId,
                    ServiceRequests::Status,
                    ServiceRequests::Priority,
                ],
            ),
        ];
        for (name, columns) in composite {
            ddl::index(
                manager,
                name,
                ServiceRequests::Table,
                columns.iter().copied(),
            )
            .await?;
        }
        for (name, column) in [
            (
                "ix_service_requests_customer_id",
                ServiceRequests::CustomerId,
            ),
            (
                "ix_service_requests_department",
                ServiceRequests::Department,
            ),
            ("ix_service_requests_priority", ServiceRequests::Priority),
            ("ix_service_requests_created_at", ServiceRequests::CreatedAt),
        ] {
            ddl::index(manager, name, ServiceRequests::Table, [column]).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(RequestEvents::Table)
                    .col(uuid(RequestEvents::Id).primary_key())
                    .col(uuid(RequestEvents::RequestId))
                    .col(timestamp_with_time_zone(RequestEvents::At))
                    .col(uuid_null(RequestEvents::ActorId))
                    .col(string_len(RequestEvents::Kind, 32))
                    .col(json_binary_null(RequestEvents::Before))
                    .col(json_binary_null(RequestEvents::After))
                    .references(
                        "fk_request_events_request",
                        RequestEvents::RequestId,
                        ServiceRequests::Table,
                    )
                    .references(
                        "fk_request_events_actor",
                        RequestEvents::ActorId,
                        Users::Table,
                    )
                    .to_owned(),
            )
            .await?;
        ddl::index(
            manager,
            "ix_request_events_request_id",
            RequestEvents::Table,
            [RequestEvents::RequestId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(RequestSla::Table)
                    .col(uuid(RequestSla::RequestId))
                    .col(string_len(RequestSla::Target, 32))
                    // The clock (kind and amount) the deadline was computed with.
                    .col(json_binary(RequestSla::Clock))
                    .col(timestamp_with_time_zone(RequestSla::StartedAt))
                    .col(timestamp_with_time_zone(RequestSla::Deadline))
                    // From here until the deadline a running target is at risk.
                    .col(timestamp_with_time_zone(RequestSla::AtRiskFrom))
                    .col(timestamp_with_time_zone_null(RequestSla::MetAt))
                    .primary_key(
                        Index::create()
                            .col(RequestSla::RequestId)
                            .col(RequestSla::Target),
                    )
                    .references(
                        "fk_request_sla_request",
                        RequestSla::RequestId,
                        ServiceRequests::Table,
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_tables(
            manager,
            [
                RequestSla::Table.into_iden(),
                RequestEvents::Table.into_iden(),
                ServiceRequests::Table.into_iden(),
                RequestCounters::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum RequestCounters {
    Table,
    Year,
    LastSeq,
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum ServiceRequests {
    Table,
    Id,
    Number,
    Year,
    Seq,
    CustomerId,
    ContactId,
    Channel,
    Category,
    ProductKind,
    WorkType,
    Priority,
    Title,
    Description,
    Status,
    Billable,
    ContractId,
    Department,
    AssigneeId,
    RoutingReason,
    CalendarName,
    PausedSince,
    Pauses,
    Quote,
    ResolutionMethod,
    FaultDescription,
    Solution,
    ResolvedAt,
    CustomerSignedAt,
    AccountManagerSignedAt,
    OutstandingIssue,
    NextVisitAt,
    Parts,
    CancelReason,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RequestEvents {
    Table,
    Id,
    RequestId,
    At,
    ActorId,
    Kind,
    Before,
    After,
}

#[derive(DeriveIden)]
enum RequestSla {
    Table,
    RequestId,
    Target,
    Clock,
    StartedAt,
    Deadline,
    AtRiskFrom,
    MetAt,
}
