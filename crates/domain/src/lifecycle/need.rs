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

mod plan;

pub use self::plan::{Facts, Plan, Refusal, Step, plan, response_status};

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

#[cfg(test)]
mod tests;
