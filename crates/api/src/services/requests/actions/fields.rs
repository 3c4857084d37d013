//! The fields an action records: exactly those it takes (the table beside
//! [`ActionKind`]), each checked (trimmed text, amounts in range, an active
//! assignee) and written onto the request's row.

use chrono::{DateTime, Utc};
use rapport_domain::msg;
use rapport_entity::{service_requests, users};
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use serde_json::Value;
use uuid::Uuid;

use rapport_types::request_actions::{ActionKind, RequestAction, Signer};
use rapport_types::requests::{Parts, Quote, ServiceRequest};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::services::requests::{mark_assigned, to_json};
use crate::services::routing::Router;
use crate::writes::Writes;

/// The largest fee or parts amount accepted, in fen (¥100,000,000).
const MAX_AMOUNT_CENTS: i64 = 10_000_000_000;
/// The longest note, reason, fault description or solution, in characters.
const MAX_TEXT: usize = 10_000;

/// The length of `service_requests.cancel_reason`.
const MAX_CANCEL_REASON: usize = 500;

/// The action takes exactly its fields: 422 naming each missing or unused one.
pub(super) fn check_fields(asked: &RequestAction) -> Result<(), ApiError> {
    let (required, optional) = asked.action.fields();
    crate::error::exact_fields(
        asked.action.code(),
        required,
        optional,
        &asked.given_fields(),
    )
}

/// A field `check_fields` made sure is there.
pub(super) fn given<T>(field: &str, value: Option<T>) -> Result<T, ApiError> {
    value.ok_or_else(|| ApiError::field(field, msg!("is required")))
}

/// Trimmed text of 1 to `MAX_TEXT` characters, or 422 naming `field`.
fn text(field: &str, value: &str) -> Result<String, ApiError> {
    text_at_most(field, value, MAX_TEXT)
}

/// Trimmed text of 1 to `max` characters, or 422 naming `field`.
fn text_at_most(field: &str, value: &str, max: usize) -> Result<String, ApiError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(ApiError::field(field, msg!("must not be blank")));
    }
    if trimmed.chars().count() > max {
        return Err(ApiError::field(
            field,
            msg!("must be at most {max} characters long", max = max),
        ));
    }
    Ok(trimmed.to_owned())
}

/// Optional text: blank counts as absent.
fn optional_text(field: &str, value: Option<&str>) -> Result<Option<String>, ApiError> {
    match value.map(str::trim).filter(|value| !value.is_empty()) {
        Some(value) => text(field, value).map(Some),
        None => Ok(None),
    }
}

fn amount(field: &str, cents: i64) -> Result<i64, ApiError> {
    if (0..=MAX_AMOUNT_CENTS).contains(&cents) {
        Ok(cents)
    } else {
        Err(ApiError::field(
            field,
            msg!(
                "must be between {min} and {max} fen",
                min = 0,
                max = MAX_AMOUNT_CENTS
            ),
        ))
    }
}

