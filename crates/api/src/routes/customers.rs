//! HTTP handlers over [`crate::services::customers`].

use crate::audit::{self, Entry};
use crate::auth::{Action, Caller};
use crate::codes::{decode, encode};
use crate::error::ApiError;
use crate::idempotency::{self, Created};
use crate::pagination::{Page, readable};
use crate::routes::extract::{Json, Listing};
use crate::routes::responses::{BadBody, BadQuery, Refused, Unauthenticated};
#[allow(unused_imports)]
use crate::services::customers::*;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use rapport_entity::{contacts, customers};
use rapport_types::customers::{
    Customer, CustomerChanges, CustomerFilter, DueQuery, NewCustomer, Review, ReviewDecision,
    Verification, VersionOnly,
};
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

/// Register a customer (starts `pending_review`).
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    request_body = NewCustomer,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retrying with the same key returns the first response")),
    responses(
        (status = 201, description = "Registered", body = Customer),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[post("/customers")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    body: Json<NewCustomer>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteCustomers)?;
    let new = body.0;
    idempotency::once(&state, caller.id, &request, async |txn| {
        let now = state.clock.now();
        if let Some(id) = new.account_manager_id {
            check_account_manager(txn, id).await?;
        }
        let model = customers::ActiveModel {
            id: Set(Uuid::new_v4()),
            name: Set(new.name.trim().to_owned()),
            industry: Set(new.industry.trim().to_owned()),
            address: Set(new.address.trim().to_owned()),
            stage: Set(encode(&new.stage)),
            tier: Set(encode(&new.tier)),
            account_manager_id: Set(new.account_manager_id),
            preferred_channel: Set(encode(&new.preferred_channel)),
            verification: Set(encode(&Verification::PendingReview)),
            rejection_reason: Set(None),
            registered_by: Set(caller.id),
            reviewed_by: Set(None),
            reviewed_at: Set(None),
            last_routine_visit_on: Set(None),
            archived_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(txn)
        .await?;
        let customer = customer_from_model(model, ORG_TZ)?;
        audit::record(
            txn,
            now,
            Entry::created(
                Some(caller.id),
                "customer.create",
                "customer",
                customer.id,
                &customer,
            ),
        )
        .await?;
        Ok(Created::of(&customer))
    })
    .await
}

/// List and search customers.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(PageQuery, CustomerFilter),
    responses(
        (status = 200, description = "One page of customers", body = Paged<Customer>),
        (status = 422, description = "Bad page, limit or sort", body = Problem, content_type = "application/problem+json"),
        Unauthenticated,
        BadQuery
    )
)]
#[get("/customers")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    Listing { page, filter }: Listing<CustomerFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadCustomers)?;
    let page = Page::from_query(page)?;
    let mut query = customers::Entity::find();
    if !filter.include_archived.unwrap_or(false) {
        query = query.filter(customers::Column::ArchivedAt.is_null());
    }
    if let Some(stage) = &filter.stage {
        query = query.filter(customers::Column::Stage.eq(encode(stage)));
    }
    if let Some(tier) = &filter.tier {
        query = query.filter(customers::Column::Tier.eq(encode(tier)));
    }
    if let Some(id) = filter.account_manager_id {
        query = query.filter(customers::Column::AccountManagerId.eq(id));
    }
    if let Some(verification) = &filter.verification {
        query = query.filter(customers::Column::Verification.eq(encode(verification)));
    }
    let searched = [
        customers::Column::Name,
        customers::Column::Industry,
        customers::Column::Address,
    ];
    if let Some(found) = crate::search::text_in(filter.q.as_deref(), &searched)? {
        query = query.filter(match phone_tail(filter.q.as_deref()) {
            // On the phone the desk asks for the last digits of the caller's number.
            Some(tail) => Condition::any().add(found).add(
                customers::Column::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(contacts::Column::CustomerId)
                        .from(contacts::Entity)
                        .and_where(contacts::Column::ArchivedAt.is_null())
                        .and_where(contacts::Column::Phone.like(format!("%{tail}")))
                        .to_owned(),
                ),
            ),
            None => found,
        });
    }
    query = match filter.sort.as_deref() {
        None | Some("name") => query
            .order_by_asc(customers::Column::Name)
            .order_by_asc(customers::Column::Id),
        Some("-created_at") => query
            .order_by_desc(customers::Column::CreatedAt)
            .order_by_asc(customers::Column::Id),
        Some(_) => return Err(ApiError::field("sort", "must be `name` or `-created_at`")),
    };
    let page = page
        .fetch(&state.db, query, |row| customer_from_model(row, ORG_TZ))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Customers whose routine visit is due on or before a day (tier cadence: core monthly,
/// potential every two months, ordinary quarterly).
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(DueQuery),
    responses(
        (status = 200, description = "Customers due for a routine visit, most overdue first", body = Vec<Customer>),
        Unauthenticated,
        BadQuery
    )
)]
#[get("/customers/visits-due")]
pub async fn visits_due(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<DueQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadCustomers)?;
    let on = query
        .on
        .unwrap_or_else(|| state.clock.now().with_timezone(&ORG_TZ).date_naive());
    let mut select = customers::Entity::find()
        .filter(customers::Column::ArchivedAt.is_null())
        .filter(customers::Column::Verification.ne(encode(&Verification::Rejected)));
    if let Some(id) = query.account_manager_id {
        select = select.filter(customers::Column::AccountManagerId.eq(id));
    }
    let rows = select.all(&state.db).await?;
    let mut due: Vec<Customer> =
        readable::<customers::Entity, _>(rows, |row| customer_from_model(row, ORG_TZ));
    due.retain(|customer| customer.next_routine_visit_on <= on);
    due.sort_by(|a, b| {
        a.next_routine_visit_on
            .cmp(&b.next_routine_visit_on)
            .then(a.name.cmp(&b.name))
    });
    Ok(HttpResponse::Ok().json(due))
}

