//! The data of each event, read from what the change left: the customer's
//! name, and the contact masked exactly as every list masks it
//! (`rapport_domain::masking`).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rapport_domain::masking::{mask_email, mask_phone};
use rapport_domain::sla::SlaTarget;
use rapport_entity::{complaints, contacts, customers};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use rapport_types::complaints::Complaint;
use rapport_types::requests::ServiceRequest;
use rapport_types::webhooks::{ComplaintData, ContactData, RequestData, SlaData};

use crate::error::ApiError;

/// A contact as a payload carries it: phone and email masked.
pub fn contact(model: &contacts::Model) -> ContactData {
    ContactData {
        id: model.id,
        name: model.name.clone(),
        phone: mask_phone(&model.phone),
        email: mask_email(&model.email),
    }
}

/// The contacts `ids`, masked, by id (one read).
pub async fn contacts(
    conn: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<BTreeMap<Uuid, ContactData>, ApiError> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    Ok(contacts::Entity::find()
        .filter(contacts::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .iter()
        .map(|model| (model.id, contact(model)))
        .collect())
}

/// Contact `id`, masked; `None` for none.
pub async fn contact_of(
    conn: &impl ConnectionTrait,
    id: Option<Uuid>,
) -> Result<Option<ContactData>, ApiError> {
    let Some(id) = id else { return Ok(None) };
    Ok(contacts(conn, [id]).await?.remove(&id))
}

/// Customer `id`'s name (empty if it is gone).
pub async fn customer_name(conn: &impl ConnectionTrait, id: Uuid) -> Result<String, ApiError> {
    Ok(customers::Entity::find_by_id(id)
        .select_only()
        .column(customers::Column::Name)
        .into_tuple::<String>()
        .all(conn)
        .await?
        .pop()
        .unwrap_or_default())
}

/// `request` as its events tell it, with its customer's name and contact given.
pub fn request_with(
    request: &ServiceRequest,
    customer_name: String,
    contact: Option<ContactData>,
) -> RequestData {
    RequestData {
        request_id: request.id,
        number: request.number.clone(),
        title: request.title.clone(),
        priority: request.priority,
        category: request.category,
        status: request.status,
        department: request.department,
        customer_id: request.customer_id,
        customer_name,
        assignee_id: request.assignee_id,
        contact,
    }
}

/// `request` as its events tell it (reads its customer's name and contact).
pub async fn request(
    conn: &impl ConnectionTrait,
    request: &ServiceRequest,
) -> Result<RequestData, ApiError> {
    let name = match &request.customer_name {
        Some(name) => name.clone(),
        None => customer_name(conn, request.customer_id).await?,
    };
    let contact = contact_of(conn, request.contact_id).await?;
    Ok(request_with(request, name, contact))
}

/// `complaint` as its events tell it (reads its customer's name and contact).
pub async fn complaint(
    conn: &impl ConnectionTrait,
    complaint: &Complaint,
) -> Result<ComplaintData, ApiError> {
    let name = match &complaint.customer_name {
        Some(name) => name.clone(),
        None => customer_name(conn, complaint.customer_id).await?,
    };
    Ok(ComplaintData {
        complaint_id: complaint.id,
        customer_id: complaint.customer_id,
        customer_name: name,
        request_id: complaint.request_id,
        summary: complaint.summary.clone(),
        promised_by: complaint.promised_by,
        contact: contact_of(conn, complaint.contact_id).await?,
    })
}

/// A stored complaint as its events tell it (reads its customer's name and
/// contact): for `complaint.overdue`.
pub async fn complaint_row(
    conn: &impl ConnectionTrait,
    model: &complaints::Model,
) -> Result<ComplaintData, ApiError> {
    Ok(ComplaintData {
        complaint_id: model.id,
        customer_id: model.customer_id,
        customer_name: customer_name(conn, model.customer_id).await?,
        request_id: model.request_id,
        summary: model.summary.clone(),
        promised_by: model.promised_by,
        contact: contact_of(conn, model.contact_id).await?,
    })
}

/// `request`'s `target`, due at `deadline`, as `request.sla_at_risk` and
/// `request.sla_breached` tell it (reads the customer's name if the
/// request does not carry it).
pub async fn sla(
    conn: &impl ConnectionTrait,
    request: &ServiceRequest,
    target: SlaTarget,
    deadline: DateTime<Utc>,
) -> Result<SlaData, ApiError> {
    let name = match &request.customer_name {
        Some(name) => name.clone(),
        None => customer_name(conn, request.customer_id).await?,
    };
    Ok(SlaData {
        request_id: request.id,
        number: request.number.clone(),
        title: request.title.clone(),
        priority: request.priority,
        customer_id: request.customer_id,
        customer_name: name,
        assignee_id: request.assignee_id,
        target,
        deadline,
    })
}
