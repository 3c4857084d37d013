//! Follow-up records (SPEC section 2, seed 002): every contact with a
//! customer is logged — when, how, what was said, what came of it, what next.
//! The log is append-only: a wrong entry is corrected by a new one.

use chrono::{DateTime, TimeDelta, Utc};
use rapport_domain::msg;
use rapport_entity::{contacts, follow_ups};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use rapport_types::follow_ups::{FollowUp, NewFollowUp};
use rapport_types::page::{PageQuery, Paged};

use crate::audit::{self, Entry};
use crate::error::ApiError;
use crate::pagination::Page;
use crate::services::customers;

/// Logs `new` on customer `customer_id` (404 unknown), recorded by
/// `actor`, audited, on `conn` (the caller's transaction). A contact that
/// happened up to five minutes "from now" is a clock a little ahead.
pub async fn create(
    conn: &impl ConnectionTrait,
    actor: Uuid,
    customer_id: Uuid,
    new: NewFollowUp,
    now: DateTime<Utc>,
) -> Result<FollowUp, ApiError> {
    if new.occurred_at > now + TimeDelta::minutes(5) {
        return Err(ApiError::field(
            "occurred_at",
            msg!("must not be in the future"),
        ));
    }
    let customer = customers::find(conn, customer_id).await?;
    if let Some(contact_id) = new.contact_id {
        // Also one archived since: the log tells what happened then.
        let belongs = crate::db::unique(conn, contacts::Entity::find_by_id(contact_id))
            .await?
            .is_some_and(|contact| contact.customer_id == customer.id);
        if !belongs {
            return Err(ApiError::field(
                "contact_id",
                msg!("must be a contact of this customer"),
            ));
        }
    }
    let model = follow_ups::ActiveModel {
        id: Set(Uuid::new_v4()),
        customer_id: Set(customer.id),
        contact_id: Set(new.contact_id),
        occurred_at: Set(new.occurred_at),
        method: Set(new.method),
        summary: Set(new.summary.trim().to_owned()),
        feedback: Set(new.feedback.trim().to_owned()),
        outcome: Set(new.outcome.trim().to_owned()),
        next_step: Set(new.next_step.trim().to_owned()),
        recorded_by: Set(actor),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    let follow_up = follow_up_from_model(model)?;
    let entry = Entry::created(
        Some(actor),
        "follow_up.create",
        "follow_up",
        follow_up.id,
        &follow_up,
    );
    audit::record(conn, now, entry).await?;
    Ok(follow_up)
}

/// One page of customer `customer_id`'s log (404 unknown), newest first.
pub async fn list(
    conn: &impl ConnectionTrait,
    customer_id: Uuid,
    page: PageQuery,
) -> Result<Paged<FollowUp>, ApiError> {
    let page = Page::from_query(page)?;
    customers::find(conn, customer_id).await?;
    let query = follow_ups::Entity::find()
        .filter(follow_ups::Column::CustomerId.eq(customer_id))
        .order_by_desc(follow_ups::Column::OccurredAt)
        .order_by_desc(follow_ups::Column::Id);
    page.fetch(conn, query, follow_up_from_model).await
}

/// The follow-up a stored row describes.
fn follow_up_from_model(model: follow_ups::Model) -> Result<FollowUp, ApiError> {
    Ok(FollowUp {
        id: model.id,
        customer_id: model.customer_id,
        contact_id: model.contact_id,
        occurred_at: model.occurred_at,
        method: model.method,
        summary: model.summary,
        feedback: model.feedback,
        outcome: model.outcome,
        next_step: model.next_step,
        recorded_by: model.recorded_by,
        created_at: model.created_at,
    })
}
