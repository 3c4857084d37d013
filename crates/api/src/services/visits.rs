//! `/api/v1/visits`: return visits (回访, SPEC section 6). Resolving a request
//! schedules its return visit; recording the visit closes the request when
//! the customer is satisfied (4–5) or reopens it (1–3), tells the department
//! and the account manager, and starts the 24-hour review clock. Executive
//! and routine visits to customers are scheduled and recorded the same way.

use chrono::{DateTime, Utc};
use rapport_domain::lifecycle::request::Status as RequestStatus;
use rapport_domain::sla::SlaTarget;
use rapport_domain::visits::{Satisfaction, VisitOutcome};
use rapport_entity::return_visits;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
};
use uuid::Uuid;

use rapport_types::visits::{Visit, VisitKind, VisitRecord, VisitStatus};

use rapport_types::request_actions::{ActionKind, RequestAction};
use rapport_types::requests::ServiceRequest;

use crate::audit::{self, Entry};
use crate::auth::Caller;
use crate::codes::{decode, encode};
use crate::error::ApiError;
use crate::notify;
use crate::services::requests::actions::{self};
use crate::services::requests::clocks;
use crate::services::requests::{self};
use crate::services::{contacts, customers};
use crate::settings::Cache;

/// The visit a stored row describes, its status read at `now`.
pub fn visit_from_model(
    model: return_visits::Model,
    now: DateTime<Utc>,
) -> Result<Visit, ApiError> {
    let status: VisitStatus = decode("return_visits.status", &model.status)?;
    let checklist = model
        .checklist
        .map(serde_json::from_value)
        .transpose()
        .map_err(|error| ApiError::internal("reading a visit's checklist", error))?;
    Ok(Visit {
        id: model.id,
        kind: decode("return_visits.kind", &model.kind)?,
        customer_id: model.customer_id,
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
    use sea_orm::sea_query::{Expr, ExprTrait};
    return_visits::Entity::update_many()
        .col_expr(
            return_visits::Column::Status,
            Expr::value(encode(&VisitStatus::Cancelled)),
        )
        .col_expr(
            return_visits::Column::Version,
            Expr::col(return_visits::Column::Version).add(1),
        )
        .col_expr(return_visits::Column::UpdatedAt, Expr::value(now))
        .filter(return_visits::Column::RequestId.eq(request_id))
        .filter(return_visits::Column::Status.eq(encode(&VisitStatus::Due)))
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
pub struct Due {
    pub kind: VisitKind,
    pub customer_id: Uuid,
    pub request_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub due_at: DateTime<Utc>,
}

pub async fn insert(
    conn: &impl ConnectionTrait,
    due: Due,
    actor: Uuid,
    now: DateTime<Utc>,
) -> Result<return_visits::Model, ApiError> {
    Ok(return_visits::ActiveModel {
        id: Set(Uuid::new_v4()),
        kind: Set(encode(&due.kind)),
        customer_id: Set(due.customer_id),
        request_id: Set(due.request_id),
        contact_id: Set(due.contact_id),
        status: Set(encode(&VisitStatus::Due)),
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

pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<return_visits::Model, ApiError> {
    crate::db::unique(conn, return_visits::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound("visit"))
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
            format!("this visit is already {}", encode(&before.status)),
        ));
    }
    if let Some(contact_id) = answer.contact_id {
        contacts::of_customer(txn, "contact_id", before.customer_id, contact_id).await?;
    }
    let suggestions = answer.suggestions.trim().to_owned();
    let mut model = current.into_active_model();
    model.status = Set(encode(&VisitStatus::Done));
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
pub async fn follow_up_request(
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
            format!(
                "the visited request is `{}`, not `resolved`",
                request.status.code()
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
    }
    Ok(())
}
