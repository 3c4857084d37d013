//! Notifications for the people told of an event.

use chrono::{DateTime, Utc};
use rapport_domain::request::Priority;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a notification tells: its kind and the facts the app needs to say
/// it in the reader's language.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Notice {
    /// A core customer declined the quote on a request (to its account manager).
    QuoteDeclined {
        /// The request's number.
        request_number: String,
        /// The customer's name.
        customer_name: String,
        /// What the customer said, if anything.
        note: Option<String>,
    },
    /// A return visit found the customer dissatisfied and reopened the
    /// request (to the request's department and the account manager).
    DissatisfiedVisit {
        /// The request's number.
        request_number: String,
        /// The customer's name.
        customer_name: String,
        /// The score given, 1 to 5.
        satisfaction: u8,
        /// What the customer suggested.
        suggestions: String,
    },
    /// A service request was taken in for a customer still
    /// `pending_review` (to the reviewers: SPEC 2).
    CustomerUnverified {
        /// The request's number.
        request_number: String,
        /// The customer's name.
        customer_name: String,
    },
    /// A request was assigned to the reader (by routing at intake, or by
    /// someone else).
    Assigned {
        /// The request's number.
        request_number: String,
        /// Its title.
        title: String,
        /// Its priority.
        priority: Priority,
    },
    /// A request was taken in today for the reader's department (its
    /// assistants hear of every one).
    NewRequest {
        /// The request's number.
        request_number: String,
        /// Its title.
        title: String,
        /// Its priority.
        priority: Priority,
    },
    /// A notification written before notices had kinds, as it was stored.
    Message {
        /// One line.
        subject: String,
        /// The details.
        body: String,
    },
}

/// A notice to the caller.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    /// The notification's id.
    pub id: Uuid,
    /// What it tells.
    pub notice: Notice,
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

/// The answer to marking every notification read.
#[derive(Debug, PartialEq, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkedRead {
    /// How many were unread and are read now.
    pub marked: u64,
}
