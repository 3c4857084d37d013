//! Maintenance packages and their rates.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

/// A maintenance package as the API shows it.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Package {
    /// Stable code, e.g. `STANDARD`.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Annual fee in basis points of the covered value (1200 = 12%).
    pub rate_bp: i32,
    /// Inactive packages are not quoted or sold.
    pub active: bool,
    /// Send back on update.
    pub version: i32,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// A package to create (no `version`) or change (with the `version` read).
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PackageChanges {
    /// The version read; required to change an existing package, absent to create one.
    pub version: Option<i32>,
    /// Display name (required to create).
    #[validate(length(min = 1, max = 100))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 100, pattern = r"\S")
    )]
    pub name: Option<String>,
    /// Annual rate in basis points, 0 to 100000 (required to create).
    #[validate(range(max = 100_000))]
    #[cfg_attr(feature = "openapi", schema(maximum = 100_000))]
    pub rate_bp: Option<u32>,
    /// Whether the package is quoted and sold (default true on create).
    pub active: Option<bool>,
}
