//! HTTP handlers over [`crate::services::visits`].

use crate::audit::{self, Entry};
use crate::auth::{Action, Caller};
use crate::codes::encode;
use crate::error::ApiError;
use crate::idempotency::{self, Created};
use crate::pagination::Page;
use crate::routes::extract::{Json, Listing};
use crate::routes::responses::{BadBody, BadQuery, Refused};
use crate::services::contacts;
use crate::services::requests::{self};
#[allow(unused_imports)]
use crate::services::visits::*;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::Utc;
use rapport_entity::return_visits;
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use rapport_types::visits::{NewVisit, Visit, VisitFilter, VisitKind, VisitRecord, VisitStatus};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Registers the visit routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(schedule)
        .service(get_one)
        .service(record);
}

/// Visits, the soonest due first.
#[utoipa::path(
    tag = "visits",
    security(("bearer" = [])),
    params(PageQuery, VisitFilter),
    responses(
        (status = 200, description = "One page of visits", body = Paged<Visit>),
        (status = 422, description = "Bad page or limit", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadQuery
    )
)]
#[get("/visits")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    Listing { page, filter }: Listing<VisitFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadRequests)?;
    let page = Page::from_query(page)?;
    let now = state.clock.now();
    use return_visits::Column as C;
    let mut query = return_visits::Entity::find();
    if let Some(status) = filter.status {
        query = query.filter(C::Status.eq(encode(&status)));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(C::Kind.eq(encode(&kind)));
    }
    if let Some(id) = filter.customer_id {
        query = query.filter(C::CustomerId.eq(id));
    }
    if let Some(id) = filter.request_id {
        query = query.filter(C::RequestId.eq(id));
    }
    if filter.overdue == Some(true) {
        query = query
            .filter(C::Status.eq(encode(&VisitStatus::Due)))
            .filter(C::DueAt.lt(now));
    }
    let query = query.order_by_asc(C::DueAt).order_by_asc(C::Id);
    let page = page
        .fetch(&state.db, query, |model| visit_from_model(model, now))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One visit.
#[utoipa::path(
    tag = "visits",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The visit's id")),
    responses(
        (status = 200, description = "The visit", body = Visit),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such visit", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[get("/visits/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadRequests)?;
    let model = find(&state.db, *id).await?;
    Ok(HttpResponse::Ok().json(visit_from_model(model, state.clock.now())?))
}

/// Schedule an executive or routine visit.
#[utoipa::path(
    tag = "visits",
    security(("bearer" = [])),
    request_body = NewVisit,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retrying with the same key returns the first response")),
    responses(
        (status = 201, description = "Scheduled", body = Visit),
        (status = 409, description = "The Idempotency-Key was used with another body", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A return visit, an unknown customer or contact, no executive contact, no contract in force", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[post("/visits")]
pub async fn schedule(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    body: Json<NewVisit>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteVisits)?;
    let new = body.0;
    if new.kind == VisitKind::Return {
        return Err(ApiError::field(
            "kind",
            "return visits are scheduled by resolving a request",
        ));
    }
    idempotency::once(&state, caller.id, &request, async |txn| {
        let now = state.clock.now();
        let due_at = new.due_at.with_timezone(&Utc);
        // A visit is planned within a sensible horizon; far-off years would
        // not even store on PostgreSQL.
        if due_at < now - chrono::TimeDelta::days(366)
            || due_at > now + chrono::TimeDelta::days(5 * 366)
        {
            return Err(ApiError::field(
                "due_at",
                "must be within a year before and five years after now",
            ));
        }
        let customer = requests::live_customer(txn, new.customer_id).await?;
        let contact = match new.contact_id {
            Some(id) => Some(contacts::of_customer(txn, "contact_id", customer.id, id).await?),
            None => None,
        };
        if new.kind == VisitKind::Executive {
            if !contact.as_ref().is_some_and(|contact| contact.is_executive) {
                return Err(ApiError::field(
                    "contact_id",
                    "an executive visit goes to an executive contact of the customer",
                ));
            }
            if requests::contract_in_force(txn, customer.id, now)
                .await?
                .is_none()
            {
                return Err(ApiError::field(
                    "customer_id",
                    "executive visits go to customers under a contract in force",
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
        let model = insert(txn, due, caller.id, now).await?;
        let visit = visit_from_model(model, now)?;
        audit::record(
            txn,
            now,
            Entry::created(Some(caller.id), "visit.schedule", "visit", visit.id, &visit),
        )
        .await?;
        Ok(Created::of(&visit))
    })
    .await
}

/// Record a visit. For a return visit, 4–5 closes the request; 1–3 reopens
/// it, notifies the department and the account manager, and starts the
/// 24-hour review clock.
#[utoipa::path(
    tag = "visits",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The visit's id")),
    request_body = VisitRecord,
    responses(
        (status = 200, description = "The recorded visit", body = Visit),
        (status = 400, description = "Malformed body, satisfaction outside 1–5", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such visit", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, the visit is no longer due, or its request is no longer resolved", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown contact or suggestions too long", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[post("/visits/{id}/record")]
pub async fn record(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<VisitRecord>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteVisits)?;
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let after = record_at(&txn, &state.settings, &caller, *id, body.0, now).await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(after))
}
