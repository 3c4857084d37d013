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
mod tests {
    use super::*;
    use proptest::prelude::*;

    const CATEGORIES: [Category; 5] = [
        Category::Fault,
        Category::Service,
        Category::Feature,
        Category::Consultation,
        Category::Complaint,
    ];
    const PRODUCT_KINDS: [ProductKind; 2] = [ProductKind::Software, ProductKind::Hardware];
    const TIERS: [Tier; 3] = [Tier::Core, Tier::Potential, Tier::Ordinary];
    const PRIORITIES: [Priority; 3] = [Priority::Urgent, Priority::Important, Priority::Routine];

    fn facts(
        category: Category,
        product_kind: ProductKind,
        tier: Tier,
        title: &str,
    ) -> RequestFacts {
        RequestFacts {
            category,
            product_kind,
            tier,
            priority: Priority::Routine,
            title: title.to_owned(),
        }
    }

    fn keyword_rule(name: &str, keywords: &[&str], department: Department) -> RoutingRule {
        RoutingRule {
            name: name.to_owned(),
            category: None,
            product_kind: None,
            tier: None,
            priority: None,
            title_keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
            department,
            required_skills: Vec::new(),
        }
    }

    fn core_fault_rule() -> RoutingRule {
        RoutingRule {
            name: "核心客户故障".to_owned(),
            category: Some(Category::Fault),
            tier: Some(Tier::Core),
            required_skills: vec!["senior".to_owned()],
            ..keyword_rule("", &[], Department::TechnicalSoftware)
        }
    }

    /// Custom rules placed before the defaults, as an admin would.
    fn custom_then_default_rules() -> Vec<RoutingRule> {
        let mut rules = vec![
            core_fault_rule(),
            keyword_rule(
                "数据库",
                &["数据库", "Oracle", " MySQL "],
                Department::TechnicalSoftware,
            ),
            RoutingRule {
                priority: Some(Priority::Urgent),
                category: Some(Category::Complaint),
                ..keyword_rule("urgent complaint", &[], Department::Management)
            },
        ];
        rules.extend(default_rules());
        rules
    }

    #[test]
    fn rules_match_in_order_and_the_first_match_wins() {
        use Category::*;
        use ProductKind::*;
        use Tier::*;
        // (facts, priority, expected rule index, expected department)
        let cases = [
            // Tier-specific rule placed before the defaults takes core customers' faults…
            (
                facts(Fault, Hardware, Core, "UPS 断电"),
                Priority::Routine,
                0,
                Department::TechnicalSoftware,
            ),
            // …but not an ordinary customer's, which falls through to the hardware default.
            (
                facts(Fault, Hardware, Ordinary, "UPS 断电"),
                Priority::Routine,
                6,
                Department::TechnicalHardware,
            ),
            // Chinese keyword in the title.
            (
                facts(Service, Hardware, Ordinary, "数据库服务器迁移"),
                Priority::Routine,
                1,
                Department::TechnicalSoftware,
            ),
            // Latin keyword, different case.
            (
                facts(Consultation, Software, Potential, "ORACLE licence question"),
                Priority::Routine,
                1,
                Department::TechnicalSoftware,
            ),
            // Keyword given with spaces around it.
            (
                facts(Feature, Hardware, Potential, "mysql 报表"),
                Priority::Routine,
                1,
                Department::TechnicalSoftware,
            ),
            // No keyword: the consultation default.
            (
                facts(Consultation, Software, Potential, "价格咨询"),
                Priority::Routine,
                3,
                Department::Sales,
            ),
            // Both the core-fault and the keyword rule match: the first wins.
            (
                facts(Fault, Software, Core, "数据库宕机"),
                Priority::Routine,
                0,
                Department::TechnicalSoftware,
            ),
            // Priority-specific rule.
            (
                facts(Complaint, Software, Ordinary, "响应太慢"),
                Priority::Urgent,
                2,
                Department::Management,
            ),
            (
                facts(Complaint, Software, Ordinary, "响应太慢"),
                Priority::Important,
                4,
                Department::Service,
            ),
        ];
        let rules = custom_then_default_rules();
        for (mut facts, priority, index, department) in cases {
            facts.priority = priority;
            let matched = route(&rules, &facts).unwrap();
            assert_eq!(
                (matched.rule_index, matched.department),
                (index, department),
                "{facts:?}"
            );
            assert_eq!(matched.rule_name, rules[index].name);
        }
    }

    #[test]
    fn a_matched_rule_hands_over_its_required_skills() {
        let facts = facts(Category::Fault, ProductKind::Software, Tier::Core, "宕机");
        let matched = route(&custom_then_default_rules(), &facts).unwrap();
        assert_eq!(
            matched.required_skills,
            BTreeSet::from(["senior".to_owned()])
        );
    }

