//! `service_requests.closed_at`: when the request was closed. A closed
//! request stays closed, so this is the instant of its one `close` event,
//! kept on the row (filled from the events here) so that the monthly
//! report counts a month's closed requests from an index, as it counts the
//! month's new and resolved ones, instead of looking up each closing
//! event's request (40,000 lookups of wide rows a month at a million
//! requests).
//!
//! The index holds only closed requests (`WHERE closed_at IS NOT NULL`,
//! which both databases use for a range of `closed_at`), and replaces the
//! one on (kind, at, request) of the events, which served only this count.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "ix_service_requests_closed_at_report";
const REPLACED: &str = "ix_request_events_kind_at";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::add_column(
            manager,
            ServiceRequests::Table,
            ColumnDef::new(ServiceRequests::ClosedAt).timestamp_with_time_zone(),
        )
        .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE service_requests SET closed_at = \
             (SELECT MAX(e.at) FROM request_events e \
              WHERE e.request_id = service_requests.id AND e.kind = 'close') \
             WHERE status = 'closed'",
            )
            .await?;
        ddl::partial_index(
            manager,
            INDEX,
            "service_requests",
            "closed_at, department, assignee_id, category, priority",
            "closed_at IS NOT NULL",
        )
        .await?;
        ddl::drop_index(manager, REPLACED, RequestEvents::Table).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::index(
            manager,
            REPLACED,
            RequestEvents::Table,
            [
                RequestEvents::Kind,
                RequestEvents::At,
                RequestEvents::RequestId,
            ],
        )
        .await?;
        ddl::drop_index(manager, INDEX, ServiceRequests::Table).await?;
        ddl::drop_column(manager, ServiceRequests::Table, ServiceRequests::ClosedAt).await
    }
}

#[derive(DeriveIden)]
enum ServiceRequests {
    Table,
    ClosedAt,
}

#[derive(DeriveIden)]
enum RequestEvents {
    Table,
    Kind,
    At,
    RequestId,
}
