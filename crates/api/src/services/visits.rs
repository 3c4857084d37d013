//! `/api/v1/visits`: return visits (回访, SPEC section 6). Resolving a request
//! schedules its return visit; recording the visit closes the request when
//! the customer is satisfied (4–5) or reopens it (1–3), tells the department
//! and the account manager, and starts the 24-hour review clock. Executive
//! and routine visits to customers are scheduled and recorded the same way.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};
use rapport_domain::customer::Use;
use rapport_domain::lifecycle::request::Status as RequestStatus;
use rapport_domain::msg;
use rapport_domain::sla::SlaTarget;
use rapport_domain::visits::{Satisfaction, VisitOutcome};
use rapport_entity::return_visits;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, Order, QueryFilter, Set,
};
use uuid::Uuid;

use rapport_types::page::{PageQuery, Paged};
use rapport_types::request_actions::{ActionKind, RequestAction};
use rapport_types::requests::ServiceRequest;
use rapport_types::visits::{NewVisit, Visit, VisitFilter, VisitKind, VisitRecord, VisitStatus};

use crate::audit::{self, Entry};
use crate::auth::Caller;
use crate::codes::encode;
use crate::error::ApiError;
use crate::notify;
use crate::pagination::{Keyset, Page};
use crate::services::requests::{self, actions, clocks};
use crate::services::{contacts, customers};
use crate::settings::Cache;

/// One page of the visits `filter` finds, the soonest due first (`id`
/// breaks ties); overdue at `now`. Paged by number or by cursor, served by
/// an index alone or after the status, the kind or the customer (migration
/// `m20261212_000038_index_list_cursors`).
pub async fn list(
    conn: &impl ConnectionTrait,
    names: &Cache,
    page: PageQuery,
    filter: VisitFilter,
    now: DateTime<Utc>,
) -> Result<Paged<Visit>, ApiError> {
    use return_visits::Column as C;
    let page = Page::from_query_or_cursor(page, filter.cursor.as_deref())?;
    let mut query = return_visits::Entity::find();
    if let Some(status) = filter.status {
        query = query.filter(C::Status.eq(status));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(C::Kind.eq(kind));
    }
    if let Some(id) = filter.customer_id {
        query = query.filter(C::CustomerId.eq(id));
    }
    if let Some(id) = filter.request_id {
        query = query.filter(C::RequestId.eq(id));
    }
    if filter.overdue == Some(true) {
        query = query
            .filter(C::Status.eq(VisitStatus::Due))
            .filter(C::DueAt.lt(now));
    }
    let soonest: Keyset<DateTime<Utc>> = Keyset::new(
        'd',
        Expr::col((return_visits::Entity, C::DueAt)),
        Order::Asc,
        Expr::col((return_visits::Entity, C::Id)),
        Order::Asc,
    );
    let cursor = filter.cursor.as_deref();
    let mut page = page
        .fetch_keyed(conn, query, &soonest, cursor, |model| {
            visit_from_model(model, now)
        })
        .await?;
    let names =
        crate::names::of_customers(names, conn, page.items.iter().map(|v| v.customer_id)).await?;
    set_customer_names(&mut page.items, &names);
    Ok(page)
}

/// Fills in each visit's customer name, read in one query.
async fn name_customers(conn: &impl ConnectionTrait, visits: &mut [Visit]) -> Result<(), ApiError> {
    let names = customers::names_of(conn, visits.iter().map(|v| v.customer_id)).await?;
    set_customer_names(visits, &names);
    Ok(())
}

/// Sets each visit's customer name from `names` (by id).
fn set_customer_names(visits: &mut [Visit], names: &BTreeMap<Uuid, String>) {
    for visit in visits {
        visit.customer_name = names.get(&visit.customer_id).cloned();
    }
}

