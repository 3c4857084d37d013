//! The complaint lifecycle's transition table and plan, tested step by step.

use super::{Action as A, Facts, Plan, Refusal, Status as S, Step, plan};
use crate::lifecycle::checks::{
    assert_codes_on_the_wire, assert_follows_table, assert_refusals_say_why,
};
use crate::org::Department;
use crate::permissions::Action as Permission;
use crate::visits::Satisfaction;
use chrono::{DateTime, TimeZone, Utc};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 3, 2, 0, 0).unwrap()
}

/// A step of each action, with its fields.
fn step(action: A) -> Step {
    match action {
        A::Investigate => Step::Investigate {
            department: Department::Sales,
            cause: Some("排班冲突".into()),
        },
        A::ProposeSolution => Step::ProposeSolution {
            solution: "调整排班".into(),
            cause: None,
        },
        A::RejectSolution => Step::RejectSolution {
            reason: "先查排班".into(),
        },
        A::Approve => Step::Approve,
        A::Resolve => Step::Resolve,
        A::Revisit => Step::Revisit {
            satisfaction: Satisfaction::new(4).unwrap(),
            note: Some("客户接受".into()),
        },
    }
}

#[test]
fn each_step_records_its_fields_and_nothing_else() {
    let blank = Plan::to;
    let cases = [
        (
            S::Received,
            A::Investigate,
            Plan {
                responsible_department: Some(Department::Sales),
                cause: Some("排班冲突".into()),
                ..blank(S::Investigating)
            },
        ),
        (
            S::Investigating,
            A::ProposeSolution,
            Plan {
                solution: Some(Some("调整排班".into())),
                ..blank(S::SolutionProposed)
            },
        ),
        (
            S::SolutionProposed,
            A::RejectSolution,
            Plan {
                solution: Some(None),
                said: vec![("reason", "先查排班".into())],
                ..blank(S::Investigating)
            },
        ),
        (
            S::SolutionProposed,
            A::Approve,
            Plan {
                approved_at: Some(now()),
                ..blank(S::Approved)
            },
        ),
        (
            S::Approved,
            A::Resolve,
            Plan {
                resolved_at: Some(now()),
                ..blank(S::Resolved)
            },
        ),
        (
            S::Resolved,
            A::Revisit,
            Plan {
                revisited_at: Some(now()),
                satisfaction: Some(Satisfaction::new(4).unwrap()),
                said: vec![("note", "客户接受".into())],
                ..blank(S::Revisited)
            },
        ),
    ];
    for (status, action, want) in cases {
        let got = plan(step(action), &Facts { status }, now());
        assert_eq!(got, Ok(want), "{status:?} + {action:?}");
    }
}

#[test]
fn a_revisit_without_a_note_says_nothing_on_the_timeline() {
    let quiet = Step::Revisit {
        satisfaction: Satisfaction::new(2).unwrap(),
        note: None,
    };
    let planned = plan(
        quiet,
        &Facts {
            status: S::Resolved,
        },
        now(),
    )
    .unwrap();
    assert!(planned.said.is_empty());
}

#[test]
fn every_refused_step_names_the_state_and_says_why() {
    let planned =
        |status, action| plan(step(action), &Facts { status }, now()).map(|planned| planned.status);
    assert_refusals_say_why("complaint", &S::ALL, &A::ALL, S::apply, planned);
}

#[test]
fn resolving_before_approval_is_refused_with_the_reason() {
    let refused = plan(
        Step::Resolve,
        &Facts {
            status: S::SolutionProposed,
        },
        now(),
    );
    assert_eq!(
        refused,
        Err(Refusal {
            action: A::Resolve,
            status: S::SolutionProposed,
            reason: "a manager approves a solution first",
        })
    );
}

#[test]
fn each_action_takes_its_own_fields() {
    let cases: [(A, &[&str], &[&str]); 6] = [
        (A::Investigate, &["responsible_department"], &["cause"]),
        (A::ProposeSolution, &["solution"], &["cause"]),
        (A::RejectSolution, &["reason"], &[]),
        (A::Approve, &[], &[]),
        (A::Resolve, &[], &[]),
        (A::Revisit, &["satisfaction"], &["note"]),
    ];
    for (action, required, optional) in cases {
        assert_eq!(action.fields(), (required, optional), "{action:?}");
    }
}

#[test]
fn managers_decide_on_a_solution_and_the_desk_does_the_rest() {
    for action in A::ALL {
        let want = match action {
            A::Approve | A::RejectSolution => Permission::ApproveComplaints,
            _ => Permission::WriteComplaints,
        };
        assert_eq!(action.permission(), want, "{action:?}");
    }
}

/// Every legal transition of SPEC section 7; every other pair is refused.
const LEGAL: [(S, A, S); 6] = [
    (S::Received, A::Investigate, S::Investigating),
    (S::Investigating, A::ProposeSolution, S::SolutionProposed),
    (S::SolutionProposed, A::RejectSolution, S::Investigating),
    (S::SolutionProposed, A::Approve, S::Approved),
    (S::Approved, A::Resolve, S::Resolved),
    (S::Resolved, A::Revisit, S::Revisited),
];

#[test]
fn every_state_and_action_pair_follows_the_transition_table() {
    assert_follows_table("complaint", &S::ALL, &A::ALL, &LEGAL, S::apply);
}

#[test]
fn a_solution_cannot_be_resolved_before_a_manager_approves_it() {
    let refusal = S::SolutionProposed.apply(A::Resolve).unwrap_err();
    assert_eq!(
        refusal.to_string(),
        "a complaint that is `solution_proposed` does not allow `resolve`"
    );
}

#[test]
fn a_complaint_is_open_until_it_is_resolved() {
    let open: Vec<S> = S::ALL.into_iter().filter(|s| s.is_open()).collect();
    assert_eq!(
        open,
        [
            S::Received,
            S::Investigating,
            S::SolutionProposed,
            S::Approved
        ]
    );
}

#[test]
fn codes_match_the_wire_names() {
    assert_codes_on_the_wire(&S::ALL, S::code);
    assert_codes_on_the_wire(&A::ALL, A::code);
}
