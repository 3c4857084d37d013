//! The monthly report (SPEC section 8, seed 003 "每月维护工作相关统计报表"):
//! a month's requests, SLA outcomes, call-backs, satisfaction, complaints
//! and contracts, beside the month before.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rapport_domain::org::Department;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Which month, whose work, and in which format.
#[derive(Debug, PartialEq, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct MonthlyReportQuery {
    /// The month, `YYYY-MM`, in the organisation's time zone.
    #[cfg_attr(feature = "openapi", param(required = true, example = "2026-11"))]
    pub month: Option<String>,
    /// Only requests routed to this department (`technical_software`, …);
    /// complaints by their responsible department; contracts by their
    /// technician's department.
    pub department: Option<String>,
    /// Only this technician's requests (the assignee), the complaints
    /// about them and the contracts they maintain.
    pub technician: Option<String>,
    /// `json` (the default) or `csv`; `Accept: text/csv` also asks for CSV.
    pub format: Option<String>,
}

/// The report: the month asked for and the month before.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthlyReport {
    /// The month asked for, `YYYY-MM`.
    pub month: String,
    /// The zone the months are counted in, e.g. `Asia/Shanghai`.
    pub time_zone: String,
    /// The department filter, if any.
    pub department: Option<Department>,
    /// The technician filter, if any.
    pub technician: Option<ReportTechnician>,
    /// When the figures were read (open SLA targets are judged at this instant).
    pub generated_at: DateTime<Utc>,
    /// The month asked for.
    pub current: MonthFigures,
    /// The month before, for comparison.
    pub previous: MonthFigures,
}

/// A technician as the report names them.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportTechnician {
    /// The user's id.
    pub id: Uuid,
    /// Their display name.
    pub name: String,
}

/// One month's figures.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthFigures {
    /// `YYYY-MM`.
    pub month: String,
    /// The month's first instant (midnight of its first day in the zone).
    pub from: DateTime<Utc>,
    /// The next month's first instant (excluded).
    pub to: DateTime<Utc>,
    /// Requests taken in, resolved and closed during the month.
    pub requests: RequestFigures,
    /// How each SLA target of the month's new requests fared, by target code.
    pub sla: BTreeMap<String, SlaOutcomes>,
    /// How long technicians took to call back the month's new requests.
    pub call_back: CallBackFigures,
    /// Return visits made and surveys answered during the month.
    pub satisfaction: SatisfactionFigures,
    /// Complaints received, resolved and overdue during the month.
    pub complaints: ComplaintFigures,
    /// Contracts signed, renewed, expiring, invoiced and paid during the month.
    pub contracts: ContractFigures,
}

/// Requests opened, resolved and closed during a month.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestFigures {
    /// Taken in during the month.
    pub opened: Breakdown,
    /// Resolved during the month (their latest resolution).
    pub resolved: Breakdown,
    /// Closed during the month (after a satisfied return visit).
    pub closed: Breakdown,
}

/// A number of requests, and the same split three ways.
#[derive(Debug, PartialEq, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Breakdown {
    /// How many.
    pub total: u64,
    /// By category code; every category appears, 0 included.
    pub by_category: BTreeMap<String, u64>,
    /// By priority code; every priority appears, 0 included.
    pub by_priority: BTreeMap<String, u64>,
    /// By assigned technician, most first; unassigned requests have no id.
    pub by_technician: Vec<TechnicianCount>,
}

/// Requests of one technician.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TechnicianCount {
    /// The assignee; null for requests nobody is assigned to.
    pub technician_id: Option<Uuid>,
    /// Their display name; null when unassigned.
    pub name: Option<String>,
    /// How many.
    pub count: u64,
}

/// How one SLA target fared for the month's new requests, judged at the
/// report's `generated_at`.
#[derive(Debug, PartialEq, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaOutcomes {
    /// Met by the deadline.
    pub met_in_time: u64,
    /// Met after the deadline.
    pub met_late: u64,
    /// Not met, and the deadline has passed.
    pub breached: u64,
    /// Not met, deadline still ahead.
    pub running: u64,
    /// `met_in_time` over the targets whose outcome is known (all but
    /// `running`); null when none is.
    pub compliance: Option<f64>,
}

/// Call-back times of the month's new requests, in wall-clock minutes from
/// assignment (when the call-back clock starts) to the call.
#[derive(Debug, PartialEq, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallBackFigures {
    /// Requests called back.
    pub called_back: u64,
    /// The mean, in minutes; null when none.
    pub average_minutes: Option<f64>,
    /// The median, in minutes; null when none.
    pub median_minutes: Option<f64>,
}

/// Satisfaction given during the month.
#[derive(Debug, PartialEq, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SatisfactionFigures {
    /// Visits (return, executive, routine) done with a score.
    pub visits: u64,
    /// Their mean score (1–5); null when none.
    pub average: Option<f64>,
    /// How many visits gave each score, `"1"` to `"5"`.
    pub distribution: BTreeMap<String, u64>,
    /// Public surveys answered.
    pub surveys: u64,
    /// Their mean resolution score; null when none.
    pub survey_resolution: Option<f64>,
    /// Their mean response-speed score; null when none.
    pub survey_speed: Option<f64>,
    /// Their mean attitude score; null when none.
    pub survey_attitude: Option<f64>,
}

/// Complaints during the month.
#[derive(Debug, PartialEq, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplaintFigures {
    /// Received.
    pub opened: u64,
    /// Resolved.
    pub resolved: u64,
    /// Whose promised handling time fell in the month (and has passed) and
    /// that were not resolved by it.
    pub overdue: u64,
}

/// Contracts during the month.
#[derive(Debug, PartialEq, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractFigures {
    /// Signed (new contracts and renewals).
    pub signed: Tally,
    /// Of those signed, the renewals of a previous contract.
    pub renewed: Tally,
    /// Not cancelled, whose period ends in the month (free periods included).
    pub expiring: Tally,
    /// Invoices sent in the month.
    pub invoiced: Tally,
    /// Payments received in the month.
    pub paid: Tally,
}

/// A number of contracts and their annual fees.
#[derive(Debug, PartialEq, Clone, Copy, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    /// How many.
    pub count: u64,
    /// Their fees summed, in fen.
    pub fee_cents: i64,
}
