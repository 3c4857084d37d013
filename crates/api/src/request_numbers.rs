//! Service request numbers `SR-<year>-<000001>`: sequential per year, with
//! no gaps and no duplicates however many intakes run at once, on SQLite and
//! on PostgreSQL, across any number of server instances.

use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::error::ApiError;

/// Hands out the next request number of `year`, on the intake's transaction.
///
/// The `UPDATE .. RETURNING` locks the year's counter row until the
/// transaction ends (SQLite takes its single write lock at the first
/// statement), so concurrent intakes queue here and a rolled-back intake
/// gives its number back: numbers are gapless and unique per year.
pub async fn next(conn: &impl ConnectionTrait, year: i32) -> Result<i32, ApiError> {
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
    conn.execute_raw(Statement::from_sql_and_values(
        backend,
        insert,
        [year.into()],
    ))
    .await
    .map_err(|error| ApiError::internal(context(), error))?;
    let row = conn
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            update,
            [year.into()],
        ))
        .await
        .map_err(|error| ApiError::internal(context(), error))?
        .ok_or_else(|| ApiError::internal(context(), sea_orm::DbErr::RecordNotFound(context())))?;
    row.try_get_by_index::<i32>(0)
        .map_err(|error| ApiError::internal(context(), error))
}

/// `SR-2025-000001`.
pub fn format(year: i32, seq: i32) -> String {
    format!("SR-{year}-{seq:06}")
}
