//! A contract's lifecycle steps (agree, sign, invoice, pay, expire,
//! cancel): the rules are `rapport_domain::lifecycle::contract`; this
//! module checks the fields, applies the step and audits it.

use chrono::{DateTime, Utc};
use rapport_domain::lifecycle::contract::{Action, Facts, Step, plan};
use rapport_domain::msg;
use rapport_entity::contracts;
use sea_orm::{ConnectionTrait, DatabaseConnection, IntoActiveModel, Set};
use uuid::Uuid;

use rapport_types::contracts::{ContractAction, ContractDetail};

use super::{contract_from_model, detail, find, record_change, save};
use crate::auth::Caller;
use crate::error::{ApiError, exact_fields, non_blank};
use crate::services::customers::ORG_TZ;

/// Takes contract `id` one step for `caller` at `now`, in a transaction of
/// its own; answers the contract in its new state.
pub async fn act(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    step: ContractAction,
    now: DateTime<Utc>,
) -> Result<ContractDetail, ApiError> {
    let txn = crate::db::begin(db).await?;
    let after = transition_at(&txn, caller, id, step, now).await?;
    let detail = detail(&txn, after).await?;
    txn.commit().await?;
    Ok(detail)
}

/// Moves contract `id` one step for `caller` at `now` in `txn`: the
/// handler's work, and the demo's with instants of its own. The caller has
/// checked the permission.
pub async fn transition_at(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    id: Uuid,
    asked: ContractAction,
    now: DateTime<Utc>,
) -> Result<contracts::Model, ApiError> {
    let step = checked_step(&asked)?;
    take_step(txn, Some(caller.id), id, step, asked.version, now).await
}

/// Expires contract `id`, stored at `version`, whose period ended (the
/// scheduler's work: no one asked, so no one is the actor).
pub async fn expire(
    txn: &impl ConnectionTrait,
    id: Uuid,
    version: i32,
    now: DateTime<Utc>,
) -> Result<contracts::Model, ApiError> {
    take_step(txn, None, id, Step::Expire, version, now).await
}

/// Takes `step` on contract `id`, expected at `version`, for `actor` at
/// `now`. The rules are [`plan`]'s; this writes its plan and audits it.
async fn take_step(
    txn: &impl ConnectionTrait,
    actor: Option<Uuid>,
    id: Uuid,
    step: Step,
    version: i32,
    now: DateTime<Utc>,
) -> Result<contracts::Model, ApiError> {
    let action = format!("contract.{}", step.action().code());
    let current = find(txn, id).await?;
    crate::db::expect_version(current.version, version)?;
    let before = contract_from_model(current.clone())?;
    let facts = Facts {
        status: before.status,
        today: now.with_timezone(&ORG_TZ).date_naive(),
    };
    let planned = plan(step, &facts)
        .map_err(|refusal| ApiError::conflict("illegal_transition", refusal.message()))?;
    let mut model = current.into_active_model();
    model.status = Set(planned.status);
    if let Some(method) = planned.invoice_method {
        model.invoice_method = Set(Some(method));
    }
    if let Some(sent_on) = planned.invoice_sent_on {
        model.invoice_sent_on = Set(Some(sent_on));
    }
    if let Some(paid_on) = planned.paid_on {
        model.paid_on = Set(Some(paid_on));
    }
    if let Some(reason) = planned.cancel_reason {
        model.cancel_reason = Set(Some(reason));
    }
    let after = save(txn, model, version, now).await?;
    record_change(txn, actor, &action, &before, &after, now).await?;
    crate::webhooks::events::contract_stepped(txn, before.status, &after, now).await?;
    Ok(after)
}

/// The step `asked` for: exactly the fields its action takes (see
/// [`Action::fields`]), a reason not blank.
fn checked_step(asked: &ContractAction) -> Result<Step, ApiError> {
    let (required, optional) = asked.action.fields();
    exact_fields(
        asked.action.code(),
        required,
        optional,
        &asked.given_fields(),
    )?;
    let missing = |field: &str| {
        ApiError::field(
            field,
            msg!("is required to `{action}`", action = asked.action.code()),
        )
    };
    Ok(match asked.action {
        Action::Agree => Step::Agree,
        Action::Sign => Step::Sign,
        Action::Invoice => Step::Invoice {
            method: asked
                .invoice_method
                .ok_or_else(|| missing("invoice_method"))?,
            sent_on: asked
                .invoice_sent_on
                .ok_or_else(|| missing("invoice_sent_on"))?,
        },
        Action::Pay => Step::Pay {
            paid_on: asked.paid_on,
        },
        Action::Expire => Step::Expire,
        Action::Cancel => Step::Cancel {
            reason: non_blank("reason", asked.reason.as_deref().unwrap_or_default())?,
        },
    })
}
