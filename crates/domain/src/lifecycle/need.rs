//! The lifecycle of a customer need (客户需求清单, SPEC section 8, seed 002).
//!
//! `new` → `evaluated` (customer value, fit, cost; seed 002 step 2) →
//! `planned` (an owner and milestones; step 3) → `in_progress` → `delivered`
//! (every milestone done; step 4) → `confirmed` (the customer confirms, who
//! and when). A delivery the customer does not accept goes back to
//! `in_progress` (`rework`, seed 002 step 5); any need not yet delivered can
//! be `rejected` with a reason. Evaluating or rejecting is the response the
//! priority's SLA target times, the same target a service request of that
//! priority gets.
//!
//! [`plan`] decides a step: whether the need's state and milestones allow
//! it, the state after it and what it records; the API applies the [`Plan`]
//! (row, audit) and owns nothing of the rules.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{IllegalTransition, Lifecycle};
use crate::sla::SlaStatus;

/// What kind of need (seed 002: 功能需求, 服务需求, 问题反馈).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = NeedKind))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum Kind {
    /// A new or changed function of the product (功能需求).
    Feature,
    /// Training, guidance, configuration (服务需求).
    Service,
    /// A problem the customer reports (问题反馈).
    Issue,
}

impl Kind {
    /// Every value, so the database can be told exactly which codes it may hold.
    pub const ALL: [Kind; 3] = [Kind::Feature, Kind::Service, Kind::Issue];
}

/// Where a need stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = NeedStatus))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum Status {
    /// Recorded, not yet evaluated.
    New,
    /// Customer value, fit and cost were judged.
    Evaluated,
    /// An owner and milestones were set.
    Planned,
    /// Work has started.
    InProgress,
    /// Every milestone is done; waiting for the customer to confirm.
    Delivered,
    /// The customer confirmed the result.
    Confirmed,
    /// Not taken up, with a reason.
    Rejected,
}

/// Something that happens to a need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = NeedActionKind))]
pub enum Action {
    /// Judge customer value, fit and cost (again, while not yet planned).
    Evaluate,
    /// Name the owner and the milestones.
    Plan,
    /// Start the work.
    Start,
    /// Mark one milestone done.
    CompleteMilestone,
    /// Hand the result to the customer (every milestone done).
    Deliver,
    /// The customer did not accept the delivery: back to work, saying why.
    Rework,
    /// The customer confirmed the result (who, when).
    Confirm,
    /// Not taken up, saying why.
    Reject,
}

impl Status {
    /// Every state, in lifecycle order.
    pub const ALL: [Status; 7] = [
        Status::New,
        Status::Evaluated,
        Status::Planned,
        Status::InProgress,
        Status::Delivered,
        Status::Confirmed,
        Status::Rejected,
    ];

    /// The state's code as stored and sent on the wire.
    pub fn code(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Evaluated => "evaluated",
            Status::Planned => "planned",
            Status::InProgress => "in_progress",
            Status::Delivered => "delivered",
            Status::Confirmed => "confirmed",
            Status::Rejected => "rejected",
        }
    }

    /// Whether the need can still change (its fields be edited): not once
    /// the customer confirmed it or it was rejected.
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Confirmed | Status::Rejected)
    }

    /// The state after `action`, or the refusal naming the current state.
    pub fn apply(self, action: Action) -> Result<Status, IllegalTransition> {
        use Action as A;
        use Status as S;
        match (self, action) {
            (S::New | S::Evaluated, A::Evaluate) => Ok(S::Evaluated),
            (S::Evaluated, A::Plan) => Ok(S::Planned),
            (S::Planned, A::Start) => Ok(S::InProgress),
            (S::Planned, A::CompleteMilestone) => Ok(S::Planned),
            (S::InProgress, A::CompleteMilestone) => Ok(S::InProgress),
            (S::InProgress, A::Deliver) => Ok(S::Delivered),
            (S::Delivered, A::Rework) => Ok(S::InProgress),
            (S::Delivered, A::Confirm) => Ok(S::Confirmed),
            (S::New | S::Evaluated | S::Planned | S::InProgress, A::Reject) => Ok(S::Rejected),

            _ => Err(IllegalTransition::of(self, action)),
        }
    }
}

impl Lifecycle for Status {
    type Action = Action;
    const MACHINE: &'static str = crate::key!("need");

