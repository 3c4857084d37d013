//! The SLA policy and the deadline preview.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use rapport_domain::sla::{ClockKind, ClockSpec, PauseSpec, SlaPolicy, SlaTarget};
use serde::{Deserialize, Serialize};
use validator::Validate;

/// The SLA policy as the API shows it.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Policy {
    /// Send back on update; 0 while the default policy was never changed.
    pub version: i32,
    /// One clock per target, keyed by target.
    #[cfg_attr(feature = "openapi", schema(example = json!({"response_urgent": {"kind": "hours", "amount": 24}, "call_back": {"kind": "business_hours", "amount": 4}})))]
    pub policy: SlaPolicy,
}

/// Clocks to change, keyed by target; targets left out keep their clocks.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PolicyChanges {
    /// The version read (0 or absent while the policy was never changed).
    pub version: Option<i32>,
    /// Target → `{"kind": "hours" | "business_hours" | "working_days" | "days", "amount": 1..=3650}`.
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<SlaTarget, ClockSpec>, example = json!({"response_routine": {"kind": "working_days", "amount": 4}})))]
    pub policy: BTreeMap<SlaTarget, ClockSpec>,
}

/// A deadline to compute.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = SlaPreviewRequest))]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    /// When the clock starts (RFC 3339 with offset).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime, example = "2025-03-03T10:00:00+08:00"))]
    pub start: DateTime<FixedOffset>,
    /// `hours`, `business_hours`, `working_days` or `days`.
    #[cfg_attr(feature = "openapi", schema(example = "working_days"))]
    pub clock: ClockKind,
    /// How many hours or days, 1 to 3650.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 3650, example = 5))]
    pub amount: u32,
    /// Stretches during which the clock stood still, `{"from", "to"}` (RFC 3339).
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", schema(max_items = 100, example = json!([{"from": "2025-03-04T10:00:00+08:00", "to": "2025-03-05T10:00:00+08:00"}])))]
    pub paused: Vec<PauseSpec>,
    /// A named calendar to run on instead of the organisation's.
    pub calendar: Option<String>,
}

/// When the clock falls due.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = SlaPreviewResponse))]
pub struct PreviewResponse {
    /// The deadline, in the calendar's time zone.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime, example = "2025-03-10T18:00:00+08:00"))]
    pub deadline: DateTime<FixedOffset>,
}
