//! HTTP handlers over [`crate::services::contacts`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::idempotency;
use crate::routes::extract::Json;
use crate::routes::responses::{BadBody, Invalid, NoSuchCustomer, Refused, Unauthenticated};
use crate::services::contacts as service;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use rapport_types::contacts::{Contact, ContactChanges, NewContact, Revealed};
use rapport_types::problem::Problem;
use uuid::Uuid;

/// Add a contact to a customer.
#[utoipa::path(
    tag = "contacts",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "The customer's id"),
        idempotency::KeyHeader
    ),
    request_body = NewContact,
    responses(
        (status = 201, description = "Created (masked)", body = Contact),
        NoSuchCustomer,
        (status = 409, description = "The customer is archived", body = Problem, content_type = "application/problem+json"),
        Invalid,
        Refused,
        BadBody
    )
)]
#[post("/customers/{id}/contacts")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    customer_id: web::Path<Uuid>,
    body: Json<NewContact>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteCustomers)?;
    idempotency::create(&state, caller.id, &request, async |txn, now| {
        service::create(txn, caller.id, *customer_id, body.0, now).await
    })
    .await
}

/// The contacts of a customer (masked).
#[utoipa::path(
    tag = "contacts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The customer's id")),
    responses(
        (status = 200, description = "The contacts, masked", body = Vec<Contact>),
        NoSuchCustomer,
        Unauthenticated
    )
)]
#[get("/customers/{id}/contacts")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    customer_id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadCustomers)?;
    Ok(HttpResponse::Ok().json(service::list(&state.reader, *customer_id).await?))
}

/// One contact (masked).
#[utoipa::path(
    tag = "contacts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The contact's id")),
    responses(
        (status = 200, description = "The contact, masked", body = Contact),
        (status = 404, description = "No such contact", body = Problem, content_type = "application/problem+json"),
        Unauthenticated
    )
)]
#[get("/contacts/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadCustomers)?;
    Ok(HttpResponse::Ok().json(service::get(&state.reader, *id).await?))
}

/// Change or archive a contact.
#[utoipa::path(
    tag = "contacts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The contact's id")),
    request_body = ContactChanges,
    responses(
        (status = 200, description = "The changed contact, masked", body = Contact),
        (status = 404, description = "No such contact", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version or archived", body = Problem, content_type = "application/problem+json"),
        Invalid,
        Refused,
        BadBody
    )
)]
#[patch("/contacts/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<ContactChanges>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteCustomers)?;
    let now = state.clock.now();
    let after = service::update(&state.db, caller.id, *id, body.0, now).await?;
    Ok(HttpResponse::Ok().json(after))
}

/// Reveal a contact's full phone and email (audited). Allowed to admin,
/// manager, service desk and assistants, to the customer's own account
/// manager, and to a technician assigned to one of the customer's open
/// requests; everyone else gets 403.
#[utoipa::path(
    tag = "contacts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The contact's id")),
    responses(
        (status = 200, description = "The full details", body = Revealed),
        (status = 403, description = "Not allowed to see this contact unmasked", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such contact", body = Problem, content_type = "application/problem+json"),
        Unauthenticated
    )
)]
#[post("/contacts/{id}/reveal")]
pub async fn reveal(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::RevealContacts)?;
    let now = state.clock.now();
    Ok(HttpResponse::Ok().json(service::reveal(&state.db, &caller, *id, now).await?))
}
