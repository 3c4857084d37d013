//! What happens to a request after intake: one action per call.

use chrono::{DateTime, FixedOffset};
use rapport_domain::lifecycle::request::Standing;
use rapport_domain::permissions::Action;
use rapport_domain::request::ResolutionMethod;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::{Validate, ValidationErrors};

use crate::requests::ServiceRequest;

pub use rapport_domain::lifecycle::request::{ActionKind, Signer};

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

/// What of a request decides which actions it allows (`ActionKind::fits`,
/// the rule the server checks too).
impl From<&ServiceRequest> for Standing {
    fn from(request: &ServiceRequest) -> Standing {
        Standing {
            status: request.status,
            billable: request.billable,
            quote_waits: request
                .quote
                .as_ref()
                .is_some_and(|quote| quote.answer.is_none()),
        }
    }
}
