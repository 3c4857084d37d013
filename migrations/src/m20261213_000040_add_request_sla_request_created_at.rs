//! `request_sla.request_created_at`: when the target's request was taken
//! in, copied onto each of its targets (a request's `created_at` never
//! changes). The monthly report judges the targets of a month's new
//! requests; with the instant on the target they are one range of an index
//! that holds what the report counts, instead of a join from every new
//! request of the month to its targets, which PostgreSQL answered by
//! reading all targets ever stored.
//!
//! The index it replaces, `ix_request_sla_report` (request, target and
//! outcome), served that join and nothing else.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "ix_request_sla_request_created_at";
const REPLACED: &str = "ix_request_sla_report";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Added without NOT NULL, which SQLite allows only with a default;
        // every row is filled below, and PostgreSQL then refuses a NULL.
        ddl::add_column(
            manager,
            RequestSla::Table,
            ColumnDef::new(RequestSla::RequestCreatedAt).timestamp_with_time_zone(),
        )
        .await?;
        let conn = manager.get_connection();
        conn.execute_unprepared(
            "UPDATE request_sla SET request_created_at = \
             (SELECT r.created_at FROM service_requests r WHERE r.id = request_sla.request_id)",
        )
        .await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            conn.execute_unprepared(
                "ALTER TABLE request_sla ALTER COLUMN request_created_at SET NOT NULL",
            )
            .await?;
        }
        ddl::index(
            manager,
            INDEX,
            RequestSla::Table,
            [
                RequestSla::RequestCreatedAt,
                RequestSla::Target,
                RequestSla::MetAt,
                RequestSla::Deadline,
                RequestSla::StartedAt,
            ],
        )
        .await?;
        ddl::drop_index(manager, REPLACED, RequestSla::Table).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::index(
            manager,
            REPLACED,
            RequestSla::Table,
            [
                RequestSla::RequestId,
                RequestSla::Target,
                RequestSla::Deadline,
                RequestSla::MetAt,
                RequestSla::StartedAt,
            ],
        )
        .await?;
        ddl::drop_index(manager, INDEX, RequestSla::Table).await?;
        ddl::drop_column(manager, RequestSla::Table, RequestSla::RequestCreatedAt).await
    }
}

#[derive(DeriveIden)]
enum RequestSla {
    Table,
    RequestId,
    Target,
    Deadline,
    MetAt,
    StartedAt,
    RequestCreatedAt,
}
