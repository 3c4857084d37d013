//! Service request numbers `SR-<year>-<000001>`: sequential per year, with
//! no gaps and no duplicates however many intakes run at once, on SQLite and
//! on PostgreSQL, across any number of server instances.

use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::error::ApiError;

/// Hands out the next request number of `year`, on the intake's transaction.
///
/// The upsert (one statement: the year's first request creates the row)
/// locks the year's counter row until the transaction ends (SQLite takes
/// its single write lock at the first statement), so concurrent intakes
/// queue here and a rolled-back intake gives its number back: numbers are
/// gapless and unique per year.
pub async fn next(conn: &impl ConnectionTrait, year: i32) -> Result<i32, ApiError> {
    let backend = conn.get_database_backend();
    let placeholder = match backend {
        DbBackend::Postgres => "$1",
        _ => "?",
    };
    let upsert = format!(
        "INSERT INTO request_counters (year, last_seq) VALUES ({placeholder}, 1) \
         ON CONFLICT (year) DO UPDATE SET last_seq = request_counters.last_seq + 1 \
         RETURNING last_seq"
    );
    let context = || format!("allocating a request number for {year}");
    let row = conn
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            upsert,
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
