//! A contract's lifecycle steps (agree, sign, invoice, pay, expire,
//! cancel): the rules are `rapport_domain::lifecycle::contract`; this
//! module checks the fields, applies the step and audits it.

use chrono::{DateTime, Utc};
use rapport_domain::lifecycle::contract::Action as Step;
use rapport_entity::contracts;
use sea_orm::{ConnectionTrait, DatabaseConnection, IntoActiveModel, Set};
use uuid::Uuid;

use rapport_types::contracts::{ContractDetail, Transition};

use super::{contract_from_model, detail, find, record_change, save};
use crate::auth::Caller;
use crate::codes::encode;
use crate::error::ApiError;
use crate::services::customers::ORG_TZ;

/// Takes contract `id` one step for `caller` at `now`, in a transaction of
/// its own; answers the contract in its new state.
pub async fn act(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    step: Transition,
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
    step: Transition,
    now: DateTime<Utc>,
) -> Result<contracts::Model, ApiError> {
    let reason = check_step_fields(&step)?;
    let current = find(txn, id).await?;
    crate::db::expect_version(current.version, step.version)?;
    let before = contract_from_model(current.clone())?;
    let next = before
        .status
        .apply(step.action)
        .map_err(|refusal| ApiError::conflict("illegal_transition", refusal.to_string()))?;
    let mut model = current.into_active_model();
    model.status = Set(next.code().to_owned());
    match step.action {
        Step::Invoice => {
            model.invoice_method = Set(step.invoice_method.as_ref().map(encode));
            model.invoice_sent_on = Set(step.invoice_sent_on);
        }
        Step::Pay => {
            let today = now.with_timezone(&ORG_TZ).date_naive();
            model.paid_on = Set(Some(step.paid_on.unwrap_or(today)));
        }
        Step::Cancel => model.cancel_reason = Set(reason),
        Step::Agree | Step::Sign | Step::Expire => {}
    }
    let after = save(txn, model, step.version, now).await?;
    let action = format!("contract.{}", step.action.code());
    record_change(txn, caller, &action, &before, &after, now).await?;
    Ok(after)
}

/// Each action takes exactly the fields it records; returns the trimmed cancel reason.
fn check_step_fields(step: &Transition) -> Result<Option<String>, ApiError> {
    let mut errors = rapport_types::problem::FieldErrors::new();
    let mut require = |field: &str, present: bool, wanted: bool| {
        let message = match (present, wanted) {
            (false, true) => format!("is required to `{}`", step.action.code()),
            (true, false) => format!("is not used by `{}`", step.action.code()),
            _ => return,
        };
        errors.insert(field.to_owned(), vec![message]);
    };
    let reason = step
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|reason| !reason.is_empty())
        .map(str::to_owned);
    let is = |action: Step| step.action == action;
    require(
        "invoice_method",
        step.invoice_method.is_some(),
        is(Step::Invoice),
    );
    require(
        "invoice_sent_on",
        step.invoice_sent_on.is_some(),
        is(Step::Invoice),
    );
    if step.paid_on.is_some() && !is(Step::Pay) {
        require("paid_on", true, false);
    }
    require(
        "reason",
        reason.is_some() || step.reason.is_some(),
        is(Step::Cancel),
    );
    if is(Step::Cancel) && step.reason.is_some() && reason.is_none() {
        errors.insert("reason".to_owned(), vec!["must not be blank".to_owned()]);
    }
    if errors.is_empty() {
        Ok(reason)
    } else {
        Err(ApiError::Validation(errors))
    }
}
