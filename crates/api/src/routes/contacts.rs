//! HTTP handlers over [`crate::services::contacts`].

use crate::audit::{self, Entry};
use crate::auth::{Action, Caller};
use crate::codes::encode;
use crate::error::ApiError;
use crate::idempotency::{self, Created};
use crate::pagination::readable;
use crate::routes::extract::Json;
use crate::routes::responses::{BadBody, Refused, Unauthenticated};
#[allow(unused_imports)]
use crate::services::contacts::*;
use crate::services::customers;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use rapport_domain::org::Role;
use rapport_entity::contacts;
use rapport_types::contacts::{Contact, ContactChanges, NewContact, Revealed};
use rapport_types::problem::Problem;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

/// Add a contact to a customer.
#[utoipa::path(
    tag = "contacts",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "The customer's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retrying with the same key returns the first response")
    ),
    request_body = NewContact,
    responses(
        (status = 201, description = "Created (masked)", body = Contact),
        (status = 404, description = "No such customer", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The customer is archived", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
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
    let new = body.0;
    idempotency::once(&state, caller.id, &request, async |txn| {
        let now = state.clock.now();
        let customer = customers::find(txn, *customer_id).await?;
        if customer.archived_at.is_some() {
            return Err(ApiError::conflict("archived", "this customer is archived"));
        }
        let model = contacts::ActiveModel {
            id: Set(Uuid::new_v4()),
            customer_id: Set(customer.id),
            name: Set(new.name.trim().to_owned()),
            position: Set(new.position.trim().to_owned()),
            department: Set(new.department.trim().to_owned()),
            phone: Set(new.phone.trim().to_owned()),
            email: Set(new.email.trim().to_owned()),
            birthday: Set(new.birthday),
            is_executive: Set(new.is_executive),
            preferred_channel: Set(encode(&new.preferred_channel)),
            archived_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(txn)
        .await?;
        let contact = contact_from_model(model)?;
        // The audit log is read by managers; it keeps the masked form too.
        audit::record(
            txn,
            now,
            Entry::created(
                Some(caller.id),
                "contact.create",
                "contact",
                contact.id,
                &contact,
            ),
        )
        .await?;
        Ok(Created::of(&contact))
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
        (status = 404, description = "No such customer", body = Problem, content_type = "application/problem+json"),
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
    customers::find(&state.db, *customer_id).await?;
    let rows = contacts::Entity::find()
        .filter(contacts::Column::CustomerId.eq(*customer_id))
        .filter(contacts::Column::ArchivedAt.is_null())
        .order_by_asc(contacts::Column::Name)
        .all(&state.db)
        .await?;
    let items: Vec<Contact> = readable::<contacts::Entity, _>(rows, contact_from_model);
    Ok(HttpResponse::Ok().json(items))
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
    Ok(HttpResponse::Ok().json(contact_from_model(find(&state.db, *id).await?)?))
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
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
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
    let changes = body.0;
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let current = find(&txn, *id).await?;
    if current.archived_at.is_some() {
        return Err(ApiError::conflict("archived", "this contact is archived"));
    }
    crate::db::expect_version(current.version, changes.version)?;
    let before = contact_from_model(current.clone())?;
    let mut model = current.into_active_model();
    if let Some(value) = changes.name {
        model.name = Set(value.trim().to_owned());
    }
    if let Some(value) = changes.position {
        model.position = Set(value.trim().to_owned());
    }
    if let Some(value) = changes.department {
        model.department = Set(value.trim().to_owned());
    }
    if let Some(value) = changes.phone {
        model.phone = Set(value.trim().to_owned());
    }
    if let Some(value) = changes.email {
        model.email = Set(value.trim().to_owned());
    }
    if let Some(value) = changes.birthday {
        model.birthday = Set(Some(value));
    }
    if let Some(value) = changes.is_executive {
        model.is_executive = Set(value);
    }
    if let Some(value) = changes.preferred_channel {
        model.preferred_channel = Set(encode(&value));
    }
    if changes.archived == Some(true) {
        model.archived_at = Set(Some(now));
    }
    model.updated_at = Set(now);
    let saved =
        crate::db::update_versioned(&txn, model, contacts::Column::Version, changes.version)
            .await?;
    let after = contact_from_model(saved)?;
    audit::record(
        &txn,
        now,
        Entry {
            actor: Some(caller.id),
            action: if changes.archived == Some(true) {
                "contact.archive"
            } else {
                "contact.update"
            },
            entity_type: "contact",
            entity_id: after.id.to_string(),
            before: serde_json::to_value(&before).ok(),
            after: serde_json::to_value(&after).ok(),
        },
    )
    .await?;
    txn.commit().await?;
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
    let txn = crate::db::begin(&state.db).await?;
    let contact = find(&txn, *id).await?;
    let allowed = match caller.role {
        Role::AccountManager => {
            customers::find(&txn, contact.customer_id)
                .await?
                .account_manager_id
                == Some(caller.id)
        }
        Role::Technician => {
            crate::services::requests::has_open_request_for(&txn, caller.id, contact.customer_id)
                .await?
        }
        _ => true,
    };
    if !allowed {
        return Err(ApiError::Forbidden);
    }
    audit::record(&txn, now, Entry {
        actor: Some(caller.id),
        action: "contact.reveal",
        entity_type: "contact",
        entity_id: contact.id.to_string(),
        before: None,
        after: Some(serde_json::json!({"fields": ["phone", "email"], "customer_id": contact.customer_id})),
    })
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(Revealed {
        id: contact.id,
        phone: contact.phone,
        email: contact.email,
    }))
}