    #[test]
    fn nothing_matches_an_empty_rule_list_or_a_missing_keyword() {
        let facts = facts(
            Category::Fault,
            ProductKind::Software,
            Tier::Core,
            "打印机卡纸",
        );
        assert_eq!(route(&[], &facts), None);
        let only_keywords = [keyword_rule(
            "数据库",
            &["数据库", "oracle"],
            Department::TechnicalSoftware,
        )];
        assert_eq!(route(&only_keywords, &facts), None);
    }

    #[test]
    fn the_default_rules_route_every_request_as_the_spec_says() {
        let rules = default_rules();
        let mut seen = 0;
        for category in CATEGORIES {
            for product_kind in PRODUCT_KINDS {
                for tier in TIERS {
                    for priority in PRIORITIES {
                        let facts = RequestFacts {
                            category,
                            product_kind,
                            tier,
                            priority,
                            title: "任意标题".to_owned(),
                        };
                        let expected = match (category, product_kind) {
                            (Category::Consultation, _) => Department::Sales,
                            (Category::Complaint, _) => Department::Service,
                            (_, ProductKind::Software) => Department::TechnicalSoftware,
                            (_, ProductKind::Hardware) => Department::TechnicalHardware,
                        };
                        let matched = route(&rules, &facts).map(|m| m.department);
                        assert_eq!(matched, Some(expected), "{facts:?}");
                        seen += 1;
                    }
                }
            }
        }
        assert_eq!(seen, 5 * 2 * 3 * 3);
    }

    #[test]
    fn routing_rules_read_from_json_with_conditions_left_out() {
        let json = r#"{"name":"硬件","product_kind":"hardware","department":"technical_hardware"}"#;
        let rule: RoutingRule = serde_json::from_str(json).unwrap();
        let expected = RoutingRule {
            product_kind: Some(ProductKind::Hardware),
            ..keyword_rule("硬件", &[], Department::TechnicalHardware)
        };
        assert_eq!(rule, expected);
        let unknown = r#"{"name":"x","department":"sales","colour":"red"}"#;
        assert!(serde_json::from_str::<RoutingRule>(unknown).is_err());
    }

    #[test]
    fn load_is_weighted_three_two_one() {
        let cases: [(OpenLoad, u64); 4] = [
            (OpenLoad::default(), 0),
            (
                OpenLoad {
                    urgent: 1,
                    important: 0,
                    routine: 0,
                },
                3,
            ),
            (
                OpenLoad {
                    urgent: 1,
                    important: 1,
                    routine: 1,
                },
                6,
            ),
            (
                OpenLoad {
                    urgent: u32::MAX,
                    important: u32::MAX,
                    routine: u32::MAX,
                },
                6 * u64::from(u32::MAX),
            ),
        ];
        for (load, weighted) in cases {
            assert_eq!(load.weighted(), weighted, "{load:?}");
        }
        let mut load = OpenLoad::default();
        for priority in PRIORITIES {
            load.add(priority);
        }
        load.add(Priority::Urgent);
        assert_eq!(
            load,
            OpenLoad {
                urgent: 2,
                important: 1,
                routine: 1
            }
        );
    }

    fn at(hour: u32) -> Option<DateTime<Utc>> {
        Some(DateTime::from_timestamp(1_740_960_000 + i64::from(hour) * 3600, 0).unwrap())
    }

    fn tech(id: u32, urgent: u32, routine: u32, last: Option<DateTime<Utc>>) -> Candidate<u32> {
        Candidate {
            id,
            active: true,
            department: Department::TechnicalSoftware,
            skills: BTreeSet::from(["oracle".to_owned()]),
            open_load: OpenLoad {
                urgent,
                important: 0,
                routine,
            },
            last_assigned_at: last,
        }
    }

