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
mod tests;
