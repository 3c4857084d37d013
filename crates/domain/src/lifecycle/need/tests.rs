//! The need lifecycle's transition table and plan, tested step by step.

use super::{
    Action as A, Evaluation, Facts, Milestone, Plan, Refusal, Score, Status as S, Step, plan,
    response_status,
};
use crate::lifecycle::checks::{
    assert_codes_on_the_wire, assert_follows_table, assert_refusals_say_why,
};
use crate::sla::SlaStatus;
use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 3, 2, 0, 0).unwrap()
}

fn score(value: i64) -> Score {
    Score::new(value).unwrap()
}

fn evaluation() -> Evaluation {
    Evaluation {
        customer_value: score(5),
        fit: score(4),
        cost: score(2),
    }
}

fn milestone(title: &str, done: bool) -> Milestone {
    Milestone {
        title: title.into(),
        due: NaiveDate::from_ymd_opt(2025, 3, 14).unwrap(),
        done_at: done.then(|| now() - TimeDelta::hours(1)),
    }
}

fn facts(status: S, milestones: Vec<Milestone>) -> Facts {
    Facts {
        status,
        milestones,
        responded: status != S::New,
        created_at: now() - TimeDelta::days(3),
    }
}

/// A step of each action, with its fields.
fn step(action: A) -> Step {
    match action {
        A::Evaluate => Step::Evaluate {
            evaluation: evaluation(),
            solution_direction: Some("优化同步模块".into()),
        },
        A::Plan => Step::Plan {
            milestones: vec![milestone("提交排查报告", false)],
            solution_direction: None,
        },
        A::Start => Step::Start { note: None },
        A::CompleteMilestone => Step::CompleteMilestone {
            index: 0,
            note: None,
        },
        A::Deliver => Step::Deliver {
            note: Some("测试报告已发".into()),
        },
        A::Rework => Step::Rework {
            reason: "操作复杂".into(),
        },
        A::Confirm => Step::Confirm {
            by: "王强".into(),
            at: None,
            note: None,
        },
        A::Reject => Step::Reject {
            reason: "不符合产品定位".into(),
        },
    }
}

/// Every legal transition; every other pair is refused.
const LEGAL: [(S, A, S); 13] = [
    (S::New, A::Evaluate, S::Evaluated),
    (S::Evaluated, A::Evaluate, S::Evaluated),
    (S::Evaluated, A::Plan, S::Planned),
    (S::Planned, A::Start, S::InProgress),
    (S::Planned, A::CompleteMilestone, S::Planned),
    (S::InProgress, A::CompleteMilestone, S::InProgress),
    (S::InProgress, A::Deliver, S::Delivered),
    (S::Delivered, A::Rework, S::InProgress),
    (S::Delivered, A::Confirm, S::Confirmed),
    (S::New, A::Reject, S::Rejected),
    (S::Evaluated, A::Reject, S::Rejected),
    (S::Planned, A::Reject, S::Rejected),
    (S::InProgress, A::Reject, S::Rejected),
];

#[test]
fn every_state_and_action_pair_follows_the_transition_table() {
    assert_follows_table("need", &S::ALL, &A::ALL, &LEGAL, S::apply);
}

#[test]
fn every_refused_step_names_the_state_and_says_why() {
    let planned = |status, action| {
        let open = vec![milestone("a", false)];
        plan(step(action), &facts(status, open), now()).map(|planned| planned.status)
    };
    assert_refusals_say_why("need", &S::ALL, &A::ALL, S::apply, planned);
}

#[test]
fn each_step_records_its_fields_and_nothing_else() {
    let blank = Plan::to;
    let open = || vec![milestone("排查", false), milestone("修复", true)];
    let all_done = vec![milestone("排查", true)];
    let cases: Vec<(Facts, A, Plan)> = vec![
        (
            facts(S::New, vec![]),
            A::Evaluate,
            Plan {
                evaluation: Some(evaluation()),
                solution_direction: Some("优化同步模块".into()),
                responded_at: Some(now()),
                ..blank(S::Evaluated)
            },
        ),
        (
            facts(S::Evaluated, vec![]),
            A::Evaluate,
            Plan {
                evaluation: Some(evaluation()),
                solution_direction: Some("优化同步模块".into()),
                ..blank(S::Evaluated)
            },
        ),
        (
            facts(S::Evaluated, vec![]),
            A::Plan,
            Plan {
                milestones: Some(vec![milestone("提交排查报告", false)]),
                ..blank(S::Planned)
            },
        ),
        (facts(S::Planned, open()), A::Start, blank(S::InProgress)),
        (
            facts(S::InProgress, open()),
            A::CompleteMilestone,
            Plan {
                milestones: Some(vec![
                    Milestone {
                        done_at: Some(now()),
                        ..milestone("排查", false)
                    },
                    milestone("修复", true),
                ]),
                ..blank(S::InProgress)
            },
        ),
        (
            facts(S::InProgress, all_done.clone()),
            A::Deliver,
            Plan {
                delivered_at: Some(Some(now())),
                said: vec![("note", "测试报告已发".into())],
                ..blank(S::Delivered)
            },
        ),
        (
            facts(S::Delivered, all_done.clone()),
            A::Rework,
            Plan {
                delivered_at: Some(None),
                said: vec![("reason", "操作复杂".into())],
                ..blank(S::InProgress)
            },
        ),
        (
            facts(S::Delivered, all_done),
            A::Confirm,
            Plan {
                confirmed: Some(("王强".into(), now())),
                ..blank(S::Confirmed)
            },
        ),
        (
            facts(S::New, vec![]),
            A::Reject,
            Plan {
                rejected_reason: Some("不符合产品定位".into()),
                responded_at: Some(now()),
                ..blank(S::Rejected)
            },
        ),
        (
            facts(S::Planned, open()),
            A::Reject,
            Plan {
                rejected_reason: Some("不符合产品定位".into()),
                ..blank(S::Rejected)
            },
        ),
    ];
    for (facts, action, want) in cases {
        let got = plan(step(action), &facts, now());
        assert_eq!(got, Ok(want), "{:?} + {action:?}", facts.status);
    }
}

