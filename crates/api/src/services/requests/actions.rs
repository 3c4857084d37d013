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

mod fields;

use chrono::{DateTime, Utc};
use rapport_domain::lifecycle::request::{
    Ask, ClockChange, Facts, Notice, QuoteAnswer, Refusal, Standing, VisitChange, Wait, plan,
};
use rapport_domain::messages::Message;
use rapport_domain::msg;
use rapport_domain::sla::{PauseSpec, SlaTarget};
use rapport_entity::service_requests;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::{Value, json};
use uuid::Uuid;

use rapport_types::request_actions::{ActionKind, RequestAction};
use rapport_types::requests::{ServiceRequest, ServiceRequestDetail};

use self::fields::{check_fields, given, record};
use super::clocks::{self, Clocks};
use super::{append_event, to_json};
use crate::assignee_loads;
use crate::audit::{self, Entry};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::notify;
use crate::services::visits;
use crate::settings::Cache;
use crate::state::AppState;

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
        .ok_or(ApiError::NotFound(msg!("request")))
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
    let detail = super::detail(&state.settings, &txn, after, clocks.calendar(), now).await?;
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
    model.status = Set(plan.next);
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
    clocks::summarize(txn, [after.id]).await?;
    notify::assigned(txn, before.assignee_id, &after, caller.id, now).await?;
    crate::webhooks::events::request_changed(txn, &before, &after, now).await?;
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
        Refusal::Illegal { .. } => ApiError::conflict("illegal_transition", refusal.message()),
        Refusal::FormUnsigned => ApiError::conflict("service_form_unsigned", refusal.message()),
        Refusal::Field { field, message } => ApiError::field(field, Message::from_key(message)),
        Refusal::Clock(error) => ApiError::internal("closing a wait on the customer", error),
    }
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
