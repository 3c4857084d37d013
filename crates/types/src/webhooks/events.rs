//! The events Rapport sends webhooks: their names, their data and the
//! payload that carries them.

use chrono::{DateTime, NaiveDate, Utc};
use rapport_domain::lifecycle::contract::Status as ContractStatus;
use rapport_domain::lifecycle::request::Status as RequestStatus;
use rapport_domain::org::Department;
use rapport_domain::request::{Category, Priority};
use rapport_domain::sla::SlaTarget;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::contracts::ContractKind;

/// Which event an endpoint may subscribe to; its code is the `event` of the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EventKind {
    /// A service request was taken in.
    #[serde(rename = "request.created")]
    RequestCreated,
    /// A request was assigned (at intake by routing, or later by hand).
    #[serde(rename = "request.assigned")]
    RequestAssigned,
    /// One of a request's SLA targets turned at risk.
    #[serde(rename = "request.sla_at_risk")]
    RequestSlaAtRisk,
    /// One of a request's SLA targets was breached.
    #[serde(rename = "request.sla_breached")]
    RequestSlaBreached,
    /// A request was resolved.
    #[serde(rename = "request.resolved")]
    RequestResolved,
    /// A request was closed.
    #[serde(rename = "request.closed")]
    RequestClosed,
    /// A return visit or survey scored 1–3.
    #[serde(rename = "visit.dissatisfied")]
    VisitDissatisfied,
    /// A complaint was taken.
    #[serde(rename = "complaint.created")]
    ComplaintCreated,
    /// A complaint's promised time passed while it was still open.
    #[serde(rename = "complaint.overdue")]
    ComplaintOverdue,
    /// A contract was signed.
    #[serde(rename = "contract.signed")]
    ContractSigned,
    /// A contract or its free period ends within 30 days.
    #[serde(rename = "contract.expiring")]
    ContractExpiring,
    /// A contract ended (its status is now `expired`).
    #[serde(rename = "contract.expired")]
    ContractExpired,
}

impl EventKind {
    /// Every event, in the order of SPEC section 10.
    pub const ALL: [EventKind; 12] = [
        EventKind::RequestCreated,
        EventKind::RequestAssigned,
        EventKind::RequestSlaAtRisk,
        EventKind::RequestSlaBreached,
        EventKind::RequestResolved,
        EventKind::RequestClosed,
        EventKind::VisitDissatisfied,
        EventKind::ComplaintCreated,
        EventKind::ComplaintOverdue,
        EventKind::ContractSigned,
        EventKind::ContractExpiring,
        EventKind::ContractExpired,
    ];

    /// The event's name on the wire: `request.created`.
    pub fn code(self) -> &'static str {
        match self {
            EventKind::RequestCreated => "request.created",
            EventKind::RequestAssigned => "request.assigned",
            EventKind::RequestSlaAtRisk => "request.sla_at_risk",
            EventKind::RequestSlaBreached => "request.sla_breached",
            EventKind::RequestResolved => "request.resolved",
            EventKind::RequestClosed => "request.closed",
            EventKind::VisitDissatisfied => "visit.dissatisfied",
            EventKind::ComplaintCreated => "complaint.created",
            EventKind::ComplaintOverdue => "complaint.overdue",
            EventKind::ContractSigned => "contract.signed",
            EventKind::ContractExpiring => "contract.expiring",
            EventKind::ContractExpired => "contract.expired",
        }
    }

    /// The event named `code`, if there is one.
    pub fn from_code(code: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// An event with its data: what a webhook tells. On the wire it is
/// `{"id", "event", "occurred_at", "data"}` ([`Payload`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", content = "data")]
pub enum Event {
    /// `request.created`.
    #[serde(rename = "request.created")]
    RequestCreated(RequestData),
    /// `request.assigned`.
    #[serde(rename = "request.assigned")]
    RequestAssigned(RequestData),
    /// `request.sla_at_risk`.
    #[serde(rename = "request.sla_at_risk")]
    RequestSlaAtRisk(SlaData),
    /// `request.sla_breached`.
    #[serde(rename = "request.sla_breached")]
    RequestSlaBreached(SlaData),
    /// `request.resolved`.
    #[serde(rename = "request.resolved")]
    RequestResolved(RequestData),
    /// `request.closed`.
    #[serde(rename = "request.closed")]
    RequestClosed(RequestData),
    /// `visit.dissatisfied`.
    #[serde(rename = "visit.dissatisfied")]
    VisitDissatisfied(VisitData),
    /// `complaint.created`.
    #[serde(rename = "complaint.created")]
    ComplaintCreated(ComplaintData),
    /// `complaint.overdue`.
    #[serde(rename = "complaint.overdue")]
    ComplaintOverdue(ComplaintData),
    /// `contract.signed`.
    #[serde(rename = "contract.signed")]
    ContractSigned(ContractData),
    /// `contract.expiring`.
    #[serde(rename = "contract.expiring")]
    ContractExpiring(ContractData),
    /// `contract.expired`.
    #[serde(rename = "contract.expired")]
    ContractExpired(ContractData),
}

impl Event {
    /// Which event this is.
    pub fn kind(&self) -> EventKind {
        match self {
            Event::RequestCreated(_) => EventKind::RequestCreated,
            Event::RequestAssigned(_) => EventKind::RequestAssigned,
            Event::RequestSlaAtRisk(_) => EventKind::RequestSlaAtRisk,
            Event::RequestSlaBreached(_) => EventKind::RequestSlaBreached,
            Event::RequestResolved(_) => EventKind::RequestResolved,
            Event::RequestClosed(_) => EventKind::RequestClosed,
            Event::VisitDissatisfied(_) => EventKind::VisitDissatisfied,
            Event::ComplaintCreated(_) => EventKind::ComplaintCreated,
            Event::ComplaintOverdue(_) => EventKind::ComplaintOverdue,
            Event::ContractSigned(_) => EventKind::ContractSigned,
            Event::ContractExpiring(_) => EventKind::ContractExpiring,
            Event::ContractExpired(_) => EventKind::ContractExpired,
        }
    }

    /// The event's name on the wire: `request.created`.
    pub fn code(&self) -> &'static str {
        self.kind().code()
    }
}

