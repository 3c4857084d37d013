//! The request plan's steps, refusals and effects, tested step by step.

use chrono::{DateTime, Utc};

use super::*;
use crate::request::Priority;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn now() -> DateTime<Utc> {
    at("2025-03-05T06:00:00Z")
}

/// A covered routine maintenance request taken in two days ago, in
/// `status`, asked about by the service desk.
fn facts(status: Status) -> Facts {
    Facts {
        standing: Standing {
            status,
            billable: false,
            quote_waits: false,
        },
        priority: Priority::Routine,
        work_type: WorkType::Maintenance,
        created_at: at("2025-03-03T02:00:00Z"),
        paused_since: None,
        customer_signed_at: None,
        account_manager_signed_at: None,
        role: Role::Service,
        asked_by_assignee: false,
    }
}

fn billable(mut facts: Facts) -> Facts {
    facts.standing.billable = true;
    facts
}

/// Waiting on the customer since an hour ago, a quote waiting or not.
fn waiting(quote_waits: bool) -> Facts {
    let mut facts = billable(facts(Status::WaitingCustomer));
    facts.standing.quote_waits = quote_waits;
    facts.paused_since = Some(at("2025-03-05T05:00:00Z"));
    facts
}

fn signed(customer: bool, account_manager: bool) -> Facts {
    let mut facts = facts(Status::InProgress);
    facts.customer_signed_at = customer.then(|| at("2025-03-04T08:00:00Z"));
    facts.account_manager_signed_at = account_manager.then(|| at("2025-03-04T09:00:00Z"));
    facts
}

fn technician(asked_by_assignee: bool) -> Facts {
    let mut facts = facts(Status::InProgress);
    facts.role = Role::Technician;
    facts.asked_by_assignee = asked_by_assignee;
    facts
}

fn with(mut plan: Plan, change: ClockChange) -> Plan {
    plan.clocks.push(change);
    plan
}

fn waits_until_now(mut plan: Plan) -> Plan {
    plan.wait = Wait::Ends(Pause::new(at("2025-03-05T05:00:00Z"), now()).unwrap());
    plan
}

fn illegal(action: ActionKind, status: Status, reason: &'static str) -> Refusal {
    Refusal::Illegal {
        action,
        status,
        reason,
    }
}

fn field(field: &'static str, message: &'static str) -> Refusal {
    Refusal::Field { field, message }
}

