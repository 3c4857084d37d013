//! The list's filter as a query: which requests a [`RequestFilter`] keeps,
//! and how many it may keep, which decides how [`listing`] reads a page.

use chrono::{DateTime, Utc};
use rapport_domain::lifecycle::request::Status;
use rapport_domain::request::ResolutionMethod;
use rapport_domain::sla::SlaStatus;
use rapport_entity::service_requests;
use rapport_migrations::{
    m20261212_000039_index_open_requests_by_department, m20261214_000045_index_remote_requests,
};
use rapport_types::requests::RequestFilter;
use sea_orm::sea_query::{Alias, Asterisk, Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, Condition, DbBackend, EntityTrait, QueryFilter, QueryTrait, Select};

use super::{clocks, listing};
use crate::error::ApiError;

/// How many requests `filter` may keep: few when it keeps open requests
/// only (a backlog, however many requests were ever taken in) or those at
/// risk. A count of few reads their own index, in no order.
pub(super) fn keeps(filter: &RequestFilter) -> listing::Share {
    let open_only = filter.open == Some(true) || filter.status.is_some_and(Status::is_open);
    if open_only || filter.sla_status == Some(SlaStatus::AtRisk) {
        listing::Share::Few
    } else {
        listing::Share::Many
    }
}

/// How SQLite reads a page of `filter`: as the few it [`keeps`], found and
/// sorted, unless an index of its filters gives the list's order anyway.
pub(super) fn share(filter: &RequestFilter) -> listing::Share {
    // A department's open requests are read in the list's order from their
    // own index, which stops at a page.
    let department_open = filter.department.is_some()
        && filter.open == Some(true)
        && filter.status.is_none()
        && !narrower_than_department(filter);
    // So are the requests in one status, from `(status, created_at, id)`,
    // when nothing narrower is asked beside it: read all and sorted, every
    // request waiting on its customer was read for a page of them.
    let status_in_order =
        filter.status.is_some() && filter.department.is_none() && !narrower_than_department(filter);
    // And those of one status, department and priority, from
    // `(status, department, priority, created_at, id)`, however large the
    // backlog of that status grows.
    let composite_in_order = filter.status.is_some()
        && filter.department.is_some()
        && filter.priority.is_some()
        && !narrower_than_department(filter);
    // So are an assignee's open requests, or those with none, from
    // `(assignee_id, created_at, id)` of open requests.
    let assignee_open = (filter.assignee_id.is_some() || filter.unassigned == Some(true))
        && filter.open == Some(true)
        && filter.status.is_none()
        && filter.sla_status != Some(SlaStatus::AtRisk);
    if department_open || status_in_order || composite_in_order || assignee_open {
        listing::Share::Many
    } else {
        keeps(filter)
    }
}

/// Whether the best plan for `filter` depends on its values, so that
/// PostgreSQL must plan it with them each time (`db::connect_lists`): an
/// instant the SLA status is judged at, or a range of instants, may keep
/// 200 requests or 300,000, and a search's words a few or most. The other
/// filters are equalities the indexes were built for, read on the shared
/// pool, where PostgreSQL keeps a statement's generic plan once it costs
/// no more than planning each time; planning was most of such a page's
/// work.
fn planned_with_values(filter: &RequestFilter) -> bool {
    filter.sla_status.is_some()
        || filter.breached.is_some()
        || filter.created_from.is_some()
        || filter.created_before.is_some()
        || filter.q.is_some()
}

/// Whether `filter` reads on the lists' own connections
/// (`db::connect_lists`): when it is [`planned_with_values`], or keeps a
/// priority. The report's index, led by `created_at` with the priority in
/// it, gives a priority's requests in nearly the list's order, and
/// PostgreSQL, judging `(priority, created_at, id)` by how priorities
/// follow the table's order, preferred walking the report's index and
/// sorting ties: five times the work of the page. The lists' connections
/// never sort a page partly sorted, so they read the priority's own index.
/// PostgreSQL planned these pages anew each time anyway, its generic plan
/// judged dearer.
pub(super) fn on_list_connections(filter: &RequestFilter) -> bool {
    planned_with_values(filter) || filter.priority.is_some()
}

/// Whether every page of `filter` reads and sorts all it keeps: no index
/// gives the requests at risk in the list's order (their range is of
/// instants the clocks set, not of when requests came in), on either
/// database, whatever else is asked beside.
pub(super) fn sorted_whole(filter: &RequestFilter) -> bool {
    filter.sla_status == Some(SlaStatus::AtRisk)
}

/// Whether `filter` keeps requests by their search text alone (any page).
pub(super) fn text_only(filter: &RequestFilter) -> bool {
    *filter
        == RequestFilter {
            q: filter.q.clone(),
            cursor: filter.cursor.clone(),
            page: filter.page,
            limit: filter.limit,
            ..RequestFilter::default()
        }
}

/// Whether a filter keeps fewer requests than a department does.
fn narrower_than_department(filter: &RequestFilter) -> bool {
    filter.unassigned == Some(true)
        || filter.assignee_id.is_some()
        || filter.customer_id.is_some()
        || filter.sla_status == Some(SlaStatus::AtRisk)
}

