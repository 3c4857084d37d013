//! The append-only audit log.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One audit entry.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// The entry's id.
    pub id: Uuid,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who did it; null for the system.
    pub actor_id: Option<Uuid>,
    /// The actor's display name, read with the entry; null for the system.
    #[serde(default)]
    pub actor_name: Option<String>,
    /// What was done, e.g. `contract.sign`.
    pub action: String,
    /// The kind of record, e.g. `contract`.
    pub entity_type: String,
    /// The record's id (a UUID, a package code or a batch month).
    pub entity_id: String,
    /// The record before the change.
    pub before: Option<serde_json::Value>,
    /// The record after the change.
    pub after: Option<serde_json::Value>,
}

/// Filters for the audit log.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AuditFilter {
    /// Only this kind of record.
    pub entity_type: Option<String>,
    /// Only this record.
    pub entity_id: Option<String>,
    /// Only this actor.
    pub actor_id: Option<Uuid>,
    /// Only this action.
    pub action: Option<String>,
    /// At or after this instant (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Before this instant (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    /// Where the previous page ended: its `next_cursor`. The fast way
    /// through the log at any depth; not with `page`.
    pub cursor: Option<String>,
}