#[test]
fn each_rule_plans_its_step_its_clocks_its_visit_and_who_is_told() {
    use ClockChange::{Done, Meet, Start};
    use SlaTarget as T;
    let (now, signature) = (now(), at("2025-03-05T04:00:00Z"));
    let goes = Plan::goes;
    let resolved = |plan: Plan| Plan {
        visit: Some(VisitChange::ScheduleReturn),
        ..with(plan, Start(vec![T::ReturnVisit], now))
    };
    let calls_off_visits = |plan: Plan| Plan {
        visit: Some(VisitChange::CancelDue),
        ..plan
    };
    let rows: Vec<(&str, Ask, Facts, Plan)> = vec![
        (
            "assigning a new request starts the call-back",
            Ask::Assign,
            facts(Status::New),
            with(goes(Status::Assigned), Start(vec![T::CallBack], now)),
        ),
        (
            "reassigning called-back work keeps it going, no new call-back",
            Ask::Assign,
            facts(Status::InProgress),
            goes(Status::InProgress),
        ),
        (
            "assigning reopened work owes a new call-back",
            Ask::Assign,
            facts(Status::Reopened),
            with(goes(Status::Reopened), Start(vec![T::CallBack], now)),
        ),
        (
            "the call-back meets the response, the call-back and a review",
            Ask::CallBack,
            facts(Status::Assigned),
            with(
                goes(Status::InProgress),
                Meet(
                    vec![T::ResponseRoutine, T::CallBack, T::DissatisfiedReview],
                    now,
                ),
            ),
        ),
        (
            "a quote for billable work waits on the customer",
            Ask::Quote,
            billable(facts(Status::InProgress)),
            Plan {
                wait: Wait::Begins(now),
                ..goes(Status::WaitingCustomer)
            },
        ),
        (
            "an accepted quote resumes the work, clocks moved by the wait",
            Ask::AcceptQuote,
            waiting(true),
            Plan {
                quote_answer: Some(QuoteAnswer::Accepted),
                ..waits_until_now(goes(Status::InProgress))
            },
        ),
        (
            "a declined quote cancels, tells the account manager, calls off visits",
            Ask::DeclineQuote,
            waiting(true),
            Plan {
                quote_answer: Some(QuoteAnswer::Declined),
                notice: Some(Notice::QuoteDeclined),
                visit: Some(VisitChange::CancelDue),
                ..waits_until_now(goes(Status::Cancelled))
            },
        ),
        (
            "waiting on the customer stops the clocks",
            Ask::WaitCustomer,
            facts(Status::InProgress),
            Plan {
                wait: Wait::Begins(now),
                ..goes(Status::WaitingCustomer)
            },
        ),
        (
            "resuming with no quote waiting moves the clocks by the wait",
            Ask::Resume,
            waiting(false),
            waits_until_now(goes(Status::InProgress)),
        ),
        (
            "the customer's signature starts the account manager's 2 days",
            Ask::SignForm {
                signer: Signer::Customer,
                signed_at: signature,
            },
            facts(Status::InProgress),
            with(
                goes(Status::InProgress),
                Start(vec![T::OnSiteSignature], signature),
            ),
        ),
        (
            "the account manager signs after the customer, meeting the target",
            Ask::SignForm {
                signer: Signer::AccountManager,
                signed_at: signature,
            },
            signed(true, false),
            with(
                goes(Status::InProgress),
                Meet(vec![T::OnSiteSignature], signature),
            ),
        ),
        (
            "a second visit in the future keeps the work in progress",
            Ask::SecondVisit {
                next_visit_at: at("2025-03-06T02:00:00Z"),
            },
            facts(Status::InProgress),
            goes(Status::InProgress),
        ),
        (
            "confirmed parts keep the work in progress",
            Ask::ConfirmParts,
            facts(Status::InProgress),
            goes(Status::InProgress),
        ),
        (
            "a remote fix meets the resolution, records its record, books the return visit",
            Ask::Resolve {
                method: ResolutionMethod::Remote,
                fixed_at: Some(at("2025-03-05T05:30:00Z")),
            },
            facts(Status::InProgress),
            resolved(with(
                with(
                    goes(Status::Resolved),
                    Meet(vec![T::ResolutionMaintenance], now),
                ),
                Done {
                    target: T::RemoteRecord,
                    started_at: at("2025-03-05T05:30:00Z"),
                    met_at: now,
                },
            )),
        ),
        (
            "an on-site fix signed by both resolves",
            Ask::Resolve {
                method: ResolutionMethod::OnSite,
                fixed_at: None,
            },
            signed(true, true),
            resolved(with(
                goes(Status::Resolved),
                Meet(vec![T::ResolutionMaintenance], now),
            )),
        ),
        (
            "reopening restarts the call-back and the resolution, calls off visits",
            Ask::Reopen,
            facts(Status::Resolved),
            calls_off_visits(with(
                goes(Status::Reopened),
                Start(vec![T::CallBack, T::ResolutionMaintenance], now),
            )),
        ),
        (
            "closing calls off the visits still due",
            Ask::Close,
            facts(Status::Resolved),
            calls_off_visits(goes(Status::Closed)),
        ),
        (
            "cancelling a request that never waited ends no wait",
            Ask::Cancel,
            facts(Status::New),
            calls_off_visits(goes(Status::Cancelled)),
        ),
        (
            "cancelling a waiting request closes its wait",
            Ask::Cancel,
            waiting(false),
            calls_off_visits(waits_until_now(goes(Status::Cancelled))),
        ),
        (
            "the assigned technician works the request",
            Ask::ConfirmParts,
            technician(true),
            goes(Status::InProgress),
        ),
    ];
    for (rule, ask, facts, want) in rows {
        assert_eq!(plan(&ask, &facts, now), Ok(want), "{rule}");
    }
}

