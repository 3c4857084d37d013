//! The scheduler's jobs as administrators see them (`GET /jobs`).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A scheduled job (SPEC section 11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum JobName {
    /// SLA targets turning at risk, then breached.
    SlaClocks,
    /// Complaints whose promised handling time passed.
    ComplaintPromises,
    /// Contracts and free years ending within 30 days; contracts ending (→ `expired`).
    ContractsEnding,
    /// Return, routine and executive visits falling due.
    VisitsDue,
    /// Contacts' birthdays and configured holidays within 7 days.
    Care,
    /// Registrations waiting for review.
    RegistrationsWaiting,
    /// Expired idempotency keys and year-old announcements deleted.
    Purge,
}

impl JobName {
    /// Every job, in the order they run on a tick.
    pub const ALL: [JobName; 7] = [
        JobName::SlaClocks,
        JobName::ComplaintPromises,
        JobName::ContractsEnding,
        JobName::VisitsDue,
        JobName::Care,
        JobName::RegistrationsWaiting,
        JobName::Purge,
    ];

    /// The job's name as stored and in paths.
    pub fn code(self) -> &'static str {
        match self {
            JobName::SlaClocks => "sla_clocks",
            JobName::ComplaintPromises => "complaint_promises",
            JobName::ContractsEnding => "contracts_ending",
            JobName::VisitsDue => "visits_due",
            JobName::Care => "care",
            JobName::RegistrationsWaiting => "registrations_waiting",
            JobName::Purge => "purge",
        }
    }
}

/// A job: how often it runs and what its last run did.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobStatus {
    /// Which job.
    pub name: JobName,
    /// How often it runs, in seconds.
    pub every_seconds: i64,
    /// The instance running it now, if one is.
    pub running_on: Option<String>,
    /// When its last run began.
    pub last_started_at: Option<DateTime<Utc>>,
    /// When its last run ended.
    pub last_finished_at: Option<DateTime<Utc>>,
    /// How long its last run took, in milliseconds.
    pub last_duration_ms: Option<i64>,
    /// What its last successful run did: how many of each thing it
    /// announced or changed (e.g. `at_risk`, `breached`, `expired`).
    pub last_outcome: BTreeMap<String, u64>,
    /// Why its last failed run failed.
    pub last_error: Option<String>,
    /// When that was.
    pub last_error_at: Option<DateTime<Utc>>,
    /// How many runs it made.
    pub runs: i64,
    /// How many of them failed.
    pub failures: i64,
}
