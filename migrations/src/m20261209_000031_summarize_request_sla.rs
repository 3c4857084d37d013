//! Where each request's SLA clocks stand, kept on the request so that the
//! list's SLA views (at risk, breached, running, met) are range conditions
//! on an index rather than a test of every request's targets:
//!
//! - `sla_due`: the earliest deadline of its targets still running (the
//!   queue's order, the countdown);
//! - while its clocks run (not waiting on the customer, not closed or
//!   cancelled), `sla_at_risk_from`, the earliest at-risk instant of its
//!   running targets, and `sla_breached_from`, the instant from which it
//!   counts as breached: the earliest running deadline, or [`EVER`] once a
//!   target was met late;
//! - once its clocks stand still (waiting, or finished: they are read where
//!   they stopped), `sla_frozen`, its status there (`none` with no target),
//!   which time no longer changes.
//!
//! [`assignments`] writes them from the `request_sla` rows with each
//! target's status given by the domain's rule table (`TARGET_STATUS`,
//! translated into SQL here, the one translation); the migration for the
//! requests stored before it, and [`crate::sla_summary`] with the columns
//! later migrations add.

use rapport_domain::lifecycle::request::Status;
use rapport_domain::lifecycle::request::sla::{Instant, TARGET_STATUS, Test, WORST_FIRST};
use rapport_domain::sla::SlaStatus;
use sea_orm_migration::sea_orm::prelude::DateTimeUtc;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Value};
use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// `sla_breached_from` of a request with a target met late: breached
/// whenever read (the rule does not look at the reading instant then).
pub const EVER: &str = "1970-01-01T00:00:00Z";

/// `sla_frozen` of a request with no target.
pub const NO_TARGET: &str = "none";

/// The code the API stores for an SLA status (`crate::codes::encode`).
pub fn code(status: SlaStatus) -> &'static str {
    match status {
        SlaStatus::Running => "running",
        SlaStatus::AtRisk => "at_risk",
        SlaStatus::Met => "met",
        SlaStatus::Breached => "breached",
    }
}

/// SQL: the status code of the `request_sla` row `s` read at `read_at`,
/// by [`TARGET_STATUS`]: the first rule whose tests all hold. With
/// `read_at` `NULL`, a comparison with it never holds.
pub fn target_status_sql(read_at: &str) -> String {
    let instant = |which| match which {
        Instant::MetAt => "s.met_at",
        Instant::Deadline => "s.deadline",
        Instant::AtRiskFrom => "s.at_risk_from",
        Instant::ReadAt => read_at,
    };
    let test = |test: &Test| match *test {
        Test::Set(a) => format!("{} IS NOT NULL", instant(a)),
        Test::NotAfter(a, b) => format!("{} <= {}", instant(a), instant(b)),
        Test::Before(a, b) => format!("{} < {}", instant(a), instant(b)),
    };
    let mut sql = String::from("(CASE");
    for (status, tests) in TARGET_STATUS {
        let code = code(status);
        if tests.is_empty() {
            sql.push_str(&format!(" ELSE '{code}' END)"));
            return sql;
        }
        let all: Vec<String> = tests.iter().map(test).collect();
        sql.push_str(&format!(" WHEN {} THEN '{code}'", all.join(" AND ")));
    }
    sql.push_str(" END)");
    sql
}

/// The columns this migration keeps and the SQL writing each of them on
/// the `service_requests` row being updated, from its `request_sla` rows
/// and state; with the value they bind (for [`EVER`]: `?`, or `$1`).
pub(crate) fn assignments(backend: DbBackend) -> Result<(Vec<String>, Vec<Value>), DbErr> {
    let finished = Status::ALL
        .into_iter()
        .filter(|status| status.is_finished());
    let finished = ddl::sql_list(finished.map(Status::code));
    let r = "service_requests";
    let frozen = format!("({r}.paused_since IS NOT NULL OR {r}.status IN ({finished}))");
    let own = format!("FROM request_sla s WHERE s.request_id = {r}.id");
    let running = |column: &str| format!("(SELECT MIN(s.{column}) {own} AND s.met_at IS NULL)");
    // A target met late stands breached whenever it is read.
    let met_late = format!(
        "EXISTS (SELECT 1 {own} AND {} = '{}')",
        target_status_sql("NULL"),
        code(SlaStatus::Breached)
    );
    let read_at = format!("COALESCE({r}.paused_since, {r}.updated_at)");
    let status_at_read = target_status_sql(&read_at);
    let mut worst = String::from("CASE");
    for status in WORST_FIRST {
        let code = code(status);
        worst.push_str(&format!(
            " WHEN EXISTS (SELECT 1 {own} AND {status_at_read} = '{code}') THEN '{code}'"
        ));
    }
    worst.push_str(&format!(" ELSE '{NO_TARGET}' END"));
    let ever = match backend {
        DbBackend::Postgres => "CAST($1 AS timestamptz)",
        _ => "?",
    };
    let (due, risk) = (running("deadline"), running("at_risk_from"));
    let sets = vec![
        format!("sla_due = {due}"),
        format!("sla_at_risk_from = CASE WHEN {frozen} THEN NULL ELSE {risk} END"),
        format!(
            "sla_breached_from = CASE WHEN {frozen} THEN NULL WHEN {met_late} THEN {ever} \
             ELSE {due} END"
        ),
        format!("sla_frozen = CASE WHEN {frozen} THEN {worst} ELSE NULL END"),
    ];
    Ok((sets, vec![ever_value()?]))
}

/// The value bound for [`EVER`].
fn ever_value() -> Result<Value, DbErr> {
    let ever: DateTimeUtc = EVER
        .parse()
        .map_err(|error| DbErr::Custom(format!("reading {EVER}: {error}")))?;
    Ok(ever.into())
}

/// The indexes of the SLA views: running clocks by when they breach (at
/// risk and running are those breaching from now on, a few per
/// thousand); clocks standing still by status, newest first.
const INDEXES: [(&str, &[Requests]); 2] = [
    (
        "ix_service_requests_sla_breached_from",
        &[Requests::SlaBreachedFrom],
    ),
    (
        "ix_service_requests_sla_frozen_created_at",
        &[Requests::SlaFrozen, Requests::CreatedAt, Requests::Id],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One ALTER per column: SQLite takes one change per statement.
        for column in [
            timestamp_with_time_zone_null(Requests::SlaDue),
            timestamp_with_time_zone_null(Requests::SlaAtRiskFrom),
            timestamp_with_time_zone_null(Requests::SlaBreachedFrom),
            string_len_null(Requests::SlaFrozen, 16),
        ] {
            ddl::add_column(manager, Requests::Table, column).await?;
        }
        let db = manager.get_connection();
        let (sets, values) = assignments(db.get_database_backend())?;
        crate::sla_summary::update(db, &sets, values, "").await?;
        for (name, columns) in INDEXES {
            ddl::index(manager, name, Requests::Table, columns.iter().copied()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            ddl::drop_index(manager, name, Requests::Table).await?;
        }
        for column in [
            Requests::SlaDue,
            Requests::SlaAtRiskFrom,
            Requests::SlaBreachedFrom,
            Requests::SlaFrozen,
        ] {
            ddl::drop_column(manager, Requests::Table, column).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum Requests {
    #[sea_orm(iden = "service_requests")]
    Table,
    Id,
    CreatedAt,
    SlaDue,
    SlaAtRiskFrom,
    SlaBreachedFrom,
    SlaFrozen,
}
