//! Routing rules and the routing preview.

use std::collections::BTreeSet;

use rapport_domain::org::Department;
use rapport_domain::request::{Category, Priority, ProductKind};
use rapport_domain::routing::{DecidedBy, OpenLoad, RoutingRule};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// Why a request went to its department and person.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoutingReason {
    /// The rule that matched; none when no rule matched and the service desk takes it.
    pub rule: Option<String>,
    /// The department the request went to.
    pub department: Department,
    /// Skills the assignee needed (from the rule).
    #[serde(default)]
    pub required_skills: BTreeSet<String>,
    /// How the person was chosen; none when nobody was available.
    pub decided_by: Option<DecidedBy>,
    /// The chosen person's open requests by priority when chosen.
    pub load: Option<OpenLoad>,
    /// That load weighted urgent 3, important 2, routine 1.
    pub weighted_load: Option<u64>,
    /// How many active people of the department had the skills.
    pub eligible_count: usize,
}

/// The routing rules as the API shows them.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleList {
    /// Send back on update; 0 while the defaults were never changed.
    pub version: i32,
    /// The rules, first match wins.
    #[cfg_attr(feature = "openapi", schema(example = json!([{"name": "软件 → 软件技术", "product_kind": "software", "department": "technical_software"}])))]
    pub rules: Vec<RoutingRule>,
}

/// A new rule list replacing the old one.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RuleChanges {
    /// The version read (0 or absent while the defaults were never changed).
    pub version: Option<i32>,
    /// The rules, first match wins: `{name, category?, product_kind?, tier?,
    /// priority?, title_keywords?, department, required_skills?}`.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub rules: Vec<RoutingRule>,
}

/// A request to route without taking it in.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = RoutingPreviewRequest))]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    /// The customer (its tier and contracts count).
    pub customer_id: Uuid,
    /// What kind of request it is.
    pub category: Category,
    /// Software or hardware.
    pub product_kind: ProductKind,
    /// Urgent, important or routine.
    pub priority: Priority,
    /// The title, searched for the rules' keywords.
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub title: String,
    /// Rules to route by instead of those in force, checked as a change
    /// would be: an administrator tries a change before saving it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub rules: Option<Vec<RoutingRule>>,
}

/// Where the request would go.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = RoutingPreviewResponse))]
pub struct PreviewResponse {
    /// The person who would take it now.
    pub assignee_id: Option<Uuid>,
    /// Why that department and person.
    pub routing: RoutingReason,
    /// Whether the work would be charged (no contract in force covers it).
    pub billable: bool,
    /// The contract in force that would cover it.
    pub contract_id: Option<Uuid>,
}
