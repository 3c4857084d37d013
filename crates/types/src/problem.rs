//! The problem+json body (RFC 9457) of every error response.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Field name → what is wrong with it, in plain words.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// The problem+json body (RFC 9457) every error response carries.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong this time.
    pub detail: String,
    /// Stable snake_case code for programs.
    pub code: String,
    /// Field → messages, for validation problems.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub errors: FieldErrors,
}
