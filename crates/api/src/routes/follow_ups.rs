//! HTTP handlers over [`crate::services::follow_ups`].

use crate::audit::{self, Entry};
use crate::auth::{Action, Caller};
use crate::codes::encode;
use crate::error::ApiError;
use crate::idempotency::{self, Created};
use crate::pagination::Page;
use crate::routes::extract::Json;
use crate::routes::responses::{BadBody, Refused, Unauthenticated};
use crate::services::customers;
#[allow(unused_imports)]
use crate::services::follow_ups::*;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use rapport_entity::{contacts, follow_ups};
use rapport_types::follow_ups::{FollowUp, NewFollowUp};
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Registers this module's routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(create).service(list);
}

/// Log a contact with a customer.
#[utoipa::path(
    tag = "follow-ups",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "The customer's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retrying with the same key returns the first response")
    ),
    request_body = NewFollowUp,
    responses(
        (status = 201, description = "Logged", body = FollowUp),
        (status = 404, description = "No such customer", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[post("/customers/{id}/follow-ups")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    customer_id: web::Path<Uuid>,
    body: Json<NewFollowUp>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteFollowUps)?;
    let new = body.0;
    idempotency::once(&state, caller.id, &request, async |txn| {
        let now = state.clock.now();
        if new.occurred_at > now + chrono::TimeDelta::minutes(5) {
            return Err(ApiError::field("occurred_at", "must not be in the future"));
        }
        let customer = customers::find(txn, *customer_id).await?;
        if let Some(contact_id) = new.contact_id {
            let belongs = crate::db::unique(txn, contacts::Entity::find_by_id(contact_id))
                .await?
                .is_some_and(|contact| contact.customer_id == customer.id);
            if !belongs {
                return Err(ApiError::field(
                    "contact_id",
                    "must be a contact of this customer",
                ));
            }
        }
        let model = follow_ups::ActiveModel {
            id: Set(Uuid::new_v4()),
            customer_id: Set(customer.id),
            contact_id: Set(new.contact_id),
            occurred_at: Set(new.occurred_at),
            method: Set(encode(&new.method)),
            summary: Set(new.summary.trim().to_owned()),
            feedback: Set(new.feedback.trim().to_owned()),
            outcome: Set(new.outcome.trim().to_owned()),
            next_step: Set(new.next_step.trim().to_owned()),
            recorded_by: Set(caller.id),
            created_at: Set(now),
        }
        .insert(txn)
        .await?;
        let follow_up = follow_up_from_model(model)?;
        audit::record(
            txn,
            now,
            Entry::created(
                Some(caller.id),
                "follow_up.create",
                "follow_up",
                follow_up.id,
                &follow_up,
            ),
        )
        .await?;
        Ok(Created::of(&follow_up))
    })
    .await
}

/// The follow-up log of a customer, newest first.
#[utoipa::path(
    tag = "follow-ups",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The customer's id"), PageQuery),
    responses(
        (status = 200, description = "One page of the log", body = Paged<FollowUp>),
        (status = 404, description = "No such customer", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad page or limit", body = Problem, content_type = "application/problem+json"),
        Unauthenticated
    )
)]
#[get("/customers/{id}/follow-ups")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    customer_id: web::Path<Uuid>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadCustomers)?;
    let page = Page::from_query(page.into_inner())?;
    customers::find(&state.db, *customer_id).await?;
    let query = follow_ups::Entity::find().filter(follow_ups::Column::CustomerId.eq(*customer_id));
    let query = query
        .order_by_desc(follow_ups::Column::OccurredAt)
        .order_by_desc(follow_ups::Column::Id);
    let page = page.fetch(&state.db, query, follow_up_from_model).await?;
    Ok(HttpResponse::Ok().json(page))
}