/// One customer.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The customer's id")),
    responses(
        (status = 200, description = "The customer", body = Customer),
        (status = 404, description = "No such customer", body = Problem, content_type = "application/problem+json"),
        Unauthenticated
    )
)]
#[get("/customers/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadCustomers)?;
    let model = find(&state.db, *id).await?;
    Ok(HttpResponse::Ok().json(customer_from_model(model, ORG_TZ)?))
}

/// Change a customer (with the version read).
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The customer's id")),
    request_body = CustomerChanges,
    responses(
        (status = 200, description = "The changed customer", body = Customer),
        (status = 404, description = "No such customer", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version or archived", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[patch("/customers/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<CustomerChanges>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteCustomers)?;
    let changes = body.0;
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let current = find(&txn, *id).await?;
    check_editable(&current, changes.version)?;
    if let Some(manager) = changes.account_manager_id {
        check_account_manager(&txn, manager).await?;
    }
    let before = customer_from_model(current.clone(), ORG_TZ)?;
    let mut model = current.into_active_model();
    if let Some(name) = changes.name {
        model.name = Set(name.trim().to_owned());
    }
    if let Some(industry) = changes.industry {
        model.industry = Set(industry.trim().to_owned());
    }
    if let Some(address) = changes.address {
        model.address = Set(address.trim().to_owned());
    }
    if let Some(stage) = changes.stage {
        model.stage = Set(encode(&stage));
    }
    if let Some(tier) = changes.tier {
        model.tier = Set(encode(&tier));
    }
    if let Some(manager) = changes.account_manager_id {
        model.account_manager_id = Set(Some(manager));
    }
    if let Some(channel) = changes.preferred_channel {
        model.preferred_channel = Set(encode(&channel));
    }
    if let Some(visited) = changes.last_routine_visit_on {
        model.last_routine_visit_on = Set(Some(visited));
    }
    let after = save(&txn, model, changes.version, now).await?;
    record_change(&txn, &caller, "customer.update", &before, &after, now).await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(after))
}

/// Verify or reject a registration; the reviewer must not be the registrant.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The customer's id")),
    request_body = Review,
    responses(
        (status = 200, description = "The reviewed customer", body = Customer),
        (status = 404, description = "No such customer", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already reviewed, own registration, or stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Rejection without a reason", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[post("/customers/{id}/review")]
pub async fn review(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<Review>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReviewCustomers)?;
    let review = body.0;
    let reason = review
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|reason| !reason.is_empty());
    if review.decision == ReviewDecision::Rejected && reason.is_none() {
        return Err(ApiError::field("reason", "is required when rejecting"));
    }
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let current = find(&txn, *id).await?;
    check_editable(&current, review.version)?;
    if current.registered_by == caller.id {
        return Err(ApiError::conflict(
            "reviewer_is_registrant",
            "a registration must be reviewed by someone other than who registered it",
        ));
    }
    let status: Verification = decode("customers.verification", &current.verification)?;
    if status != Verification::PendingReview {
        return Err(ApiError::conflict(
            "already_reviewed",
            format!("this customer is already `{}`", encode(&status)),
        ));
    }
    let before = customer_from_model(current.clone(), ORG_TZ)?;
    let mut model = current.into_active_model();
    let (verification, reason) = match review.decision {
        ReviewDecision::Verified => (Verification::Verified, None),
        ReviewDecision::Rejected => (Verification::Rejected, reason.map(str::to_owned)),
    };
    model.verification = Set(encode(&verification));
    model.rejection_reason = Set(reason);
    model.reviewed_by = Set(Some(caller.id));
    model.reviewed_at = Set(Some(now));
    let after = save(&txn, model, review.version, now).await?;
    record_change(&txn, &caller, "customer.review", &before, &after, now).await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(after))
}

/// Archive a customer (nothing is deleted inside the retention period).
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The customer's id")),
    request_body = VersionOnly,
    responses(
        (status = 200, description = "The archived customer", body = Customer),
        (status = 404, description = "No such customer", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already archived or stale version", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[post("/customers/{id}/archive")]
pub async fn archive(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<VersionOnly>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ArchiveCustomers)?;
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let current = find(&txn, *id).await?;
    check_editable(&current, body.0.version)?;
    let before = customer_from_model(current.clone(), ORG_TZ)?;
    let mut model = current.into_active_model();
    model.archived_at = Set(Some(now));
    let after = save(&txn, model, body.0.version, now).await?;
    record_change(&txn, &caller, "customer.archive", &before, &after, now).await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(after))
}
