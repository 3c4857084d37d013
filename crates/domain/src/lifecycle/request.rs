//! The lifecycle of a service request (服务请求, SPEC section 4).
//!
//! `new` → `assigned` → `in_progress` (the technician has called back) ⇄
//! `waiting_customer` → `resolved` → `closed`; `resolved` → `reopened` →
//! `in_progress`; any open state → `cancelled` with a reason.
//!
//! The actions a caller takes ([`ActionKind`]) map onto these steps; what
//! each does beyond the step (clocks, waits, visits, notices) and when it
//! is refused is [`plan`].

mod actions;
mod plan;
pub mod sla;

use serde::{Deserialize, Serialize};

use super::{IllegalTransition, Lifecycle};

pub use self::actions::{ActionKind, Signer, Standing};
pub use self::plan::{
    Ask, ClockChange, Facts, Notice, Plan, QuoteAnswer, Refusal, VisitChange, Wait, plan,
};

/// Who hears that a request was assigned to them (SPEC 11): its new
/// assignee, unless nothing changed or they assigned it to themselves.
pub fn told_of_assignment<Id: Copy + PartialEq>(
    before: Option<Id>,
    after: Option<Id>,
    actor: Id,
) -> Option<Id> {
    after.filter(|&assignee| Some(assignee) != before && assignee != actor)
}

/// Where a service request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = RequestStatus))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum Status {
    /// Taken in, nobody assigned yet.
    New,
    /// A technician is assigned but has not called the customer back.
    Assigned,
    /// The technician has called back and is working on it.
    InProgress,
    /// Waiting on the customer (e.g. a quote to confirm); its clocks are paused.
    WaitingCustomer,
    /// Fixed; the return visit decides whether it closes or reopens.
    Resolved,
    /// The return visit found the customer dissatisfied; work starts again.
    Reopened,
    /// Done and confirmed by the customer.
    Closed,
    /// Abandoned with a reason (e.g. the customer declined the quote).
    Cancelled,
}

/// Something that happens to a service request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Assign (or reassign) a technician.
    Assign,
    /// The technician has called the customer back.
    CallBack,
    /// Wait on the customer (e.g. a quote awaiting confirmation); clocks pause.
    WaitCustomer,
    /// The customer answered or accepted the quote; clocks run again.
    Resume,
    /// The technician records the fix.
    Resolve,
    /// The return visit found the customer satisfied.
    Close,
    /// The return visit found the customer dissatisfied.
    Reopen,
    /// Abandon the request; the caller records the reason on the timeline.
    Cancel,
}

impl Status {
    /// Every state, in lifecycle order.
    pub const ALL: [Status; 8] = [
        Status::New,
        Status::Assigned,
        Status::InProgress,
        Status::WaitingCustomer,
        Status::Resolved,
        Status::Reopened,
        Status::Closed,
        Status::Cancelled,
    ];

    /// The state's code as stored and sent on the wire.
    pub fn code(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Assigned => "assigned",
            Status::InProgress => "in_progress",
            Status::WaitingCustomer => "waiting_customer",
            Status::Resolved => "resolved",
            Status::Reopened => "reopened",
            Status::Closed => "closed",
            Status::Cancelled => "cancelled",
        }
    }

    /// Whether the request still needs work (it counts in loads and can be cancelled).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::New
                | Status::Assigned
                | Status::InProgress
                | Status::WaitingCustomer
                | Status::Reopened
        )
    }

    /// Whether the request is over (closed or cancelled): its clocks are
    /// read where it ended.
    pub fn is_finished(self) -> bool {
        matches!(self, Status::Closed | Status::Cancelled)
    }

    /// Whether the request's SLA clocks are stopped because it waits on the customer.
    pub fn is_paused(self) -> bool {
        self == Status::WaitingCustomer
    }

    /// The state after `action`, or the refusal naming the current state.
    pub fn apply(self, action: Action) -> Result<Status, IllegalTransition> {
        use Action as A;
        use Status as S;
        match (self, action) {
            (S::New, A::Assign) => Ok(S::Assigned),
            // Reassigning a technician keeps the work where it was.
            (S::Assigned, A::Assign) => Ok(S::Assigned),
            (S::InProgress, A::Assign) => Ok(S::InProgress),
            (S::WaitingCustomer, A::Assign) => Ok(S::WaitingCustomer),
            (S::Reopened, A::Assign) => Ok(S::Reopened),

            (S::Assigned, A::CallBack) => Ok(S::InProgress),
            (S::Reopened, A::CallBack) => Ok(S::InProgress),

            (S::InProgress, A::WaitCustomer) => Ok(S::WaitingCustomer),
            (S::WaitingCustomer, A::Resume) => Ok(S::InProgress),

            (S::InProgress, A::Resolve) => Ok(S::Resolved),
            (S::Resolved, A::Close) => Ok(S::Closed),
            (S::Resolved, A::Reopen) => Ok(S::Reopened),

            (S::New, A::Cancel) => Ok(S::Cancelled),
            (S::Assigned, A::Cancel) => Ok(S::Cancelled),
            (S::InProgress, A::Cancel) => Ok(S::Cancelled),
            (S::WaitingCustomer, A::Cancel) => Ok(S::Cancelled),
            (S::Reopened, A::Cancel) => Ok(S::Cancelled),

            _ => Err(IllegalTransition::of(self, action)),
        }
    }
}