    fn codes(self, action: Action) -> (&'static str, &'static str) {
        (self.code(), action.code())
    }
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 8] = [
        Action::Evaluate,
        Action::Plan,
        Action::Start,
        Action::CompleteMilestone,
        Action::Deliver,
        Action::Rework,
        Action::Confirm,
        Action::Reject,
    ];

    /// The action's code as stored and sent on the wire.
    pub fn code(self) -> &'static str {
        match self {
            Action::Evaluate => "evaluate",
            Action::Plan => "plan",
            Action::Start => "start",
            Action::CompleteMilestone => "complete_milestone",
            Action::Deliver => "deliver",
            Action::Rework => "rework",
            Action::Confirm => "confirm",
            Action::Reject => "reject",
        }
    }

    /// The fields the action records: those it requires, and those it may
    /// take besides; any other is refused.
    pub fn fields(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Action::Evaluate => (&["customer_value", "fit", "cost"], &["solution_direction"]),
            Action::Plan => (&["owner_id", "milestones"], &["solution_direction"]),
            Action::Start | Action::Deliver => (&[], &["note"]),
            Action::CompleteMilestone => (&["milestone"], &["note"]),
            Action::Rework | Action::Reject => (&["reason"], &[]),
            Action::Confirm => (&["confirmed_by"], &["confirmed_at", "note"]),
        }
    }
}

/// A score from 1 (lowest) to 5 (highest) of one evaluation dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Score(u8);

/// A score outside 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("a score runs from 1 to 5, not {0}")]
pub struct ScoreOutOfRange(pub i64);

impl Score {
    /// The score, if it lies between 1 and 5.
    pub fn new(score: i64) -> Result<Score, ScoreOutOfRange> {
        match u8::try_from(score) {
            Ok(value @ 1..=5) => Ok(Score(value)),
            _ => Err(ScoreOutOfRange(score)),
        }
    }

    /// The score as a number from 1 to 5.
    pub fn value(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Score {
    type Error = ScoreOutOfRange;

    fn try_from(score: u8) -> Result<Self, Self::Error> {
        Score::new(i64::from(score))
    }
}

impl From<Score> for u8 {
    fn from(score: Score) -> u8 {
        score.0
    }
}

/// How a need was judged (seed 002 step 2: 客户价值, 需求合理性, 解决成本).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evaluation {
    /// What meeting it is worth to the customer relationship (contract value, strategic weight), 1 to 5.
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 5))]
    pub customer_value: Score,
    /// How well it fits the product's direction, 1 to 5.
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 5))]
    pub fit: Score,
    /// What it costs us to meet (technical effort, people), 1 (cheap) to 5 (dear).
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 5))]
    pub cost: Score,
}

