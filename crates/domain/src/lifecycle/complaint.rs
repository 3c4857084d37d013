//! The lifecycle of a complaint (投诉, SPEC section 7).
//!
//! `received` → `investigating` → `solution_proposed` → `approved` (by a
//! manager) → `resolved` → `revisited`; a manager may send a proposed solution
//! back to `investigating`.

use serde::{Deserialize, Serialize};

use super::IllegalTransition;

/// Where a complaint stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
// Named apart from the other lifecycles' `Status` in the OpenAPI document.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ComplaintStatus))]
pub enum Status {
    /// Taken in, with the handling time promised to the customer.
    Received,
    /// The responsible department is looking for the cause.
    Investigating,
    /// A solution awaits a manager's approval.
    SolutionProposed,
    /// A manager approved the solution; it is being carried out.
    Approved,
    /// The solution was carried out.
    Resolved,
    /// The return visit to the customer is done.
    Revisited,
}

/// Something that happens to a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ComplaintAction))]
pub enum Action {
    /// Name the responsible department and start looking for the cause.
    Investigate,
    /// Put a solution to the manager.
    ProposeSolution,
    /// A manager sends the proposed solution back for more investigation.
    RejectSolution,
    /// A manager approves the proposed solution.
    Approve,
    /// The approved solution has been carried out.
    Resolve,
    /// The return visit after the resolution is done.
    Revisit,
}

impl Status {
    /// Every state, in lifecycle order.
    pub const ALL: [Status; 6] = [
        Status::Received,
        Status::Investigating,
        Status::SolutionProposed,
        Status::Approved,
        Status::Resolved,
        Status::Revisited,
    ];

    /// The state's code as stored and sent on the wire.
    pub fn code(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Investigating => "investigating",
            Status::SolutionProposed => "solution_proposed",
            Status::Approved => "approved",
            Status::Resolved => "resolved",
            Status::Revisited => "revisited",
        }
    }

    /// The state with this code, if there is one.
    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.code() == code)
    }

    /// Whether the promise to the customer is still pending (it can become overdue).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Received | Status::Investigating | Status::SolutionProposed | Status::Approved
        )
    }

    /// The state after `action`, or the refusal naming the current state.
    pub fn apply(self, action: Action) -> Result<Status, IllegalTransition> {
        use Action as A;
        use Status as S;
        match (self, action) {
            (S::Received, A::Investigate) => Ok(S::Investigating),
            (S::Investigating, A::ProposeSolution) => Ok(S::SolutionProposed),
            (S::SolutionProposed, A::RejectSolution) => Ok(S::Investigating),
            (S::SolutionProposed, A::Approve) => Ok(S::Approved),
            (S::Approved, A::Resolve) => Ok(S::Resolved),
            (S::Resolved, A::Revisit) => Ok(S::Revisited),

            (state, action) => Err(IllegalTransition {
                machine: "complaint",
                state: state.code(),
                action: action.code(),
            }),
        }
    }
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 6] = [
        Action::Investigate,
        Action::ProposeSolution,
        Action::RejectSolution,
        Action::Approve,
        Action::Resolve,
        Action::Revisit,
    ];

    /// The action's code as stored and sent on the wire.
    pub fn code(self) -> &'static str {
        match self {
            Action::Investigate => "investigate",
            Action::ProposeSolution => "propose_solution",
            Action::RejectSolution => "reject_solution",
            Action::Approve => "approve",
            Action::Resolve => "resolve",
            Action::Revisit => "revisit",
        }
    }

    /// The action with this code, if there is one.
    pub fn from_code(code: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|action| action.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::{Action as A, Status as S};

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
        for state in S::ALL {
            for action in A::ALL {
                let expected = LEGAL
                    .iter()
                    .find(|(from, by, _)| *from == state && *by == action)
                    .map(|(_, _, next)| *next);
                match (state.apply(action), expected) {
                    (Ok(next), Some(want)) => assert_eq!(next, want, "{state:?} + {action:?}"),
                    (Err(refusal), None) => {
                        assert_eq!(refusal.machine, "complaint");
                        assert_eq!(refusal.state, state.code());
                        assert_eq!(refusal.action, action.code());
                        assert!(refusal.to_string().contains(state.code()));
                    }
                    (got, want) => panic!("{state:?} + {action:?}: got {got:?}, want {want:?}"),
                }
            }
        }
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
    fn codes_match_the_wire_names_and_parse_back() {
        for state in S::ALL {
            let json = serde_json::to_string(&state).unwrap();
            assert_eq!(json, format!("\"{}\"", state.code()));
            assert_eq!(S::from_code(state.code()), Some(state));
        }
        for action in A::ALL {
            let json = serde_json::to_string(&action).unwrap();
            assert_eq!(json, format!("\"{}\"", action.code()));
            assert_eq!(A::from_code(action.code()), Some(action));
        }
    }
}
