//! Return, executive and routine visits (SPEC section 6).

use chrono::{DateTime, FixedOffset, Utc};
use rapport_domain::visits::{Satisfaction, VisitChecklist};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// What kind of visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum VisitKind {
    /// After a request was resolved (scheduled by the resolution).
    Return,
    /// To an executive contact of a customer under an active contract (高层回访).
    Executive,
    /// The routine visit of the customer's tier cadence.
    Routine,
}

impl VisitKind {
    /// Every value, so the database can be told exactly which codes it may hold.
    pub const ALL: [VisitKind; 3] = [VisitKind::Return, VisitKind::Executive, VisitKind::Routine];
}

/// Where a visit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum VisitStatus {
    /// To be made.
    Due,
    /// Made and recorded.
    Done,
    /// No longer needed (the request was closed or cancelled without it).
    Cancelled,
}

impl VisitStatus {
    /// Every value, so the database can be told exactly which codes it may hold.
    pub const ALL: [VisitStatus; 3] = [VisitStatus::Due, VisitStatus::Done, VisitStatus::Cancelled];
}

/// A visit as the API shows it.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Visit {
    /// The visit's id.
    pub id: Uuid,
    /// Return, executive or routine.
    pub kind: VisitKind,
    /// The customer visited.
    pub customer_id: Uuid,
    /// The customer's name, read with the list (not stored here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    /// The request a return visit follows up.
    pub request_id: Option<Uuid>,
    /// The contact spoken to.
    pub contact_id: Option<Uuid>,
    /// Due, done or cancelled.
    pub status: VisitStatus,
    /// When it is due.
    pub due_at: DateTime<Utc>,
    /// Due and past its time.
    pub overdue: bool,
    /// When it was made.
    pub visited_at: Option<DateTime<Utc>>,
    /// Who made it.
    pub visited_by: Option<Uuid>,
    /// 1 (worst) to 5 (best).
    pub satisfaction: Option<u8>,
    /// What the customer suggested.
    pub suggestions: Option<String>,
    /// The six checklist answers.
    pub checklist: Option<VisitChecklist>,
    /// Send back when recording.
    pub version: i32,
    /// When scheduled.
    pub created_at: DateTime<Utc>,
}

/// Filters for the visit list.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct VisitFilter {
    /// Only this status (`due` gives the due list).
    pub status: Option<VisitStatus>,
    /// Only this kind.
    pub kind: Option<VisitKind>,
    /// Only this customer's visits.
    pub customer_id: Option<Uuid>,
    /// Only this request's visits.
    pub request_id: Option<Uuid>,
    /// Only visits due and past their time.
    pub overdue: Option<bool>,
    /// Where the previous page ended: its `next_cursor`, with the same
    /// filters. The fast way through the list at any depth; not with `page`.
    pub cursor: Option<String>,
}

/// An executive or routine visit to schedule.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewVisit {
    /// `executive` or `routine` (return visits come from resolutions).
    pub kind: VisitKind,
    /// The customer to visit.
    pub customer_id: Uuid,
    /// The contact to see; required for an executive visit (an executive contact).
    pub contact_id: Option<Uuid>,
    /// When it is due.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub due_at: DateTime<FixedOffset>,
}

/// What the customer said at a visit.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VisitRecord {
    /// The version read.
    pub version: i32,
    /// The contact spoken to (a contact of the customer).
    pub contact_id: Option<Uuid>,
    /// 1 (worst) to 5 (best): 4–5 closes a return visit's request, 1–3 reopens it.
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 5))]
    pub satisfaction: Satisfaction,
    /// What the customer suggested (sent on when dissatisfied; at most 9,900
    /// characters, which leaves room for the score in the request's reason).
    #[serde(default)]
    #[validate(length(max = 9900))]
    #[cfg_attr(feature = "openapi", schema(max_length = 9900))]
    pub suggestions: String,
    /// The six checklist answers: `appointment_made`, `fault_explained`,
    /// `fees_explained`, `contact_left`, `asked_other_problems`, `database_backup_checked`.
    pub checklist: VisitChecklist,
}
