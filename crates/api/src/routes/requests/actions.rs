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

use actix_web::{HttpResponse, post, web};
use chrono::{DateTime, FixedOffset, Utc};
use rapport_domain::lifecycle::request::{Action as Step, Status};
use rapport_domain::org::Role;
use rapport_domain::request::ResolutionMethod;
use rapport_domain::sla::{Pause, PauseSpec, SlaTarget};
use rapport_entity::{service_requests, users};
use sea_orm::{
    ConnectionTrait, DbBackend, EntityTrait, IntoActiveModel, Set, Statement, TransactionTrait,
};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::{Validate, ValidationErrors};

use super::clocks::{self, Clocks};
use super::{Parts, Quote, ServiceRequest, ServiceRequestDetail, append_event, detail, to_json};
use crate::audit::{self, Entry};
use crate::auth::{Action, Caller};
use crate::codes::encode;
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::routes::routing;
use crate::routes::{calendar, sla};
use crate::state::AppState;

/// The largest fee or parts amount accepted, in fen (¥100,000,000).
const MAX_AMOUNT_CENTS: i64 = 10_000_000_000;
/// The longest note, reason, fault description or solution, in characters.
const MAX_TEXT: usize = 10_000;

/// Who signs the on-site service form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Signer {
    /// The customer, on the day of the visit.
    Customer,
    /// The customer's account manager, within 2 days.
    AccountManager,
}

/// One action on a request, with the fields it records. Every action
/// carries the `version` read; a stale one is refused with 409.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum RequestAction {
    /// Assign or reassign: to `assignee_id`, or by the routing rules when absent.
    Assign {
        /// The version read.
        version: i32,
        /// The person to take it; absent to pick by load.
        assignee_id: Option<Uuid>,
    },
    /// The technician called the customer back (response and call-back met).
    CallBack {
        /// The version read.
        version: i32,
        /// What was said.
        note: Option<String>,
    },
    /// The service desk quotes fee, method and time for billable work; the
    /// request waits on the customer.
    Quote {
        /// The version read.
        version: i32,
        /// The fee, in fen.
        fee_cents: i64,
        /// How the work would be done.
        method: ResolutionMethod,
        /// When it would be done.
        #[schema(value_type = Option<String>, format = DateTime)]
        scheduled_for: Option<DateTime<FixedOffset>>,
        /// Anything else the customer was told.
        note: Option<String>,
    },
    /// The customer accepted the quote: the work goes ahead.
    AcceptQuote {
        /// The version read.
        version: i32,
    },
    /// The customer declined the quote: the request is cancelled as `declined`.
    DeclineQuote {
        /// The version read.
        version: i32,
        /// What the customer said.
        note: Option<String>,
    },
    /// Wait on the customer (clocks pause).
    WaitCustomer {
        /// The version read.
        version: i32,
        /// What we wait for.
        reason: String,
    },
    /// The customer answered: clocks run again, moved by the wait.
    Resume {
        /// The version read.
        version: i32,
    },
    /// Record a signature on the on-site service form.
    SignForm {
        /// The version read.
        version: i32,
        /// The customer (same day) or the account manager (within 2 days).
        signer: Signer,
        /// When they signed.
        #[schema(value_type = String, format = DateTime)]
        signed_at: DateTime<FixedOffset>,
    },
    /// A visit did not finish the job: what is outstanding and when we go back.
    SecondVisit {
        /// The version read.
        version: i32,
        /// What is still wrong.
        outstanding_issue: String,
        /// When the technician goes back.
        #[schema(value_type = String, format = DateTime)]
        next_visit_at: DateTime<FixedOffset>,
    },
    /// The customer confirmed charged hardware parts.
    ConfirmParts {
        /// The version read.
        version: i32,
        /// Which parts.
        description: String,
        /// What they cost the customer, in fen.
        amount_cents: i64,
        /// Who at the customer confirmed.
        confirmed_by: String,
    },
    /// Record the fix: method, fault description and solution.
    Resolve {
        /// The version read.
        version: i32,
        /// Phone, remote or on site (on site needs both form signatures).
        method: ResolutionMethod,
        /// What was wrong.
        fault_description: String,
        /// How it was fixed.
        solution: String,
        /// When a remote fix was done (the record is due 2 hours later); default now.
        #[schema(value_type = Option<String>, format = DateTime)]
        fixed_at: Option<DateTime<FixedOffset>>,
    },
    /// Reopen a resolved request.
    Reopen {
        /// The version read.
        version: i32,
        /// Why.
        reason: String,
    },
    /// Abandon an open request.
    Cancel {
        /// The version read.
        version: i32,
        /// Why.
        reason: String,
    },
}

