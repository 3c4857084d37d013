//! The lifecycle of a complaint (投诉, SPEC section 7).
//!
//! `received` → `investigating` → `solution_proposed` → `approved` (by a
//! manager) → `resolved` → `revisited`; a manager may send a proposed solution
//! back to `investigating`.
//!
//! [`plan`] decides a step: whether the complaint's state allows it, the state
//! after it and what it records; the API applies the [`Plan`] (row, timeline,
//! audit) and owns nothing of the rules.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{IllegalTransition, Lifecycle};
use crate::org::Department;
use crate::permissions::Action as Permission;
use crate::visits::Satisfaction;

/// Where a complaint stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
// Named apart from the other lifecycles' `Status` in the OpenAPI document.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ComplaintStatus))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ComplaintActionKind))]
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

            _ => Err(IllegalTransition::of(self, action)),
        }
    }
}

impl Lifecycle for Status {
    type Action = Action;
    const MACHINE: &'static str = crate::key!("complaint");

    fn codes(self, action: Action) -> (&'static str, &'static str) {
        (self.code(), action.code())
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
}

impl Action {
    /// The fields the action records: those it requires, and those it may
    /// take besides; any other is refused.
    pub fn fields(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Action::Investigate => (&["responsible_department"], &["cause"]),
            Action::ProposeSolution => (&["solution"], &["cause"]),
            Action::RejectSolution => (&["reason"], &[]),
            Action::Approve | Action::Resolve => (&[], &[]),
            Action::Revisit => (&["satisfaction"], &["note"]),
        }
    }

    /// The permission it needs: managers decide on a proposed solution; the
    /// service desk does the rest.
    pub fn permission(self) -> Permission {
        match self {
            Action::Approve | Action::RejectSolution => Permission::ApproveComplaints,
            Action::Investigate | Action::ProposeSolution | Action::Resolve | Action::Revisit => {
                Permission::WriteComplaints
            }
        }
    }
}

/// An action with what it records, its text trimmed and not blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Name the responsible department; a cause if one is known already.
    Investigate {
        /// The department responsible.
        department: Department,
        /// The cause, if known.
        cause: Option<String>,
    },
    /// Put a solution to the manager, perhaps with the cause found.
    ProposeSolution {
        /// The solution.
        solution: String,
        /// The cause found, if it is told now.
        cause: Option<String>,
    },
    /// Send the solution back, saying why.
    RejectSolution {
        /// Why the solution goes back.
        reason: String,
    },
    /// Approve the proposed solution (the actor is the approver).
    Approve,
    /// The solution was carried out.
    Resolve,
    /// The return visit: the customer's satisfaction and what they said.
    Revisit {
        /// How satisfied the customer is.
        satisfaction: Satisfaction,
        /// What the customer said.
        note: Option<String>,
    },
}

impl Step {
    /// The action this step takes.
    pub fn action(&self) -> Action {
        match self {
            Step::Investigate { .. } => Action::Investigate,
            Step::ProposeSolution { .. } => Action::ProposeSolution,
            Step::RejectSolution { .. } => Action::RejectSolution,
            Step::Approve => Action::Approve,
            Step::Resolve => Action::Resolve,
            Step::Revisit { .. } => Action::Revisit,
        }
    }
}

/// What is known of the complaint when a step is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    /// Where it stands.
    pub status: Status,
}

/// What a step does to the complaint. A field left `None` keeps its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The state after the step.
    pub status: Status,
    /// The department responsible.
    pub responsible_department: Option<Department>,
    /// The cause found.
    pub cause: Option<String>,
    /// The solution: `Some(None)` clears it (a rejected solution stays on the
    /// timeline, not on the complaint).
    pub solution: Option<Option<String>>,
    /// When the solution was approved; the actor is the approver.
    pub approved_at: Option<DateTime<Utc>>,
    /// When the solution was carried out.
    pub resolved_at: Option<DateTime<Utc>>,
    /// When the return visit was done.
    pub revisited_at: Option<DateTime<Utc>>,
    /// The customer's satisfaction at the return visit.
    pub satisfaction: Option<Satisfaction>,
    /// What was said that has no column (a rejection reason, a visit note),
    /// for the timeline, by field name.
    pub said: Vec<(&'static str, String)>,
}

impl Plan {
    /// A step to `status` that records nothing.
    fn to(status: Status) -> Plan {
        Plan {
            status,
            responsible_department: None,
            cause: None,
            solution: None,
            approved_at: None,
            resolved_at: None,
            revisited_at: None,
            satisfaction: None,
            said: Vec::new(),
        }
    }
}

/// A step the complaint's state does not allow, with why.
pub type Refusal = super::Refusal<Status>;

/// Decides `step` on a complaint described by `facts` at `now`: the state
/// after it and what it records, or why it is refused.
pub fn plan(step: Step, facts: &Facts, now: DateTime<Utc>) -> Result<Plan, Refusal> {
    let action = step.action();
    let status = facts.status.apply(action).map_err(|_| Refusal {
        action,
        status: facts.status,
        reason: why_not(action, facts.status),
    })?;
    let mut plan = Plan::to(status);
    match step {
        Step::Investigate { department, cause } => {
            plan.responsible_department = Some(department);
            plan.cause = cause;
        }
        Step::ProposeSolution { solution, cause } => {
            plan.solution = Some(Some(solution));
            plan.cause = cause;
        }
        Step::RejectSolution { reason } => {
            plan.solution = Some(None);
            plan.said.push(("reason", reason));
        }
        Step::Approve => plan.approved_at = Some(now),
        Step::Resolve => plan.resolved_at = Some(now),
        Step::Revisit { satisfaction, note } => {
            plan.satisfaction = Some(satisfaction);
            plan.revisited_at = Some(now);
            plan.said.extend(note.map(|note| ("note", note)));
        }
    }
    Ok(plan)
}

/// Why `action` does not fit a complaint that is `status` (a pair the
/// transition table refuses).
fn why_not(action: Action, status: Status) -> &'static str {
    use Action as A;
    use Status as S;
    match (action, status) {
        (A::Investigate, S::Investigating) => crate::key!("it is already being investigated"),
        (A::Investigate, _) => crate::key!("investigation starts when a complaint is received"),
        (A::ProposeSolution, S::Received) => {
            crate::key!("investigate it first, naming the department")
        }
        (A::ProposeSolution, S::SolutionProposed) => {
            crate::key!("a solution already awaits a manager")
        }
        (A::ProposeSolution, _) => crate::key!("its solution was already approved"),
        (A::RejectSolution | A::Approve, _) => {
            crate::key!("no solution awaits a manager's decision")
        }
        (A::Resolve, S::Resolved | S::Revisited) => crate::key!("it is already resolved"),
        (A::Resolve, _) => crate::key!("a manager approves a solution first"),
        (A::Revisit, S::Revisited) => crate::key!("the return visit is already done"),
        (A::Revisit, _) => crate::key!("the return visit follows the resolution"),
    }
}

#[cfg(test)]
mod tests;