/// One milestone of a planned need (seed 002 step 3: 设定各环节时间节点).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = NeedMilestone))]
pub struct Milestone {
    /// What is to be done, e.g. "技术团队提交故障排查报告".
    pub title: String,
    /// The day it is due.
    pub due: NaiveDate,
    /// When it was done; absent while open.
    pub done_at: Option<DateTime<Utc>>,
}

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
    fn to(status: Status) -> Plan {
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
pub type Refusal = super::Refusal<Status>;

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

#[cfg(test)]
mod tests {
    use super::{
        Action as A, Evaluation, Facts, Milestone, Plan, Refusal, Score, Status as S, Step, plan,
        response_status,
    };
    use crate::lifecycle::checks::{
        assert_codes_on_the_wire, assert_follows_table, assert_refusals_say_why,
    };
    use crate::sla::SlaStatus;
    use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 3, 2, 0, 0).unwrap()
    }

    fn score(value: i64) -> Score {
        Score::new(value).unwrap()
    }

    fn evaluation() -> Evaluation {
        Evaluation {
            customer_value: score(5),
            fit: score(4),
            cost: score(2),
        }
    }

    fn milestone(title: &str, done: bool) -> Milestone {
        Milestone {
            title: title.into(),
            due: NaiveDate::from_ymd_opt(2025, 3, 14).unwrap(),
            done_at: done.then(|| now() - TimeDelta::hours(1)),
        }
    }

    fn facts(status: S, milestones: Vec<Milestone>) -> Facts {
        Facts {
            status,
            milestones,
            responded: status != S::New,
            created_at: now() - TimeDelta::days(3),
        }
    }

    /// A step of each action, with its fields.
    fn step(action: A) -> Step {
        match action {
            A::Evaluate => Step::Evaluate {
                evaluation: evaluation(),
                solution_direction: Some("优化同步模块".into()),
            },
            A::Plan => Step::Plan {
                milestones: vec![milestone("提交排查报告", false)],
                solution_direction: None,
            },
            A::Start => Step::Start { note: None },
            A::CompleteMilestone => Step::CompleteMilestone {
                index: 0,
                note: None,
            },
            A::Deliver => Step::Deliver {
                note: Some("测试报告已发".into()),
            },
            A::Rework => Step::Rework {
                reason: "操作复杂".into(),
            },
            A::Confirm => Step::Confirm {
                by: "王强".into(),
                at: None,
                note: None,
            },
            A::Reject => Step::Reject {
                reason: "不符合产品定位".into(),
            },
        }
    }

    /// Every legal transition; every other pair is refused.
    const LEGAL: [(S, A, S); 13] = [
        (S::New, A::Evaluate, S::Evaluated),
        (S::Evaluated, A::Evaluate, S::Evaluated),
        (S::Evaluated, A::Plan, S::Planned),
        (S::Planned, A::Start, S::InProgress),
        (S::Planned, A::CompleteMilestone, S::Planned),
        (S::InProgress, A::CompleteMilestone, S::InProgress),
        (S::InProgress, A::Deliver, S::Delivered),
        (S::Delivered, A::Rework, S::InProgress),
        (S::Delivered, A::Confirm, S::Confirmed),
        (S::New, A::Reject, S::Rejected),
        (S::Evaluated, A::Reject, S::Rejected),
        (S::Planned, A::Reject, S::Rejected),
        (S::InProgress, A::Reject, S::Rejected),
    ];

    #[test]
    fn every_state_and_action_pair_follows_the_transition_table() {
        assert_follows_table("need", &S::ALL, &A::ALL, &LEGAL, S::apply);
    }

    #[test]
    fn every_refused_step_names_the_state_and_says_why() {
        let planned = |status, action| {
            let open = vec![milestone("a", false)];
            plan(step(action), &facts(status, open), now()).map(|planned| planned.status)
        };
        assert_refusals_say_why("need", &S::ALL, &A::ALL, S::apply, planned);
    }

    #[test]
    fn each_step_records_its_fields_and_nothing_else() {
        let blank = Plan::to;
        let open = || vec![milestone("排查", false), milestone("修复", true)];
        let all_done = vec![milestone("排查", true)];
        let cases: Vec<(Facts, A, Plan)> = vec![
            (
                facts(S::New, vec![]),
                A::Evaluate,
                Plan {
                    evaluation: Some(evaluation()),
                    solution_direction: Some("优化同步模块".into()),
                    responded_at: Some(now()),
                    ..blank(S::Evaluated)
                },
            ),
            (
                facts(S::Evaluated, vec![]),
                A::Evaluate,
                Plan {
                    evaluation: Some(evaluation()),
                    solution_direction: Some("优化同步模块".into()),
                    ..blank(S::Evaluated)
                },
            ),
            (
                facts(S::Evaluated, vec![]),
                A::Plan,
                Plan {
                    milestones: Some(vec![milestone("提交排查报告", false)]),
                    ..blank(S::Planned)
                },
            ),
            (facts(S::Planned, open()), A::Start, blank(S::InProgress)),
            (
                facts(S::InProgress, open()),
                A::CompleteMilestone,
                Plan {
                    milestones: Some(vec![
                        Milestone {
                            done_at: Some(now()),
                            ..milestone("排查", false)
                        },
                        milestone("修复", true),
                    ]),
                    ..blank(S::InProgress)
                },
            ),
            (
                facts(S::InProgress, all_done.clone()),
                A::Deliver,
                Plan {
                    delivered_at: Some(Some(now())),
                    said: vec![("note", "测试报告已发".into())],
                    ..blank(S::Delivered)
                },
            ),
            (
                facts(S::Delivered, all_done.clone()),
                A::Rework,
                Plan {
                    delivered_at: Some(None),
                    said: vec![("reason", "操作复杂".into())],
                    ..blank(S::InProgress)
                },
            ),
            (
                facts(S::Delivered, all_done),
                A::Confirm,
                Plan {
                    confirmed: Some(("王强".into(), now())),
                    ..blank(S::Confirmed)
                },
            ),
            (
                facts(S::New, vec![]),
                A::Reject,
                Plan {
                    rejected_reason: Some("不符合产品定位".into()),
                    responded_at: Some(now()),
                    ..blank(S::Rejected)
                },
            ),
            (
                facts(S::Planned, open()),
                A::Reject,
                Plan {
                    rejected_reason: Some("不符合产品定位".into()),
                    ..blank(S::Rejected)
                },
            ),
        ];
        for (facts, action, want) in cases {
            let got = plan(step(action), &facts, now());
            assert_eq!(got, Ok(want), "{:?} + {action:?}", facts.status);
        }
    }

    #[test]
    fn refusals_that_depend_on_the_milestones_or_the_dates() {
        let refused = |facts: Facts, step: Step| plan(step, &facts, now()).map(|_| ()).unwrap_err();
        let reason = |refusal: Refusal| refusal.reason;
        let cases: Vec<(Facts, Step, &str)> = vec![
            (
                facts(
                    S::InProgress,
                    vec![milestone("a", true), milestone("b", false)],
                ),
                step(A::Deliver),
                "every milestone is done before delivery",
            ),
            (
                facts(S::InProgress, vec![milestone("a", true)]),
                step(A::CompleteMilestone),
                "that milestone is already done",
            ),
            (
                facts(S::InProgress, vec![milestone("a", false)]),
                Step::CompleteMilestone {
                    index: 1,
                    note: None,
                },
                "it has no milestone of that number",
            ),
            (
                facts(S::Evaluated, vec![]),
                Step::Plan {
                    milestones: vec![],
                    solution_direction: None,
                },
                "a plan names at least one milestone",
            ),
            (
                facts(S::Evaluated, vec![]),
                Step::Plan {
                    milestones: vec![milestone("a", true)],
                    solution_direction: None,
                },
                "a new plan's milestones are all still open",
            ),
            (
                facts(S::Delivered, vec![]),
                Step::Confirm {
                    by: "王强".into(),
                    at: Some(now() + TimeDelta::minutes(1)),
                    note: None,
                },
                "a confirmation cannot be dated in the future",
            ),
            (
                facts(S::Delivered, vec![]),
                Step::Confirm {
                    by: "王强".into(),
                    at: Some(now() - TimeDelta::days(4)),
                    note: None,
                },
                "a confirmation cannot be dated before the need",
            ),
        ];
        for (facts, step, want) in cases {
            assert_eq!(reason(refused(facts, step)), want);
        }
    }

    #[test]
    fn the_response_is_measured_against_the_deadline() {
        let deadline = now();
        let at_risk = now() - TimeDelta::hours(4);
        let cases = [
            (None, now() - TimeDelta::hours(5), SlaStatus::Running),
            (None, at_risk, SlaStatus::AtRisk),
            (None, now(), SlaStatus::AtRisk),
            (None, now() + TimeDelta::seconds(1), SlaStatus::Breached),
            (Some(now()), now() + TimeDelta::days(9), SlaStatus::Met),
            (
                Some(now() + TimeDelta::seconds(1)),
                now() + TimeDelta::days(9),
                SlaStatus::Breached,
            ),
        ];
        for (responded, at, want) in cases {
            assert_eq!(
                response_status(deadline, at_risk, responded, at),
                want,
                "{responded:?} at {at}"
            );
        }
    }

    #[test]
    fn scores_run_from_one_to_five() {
        for value in [-1, 0, 6, 256] {
            assert!(Score::new(value).is_err(), "{value}");
        }
        for value in 1..=5 {
            assert_eq!(i64::from(score(value).value()), value);
        }
        assert!(serde_json::from_str::<Score>("0").is_err());
        assert_eq!(serde_json::to_string(&score(3)).unwrap(), "3");
    }

    #[test]
    fn a_need_is_open_until_confirmed_or_rejected() {
        let closed: Vec<S> = S::ALL.into_iter().filter(|s| !s.is_open()).collect();
        assert_eq!(closed, [S::Confirmed, S::Rejected]);
    }

    #[test]
    fn codes_match_the_wire_names() {
        assert_codes_on_the_wire(&S::ALL, S::code);
        assert_codes_on_the_wire(&A::ALL, A::code);
    }

    mod walks {
        use super::{A, Facts, Milestone, S, Step, facts, milestone, now, plan, step};
        use chrono::TimeDelta;
        use proptest::prelude::*;

        /// A step of `action`, completing milestone `index`.
        fn step_at(action: A, index: usize) -> Step {
            match action {
                A::CompleteMilestone => Step::CompleteMilestone { index, note: None },
                A::Plan => Step::Plan {
                    milestones: vec![milestone("一", false), milestone("二", false)],
                    solution_direction: None,
                },
                other => step(other),
            }
        }

        proptest! {
            /// Whatever is asked, in whatever order: a need only moves as the
            /// table says, its first answer is recorded once, and it is
            /// never delivered with a milestone open.
            #[test]
            fn any_walk_keeps_the_needs_invariants(
                asked in prop::collection::vec((0..A::ALL.len(), 0usize..3), 0..40)
            ) {
                let mut current: Facts = facts(S::New, vec![]);
                let mut answers = 0;
                let mut at = now();
                for (action, index) in asked {
                    let action = A::ALL[action];
                    at += TimeDelta::minutes(1);
                    let Ok(planned) = plan(step_at(action, index), &current, at) else {
                        continue;
                    };
                    prop_assert_eq!(current.status.apply(action), Ok(planned.status));
                    if planned.responded_at.is_some() {
                        prop_assert!(!current.responded);
                        answers += 1;
                    }
                    let milestones: Vec<Milestone> =
                        planned.milestones.unwrap_or(current.milestones);
                    if planned.status == S::Delivered {
                        prop_assert!(milestones.iter().all(|m| m.done_at.is_some()));
                    }
                    current = Facts {
                        status: planned.status,
                        milestones,
                        responded: current.responded || planned.responded_at.is_some(),
                        created_at: current.created_at,
                    };
                }
                prop_assert!(answers <= 1);
            }
        }
    }
}