/// Fields are checked as each action is carried out, where the field can be named.
impl Validate for RequestAction {
    fn validate(&self) -> Result<(), ValidationErrors> {
        Ok(())
    }
}

impl RequestAction {
    fn version(&self) -> i32 {
        use RequestAction as A;
        match self {
            A::Assign { version, .. }
            | A::CallBack { version, .. }
            | A::Quote { version, .. }
            | A::AcceptQuote { version }
            | A::DeclineQuote { version, .. }
            | A::WaitCustomer { version, .. }
            | A::Resume { version }
            | A::SignForm { version, .. }
            | A::SecondVisit { version, .. }
            | A::ConfirmParts { version, .. }
            | A::Resolve { version, .. }
            | A::Reopen { version, .. }
            | A::Cancel { version, .. } => *version,
        }
    }

    /// The action's name on the timeline and in the audit log.
    fn code(&self) -> &'static str {
        use RequestAction as A;
        match self {
            A::Assign { .. } => "assign",
            A::CallBack { .. } => "call_back",
            A::Quote { .. } => "quote",
            A::AcceptQuote { .. } => "accept_quote",
            A::DeclineQuote { .. } => "decline_quote",
            A::WaitCustomer { .. } => "wait_customer",
            A::Resume { .. } => "resume",
            A::SignForm { .. } => "sign_form",
            A::SecondVisit { .. } => "second_visit",
            A::ConfirmParts { .. } => "confirm_parts",
            A::Resolve { .. } => "resolve",
            A::Reopen { .. } => "reopen",
            A::Cancel { .. } => "cancel",
        }
    }

    /// The lifecycle step it takes; `None` for records that keep the state
    /// (they need the request `in_progress`).
    fn step(&self) -> Option<Step> {
        use RequestAction as A;
        match self {
            A::Assign { .. } => Some(Step::Assign),
            A::CallBack { .. } => Some(Step::CallBack),
            A::Quote { .. } | A::WaitCustomer { .. } => Some(Step::WaitCustomer),
            A::AcceptQuote { .. } | A::Resume { .. } => Some(Step::Resume),
            A::DeclineQuote { .. } | A::Cancel { .. } => Some(Step::Cancel),
            A::Resolve { .. } => Some(Step::Resolve),
            A::Reopen { .. } => Some(Step::Reopen),
            A::SignForm { .. } | A::SecondVisit { .. } | A::ConfirmParts { .. } => None,
        }
    }

    /// The permission the action needs.
    fn permission(&self) -> Action {
        use RequestAction as A;
        match self {
            A::Assign { .. }
            | A::Quote { .. }
            | A::AcceptQuote { .. }
            | A::DeclineQuote { .. }
            | A::Reopen { .. }
            | A::Cancel { .. } => Action::WriteRequests,
            A::SignForm {
                signer: Signer::AccountManager,
                ..
            } => Action::SignServiceForms,
            A::CallBack { .. }
            | A::WaitCustomer { .. }
            | A::Resume { .. }
            | A::SignForm { .. }
            | A::SecondVisit { .. }
            | A::ConfirmParts { .. }
            | A::Resolve { .. } => Action::WorkRequests,
        }
    }
}

/// Trimmed text of 1 to `MAX_TEXT` characters, or 422 naming `field`.
fn text(field: &str, value: &str) -> Result<String, ApiError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(ApiError::field(field, "must not be blank"));
    }
    if trimmed.chars().count() > MAX_TEXT {
        return Err(ApiError::field(
            field,
            format!("must be at most {MAX_TEXT} characters long"),
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
    let backend = conn.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => "UPDATE service_requests SET version = version WHERE id = $1",
        _ => "UPDATE service_requests SET version = version WHERE id = ?",
    };
    conn.execute_raw(Statement::from_sql_and_values(backend, sql, [id.into()]))
        .await?;
    service_requests::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("request"))
}

