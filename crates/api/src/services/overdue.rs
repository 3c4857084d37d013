//! Lists with an `overdue` switch: complaints past the handling time
//! promised, needs past their response deadline.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, EntityTrait, Order, QueryFilter, Select};

/// A record's deadline, and which records still run against it.
pub struct Deadline<C> {
    /// The column holding the deadline.
    pub column: C,
    /// The tag of cursors in the deadline's order.
    pub tag: char,
    /// True of a record still running against its deadline.
    pub open: Expr,
    /// True of one that is not: the negation of `open`, written out so
    /// that the SQL stays the one the list indexes were built for.
    pub closed: Expr,
}

/// `query` with what `overdue` keeps, and the order it is read in (its
/// cursor tag, key and direction): `Some(true)` keeps the open records
/// past their deadline at `now`, the most overdue first; `Some(false)`
/// keeps the others and, like `None`, reads the newest (`created`) first.
pub fn by_deadline<E: EntityTrait>(
    query: Select<E>,
    overdue: Option<bool>,
    deadline: Deadline<E::Column>,
    created: E::Column,
    now: DateTime<Utc>,
) -> (Select<E>, char, Expr, Order) {
    let column = |column: E::Column| Expr::col((E::default(), column));
    let newest = ('c', column(created), Order::Desc);
    let (query, (tag, key, order)) = match overdue {
        Some(true) => (
            query.filter(deadline.open).filter(deadline.column.lt(now)),
            (deadline.tag, column(deadline.column), Order::Asc),
        ),
        Some(false) => (
            query.filter(
                Condition::any()
                    .add(deadline.closed)
                    .add(deadline.column.gte(now)),
            ),
            newest,
        ),
        None => (query, newest),
    };
    (query, tag, key, order)
}
