//! The countdown a list shows for each open request, kept on the request
//! beside `sla_due` (its nearest unmet deadline,
//! `m20261209_000031_summarize_request_sla`), so that a page of the list
//! reads it from the request's row, not from its `request_sla` rows:
//!
//! - `sla_due_target`: which target that deadline is (on equal deadlines,
//!   the one the policy table lists first, as the request's detail does);
//! - `sla_due_at_risk_from`: from when that target is at risk.
//!
//! [`crate::sla_summary`] keeps them with the other summary columns.

use rapport_domain::sla::SlaTarget;
use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl;
use crate::m20261202_000014_check_coded_columns::codes;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The assignments writing this migration's columns on the
/// `service_requests` row being updated, from its unmet `request_sla` rows.
pub(crate) fn assignments() -> Vec<String> {
    let mut rank = String::from("CASE s.target");
    for (position, code) in codes(&SlaTarget::ALL).iter().enumerate() {
        rank.push_str(&format!(" WHEN '{code}' THEN {position}"));
    }
    rank.push_str(" END");
    let nearest = |column: &str| {
        format!(
            "(SELECT s.{column} FROM request_sla s \
             WHERE s.request_id = service_requests.id AND s.met_at IS NULL \
             ORDER BY s.deadline, {rank} LIMIT 1)"
        )
    };
    vec![
        format!("sla_due_target = {}", nearest("target")),
        format!("sla_due_at_risk_from = {}", nearest("at_risk_from")),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One ALTER per column: SQLite takes one change per statement.
        for column in [
            string_len_null(Requests::SlaDueTarget, 32),
            timestamp_with_time_zone_null(Requests::SlaDueAtRiskFrom),
        ] {
            ddl::add_column(manager, Requests::Table, column).await?;
        }
        // Only a request with an unmet target has a countdown.
        crate::sla_summary::update(
            manager.get_connection(),
            &assignments(),
            Vec::new(),
            "WHERE sla_due IS NOT NULL",
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Requests::SlaDueTarget, Requests::SlaDueAtRiskFrom] {
            ddl::drop_column(manager, Requests::Table, column).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Requests {
    #[sea_orm(iden = "service_requests")]
    Table,
    SlaDueTarget,
    SlaDueAtRiskFrom,
}
