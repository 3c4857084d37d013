//! Notifications: notices to users that the app shows until they are read
//! (SPEC sections 4 and 6): a declined quote of a core customer goes to the
//! account manager; a dissatisfied return visit goes to the request's
//! department and the account manager. Each is stored as its kind and
//! parameters (`Notice`), written in the transaction of the change that
//! caused it; the app says it in the reader's language.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rapport_domain::customer::Tier;
use rapport_entity::{customers, notifications, users};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use uuid::Uuid;

use rapport_types::notifications::Notice;
use rapport_types::requests::ServiceRequest;

use crate::codes::decode;
use crate::error::ApiError;

/// Sends `notice`, about `entity_type` `entity_id`, to each recipient once.
pub async fn send(
    conn: &impl ConnectionTrait,
    recipients: BTreeSet<Uuid>,
    notice: &Notice,
    (entity_type, entity_id): (&str, String),
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if recipients.is_empty() {
        return Ok(());
    }
    let params = serde_json::to_value(notice)
        .map_err(|error| ApiError::internal("writing a notification's parameters", error))?;
    let kind = params["kind"].as_str().unwrap_or_default().to_owned();
    let rows = recipients
        .into_iter()
        .map(|user| notifications::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(user),
            kind: Set(kind.clone()),
            subject: Set(String::new()),
            body: Set(String::new()),
            params: Set(Some(params.clone())),
            entity_type: Set(entity_type.to_owned()),
            entity_id: Set(entity_id.clone()),
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
    let notice = Notice::QuoteDeclined {
        request_number: request.number.clone(),
        customer_name: customer.name,
        note: note.map(str::to_owned),
    };
    send(
        conn,
        customer.account_manager_id.into_iter().collect(),
        &notice,
        ("request", request.id.to_string()),
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
    let notice = Notice::DissatisfiedVisit {
        request_number: request.number.clone(),
        customer_name: customer.name,
        satisfaction,
        suggestions: suggestions.to_owned(),
    };
    send(
        conn,
        recipients,
        &notice,
        ("request", request.id.to_string()),
        now,
    )
    .await
}
