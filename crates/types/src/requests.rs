//! Service requests (SPEC section 4): intake, lists, one with its clocks and timeline.

use std::collections::BTreeMap;

use crate::routing::RoutingReason;
use chrono::{DateTime, Utc};
use rapport_domain::lifecycle::request::Status;
use rapport_domain::org::Department;
use rapport_domain::request::{
    Category, IntakeChannel, Priority, ProductKind, ResolutionMethod, WorkType,
};
use rapport_domain::sla::ClockSpec;
use rapport_domain::sla::SlaTarget;
use rapport_domain::sla::{PauseSpec, SlaStatus};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// The fee, method and time quoted for billable work, and the customer's answer.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quote {
    /// The fee, in fen.
    pub fee_cents: i64,
    /// How the work would be done.
    pub method: ResolutionMethod,
    /// When the work would be done.
    pub scheduled_for: Option<DateTime<Utc>>,
    /// Anything else the customer was told.
    pub note: String,
    /// When the quote was given.
    pub quoted_at: DateTime<Utc>,
    /// Who gave it.
    pub quoted_by: Uuid,
    /// `accepted` or `declined`, once the customer answered.
    pub answer: Option<String>,
    /// When the customer answered.
    pub answered_at: Option<DateTime<Utc>>,
}

/// Charged hardware parts and the customer's confirmation of them.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Parts {
    /// Which parts.
    pub description: String,
    /// What they cost the customer, in fen.
    pub amount_cents: i64,
    /// Who at the customer confirmed the charge.
    pub confirmed_by: String,
    /// When they confirmed it.
    pub confirmed_at: DateTime<Utc>,
}

/// A service request with every field: as reading one, taking one in and
/// each action answer it. Lists answer [`RequestSummary`] rows.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceRequest {
    /// The request's id.
    pub id: Uuid,
    /// `SR-<year>-<000001>`, gapless per year.
    pub number: String,
    /// The customer.
    pub customer_id: Uuid,
    /// Taken in while the customer was still `pending_review` (SPEC 2):
    /// the reviewers were told. Answers stored before the flag read `false`.
    #[serde(default)]
    pub customer_unverified: bool,
    /// The customer's contact who raised it.
    pub contact_id: Option<Uuid>,
    /// How it came in.
    pub channel: IntakeChannel,
    /// What kind of request it is.
    pub category: Category,
    /// Software or hardware.
    pub product_kind: ProductKind,
    /// Maintenance or implementation.
    pub work_type: WorkType,
    /// Urgent, important or routine.
    pub priority: Priority,
    /// Short summary.
    pub title: String,
    /// What the customer reported.
    pub description: String,
    /// Where the request stands.
    #[cfg_attr(feature = "openapi", schema(example = "assigned"))]
    pub status: Status,
    /// True when no contract covered it at intake: the work is charged.
    pub billable: bool,
    /// The contract in force that covers it.
    pub contract_id: Option<Uuid>,
    /// The named calendar its clocks run on (the organisation's when none).
    pub calendar_name: Option<String>,
    /// The department it was routed to.
    pub department: Department,
    /// The person working on it.
    pub assignee_id: Option<Uuid>,
    /// Why it went where it went.
    pub routing_reason: RoutingReason,
    /// Since when it waits on the customer (clocks stopped).
    pub paused_since: Option<DateTime<Utc>>,
    /// Earlier waits on the customer; every deadline moved by them.
    pub pauses: Vec<PauseSpec>,
    /// The quote for billable work.
    pub quote: Option<Quote>,
    /// How it was fixed.
    pub resolution_method: Option<ResolutionMethod>,
    /// Fixed remotely (远程): the tag lists show.
    pub remote: bool,
    /// What was wrong.
    pub fault_description: Option<String>,
    /// How it was fixed.
    pub solution: Option<String>,
    /// When it was last resolved.
    pub resolved_at: Option<DateTime<Utc>>,
    /// When the customer signed the on-site service form.
    pub customer_signed_at: Option<DateTime<Utc>>,
    /// When the account manager signed the on-site service form.
    pub account_manager_signed_at: Option<DateTime<Utc>>,
    /// What is still wrong after a visit that did not finish the job.
    pub outstanding_issue: Option<String>,
    /// When the technician goes back.
    pub next_visit_at: Option<DateTime<Utc>>,
    /// Charged parts confirmed by the customer.
    pub parts: Option<Parts>,
    /// Why it was cancelled (`declined` when the customer declined the quote).
    pub cancel_reason: Option<String>,
    /// Its nearest unmet SLA target, for the countdown; none when every
    /// target is met. Stands still while the request waits on the
    /// customer (`paused_since`): the deadline moves on resume.
    #[serde(default)]
    pub due: Option<DueClock>,
    /// The customer's name, read with the request (in reads and the answers
    /// to actions; not stored on it, nor in the answer to intake, which a
    /// retry replays as it was first stored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    /// The assignee's display name, read with the request like the
    /// customer's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee_name: Option<String>,
    /// Who took it in.
    pub created_by: Uuid,
    /// Send back with every action.
    pub version: i32,
    /// When taken in.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// A service request as a row of a list: what the queue shows and filters
