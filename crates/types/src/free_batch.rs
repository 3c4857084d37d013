//! The monthly batch of free first-year contracts.

use chrono::{DateTime, Utc};
use rapport_domain::warranty::BatchMonth;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// Which month to run.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FreeBatchRun {
    /// `YYYY-MM`: takes orders dated from the 25th of the month before up to (not including) the 25th of this one.
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$", example = "2025-03"))]
    pub month: BatchMonth,
}

/// What a run did.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FreeBatchOutcome {
    /// The month.
    pub month: String,
    /// True when this month had already run: nothing was created now.
    pub already_run: bool,
    /// Contracts created by this call.
    pub contracts_created: u32,
    /// Order lines covered by this call.
    pub lines_covered: u32,
    /// The contracts created by this call.
    pub contract_ids: Vec<Uuid>,
    /// When the month's batch ran (the first time).
    pub ran_at: DateTime<Utc>,
}
