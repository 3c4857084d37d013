//! What happens to a request after intake: one action per call.

use chrono::{DateTime, FixedOffset};
use rapport_domain::lifecycle::request::Action as Step;
use rapport_domain::lifecycle::request::Status;
use rapport_domain::permissions::Action;
use rapport_domain::request::ResolutionMethod;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::{Validate, ValidationErrors};

use crate::requests::ServiceRequest;

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

/// One action on a request: `action`, the `version` read (a stale one gets
/// 409), and exactly the fields that action records.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RequestAction {
    /// What to do.
    pub action: ActionKind,
    /// The version read.
    pub version: i32,
    /// `assign`: the person to take it; absent to pick by load.
    pub assignee_id: Option<Uuid>,
    /// `call_back`, `quote`, `decline_quote`: what was said.
    pub note: Option<String>,
    /// `quote`: the fee, in fen.
    pub fee_cents: Option<i64>,
    /// `quote`: how the work would be done; `resolve`: how it was done.
    pub method: Option<ResolutionMethod>,
    /// `quote`: when the work would be done.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub scheduled_for: Option<DateTime<FixedOffset>>,
    /// `wait_customer`, `reopen`, `cancel`, `close`: why.
    pub reason: Option<String>,
    /// `sign_form`: the customer (same day) or the account manager (within 2 days).
    pub signer: Option<Signer>,
    /// `sign_form`: when they signed.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub signed_at: Option<DateTime<FixedOffset>>,
    /// `second_visit`: what is still wrong.
    pub outstanding_issue: Option<String>,
    /// `second_visit`: when the technician goes back.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub next_visit_at: Option<DateTime<FixedOffset>>,
    /// `confirm_parts`: which parts.
    pub description: Option<String>,
    /// `confirm_parts`: what they cost the customer, in fen.
    pub amount_cents: Option<i64>,
    /// `confirm_parts`: who at the customer confirmed.
    pub confirmed_by: Option<String>,
    /// `resolve`: what was wrong.
    pub fault_description: Option<String>,
    /// `resolve`: how it was fixed.
    pub solution: Option<String>,
    /// `resolve`: when a remote fix was done (its record is due 2 hours later); default now.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub fixed_at: Option<DateTime<FixedOffset>>,
}

impl ActionKind {
    /// The action's name on the timeline and in the audit log.
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
    pub fn permission(self, signer: Option<Signer>) -> Action {
        match self {
            ActionKind::Assign
            | ActionKind::Quote
            | ActionKind::AcceptQuote
            | ActionKind::DeclineQuote
            | ActionKind::Reopen
            | ActionKind::Cancel
            | ActionKind::Close => Action::WriteRequests,
            ActionKind::SignForm if signer == Some(Signer::AccountManager) => {
                Action::SignServiceForms
            }
            ActionKind::CallBack
            | ActionKind::WaitCustomer
            | ActionKind::Resume
            | ActionKind::SignForm
            | ActionKind::SecondVisit
            | ActionKind::ConfirmParts
            | ActionKind::Resolve => Action::WorkRequests,
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
}

/// Field checks happen in `check_fields` and as the action is carried out,
/// where the field can be named.
impl Validate for RequestAction {
    fn validate(&self) -> Result<(), ValidationErrors> {
        Ok(())
    }
}

impl RequestAction {
    /// Each field the action may carry, and whether this one carries it:
    /// the server refuses any the action does not take (see [`ActionKind::fields`]).
    pub fn given_fields(&self) -> [(&'static str, bool); 16] {
        [
            ("assignee_id", self.assignee_id.is_some()),
            ("note", self.note.is_some()),
            ("fee_cents", self.fee_cents.is_some()),
            ("method", self.method.is_some()),
            ("scheduled_for", self.scheduled_for.is_some()),
            ("reason", self.reason.is_some()),
            ("signer", self.signer.is_some()),
            ("signed_at", self.signed_at.is_some()),
            ("outstanding_issue", self.outstanding_issue.is_some()),
            ("next_visit_at", self.next_visit_at.is_some()),
            ("description", self.description.is_some()),
            ("amount_cents", self.amount_cents.is_some()),
            ("confirmed_by", self.confirmed_by.is_some()),
            ("fault_description", self.fault_description.is_some()),
            ("solution", self.solution.is_some()),
            ("fixed_at", self.fixed_at.is_some()),
        ]
    }

    /// The permission the action needs.
    pub fn permission(&self) -> Action {
        self.action.permission(self.signer)
    }
}

impl RequestAction {
    /// An action that takes only a reason, for the server's own use (a
    /// return visit closing or reopening its request).
    pub fn with_reason(action: ActionKind, version: i32, reason: String) -> RequestAction {
        RequestAction {
            action,
            version,
            reason: Some(reason),
            assignee_id: None,
            note: None,
            fee_cents: None,
            method: None,
            scheduled_for: None,
            signer: None,
            signed_at: None,
            outstanding_issue: None,
            next_visit_at: None,
            description: None,
            amount_cents: None,
            confirmed_by: None,
            fault_description: None,
            solution: None,
            fixed_at: None,
        }
    }
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

    /// Whether the request's state allows the action: its lifecycle step
    /// (records that keep the state need it `in_progress`), a quote only for
    /// billable work, an answer only while a quote waits, and no plain
    /// resume while it does. The server checks the same and answers 409.
    pub fn fits(self, request: &ServiceRequest) -> bool {
        let quote_waits = request
            .quote
            .as_ref()
            .is_some_and(|quote| quote.answer.is_none());
        let state_allows = match self.step() {
            Some(step) => request.status.apply(step).is_ok(),
            None => request.status == Status::InProgress,
        };
        state_allows
            && match self {
                ActionKind::Quote => request.billable && !quote_waits,
                ActionKind::AcceptQuote | ActionKind::DeclineQuote => quote_waits,
                ActionKind::Resume | ActionKind::WaitCustomer => !quote_waits,
                _ => true,
            }
    }
}
