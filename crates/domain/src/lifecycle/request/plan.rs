//! What one action does to a service request, decided from the facts
//! alone: the state it leaves the request in, which SLA clocks start, stop
//! or move, whether a visit is booked or called off, and who is told; or
//! why it is refused. The server gathers the facts, asks [`plan`], and
//! carries out the plan in one transaction (row, clocks, visits,
//! notifications, timeline, audit).

use crate::messages::Message;
use crate::msg;
use chrono::{DateTime, Utc};

use super::Status;
use super::actions::{ActionKind, Signer, Standing};
use crate::lifecycle::{Lifecycle, refused};
use crate::org::Role;
use crate::permissions::Action as Permission;
use crate::request::{Priority, ResolutionMethod, WorkType};
use crate::sla::{Pause, SlaError, SlaTarget};

/// An action with what of its fields the rules look at (the server checks
/// and stores the rest: notes, reasons, amounts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// See [`ActionKind::Assign`].
    Assign,
    /// See [`ActionKind::CallBack`].
    CallBack,
    /// See [`ActionKind::Quote`].
    Quote,
    /// See [`ActionKind::AcceptQuote`].
    AcceptQuote,
    /// See [`ActionKind::DeclineQuote`].
    DeclineQuote,
    /// See [`ActionKind::WaitCustomer`].
    WaitCustomer,
    /// See [`ActionKind::Resume`].
    Resume,
    /// See [`ActionKind::SignForm`].
    SignForm {
        /// Who signed.
        signer: Signer,
        /// When they signed.
        signed_at: DateTime<Utc>,
    },
    /// See [`ActionKind::SecondVisit`].
    SecondVisit {
        /// When the technician goes back.
        next_visit_at: DateTime<Utc>,
    },
    /// See [`ActionKind::ConfirmParts`].
    ConfirmParts,
    /// See [`ActionKind::Resolve`].
    Resolve {
        /// How it was fixed.
        method: ResolutionMethod,
        /// When a remote fix was done; `None` for now.
        fixed_at: Option<DateTime<Utc>>,
    },
    /// See [`ActionKind::Reopen`].
    Reopen,
    /// See [`ActionKind::Cancel`].
    Cancel,
    /// See [`ActionKind::Close`].
    Close,
}

/// What the rules need to know of the request and of who asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    /// Its state, whether it is billable and whether a quote waits.
    pub standing: Standing,
    /// Its priority (which response target a call-back meets).
    pub priority: Priority,
    /// Its work type (which resolution target runs).
    pub work_type: WorkType,
    /// When it was taken in.
    pub created_at: DateTime<Utc>,
    /// Since when it waits on the customer, if it does.
    pub paused_since: Option<DateTime<Utc>>,
    /// When the customer signed the service form.
    pub customer_signed_at: Option<DateTime<Utc>>,
    /// When the account manager signed it.
    pub account_manager_signed_at: Option<DateTime<Utc>>,
    /// The role of who asks.
    pub role: Role,
    /// Whether the request is assigned to who asks.
    pub asked_by_assignee: bool,
}

/// What the action does, for the server to carry out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The state after the action.
    pub next: Status,
    /// The clock changes, in order.
    pub clocks: Vec<ClockChange>,
    /// Whether a wait on the customer begins or ends.
    pub wait: Wait,
    /// The customer's answer to the waiting quote, if this is one.
    pub quote_answer: Option<QuoteAnswer>,
    /// A visit to book or call off.
    pub visit: Option<VisitChange>,
    /// Who is told.
    pub notice: Option<Notice>,
}

impl Plan {
    /// A step to `next` that changes nothing else.
    fn goes(next: Status) -> Plan {
        Plan {
            next,
            clocks: Vec::new(),
            wait: Wait::Unchanged,
            quote_answer: None,
            visit: None,
            notice: None,
        }
    }
}

/// One change to the request's SLA clocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClockChange {
    /// (Re)start the targets at the instant.
    Start(Vec<SlaTarget>, DateTime<Utc>),
    /// The targets still running are met at the instant.
    Meet(Vec<SlaTarget>, DateTime<Utc>),
    /// A target that started and was met at known instants.
    Done {
        /// Which target.
        target: SlaTarget,
        /// When it started.
        started_at: DateTime<Utc>,
        /// When it was met.
        met_at: DateTime<Utc>,
    },
}

