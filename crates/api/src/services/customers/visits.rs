//! The routine-visit cadence: which customers are due, and recording a
//! visit made.

use chrono::{DateTime, Utc};
use rapport_entity::customers;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use rapport_types::customers::{Customer, DueQuery, Verification};

use crate::error::ApiError;
use crate::pagination::{self, readable};

use super::{ORG_TZ, customer_from_model};

/// The live customers whose routine visit is due on or before `query.on`
/// (default: today at `now`), the most overdue first.
pub async fn visits_due(
    conn: &impl ConnectionTrait,
    query: DueQuery,
    now: DateTime<Utc>,
) -> Result<Vec<Customer>, ApiError> {
    let on = query
        .on
        .unwrap_or_else(|| now.with_timezone(&ORG_TZ).date_naive());
    let mut select = customers::Entity::find()
        .filter(customers::Column::ArchivedAt.is_null())
        .filter(customers::Column::Verification.ne(Verification::Rejected));
    if let Some(id) = query.account_manager_id {
        select = select.filter(customers::Column::AccountManagerId.eq(id));
    }
    let rows = pagination::all_readable::<customers::Entity, _>(conn, &select).await?;
    let mut due: Vec<Customer> =
        readable::<customers::Entity, _>(rows, |row| customer_from_model(row, ORG_TZ));
    due.retain(|customer| customer.next_routine_visit_on <= on);
    due.sort_by(|a, b| {
        a.next_routine_visit_on
            .cmp(&b.next_routine_visit_on)
            .then(a.name.cmp(&b.name))
    });
    Ok(due)
}

/// Records on the customer a routine visit made at `at` (its date in the
/// organisation's zone), which restarts the tier cadence; a later visit
/// already recorded stays.
pub async fn record_routine_visit(
    conn: &impl ConnectionTrait,
    customer_id: Uuid,
    at: DateTime<Utc>,
) -> Result<(), ApiError> {
    let day = at.with_timezone(&ORG_TZ).date_naive();
    customers::Entity::update_many()
        .col_expr(customers::Column::LastRoutineVisitOn, Expr::value(day))
        .col_expr(
            customers::Column::Version,
            Expr::col(customers::Column::Version).add(1),
        )
        .col_expr(customers::Column::UpdatedAt, Expr::value(at))
        .filter(customers::Column::Id.eq(customer_id))
        .filter(
            Condition::any()
                .add(customers::Column::LastRoutineVisitOn.is_null())
                .add(customers::Column::LastRoutineVisitOn.lt(day)),
        )
        .exec(conn)
        .await?;
    Ok(())
}
