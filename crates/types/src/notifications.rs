//! Notifications for the people told of an event.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A message to the caller.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    /// The notification's id.
    pub id: Uuid,
    /// `quote_declined`, `dissatisfied_visit`, ...
    pub kind: String,
    /// One line.
    pub subject: String,
    /// The details.
    pub body: String,
    /// What it is about, e.g. `request`.
    pub entity_type: String,
    /// Its id.
    pub entity_id: String,
    /// When it was sent.
    pub created_at: DateTime<Utc>,
    /// When the caller read it.
    pub read_at: Option<DateTime<Utc>>,
}

/// Filters for the caller's notifications.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct NotificationFilter {
    /// Only unread ones.
    pub unread: Option<bool>,
}
