//! Table tests and properties of routing: the queue, the skill match and the pick.

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

fn facts(category: Category, product_kind: ProductKind, tier: Tier, title: &str) -> RequestFacts {
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
                |(id, (active, software, skills, (urgent, important, routine), last))| Candidate {
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
