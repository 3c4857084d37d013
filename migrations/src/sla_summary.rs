//! Where each request's SLA clocks stand, kept on the request so that a
//! list reads its SLA views and countdowns from the request's row alone:
//! the columns of `m20261209_000031_summarize_request_sla` (the views) and
//! `m20261215_000046_summarize_request_due` (the countdown's target). The
//! API writes them after every change of a request's clocks or state, the
//! benchmark after seeding; the SLA job marks the breached ones.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::prelude::DateTimeUtc;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

use crate::m20261209_000031_summarize_request_sla as views;
use crate::m20261215_000046_summarize_request_due as due;
use crate::m20261221_000058_mark_breached_requests as marks;

/// Every summary column's assignment, with the values they bind.
fn assignments(backend: DbBackend) -> Result<(Vec<String>, Vec<Value>), DbErr> {
    let (mut sets, values) = views::assignments(backend)?;
    sets.extend(due::assignments());
    Ok((sets, values))
}

/// Writes the summary of the requests `ids` from their `request_sla` rows
/// and state, in one statement.
pub async fn summarize(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = sea_orm_migration::sea_orm::prelude::Uuid>,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let (sets, mut values) = assignments(backend)?;
    let mut marks = Vec::new();
    for id in ids {
        values.push(id.into());
        marks.push(match backend {
            DbBackend::Postgres => format!("${}", values.len()),
            _ => "?".to_owned(),
        });
    }
    if marks.is_empty() {
        return Ok(());
    }
    let filter = format!("WHERE service_requests.id IN ({})", marks.join(", "));
    update(db, &sets, values, &filter).await
}

/// Writes the summary of every request (the benchmark, after seeding).
pub async fn summarize_all(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let (sets, values) = assignments(db.get_database_backend())?;
    update(db, &sets, values, "").await
}

/// Marks the requests whose running clocks stand breached at `now` and
/// were not marked (`m20261221_000058_mark_breached_requests`); answers
/// how many. The SLA job runs it every minute, the benchmark after
/// seeding.
pub async fn mark_breached(db: &impl ConnectionTrait, now: DateTimeUtc) -> Result<u64, DbErr> {
    let mark = Query::update()
        .table(Alias::new("service_requests"))
        .value(Alias::new("sla_breach_marked"), true)
        .and_where(Expr::cust(marks::unmarked_sql()))
        .and_where(
            Expr::col((
                Alias::new("service_requests"),
                Alias::new("sla_breached_from"),
            ))
            .lt(now),
        )
        .to_owned();
    let done = db.execute(&mark).await?;
    Ok(done.rows_affected())
}

/// `UPDATE service_requests SET` each of `sets`, on the rows `filter` (a
/// `WHERE` clause, or nothing for every row) picks; `values` are bound in
/// order, first those of the sets.
pub(crate) async fn update(
    db: &impl ConnectionTrait,
    sets: &[String],
    values: Vec<Value>,
    filter: &str,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let sql = format!("UPDATE service_requests SET {} {filter}", sets.join(", "));
    db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    Ok(())
}
