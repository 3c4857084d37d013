//! `POST /api/v1/requests/{id}/actions`: everything that happens to a
//! request after intake (SPEC section 4), one action per call, each checked
//! against the lifecycle of the domain crate, recorded on the timeline and in
//! the audit log, with its SLA clocks started, met or moved, in one
//! transaction.
//!
//! The billable path follows the lifecycle literally (`in_progress` ⇄
//! `waiting_customer`): the assigned technician calls back, the service desk
//! quotes, the request waits on the customer with its clocks paused, then
//! `accept_quote` resumes the work or `decline_quote` cancels it as
//! `declined`.

use chrono::{DateTime, Utc};
use rapport_domain::lifecycle::request::Status;
use rapport_domain::org::Role;
use rapport_domain::request::ResolutionMethod;
use rapport_domain::sla::{Pause, PauseSpec, SlaTarget};
use rapport_entity::{service_requests, users};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::{Value, json};
use uuid::Uuid;

use rapport_types::requests::{Parts, Quote, ServiceRequest, ServiceRequestDetail};

use super::clocks::{self, Clocks};
use super::{append_event, to_json};
use rapport_types::request_actions::{ActionKind, RequestAction, Signer};

use crate::assignee_loads;
use crate::audit::{self, Entry};
use crate::auth::{Action, Caller};
use crate::codes::encode;
use crate::error::ApiError;
use crate::notify;
use crate::services::routing::Router;
use crate::services::visits;
use crate::settings::Cache;
use crate::state::AppState;
use crate::writes::Writes;

/// The largest fee or parts amount accepted, in fen (¥100,000,000).
const MAX_AMOUNT_CENTS: i64 = 10_000_000_000;
/// The longest note, reason, fault description or solution, in characters.
const MAX_TEXT: usize = 10_000;

/// The length of `service_requests.cancel_reason`.
const MAX_CANCEL_REASON: usize = 500;

/// The action takes exactly its fields: 422 naming each missing or unused one.
fn check_fields(asked: &RequestAction) -> Result<(), ApiError> {
    let (required, optional) = asked.action.fields();
    crate::error::exact_fields(
        asked.action.code(),
        required,
        optional,
        &asked.given_fields(),
    )
}

/// A field `check_fields` made sure is there.
fn given<T>(field: &str, value: Option<T>) -> Result<T, ApiError> {
    value.ok_or_else(|| ApiError::field(field, "is required"))
}

/// Trimmed text of 1 to `MAX_TEXT` characters, or 422 naming `field`.
fn text(field: &str, value: &str) -> Result<String, ApiError> {
    text_at_most(field, value, MAX_TEXT)
}

/// Trimmed text of 1 to `max` characters, or 422 naming `field`.
fn text_at_most(field: &str, value: &str, max: usize) -> Result<String, ApiError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(ApiError::field(field, "must not be blank"));
    }
    if trimmed.chars().count() > max {
        return Err(ApiError::field(
            field,
            format!("must be at most {max} characters long"),
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
            format!("must be between 0 and {MAX_AMOUNT_CENTS} fen"),
        ))
    }
}

fn refuse(state: Status, action: &str, detail: &str) -> ApiError {
    ApiError::conflict(
        "illegal_transition",
        format!(
            "cannot {action} a service request that is `{}`: {detail}",
            state.code()
        ),
    )
}

/// Takes the request's row lock before anything is read: on SQLite the
/// write lock (a deferred transaction that reads first may not upgrade when
/// another writer got in between), on PostgreSQL the row. 404 when absent.
async fn lock(conn: &impl ConnectionTrait, id: Uuid) -> Result<service_requests::Model, ApiError> {
    // A no-op update that returns the row: the lock and the read in one statement.
    service_requests::Entity::update_many()
        .col_expr(
            service_requests::Column::Version,
            Expr::col(service_requests::Column::Version),
        )
        .filter(service_requests::Column::Id.eq(id))
        .exec_with_returning(conn)
        .await?
        .pop()
        .ok_or(ApiError::NotFound("request"))
}

