//! The customer needs list (客户需求清单, SPEC section 8, seed 002).

use chrono::{DateTime, NaiveDate, Utc};
use rapport_domain::lifecycle::need::{Action as Step, Evaluation, Kind, Milestone, Status};
use rapport_domain::request::Priority;
use rapport_domain::sla::{SlaStatus, SlaTarget};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// A need as the API shows it.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Need {
    /// The need's id.
    pub id: Uuid,
    /// The customer who has it.
    pub customer_id: Uuid,
    /// The customer's name, read with the list (not stored here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    /// The service request it came from, if any.
    pub request_id: Option<Uuid>,
    /// `feature`, `service` or `issue`.
    #[serde(rename = "type")]
    pub kind: Kind,
    /// Its priority: the response target is the one a request of this priority gets.
    pub priority: Priority,
    /// What the customer needs, in a line.
    pub title: String,
    /// The need as the customer put it.
    pub description: String,
    /// Where it stands.
    pub status: Status,
    /// Customer value, fit and cost, once evaluated.
    pub evaluation: Option<Evaluation>,
    /// The direction of the solution (初步解决方案方向).
    pub solution_direction: Option<String>,
    /// Who is responsible for it.
    pub owner_id: Option<Uuid>,
    /// The owner's display name, read with the need (not stored here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_name: Option<String>,
    /// The milestones of its plan, in order.
    pub milestones: Vec<Milestone>,
    /// The response target of its priority.
    pub response: NeedResponse,
    /// When the result was handed to the customer (cleared by a rework).
    pub delivered_at: Option<DateTime<Utc>>,
    /// Who confirmed on the customer's side.
    pub confirmed_by: Option<String>,
    /// When the customer confirmed.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Why it was rejected.
    pub rejected_reason: Option<String>,
    /// Who recorded it.
    pub created_by: Uuid,
    /// Send back on changes and actions.
    pub version: i32,
    /// When recorded (the response clock's start).
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// The response target of a need: evaluating or rejecting it answers it.
#[derive(Debug, PartialEq, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeedResponse {
    /// `response_urgent`, `response_important` or `response_routine`.
    pub target: SlaTarget,
    /// When the answer is due.
    pub deadline: DateTime<Utc>,
    /// From when, unanswered, it counts as at risk.
    pub at_risk_from: DateTime<Utc>,
    /// When it was answered (evaluated or rejected).
    pub met_at: Option<DateTime<Utc>>,
    /// Where the target stands now.
    pub status: SlaStatus,
}

/// A need to record; it starts as `new`, its response clock running from now.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewNeed {
    /// The customer (not archived, not rejected at review).
    pub customer_id: Uuid,
    /// A service request of this customer it came from.
    pub request_id: Option<Uuid>,
    /// `feature`, `service` or `issue`.
    #[serde(rename = "type")]
    pub kind: Kind,
    /// Its priority.
    pub priority: Priority,
    /// 1 to 200 characters, not blank.
    #[validate(length(min = 1, max = 200))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = r"\S")
    )]
    pub title: String,
    /// At most 10000 characters.
    #[serde(default)]
    #[validate(length(max = 10_000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 10_000))]
    pub description: String,
    /// An active user responsible for it.
    pub owner_id: Option<Uuid>,
}

/// A milestone as a plan or a change names it.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MilestoneInput {
    /// What is to be done, 1 to 200 characters, not blank.
    #[validate(length(min = 1, max = 200))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = r"\S")
    )]
    pub title: String,
    /// The day it is due.
    pub due: NaiveDate,
    /// When it was done (changes only: send back what was read; not in the future).
    pub done_at: Option<DateTime<Utc>>,
}

/// Changes to an open need (not confirmed or rejected); absent fields stay.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NeedChanges {
    /// The version read.
    pub version: i32,
    /// `feature`, `service` or `issue`.
    #[serde(rename = "type")]
    pub kind: Option<Kind>,
    /// A new priority moves the response deadline while it is unanswered.
    pub priority: Option<Priority>,
    /// 1 to 200 characters, not blank.
    #[validate(length(min = 1, max = 200))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = r"\S")
    )]
    pub title: Option<String>,
    /// At most 10000 characters.
    #[validate(length(max = 10_000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 10_000))]
    pub description: Option<String>,
    /// At most 10000 characters, not blank.
    #[validate(length(max = 10_000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 10_000))]
    pub solution_direction: Option<String>,
    /// An active user.
    pub owner_id: Option<Uuid>,
    /// The whole list, replacing it (a planned need keeps at least one), at most 50.
    #[validate(length(max = 50), nested)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub milestones: Option<Vec<MilestoneInput>>,
}

