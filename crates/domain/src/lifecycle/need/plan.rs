//! How a step is planned on a need: what it records, whether its state
//! and milestones allow it, and where its response target stands.

use chrono::{DateTime, Utc};

use super::{Action, Evaluation, Milestone, Status};
use crate::sla::SlaStatus;

/// An action with what it records, its text trimmed and not blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Judge the need, perhaps with the direction of a solution.
    Evaluate {
        /// The three scores.
        evaluation: Evaluation,
        /// The initial direction of the solution (初步解决方案方向).
        solution_direction: Option<String>,
    },
    /// Set the milestones (the owner is the API's: a user it checks).
    Plan {
        /// At least one milestone, none done yet.
        milestones: Vec<Milestone>,
        /// The direction of the solution, if told now.
        solution_direction: Option<String>,
    },
    /// Start the work.
    Start {
        /// What was said.
        note: Option<String>,
    },
    /// Mark the milestone at this index (from 0) done.
    CompleteMilestone {
        /// Its index in the need's list.
        index: usize,
        /// What was said.
        note: Option<String>,
    },
    /// Hand the result over.
    Deliver {
        /// What was said.
        note: Option<String>,
    },
    /// Back to work after the customer did not accept.
    Rework {
        /// Why.
        reason: String,
    },
    /// The customer confirmed.
    Confirm {
        /// Who confirmed on the customer's side.
        by: String,
        /// When they confirmed; `None` is now.
        at: Option<DateTime<Utc>>,
        /// What was said.
        note: Option<String>,
    },
    /// Not taken up.
    Reject {
        /// Why.
        reason: String,
    },
}

impl Step {
    /// The action this step takes.
    pub fn action(&self) -> Action {
        match self {
            Step::Evaluate { .. } => Action::Evaluate,
            Step::Plan { .. } => Action::Plan,
            Step::Start { .. } => Action::Start,
            Step::CompleteMilestone { .. } => Action::CompleteMilestone,
            Step::Deliver { .. } => Action::Deliver,
            Step::Rework { .. } => Action::Rework,
            Step::Confirm { .. } => Action::Confirm,
            Step::Reject { .. } => Action::Reject,
        }
    }
}

/// What is known of the need when a step is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// Where it stands.
    pub status: Status,
    /// Its milestones.
    pub milestones: Vec<Milestone>,
    /// Whether its first response (evaluation or rejection) is already recorded.
    pub responded: bool,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
}

/// What a step does to the need. A field left `None` keeps its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The state after the step.
    pub status: Status,
    /// The evaluation.
    pub evaluation: Option<Evaluation>,
    /// The direction of the solution.
    pub solution_direction: Option<String>,
    /// The milestones, whole.
    pub milestones: Option<Vec<Milestone>>,
    /// The first response: the priority's SLA target is met (or breached) here.
    pub responded_at: Option<DateTime<Utc>>,
    /// When the result was handed over: `Some(None)` clears it (rework).
    pub delivered_at: Option<Option<DateTime<Utc>>>,
    /// Who confirmed on the customer's side, and when.
    pub confirmed: Option<(String, DateTime<Utc>)>,
    /// Why it was rejected.
    pub rejected_reason: Option<String>,
    /// What was said that has no column (a note, a rework reason), by field name.
    pub said: Vec<(&'static str, String)>,
}

impl Plan {
    /// A step to `status` that records nothing.
    pub(super) fn to(status: Status) -> Plan {
        Plan {
            status,
            evaluation: None,
            solution_direction: None,
            milestones: None,
            responded_at: None,
            delivered_at: None,
            confirmed: None,
            rejected_reason: None,
            said: Vec::new(),
        }
    }
}

/// A step the need's state does not allow, with why.
pub type Refusal = crate::lifecycle::Refusal<Status>;

