//! Indexes for the monthly report (SPEC section 8): each of its figures is
//! a range of one month on one instant or date column, grouped by a few
//! short columns. Where the grouped columns are in the index too, the
//! database counts a month (about 40,000 requests at a million) from the
//! index alone instead of reading each wide request row.

use sea_orm_migration::prelude::*;

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ServiceRequests {
    Table,
    CreatedAt,
    ResolvedAt,
    Department,
    AssigneeId,
    Category,
    Priority,
}

#[derive(DeriveIden)]
enum RequestEvents {
    Table,
    Kind,
    At,
    RequestId,
}

#[derive(DeriveIden)]
enum RequestSla {
    Table,
    RequestId,
    Target,
    Deadline,
    MetAt,
    StartedAt,
}

#[derive(DeriveIden)]
enum ReturnVisits {
    Table,
    VisitedAt,
}

#[derive(DeriveIden)]
enum Surveys {
    Table,
    AnsweredAt,
}

#[derive(DeriveIden)]
enum Complaints {
    Table,
    CreatedAt,
    ResolvedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Action,
    At,
}

#[derive(DeriveIden)]
enum Contracts {
    Table,
    InvoiceSentOn,
    PaidOn,
}

/// Every index: name, table, columns.
fn indexes() -> Vec<(&'static str, DynIden, Vec<DynIden>)> {
    let request_groups = || {
        [
            ServiceRequests::Department,
            ServiceRequests::AssigneeId,
            ServiceRequests::Category,
            ServiceRequests::Priority,
        ]
        .map(IntoIden::into_iden)
    };
    let mut created = vec![ServiceRequests::CreatedAt.into_iden()];
    created.extend(request_groups());
    let mut resolved = vec![ServiceRequests::ResolvedAt.into_iden()];
    resolved.extend(request_groups());
    vec![
        (
            "ix_service_requests_created_at_report",
            ServiceRequests::Table.into_iden(),
            created,
        ),
        (
            "ix_service_requests_resolved_at_report",
            ServiceRequests::Table.into_iden(),
            resolved,
        ),
        // Requests closed in a month: their `close` events.
        (
            "ix_request_events_kind_at",
            RequestEvents::Table.into_iden(),
            vec![
                RequestEvents::Kind.into_iden(),
                RequestEvents::At.into_iden(),
                RequestEvents::RequestId.into_iden(),
            ],
        ),
        // A request's targets and their outcome, without the row.
        (
            "ix_request_sla_report",
            RequestSla::Table.into_iden(),
            vec![
                RequestSla::RequestId.into_iden(),
                RequestSla::Target.into_iden(),
                RequestSla::Deadline.into_iden(),
                RequestSla::MetAt.into_iden(),
                RequestSla::StartedAt.into_iden(),
            ],
        ),
        (
            "ix_return_visits_visited_at",
            ReturnVisits::Table.into_iden(),
            vec![ReturnVisits::VisitedAt.into_iden()],
        ),
        (
            "ix_surveys_answered_at",
            Surveys::Table.into_iden(),
            vec![Surveys::AnsweredAt.into_iden()],
        ),
        (
            "ix_complaints_created_at",
            Complaints::Table.into_iden(),
            vec![Complaints::CreatedAt.into_iden()],
        ),
        (
            "ix_complaints_resolved_at",
            Complaints::Table.into_iden(),
            vec![Complaints::ResolvedAt.into_iden()],
        ),
        // Contracts signed in a month: the audit log's `contract.sign` entries.
        (
            "ix_audit_log_action_at",
            AuditLog::Table.into_iden(),
            vec![AuditLog::Action.into_iden(), AuditLog::At.into_iden()],
        ),
        (
            "ix_contracts_invoice_sent_on",
            Contracts::Table.into_iden(),
            vec![Contracts::InvoiceSentOn.into_iden()],
        ),
        (
            "ix_contracts_paid_on",
            Contracts::Table.into_iden(),
            vec![Contracts::PaidOn.into_iden()],
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, columns) in indexes() {
            ddl::index(manager, name, table, columns).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, _) in indexes() {
            ddl::drop_index(manager, name, table).await?;
        }
        Ok(())
    }
}