/// Carries out `asked` on request `id` for `caller` at the server's
/// clock, in a transaction of its own; the request's detail after it.
pub async fn act(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    asked: RequestAction,
) -> Result<ServiceRequestDetail, ApiError> {
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let (after, clocks) = perform(&txn, &state.settings, caller, id, asked, now).await?;
    let detail = super::detail(&txn, after, clocks.calendar(), now).await?;
    txn.commit().await?;
    Ok(detail)
}

/// Checks that `caller` may take `asked` with exactly its fields, then
/// carries it out at `now` in `txn`: what the handler does, and the demo
/// with instants of its own.
pub async fn perform(
    txn: &impl ConnectionTrait,
    settings: &Cache,
    caller: &Caller,
    id: Uuid,
    asked: RequestAction,
    now: DateTime<Utc>,
) -> Result<(ServiceRequest, Clocks), ApiError> {
    caller.require(asked.permission())?;
    check_fields(&asked)?;
    apply(txn, settings, caller, id, asked, now).await
}

/// Carries out `asked` on request `id` for `caller` inside the caller's
/// transaction (the HTTP handler, or a return visit closing or reopening the
/// request); the caller has checked the permission and the fields. Returns
/// the request after the action and its clocks, to start more on.
pub async fn apply(
    txn: &impl ConnectionTrait,
    settings: &Cache,
    caller: &Caller,
    id: Uuid,
    asked: RequestAction,
    now: DateTime<Utc>,
) -> Result<(ServiceRequest, Clocks), ApiError> {
    let kind = asked.action;
    let code = kind.code();
    let current = lock(txn, id).await?;
    let before = super::request_from_model(current.clone())?;
    if caller.role == Role::Technician
        && asked.permission() == Action::WorkRequests
        && before.assignee_id != Some(caller.id)
    {
        return Err(ApiError::Forbidden);
    }
    crate::db::expect_version(current.version, asked.version)?;
    let next = match kind.step() {
        Some(step) => before
            .status
            .apply(step)
            .map_err(|_| refuse(before.status, code, "the lifecycle does not allow it"))?,
        None if before.status == Status::InProgress => Status::InProgress,
        None => return Err(refuse(before.status, code, "it must be in progress")),
    };
    let mut clocks = Clocks::for_request(txn, settings, &before).await?;
    let mut model = current.into_active_model();
    model.status = Set(next.code().to_owned());
    let mut note = None;
    let mut ends_wait = false;

    match kind {
        ActionKind::Assign => {
            let assignee = match asked.assignee_id {
                Some(assignee) => check_assignee(txn, assignee).await?,
                None => {
                    let reason = &before.routing_reason;
                    let routed = Router::default()
                        .pick(
                            txn,
                            reason.rule.clone(),
                            reason.department,
                            reason.required_skills.clone(),
                            before.priority,
                            now,
                        )
                        .await?;
                    let assignee = routed.assignee.ok_or_else(|| {
                        ApiError::conflict(
                            "nobody_available",
                            format!(
                                "nobody active in {} has the skills this request needs",
                                reason.department.code()
                            ),
                        )
                    })?;
                    model.routing_reason = Set(to_json(&routed.reason)?);
                    assignee
                }
            };
            model.assignee_id = Set(Some(assignee));
            let mut writes = Writes::default();
            super::mark_assigned(&mut writes, &[assignee], now);
            writes.execute(txn).await?;
            // A new assignee owes the customer a call-back (once called
            // back, reassigning keeps the work going).
            if matches!(next, Status::Assigned | Status::Reopened) {
                clocks.start(txn, SlaTarget::CallBack, now).await?;
            }
        }
        ActionKind::CallBack => {
            note = optional_text("note", asked.note.as_deref())?;
            let met = [
                SlaTarget::response_target(before.priority),
                SlaTarget::CallBack,
                SlaTarget::DissatisfiedReview,
            ];
            clocks::meet(txn, before.id, &met, now).await?;
        }
        ActionKind::Quote => {
            if !before.billable {
                return Err(refuse(
                    before.status,
                    code,
                    "a contract covers it, the work is free",
                ));
            }
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
            model.paused_since = Set(Some(now));
        }
        ActionKind::AcceptQuote | ActionKind::DeclineQuote => {
            let Some(mut quote) = before.quote.clone().filter(|quote| quote.answer.is_none())
            else {
                return Err(refuse(before.status, code, "no quote awaits an answer"));
            };
            let accepted = kind == ActionKind::AcceptQuote;
            if !accepted {
                note = optional_text("note", asked.note.as_deref())?;
                model.cancel_reason = Set(Some("declined".to_owned()));
                notify::quote_declined(txn, &before, note.as_deref(), now).await?;
            }
            quote.answer = Some(if accepted { "accepted" } else { "declined" }.to_owned());
            quote.answered_at = Some(now);
            model.quote = Set(Some(to_json(&quote)?));
            ends_wait = true;
        }
        ActionKind::WaitCustomer => {
            note = Some(text("reason", &given("reason", asked.reason)?)?);
            model.paused_since = Set(Some(now));
        }
        ActionKind::Resume => {
            if before
                .quote
                .as_ref()
                .is_some_and(|quote| quote.answer.is_none())
            {
                return Err(refuse(
                    before.status,
                    code,
                    "a quote awaits the customer's answer; accept or decline it",
                ));
            }
            ends_wait = true;
        }
        ActionKind::SignForm => {
            let signed_at = given("signed_at", asked.signed_at)?.with_timezone(&Utc);
            if signed_at > now {
                return Err(ApiError::field("signed_at", "must not be in the future"));
            }
            match given("signer", asked.signer)? {
                Signer::Customer => {
                    model.customer_signed_at = Set(Some(signed_at));
                    // The account manager's 2 days run from the customer's signature.
                    clocks
                        .start(txn, SlaTarget::OnSiteSignature, signed_at)
                        .await?;
                }
                Signer::AccountManager => {
                    let Some(customer_signed) = before.customer_signed_at else {
                        return Err(refuse(
                            before.status,
                            code,
                            "the customer has not signed the form yet",
                        ));
                    };
                    if signed_at < customer_signed {
                        return Err(ApiError::field(
                            "signed_at",
                            "must not be before the customer's signature",
                        ));
                    }
                    model.account_manager_signed_at = Set(Some(signed_at));
                    clocks::meet(txn, before.id, &[SlaTarget::OnSiteSignature], signed_at).await?;
                }
            }
        }
        ActionKind::SecondVisit => {
            let next_visit_at = given("next_visit_at", asked.next_visit_at)?.with_timezone(&Utc);
            if next_visit_at <= now {
                return Err(ApiError::field("next_visit_at", "must be in the future"));
            }
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
            let method = given("method", asked.method)?;
            let fixed_at = asked.fixed_at.map_or(now, |at| at.with_timezone(&Utc));
            if fixed_at > now || fixed_at < before.created_at {
                return Err(ApiError::field(
                    "fixed_at",
                    "must be between the intake and now",
                ));
            }
            let fault = given("fault_description", asked.fault_description)?;
            let solution = given("solution", asked.solution)?;
            model.fault_description = Set(Some(text("fault_description", &fault)?));
            model.solution = Set(Some(text("solution", &solution)?));
            let unsigned =
                before.customer_signed_at.is_none() || before.account_manager_signed_at.is_none();
            if method == ResolutionMethod::OnSite && unsigned {
                return Err(ApiError::conflict(
                    "service_form_unsigned",
                    "an on-site fix is completed once the customer and the account manager have signed the service form",
                ));
            }
            model.resolution_method = Set(Some(encode(&method)));
            model.resolved_at = Set(Some(now));
            let resolution = SlaTarget::resolution_target(before.work_type);
            clocks::meet(txn, before.id, &[resolution], now).await?;
            if method == ResolutionMethod::Remote {
                clocks
                    .record_done(txn, SlaTarget::RemoteRecord, fixed_at, now)
                    .await?;
            }
            // The return visit is due 7 days after the resolution.
            let due = clocks.start(txn, SlaTarget::ReturnVisit, now).await?;
            visits::schedule_return(txn, &before, due, caller.id, now).await?;
        }
        ActionKind::Reopen => {
            note = Some(text("reason", &given("reason", asked.reason)?)?);
            // Reopened work is called back and resolved afresh.
            let restarted = [
                SlaTarget::CallBack,
                SlaTarget::resolution_target(before.work_type),
            ];
            clocks.start_all(txn, &restarted, now).await?;
        }
        ActionKind::Close => {
            note = Some(text("reason", &given("reason", asked.reason)?)?);
        }
        ActionKind::Cancel => {
            // Kept on the request as well, in a column of MAX_CANCEL_REASON.
            let reason =
                text_at_most("reason", &given("reason", asked.reason)?, MAX_CANCEL_REASON)?;
            model.cancel_reason = Set(Some(reason.clone()));
            note = Some(reason);
            ends_wait = true;
        }
    }

    if let (true, Some(since)) = (ends_wait, before.paused_since) {
        let pause = Pause::new(since, now)
            .map_err(|error| ApiError::internal("closing a wait on the customer", error))?;
        clocks.add_pause(txn, pause).await?;
        let specs: Vec<PauseSpec> = clocks
            .pauses()
            .iter()
            .copied()
            .map(PauseSpec::from)
            .collect();
        model.pauses = Set(to_json(&specs)?);
        model.paused_since = Set(None);
    }

    // A closed or cancelled request needs no visit; a reopened one gets a
    // new one when it is resolved again.
    if matches!(next, Status::Closed | Status::Cancelled | Status::Reopened) {
        visits::cancel_due(txn, before.id, now).await?;
    }
    model.updated_at = Set(now);
    let saved = crate::db::update_versioned(
        txn,
        model,
        service_requests::Column::Version,
        before.version,
    )
    .await?;
    let after = super::request_from_model(saved)?;
    assignee_loads::shift(
        txn,
        assignee_loads::counted_in(before.assignee_id, before.status, before.priority),
        assignee_loads::counted_in(after.assignee_id, after.status, after.priority),
    )
    .await?;
    // The fields the action changed, as the timeline shows them.
    let (was, mut became) = audit::changed_fields(&before, &after, &["version", "updated_at"])?;
    if let Some(note) = note {
        became.insert("note".to_owned(), json!(note));
    }
    let (changed_before, changed_after) = (Value::Object(was), Value::Object(became));
    append_event(
        txn,
        after.id,
        now,
        Some(caller.id),
        code,
        Some(changed_before.clone()),
        Some(changed_after.clone()),
    )
    .await?;
    audit::record(
        txn,
        now,
        Entry {
            actor: Some(caller.id),
            action: &format!("request.{code}"),
            entity_type: "request",
            entity_id: after.id.to_string(),
            before: Some(changed_before),
            after: Some(changed_after),
        },
    )
    .await?;
    Ok((after, clocks))
}

/// An active user to assign; 422 on `assignee_id` otherwise.
async fn check_assignee(conn: &impl ConnectionTrait, id: Uuid) -> Result<Uuid, ApiError> {
    crate::db::unique(conn, users::Entity::find_by_id(id))
        .await?
        .filter(|user| user.active)
        .map(|user| user.id)
        .ok_or_else(|| ApiError::field("assignee_id", "must be an active user"))
}
