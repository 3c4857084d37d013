//! Service request numbers `SR-<year>-<000001>`: sequential per year, with
//! no gaps and no duplicates however many intakes run at once, on SQLite and
//! on PostgreSQL, across any number of server instances.

use rapport_entity::request_counters;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use crate::error::ApiError;

/// Hands out the next `count` request numbers of `year`, on the intake's
/// transaction; returns the first (the rest follow it).
///
/// The upsert (one statement: the year's first request creates the row)
/// locks the year's counter row until the transaction ends (SQLite takes
/// its single write lock at the first statement), so concurrent intakes
/// queue here and a rolled-back intake gives its numbers back: numbers are
/// gapless and unique per year.
pub async fn take(conn: &impl ConnectionTrait, year: i32, count: i32) -> Result<i32, ApiError> {
    let first = request_counters::ActiveModel {
        year: Set(year),
        last_seq: Set(count),
    };
    let bumped =
        Expr::col((request_counters::Entity, request_counters::Column::LastSeq)).add(count);
    let counter = request_counters::Entity::insert(first)
        .on_conflict(
            OnConflict::column(request_counters::Column::Year)
                .value(request_counters::Column::LastSeq, bumped)
                .to_owned(),
        )
        .exec_with_returning(conn)
        .await
        .map_err(|error| {
            ApiError::internal(format!("allocating request numbers for {year}"), error)
        })?;
    Ok(counter.last_seq - count + 1)
}

/// `SR-2025-000001`.
pub fn format(year: i32, seq: i32) -> String {
    format!("SR-{year}-{seq:06}")
}
