//! HTTP handlers over [`crate::services::complaints`].

use crate::audit::{self, Entry};
use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::idempotency::{self, Created};
use crate::pagination::Page;
use crate::routes::extract::{Json, Listing};
use crate::routes::responses::{BadQuery, Refused, Unauthenticated};
#[allow(unused_imports)]
use crate::services::complaints::*;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use rapport_domain::lifecycle::complaint::Status;
use rapport_entity::complaints;
use rapport_types::complaints::{
    Complaint, ComplaintDetail, ComplaintFilter, ComplaintTransition, EventKind, NewComplaint,
};
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use sea_orm::{ColumnTrait, Condition, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set};
use serde_json::Value;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Registers the complaint routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(get_one)
        .service(transition);
}

/// Take a complaint (as `received`) with the handling time promised to the customer.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    request_body = NewComplaint,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retrying with the same key returns the first response")),
    responses(
        (status = 201, description = "Taken as received", body = ComplaintDetail),
        (status = 400, description = "Malformed body or unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The customer is archived, or the Idempotency-Key is still in use", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or references, or a promise that is not after now", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[post("/complaints")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    body: Json<NewComplaint>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteComplaints)?;
    let new = body.0;
    idempotency::once(&state, caller.id, &request, async |txn| {
        let now = state.clock.now();
        check(txn, &new, now).await?;
        let complaint = open(txn, new, caller.id, now).await?;
        let detail = detail(txn, complaint).await?;
        Ok(Created::of(&detail))
    })
    .await
}

/// List complaints, newest first; `overdue=true` gives the broken promises, most overdue first.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    params(PageQuery, ComplaintFilter),
    responses(
        (status = 200, description = "One page of complaints", body = Paged<Complaint>),
        (status = 422, description = "Bad page or limit", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadQuery
    )
)]
#[get("/complaints")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    Listing { page, filter }: Listing<ComplaintFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadComplaints)?;
    let page = Page::from_query(page)?;
    let now = state.clock.now();
    let mut query = complaints::Entity::find();
    if let Some(status) = filter.status {
        query = query.filter(complaints::Column::Status.eq(status.code()));
    }
    if let Some(id) = filter.customer_id {
        query = query.filter(complaints::Column::CustomerId.eq(id));
    }
    let open: Vec<&str> = Status::ALL
        .into_iter()
        .filter(|status| status.is_open())
        .map(Status::code)
        .collect();
    query = match filter.overdue {
        Some(true) => query
            .filter(complaints::Column::Status.is_in(open))
            .filter(complaints::Column::PromisedBy.lt(now))
            .order_by_asc(complaints::Column::PromisedBy),
        Some(false) => query
            .filter(
                Condition::any()
                    .add(complaints::Column::Status.is_not_in(open))
                    .add(complaints::Column::PromisedBy.gte(now)),
            )
            .order_by_desc(complaints::Column::CreatedAt),
        None => query.order_by_desc(complaints::Column::CreatedAt),
    };
    query = query.order_by_asc(complaints::Column::Id);
    let page = page
        .fetch(&state.reader, query, |row| complaint_from_model(row, now))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One complaint with its timeline.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The complaint's id")),
    responses(
        (status = 200, description = "The complaint", body = ComplaintDetail),
        (status = 404, description = "No such complaint", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[get("/complaints/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadComplaints)?;
    let model = find(&state.reader, *id).await?;
    let complaint = complaint_from_model(model, state.clock.now())?;
    Ok(HttpResponse::Ok().json(detail(&state.reader, complaint).await?))
}

/// Move a complaint through its lifecycle: investigate, propose_solution,
/// reject_solution or approve (managers), resolve, revisit.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The complaint's id")),
    request_body = ComplaintTransition,
    responses(
        (status = 200, description = "The complaint in its new state", body = ComplaintDetail),
        (status = 400, description = "Malformed body, unknown field or unknown action", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not take this step (approving and rejecting a solution is for managers)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or the current state does not allow the action (`illegal_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field the action requires is missing or blank, or one it does not use is given", body = Problem, content_type = "application/problem+json"),
        Unauthenticated
    )
)]
#[post("/complaints/{id}/transitions")]
pub async fn transition(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<ComplaintTransition>,
) -> Result<HttpResponse, ApiError> {
    let step = body.0;
    caller.require(permission(step.action))?;
    let change = check_step_fields(&step)?;
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let current = find(&txn, *id).await?;
    crate::db::expect_version(current.version, step.version)?;
    let before = complaint_from_model(current.clone(), now)?;
    let next = before
        .status
        .apply(step.action)
        .map_err(|refusal| ApiError::conflict("illegal_transition", refusal.to_string()))?;
    let mut model = current.into_active_model();
    model.status = Set(next.code().to_owned());
    let said = change.apply(&mut model, caller.id, now);
    model.updated_at = Set(now);
    let saved =
        crate::db::update_versioned(&txn, model, complaints::Column::Version, step.version).await?;
    let after = complaint_from_model(saved.clone(), now)?;
    let (was, mut became) =
        audit::changed_fields(&before, &after, &["version", "updated_at", "overdue"])?;
    became.extend(said);
    let kind = EventKind::from(step.action);
    record_event(
        &txn,
        &saved,
        caller.id,
        kind,
        Some(Value::Object(was)),
        Some(Value::Object(became)),
    )
    .await?;
    audit::record(
        &txn,
        now,
        Entry::changed(
            Some(caller.id),
            &format!("complaint.{}", step.action.code()),
            "complaint",
            after.id,
            &before,
            &after,
        ),
    )
    .await?;
    let detail = detail(&txn, after).await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(detail))
}