/// Carry out one action on a request: assign, call back, quote and its
/// answer, wait and resume, form signatures, second visit, parts, resolve,
/// reopen or cancel.
#[utoipa::path(
    tag = "requests",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The request's id")),
    request_body = RequestAction,
    responses(
        (status = 200, description = "The request after the action", body = ServiceRequestDetail),
        (status = 400, description = "Malformed body, unknown action or field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not take this action, or a technician acting on someone else's request", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or the current state does not allow the action (`illegal_transition`, naming the state)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is blank, too long or out of range", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/requests/{id}/actions")]
pub async fn act(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<RequestAction>,
) -> Result<HttpResponse, ApiError> {
    let action = body.0;
    caller.require(action.permission())?;
    let now = state.clock.now();
    let txn = state.db.begin().await?;
    let current = lock(&txn, *id).await?;
    let before = ServiceRequest::from_model(current.clone())?;
    if caller.role == Role::Technician
        && action.permission() == Action::WorkRequests
        && before.assignee_id != Some(caller.id)
    {
        return Err(ApiError::Forbidden);
    }
    if current.version != action.version() {
        return Err(ApiError::StaleVersion {
            current: current.version,
        });
    }
    let next = match action.step() {
        Some(step) => before.status.apply(step).map_err(|_| {
            refuse(
                before.status,
                action.code(),
                "the lifecycle does not allow it",
            )
        })?,
        None if before.status == Status::InProgress => Status::InProgress,
        None => {
            return Err(refuse(
                before.status,
                action.code(),
                "it must be in progress",
            ));
        }
    };
    let calendar = calendar::for_request(&txn, before.calendar_name.as_deref()).await?;
    let policy = sla::policy(&txn).await?;
    let mut pauses = stored_pauses(&before)?;
    let mut model = current.into_active_model();
    model.status = Set(next.code().to_owned());
    let mut note = None;
    let mut ended_pause = false;

    match &action {
        RequestAction::Assign { assignee_id, .. } => {
            let assignee = match assignee_id {
                Some(assignee) => check_assignee(&txn, *assignee).await?,
                None => {
                    let routed = routing::pick(
                        &txn,
                        before.routing_reason.rule.clone(),
                        before.routing_reason.department,
                        before.routing_reason.required_skills.clone(),
                    )
                    .await?;
                    let assignee = routed.assignee.ok_or_else(|| {
                        ApiError::conflict(
                            "nobody_available",
                            format!(
                                "nobody active in {} has the skills this request needs",
                                before.routing_reason.department.code()
                            ),
                        )
                    })?;
                    model.routing_reason = Set(to_json(&routed.reason)?);
                    assignee
                }
            };
            model.assignee_id = Set(Some(assignee));
            super::mark_assigned(&txn, assignee, now).await?;
        }
        RequestAction::CallBack { note: said, .. } => {
            note = optional_text("note", said.as_deref())?;
        }
        RequestAction::Quote {
            fee_cents,
            method,
            scheduled_for,
            note: said,
            ..
        } => {
            if !before.billable {
                return Err(refuse(
                    before.status,
                    "quote",
                    "a contract covers it, the work is free",
                ));
            }
            let quote = Quote {
                fee_cents: amount("fee_cents", *fee_cents)?,
                method: *method,
                scheduled_for: scheduled_for.map(|at| at.with_timezone(&Utc)),
                note: optional_text("note", said.as_deref())?.unwrap_or_default(),
                quoted_at: now,
                quoted_by: caller.id,
                answer: None,
                answered_at: None,
            };
            model.quote = Set(Some(to_json(&quote)?));
            model.paused_since = Set(Some(now));
        }
        RequestAction::AcceptQuote { .. } | RequestAction::DeclineQuote { .. } => {
            let Some(mut quote) = before.quote.clone().filter(|quote| quote.answer.is_none())
            else {
                return Err(refuse(
                    before.status,
                    action.code(),
                    "no quote awaits an answer",
                ));
            };
            let accepted = matches!(action, RequestAction::AcceptQuote { .. });
            if let RequestAction::DeclineQuote { note: said, .. } = &action {
                note = optional_text("note", said.as_deref())?;
                model.cancel_reason = Set(Some("declined".to_owned()));
            }
            quote.answer = Some(if accepted { "accepted" } else { "declined" }.to_owned());
            quote.answered_at = Some(now);
            model.quote = Set(Some(to_json(&quote)?));
            ended_pause = true;
        }
        RequestAction::WaitCustomer { reason, .. } => {
            note = Some(text("reason", reason)?);
            model.paused_since = Set(Some(now));
        }
        RequestAction::Resume { .. } => {
            if before
                .quote
                .as_ref()
                .is_some_and(|quote| quote.answer.is_none())
            {
                return Err(refuse(
                    before.status,
                    "resume",
                    "a quote awaits the customer's answer; accept or decline it",
                ));
            }
            ended_pause = true;
        }
        RequestAction::SignForm {
            signer, signed_at, ..
        } => {
            let signed_at = signed_at.with_timezone(&Utc);
            if signed_at > now {
                return Err(ApiError::field("signed_at", "must not be in the future"));
            }
            let clocks = Clocks::new(&calendar, &policy, before.id).with_pauses(pauses.clone());
            match signer {
                Signer::Customer => {
                    model.customer_signed_at = Set(Some(signed_at));
                    // The account manager's 2 days run from the customer's signature.
                    clocks
                        .start(&txn, SlaTarget::OnSiteSignature, signed_at)
                        .await?;
                }
                Signer::AccountManager => {
                    let Some(customer_signed) = before.customer_signed_at else {
                        return Err(refuse(
                            before.status,
                            "sign_form",
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
                    clocks::meet(&txn, before.id, &[SlaTarget::OnSiteSignature], signed_at).await?;
                }
            }
        }
        RequestAction::SecondVisit {
            outstanding_issue,
            next_visit_at,
            ..
        } => {
            let next_visit_at = next_visit_at.with_timezone(&Utc);
            if next_visit_at <= now {
                return Err(ApiError::field("next_visit_at", "must be in the future"));
            }
            model.outstanding_issue = Set(Some(text("outstanding_issue", outstanding_issue)?));
            model.next_visit_at = Set(Some(next_visit_at));
        }
        RequestAction::ConfirmParts {
            description,
            amount_cents,
            confirmed_by,
            ..
        } => {
            let parts = Parts {
                description: text("description", description)?,
                amount_cents: amount("amount_cents", *amount_cents)?,
                confirmed_by: text("confirmed_by", confirmed_by)?,
                confirmed_at: now,
            };
            model.parts = Set(Some(to_json(&parts)?));
        }
        RequestAction::Resolve {
            method,
            fault_description,
            solution,
            fixed_at,
            ..
        } => {
            let fixed_at = fixed_at.map_or(now, |at| at.with_timezone(&Utc));
            if fixed_at > now || fixed_at < before.created_at {
                return Err(ApiError::field(
                    "fixed_at",
                    "must be between the intake and now",
                ));
            }
            if *method == ResolutionMethod::OnSite
                && (before.customer_signed_at.is_none()
                    || before.account_manager_signed_at.is_none())
            {
                return Err(ApiError::conflict(
                    "service_form_unsigned",
                    "an on-site fix is completed once the customer and the account manager have signed the service form",
                ));
            }
            model.resolution_method = Set(Some(encode(method)));
            model.fault_description = Set(Some(text("fault_description", fault_description)?));
            model.solution = Set(Some(text("solution", solution)?));
            model.resolved_at = Set(Some(now));
            let clocks = Clocks::new(&calendar, &policy, before.id).with_pauses(pauses.clone());
            clocks::meet(
                &txn,
                before.id,
                &[SlaTarget::resolution_target(before.work_type)],
                now,
            )
            .await?;
            if *method == ResolutionMethod::Remote {
                clocks::record_done(&txn, &clocks, SlaTarget::RemoteRecord, fixed_at, now).await?;
            }
            // The return visit is due 7 days after the resolution.
            clocks.start(&txn, SlaTarget::ReturnVisit, now).await?;
        }
        RequestAction::Reopen { reason, .. } => {
            note = Some(text("reason", reason)?);
        }
        RequestAction::Cancel { reason, .. } => {
            let reason = text("reason", reason)?;
            model.cancel_reason = Set(Some(reason.clone()));
            note = Some(reason);
            ended_pause = before.paused_since.is_some();
        }
    }

    if ended_pause {
        if let Some(since) = before.paused_since {
            let pause = Pause::new(since, now)
                .map_err(|error| ApiError::internal("closing a wait on the customer", error))?;
            pauses.push(pause);
            let specs: Vec<PauseSpec> = pauses.iter().copied().map(PauseSpec::from).collect();
            model.pauses = Set(to_json(&specs)?);
            model.paused_since = Set(None);
            Clocks::new(&calendar, &policy, before.id)
                .with_pauses(pauses.clone())
                .extend(&txn)
                .await?;
        }
    }
    let clocks = Clocks::new(&calendar, &policy, before.id).with_pauses(pauses);
    match &action {
        // A new or changed assignee owes the customer a call-back (once
        // called back, reassigning keeps the work going).
        RequestAction::Assign { .. } if matches!(next, Status::Assigned | Status::Reopened) => {
            clocks.start(&txn, SlaTarget::CallBack, now).await?;
        }
        // Reopened work is called back and resolved afresh.
        RequestAction::Reopen { .. } => {
            clocks.start(&txn, SlaTarget::CallBack, now).await?;
            clocks
                .start(&txn, SlaTarget::resolution_target(before.work_type), now)
                .await?;
        }
        RequestAction::CallBack { .. } => {
            clocks::meet(
                &txn,
                before.id,
                &[
                    SlaTarget::response_target(before.priority),
                    SlaTarget::CallBack,
                    SlaTarget::DissatisfiedReview,
                ],
                now,
            )
            .await?;
        }
        _ => {}
    }

    let version = before.version + 1;
    model.version = Set(version);
    model.updated_at = Set(now);
    let saved = crate::db::update_versioned(
        &txn,
        model,
        service_requests::Column::Version,
        before.version,
    )
    .await?;
    let after = ServiceRequest::from_model(saved)?;
    let (changed_before, mut changed_after) = changes(&before, &after)?;
    if let Some(note) = note {
        changed_after["note"] = json!(note);
    }
    append_event(
        &txn,
        after.id,
        now,
        caller.id,
        action.code(),
        Some(changed_before.clone()),
        Some(changed_after.clone()),
    )
    .await?;
    audit::record(
        &txn,
        now,
        Entry {
            actor: Some(caller.id),
            action: &format!("request.{}", action.code()),
            entity_type: "request",
            entity_id: after.id.to_string(),
            before: Some(changed_before),
            after: Some(changed_after),
        },
    )
    .await?;
    let detail = detail(&txn, after, now).await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(detail))
}

fn stored_pauses(request: &ServiceRequest) -> Result<Vec<Pause>, ApiError> {
    request
        .pauses
        .iter()
        .map(|spec| {
            Pause::try_from(*spec)
                .map_err(|error| ApiError::internal("reading a request's pauses", error))
        })
        .collect()
}

/// An active user to assign; 422 on `assignee_id` otherwise.
async fn check_assignee(conn: &impl ConnectionTrait, id: Uuid) -> Result<Uuid, ApiError> {
    users::Entity::find_by_id(id)
        .one(conn)
        .await?
        .filter(|user| user.active)
        .map(|user| user.id)
        .ok_or_else(|| ApiError::field("assignee_id", "must be an active user"))
}

/// The fields an action changed, before and after (the timeline shows these).
fn changes(
    before: &ServiceRequest,
    after: &ServiceRequest,
) -> Result<(serde_json::Value, serde_json::Value), ApiError> {
    let (serde_json::Value::Object(old), serde_json::Value::Object(new)) =
        (to_json(before)?, to_json(after)?)
    else {
        return Err(ApiError::internal(
            "comparing a request before and after",
            std::io::Error::other("a request is not a JSON object"),
        ));
    };
    let mut was = serde_json::Map::new();
    let mut now = serde_json::Map::new();
    for (field, value) in new {
        if matches!(field.as_str(), "version" | "updated_at") {
            continue;
        }
        let old_value = old.get(&field).cloned().unwrap_or(serde_json::Value::Null);
        if old_value != value {
            was.insert(field.clone(), old_value);
            now.insert(field, value);
        }
    }
    Ok((
        serde_json::Value::Object(was),
        serde_json::Value::Object(now),
    ))
}
