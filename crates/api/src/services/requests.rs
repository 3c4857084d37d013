//! `/api/v1/requests`: service requests (服务请求, SPEC section 4): intake
//! with numbering, the contract check, routing and SLA clocks in one
//! transaction; reading one with its timeline and clocks; the filtered list
//! and the caller's queue. The writes of intake are in [`intake`], the
//! lifecycle actions in [`actions`], the SLA rows in [`clocks`], the
//! list's filter in [`filter`].
//!
//! The rules themselves (routing, SLA deadlines, states) live in the domain
//! crate; this module only gathers the facts they need and stores results.

pub mod actions;
pub mod assignees;
pub mod clocks;
mod filter;
pub mod intake;
mod listing;
#[cfg(test)]
mod plans;
mod stored;
pub mod text_search;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use rapport_domain::calendar::BusinessCalendar;
use rapport_domain::customer::{Admission, Use};
use rapport_domain::lifecycle::contract::Status as ContractStatus;
use rapport_domain::msg;
use rapport_entity::{contracts, customers, request_events, service_requests, users};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QueryTrait, Select,
};
use serde::Serialize;
use uuid::Uuid;

use rapport_types::requests::{
    NewRequest, QueueQuery, RequestFilter, RequestPage, RequestSummary, ServiceRequest,
    ServiceRequestDetail, TimelineEvent,
};

use crate::error::{ApiError, non_blank};
use crate::idempotency::Key;
use crate::pagination;
use crate::search;
use crate::services::{calendar, contacts};
use crate::settings::Cache;
use crate::state::AppState;
use crate::writes::Writes;

use self::filter::{
    breached_parts, filtered, is_open, keeps, on_list_connections, share, sorted_whole, text_only,
};
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
    let mut detail = detail_of(request, children, &calendar, state.clock.now())?;
    name(&state.settings, &state.reader, &mut detail).await?;
    Ok(detail)
}

/// One page of the requests `filter` finds, each with its nearest
/// deadline: newest first, or for a search (`q`) those whose number it
/// names first; with the cursor of the next page (see [`listing`]).
pub async fn list(state: &AppState, filter: RequestFilter) -> Result<RequestPage, ApiError> {
    let paging = listing::Paging::of(filter.page, filter.cursor.as_deref(), filter.limit)?;
    let now = state.clock.now();
    let conn = if on_list_connections(&filter) {
        &state.lists
    } else {
        &state.reader
    };
    let backend = conn.get_database_backend();
    let select = filtered(&filter, now, backend)?;
    let recent = &state.recent_counts;
    let (rows, counted) = match search::query(filter.q.as_deref())? {
        None => {
            let key = count_key(&filter);
            let remembered = recent.get(&key);
            // A numbered page past the first reads through the rows before
            // it as one list.
            let parts = match paging.offset() {
                0 => breached_parts(&filter, now, backend)?,
                _ => None,
            };
            let rows = match &parts {
                Some(parts) => listing::newest_breached(conn, parts.clone(), &paging).await?,
                None => {
                    // PostgreSQL counts in the page's statement (SQLite
                    // has no statement to save: it counts on its own
                    // after the page).
                    let count = (remembered.is_none() && backend == DbBackend::Postgres)
                        .then(|| listing::counting(select.clone(), keeps(&filter)));
                    let sorted = sorted_whole(&filter);
                    listing::newest(conn, select.clone(), share(&filter), &paging, sorted, count)
                        .await?
                }
            };
            let counted = match (rows.known_total(&paging), remembered) {
                (Some(counted), _) => {
                    // Capped, the count was read beside the page.
                    if !counted.1 {
                        recent.put(key, counted);
                    }
                    counted
                }
                (None, Some(counted)) => counted,
                (None, None) => {
                    let count = async {
                        match parts {
                            Some(parts) => listing::count_breached(conn, parts).await,
                            None => {
                                let select = listing::to_count(select, keeps(&filter));
                                listing::count(conn, select).await
                            }
                        }
                    };
                    pagination::count_remembered(recent, key, count).await?
                }
            };
            (rows, counted)
        }
        Some(query) => search_page(state, conn, &filter, select, &query, &paging).await?,
    };
    page_of(state, rows, &paging, counted).await
}

/// A page of a search (`query`, within `filter`'s other filters: `select`)
/// on `conn`, with its count.
async fn search_page(
    state: &AppState,
    conn: &sea_orm::DatabaseConnection,
    filter: &RequestFilter,
    select: Select<service_requests::Entity>,
    query: &rapport_domain::text::Query,
    paging: &listing::Paging,
) -> Result<(listing::Rows, (u64, bool)), ApiError> {
    let backend = conn.get_database_backend();
    let recent = &state.recent_counts;
    let readings = listing::Readings::of(conn, &state.common_searches, query).await?;
    let far = &state.far_searches;
    let alone = text_only(filter);
    let count_matches = || {
        let matches = listing::search_matches(select.clone(), backend, query, &readings);
        pagination::count_remembered(recent, count_key(filter), listing::count(conn, matches))
    };
    // Beside a filter, PostgreSQL sorts the matches the filter keeps when
    // they are few (their count exact, remembered a minute for this alone),
    // in a statement the planner may read from the filter's index, where the
    // index's order read every match of the word a stretch at a time, kept
    // or not.
    let few_key = format!("{} (few)", count_key(filter));
    let (counted_first, few) = match (alone, backend, recent.get(&few_key)) {
        (false, DbBackend::Postgres, Some((_, exact))) => (None, exact),
        (false, DbBackend::Postgres, None) => {
            let counted = count_matches().await?;
            recent.put(few_key, counted);
            (Some(counted), counted.1)
        }
        _ => (None, false),
    };
    let sorted = few.then(listing::Readings::sorted);
    let read = sorted.as_ref().unwrap_or(&readings);
    let rows = listing::searched(conn, select.clone(), query, read, far, paging, alone).await?;
    // Every request is in the index: the text alone keeps what its
    // parts were counted to keep, and what the index finds.
    let counted = match (counted_first, rows.known_total(paging)) {
        (Some(counted), _) | (None, Some(counted)) => counted,
        (None, None) => match readings.capped_count() {
            Some(counted) if alone => counted,
            None if alone => {
                let count = listing::count_found(conn, query);
                pagination::count_remembered(recent, count_key(filter), count).await?
            }
            _ => count_matches().await?,
        },
    };
    Ok((rows, counted))
}