/// by. The description, the work done, the quote, the parts and the
/// signatures are read with the request itself (`GET /requests/{id}`).
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestSummary {
    /// The request's id.
    pub id: Uuid,
    /// `SR-<year>-<000001>`, gapless per year.
    pub number: String,
    /// The customer.
    pub customer_id: Uuid,
    /// The customer's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    /// The customer's contact who raised it.
    pub contact_id: Option<Uuid>,
    /// How it came in.
    pub channel: IntakeChannel,
    /// What kind of request it is.
    pub category: Category,
    /// Urgent, important or routine.
    pub priority: Priority,
    /// Short summary.
    pub title: String,
    /// Where the request stands.
    #[cfg_attr(feature = "openapi", schema(example = "assigned"))]
    pub status: Status,
    /// True when no contract covered it at intake: the work is charged.
    pub billable: bool,
    /// Fixed remotely (远程).
    pub remote: bool,
    /// The department it was routed to.
    pub department: Department,
    /// The person working on it.
    pub assignee_id: Option<Uuid>,
    /// The assignee's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee_name: Option<String>,
    /// Since when it waits on the customer (clocks stopped).
    pub paused_since: Option<DateTime<Utc>>,
    /// Its nearest unmet SLA target, as on [`ServiceRequest`].
    #[serde(default)]
    pub due: Option<DueClock>,
    /// Send back with every action.
    pub version: i32,
    /// When taken in.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// The nearest unmet SLA target of a request.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DueClock {
    /// Which target.
    pub target: SlaTarget,
    /// When it falls due.
    pub deadline: DateTime<Utc>,
    /// From when it is at risk (under a fifth of its span left).
    pub at_risk_from: DateTime<Utc>,
}

/// A person who could take a request, as the assign form offers them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assignee {
    /// The person's id, for the `assign` action's `assignee_id`.
    pub id: Uuid,
    /// Their name.
    pub display_name: String,
    /// Their open requests weighted urgent 3, important 2, routine 1.
    pub weighted_load: u64,
    /// Whether they have the skills the routing rule asks for.
    pub has_skills: bool,
    /// The one routing would pick now.
    pub suggested: bool,
}

/// One entry of a request's timeline (never rewritten).
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEvent {
    /// When.
    pub at: DateTime<Utc>,
    /// Who (none for the system).
    pub actor_id: Option<Uuid>,
    /// What happened: `created`, `assigned`, `call_back`, `resolve`, ...
    pub kind: String,
    /// The changed fields before.
    pub before: Option<serde_json::Value>,
    /// The changed fields after.
    pub after: Option<serde_json::Value>,
}

/// A service request with its SLA clocks and timeline.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceRequestDetail {
    /// The request.
    #[serde(flatten)]
    pub request: ServiceRequest,
    /// Its SLA targets, measured now.
    pub sla: Vec<SlaClock>,
    /// What happened to it, oldest first.
    pub timeline: Vec<TimelineEvent>,
    /// The display names of the staff the request and its timeline name by
    /// id (the assignee, who took it in, who acted, who was assigned); like
    /// the customer's name, not in the answer to intake.
    #[serde(default)]
    pub people: BTreeMap<Uuid, String>,
}

/// A request being taken in.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewRequest {
    /// The customer.
    pub customer_id: Uuid,
    /// A contact of that customer.
    pub contact_id: Option<Uuid>,
    /// How it came in.
    pub channel: IntakeChannel,
    /// What kind of request it is.
    pub category: Category,
    /// Software or hardware.
    pub product_kind: ProductKind,
    /// Maintenance or implementation.
    pub work_type: WorkType,
    /// Urgent, important or routine.
    pub priority: Priority,
    /// Short summary.
    #[validate(length(min = 1, max = 200))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = r"\S")
    )]
    pub title: String,
    /// What the customer reported.
    #[serde(default)]
    #[validate(length(max = 10000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 10000))]
    pub description: String,
}