#[test]
fn each_refusal_names_why() {
    use ActionKind as K;
    let now = now();
    let future = at("2025-03-05T07:00:00Z");
    let rows: Vec<(&str, Ask, Facts, Refusal)> = vec![
        (
            "a technician works only the requests assigned to them",
            Ask::ConfirmParts,
            technician(false),
            Refusal::NotAssignee,
        ),
        (
            "the lifecycle refuses what it does not list",
            Ask::Reopen,
            facts(Status::New),
            illegal(K::Reopen, Status::New, "the lifecycle does not allow it"),
        ),
        (
            "records that keep the state need the work in progress",
            Ask::ConfirmParts,
            facts(Status::Assigned),
            illegal(K::ConfirmParts, Status::Assigned, "it must be in progress"),
        ),
        (
            "a quote only for billable work",
            Ask::Quote,
            facts(Status::InProgress),
            illegal(
                K::Quote,
                Status::InProgress,
                "a contract covers it, the work is free",
            ),
        ),
        (
            "an answer only while a quote waits",
            Ask::AcceptQuote,
            waiting(false),
            illegal(
                K::AcceptQuote,
                Status::WaitingCustomer,
                "no quote awaits an answer",
            ),
        ),
        (
            "no plain resume while a quote waits",
            Ask::Resume,
            waiting(true),
            illegal(
                K::Resume,
                Status::WaitingCustomer,
                "a quote awaits the customer's answer; accept or decline it",
            ),
        ),
        (
            "the account manager signs after the customer",
            Ask::SignForm {
                signer: Signer::AccountManager,
                signed_at: now,
            },
            signed(false, false),
            illegal(
                K::SignForm,
                Status::InProgress,
                "the customer has not signed the form yet",
            ),
        ),
        (
            "a signature is not in the future",
            Ask::SignForm {
                signer: Signer::Customer,
                signed_at: future,
            },
            facts(Status::InProgress),
            field("signed_at", "must not be in the future"),
        ),
        (
            "the account manager's signature is not before the customer's",
            Ask::SignForm {
                signer: Signer::AccountManager,
                signed_at: at("2025-03-04T07:00:00Z"),
            },
            signed(true, false),
            field("signed_at", "must not be before the customer's signature"),
        ),
        (
            "a second visit is in the future",
            Ask::SecondVisit { next_visit_at: now },
            facts(Status::InProgress),
            field("next_visit_at", "must be in the future"),
        ),
        (
            "a fix is not before the intake",
            Ask::Resolve {
                method: ResolutionMethod::Remote,
                fixed_at: Some(at("2025-03-03T01:00:00Z")),
            },
            facts(Status::InProgress),
            field("fixed_at", "must be between the intake and now"),
        ),
        (
            "a fix is not in the future",
            Ask::Resolve {
                method: ResolutionMethod::Remote,
                fixed_at: Some(future),
            },
            facts(Status::InProgress),
            field("fixed_at", "must be between the intake and now"),
        ),
        (
            "an on-site fix needs both signatures",
            Ask::Resolve {
                method: ResolutionMethod::OnSite,
                fixed_at: None,
            },
            signed(true, false),
            Refusal::FormUnsigned,
        ),
    ];
    for (rule, ask, facts, want) in rows {
        assert_eq!(plan(&ask, &facts, now), Err(want), "{rule}");
    }
}

#[test]
fn a_wait_stored_as_beginning_after_now_is_refused_not_shortened() {
    let mut facts = waiting(false);
    facts.paused_since = Some(at("2025-03-05T07:00:00Z"));
    assert!(matches!(
        plan(&Ask::Resume, &facts, now()),
        Err(Refusal::Clock(_))
    ));
}

#[test]
fn an_illegal_action_names_the_action_the_state_and_why() {
    let refusal = plan(&Ask::Close, &facts(Status::New), now()).unwrap_err();
    assert_eq!(
        refusal.to_string(),
        "cannot close a service request that is `new`: the lifecycle does not allow it"
    );
}

#[test]
fn an_action_fits_a_request_exactly_when_its_state_passes_the_plan() {
    // Data-free stand-ins: the state rules do not read the fields.
    let ask = |kind: ActionKind| match kind {
        ActionKind::Assign => Ask::Assign,
        ActionKind::CallBack => Ask::CallBack,
        ActionKind::Quote => Ask::Quote,
        ActionKind::AcceptQuote => Ask::AcceptQuote,
        ActionKind::DeclineQuote => Ask::DeclineQuote,
        ActionKind::WaitCustomer => Ask::WaitCustomer,
        ActionKind::Resume => Ask::Resume,
        ActionKind::SignForm => Ask::SignForm {
            signer: Signer::Customer,
            signed_at: now(),
        },
        ActionKind::SecondVisit => Ask::SecondVisit {
            next_visit_at: at("2025-03-06T02:00:00Z"),
        },
        ActionKind::ConfirmParts => Ask::ConfirmParts,
        ActionKind::Resolve => Ask::Resolve {
            method: ResolutionMethod::Phone,
            fixed_at: None,
        },
        ActionKind::Reopen => Ask::Reopen,
        ActionKind::Cancel => Ask::Cancel,
        ActionKind::Close => Ask::Close,
    };
    for status in Status::ALL {
        for billable in [false, true] {
            for quote_waits in [false, true] {
                let mut facts = facts(status);
                facts.standing = Standing {
                    status,
                    billable,
                    quote_waits,
                };
                for kind in ActionKind::ALL {
                    assert_eq!(ask(kind).kind(), kind);
                    let planned = plan(&ask(kind), &facts, now());
                    assert_eq!(
                        kind.fits(facts.standing),
                        planned.is_ok(),
                        "{kind:?} on {:?}: {planned:?}",
                        facts.standing
                    );
                }
            }
        }
    }
}
