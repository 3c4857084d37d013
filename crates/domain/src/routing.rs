//! Where a service request goes and who takes it (SPEC section 4, seeds 000 and 003).
//!
//! An ordered list of rules names the department (first match wins); within
//! the department the active member with the required skills and the least
//! weighted open load takes the request. The same state always yields the
//! same person, whatever order the candidates are listed in.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::customer::Tier;
use crate::org::Department;
use crate::request::{Category, Priority, ProductKind};

/// What routing knows about a new request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestFacts {
    /// What the customer asks for.
    pub category: Category,
    /// Software or hardware.
    pub product_kind: ProductKind,
    /// The customer's tier.
    pub tier: Tier,
    /// How urgent the request is.
    pub priority: Priority,
    /// The request's title, searched for keywords.
    pub title: String,
}

/// One routing rule: conditions on the request, and where a matching request goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoutingRule {
    /// Name shown to admins and in the assignment reason.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 100, pattern = r"\S")
    )]
    pub name: String,
    /// Only requests of this category, if set.
    #[serde(default)]
    pub category: Option<Category>,
    /// Only requests about this product kind, if set.
    #[serde(default)]
    pub product_kind: Option<ProductKind>,
    /// Only customers of this tier, if set.
    #[serde(default)]
    pub tier: Option<Tier>,
    /// Only requests of this priority, if set.
    #[serde(default)]
    pub priority: Option<Priority>,
    /// If any are given, the title must contain at least one (ignoring case).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = keywords_schema))]
    pub title_keywords: Vec<String>,
    /// The department a matching request goes to.
    pub department: Department,
    /// Skills the assignee must have, all of them.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = skills_schema))]
    pub required_skills: Vec<String>,
}

/// What the server allows in a rule's keywords and skills, as a schema: at
/// most 20 entries of 1 to 50 characters, not blank.
#[cfg(feature = "openapi")]
fn words_schema(description: &str) -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
    let word = ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(50))
        .pattern(Some(r"\S"));
    ArrayBuilder::new()
        .items(word)
        .max_items(Some(20))
        .description(Some(description))
        .build()
}

#[cfg(feature = "openapi")]
fn keywords_schema() -> utoipa::openapi::schema::Array {
    words_schema("If any are given, the title must contain at least one (ignoring case).")
}

#[cfg(feature = "openapi")]
fn skills_schema() -> utoipa::openapi::schema::Array {
    words_schema("Skills the assignee must have, all of them.")
}

impl RoutingRule {
    /// Whether a request with these facts meets every condition of the rule.
    pub fn matches(&self, facts: &RequestFacts) -> bool {
        condition_holds(self.category, facts.category)
            && condition_holds(self.product_kind, facts.product_kind)
            && condition_holds(self.tier, facts.tier)
            && condition_holds(self.priority, facts.priority)
            && self.title_has_a_keyword(&facts.title)
    }

    /// Whether the title contains one of the keywords; true when there are none.
    fn title_has_a_keyword(&self, title: &str) -> bool {
        if self.title_keywords.is_empty() {
            return true;
        }
        // Lower-casing leaves Chinese unchanged, so one comparison serves both scripts.
        let title = title.to_lowercase();
        self.title_keywords
            .iter()
            .any(|keyword| title.contains(&keyword.trim().to_lowercase()))
    }
}

/// An unset condition matches anything; a set one must equal the fact.
fn condition_holds<T: PartialEq>(condition: Option<T>, fact: T) -> bool {
    condition.is_none_or(|wanted| wanted == fact)
}

/// The rule that routed a request and the department it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteMatch {
    /// Position of the matched rule in the list, from 0.
    pub rule_index: usize,
    /// Name of the matched rule.
    pub rule_name: String,
    /// The department the request goes to.
    pub department: Department,
    /// Skills the assignee must have.
    pub required_skills: BTreeSet<String>,
}

/// Routes a request by the first rule it matches; `None` when no rule matches.
pub fn route(rules: &[RoutingRule], facts: &RequestFacts) -> Option<RouteMatch> {
    rules
        .iter()
        .enumerate()
        .find(|(_, rule)| rule.matches(facts))
        .map(|(rule_index, rule)| RouteMatch {
            rule_index,
            rule_name: rule.name.clone(),
            department: rule.department,
            required_skills: rule.required_skills.iter().cloned().collect(),
        })
}

/// The rules a new organisation starts with (SPEC section 4); every request matches one.
///
/// Consultation (咨询) goes to sales, complaint (投诉) to the service desk; every
/// other category (fault, service, feature) goes to the software (软件) or
/// hardware (硬件) technicians by product kind. The two category rules come
/// first so that the product-kind rules only see the technical categories.
pub fn default_rules() -> Vec<RoutingRule> {
    let rule = |name: &str,
                category: Option<Category>,
                product_kind: Option<ProductKind>,
                department: Department| RoutingRule {
        name: name.to_owned(),
        category,
        product_kind,
        tier: None,
        priority: None,
        title_keywords: Vec::new(),
        department,
        required_skills: Vec::new(),
    };
    vec![
        rule(
            "咨询 → 销售",
            Some(Category::Consultation),
            None,
            Department::Sales,
        ),
        rule(
            "投诉 → 客服",
            Some(Category::Complaint),
            None,
            Department::Service,
        ),
        rule(
            "软件 → 软件技术",
            None,
            Some(ProductKind::Software),
            Department::TechnicalSoftware,
        ),
        rule(
            "硬件 → 硬件技术",
            None,
            Some(ProductKind::Hardware),
            Department::TechnicalHardware,
        ),
    ]
}