/// What names the list `filter` asks for, whichever page of it.
fn count_key(filter: &RequestFilter) -> String {
    let list = RequestFilter {
        cursor: None,
        page: None,
        limit: None,
        ..filter.clone()
    };
    format!("requests {list:?}")
}

/// One page of `caller`'s queue: their open requests, the nearest deadline
/// first (those with none running last).
pub async fn queue(
    state: &AppState,
    caller: Uuid,
    asked: QueueQuery,
) -> Result<RequestPage, ApiError> {
    let paging = listing::Paging::of(asked.page, asked.cursor.as_deref(), asked.limit)?;
    let select = open_work_of(caller);
    let rows = listing::due_first(&state.reader, select.clone(), &paging).await?;
    let counted = match rows.known_total(&paging) {
        Some(counted) => counted,
        None => listing::count(&state.reader, select).await?,
    };
    page_of(state, rows, &paging, counted).await
}

/// The answer for a page of `rows`, with their customers' and assignees'
/// names.
async fn page_of(
    state: &AppState,
    rows: listing::Rows,
    paging: &listing::Paging,
    (total, total_exact): (u64, bool),
) -> Result<RequestPage, ApiError> {
    let mut items: Vec<RequestSummary> = rows.rows.into_iter().map(Into::into).collect();
    let customers = items.iter().map(|item| item.customer_id).collect();
    let staff = items.iter().filter_map(|item| item.assignee_id).collect();
    let names = crate::names::of(&state.settings, &state.reader, customers, staff).await?;
    for item in &mut items {
        item.customer_name = names.get(&item.customer_id).cloned();
        item.assignee_name = item.assignee_id.and_then(|id| names.get(&id).cloned());
    }
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

/// The open requests `assignee` works: read from the index of open
/// requests by assignee (`plans` holds SQLite to it).
fn open_work_of(assignee: Uuid) -> Select<service_requests::Entity> {
    service_requests::Entity::find()
        .filter(service_requests::Column::AssigneeId.eq(assignee))
        .filter(is_open())
}

/// Whether `assignee` works an open request of `customer` (a technician may
/// then see the customer's contacts unmasked).
pub async fn has_open_request_for(
    conn: &impl ConnectionTrait,
    assignee: Uuid,
    customer: Uuid,
) -> Result<bool, ApiError> {
    let found = open_work_of(assignee)
        .filter(service_requests::Column::CustomerId.eq(customer))
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

/// The request with its clocks measured at `now` on its `calendar`, its
/// timeline, and the names beside its ids.
async fn detail(
    settings: &Cache,
    conn: &impl ConnectionTrait,
    request: ServiceRequest,
    calendar: &BusinessCalendar,
    now: DateTime<Utc>,
) -> Result<ServiceRequestDetail, ApiError> {
    let children = stored::children(conn, request.id)
        .await?
        .ok_or(ApiError::NotFound(msg!("request")))?;
    let mut detail = detail_of(request, children, calendar, now)?;
    name(settings, conn, &mut detail).await?;
    Ok(detail)
}

/// The detail of `request` from its stored SLA rows and timeline (in
/// order), not yet named (see [`name`]).
fn detail_of(
    mut request: ServiceRequest,
    Children { sla, events }: Children,
    calendar: &BusinessCalendar,
    now: DateTime<Utc>,
) -> Result<ServiceRequestDetail, ApiError> {
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
        people: BTreeMap::new(),
    })
}

/// Fills in the names a person reads beside the detail's ids: its
/// customer's, and those of the staff the request and its timeline mention
/// (the assignee, who took it in, who acted, whom an entry assigned or
/// unassigned), from the names cache as a list's are.
async fn name(
    settings: &Cache,
    conn: &impl ConnectionTrait,
    detail: &mut ServiceRequestDetail,
) -> Result<(), ApiError> {
    let request = &detail.request;
    let assigned = |fields: &Option<serde_json::Value>| {
        let id = fields.as_ref()?.get("assignee_id")?.as_str()?;
        Uuid::parse_str(id).ok()
    };
    let mut staff: BTreeSet<Uuid> = request.assignee_id.into_iter().collect();
    staff.insert(request.created_by);
    for event in &detail.timeline {
        staff.extend(event.actor_id);
        staff.extend(assigned(&event.before));
        staff.extend(assigned(&event.after));
    }
    let customers = BTreeSet::from([request.customer_id]);
    let mut names = crate::names::of(settings, conn, customers, staff).await?;
    let request = &mut detail.request;
    request.customer_name = names.remove(&request.customer_id);
    request.assignee_name = request.assignee_id.and_then(|id| names.get(&id).cloned());
    detail.people = names;
    Ok(())
}

/// The request `id`; 404 when there is none.
pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<ServiceRequest, ApiError> {
    let model = crate::db::unique(conn, service_requests::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound(msg!("request")))?;
    request_from_model(model)
}
