//! `/api/v1/requests`: service requests (服务请求, SPEC section 4): intake
//! with numbering, the contract check, routing and SLA clocks in one
//! transaction; reading one with its timeline and clocks; the filtered list
//! and the caller's queue. The writes of intake are in [`intake`], the
//! lifecycle actions in [`actions`], the SLA rows in [`clocks`].
//!
//! The rules themselves (routing, SLA deadlines, states) live in the domain
//! crate; this module only gathers the facts they need and stores results.

pub mod actions;
pub mod assignees;
pub mod clocks;
pub mod intake;
mod listing;
mod names;
#[cfg(test)]
mod plans;
mod stored;
pub mod text_search;

use chrono::{DateTime, Utc};
use rapport_domain::calendar::BusinessCalendar;
use rapport_domain::customer::{Admission, Use};
use rapport_domain::lifecycle::contract::Status as ContractStatus;
use rapport_domain::lifecycle::request::Status;
use rapport_domain::msg;
use rapport_domain::request::ResolutionMethod;
use rapport_domain::sla::SlaStatus;
use rapport_entity::{contracts, customers, request_events, service_requests, users};
use rapport_migrations::m20261212_000039_index_open_requests_by_department;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QueryTrait, Select,
};
use serde::Serialize;
use uuid::Uuid;

use rapport_types::requests::{
    NewRequest, QueueQuery, RequestFilter, RequestPage, ServiceRequest, ServiceRequestDetail,
    TimelineEvent,
};

use crate::error::{ApiError, non_blank};
use crate::idempotency::Key;
use crate::pagination;
use crate::search;
use crate::services::{calendar, contacts};
use crate::state::AppState;
use crate::writes::Writes;

use self::intake::Checked;
use self::stored::{Children, request_from_model};

/// Takes in `new` from `caller` (its `Idempotency-Key` claimed with it):
/// numbered, checked against the customer's contracts, routed and
/// assigned, with its SLA clocks started; answers once its intake batch
/// has committed.
pub async fn create(
    state: &AppState,
    caller: Uuid,
    new: NewRequest,
    key: Option<Key>,
) -> Result<ServiceRequestDetail, ApiError> {
    let title = non_blank("title", &new.title)?;
    let now = state.clock.now();
    // What no other intake changes is read here, on the readers; the
    // writes wait for the next batch (see `intake`).
    let checked = check(&state.reader, caller, new, title, now).await?;
    intake::take_in(state, checked, now, key).await
}

/// Request `id` with its SLA clocks (measured now) and timeline; 404 when
/// there is none.
pub async fn get(state: &AppState, id: Uuid) -> Result<ServiceRequestDetail, ApiError> {
    let (model, children) = stored::read(&state.reader, id)
        .await?
        .ok_or(ApiError::NotFound(msg!("request")))?;
    let request = request_from_model(model)?;
    let calendar = calendar::for_request(
        &state.reader,
        &state.settings,
        request.calendar_name.as_deref(),
    )
    .await?;
    detail_of(request, children, &calendar, state.clock.now())
}

/// One page of the requests `filter` finds, each with its nearest
/// deadline: newest first, or for a search (`q`) those whose number it
/// names first; with the cursor of the next page (see [`listing`]).
pub async fn list(state: &AppState, filter: RequestFilter) -> Result<RequestPage, ApiError> {
    let paging = listing::Paging::of(filter.page, filter.cursor.as_deref(), filter.limit)?;
    let now = state.clock.now();
    let backend = state.reader.get_database_backend();
    let select = filtered(&filter, now, backend)?;
    let txn = crate::db::planned_with_values(&state.reader).await?;
    let conn = &txn;
    let (rows, counted) = match search::query(filter.q.as_deref())? {
        None => (
            listing::newest(conn, select.clone(), share(&filter), &paging).await?,
            listing::count(conn, listing::newest_order(select)).await?,
        ),
        Some(query) => {
            let readings = listing::Readings::of(conn, &query).await?;
            (
                listing::searched(conn, select.clone(), &query, &readings, &paging).await?,
                listing::count(
                    conn,
                    listing::search_matches(select, backend, &query, &readings),
                )
                .await?,
            )
        }
    };
    txn.commit().await?;
    page_of(state, rows, &paging, counted).await
}