/// A wait on the customer beginning or ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Nothing changes.
    Unchanged,
    /// The request waits from this instant; its clocks stop.
    Begins(DateTime<Utc>),
    /// The wait is over: every running clock moves later by it.
    Ends(Pause),
}

/// The customer's answer to a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteAnswer {
    /// The work goes ahead.
    Accepted,
    /// The request is cancelled as `declined`.
    Declined,
}

/// A visit the action books or calls off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitChange {
    /// Book the return visit, due when its target (started by the plan) is.
    ScheduleReturn,
    /// Call off the visits still due: a closed or cancelled request needs
    /// none, a reopened one gets a new one when it is resolved again.
    CancelDue,
}

/// Someone the action tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// The customer declined the quote.
    QuoteDeclined,
}

/// Why the action is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().english())]
pub enum Refusal {
    /// A technician acts only on the requests assigned to them.
    NotAssignee,
    /// The request's state does not allow the action.
    Illegal {
        /// What was asked.
        action: ActionKind,
        /// The state the request is in.
        status: Status,
        /// Why not.
        reason: &'static str,
    },
    /// An on-site fix needs both signatures on the service form.
    FormUnsigned,
    /// A field is out of the range the facts allow.
    Field {
        /// Which field.
        field: &'static str,
        /// What it must be.
        message: &'static str,
    },
    /// The stored wait cannot be closed (it began after `now`).
    Clock(#[from] SlaError),
}

impl Refusal {
    /// Why not, in either language.
    pub fn message(&self) -> Message {
        match self {
            Refusal::NotAssignee => msg!("a technician works only the requests assigned to them"),
            Refusal::Illegal {
                action,
                status,
                reason,
            } => refused(Status::MACHINE, action.code(), status.code(), reason),
            Refusal::FormUnsigned => msg!(
                "an on-site fix is completed once the customer and the account manager have signed the service form"
            ),
            Refusal::Field { field, message } => msg!(
                "`{field}` {message}",
                field = field,
                message = Message::from_key(message)
            ),
            Refusal::Clock(error) => error.message(),
        }
    }
}

impl Ask {
    /// Which action this is.
    pub fn kind(&self) -> ActionKind {
        match self {
            Ask::Assign => ActionKind::Assign,
            Ask::CallBack => ActionKind::CallBack,
            Ask::Quote => ActionKind::Quote,
            Ask::AcceptQuote => ActionKind::AcceptQuote,
            Ask::DeclineQuote => ActionKind::DeclineQuote,
            Ask::WaitCustomer => ActionKind::WaitCustomer,
            Ask::Resume => ActionKind::Resume,
            Ask::SignForm { .. } => ActionKind::SignForm,
            Ask::SecondVisit { .. } => ActionKind::SecondVisit,
            Ask::ConfirmParts => ActionKind::ConfirmParts,
            Ask::Resolve { .. } => ActionKind::Resolve,
            Ask::Reopen => ActionKind::Reopen,
            Ask::Cancel => ActionKind::Cancel,
            Ask::Close => ActionKind::Close,
        }
    }