/// The list query for `filter` but its search text, with SLA conditions
/// measured at `now`.
pub(super) fn filtered(
    filter: &RequestFilter,
    now: DateTime<Utc>,
    backend: DbBackend,
) -> Result<Select<service_requests::Entity>, ApiError> {
    use service_requests::Column as C;
    // A priority or a department keeps a large share of the requests;
    // beside a filter that keeps fewer, SQLite (which cannot tell without
    // statistics) is kept from their indexes (unary `+`), so it reads the
    // narrower filter's index. A status (open ones) and a department
    // together read `(status, department, priority, created_at)`.
    let narrower_than_department = narrower_than_department(filter);
    // With a department too, the composite index serves all three.
    let narrower_than_priority = narrower_than_department
        || ((filter.status.is_some() || filter.open == Some(true)) && filter.department.is_none());
    let broad = |column: C, code: sea_orm::Value, narrower: bool| -> Condition {
        if narrower && backend == DbBackend::Sqlite {
            let sql = format!(
                "+service_requests.{} = ?",
                sea_orm::IdenStatic::as_str(&column)
            );
            Condition::all().add(Expr::cust_with_values(sql, [code]))
        } else {
            Condition::all().add(column.eq(code))
        }
    };
    let mut query = service_requests::Entity::find();
    if let Some(status) = filter.status {
        query = query.filter(C::Status.eq(status));
    }
    if let Some(priority) = filter.priority {
        query = query.filter(broad(C::Priority, priority.into(), narrower_than_priority));
    }
    if let Some(department) = filter.department {
        query = query.filter(broad(
            C::Department,
            department.into(),
            narrower_than_department,
        ));
    }
    if let Some(id) = filter.assignee_id {
        query = query.filter(C::AssigneeId.eq(id));
    }
    if let Some(id) = filter.customer_id {
        query = query.filter(C::CustomerId.eq(id));
    }
    if let Some(open) = filter.open {
        query = query.filter(if open { is_open() } else { is_open().not() });
    }
    if let Some(unassigned) = filter.unassigned {
        query = query.filter(if unassigned {
            C::AssigneeId.is_null()
        } else {
            C::AssigneeId.is_not_null()
        });
    }
    if let Some(category) = filter.category {
        query = query.filter(C::Category.eq(category));
    }
    if let Some(from) = filter.created_from {
        query = query.filter(C::CreatedAt.gte(from));
    }
    if let Some(before) = filter.created_before {
        query = query.filter(C::CreatedAt.lt(before));
    }
    if let Some(billable) = filter.billable {
        query = query.filter(C::Billable.eq(billable));
    }
    if let Some(remote) = filter.remote {
        let method = ResolutionMethod::Remote;
        query = query.filter(if remote {
            // Written as the partial index of remote requests is, so that
            // SQLite may read it.
            Expr::cust(m20261214_000045_index_remote_requests::remote_sql())
        } else {
            Condition::any()
                .add(C::ResolutionMethod.is_null())
                .add(C::ResolutionMethod.ne(method))
                .into()
        });
    }
    let sla_status = match (filter.sla_status, filter.breached) {
        (_, Some(true)) => Some(SlaStatus::Breached),
        (status, _) => status,
    };
    if let Some(status) = sla_status {
        query = query.filter(clocks::request_sla_status_is(status, now, backend));
    }
    Ok(query)
}

/// On PostgreSQL, the breached requests `filter` asks for, as the two
/// disjoint parts of [`clocks::breached_parts`], each with the list's
/// other filters (`listing::newest_breached` merges them): the stopped or
/// marked ones, newest first from their indexes; and the running ones
/// breached since the SLA job last marked (a minute's worth), read apart
/// from the other filters (an `OFFSET` keeps PostgreSQL from merging
/// them), so that it reads them from the index by mark and breach instant
/// alone rather than beside a priority's index of every request. `None` when the
/// filter asks for no breached requests, or on SQLite, whose indexes of
/// the list's order hold what "breached" is judged by.
///
/// Asked as one condition, PostgreSQL walked the list's order and tested
/// each row: past every newer request not yet breached, a day's intake of
/// them before the page's first (docs/benchmarks.md).
pub(super) fn breached_parts(
    filter: &RequestFilter,
    now: DateTime<Utc>,
    backend: DbBackend,
) -> Result<Option<[Select<service_requests::Entity>; 2]>, ApiError> {
    let breached = filter.breached == Some(true) || filter.sla_status == Some(SlaStatus::Breached);
    if backend != DbBackend::Postgres || !breached {
        return Ok(None);
    }
    let rest = RequestFilter {
        sla_status: None,
        breached: None,
        ..filter.clone()
    };
    let rest = filtered(&rest, now, backend)?;
    let [marked, running] = clocks::breached_parts(now, backend);
    let mut apart = Query::select();
    apart
        .column(Asterisk)
        .from(service_requests::Entity)
        .and_where(running)
        .offset(0);
    let mut running = rest.clone();
    QueryTrait::query(&mut running)
        .from_clear()
        .from_subquery(apart, Alias::new("service_requests"));
    Ok(Some([rest.filter(marked), running]))
}

/// The request is open: written as the partial indexes of open requests
/// are, so that SQLite may read them (it uses a partial index only for a
/// query holding the same condition with the same literal values).
pub(super) fn is_open() -> Expr {
    Expr::cust(m20261212_000039_index_open_requests_by_department::open_sql())
}
