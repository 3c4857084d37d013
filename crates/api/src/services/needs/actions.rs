//! The step an action on a need describes, parsed from what was asked,
//! and how a plan the lifecycle made is written into the row.

use chrono::{DateTime, Utc};
use rapport_domain::lifecycle::need::{
    self as lifecycle, Evaluation, Milestone, Plan, Score, Step,
};
use rapport_domain::msg;
use rapport_entity::needs;
use sea_orm::Set;
use serde_json::Value;
use uuid::Uuid;

use rapport_types::needs::{MilestoneInput, NeedAction};

use crate::error::{ApiError, exact_fields, non_blank, optional_text, required_text, required_to};

/// The step `asked` describes: exactly the fields its action records
/// (`Action::fields`), text not blank, scores from 1 to 5.
pub(super) fn step_of(asked: &NeedAction, now: DateTime<Utc>) -> Result<Step, ApiError> {
    use lifecycle::Action as A;
    let code = asked.action.code();
    let (required, optional) = asked.action.fields();
    exact_fields(code, required, optional, &asked.given_fields())?;
    let score = |field: &str, value: Option<i64>| -> Result<Score, ApiError> {
        Score::new(required_to(code, field, value)?)
            .map_err(|_| ApiError::field(field, msg!("must be between 1 and 5")))
    };
    let note = optional_text("note", &asked.note)?;
    Ok(match asked.action {
        A::Evaluate => Step::Evaluate {
            evaluation: Evaluation {
                customer_value: score("customer_value", asked.customer_value)?,
                fit: score("fit", asked.fit)?,
                cost: score("cost", asked.cost)?,
            },
            solution_direction: optional_text("solution_direction", &asked.solution_direction)?,
        },
        A::Plan => {
            let given = required_to(code, "milestones", asked.milestones.as_ref())?;
            if given.is_empty() {
                return Err(ApiError::field(
                    "milestones",
                    msg!("must name at least one milestone"),
                ));
            }
            if given.iter().any(|m| m.done_at.is_some()) {
                return Err(ApiError::field(
                    "milestones",
                    msg!("a new plan's milestones are not done yet (leave out done_at)"),
                ));
            }
            Step::Plan {
                milestones: milestones_of(given, false, now)?,
                solution_direction: optional_text("solution_direction", &asked.solution_direction)?,
            }
        }
        A::Start => Step::Start { note },
        A::Deliver => Step::Deliver { note },
        A::CompleteMilestone => {
            let index = required_to(code, "milestone", asked.milestone)?;
            let index = usize::try_from(index)
                .map_err(|_| ApiError::field("milestone", msg!("must be 0 or more")))?;
            Step::CompleteMilestone { index, note }
        }
        A::Rework => Step::Rework {
            reason: required_text(code, "reason", &asked.reason)?,
        },
        A::Reject => Step::Reject {
            reason: required_text(code, "reason", &asked.reason)?,
        },
        A::Confirm => {
            if asked.confirmed_at.is_some_and(|at| at > now) {
                return Err(ApiError::field(
                    "confirmed_at",
                    msg!("must not be in the future"),
                ));
            }
            Step::Confirm {
                by: required_text(code, "confirmed_by", &asked.confirmed_by)?,
                at: asked.confirmed_at,
                note,
            }
        }
    })
}

/// The milestones `given` names, titles trimmed and not blank; a done time
/// only where `done_allowed`, and never in the future.
pub(super) fn milestones_of(
    given: &[MilestoneInput],
    done_allowed: bool,
    now: DateTime<Utc>,
) -> Result<Vec<Milestone>, ApiError> {
    given
        .iter()
        .enumerate()
        .map(|(index, milestone)| {
            let title = non_blank(&format!("milestones[{index}].title"), &milestone.title)?;
            if let Some(done) = milestone.done_at
                && (!done_allowed || done > now)
            {
                return Err(ApiError::field(
                    &format!("milestones[{index}].done_at"),
                    msg!("must not be in the future"),
                ));
            }
            Ok(Milestone {
                title,
                due: milestone.due,
                done_at: milestone.done_at,
            })
        })
        .collect()
}

pub(super) fn milestones_json(milestones: &[Milestone]) -> Result<Value, ApiError> {
    serde_json::to_value(milestones)
        .map_err(|error| ApiError::internal("storing a need's milestones", error))
}

/// Writes `plan` into `model` (the owner `plan` names, if any); returns
/// what was said that has no column.
pub(super) fn apply(
    plan: Plan,
    model: &mut needs::ActiveModel,
    owner: Option<Uuid>,
) -> Result<Vec<(&'static str, String)>, ApiError> {
    model.status = Set(plan.status);
    if let Some(evaluation) = plan.evaluation {
        model.customer_value = Set(Some(i16::from(evaluation.customer_value.value())));
        model.fit = Set(Some(i16::from(evaluation.fit.value())));
        model.cost = Set(Some(i16::from(evaluation.cost.value())));
    }
    if let Some(direction) = plan.solution_direction {
        model.solution_direction = Set(Some(direction));
    }
    if let Some(milestones) = plan.milestones {
        model.milestones = Set(milestones_json(&milestones)?);
    }
    if let Some(owner) = owner {
        model.owner_id = Set(Some(owner));
    }
    if let Some(at) = plan.responded_at {
        model.responded_at = Set(Some(at));
    }
    if let Some(delivered) = plan.delivered_at {
        model.delivered_at = Set(delivered);
    }
    if let Some((by, at)) = plan.confirmed {
        model.confirmed_by = Set(Some(by));
        model.confirmed_at = Set(Some(at));
    }
    if let Some(reason) = plan.rejected_reason {
        model.rejected_reason = Set(Some(reason));
    }
    Ok(plan.said)
}
