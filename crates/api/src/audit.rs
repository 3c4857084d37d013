//! The append-only audit log (SPEC section 9): every mutation and every
//! reveal, written in the same transaction as the change it records.

use chrono::{DateTime, Utc};
use rapport_entity::audit_log;
use sea_orm::{ConnectionTrait, EntityTrait, QueryTrait, Set};
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::ApiError;
use crate::writes::Writes;

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

impl<'a> Entry<'a> {
    /// `actor` made the record `id` of kind `entity_type`; it is now `after`.
    pub fn created(
        actor: Option<Uuid>,
        action: &'a str,
        entity_type: &'a str,
        id: impl ToString,
        after: &impl Serialize,
    ) -> Self {
        Entry {
            actor,
            action,
            entity_type,
            entity_id: id.to_string(),
            before: None,
            after: serde_json::to_value(after).ok(),
        }
    }

    /// `actor` changed the record `id` of kind `entity_type` from `before` to `after`.
    pub fn changed(
        actor: Option<Uuid>,
        action: &'a str,
        entity_type: &'a str,
        id: impl ToString,
        before: &impl Serialize,
        after: &impl Serialize,
    ) -> Self {
        Entry {
            before: serde_json::to_value(before).ok(),
            ..Entry::created(actor, action, entity_type, id, after)
        }
    }
}

/// Appends `entry` at `at` on `conn` (pass the transaction of the change).
pub async fn record(
    conn: &impl ConnectionTrait,
    at: DateTime<Utc>,
    entry: Entry<'_>,
) -> Result<(), ApiError> {
    let action = entry.action.to_owned();
    let mut writes = Writes::default();
    record_all(&mut writes, at, vec![entry]);
    writes
        .execute(conn)
        .await
        .map_err(|error| ApiError::internal(format!("writing the audit entry {action}"), error))
}

/// Adds the statement appending `entries` at `at` to `writes`.
pub fn record_all(writes: &mut Writes, at: DateTime<Utc>, entries: Vec<Entry<'_>>) {
    if entries.is_empty() {
        return;
    }
    let rows = entries.into_iter().map(|entry| audit_log::ActiveModel {
        // Time-ordered: the log only ever grows at its end.
        id: Set(Uuid::now_v7()),
        at: Set(at),
        actor_id: Set(entry.actor),
        action: Set(entry.action.to_owned()),
        entity_type: Set(entry.entity_type.to_owned()),
        entity_id: Set(entry.entity_id),
        before: Set(entry.before),
        after: Set(entry.after),
    });
    writes.push(audit_log::Entity::insert_many(rows).into_query());
}

/// Some fields of a record, by name.
pub type Fields = Map<String, Value>;

/// The fields that differ between `before` and `after` (two records of the
/// same kind), as two objects, leaving out `ignored` (versions, change times,
/// derived flags): what a timeline entry shows of a change.
pub fn changed_fields(
    before: &impl Serialize,
    after: &impl Serialize,
    ignored: &[&str],
) -> Result<(Fields, Fields), ApiError> {
    let old = object(before)?;
    let mut was = Map::new();
    let mut became = Map::new();
    for (field, value) in object(after)? {
        if ignored.contains(&field.as_str()) {
            continue;
        }
        let old_value = old.get(&field).cloned().unwrap_or(Value::Null);
        if old_value != value {
            was.insert(field.clone(), old_value);
            became.insert(field, value);
        }
    }
    Ok((was, became))
}

fn object(record: &impl Serialize) -> Result<Fields, ApiError> {
    const WHAT: &str = "comparing a record before and after";
    match serde_json::to_value(record) {
        Ok(Value::Object(fields)) => Ok(fields),
        Ok(_) => Err(ApiError::internal(
            WHAT,
            std::io::Error::other("the record is not a JSON object"),
        )),
        Err(error) => Err(ApiError::internal(WHAT, error)),
    }
}