/// One page of `caller`'s queue: their open requests, the nearest deadline
/// first (those with none running last).
pub async fn queue(
    state: &AppState,
    caller: Uuid,
    asked: QueueQuery,
) -> Result<RequestPage, ApiError> {
    let paging = listing::Paging::of(asked.page, asked.cursor.as_deref(), asked.limit)?;
    let select = service_requests::Entity::find()
        .filter(service_requests::Column::AssigneeId.eq(caller))
        .filter(service_requests::Column::Status.is_in(open_states()));
    let rows = listing::due_first(&state.reader, select.clone(), &paging).await?;
    let counted = listing::count(&state.reader, select).await?;
    page_of(state, rows, &paging, counted).await
}

/// The answer for a page of `rows`, with their deadlines and names.
async fn page_of(
    state: &AppState,
    rows: listing::Rows,
    paging: &listing::Paging,
    (total, total_exact): (u64, bool),
) -> Result<RequestPage, ApiError> {
    let mut items =
        pagination::readable::<service_requests::Entity, _>(rows.rows, request_from_model);
    clocks::fill_due(&state.reader, &mut items).await?;
    names::fill(&state.reader, &mut items).await?;
    Ok(RequestPage {
        items,
        page: paging.number(),
        limit: paging.limit,
        total,
        total_exact,
        next_cursor: rows.next.map(|cursor| cursor.encode()),
    })
}

/// The customer's contract in force at `now` (signed, invoiced or paid,
/// its period holding the organisation's local date); the one running
/// longest wins. `None`: the customer's work is billable.
pub async fn contract_in_force(
    conn: &impl ConnectionTrait,
    customer_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<contracts::Model>, ApiError> {
    let day = now
        .with_timezone(&crate::services::customers::ORG_TZ)
        .date_naive();
    let in_force: Vec<&str> = ContractStatus::ALL
        .into_iter()
        .filter(|status| status.is_in_force())
        .map(ContractStatus::code)
        .collect();
    Ok(contracts::Entity::find()
        .filter(contracts::Column::CustomerId.eq(customer_id))
        .filter(contracts::Column::Status.is_in(in_force))
        // A free contract's lines each keep their own free year.
        .filter(crate::services::contracts::covering(day))
        .order_by_desc(contracts::Column::PeriodEnd)
        .order_by_asc(contracts::Column::Id)
        // A customer has one or two in force; `.one()` would bind a LIMIT,
        // which SQLite re-prepares the statement for on every call.
        .all(conn)
        .await?
        .into_iter()
        .next())
}

/// The customer `id` if it exists and is not archived; else 422 on `customer_id`.
pub async fn live_customer(
    conn: &impl ConnectionTrait,
    id: Uuid,
) -> Result<customers::Model, ApiError> {
    crate::db::unique(conn, customers::Entity::find_by_id(id))
        .await?
        .filter(|customer| customer.archived_at.is_none())
        .ok_or_else(|| ApiError::field("customer_id", msg!("must be an existing customer")))
}

/// `new` (titled `title`, trimmed) from `caller` received at `now`, with
/// its customer (live, and not `rejected`), contact (the customer's) and
/// contract in force read; a `pending_review` customer's request is taken
/// in flagged.
pub async fn check(
    conn: &impl ConnectionTrait,
    caller: Uuid,
    new: NewRequest,
    title: String,
    now: DateTime<Utc>,
) -> Result<Checked, ApiError> {
    let customer = live_customer(conn, new.customer_id).await?;
    let admission = crate::services::customers::admit(&customer, Use::Request)?;
    if let Some(contact_id) = new.contact_id {
        contacts::of_customer(conn, "contact_id", customer.id, contact_id).await?;
    }
    let contract = contract_in_force(conn, customer.id, now).await?;
    Ok(Checked {
        caller,
        new,
        title,
        customer,
        unverified: admission == Admission::Unverified,
        contract,
    })
}

/// The states in which a request still needs work.
fn open_states() -> Vec<Status> {
    Status::ALL
        .into_iter()
        .filter(|status| status.is_open())
        .collect()
}

/// Whether `assignee` works an open request of `customer` (a technician may
/// then see the customer's contacts unmasked).
pub async fn has_open_request_for(
    conn: &impl ConnectionTrait,
    assignee: Uuid,
    customer: Uuid,
) -> Result<bool, ApiError> {
    let found = service_requests::Entity::find()
        .filter(service_requests::Column::AssigneeId.eq(assignee))
        .filter(service_requests::Column::CustomerId.eq(customer))
        .filter(service_requests::Column::Status.is_in(open_states()))
        .count(conn)
        .await?;
    Ok(found > 0)
}

/// Records that `people` were just given a request, for the longest-since tie-break.
fn mark_assigned(writes: &mut Writes, people: &[Uuid], now: DateTime<Utc>) {
    if people.is_empty() {
        return;
    }
    writes.push(
        users::Entity::update_many()
            .col_expr(users::Column::LastAssignedAt, Expr::value(now))
            .filter(users::Column::Id.is_in(people.iter().copied()))
            .into_query(),
    );
}

/// A value as stored in a JSON column.
pub fn to_json(value: &impl Serialize) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(value)
        .map_err(|error| ApiError::internal("writing a request field as JSON", error))
}

