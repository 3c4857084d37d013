//! Each person's open requests by priority (`assignee_loads`), which routing
//! weighs to pick an assignee. Counting them from `service_requests` on every
//! intake grew with the backlog; instead every change that moves a request
//! into, out of or between people's open work shifts the counts, in the
//! change's own transaction (intake and `requests::actions::apply`, through
//! which every status and assignee change goes).

use std::collections::HashMap;

use rapport_domain::lifecycle::request::Status;
use rapport_domain::request::Priority;
use rapport_domain::routing::OpenLoad;
use rapport_entity::assignee_loads;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, OnConflict};
use sea_orm::{
    ActiveEnum, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryTrait, Set,
};
use uuid::Uuid;

use crate::error::ApiError;
use crate::writes::Writes;

/// Whose open work a request counts in, and at which priority: none once
/// it is resolved, closed or cancelled, or while nobody has it.
pub fn counted_in(
    assignee: Option<Uuid>,
    status: Status,
    priority: Priority,
) -> Option<(Uuid, Priority)> {
    assignee
        .filter(|_| status.is_open())
        .map(|person| (person, priority))
}

/// Moves one request's count from `before` to `after` (see [`counted_in`]).
pub async fn shift(
    conn: &impl ConnectionTrait,
    before: Option<(Uuid, Priority)>,
    after: Option<(Uuid, Priority)>,
) -> Result<(), ApiError> {
    if before == after {
        return Ok(());
    }
    let mut writes = Writes::default();
    if let Some((person, priority)) = before {
        writes.push(
            assignee_loads::Entity::update_many()
                .col_expr(
                    assignee_loads::Column::Open,
                    Expr::col(assignee_loads::Column::Open).sub(1),
                )
                .filter(assignee_loads::Column::UserId.eq(person))
                .filter(assignee_loads::Column::Priority.eq(priority))
                .into_query(),
        );
    }
    if let Some(after) = after {
        count_in(&mut writes, &[after]);
    }
    Ok(writes.execute(conn).await?)
}

/// Adds the statement counting one more open request for each of
/// `assigned` (a person may appear more than once).
pub fn count_in(writes: &mut Writes, assigned: &[(Uuid, Priority)]) {
    // One row per person and priority: an upsert may not touch a row twice.
    let mut counts: HashMap<(Uuid, Priority), i32> = HashMap::new();
    for &key in assigned {
        *counts.entry(key).or_default() += 1;
    }
    if counts.is_empty() {
        return;
    }
    let rows = counts
        .into_iter()
        .map(|((person, priority), open)| assignee_loads::ActiveModel {
            user_id: Set(person),
            priority: Set(priority),
            open: Set(open),
        });
    let added = Expr::col((Alias::new("excluded"), assignee_loads::Column::Open));
    writes.push(
        assignee_loads::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([
                    assignee_loads::Column::UserId,
                    assignee_loads::Column::Priority,
                ])
                .value(
                    assignee_loads::Column::Open,
                    Expr::col((assignee_loads::Entity, assignee_loads::Column::Open)).add(added),
                )
                .to_owned(),
            )
            .into_query(),
    );
}

/// A person's open requests of `priority`, summed over their
/// `assignee_loads` rows joined to a query of people (0 if none).
pub fn open_of(priority: Priority) -> Expr {
    let open = Expr::case(
        Expr::col((assignee_loads::Entity, assignee_loads::Column::Priority))
            .eq(priority.to_value()),
        Expr::col((assignee_loads::Entity, assignee_loads::Column::Open)),
    )
    .finally(0);
    Func::sum(open).into()
}

/// The open load of the three sums [`open_of`] gives, by priority.
pub fn load_of(urgent: i64, important: i64, routine: i64) -> OpenLoad {
    let count = |open: i64| u32::try_from(open).unwrap_or(0);
    OpenLoad {
        urgent: count(urgent),
        important: count(important),
        routine: count(routine),
    }
}