/// Decides `step` on a need described by `facts` at `now`: the state after
/// it and what it records, or why it is refused.
pub fn plan(step: Step, facts: &Facts, now: DateTime<Utc>) -> Result<Plan, Refusal> {
    let action = step.action();
    let refuse = |reason| Refusal {
        action,
        status: facts.status,
        reason,
    };
    let status = facts
        .status
        .apply(action)
        .map_err(|_| refuse(why_not(action, facts.status)))?;
    let mut plan = Plan::to(status);
    match step {
        Step::Evaluate {
            evaluation,
            solution_direction,
        } => {
            plan.evaluation = Some(evaluation);
            plan.solution_direction = solution_direction;
            plan.responded_at = (!facts.responded).then_some(now);
        }
        Step::Plan {
            milestones,
            solution_direction,
        } => {
            if milestones.is_empty() {
                return Err(refuse("a plan names at least one milestone"));
            }
            if milestones
                .iter()
                .any(|milestone| milestone.done_at.is_some())
            {
                return Err(refuse("a new plan's milestones are all still open"));
            }
            plan.milestones = Some(milestones);
            plan.solution_direction = solution_direction;
        }
        Step::Start { note } | Step::Deliver { note } => {
            if action == Action::Deliver && facts.milestones.iter().any(|m| m.done_at.is_none()) {
                return Err(refuse("every milestone is done before delivery"));
            }
            if action == Action::Deliver {
                plan.delivered_at = Some(Some(now));
            }
            plan.said.extend(note.map(|note| ("note", note)));
        }
        Step::CompleteMilestone { index, note } => {
            let mut milestones = facts.milestones.clone();
            let milestone = milestones
                .get_mut(index)
                .ok_or_else(|| refuse("it has no milestone of that number"))?;
            if milestone.done_at.is_some() {
                return Err(refuse("that milestone is already done"));
            }
            milestone.done_at = Some(now);
            plan.milestones = Some(milestones);
            plan.said.extend(note.map(|note| ("note", note)));
        }
        Step::Rework { reason } => {
            plan.delivered_at = Some(None);
            plan.said.push(("reason", reason));
        }
        Step::Confirm { by, at, note } => {
            let at = at.unwrap_or(now);
            if at > now {
                return Err(refuse("a confirmation cannot be dated in the future"));
            }
            if at < facts.created_at {
                return Err(refuse("a confirmation cannot be dated before the need"));
            }
            plan.confirmed = Some((by, at));
            plan.said.extend(note.map(|note| ("note", note)));
        }
        Step::Reject { reason } => {
            plan.rejected_reason = Some(reason);
            plan.responded_at = (!facts.responded).then_some(now);
        }
    }
    Ok(plan)
}

/// Why `action` does not fit a need that is `status` (a pair the
/// transition table refuses).
fn why_not(action: Action, status: Status) -> &'static str {
    use Action as A;
    use Status as S;
    match (action, status) {
        (_, S::Confirmed) => crate::key!("the customer already confirmed it"),
        (_, S::Rejected) => crate::key!("it was rejected"),
        (A::Evaluate, _) => crate::key!("it is already planned; change the plan instead"),
        (A::Plan, S::New) => crate::key!("evaluate it first"),
        (A::Plan, _) => crate::key!("it is already planned"),
        (A::Start, S::New | S::Evaluated) => crate::key!("plan it first (owner and milestones)"),
        (A::Start, _) => crate::key!("the work has already started"),
        (A::CompleteMilestone, S::New | S::Evaluated) => {
            crate::key!("it has no milestones until it is planned")
        }
        (A::CompleteMilestone, _) => crate::key!("it is already delivered"),
        (A::Deliver, S::Delivered) => crate::key!("it is already delivered"),
        (A::Deliver, _) => crate::key!("the work has not started"),
        (A::Rework | A::Confirm, _) => crate::key!("it has not been delivered"),
        (A::Reject, _) => crate::key!("a delivered need is confirmed or reworked, not rejected"),
    }
}

/// Where a need's response target stands at `now`: met or breached once it
/// was answered (evaluated or rejected), breached once the deadline passed
/// without an answer, at risk from `at_risk_from` (the instant
/// `sla::at_risk_from` computed when the clock started), else running.
pub fn response_status(
    deadline: DateTime<Utc>,
    at_risk_from: DateTime<Utc>,
    responded_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> SlaStatus {
    match responded_at {
        Some(at) if at <= deadline => SlaStatus::Met,
        Some(_) => SlaStatus::Breached,
        None if now > deadline => SlaStatus::Breached,
        None if now >= at_risk_from => SlaStatus::AtRisk,
        None => SlaStatus::Running,
    }
}
