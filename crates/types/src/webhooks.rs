//! Webhooks (SPEC section 10): the endpoints administrators register and
//! the log of each delivery; the events Rapport sends them are in [`events`].

mod events;

pub use events::{
    ComplaintData, ContactData, ContractData, Event, EventKind, Payload, RequestData, SlaData,
    VisitData,
};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// A registered endpoint (never its secret).
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookEndpoint {
    /// The endpoint's id.
    pub id: Uuid,
    /// Where events are POSTed.
    pub url: String,
    /// What it is for.
    pub description: String,
    /// The events it receives.
    pub events: Vec<EventKind>,
    /// Whether events are sent to it; an inactive endpoint gets no new
    /// deliveries, and those pending wait until it is active again.
    pub active: bool,
    /// Send back on update.
    pub version: i32,
    /// When registered.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// An endpoint with its signing secret: the answer to registering one and
/// to rotating its secret, the only times the secret is shown.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndpointWithSecret {
    /// The endpoint.
    #[serde(flatten)]
    pub endpoint: WebhookEndpoint,
    /// Signs every event (`Rapport-Signature`); store it now, it is never shown again.
    pub secret: String,
}

/// An endpoint to register.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewEndpoint {
    /// An absolute `http` or `https` URL.
    #[validate(length(min = 1, max = 2000))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 2000, pattern = r"\S")
    )]
    pub url: String,
    /// What it is for.
    #[serde(default)]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub description: String,
    /// The events wanted; at least one.
    #[validate(length(min = 1, max = 12))]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<EventKind>, min_items = 1, max_items = 12))]
    pub events: Vec<String>,
    /// Whether to send events at once (default `true`).
    pub active: Option<bool>,
}

/// Changes to an endpoint; fields left out stay as they are.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EndpointUpdate {
    /// The version read.
    pub version: i32,
    /// An absolute `http` or `https` URL.
    #[validate(length(min = 1, max = 2000))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 2000, pattern = r"\S")
    )]
    pub url: Option<String>,
    /// What it is for.
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub description: Option<String>,
    /// The events wanted; at least one.
    #[validate(length(min = 1, max = 12))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<EventKind>>, min_items = 1, max_items = 12))]
    pub events: Option<Vec<String>>,
    /// Send events, or stop.
    pub active: Option<bool>,
}

/// The version read, for rotating a secret.
#[derive(Debug, PartialEq, Clone, Copy, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RotateSecret {
    /// The version read.
    pub version: i32,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Not yet answered with a 2xx; tried again at `next_attempt_at`.
    Pending,
    /// A 2xx answered it.
    Delivered,
    /// No 2xx within a day of tries (or its endpoint was deleted); re-send it by hand.
    Dead,
}

impl DeliveryStatus {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Dead => "dead",
        }
    }
}

/// One try of a delivery.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryAttempt {
    /// When it was sent.
    pub at: DateTime<Utc>,
    /// The receiver's HTTP status, if it answered.
    pub status_code: Option<u16>,
    /// How long the receiver took (or until the try failed), in milliseconds.
    pub response_ms: u32,
    /// Why it failed, if it did (a non-2xx status, a timeout, a refused connection).
    pub error: Option<String>,
}

/// One event's delivery to one endpoint, with its log.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    /// The delivery's id.
    pub id: Uuid,
    /// The endpoint.
    pub endpoint_id: Uuid,
    /// The event's id (the payload's `id`).
    pub event_id: Uuid,
    /// The event.
    pub event: EventKind,
    /// Where it stands.
    pub status: DeliveryStatus,
    /// Tries so far.
    pub attempts: u32,
    /// When it is tried next (pending only).
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The last try's HTTP status, if the receiver answered.
    pub last_status_code: Option<u16>,
    /// The last try's response time, in milliseconds.
    pub last_response_ms: Option<u32>,
    /// Why the last try failed.
    pub last_error: Option<String>,
    /// When a 2xx answered it.
    pub delivered_at: Option<DateTime<Utc>>,
    /// When the event happened.
    pub created_at: DateTime<Utc>,
    /// Every try, oldest first.
    pub log: Vec<DeliveryAttempt>,
}

/// Filters for an endpoint's deliveries.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct DeliveryFilter {
    /// Only deliveries in this state.
    pub status: Option<DeliveryStatus>,
}