#[test]
fn refusals_that_depend_on_the_milestones_or_the_dates() {
    let refused = |facts: Facts, step: Step| plan(step, &facts, now()).map(|_| ()).unwrap_err();
    let reason = |refusal: Refusal| refusal.reason;
    let cases: Vec<(Facts, Step, &str)> = vec![
        (
            facts(
                S::InProgress,
                vec![milestone("a", true), milestone("b", false)],
            ),
            step(A::Deliver),
            "every milestone is done before delivery",
        ),
        (
            facts(S::InProgress, vec![milestone("a", true)]),
            step(A::CompleteMilestone),
            "that milestone is already done",
        ),
        (
            facts(S::InProgress, vec![milestone("a", false)]),
            Step::CompleteMilestone {
                index: 1,
                note: None,
            },
            "it has no milestone of that number",
        ),
        (
            facts(S::Evaluated, vec![]),
            Step::Plan {
                milestones: vec![],
                solution_direction: None,
            },
            "a plan names at least one milestone",
        ),
        (
            facts(S::Evaluated, vec![]),
            Step::Plan {
                milestones: vec![milestone("a", true)],
                solution_direction: None,
            },
            "a new plan's milestones are all still open",
        ),
        (
            facts(S::Delivered, vec![]),
            Step::Confirm {
                by: "王强".into(),
                at: Some(now() + TimeDelta::minutes(1)),
                note: None,
            },
            "a confirmation cannot be dated in the future",
        ),
        (
            facts(S::Delivered, vec![]),
            Step::Confirm {
                by: "王强".into(),
                at: Some(now() - TimeDelta::days(4)),
                note: None,
            },
            "a confirmation cannot be dated before the need",
        ),
    ];
    for (facts, step, want) in cases {
        assert_eq!(reason(refused(facts, step)), want);
    }
}

#[test]
fn the_response_is_measured_against_the_deadline() {
    let deadline = now();
    let at_risk = now() - TimeDelta::hours(4);
    let cases = [
        (None, now() - TimeDelta::hours(5), SlaStatus::Running),
        (None, at_risk, SlaStatus::AtRisk),
        (None, now(), SlaStatus::AtRisk),
        (None, now() + TimeDelta::seconds(1), SlaStatus::Breached),
        (Some(now()), now() + TimeDelta::days(9), SlaStatus::Met),
        (
            Some(now() + TimeDelta::seconds(1)),
            now() + TimeDelta::days(9),
            SlaStatus::Breached,
        ),
    ];
    for (responded, at, want) in cases {
        assert_eq!(
            response_status(deadline, at_risk, responded, at),
            want,
            "{responded:?} at {at}"
        );
    }
}

#[test]
fn scores_run_from_one_to_five() {
    for value in [-1, 0, 6, 256] {
        assert!(Score::new(value).is_err(), "{value}");
    }
    for value in 1..=5 {
        assert_eq!(i64::from(score(value).value()), value);
    }
    assert!(serde_json::from_str::<Score>("0").is_err());
    assert_eq!(serde_json::to_string(&score(3)).unwrap(), "3");
}

#[test]
fn a_need_is_open_until_confirmed_or_rejected() {
    let closed: Vec<S> = S::ALL.into_iter().filter(|s| !s.is_open()).collect();
    assert_eq!(closed, [S::Confirmed, S::Rejected]);
}

#[test]
fn codes_match_the_wire_names() {
    assert_codes_on_the_wire(&S::ALL, S::code);
    assert_codes_on_the_wire(&A::ALL, A::code);
}

mod walks {
    use super::{A, Facts, Milestone, S, Step, facts, milestone, now, plan, step};
    use chrono::TimeDelta;
    use proptest::prelude::*;

    /// A step of `action`, completing milestone `index`.
    fn step_at(action: A, index: usize) -> Step {
        match action {
            A::CompleteMilestone => Step::CompleteMilestone { index, note: None },
            A::Plan => Step::Plan {
                milestones: vec![milestone("一", false), milestone("二", false)],
                solution_direction: None,
            },
            other => step(other),
        }
    }

    proptest! {
        /// Whatever is asked, in whatever order: a need only moves as the
        /// table says, its first answer is recorded once, and it is
        /// never delivered with a milestone open.
        #[test]
        fn any_walk_keeps_the_needs_invariants(
            asked in prop::collection::vec((0..A::ALL.len(), 0usize..3), 0..40)
        ) {
            let mut current: Facts = facts(S::New, vec![]);
            let mut answers = 0;
            let mut at = now();
            for (action, index) in asked {
                let action = A::ALL[action];
                at += TimeDelta::minutes(1);
                let Ok(planned) = plan(step_at(action, index), &current, at) else {
                    continue;
                };
                prop_assert_eq!(current.status.apply(action), Ok(planned.status));
                if planned.responded_at.is_some() {
                    prop_assert!(!current.responded);
                    answers += 1;
                }
                let milestones: Vec<Milestone> =
                    planned.milestones.unwrap_or(current.milestones);
                if planned.status == S::Delivered {
                    prop_assert!(milestones.iter().all(|m| m.done_at.is_some()));
                }
                current = Facts {
                    status: planned.status,
                    milestones,
                    responded: current.responded || planned.responded_at.is_some(),
                    created_at: current.created_at,
                };
            }
            prop_assert!(answers <= 1);
        }
    }
}