/// One entry of a request's timeline, to store with [`insert_events`];
/// `actor` is `None` for what the customer did (answering a survey).
fn event(
    request_id: Uuid,
    at: DateTime<Utc>,
    actor: Option<Uuid>,
    kind: &str,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> request_events::Model {
    request_events::Model {
        // Time-ordered, so events of the same instant keep their order.
        id: Uuid::now_v7(),
        request_id,
        at,
        actor_id: actor,
        kind: kind.to_owned(),
        before,
        after,
    }
}

/// Adds the statement appending `events` to their requests' timelines.
fn insert_events(writes: &mut Writes, events: &[request_events::Model]) {
    if events.is_empty() {
        return;
    }
    let models = events
        .iter()
        .cloned()
        .map(request_events::ActiveModel::from);
    writes.push(request_events::Entity::insert_many(models).into_query());
}

/// Appends one entry to a request's timeline.
pub async fn append_event(
    conn: &impl ConnectionTrait,
    request_id: Uuid,
    at: DateTime<Utc>,
    actor: Option<Uuid>,
    kind: &str,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), ApiError> {
    let mut writes = Writes::default();
    insert_events(
        &mut writes,
        &[event(request_id, at, actor, kind, before, after)],
    );
    Ok(writes.execute(conn).await?)
}

/// The request with its clocks measured at `now` on its `calendar`, and its timeline.
async fn detail(
    conn: &impl ConnectionTrait,
    request: ServiceRequest,
    calendar: &BusinessCalendar,
    now: DateTime<Utc>,
) -> Result<ServiceRequestDetail, ApiError> {
    let children = stored::children(conn, request.id)
        .await?
        .ok_or(ApiError::NotFound(msg!("request")))?;
    detail_of(request, children, calendar, now)
}

/// The detail of `request` from its stored SLA rows and timeline (in order).
fn detail_of(
    request: ServiceRequest,
    Children {
        sla,
        events,
        customer_name,
        people,
    }: Children,
    calendar: &BusinessCalendar,
    now: DateTime<Utc>,
) -> Result<ServiceRequestDetail, ApiError> {
    let mut request = request;
    request.customer_name = customer_name;
    request.assignee_name = request.assignee_id.and_then(|id| people.get(&id).cloned());
    if request.status.is_open() {
        request.due = clocks::due_of(&sla)?;
    }
    let sla = clocks::measure(calendar, sla, clocks::measured_at(&request, now))?;
    let timeline = events
        .into_iter()
        .map(|event| TimelineEvent {
            at: event.at,
            actor_id: event.actor_id,
            kind: event.kind,
            before: event.before,
            after: event.after,
        })
        .collect();
    Ok(ServiceRequestDetail {
        request,
        sla,
        timeline,
        people,
    })
}

/// The request `id`; 404 when there is none.
pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<ServiceRequest, ApiError> {
    let model = crate::db::unique(conn, service_requests::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound(msg!("request")))?;
    request_from_model(model)
}

/// How many requests `filter` may keep: few when it keeps open requests
/// only (a backlog, however many requests were ever taken in) or those at
/// risk.
fn share(filter: &RequestFilter) -> listing::Share {
    let open_only = filter.open == Some(true) || filter.status.is_some_and(Status::is_open);
    // A department's open requests are read in the list's order from their
    // own index, which stops at a page.
    let department_open = filter.department.is_some()
        && filter.open == Some(true)
        && filter.status.is_none()
        && !narrower_than_department(filter);
    if (open_only && !department_open) || filter.sla_status == Some(SlaStatus::AtRisk) {
        listing::Share::Few
    } else {
        listing::Share::Many
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
fn filtered(
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
        // Written as the partial index of a department's open requests
        // is, so that SQLite may read it.
        let open_sql = m20261212_000039_index_open_requests_by_department::open_sql();
        query = query.filter(if open {
            Expr::cust(open_sql)
        } else {
            Expr::cust(open_sql).not()
        });
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
            C::ResolutionMethod.eq(method)
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