/// Writes the fields `asked` records onto `model` (checked and trimmed,
/// 422 naming the one at fault); the note for the timeline, if any.
pub(super) async fn record(
    txn: &impl ConnectionTrait,
    model: &mut service_requests::ActiveModel,
    before: &ServiceRequest,
    caller: &Caller,
    asked: RequestAction,
    now: DateTime<Utc>,
) -> Result<Option<String>, ApiError> {
    let reason = || text("reason", &given("reason", asked.reason.clone())?);
    let mut note = None;
    match asked.action {
        ActionKind::Assign => {
            let assignee = match asked.assignee_id {
                Some(assignee) => check_assignee(txn, assignee).await?,
                None => {
                    let (assignee, reason) = routed(txn, before, now).await?;
                    model.routing_reason = Set(reason);
                    assignee
                }
            };
            model.assignee_id = Set(Some(assignee));
            let mut writes = Writes::default();
            mark_assigned(&mut writes, &[assignee], now);
            writes.execute(txn).await?;
        }
        ActionKind::CallBack | ActionKind::DeclineQuote => {
            note = optional_text("note", asked.note.as_deref())?;
        }
        ActionKind::Quote => {
            let quote = Quote {
                fee_cents: amount("fee_cents", given("fee_cents", asked.fee_cents)?)?,
                method: given("method", asked.method)?,
                scheduled_for: asked.scheduled_for.map(|at| at.with_timezone(&Utc)),
                note: optional_text("note", asked.note.as_deref())?.unwrap_or_default(),
                quoted_at: now,
                quoted_by: caller.id,
                answer: None,
                answered_at: None,
            };
            model.quote = Set(Some(to_json(&quote)?));
        }
        ActionKind::AcceptQuote | ActionKind::Resume => {}
        ActionKind::WaitCustomer | ActionKind::Reopen => {
            note = Some(reason()?);
        }
        ActionKind::Close => {
            note = Some(reason()?);
            model.closed_at = Set(Some(now));
        }
        ActionKind::SignForm => {
            let signed_at = Some(given("signed_at", asked.signed_at)?.with_timezone(&Utc));
            match given("signer", asked.signer)? {
                Signer::Customer => model.customer_signed_at = Set(signed_at),
                Signer::AccountManager => model.account_manager_signed_at = Set(signed_at),
            }
        }
        ActionKind::SecondVisit => {
            let next_visit_at = given("next_visit_at", asked.next_visit_at)?.with_timezone(&Utc);
            let issue = given("outstanding_issue", asked.outstanding_issue)?;
            model.outstanding_issue = Set(Some(text("outstanding_issue", &issue)?));
            model.next_visit_at = Set(Some(next_visit_at));
        }
        ActionKind::ConfirmParts => {
            let parts = Parts {
                description: text("description", &given("description", asked.description)?)?,
                amount_cents: amount("amount_cents", given("amount_cents", asked.amount_cents)?)?,
                confirmed_by: text("confirmed_by", &given("confirmed_by", asked.confirmed_by)?)?,
                confirmed_at: now,
            };
            model.parts = Set(Some(to_json(&parts)?));
        }
        ActionKind::Resolve => {
            let fault = given("fault_description", asked.fault_description)?;
            let solution = given("solution", asked.solution)?;
            model.fault_description = Set(Some(text("fault_description", &fault)?));
            model.solution = Set(Some(text("solution", &solution)?));
            model.resolution_method = Set(Some(given("method", asked.method)?));
            model.resolved_at = Set(Some(now));
        }
        ActionKind::Cancel => {
            // Kept on the request as well, in a column of MAX_CANCEL_REASON.
            let reason =
                text_at_most("reason", &given("reason", asked.reason)?, MAX_CANCEL_REASON)?;
            model.cancel_reason = Set(Some(reason.clone()));
            note = Some(reason);
        }
    }
    Ok(note)
}

/// Who routing picks for `request` now, and why; 409 `nobody_available`
/// when nobody active in its department has the skills.
async fn routed(
    txn: &impl ConnectionTrait,
    request: &ServiceRequest,
    now: DateTime<Utc>,
) -> Result<(Uuid, Value), ApiError> {
    let reason = &request.routing_reason;
    let routed = Router::default()
        .pick(
            txn,
            reason.rule.clone(),
            reason.department,
            reason.required_skills.clone(),
            request.priority,
            now,
        )
        .await?;
    let assignee = routed.assignee.ok_or_else(|| {
        ApiError::conflict(
            "nobody_available",
            msg!(
                "nobody active in {department} has the skills this request needs",
                department = reason.department.code()
            ),
        )
    })?;
    Ok((assignee, to_json(&routed.reason)?))
}

/// An active user to assign; 422 on `assignee_id` otherwise.
async fn check_assignee(conn: &impl ConnectionTrait, id: Uuid) -> Result<Uuid, ApiError> {
    crate::db::unique(conn, users::Entity::find_by_id(id))
        .await?
        .filter(|user| user.active)
        .map(|user| user.id)
        .ok_or_else(|| ApiError::field("assignee_id", msg!("must be an active user")))
}
