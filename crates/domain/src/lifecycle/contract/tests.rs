//! The contract lifecycle's transition table and plan, tested step by step.

use super::{Action as A, Facts, InvoiceMethod, Plan, Refusal, Status as S, Step, plan};
use crate::lifecycle::IllegalTransition;
use crate::lifecycle::checks::{
    assert_codes_on_the_wire, assert_follows_table, assert_refusals_say_why,
};
use chrono::NaiveDate;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn facts(status: S) -> Facts {
    Facts {
        status,
        today: day(30),
    }
}

/// A step of each action, with what it records.
fn step_of(action: A) -> Step {
    match action {
        A::Agree => Step::Agree,
        A::Sign => Step::Sign,
        A::Invoice => Step::Invoice {
            method: InvoiceMethod::Courier,
            sent_on: day(2),
        },
        A::Pay => Step::Pay { paid_on: None },
        A::Expire => Step::Expire,
        A::Cancel => Step::Cancel {
            reason: "客户改用别家".to_owned(),
        },
    }
}

#[test]
fn each_step_plans_its_state_and_records_what_it_was_given() {
    let to = Plan::to;
    let cases: [(S, Step, Plan); 6] = [
        (S::Draft, Step::Agree, to(S::Agreed)),
        (S::Agreed, Step::Sign, to(S::Signed)),
        (
            S::Signed,
            step_of(A::Invoice),
            Plan {
                invoice_method: Some(InvoiceMethod::Courier),
                invoice_sent_on: Some(day(2)),
                ..to(S::Invoiced)
            },
        ),
        (
            S::Invoiced,
            Step::Pay {
                paid_on: Some(day(5)),
            },
            Plan {
                paid_on: Some(day(5)),
                ..to(S::Paid)
            },
        ),
        (S::Paid, Step::Expire, to(S::Expired)),
        (
            S::Agreed,
            step_of(A::Cancel),
            Plan {
                cancel_reason: Some("客户改用别家".to_owned()),
                ..to(S::Cancelled)
            },
        ),
    ];
    for (status, step, want) in cases {
        assert_eq!(plan(step.clone(), &facts(status)), Ok(want), "{step:?}");
    }
}

#[test]
fn a_payment_without_a_day_is_paid_today() {
    let planned = plan(Step::Pay { paid_on: None }, &facts(S::Invoiced)).unwrap();
    assert_eq!(planned.paid_on, Some(day(30)));
}

#[test]
fn refusals_name_the_step_missing_before_it() {
    let cases: [(S, A, &str); 6] = [
        (S::Draft, A::Sign, "the customer agrees on the phone first"),
        (S::Agreed, A::Invoice, "it is invoiced once signed"),
        (S::Signed, A::Pay, "it is paid once invoiced"),
        (
            S::Agreed,
            A::Expire,
            "it was never in force; cancel it instead",
        ),
        (
            S::Paid,
            A::Cancel,
            "once paid the deal is done; it can only expire",
        ),
        (
            S::Cancelled,
            A::Agree,
            "it is over; draft a new contract instead",
        ),
    ];
    for (status, action, reason) in cases {
        assert_eq!(
            plan(step_of(action), &facts(status)),
            Err(Refusal {
                action,
                status,
                reason
            })
        );
    }
    assert_eq!(
        plan(Step::Sign, &facts(S::Draft)).unwrap_err().to_string(),
        "cannot sign a contract that is `draft`: the customer agrees on the phone first"
    );
}

#[test]
fn each_action_requires_exactly_the_fields_it_records() {
    assert_eq!(A::Invoice.fields().0, ["invoice_method", "invoice_sent_on"]);
    assert_eq!(A::Pay.fields(), (&[][..], &["paid_on"][..]));
    assert_eq!(A::Cancel.fields().0, ["reason"]);
    for action in [A::Agree, A::Sign, A::Expire] {
        assert_eq!(action.fields(), (&[][..], &[][..]));
    }
}

/// Every legal transition of SPEC section 5; every other pair is refused.
const LEGAL: [(S, A, S); 11] = [
    (S::Draft, A::Agree, S::Agreed),
    (S::Agreed, A::Sign, S::Signed),
    (S::Signed, A::Invoice, S::Invoiced),
    (S::Invoiced, A::Pay, S::Paid),
    (S::Signed, A::Expire, S::Expired),
    (S::Invoiced, A::Expire, S::Expired),
    (S::Paid, A::Expire, S::Expired),
    (S::Draft, A::Cancel, S::Cancelled),
    (S::Agreed, A::Cancel, S::Cancelled),
    (S::Signed, A::Cancel, S::Cancelled),
    (S::Invoiced, A::Cancel, S::Cancelled),
];

#[test]
fn every_state_and_action_pair_follows_the_transition_table() {
    assert_follows_table("contract", &S::ALL, &A::ALL, &LEGAL, S::apply);
    // The plan takes the same steps, refuses the others and says why.
    let planned =
        |state, action| plan(step_of(action), &facts(state)).map(|planned| planned.status);
    let plan_table =
        |state, action| planned(state, action).map_err(|_| IllegalTransition::of(state, action));
    assert_follows_table("contract", &S::ALL, &A::ALL, &LEGAL, plan_table);
    assert_refusals_say_why("contract", &S::ALL, &A::ALL, S::apply, planned);
}

#[test]
fn a_verbal_yes_must_come_before_signing() {
    let refusal = S::Draft.apply(A::Sign).unwrap_err();
    assert_eq!(
        refusal.to_string(),
        "a contract that is `draft` does not allow `sign`"
    );
}

#[test]
fn a_contract_is_in_force_from_signing_until_it_expires() {
    let in_force: Vec<S> = S::ALL.into_iter().filter(|s| s.is_in_force()).collect();
    assert_eq!(in_force, [S::Signed, S::Invoiced, S::Paid]);
    let renewable: Vec<S> = S::ALL.into_iter().filter(|s| s.was_in_force()).collect();
    assert_eq!(renewable, [S::Signed, S::Invoiced, S::Paid, S::Expired]);
}

#[test]
fn codes_match_the_wire_names() {
    assert_codes_on_the_wire(&S::ALL, S::code);
    assert_codes_on_the_wire(&A::ALL, A::code);
}
