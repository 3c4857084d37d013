//! The columns a list reads of each request: those of its rows
//! ([`RequestSummary`]), never the long texts and records a request
//! carries, so a page costs the database, the server and the wire a
//! fraction of reading whole requests. Its countdown is read from the SLA
//! summary kept on the request (`rapport_migrations::sla_summary`).

use chrono::{DateTime, Utc};
use rapport_domain::lifecycle::request::Status;
use rapport_domain::org::Department;
use rapport_domain::request::{Category, IntakeChannel, Priority, ResolutionMethod};
use rapport_domain::sla::SlaTarget;
use rapport_entity::service_requests;
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, JoinType, Order, SelectStatement, SubQueryStatement,
};
use sea_orm::{DbErr, EntityTrait, FromQueryResult, QueryResult, QuerySelect, QueryTrait, Select};
use uuid::Uuid;

use rapport_types::requests::{DueClock, RequestSummary};

/// A request as a list reads it.
#[derive(Debug, FromQueryResult)]
pub(in crate::services::requests) struct Listed {
    pub(super) id: Uuid,
    pub(super) number: String,
    customer_id: Uuid,
    contact_id: Option<Uuid>,
    channel: IntakeChannel,
    category: Category,
    priority: Priority,
    title: String,
    status: Status,
    billable: bool,
    resolution_method: Option<ResolutionMethod>,
    department: Department,
    assignee_id: Option<Uuid>,
    paused_since: Option<DateTime<Utc>>,
    version: i32,
    pub(super) created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    pub(super) sla_due: Option<DateTime<Utc>>,
    sla_due_target: Option<SlaTarget>,
    sla_due_at_risk_from: Option<DateTime<Utc>>,
}

/// `select` reading only the columns of [`Listed`].
pub(super) fn listed(select: Select<service_requests::Entity>) -> Select<service_requests::Entity> {
    use service_requests::Column as C;
    let select = select.select_only().columns([
        C::Id,
        C::Number,
        C::CustomerId,
        C::ContactId,
        C::Channel,
        C::Category,
        C::Priority,
        C::Title,
        C::Status,
        C::Billable,
        C::ResolutionMethod,
        C::Department,
        C::AssigneeId,
        C::PausedSince,
        C::Version,
        C::CreatedAt,
        C::UpdatedAt,
    ]);
    // The SLA summary's columns, written by SQL and so not the entity's.
    ["sla_due", "sla_due_target", "sla_due_at_risk_from"]
        .into_iter()
        .fold(select, |select, column| {
            select.column_as(
                Expr::col((service_requests::Entity, Alias::new(column))),
                column,
            )
        })
}

/// A [`Listed`] row read with the count of every row its query keeps.
pub(in crate::services::requests) struct Counted {
    pub(super) row: Listed,
    pub(super) total: u64,
}

/// The column [`counted`] adds.
const TOTAL: &str = "listed_total";

/// `select` (of [`listed`] columns) with the count of every row it keeps
/// beside each, before any limit: read as [`Counted`].
pub(super) fn counted(
    select: Select<service_requests::Entity>,
) -> Select<service_requests::Entity> {
    select.expr_as(Expr::cust("COUNT(*) OVER ()"), TOTAL)
}

/// The page `query` keeps (its filters, order and limit) read as
/// [`listed`] rows, with their [`counted`] total when `count`; for a list
/// that sorts all it keeps. Only the keys of what it keeps are sorted, and
/// the page's rows joined to the keys kept: sorting whole rows (and
/// counting them) was most of such a page's work on SQLite (see
/// `listing::newest_page`).
pub(super) fn keys_first(
    query: Select<service_requests::Entity>,
    count: bool,
) -> Select<service_requests::Entity> {
    use service_requests::Column as C;
    let page = Alias::new("page");
    let keys = query.select_only().columns([C::Id, C::CreatedAt]);
    let keys = if count { counted(keys) } else { keys };
    let mut select = listed(service_requests::Entity::find());
    QueryTrait::query(&mut select)
        .join_subquery(
            JoinType::InnerJoin,
            keys.into_query(),
            page.clone(),
            Expr::col((page.clone(), C::Id)).equals((service_requests::Entity, C::Id)),
        )
        // The page's own columns: SQLite, ordered by the table's, might
        // walk the table's index of that order instead.
        .order_by((page.clone(), C::CreatedAt), Order::Desc)
        .order_by((page.clone(), C::Id), Order::Desc);
    if count {
        select.column_as(Expr::col((page, Alias::new(TOTAL))), TOTAL)
    } else {
        select
    }
}

/// `select` (of [`listed`] columns) with what `count` (one row, one
/// column) counts beside each row: read as [`Counted`].
pub(super) fn counted_by(
    select: Select<service_requests::Entity>,
    count: SelectStatement,
) -> Select<service_requests::Entity> {
    let count = Expr::SubQuery(None, Box::new(SubQueryStatement::SelectStatement(count)));
    select.expr_as(count, TOTAL)
}

impl FromQueryResult for Counted {
    fn from_query_result(row: &QueryResult, prefix: &str) -> Result<Counted, DbErr> {
        let total: i64 = row.try_get(prefix, TOTAL)?;
        Ok(Counted {
            row: Listed::from_query_result(row, prefix)?,
            total: u64::try_from(total).unwrap_or(0),
        })
    }
}

impl Listed {
    /// The countdown of an open request with an unmet target; a finished
    /// request has nothing due.
    fn due(&self) -> Option<DueClock> {
        match (
            self.status.is_open(),
            self.sla_due,
            self.sla_due_target,
            self.sla_due_at_risk_from,
        ) {
            (true, Some(deadline), Some(target), Some(at_risk_from)) => Some(DueClock {
                target,
                deadline,
                at_risk_from,
            }),
            _ => None,
        }
    }
}

impl From<Listed> for RequestSummary {
    fn from(row: Listed) -> RequestSummary {
        let due = row.due();
        RequestSummary {
            id: row.id,
            number: row.number,
            customer_id: row.customer_id,
            customer_name: None,
            contact_id: row.contact_id,
            channel: row.channel,
            category: row.category,
            priority: row.priority,
            title: row.title,
            status: row.status,
            billable: row.billable,
            remote: row.resolution_method == Some(ResolutionMethod::Remote),
            department: row.department,
            assignee_id: row.assignee_id,
            assignee_name: None,
            paused_since: row.paused_since,
            due,
            version: row.version,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}