/// Filters for the request list.
#[derive(Debug, Default, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct RequestFilter {
    /// Only this status.
    #[cfg_attr(feature = "openapi", param(example = "assigned"))]
    pub status: Option<Status>,
    /// Only this priority.
    pub priority: Option<Priority>,
    /// Only this department.
    pub department: Option<Department>,
    /// Only requests assigned to this person.
    pub assignee_id: Option<Uuid>,
    /// Only this customer's requests.
    pub customer_id: Option<Uuid>,
    /// Only requests whose clocks stand so: `breached` (any target breached),
    /// `at_risk` (none breached, one at risk), `running` (clocks running, none
    /// at risk or breached) or `met` (every target met).
    pub sla_status: Option<SlaStatus>,
    /// Only requests with a breached target (same as `sla_status=breached`).
    pub breached: Option<bool>,
    /// Only open requests (true: new, assigned, in progress, waiting on the
    /// customer, reopened) or only finished ones (false).
    pub open: Option<bool>,
    /// Only requests nobody is assigned to (true) or only assigned ones (false).
    pub unassigned: Option<bool>,
    /// Only this category (the monthly report's bars open these lists).
    pub category: Option<Category>,
    /// Only requests taken in at or after this instant (RFC 3339).
    pub created_from: Option<DateTime<Utc>>,
    /// Only requests taken in before this instant (RFC 3339; not
    /// included): with `created_from`, a month as the report counts it.
    pub created_before: Option<DateTime<Utc>>,
    /// Only requests fixed remotely (远程).
    pub remote: Option<bool>,
    /// Only billable (true) or covered (false) requests.
    pub billable: Option<bool>,
    /// Text search: a request number, whole (`SR-2026-000123`, `sr-2026-123`)
    /// or a tail of its digits (`0123`), or words of the title and
    /// description, in Chinese or English (all must be there; two Chinese
    /// characters such as `打印` are a word). Number matches come first,
    /// then the newest.
    pub q: Option<String>,
    /// Where the previous page ended: its `next_cursor`. The fast way
    /// through a list at any depth; not with `page`.
    pub cursor: Option<String>,
    /// Page-based pagination: 1-based page (reads every row before it:
    /// prefer `cursor` past the first pages).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1_000_000))]
    pub page: Option<u64>,
    /// Items per page, 1 to 200 (default 50).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u64>,
}

/// Paging of the caller's queue.
#[derive(Debug, Default, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct QueueQuery {
    /// Where the previous page ended: its `next_cursor`; not with `page`.
    pub cursor: Option<String>,
    /// 1-based page number (default 1).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1_000_000))]
    pub page: Option<u64>,
    /// Items per page, 1 to 200 (default 50).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u64>,
}

/// One page of requests, with where the next one starts.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestPage {
    /// The requests on this page.
    pub items: Vec<RequestSummary>,
    /// This page's number: `page` as asked, 1 for the first page, 0 for
    /// a page reached by `cursor` (its number is not known).
    pub page: u64,
    /// The page size used.
    pub limit: u64,
    /// How many requests match in all, counted up to 1,000: when more
    /// match, 1,000 and `total_exact` is false.
    pub total: u64,
    /// Whether `total` is the exact count.
    #[serde(default = "crate::page::exact")]
    pub total_exact: bool,
    /// Pass as `cursor` for the page after this one; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// One SLA target of a request, measured at the server's clock.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaClock {
    /// Which target.
    pub target: SlaTarget,
    /// The clock it is measured by.
    pub clock: ClockSpec,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it falls due (moved later by every wait on the customer).
    pub deadline: DateTime<Utc>,
    /// From when it counts as at risk (under a fifth of its span left).
    pub at_risk_from: DateTime<Utc>,
    /// When its milestone happened.
    pub met_at: Option<DateTime<Utc>>,
    /// Running, at risk (under 20% left), met or breached.
    pub status: SlaStatus,
    /// Seconds left until the deadline, in the clock's own time (business
    /// time for business-hour and working-day clocks); 0 once met or passed.
    pub time_left_seconds: i64,
}
