//! Contacts of a customer (SPEC section 2). Every list and detail masks
//! phone and email (seed 002); the full values come only from the audited
//! reveal call, to the roles and people the spec names.

use chrono::{DateTime, Utc};
use rapport_domain::masking::{mask_email, mask_phone};
use rapport_domain::msg;
use rapport_domain::org::Role;
use rapport_entity::contacts;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use rapport_types::contacts::{Contact, ContactChanges, NewContact, Revealed};

use crate::audit::{self, Entry};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::pagination::{all_readable, readable};
use crate::services::customers::{self, set_if_given, trimmed};

/// Adds `new` to customer `customer_id` (404 unknown, 409 archived),
/// audited, on `conn` (the caller's transaction).
pub async fn create(
    conn: &impl ConnectionTrait,
    actor: Uuid,
    customer_id: Uuid,
    new: NewContact,
    now: DateTime<Utc>,
) -> Result<Contact, ApiError> {
    let customer = customers::find(conn, customer_id).await?;
    customers::refuse_archived(&customer)?;
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
        preferred_channel: Set(new.preferred_channel),
        archived_at: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await?;
    customers::index_for_search(conn, &customer).await?;
    let contact = contact_from_model(model)?;
    // The audit log is read by managers; it keeps the masked form too.
    let entry = Entry::created(
        Some(actor),
        "contact.create",
        "contact",
        contact.id,
        &contact,
    );
    audit::record(conn, now, entry).await?;
    Ok(contact)
}

/// The live contacts of customer `customer_id` (404 unknown), by name, masked.
pub async fn list(
    conn: &impl ConnectionTrait,
    customer_id: Uuid,
) -> Result<Vec<Contact>, ApiError> {
    customers::find(conn, customer_id).await?;
    let query = contacts::Entity::find()
        .filter(contacts::Column::CustomerId.eq(customer_id))
        .filter(contacts::Column::ArchivedAt.is_null())
        .order_by_asc(contacts::Column::Name);
    let rows = all_readable::<contacts::Entity, _>(conn, &query).await?;
    Ok(readable::<contacts::Entity, _>(rows, contact_from_model))
}

/// One contact, masked.
pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> Result<Contact, ApiError> {
    contact_from_model(find(conn, id).await?)
}

/// Applies `changes` to the live contact `id`; `archived: true` archives it.
pub async fn update(
    db: &DatabaseConnection,
    actor: Uuid,
    id: Uuid,
    changes: ContactChanges,
    now: DateTime<Utc>,
) -> Result<Contact, ApiError> {
    let txn = crate::db::begin(db).await?;
    let current = find(&txn, id).await?;
    if current.archived_at.is_some() {
        return Err(ApiError::conflict(
            "archived",
            msg!("this contact is archived"),
        ));
    }
    crate::db::expect_version(current.version, changes.version)?;
    let before = contact_from_model(current.clone())?;
    let mut model = current.into_active_model();
    set_if_given(&mut model.name, changes.name.as_deref().map(trimmed));
    set_if_given(
        &mut model.position,
        changes.position.as_deref().map(trimmed),
    );
    set_if_given(
        &mut model.department,
        changes.department.as_deref().map(trimmed),
    );
    set_if_given(&mut model.phone, changes.phone.as_deref().map(trimmed));
    set_if_given(&mut model.email, changes.email.as_deref().map(trimmed));
    set_if_given(&mut model.birthday, changes.birthday.map(Some));
    set_if_given(&mut model.is_executive, changes.is_executive);
    set_if_given(&mut model.preferred_channel, changes.preferred_channel);
    let archiving = changes.archived == Some(true);
    if archiving {
        model.archived_at = Set(Some(now));
    }
    model.updated_at = Set(now);
    let saved =
        crate::db::update_versioned(&txn, model, contacts::Column::Version, changes.version)
            .await?;
    if archiving || changes.phone.is_some() {
        // The customer is found by its live contacts' phones.
        let customer = customers::find(&txn, saved.customer_id).await?;
        customers::index_for_search(&txn, &customer).await?;
    }
    let after = contact_from_model(saved)?;
    let action = if archiving {
        "contact.archive"
    } else {
        "contact.update"
    };
    let entry = Entry::changed(Some(actor), action, "contact", after.id, &before, &after);
    audit::record(&txn, now, entry).await?;
    txn.commit().await?;
    Ok(after)
}

/// Contact `id` unmasked, for `caller`, audited. Allowed to admin, manager,
/// service desk and assistants, to the customer's own account manager, and
/// to a technician assigned to one of the customer's open requests; 403 to
/// everyone else.
pub async fn reveal(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Revealed, ApiError> {
    let txn = crate::db::begin(db).await?;
    let contact = find(&txn, id).await?;
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
    let revealed =
        serde_json::json!({"fields": ["phone", "email"], "customer_id": contact.customer_id});
    let entry = Entry::created(
        Some(caller.id),
        "contact.reveal",
        "contact",
        contact.id,
        &revealed,
    );
    audit::record(&txn, now, entry).await?;
    txn.commit().await?;
    Ok(Revealed {
        id: contact.id,
        phone: contact.phone,
        email: contact.email,
    })
}

/// The contact a stored row describes, phone and email masked.
fn contact_from_model(model: contacts::Model) -> Result<Contact, ApiError> {
    Ok(Contact {
        id: model.id,
        customer_id: model.customer_id,
        name: model.name,
        position: model.position,
        department: model.department,
        phone: mask_phone(&model.phone),
        email: mask_email(&model.email),
        birthday: model.birthday,
        is_executive: model.is_executive,
        preferred_channel: model.preferred_channel,
        archived_at: model.archived_at,
        version: model.version,
        created_at: model.created_at,
        updated_at: model.updated_at,
    })
}

async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<contacts::Model, ApiError> {
    crate::db::unique(conn, contacts::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound(msg!("contact")))
}

/// The live contact `contact_id` of customer `customer_id`; otherwise 422 on `field`.
pub async fn of_customer(
    conn: &impl ConnectionTrait,
    field: &str,
    customer_id: Uuid,
    contact_id: Uuid,
) -> Result<contacts::Model, ApiError> {
    crate::db::unique(conn, contacts::Entity::find_by_id(contact_id))
        .await?
        .filter(|contact| contact.customer_id == customer_id && contact.archived_at.is_none())
        .ok_or_else(|| ApiError::field(field, msg!("must be a contact of the customer")))
}