/// The JSON body of every webhook POST.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payload {
    /// The event's id: the same on every retry and re-send, so a receiver
    /// can drop one it has already handled.
    pub id: Uuid,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// `event` (its name) and `data`.
    #[serde(flatten)]
    pub event: Event,
}

/// A contact as lists show it: phone and email masked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = WebhookContact))]
pub struct ContactData {
    /// The contact's id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Masked phone, e.g. `138****5678`.
    pub phone: String,
    /// Masked email, e.g. `z***@example.com`.
    pub email: String,
}

/// A service request, as `request.created`, `request.assigned`,
/// `request.resolved` and `request.closed` tell it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = WebhookRequestData))]
pub struct RequestData {
    /// The request's id.
    pub request_id: Uuid,
    /// Its number, e.g. `SR-2026-000042`.
    pub number: String,
    /// Its title.
    pub title: String,
    /// Its priority.
    pub priority: Priority,
    /// Its category.
    pub category: Category,
    /// Its status after the event.
    pub status: RequestStatus,
    /// The department handling it.
    pub department: Department,
    /// The customer's id.
    pub customer_id: Uuid,
    /// The customer's name.
    pub customer_name: String,
    /// Who it is assigned to, if anyone.
    pub assignee_id: Option<Uuid>,
    /// The contact who called, masked.
    pub contact: Option<ContactData>,
}

/// An SLA target of a request turning at risk or breached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = WebhookSlaData))]
pub struct SlaData {
    /// The request's id.
    pub request_id: Uuid,
    /// Its number.
    pub number: String,
    /// Its title.
    pub title: String,
    /// Its priority.
    pub priority: Priority,
    /// The customer's id.
    pub customer_id: Uuid,
    /// The customer's name.
    pub customer_name: String,
    /// Who it is assigned to, if anyone.
    pub assignee_id: Option<Uuid>,
    /// The target at risk or breached.
    pub target: SlaTarget,
    /// The target's deadline.
    pub deadline: DateTime<Utc>,
}

/// A return visit or survey that found the customer dissatisfied (1–3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = WebhookVisitData))]
pub struct VisitData {
    /// The request visited.
    pub request_id: Uuid,
    /// Its number.
    pub number: String,
    /// The customer's id.
    pub customer_id: Uuid,
    /// The customer's name.
    pub customer_name: String,
    /// The score, 1 (worst) to 5.
    pub satisfaction: u8,
    /// What the customer suggested.
    pub suggestions: String,
    /// The request's contact, masked.
    pub contact: Option<ContactData>,
}

/// A complaint, taken or overdue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = WebhookComplaintData))]
pub struct ComplaintData {
    /// The complaint's id.
    pub complaint_id: Uuid,
    /// The customer's id.
    pub customer_id: Uuid,
    /// The customer's name.
    pub customer_name: String,
    /// The request it came in with, if any.
    pub request_id: Option<Uuid>,
    /// What it is about.
    pub summary: String,
    /// The handling time promised.
    pub promised_by: DateTime<Utc>,
    /// The contact who complained, masked.
    pub contact: Option<ContactData>,
}

/// A contract, signed, ending soon or ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = WebhookContractData))]
pub struct ContractData {
    /// The contract's id.
    pub contract_id: Uuid,
    /// The customer's id.
    pub customer_id: Uuid,
    /// The customer's name.
    pub customer_name: String,
    /// Paid or free.
    pub kind: ContractKind,
    /// Its status after the event.
    pub status: ContractStatus,
    /// First day covered.
    pub period_start: NaiveDate,
    /// Last day covered.
    pub period_end: NaiveDate,
    /// For `contract.expiring`: the day that ends within 30 days (the
    /// contract's end, or a free period's); otherwise `period_end`.
    pub ends_on: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_is_named_on_the_wire_by_its_code() {
        for kind in EventKind::ALL {
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::json!(kind.code())
            );
            assert_eq!(EventKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(EventKind::from_code("request.exploded"), None);
    }

    #[test]
    fn a_payload_is_its_id_time_event_name_and_data() {
        let data = ComplaintData {
            complaint_id: Uuid::nil(),
            customer_id: Uuid::nil(),
            customer_name: "某公司".to_owned(),
            request_id: None,
            summary: "响应慢".to_owned(),
            promised_by: "2026-12-01T00:00:00Z".parse().unwrap(),
            contact: None,
        };
        let payload = Payload {
            id: Uuid::nil(),
            occurred_at: "2026-11-30T00:00:00Z".parse().unwrap(),
            event: Event::ComplaintOverdue(data.clone()),
        };
        let json = serde_json::to_value(&payload).unwrap();
        assert_eq!(json["event"], "complaint.overdue");
        assert_eq!(json["data"]["customer_name"], "某公司");
        assert_eq!(
            json.as_object().unwrap().len(),
            4,
            "id, occurred_at, event, data: {json}"
        );
        let back: Payload = serde_json::from_value(json).unwrap();
        assert_eq!(back.event.kind(), EventKind::ComplaintOverdue);
        assert_eq!(back, payload);
    }
}