/// One visit, overdue or not at `now`.
pub async fn get(
    conn: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Visit, ApiError> {
    let mut visit = visit_from_model(find(conn, id).await?, now)?;
    name_customers(conn, std::slice::from_mut(&mut visit)).await?;
    Ok(visit)
}

/// Schedules an executive or routine visit, audited, on `conn` (the
/// caller's transaction), if the customer's review allows visits (a
/// `rejected` customer gets none). Return visits come only from resolving a
/// request, and follow it whatever became of the customer's review since it
/// was taken in; an executive visit goes to an executive contact of a
/// customer under a contract in force.
pub async fn schedule(
    conn: &impl ConnectionTrait,
    actor: Uuid,
    new: NewVisit,
    now: DateTime<Utc>,
) -> Result<Visit, ApiError> {
    if new.kind == VisitKind::Return {
        return Err(ApiError::field(
            "kind",
            msg!("return visits are scheduled by resolving a request"),
        ));
    }
    let due_at = new.due_at.with_timezone(&Utc);
    // A visit is planned within a sensible horizon; far-off years would
    // not even store on PostgreSQL.
    if due_at < now - TimeDelta::days(366) || due_at > now + TimeDelta::days(5 * 366) {
        return Err(ApiError::field(
            "due_at",
            msg!("must be within a year before and five years after now"),
        ));
    }
    let customer = requests::live_customer(conn, new.customer_id).await?;
    customers::admit(&customer, Use::Visit)?;
    let contact = match new.contact_id {
        Some(id) => Some(contacts::of_customer(conn, "contact_id", customer.id, id).await?),
        None => None,
    };
    if new.kind == VisitKind::Executive {
        if !contact.as_ref().is_some_and(|contact| contact.is_executive) {
            return Err(ApiError::field(
                "contact_id",
                msg!("an executive visit goes to an executive contact of the customer"),
            ));
        }
        if requests::contract_in_force(conn, customer.id, now)
            .await?
            .is_none()
        {
            return Err(ApiError::field(
                "customer_id",
                msg!("executive visits go to customers under a contract in force"),
            ));
        }
    }
    let due = Due {
        kind: new.kind,
        customer_id: customer.id,
        request_id: None,
        contact_id: new.contact_id,
        due_at,
    };
    let visit = visit_from_model(insert(conn, due, actor, now).await?, now)?;
    let entry = Entry::created(Some(actor), "visit.schedule", "visit", visit.id, &visit);
    audit::record(conn, now, entry).await?;
    Ok(visit)
}

/// Records the visit `id` as made by `caller` at `now` in a transaction of
/// its own; see [`record_at`].
pub async fn record(
    db: &DatabaseConnection,
    settings: &Cache,
    caller: &Caller,
    id: Uuid,
    answer: VisitRecord,
    now: DateTime<Utc>,
) -> Result<Visit, ApiError> {
    let txn = crate::db::begin(db).await?;
    let mut after = record_at(&txn, settings, caller, id, answer, now).await?;
    name_customers(&txn, std::slice::from_mut(&mut after)).await?;
    txn.commit().await?;
    Ok(after)
}

/// The visit a stored row describes, its status read at `now`.
fn visit_from_model(model: return_visits::Model, now: DateTime<Utc>) -> Result<Visit, ApiError> {
    let status: VisitStatus = model.status;
    let checklist = model
        .checklist
        .map(serde_json::from_value)
        .transpose()
        .map_err(|error| ApiError::internal("reading a visit's checklist", error))?;
    Ok(Visit {
        id: model.id,
        kind: model.kind,
        customer_id: model.customer_id,
        customer_name: None,
        request_id: model.request_id,
        contact_id: model.contact_id,
        overdue: status == VisitStatus::Due && model.due_at < now,
        status,
        due_at: model.due_at,
        visited_at: model.visited_at,
        visited_by: model.visited_by,
        satisfaction: model
            .satisfaction
            .and_then(|score| u8::try_from(score).ok()),
        suggestions: model.suggestions,
        checklist,
        version: model.version,
        created_at: model.created_at,
    })
}

/// Cancels the visits still due for a request that was closed, cancelled or reopened.
pub async fn cancel_due(
    conn: &impl ConnectionTrait,
    request_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    return_visits::Entity::update_many()
        .col_expr(
            return_visits::Column::Status,
            Expr::value(VisitStatus::Cancelled),
        )
        .col_expr(
            return_visits::Column::Version,
            Expr::col(return_visits::Column::Version).add(1),
        )
        .col_expr(return_visits::Column::UpdatedAt, Expr::value(now))
        .filter(return_visits::Column::RequestId.eq(request_id))
        .filter(return_visits::Column::Status.eq(VisitStatus::Due))
        .exec(conn)
        .await?;
    Ok(())
}

/// Schedules the return visit of a request just resolved, due at `due`.
pub async fn schedule_return(
    conn: &impl ConnectionTrait,
    request: &ServiceRequest,
    due: DateTime<Utc>,
    actor: Uuid,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let due = Due {
        kind: VisitKind::Return,
        customer_id: request.customer_id,
        request_id: Some(request.id),
        contact_id: request.contact_id,
        due_at: due,
    };
    insert(conn, due, actor, now).await.map(|_| ())
}

/// A visit to store as due.
struct Due {
    kind: VisitKind,
    customer_id: Uuid,
    request_id: Option<Uuid>,
    contact_id: Option<Uuid>,
    due_at: DateTime<Utc>,
}

/// Stores `due` as a visit still due, scheduled by `actor`.
async fn insert(
    conn: &impl ConnectionTrait,
    due: Due,
    actor: Uuid,
    now: DateTime<Utc>,
) -> Result<return_visits::Model, ApiError> {
    Ok(return_visits::ActiveModel {
        id: Set(Uuid::new_v4()),
        kind: Set(due.kind),
        customer_id: Set(due.customer_id),
        request_id: Set(due.request_id),
        contact_id: Set(due.contact_id),
        status: Set(VisitStatus::Due),
        due_at: Set(due.due_at),
        visited_at: Set(None),
        visited_by: Set(None),
        satisfaction: Set(None),
        suggestions: Set(None),
        checklist: Set(None),
        created_by: Set(actor),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await?)
}

async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<return_visits::Model, ApiError> {
    crate::db::unique(conn, return_visits::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound(msg!("visit")))
}

/// Records the visit `id` as made by `caller` at `now`, in `txn`, with
/// what it does to its request; the handler's work, and the demo's with
/// instants of its own. The caller has checked the permission.
pub async fn record_at(
    txn: &impl ConnectionTrait,
    settings: &Cache,
    caller: &Caller,
    id: Uuid,
    answer: VisitRecord,
    now: DateTime<Utc>,
) -> Result<Visit, ApiError> {
    let current = find(txn, id).await?;
    crate::db::expect_version(current.version, answer.version)?;
    let before = visit_from_model(current.clone(), now)?;
    if before.status != VisitStatus::Due {
        return Err(ApiError::conflict(
            "visit_not_due",
            msg!(
                "this visit is already {status}",
                status = encode(&before.status)
            ),
        ));
    }
    if let Some(contact_id) = answer.contact_id {
        contacts::of_customer(txn, "contact_id", before.customer_id, contact_id).await?;
    }
    let suggestions = answer.suggestions.trim().to_owned();
    let mut model = current.into_active_model();
    model.status = Set(VisitStatus::Done);
    model.contact_id = Set(answer.contact_id.or(before.contact_id));
    model.visited_at = Set(Some(now));
    model.visited_by = Set(Some(caller.id));
    model.satisfaction = Set(Some(i16::from(answer.satisfaction.value())));
    model.suggestions = Set(Some(suggestions.clone()));
    model.checklist = Set(Some(requests::to_json(&answer.checklist)?));
    model.updated_at = Set(now);
    let saved =
        crate::db::update_versioned(txn, model, return_visits::Column::Version, answer.version)
            .await?;
    let after = visit_from_model(saved, now)?;
    if before.kind == VisitKind::Routine {
        customers::record_routine_visit(txn, before.customer_id, now).await?;
    }
    // After the visit is saved as done: closing the request cancels the
    // visits still due for it.
    if let Some(request_id) = before.request_id {
        follow_up_request(
            txn,
            settings,
            caller,
            request_id,
            answer.satisfaction,
            &suggestions,
            now,
        )
        .await?;
    }
    audit::record(
        txn,
        now,
        Entry::changed(
            Some(caller.id),
            "visit.record",
            "visit",
            after.id,
            &before,
            &after,
        ),
    )
    .await?;
    Ok(after)
}

/// What a return visit's answer does to its request: closes it, or reopens
/// it with the department and account manager told and the review clock on.
async fn follow_up_request(
    txn: &impl ConnectionTrait,
    settings: &Cache,
    caller: &Caller,
    request_id: Uuid,
    satisfaction: Satisfaction,
    suggestions: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let request = requests::find(txn, request_id).await?;
    if request.status != RequestStatus::Resolved {
        return Err(ApiError::conflict(
            "illegal_transition",
            msg!(
                "the visited request is `{status}`, not `resolved`",
                status = request.status.code()
            ),
        ));
    }
    let score = satisfaction.value();
    let reason = match suggestions.trim() {
        "" => format!("回访满意度 {score}"),
        said => format!("回访满意度 {score}: {said}"),
    };
    let kind = match satisfaction.outcome() {
        VisitOutcome::CloseRequest => ActionKind::Close,
        VisitOutcome::ReopenRequest => ActionKind::Reopen,
    };
    let asked = RequestAction::with_reason(kind, request.version, reason);
    let (reopened, clocks) = actions::apply(txn, settings, caller, request_id, asked, now).await?;
    clocks::meet(txn, request_id, &[SlaTarget::ReturnVisit], now).await?;
    if kind == ActionKind::Reopen {
        clocks
            .start(txn, SlaTarget::DissatisfiedReview, now)
            .await?;
        notify::dissatisfied(txn, &reopened, score, suggestions, now).await?;
        crate::webhooks::events::dissatisfied(txn, &reopened, score, suggestions, now).await?;
    }
    Ok(())
}
