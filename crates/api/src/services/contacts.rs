//! Contacts of a customer (SPEC section 2). Every list and detail masks
//! phone and email (seed 002); the full values come only from the audited
//! reveal call, to the roles and people the spec names.

use rapport_domain::masking::{mask_email, mask_phone};
use rapport_entity::contacts;
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use rapport_types::contacts::Contact;

use crate::codes::decode;
use crate::error::ApiError;

/// The contact a stored row describes, phone and email masked.
pub fn contact_from_model(model: contacts::Model) -> Result<Contact, ApiError> {
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
        preferred_channel: decode("contacts.preferred_channel", &model.preferred_channel)?,
        archived_at: model.archived_at,
        version: model.version,
        created_at: model.created_at,
        updated_at: model.updated_at,
    })
}

pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<contacts::Model, ApiError> {
    crate::db::unique(conn, contacts::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound("contact"))
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
        .ok_or_else(|| ApiError::field(field, "must be a contact of the customer"))
}
