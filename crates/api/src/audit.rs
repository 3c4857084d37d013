//! The append-only audit log (SPEC section 9): every mutation and every
//! reveal, written in the same transaction as the change it records.

use chrono::{DateTime, Utc};
use rapport_entity::audit_log;
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use serde_json::Value;
use uuid::Uuid;

use crate::error::ApiError;

/// One audit entry to write.
pub struct Entry<'a> {
    /// Who did it (None for the system itself, e.g. the first-start bootstrap).
    pub actor: Option<Uuid>,
    /// What was done, e.g. `customer.create`, `contact.reveal`.
    pub action: &'a str,
    /// The kind of record, e.g. `customer`.
    pub entity_type: &'a str,
    /// The record's id.
    pub entity_id: String,
    /// The record before the change.
    pub before: Option<Value>,
    /// The record after the change.
    pub after: Option<Value>,
}

/// Appends `entry` at `at` on `conn` (pass the transaction of the change).
pub async fn record(
    conn: &impl ConnectionTrait,
    at: DateTime<Utc>,
    entry: Entry<'_>,
) -> Result<(), ApiError> {
    let entry_row = audit_log::ActiveModel {
        // Time-ordered: the log only ever grows at its end.
        id: Set(Uuid::now_v7()),
        at: Set(at),
        actor_id: Set(entry.actor),
        action: Set(entry.action.to_owned()),
        entity_type: Set(entry.entity_type.to_owned()),
        entity_id: Set(entry.entity_id),
        before: Set(entry.before),
        after: Set(entry.after),
    };
    audit_log::Entity::insert(entry_row)
        .exec_without_returning(conn)
        .await
        .map_err(|error| {
            ApiError::internal(format!("writing the audit entry {}", entry.action), error)
        })?;
    Ok(())
}
