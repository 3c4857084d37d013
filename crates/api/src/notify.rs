//! Notifications: short messages to users that the app shows until they
//! are read (SPEC sections 4 and 6): a declined quote of a core customer
//! goes to the account manager; a dissatisfied return visit goes to the
//! request's department and the account manager.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rapport_domain::customer::Tier;
use rapport_entity::{customers, notifications, users};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use uuid::Uuid;

use rapport_types::requests::ServiceRequest;

use crate::codes::decode;
use crate::error::ApiError;

/// The length of `notifications.subject`.
const MAX_SUBJECT: usize = 200;

/// One message to send.
pub struct Message {
    /// Stable kind, e.g. `quote_declined`.
    pub kind: &'static str,
    /// One line.
    pub subject: String,
    /// The details.
    pub body: String,
    /// What it is about, e.g. `request`.
    pub entity_type: &'static str,
    /// Its id.
    pub entity_id: String,
}

/// Sends `message` to each recipient once.
pub async fn send(
    conn: &impl ConnectionTrait,
    recipients: BTreeSet<Uuid>,
    message: &Message,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if recipients.is_empty() {
        return Ok(());
    }
    let rows = recipients
        .into_iter()
        .map(|user| notifications::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(user),
            kind: Set(message.kind.to_owned()),
            // A long customer name must not fail the action that notifies.
            subject: Set(message.subject.chars().take(MAX_SUBJECT).collect()),
            body: Set(message.body.clone()),
            entity_type: Set(message.entity_type.to_owned()),
            entity_id: Set(message.entity_id.clone()),
            created_at: Set(now),
            read_at: Set(None),
        });
    notifications::Entity::insert_many(rows)
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

async fn customer_of(
    conn: &impl ConnectionTrait,
    request: &ServiceRequest,
) -> Result<customers::Model, ApiError> {
    crate::db::unique(conn, customers::Entity::find_by_id(request.customer_id))
        .await?
        .ok_or(ApiError::NotFound("customer"))
}

/// The customer declined the quote: a core customer's account manager hears of it.
pub async fn quote_declined(
    conn: &impl ConnectionTrait,
    request: &ServiceRequest,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let customer = customer_of(conn, request).await?;
    let tier: Tier = decode("customers.tier", &customer.tier)?;
    if tier != Tier::Core {
        return Ok(());
    }
    let message = Message {
        kind: "quote_declined",
        subject: format!("{} {}: 客户拒绝报价", request.number, customer.name),
        body: note.unwrap_or_default().to_owned(),
        entity_type: "request",
        entity_id: request.id.to_string(),
    };
    send(
        conn,
        customer.account_manager_id.into_iter().collect(),
        &message,
        now,
    )
    .await
}

/// A return visit found the customer dissatisfied: the request's department
/// and the customer's account manager get the suggestion.
pub async fn dissatisfied(
    conn: &impl ConnectionTrait,
    request: &ServiceRequest,
    satisfaction: u8,
    suggestions: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let customer = customer_of(conn, request).await?;
    let mut recipients: BTreeSet<Uuid> = users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .filter(users::Column::Department.eq(request.department.code()))
        .filter(users::Column::Active.eq(true))
        .into_tuple::<Uuid>()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    recipients.extend(customer.account_manager_id);
    let message = Message {
        kind: "dissatisfied_visit",
        subject: format!(
            "{} {}: 回访满意度 {satisfaction}，已重新打开",
            request.number, customer.name
        ),
        body: suggestions.to_owned(),
        entity_type: "request",
        entity_id: request.id.to_string(),
    };
    send(conn, recipients, &message, now).await
}