impl Lifecycle for Status {
    type Action = Action;
    const MACHINE: &'static str = crate::key!("service request");

    fn codes(self, action: Action) -> (&'static str, &'static str) {
        (self.code(), action.code())
    }
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 8] = [
        Action::Assign,
        Action::CallBack,
        Action::WaitCustomer,
        Action::Resume,
        Action::Resolve,
        Action::Close,
        Action::Reopen,
        Action::Cancel,
    ];

    /// The action's code as stored and sent on the wire.
    pub fn code(self) -> &'static str {
        match self {
            Action::Assign => "assign",
            Action::CallBack => "call_back",
            Action::WaitCustomer => "wait_customer",
            Action::Resume => "resume",
            Action::Resolve => "resolve",
            Action::Close => "close",
            Action::Reopen => "reopen",
            Action::Cancel => "cancel",
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_new_assignee_is_told_unless_they_took_it_themselves() {
        use super::told_of_assignment;
        let (desk, tech, other) = (1, 2, 3);
        assert_eq!(told_of_assignment(None, Some(tech), desk), Some(tech));
        assert_eq!(
            told_of_assignment(Some(other), Some(tech), desk),
            Some(tech)
        );
        assert_eq!(told_of_assignment(Some(tech), Some(tech), desk), None);
        assert_eq!(told_of_assignment(None, Some(tech), tech), None);
        assert_eq!(told_of_assignment(Some(tech), None, desk), None);
    }

    use super::{Action as A, Status as S};
    use crate::lifecycle::checks::{assert_codes_on_the_wire, assert_follows_table};

    /// Every legal transition of SPEC section 4; every other pair is refused.
    const LEGAL: [(S, A, S); 17] = [
        (S::New, A::Assign, S::Assigned),
        (S::Assigned, A::Assign, S::Assigned),
        (S::InProgress, A::Assign, S::InProgress),
        (S::WaitingCustomer, A::Assign, S::WaitingCustomer),
        (S::Reopened, A::Assign, S::Reopened),
        (S::Assigned, A::CallBack, S::InProgress),
        (S::Reopened, A::CallBack, S::InProgress),
        (S::InProgress, A::WaitCustomer, S::WaitingCustomer),
        (S::WaitingCustomer, A::Resume, S::InProgress),
        (S::InProgress, A::Resolve, S::Resolved),
        (S::Resolved, A::Close, S::Closed),
        (S::Resolved, A::Reopen, S::Reopened),
        (S::New, A::Cancel, S::Cancelled),
        (S::Assigned, A::Cancel, S::Cancelled),
        (S::InProgress, A::Cancel, S::Cancelled),
        (S::WaitingCustomer, A::Cancel, S::Cancelled),
        (S::Reopened, A::Cancel, S::Cancelled),
    ];

    #[test]
    fn every_state_and_action_pair_follows_the_transition_table() {
        assert_follows_table("service request", &S::ALL, &A::ALL, &LEGAL, S::apply);
    }

    #[test]
    fn a_resolved_request_cannot_be_assigned_and_the_error_names_its_state() {
        let refusal = S::Resolved.apply(A::Assign).unwrap_err();
        assert_eq!(
            refusal.to_string(),
            "a service request that is `resolved` does not allow `assign`"
        );
    }

    #[test]
    fn any_open_state_can_be_cancelled_and_no_other() {
        for state in S::ALL {
            assert_eq!(state.apply(A::Cancel).is_ok(), state.is_open(), "{state:?}");
        }
    }

    #[test]
    fn only_waiting_on_the_customer_pauses_the_clocks() {
        let paused: Vec<S> = S::ALL.into_iter().filter(|s| s.is_paused()).collect();
        assert_eq!(paused, [S::WaitingCustomer]);
    }

    #[test]
    fn codes_match_the_wire_names() {
        assert_codes_on_the_wire(&S::ALL, S::code);
        assert_codes_on_the_wire(&A::ALL, A::code);
    }
}