/// One action on a need: `action`, the `version` read (a stale one gets
/// 409), and exactly the fields that action records (see
/// `rapport_domain::lifecycle::need::Action::fields`).
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NeedAction {
    /// What to do.
    pub action: Step,
    /// The version read.
    pub version: i32,
    /// `evaluate`: customer value, 1 to 5 (required).
    pub customer_value: Option<i64>,
    /// `evaluate`: fit with the product, 1 to 5 (required).
    pub fit: Option<i64>,
    /// `evaluate`: cost to meet it, 1 (cheap) to 5 (dear) (required).
    pub cost: Option<i64>,
    /// `evaluate`, `plan`: the direction of the solution (optional, at most 10000 characters).
    #[validate(length(max = 10_000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 10_000))]
    pub solution_direction: Option<String>,
    /// `plan`: the owner, an active user (required).
    pub owner_id: Option<Uuid>,
    /// `plan`: the milestones, 1 to 50, none done (required).
    #[validate(length(max = 50), nested)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub milestones: Option<Vec<MilestoneInput>>,
    /// `complete_milestone`: which, counting from 0 (required).
    pub milestone: Option<i64>,
    /// `rework`, `reject`: why (required, at most 2000 characters).
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub reason: Option<String>,
    /// `confirm`: who confirmed on the customer's side (required, at most 100 characters).
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub confirmed_by: Option<String>,
    /// `confirm`: when they confirmed (optional, default now; not in the future).
    pub confirmed_at: Option<DateTime<Utc>>,
    /// `start`, `complete_milestone`, `deliver`, `confirm`: what was said
    /// (optional, at most 2000 characters; kept in the audit log).
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: Option<String>,
}

impl NeedAction {
    /// Each field an action may carry, and whether this one carries it: the
    /// server refuses any the action does not take.
    pub fn given_fields(&self) -> [(&'static str, bool); 11] {
        [
            ("customer_value", self.customer_value.is_some()),
            ("fit", self.fit.is_some()),
            ("cost", self.cost.is_some()),
            ("solution_direction", self.solution_direction.is_some()),
            ("owner_id", self.owner_id.is_some()),
            ("milestones", self.milestones.is_some()),
            ("milestone", self.milestone.is_some()),
            ("reason", self.reason.is_some()),
            ("confirmed_by", self.confirmed_by.is_some()),
            ("confirmed_at", self.confirmed_at.is_some()),
            ("note", self.note.is_some()),
        ]
    }
}

/// Filters for the needs list (newest first).
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct NeedFilter {
    /// Text found in the title or description (ignoring case), at most 100 characters.
    pub q: Option<String>,
    /// Only this customer's needs.
    pub customer_id: Option<Uuid>,
    /// Only this type.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", param(rename = "type"))]
    pub kind: Option<Kind>,
    /// Only this status.
    pub status: Option<Status>,
    /// Only this owner's needs.
    pub owner_id: Option<Uuid>,
    /// Only this priority.
    pub priority: Option<Priority>,
    /// Only the needs from this service request.
    pub request_id: Option<Uuid>,
    /// `true`: only those whose response is overdue (unanswered past the
    /// deadline), most overdue first; `false`: only the others.
    pub overdue: Option<bool>,
    /// Where the previous page ended: its `next_cursor`, with the same
    /// `overdue`. The fast way through the list at any depth; not with `page`.
    pub cursor: Option<String>,
}

/// What happened on a need's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", schema(as = NeedEventKind))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum EventKind {
    /// The need was recorded.
    Created,
    /// Its fields were changed (`PATCH`).
    Updated,
    /// It was evaluated.
    Evaluate,
    /// Its owner and milestones were set.
    Plan,
    /// Work started.
    Start,
    /// A milestone was done.
    CompleteMilestone,
    /// It was delivered.
    Deliver,
    /// The customer did not accept the delivery.
    Rework,
    /// The customer confirmed.
    Confirm,
    /// It was rejected.
    Reject,
}

impl EventKind {
    /// Every value, so the database can be told exactly which codes it may hold.
    pub const ALL: [EventKind; 10] = [
        EventKind::Created,
        EventKind::Updated,
        EventKind::Evaluate,
        EventKind::Plan,
        EventKind::Start,
        EventKind::CompleteMilestone,
        EventKind::Deliver,
        EventKind::Rework,
        EventKind::Confirm,
        EventKind::Reject,
    ];
}

impl From<Step> for EventKind {
    fn from(step: Step) -> EventKind {
        match step {
            Step::Evaluate => EventKind::Evaluate,
            Step::Plan => EventKind::Plan,
            Step::Start => EventKind::Start,
            Step::CompleteMilestone => EventKind::CompleteMilestone,
            Step::Deliver => EventKind::Deliver,
            Step::Rework => EventKind::Rework,
            Step::Confirm => EventKind::Confirm,
            Step::Reject => EventKind::Reject,
        }
    }
}

/// One entry on a need's timeline.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeedEvent {
    /// The entry's id.
    pub id: Uuid,
    /// The need's version this event produced.
    pub version: i32,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who did it.
    pub actor_id: Uuid,
    /// What happened.
    pub kind: EventKind,
    /// The fields it changed, as they were.
    pub before: Option<serde_json::Value>,
    /// The fields it changed, as they became, with what was said (`reason`, `note`).
    pub after: Option<serde_json::Value>,
}

/// A need with its timeline, oldest first.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeedDetail {
    /// The need.
    #[serde(flatten)]
    pub need: Need,
    /// Everything that happened to it.
    pub timeline: Vec<NeedEvent>,
}