    #[test]
    fn the_assignee_is_the_eligible_person_with_the_least_load_then_longest_idle() {
        let inactive = Candidate {
            active: false,
            ..tech(1, 0, 0, None)
        };
        let hardware = Candidate {
            department: Department::TechnicalHardware,
            ..tech(2, 0, 0, None)
        };
        let unskilled = Candidate {
            skills: BTreeSet::new(),
            ..tech(3, 0, 0, None)
        };
        // (name, candidates, expected (id, eligible count, decided by))
        type Expected = Option<(u32, usize, DecidedBy)>;
        let cases: [(&str, Vec<Candidate<u32>>, Expected); 9] = [
            ("nobody", vec![], None),
            (
                "only ineligible people",
                vec![inactive.clone(), hardware.clone(), unskilled.clone()],
                None,
            ),
            (
                "inactive, other department and unskilled are skipped",
                vec![
                    inactive.clone(),
                    hardware.clone(),
                    unskilled.clone(),
                    tech(9, 5, 5, at(1)),
                ],
                Some((9, 1, DecidedBy::OnlyCandidate)),
            ),
            (
                "least weighted load wins: one urgent (3) beats four routine (4)",
                vec![tech(4, 0, 4, None), tech(5, 1, 0, at(9))],
                Some((5, 2, DecidedBy::LeastLoad)),
            ),
            (
                "load tie goes to the one assigned longest ago",
                vec![
                    tech(4, 1, 0, at(5)),
                    tech(5, 0, 3, at(2)),
                    tech(6, 1, 1, at(0)),
                ],
                Some((5, 3, DecidedBy::LongestSinceLastAssignment)),
            ),
            (
                "never assigned wins a load tie",
                vec![tech(4, 1, 0, at(0)), tech(7, 1, 0, None)],
                Some((7, 2, DecidedBy::LongestSinceLastAssignment)),
            ),
            (
                "full tie goes to the smallest id",
                vec![tech(8, 1, 0, at(3)), tech(6, 0, 3, at(3))],
                Some((6, 2, DecidedBy::LowestId)),
            ),
            (
                "two never-assigned people tie down to the id",
                vec![tech(8, 0, 0, None), tech(7, 0, 0, None)],
                Some((7, 2, DecidedBy::LowestId)),
            ),
            (
                "an idle inactive person does not beat a busy active one",
                vec![inactive, tech(4, 3, 3, at(8)), tech(5, 3, 4, None)],
                Some((4, 2, DecidedBy::LeastLoad)),
            ),
        ];
        let skills = BTreeSet::from(["oracle".to_owned()]);
        for (name, candidates, expected) in cases {
            let chosen = choose_assignee(&candidates, Department::TechnicalSoftware, &skills)
                .map(|a| (a.assignee, a.reason.eligible_count, a.reason.decided_by));
            assert_eq!(chosen, expected, "{name}");
        }
    }

    #[test]
    fn the_reason_shows_the_chosen_load_and_last_assignment() {
        let candidates = [tech(4, 0, 4, None), tech(5, 1, 0, at(9))];
        let assignment =
            choose_assignee(&candidates, Department::TechnicalSoftware, &BTreeSet::new()).unwrap();
        assert_eq!(
            assignment,
            Assignment {
                assignee: 5,
                reason: AssignmentReason {
                    load: OpenLoad {
                        urgent: 1,
                        important: 0,
                        routine: 0
                    },
                    weighted_load: 3,
                    last_assigned_at: at(9),
                    eligible_count: 2,
                    decided_by: DecidedBy::LeastLoad,
                },
            }
        );
        let json = serde_json::to_value(&assignment).unwrap();
        assert_eq!(json["reason"]["decided_by"], "least_load");
    }

    #[test]
    fn every_required_skill_is_needed() {
        let mut both = tech(2, 9, 9, None);
        both.skills.insert("linux".to_owned());
        let candidates = [tech(1, 0, 0, None), both];
        let skills = BTreeSet::from(["oracle".to_owned(), "linux".to_owned()]);
        let chosen = choose_assignee(&candidates, Department::TechnicalSoftware, &skills);
        assert_eq!(chosen.map(|a| a.assignee), Some(2));
    }

    /// People with distinct ids, as in a real organisation.
    fn candidates_strategy() -> impl Strategy<Value = Vec<Candidate<u8>>> {
        let person = (
            any::<bool>(),
            prop::bool::weighted(0.8),
            prop::collection::btree_set(prop::sample::select(vec!["a", "b"]), 0..=2),
            (0_u32..3, 0_u32..3, 0_u32..4),
            prop::option::of(0_u32..4),
        );
        prop::collection::btree_map(0_u8..12, person, 0..10).prop_map(|people| {
            people
                .into_iter()
                .map(
                    |(id, (active, software, skills, (urgent, important, routine), last))| {
                        Candidate {
                            id,
                            active,
                            department: if software {
                                Department::TechnicalSoftware
                            } else {
                                Department::TechnicalHardware
                            },
                            skills: skills.into_iter().map(str::to_owned).collect(),
                            open_load: OpenLoad {
                                urgent,
                                important,
                                routine,
                            },
                            last_assigned_at: last.and_then(at),
                        }
                    },
                )
                .collect()
        })
    }

    proptest! {
        #[test]
        fn the_choice_does_not_depend_on_the_order_of_candidates(
            (original, shuffled) in candidates_strategy()
                .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
            needs_a in any::<bool>(),
        ) {
            let skills: BTreeSet<String> =
                if needs_a { BTreeSet::from(["a".to_owned()]) } else { BTreeSet::new() };
            let first = choose_assignee(&original, Department::TechnicalSoftware, &skills);
            let second = choose_assignee(&shuffled, Department::TechnicalSoftware, &skills);
            prop_assert_eq!(first, second);
        }
    }
}
