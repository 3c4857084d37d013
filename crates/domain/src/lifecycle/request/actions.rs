//! What a caller can do to a service request after intake, one action per
//! call: the action codes of the wire, the fields each takes, the
//! permission each needs and the lifecycle step each takes.

use serde::{Deserialize, Serialize};

use super::{Action as Step, Status};
use crate::permissions::Action as Permission;

/// Who signs the on-site service form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Signer {
    /// The customer, on the day of the visit.
    Customer,
    /// The customer's account manager, within 2 days.
    AccountManager,
}

/// What an action does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Assign or reassign: to `assignee_id`, or by the routing rules when absent.
    Assign,
    /// The technician called the customer back (`note`); response and call-back are met.
    CallBack,
    /// The service desk quotes `fee_cents`, `method`, `scheduled_for`, `note`
    /// for billable work; the request waits on the customer.
    Quote,
    /// The customer accepted the quote: the work goes ahead.
    AcceptQuote,
    /// The customer declined the quote (`note`): cancelled as `declined`.
    DeclineQuote,
    /// Wait on the customer (`reason`); clocks pause.
    WaitCustomer,
    /// The customer answered: clocks run again, moved by the wait.
    Resume,
    /// A signature on the on-site service form: `signer`, `signed_at`.
    SignForm,
    /// A visit did not finish the job: `outstanding_issue`, `next_visit_at`.
    SecondVisit,
    /// The customer confirmed charged parts: `description`, `amount_cents`, `confirmed_by`.
    ConfirmParts,
    /// The fix: `method`, `fault_description`, `solution`, and `fixed_at` for a remote fix.
    Resolve,
    /// Reopen a resolved request (`reason`).
    Reopen,
    /// Abandon an open request (`reason`).
    Cancel,
    /// Close a resolved request (`reason`): a satisfied return visit does,
    /// or a manager when the customer cannot be reached.
    Close,
}

/// What of a request decides which actions its state allows; the app
/// builds it from the request it shows, the server from the stored row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// Where the request stands.
    pub status: Status,
    /// Whether the customer pays (no contract covers the work).
    pub billable: bool,
    /// Whether a quote awaits the customer's answer.
    pub quote_waits: bool,
}

impl ActionKind {
    /// Every action, in the order the app offers them.
    pub const ALL: [ActionKind; 14] = [
        ActionKind::Assign,
        ActionKind::CallBack,
        ActionKind::Quote,
        ActionKind::AcceptQuote,
        ActionKind::DeclineQuote,
        ActionKind::WaitCustomer,
        ActionKind::Resume,
        ActionKind::SignForm,
        ActionKind::SecondVisit,
        ActionKind::ConfirmParts,
        ActionKind::Resolve,
        ActionKind::Reopen,
        ActionKind::Cancel,
        ActionKind::Close,
    ];

    /// The action's name on the wire, on the timeline and in the audit log.
    pub fn code(self) -> &'static str {
        match self {
            ActionKind::Assign => "assign",
            ActionKind::CallBack => "call_back",
            ActionKind::Quote => "quote",
            ActionKind::AcceptQuote => "accept_quote",
            ActionKind::DeclineQuote => "decline_quote",
            ActionKind::WaitCustomer => "wait_customer",
            ActionKind::Resume => "resume",
            ActionKind::SignForm => "sign_form",
            ActionKind::SecondVisit => "second_visit",
            ActionKind::ConfirmParts => "confirm_parts",
            ActionKind::Resolve => "resolve",
            ActionKind::Reopen => "reopen",
            ActionKind::Cancel => "cancel",
            ActionKind::Close => "close",
        }
    }

    /// The fields the action requires, and those it may take besides.
    pub fn fields(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            ActionKind::Assign => (&[], &["assignee_id"]),
            ActionKind::CallBack => (&[], &["note"]),
            ActionKind::Quote => (&["fee_cents", "method"], &["scheduled_for", "note"]),
            ActionKind::AcceptQuote | ActionKind::Resume => (&[], &[]),
            ActionKind::DeclineQuote => (&[], &["note"]),
            ActionKind::WaitCustomer
            | ActionKind::Reopen
            | ActionKind::Cancel
            | ActionKind::Close => (&["reason"], &[]),
            ActionKind::SignForm => (&["signer", "signed_at"], &[]),
            ActionKind::SecondVisit => (&["outstanding_issue", "next_visit_at"], &[]),
            ActionKind::ConfirmParts => (&["description", "amount_cents", "confirmed_by"], &[]),
            ActionKind::Resolve => (&["method", "fault_description", "solution"], &["fixed_at"]),
        }
    }

    /// The permission the action needs; the account manager's signature
    /// on the service form needs its own.
    pub fn permission(self, signer: Option<Signer>) -> Permission {
        match self {
            ActionKind::Assign
            | ActionKind::Quote
            | ActionKind::AcceptQuote
            | ActionKind::DeclineQuote
            | ActionKind::Reopen
            | ActionKind::Cancel
            | ActionKind::Close => Permission::WriteRequests,
            ActionKind::SignForm if signer == Some(Signer::AccountManager) => {
                Permission::SignServiceForms
            }
            ActionKind::CallBack
            | ActionKind::WaitCustomer
            | ActionKind::Resume
            | ActionKind::SignForm
            | ActionKind::SecondVisit
            | ActionKind::ConfirmParts
            | ActionKind::Resolve => Permission::WorkRequests,
        }
    }

    /// The lifecycle step it takes; `None` for records that keep the state
    /// (they need the request `in_progress`).
    pub fn step(self) -> Option<Step> {
        match self {
            ActionKind::Assign => Some(Step::Assign),
            ActionKind::CallBack => Some(Step::CallBack),
            ActionKind::Quote | ActionKind::WaitCustomer => Some(Step::WaitCustomer),
            ActionKind::AcceptQuote | ActionKind::Resume => Some(Step::Resume),
            ActionKind::DeclineQuote | ActionKind::Cancel => Some(Step::Cancel),
            ActionKind::Resolve => Some(Step::Resolve),
            ActionKind::Reopen => Some(Step::Reopen),
            ActionKind::Close => Some(Step::Close),
            ActionKind::SignForm | ActionKind::SecondVisit | ActionKind::ConfirmParts => None,
        }
    }

    /// Whether a request standing so allows the action: what
    /// [`super::plan`] checks before the action's own fields, so that the
    /// app offers exactly the actions the server takes.
    pub fn fits(self, standing: impl Into<Standing>) -> bool {
        self.admitted(&standing.into()).is_ok()
    }

    /// The state after the action on a request standing so, or why not.
    pub(super) fn admitted(self, standing: &Standing) -> Result<Status, &'static str> {
        let status = standing.status;
        let next = match self.step() {
            Some(step) => status
                .apply(step)
                .map_err(|_| crate::key!("the lifecycle does not allow it"))?,
            None if status == Status::InProgress => Status::InProgress,
            None => return Err(crate::key!("it must be in progress")),
        };
        match self {
            ActionKind::Quote if !standing.billable => {
                Err(crate::key!("a contract covers it, the work is free"))
            }
            ActionKind::AcceptQuote | ActionKind::DeclineQuote if !standing.quote_waits => {
                Err(crate::key!("no quote awaits an answer"))
            }
            ActionKind::Quote | ActionKind::WaitCustomer | ActionKind::Resume
                if standing.quote_waits =>
            {
                Err(crate::key!(
                    "a quote awaits the customer's answer; accept or decline it"
                ))
            }
            _ => Ok(next),
        }
    }
}