    /// The permission it needs.
    pub fn permission(&self) -> Permission {
        let signer = match self {
            Ask::SignForm { signer, .. } => Some(*signer),
            _ => None,
        };
        self.kind().permission(signer)
    }
}

/// What `ask` does at `now` to a request standing as `facts` say, or why not.
///
/// Refusals come in this order: who asks (a technician not assigned), the
/// state (the lifecycle, a quote only for billable work, an answer only
/// while a quote waits, no plain resume while it does), then the action's
/// own rules (signatures in order and not in the future, a second visit in
/// the future, a fix between intake and now, an on-site fix signed).
pub fn plan(ask: &Ask, facts: &Facts, now: DateTime<Utc>) -> Result<Plan, Refusal> {
    let kind = ask.kind();
    if facts.role == Role::Technician
        && ask.permission() == Permission::WorkRequests
        && !facts.asked_by_assignee
    {
        return Err(Refusal::NotAssignee);
    }
    let status = facts.standing.status;
    let illegal = |reason| Refusal::Illegal {
        action: kind,
        status,
        reason,
    };
    let next = kind.admitted(&facts.standing).map_err(illegal)?;
    let mut plan = Plan::goes(next);
    let ends_wait = match *ask {
        Ask::Assign => {
            // A new assignee owes the customer a call-back (once called
            // back, reassigning keeps the work going).
            if matches!(next, Status::Assigned | Status::Reopened) {
                plan.clocks
                    .push(ClockChange::Start(vec![SlaTarget::CallBack], now));
            }
            false
        }
        Ask::CallBack => {
            let met = vec![
                SlaTarget::response_target(facts.priority),
                SlaTarget::CallBack,
                SlaTarget::DissatisfiedReview,
            ];
            plan.clocks.push(ClockChange::Meet(met, now));
            false
        }
        Ask::Quote | Ask::WaitCustomer => {
            plan.wait = Wait::Begins(now);
            false
        }
        Ask::AcceptQuote => {
            plan.quote_answer = Some(QuoteAnswer::Accepted);
            true
        }
        Ask::DeclineQuote => {
            plan.quote_answer = Some(QuoteAnswer::Declined);
            plan.notice = Some(Notice::QuoteDeclined);
            true
        }
        Ask::Resume | Ask::Cancel => true,
        Ask::SignForm { signer, signed_at } => {
            if signed_at > now {
                return Err(field("signed_at", crate::key!("must not be in the future")));
            }
            plan.clocks.push(match signer {
                // The account manager's 2 days run from the customer's signature.
                Signer::Customer => ClockChange::Start(vec![SlaTarget::OnSiteSignature], signed_at),
                Signer::AccountManager => {
                    let Some(customer_signed) = facts.customer_signed_at else {
                        return Err(illegal(crate::key!(
                            "the customer has not signed the form yet"
                        )));
                    };
                    if signed_at < customer_signed {
                        return Err(field(
                            "signed_at",
                            crate::key!("must not be before the customer's signature"),
                        ));
                    }
                    ClockChange::Meet(vec![SlaTarget::OnSiteSignature], signed_at)
                }
            });
            false
        }
        Ask::SecondVisit { next_visit_at } => {
            if next_visit_at <= now {
                return Err(field("next_visit_at", crate::key!("must be in the future")));
            }
            false
        }
        Ask::ConfirmParts | Ask::Close => false,
        Ask::Resolve { method, fixed_at } => {
            let fixed_at = fixed_at.unwrap_or(now);
            if fixed_at > now || fixed_at < facts.created_at {
                return Err(field(
                    "fixed_at",
                    crate::key!("must be between the intake and now"),
                ));
            }
            let unsigned =
                facts.customer_signed_at.is_none() || facts.account_manager_signed_at.is_none();
            if method == ResolutionMethod::OnSite && unsigned {
                return Err(Refusal::FormUnsigned);
            }
            let resolution = SlaTarget::resolution_target(facts.work_type);
            plan.clocks.push(ClockChange::Meet(vec![resolution], now));
            if method == ResolutionMethod::Remote {
                plan.clocks.push(ClockChange::Done {
                    target: SlaTarget::RemoteRecord,
                    started_at: fixed_at,
                    met_at: now,
                });
            }
            // The return visit is due 7 days after the resolution.
            plan.clocks
                .push(ClockChange::Start(vec![SlaTarget::ReturnVisit], now));
            plan.visit = Some(VisitChange::ScheduleReturn);
            false
        }
        Ask::Reopen => {
            // Reopened work is called back and resolved afresh.
            let restarted = vec![
                SlaTarget::CallBack,
                SlaTarget::resolution_target(facts.work_type),
            ];
            plan.clocks.push(ClockChange::Start(restarted, now));
            false
        }
    };
    if let (true, Some(since)) = (ends_wait, facts.paused_since) {
        plan.wait = Wait::Ends(Pause::new(since, now)?);
    }
    // Only on becoming so: reassigning reopened work has none due.
    if next != status && matches!(next, Status::Closed | Status::Cancelled | Status::Reopened) {
        plan.visit = Some(VisitChange::CancelDue);
    }
    Ok(plan)
}

fn field(field: &'static str, message: &'static str) -> Refusal {
    Refusal::Field { field, message }
}

#[cfg(test)]
mod tests {
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
}
