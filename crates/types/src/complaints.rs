//! Complaints (SPEC section 7) and their timeline.

use chrono::{DateTime, Utc};
use rapport_domain::lifecycle::complaint::{Action as Step, Status};
use rapport_domain::org::Department;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;
use validator::Validate;

/// A complaint as the API shows it.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Complaint {
    /// The complaint's id.
    pub id: Uuid,
    /// The customer complaining.
    pub customer_id: Uuid,
    /// The customer's name, read with the list (not stored here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    /// The contact who complained.
    pub contact_id: Option<Uuid>,
    /// The service request the complaint came in with.
    pub request_id: Option<Uuid>,
    /// What the complaint is about.
    pub summary: String,
    /// What the customer said.
    pub details: String,
    /// Where it stands.
    pub status: Status,
    /// The handling time promised to the customer.
    pub promised_by: DateTime<Utc>,
    /// Still open (not resolved or revisited) and past `promised_by`.
    pub overdue: bool,
    /// The department responsible, named when investigation starts.
    pub responsible_department: Option<Department>,
    /// The cause found.
    pub cause: Option<String>,
    /// The solution proposed or approved (cleared when a manager sends it back).
    pub solution: Option<String>,
    /// The manager who approved the solution.
    pub approved_by: Option<Uuid>,
    /// When the solution was approved.
    pub approved_at: Option<DateTime<Utc>>,
    /// When the solution was carried out.
    pub resolved_at: Option<DateTime<Utc>>,
    /// When the return visit was done.
    pub revisited_at: Option<DateTime<Utc>>,
    /// The customer's satisfaction at the return visit, 1 (worst) to 5 (best).
    pub satisfaction: Option<u8>,
    /// Who took the complaint.
    pub created_by: Uuid,
    /// Send back on transitions.
    pub version: i32,
    /// When taken.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// What happened on a complaint's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", schema(as = ComplaintEventKind))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum EventKind {
    /// The complaint was taken.
    Received,
    /// Investigation started.
    Investigate,
    /// A solution was put to the manager.
    ProposeSolution,
    /// A manager sent the solution back.
    RejectSolution,
    /// A manager approved the solution.
    Approve,
    /// The solution was carried out.
    Resolve,
    /// The return visit was done.
    Revisit,
}

impl EventKind {
    /// Every value, so the database can be told exactly which codes it may hold.
    pub const ALL: [EventKind; 7] = [
        EventKind::Received,
        EventKind::Investigate,
        EventKind::ProposeSolution,
        EventKind::RejectSolution,
        EventKind::Approve,
        EventKind::Resolve,
        EventKind::Revisit,
    ];
}

/// One entry on a complaint's timeline.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplaintEvent {
    /// The entry's id.
    pub id: Uuid,
    /// The complaint's version this event produced.
    pub version: i32,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who did it.
    pub actor_id: Uuid,
    /// What happened.
    pub kind: EventKind,
    /// The fields it changed, as they were.
    pub before: Option<Value>,
    /// The fields it changed, as they became, with what was said (`reason`, `note`).
    pub after: Option<Value>,
}

/// A complaint with its timeline, oldest first.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplaintDetail {
    /// The complaint.
    #[serde(flatten)]
    pub complaint: Complaint,
    /// Everything that happened to it.
    pub timeline: Vec<ComplaintEvent>,
}

/// A complaint to take; it starts as `received`.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewComplaint {
    /// The customer complaining (not archived).
    pub customer_id: Uuid,
    /// A contact of this customer.
    pub contact_id: Option<Uuid>,
    /// The service request the complaint came in with.
    pub request_id: Option<Uuid>,
    /// What the complaint is about, 1 to 200 characters, not blank.
    #[validate(length(min = 1, max = 200))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = r"\S")
    )]
    pub summary: String,
    /// What the customer said, at most 10000 characters.
    #[serde(default)]
    #[validate(length(max = 10_000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 10_000))]
    pub details: String,
    /// The handling time promised to the customer (RFC 3339 with offset), after now.
    pub promised_by: DateTime<Utc>,
}

/// One action on a complaint: `action`, the `version` read (a stale one gets
/// 409), and exactly the fields that action records (see
/// `rapport_domain::lifecycle::complaint::Action::fields`).
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ComplaintAction {
    /// What to do. `approve` and `reject_solution` are for managers.
    pub action: Step,
    /// The version read.
    pub version: i32,
    /// `investigate`: the department responsible (required).
    pub responsible_department: Option<Department>,
    /// `investigate`, `propose_solution`: the cause found (optional, at most 10000 characters).
    #[validate(length(max = 10_000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 10_000))]
    pub cause: Option<String>,
    /// `propose_solution`: the solution (required, at most 10000 characters).
    #[validate(length(max = 10_000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 10_000))]
    pub solution: Option<String>,
    /// `reject_solution`: why the solution is sent back (required, at most 2000 characters).
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub reason: Option<String>,
    /// `revisit`: the customer's satisfaction, 1 to 5 (required).
    #[validate(range(min = 1, max = 5))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub satisfaction: Option<i32>,
    /// `revisit`: what the customer said (optional, at most 2000 characters).
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: Option<String>,
}

impl ComplaintAction {
    /// Each field an action may carry, and whether this one carries it: the
    /// server refuses any the action does not take.
    pub fn given_fields(&self) -> [(&'static str, bool); 6] {
        [
            (
                "responsible_department",
                self.responsible_department.is_some(),
            ),
            ("cause", self.cause.is_some()),
            ("solution", self.solution.is_some()),
            ("reason", self.reason.is_some()),
            ("satisfaction", self.satisfaction.is_some()),
            ("note", self.note.is_some()),
        ]
    }
}

/// Filters for the complaint list.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ComplaintFilter {
    /// Only this status.
    pub status: Option<Status>,
    /// Only this customer's complaints.
    pub customer_id: Option<Uuid>,
    /// `true`: only open complaints past their promised time, most overdue first;
    /// `false`: only the others.
    pub overdue: Option<bool>,
    /// Where the previous page ended: its `next_cursor`, with the same
    /// `overdue`. The fast way through the list at any depth; not with `page`.
    pub cursor: Option<String>,
}

impl From<Step> for EventKind {
    fn from(step: Step) -> EventKind {
        match step {
            Step::Investigate => EventKind::Investigate,
            Step::ProposeSolution => EventKind::ProposeSolution,
            Step::RejectSolution => EventKind::RejectSolution,
            Step::Approve => EventKind::Approve,
            Step::Resolve => EventKind::Resolve,
            Step::Revisit => EventKind::Revisit,
        }
    }
}
