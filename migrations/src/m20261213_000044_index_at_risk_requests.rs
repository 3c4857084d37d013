//! "At risk" is a running clock past its at-risk instant and short of its
//! breach: `sla_breached_from >= now AND sla_at_risk_from <= now`. The
//! index on `sla_breached_from` alone found every running request (some
//! 18,000 at a million) and tested each row for the second half; with
//! `sla_at_risk_from` second in the index, both halves are tested in the
//! index and only the few at risk are read. It replaces the single-column
//! index, which it serves as well ("breached": `sla_breached_from < now`).

use sea_orm_migration::prelude::*;

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "ix_service_requests_sla_breached_from_at_risk_from";
const REPLACED: &str = "ix_service_requests_sla_breached_from";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::index(
            manager,
            INDEX,
            ServiceRequests::Table,
            [
                ServiceRequests::SlaBreachedFrom,
                ServiceRequests::SlaAtRiskFrom,
            ],
        )
        .await?;
        ddl::drop_index(manager, REPLACED, ServiceRequests::Table).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::index(
            manager,
            REPLACED,
            ServiceRequests::Table,
            [ServiceRequests::SlaBreachedFrom],
        )
        .await?;
        ddl::drop_index(manager, INDEX, ServiceRequests::Table).await
    }
}

#[derive(DeriveIden)]
enum ServiceRequests {
    Table,
    SlaBreachedFrom,
    SlaAtRiskFrom,
}
