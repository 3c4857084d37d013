//! What the service desk runs on: the business calendar and SLA policy that
//! deadlines are measured by, the routing rules, and the per-year request
//! numbers.
//!
//! The calendar, policy and rules are the defaults of SPEC sections 3 and 4
//! for now. The admin-configurable versions (read from `settings`, and a
//! contract's own calendar) plug in here, so handlers never build them.

use rapport_domain::calendar::BusinessCalendar;
use rapport_domain::routing::{RoutingRule, default_rules};
use rapport_domain::sla::SlaPolicy;
use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::error::ApiError;

/// The calendar SLA deadlines are counted on.
pub fn calendar() -> BusinessCalendar {
    BusinessCalendar::default()
}

/// The clock of every SLA target.
pub fn sla_policy() -> SlaPolicy {
    SlaPolicy::default()
}

/// The ordered routing rules, first match wins.
pub fn routing_rules() -> Vec<RoutingRule> {
    default_rules()
}

/// Hands out the next request number of `year`, on the intake's transaction.
///
/// The `UPDATE .. RETURNING` locks the year's counter row until the
/// transaction ends (SQLite takes its single write lock at the first
/// statement), so concurrent intakes queue here and a rolled-back intake
/// gives its number back: numbers are gapless and unique per year.
pub async fn next_number(conn: &impl ConnectionTrait, year: i32) -> Result<i32, ApiError> {
    let backend = conn.get_database_backend();
    let (insert, update) = match backend {
        DbBackend::Postgres => (
            "INSERT INTO request_counters (year, last_seq) VALUES ($1, 0) ON CONFLICT (year) DO NOTHING",
            "UPDATE request_counters SET last_seq = last_seq + 1 WHERE year = $1 RETURNING last_seq",
        ),
        _ => (
            "INSERT INTO request_counters (year, last_seq) VALUES (?, 0) ON CONFLICT (year) DO NOTHING",
            "UPDATE request_counters SET last_seq = last_seq + 1 WHERE year = ? RETURNING last_seq",
        ),
    };
    let context = || format!("allocating a request number for {year}");
    conn.execute_raw(Statement::from_sql_and_values(backend, insert, [year.into()]))
        .await
        .map_err(|error| ApiError::internal(context(), error))?;
    let row = conn
        .query_one_raw(Statement::from_sql_and_values(backend, update, [year.into()]))
        .await
        .map_err(|error| ApiError::internal(context(), error))?
        .ok_or_else(|| ApiError::internal(context(), sea_orm::DbErr::RecordNotFound(context())))?;
    row.try_get_by_index::<i32>(0)
        .map_err(|error| ApiError::internal(context(), error))
}

/// `SR-2025-000001`.
pub fn format_number(year: i32, seq: i32) -> String {
    format!("SR-{year}-{seq:06}")
}
