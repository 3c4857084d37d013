//! `sla_breach_marked`: the SLA job saw the request's running clocks
//! breached ([`crate::sla_summary::mark_breached`]). What is breached
//! still depends on the instant read: a mark only tells PostgreSQL where
//! to look, so that the breached view is read as two parts that together
//! hold every breached request whatever the marks say:
//!
//! - the requests whose clocks stopped breached or that were marked,
//!   newest first from indexes of those alone ([`breached_or_marked_sql`]),
//!   each still tested (a mark is never taken back, and a wait's business
//!   hours can move a breach later again);
//! - the running ones breached and not marked (those that breached since
//!   the job's last run), from an index of the running requests by mark
//!   and breach instant.
//!
//! Read as one condition, the view walked the list's order and tested
//! every newer request not yet breached first: a day's intake of them
//! (docs/benchmarks.md, twentieth session). SQLite tests that condition
//! in the indexes of the list's order (`…_000057`) and reads no mark; it
//! keeps the column so that both databases hold one schema.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DbBackend;
use sea_orm_migration::sea_orm::prelude::DateTimeUtc;

use crate::ddl;
use crate::m20261209_000031_summarize_request_sla::code;
use rapport_domain::sla::SlaStatus;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The indexes of the stopped-or-marked part, in the list's order: alone,
/// and under a priority ("breached, urgent": the priority's index of every
/// request walked the newer urgent ones not breached first).
const MARKED_INDEXES: [(&str, &str); 2] = [
    (
        "ix_service_requests_breached_or_marked_created_at",
        "created_at, id",
    ),
    (
        "ix_service_requests_breached_or_marked_priority",
        "priority, created_at, id",
    ),
];
const UNMARKED_INDEX: &str = "ix_service_requests_sla_breach_marked_breached_from";

/// SQL: the request's clocks stopped breached, or the SLA job marked it
/// breached; written the one way the partial index and the view share
/// (PostgreSQL uses a partial index when the query holds its condition).
pub fn breached_or_marked_sql() -> String {
    let breached = code(SlaStatus::Breached);
    format!("(service_requests.sla_frozen = '{breached}' OR service_requests.sla_breach_marked)")
}

/// SQL: the request carries no mark; with a condition on
/// `sla_breached_from` (set only while its clocks run), the index of the
/// unmarked running requests by that instant answers it. Written as an
/// equality: as `NOT sla_breach_marked` PostgreSQL read the index of every
/// running request's instant instead and tested each row.
pub fn unmarked_sql() -> &'static str {
    "service_requests.sla_breach_marked = FALSE"
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::add_column(
            manager,
            Requests::Table,
            boolean(Requests::SlaBreachMarked).default(false),
        )
        .await?;
        let now = DateTimeUtc::from(std::time::SystemTime::now());
        crate::sla_summary::mark_breached(manager.get_connection(), now).await?;
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let table = "service_requests";
        for (name, columns) in MARKED_INDEXES {
            ddl::partial_index(manager, name, table, columns, &breached_or_marked_sql()).await?;
        }
        ddl::partial_index(
            manager,
            UNMARKED_INDEX,
            table,
            "sla_breach_marked, sla_breached_from",
            "sla_breached_from IS NOT NULL",
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            let marked = MARKED_INDEXES.map(|(name, _)| name);
            for name in marked.into_iter().chain([UNMARKED_INDEX]) {
                ddl::drop_index(manager, name, Requests::Table).await?;
            }
        }
        ddl::drop_column(manager, Requests::Table, Requests::SlaBreachMarked).await
    }
}

#[derive(DeriveIden)]
enum Requests {
    #[sea_orm(iden = "service_requests")]
    Table,
    SlaBreachMarked,
}