/// How heavily one open request of this priority weighs (urgent 3, important 2, routine 1).
pub fn load_weight(priority: Priority) -> u32 {
    match priority {
        Priority::Urgent => 3,
        Priority::Important => 2,
        Priority::Routine => 1,
    }
}

/// A person's open requests, counted by priority.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenLoad {
    /// Open urgent requests.
    pub urgent: u32,
    /// Open important requests.
    pub important: u32,
    /// Open routine requests.
    pub routine: u32,
}

impl OpenLoad {
    /// Counts one more open request of this priority.
    pub fn add(&mut self, priority: Priority) {
        self.add_many(priority, 1);
    }

    /// Counts `count` more open requests of this priority.
    pub fn add_many(&mut self, priority: Priority, count: u32) {
        let slot = match priority {
            Priority::Urgent => &mut self.urgent,
            Priority::Important => &mut self.important,
            Priority::Routine => &mut self.routine,
        };
        *slot = slot.saturating_add(count);
    }

    /// The load weighted by priority; the person with the least takes the next request.
    pub fn weighted(&self) -> u64 {
        // u32 counts times small weights cannot overflow u64.
        [
            (self.urgent, Priority::Urgent),
            (self.important, Priority::Important),
            (self.routine, Priority::Routine),
        ]
        .into_iter()
        .map(|(count, priority)| u64::from(count) * u64::from(load_weight(priority)))
        .sum()
    }
}

/// A person who might take a request, with what routing needs to know about them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate<Id> {
    /// The person's id.
    pub id: Id,
    /// Whether the person can take work now.
    pub active: bool,
    /// The person's department.
    pub department: Department,
    /// The person's skills.
    pub skills: BTreeSet<String>,
    /// The person's open requests.
    pub open_load: OpenLoad,
    /// When the person was last assigned a request; `None` if never.
    pub last_assigned_at: Option<DateTime<Utc>>,
}

/// Which rule decided between the eligible people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DecidedBy {
    /// Only one person was eligible.
    OnlyCandidate,
    /// The chosen person had the least weighted open load.
    LeastLoad,
    /// Loads tied; the chosen person was assigned longest ago (or never).
    LongestSinceLastAssignment,
    /// Loads and last assignments tied; the smallest id was taken so the choice is stable.
    LowestId,
}

/// Why the chosen person was picked, for showing beside the assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentReason {
    /// The chosen person's open requests.
    pub load: OpenLoad,
    /// The chosen person's weighted open load.
    pub weighted_load: u64,
    /// When the chosen person was last assigned before this; `None` if never.
    pub last_assigned_at: Option<DateTime<Utc>>,
    /// How many people were active, in the department and had the skills.
    pub eligible_count: usize,
    /// Which rule decided between them.
    pub decided_by: DecidedBy,
}

/// The person chosen to take a request, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment<Id> {
    /// The chosen person's id.
    pub assignee: Id,
    /// Why that person.
    pub reason: AssignmentReason,
}

/// Picks who in `department` takes a request: least weighted load, then assigned
/// longest ago, then smallest id; `None` when nobody active has the skills.
///
/// Ids are expected to be distinct people; then the pick is the same for any
/// order of `candidates`.
pub fn choose_assignee<Id: Ord + Clone>(
    candidates: &[Candidate<Id>],
    department: Department,
    required_skills: &BTreeSet<String>,
) -> Option<Assignment<Id>> {
    let mut eligible: Vec<&Candidate<Id>> = candidates
        .iter()
        .filter(|c| c.active && c.department == department && required_skills.is_subset(&c.skills))
        .collect();
    // A total order over the whole key makes the pick independent of input order;
    // `None` sorts before any time, so never-assigned people count as longest ago.
    eligible.sort_by(|a, b| {
        (a.open_load.weighted(), a.last_assigned_at, &a.id).cmp(&(
            b.open_load.weighted(),
            b.last_assigned_at,
            &b.id,
        ))
    });
    let mut ranked = eligible.iter();
    let chosen = ranked.next()?;
    let decided_by = match ranked.next() {
        None => DecidedBy::OnlyCandidate,
        Some(runner_up) if runner_up.open_load.weighted() != chosen.open_load.weighted() => {
            DecidedBy::LeastLoad
        }
        Some(runner_up) if runner_up.last_assigned_at != chosen.last_assigned_at => {
            DecidedBy::LongestSinceLastAssignment
        }
        Some(_) => DecidedBy::LowestId,
    };
    Some(Assignment {
        assignee: chosen.id.clone(),
        reason: AssignmentReason {
            load: chosen.open_load,
            weighted_load: chosen.open_load.weighted(),
            last_assigned_at: chosen.last_assigned_at,
            eligible_count: eligible.len(),
            decided_by,
        },
    })
}

#[cfg(test)]
mod tests;
