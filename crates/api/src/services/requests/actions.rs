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
use rapport_domain::lifecycle::request::{
    Ask, ClockChange, Facts, Notice, QuoteAnswer, Refusal, Standing, VisitChange, Wait, plan,
};
use rapport_domain::sla::{PauseSpec, SlaTarget};
use rapport_entity::{service_requests, users};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::{Value, json};
use uuid::Uuid;

use rapport_types::request_actions::{ActionKind, RequestAction, Signer};
use rapport_types::requests::{Parts, Quote, ServiceRequest, ServiceRequestDetail};

use super::clocks::{self, Clocks};
use super::{append_event, to_json};
use crate::assignee_loads;
use crate::audit::{self, Entry};
use crate::auth::Caller;
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
/// request); the caller has checked the permission and the fields. The
/// domain's [`plan`] decides; this gathers its facts, records the action's
/// fields and carries the plan out. Returns the request after the action
/// and its clocks, to start more on.
pub async fn apply(
    txn: &impl ConnectionTrait,
    settings: &Cache,
    caller: &Caller,
    id: Uuid,
    asked: RequestAction,
    now: DateTime<Utc>,
) -> Result<(ServiceRequest, Clocks), ApiError> {
    let code = asked.action.code();
    let current = lock(txn, id).await?;
    let before = super::request_from_model(current.clone())?;
    let decided = plan(&ask_of(&asked)?, &facts_of(&before, caller), now);
    // Who asks is refused before a stale version is, the state after it.
    if decided == Err(Refusal::NotAssignee) {
        return Err(ApiError::Forbidden);
    }
    crate::db::expect_version(current.version, asked.version)?;
    let plan = decided.map_err(refused)?;

    let mut model = current.into_active_model();
    model.status = Set(plan.next.code().to_owned());
    let note = record(txn, &mut model, &before, caller, asked, now).await?;
    let mut clocks = Clocks::for_request(txn, settings, &before).await?;
    let mut started = Vec::new();
    for change in &plan.clocks {
        match change {
            ClockChange::Start(targets, at) => {
                let rows = clocks.start_all(txn, targets, *at).await?;
                started.extend(targets.iter().zip(rows).map(|(&t, row)| (t, row.deadline)));
            }
            ClockChange::Meet(targets, at) => clocks::meet(txn, before.id, targets, *at).await?,
            ClockChange::Done {
                target,
                started_at,
                met_at,
            } => {
                clocks
                    .record_done(txn, *target, *started_at, *met_at)
                    .await?
            }
        }
    }
    if let Some(answer) = plan.quote_answer {
        answer_quote(&mut model, &before, answer, now)?;
    }
    match plan.wait {
        Wait::Unchanged => {}
        Wait::Begins(at) => model.paused_since = Set(Some(at)),
        Wait::Ends(pause) => {
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
    }
    match plan.visit {
        None => {}
        Some(VisitChange::ScheduleReturn) => {
            let due = started
                .iter()
                .find(|(target, _)| *target == SlaTarget::ReturnVisit)
                .map(|(_, deadline)| *deadline)
                .ok_or_else(|| {
                    ApiError::internal(
                        "booking the return visit",
                        std::io::Error::other("the plan started no return-visit clock"),
                    )
                })?;
            visits::schedule_return(txn, &before, due, caller.id, now).await?;
        }
        Some(VisitChange::CancelDue) => visits::cancel_due(txn, before.id, now).await?,
    }
    match plan.notice {
        None => {}
        Some(Notice::QuoteDeclined) => {
            notify::quote_declined(txn, &before, note.as_deref(), now).await?;
        }
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
        Entry::changed(
            Some(caller.id),
            &format!("request.{code}"),
            "request",
            after.id,
            &changed_before,
            &changed_after,
        ),
    )
    .await?;
    Ok((after, clocks))
}

/// The action as the domain's rules read it.
fn ask_of(asked: &RequestAction) -> Result<Ask, ApiError> {
    let instant = |field, value: Option<DateTime<chrono::FixedOffset>>| {
        given(field, value).map(|at| at.with_timezone(&Utc))
    };
    Ok(match asked.action {
        ActionKind::Assign => Ask::Assign,
        ActionKind::CallBack => Ask::CallBack,
        ActionKind::Quote => Ask::Quote,
        ActionKind::AcceptQuote => Ask::AcceptQuote,
        ActionKind::DeclineQuote => Ask::DeclineQuote,
        ActionKind::WaitCustomer => Ask::WaitCustomer,
        ActionKind::Resume => Ask::Resume,
        ActionKind::SignForm => Ask::SignForm {
            signer: given("signer", asked.signer)?,
            signed_at: instant("signed_at", asked.signed_at)?,
        },
        ActionKind::SecondVisit => Ask::SecondVisit {
            next_visit_at: instant("next_visit_at", asked.next_visit_at)?,
        },
        ActionKind::ConfirmParts => Ask::ConfirmParts,
        ActionKind::Resolve => Ask::Resolve {
            method: given("method", asked.method)?,
            fixed_at: asked.fixed_at.map(|at| at.with_timezone(&Utc)),
        },
        ActionKind::Reopen => Ask::Reopen,
        ActionKind::Cancel => Ask::Cancel,
        ActionKind::Close => Ask::Close,
    })
}

/// What the rules need of `request` and of `caller`.
fn facts_of(request: &ServiceRequest, caller: &Caller) -> Facts {
    Facts {
        standing: Standing::from(request),
        priority: request.priority,
        work_type: request.work_type,
        created_at: request.created_at,
        paused_since: request.paused_since,
        customer_signed_at: request.customer_signed_at,
        account_manager_signed_at: request.account_manager_signed_at,
        role: caller.role,
        asked_by_assignee: request.assignee_id == Some(caller.id),
    }
}

/// The answer a refusal gets.
fn refused(refusal: Refusal) -> ApiError {
    match refusal {
        Refusal::NotAssignee => ApiError::Forbidden,
        Refusal::Illegal { .. } => ApiError::conflict("illegal_transition", refusal.to_string()),
        Refusal::FormUnsigned => ApiError::conflict("service_form_unsigned", refusal.to_string()),
        Refusal::Field { field, message } => ApiError::field(field, message),
        Refusal::Clock(error) => ApiError::internal("closing a wait on the customer", error),
    }
}

/// Writes the fields `asked` records onto `model` (checked and trimmed,
/// 422 naming the one at fault); the note for the timeline, if any.
async fn record(
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
            super::mark_assigned(&mut writes, &[assignee], now);
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
        ActionKind::WaitCustomer | ActionKind::Reopen | ActionKind::Close => {
            note = Some(reason()?);
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
            model.resolution_method = Set(Some(encode(&given("method", asked.method)?)));
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
            format!(
                "nobody active in {} has the skills this request needs",
                reason.department.code()
            ),
        )
    })?;
    Ok((assignee, to_json(&routed.reason)?))
}

/// Records the customer's answer on the waiting quote; a declined one
/// cancels the request as `declined`.
fn answer_quote(
    model: &mut service_requests::ActiveModel,
    before: &ServiceRequest,
    answer: QuoteAnswer,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    // The plan answers only a waiting quote.
    let Some(mut quote) = before.quote.clone() else {
        return Ok(());
    };
    let code = match answer {
        QuoteAnswer::Accepted => "accepted",
        QuoteAnswer::Declined => {
            model.cancel_reason = Set(Some("declined".to_owned()));
            "declined"
        }
    };
    quote.answer = Some(code.to_owned());
    quote.answered_at = Some(now);
    model.quote = Set(Some(to_json(&quote)?));
    Ok(())
}

/// An active user to assign; 422 on `assignee_id` otherwise.
async fn check_assignee(conn: &impl ConnectionTrait, id: Uuid) -> Result<Uuid, ApiError> {
    crate::db::unique(conn, users::Entity::find_by_id(id))
        .await?
        .filter(|user| user.active)
        .map(|user| user.id)
        .ok_or_else(|| ApiError::field("assignee_id", "must be an active user"))
}
