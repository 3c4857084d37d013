//! The customer registry (SPEC section 2).

use chrono::{DateTime, NaiveDate, Utc};
pub use rapport_domain::customer::Verification;
use rapport_domain::customer::{Channel, Stage, Tier};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// A customer as the API shows it.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Customer {
    /// The customer's id.
    pub id: Uuid,
    /// Company (or person) name.
    pub name: String,
    /// Industry.
    pub industry: String,
    /// Address.
    pub address: String,
    /// Relationship stage.
    pub stage: Stage,
    /// Tier, which sets the routine-visit cadence.
    pub tier: Tier,
    /// The owning account manager.
    pub account_manager_id: Option<Uuid>,
    /// How the customer prefers to be reached.
    pub preferred_channel: Channel,
    /// Review status.
    pub verification: Verification,
    /// Why the registration was rejected.
    pub rejection_reason: Option<String>,
    /// Who registered the customer.
    pub registered_by: Uuid,
    /// Who reviewed the registration.
    pub reviewed_by: Option<Uuid>,
    /// When it was reviewed.
    pub reviewed_at: Option<DateTime<Utc>>,
    /// The last routine visit.
    pub last_routine_visit_on: Option<NaiveDate>,
    /// When the next routine visit is due (tier cadence from the last visit, or registration).
    pub next_routine_visit_on: NaiveDate,
    /// Set when archived (never deleted).
    pub archived_at: Option<DateTime<Utc>>,
    /// Send back on update.
    pub version: i32,
    /// When registered.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// A new customer; it starts `pending_review`.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewCustomer {
    /// Company (or person) name.
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::checks::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = r"\S")
    )]
    pub name: String,
    /// Industry.
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub industry: String,
    /// Address.
    #[serde(default)]
    #[validate(length(max = 300))]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub address: String,
    /// Relationship stage.
    pub stage: Stage,
    /// Tier.
    pub tier: Tier,
    /// The owning account manager (an active user with that role).
    pub account_manager_id: Option<Uuid>,
    /// How the customer prefers to be reached.
    pub preferred_channel: Channel,
}

/// Changes to a customer; absent fields stay as they are.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CustomerChanges {
    /// The version the client read.
    pub version: i32,
    /// New name.
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::checks::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = r"\S")
    )]
    pub name: Option<String>,
    /// New industry.
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub industry: Option<String>,
    /// New address.
    #[validate(length(max = 300))]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub address: Option<String>,
    /// New stage.
    pub stage: Option<Stage>,
    /// New tier.
    pub tier: Option<Tier>,
    /// New account manager.
    pub account_manager_id: Option<Uuid>,
    /// New preferred channel.
    pub preferred_channel: Option<Channel>,
    /// Record a routine visit made on this date.
    pub last_routine_visit_on: Option<NaiveDate>,
}

/// A reviewer's decision on a registration.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// The version the reviewer read.
    pub version: i32,
    /// `verified` or `rejected`.
    pub decision: ReviewDecision,
    /// Required when rejecting.
    #[validate(
        length(min = 1, max = 1000),
        custom(function = "crate::checks::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 1000, pattern = r"\S")
    )]
    pub reason: Option<String>,
}

/// What the reviewer decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    /// The information checks out.
    Verified,
    /// It does not; a reason is required.
    Rejected,
}

/// The version being archived.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VersionOnly {
    /// The version the client read.
    pub version: i32,
}

/// Filters for the customer list.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct CustomerFilter {
    /// Only this stage.
    pub stage: Option<Stage>,
    /// Only this tier.
    pub tier: Option<Tier>,
    /// Only customers of this account manager.
    pub account_manager_id: Option<Uuid>,
    /// Only this review status.
    pub verification: Option<Verification>,
    /// Words searched in name, industry and address (Latin words whole,
    /// ignoring case; Chinese by each pair of neighbouring characters); 4 to 11
    /// digits also find the customers with a live contact whose phone ends
    /// in them.
    pub q: Option<String>,
    /// Include archived customers (default false).
    pub include_archived: Option<bool>,
    /// `name` (default) or `-created_at` (newest first).
    #[cfg_attr(feature = "openapi", param(pattern = "^(name|-created_at)$"))]
    pub sort: Option<String>,
    /// Where the previous page ended: its `next_cursor`, with the same
    /// `sort`. The fast way through the list at any depth; not with `page`.
    pub cursor: Option<String>,
}

/// The day the routine-visit list is for.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct DueQuery {
    /// Defaults to today in the organisation's time zone.
    pub on: Option<NaiveDate>,
    /// Only customers of this account manager.
    pub account_manager_id: Option<Uuid>,
}
