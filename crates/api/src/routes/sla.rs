//! HTTP handlers over [`crate::services::sla`].

use crate::audit::{self, Entry};
use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::routes::extract::Json;
use crate::routes::responses::{BadBody, Refused, Unauthenticated};
use crate::services::calendar;
#[allow(unused_imports)]
use crate::services::sla::*;
use crate::settings::{self, Document};
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, put, web};
use chrono::Utc;
use rapport_domain::sla::{self, Clock, Pause, SlaPolicy};
use rapport_types::problem::Problem;
use rapport_types::sla::{Policy, PolicyChanges, PreviewRequest, PreviewResponse};
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the SLA routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(get_policy).service(put_policy).service(preview);
}

/// The SLA policy (the default table of SPEC section 3 until an admin changes it).
#[utoipa::path(
    tag = "sla",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The policy, one clock per target", body = Policy),
        Unauthenticated
    )
)]
#[get("/sla/policy")]
pub async fn get_policy(
    state: web::Data<AppState>,
    _caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let document = settings::load::<SlaPolicy>(&state.db, POLICY_KEY).await?;
    Ok(HttpResponse::Ok().json(policy_from_document(document)))
}

/// Change the clocks of some targets (admins only).
#[utoipa::path(
    tag = "sla",
    security(("bearer" = [])),
    request_body = PolicyChanges,
    responses(
        (status = 200, description = "The changed policy", body = Policy),
        (status = 400, description = "Malformed body or unknown target", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An amount out of range", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[put("/sla/policy")]
pub async fn put_policy(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<PolicyChanges>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ConfigureService)?;
    let changes = body.0;
    let mut clocks = Vec::with_capacity(changes.policy.len());
    for (target, spec) in changes.policy {
        let clock = Clock::try_from(spec).map_err(|error| {
            let name = serde_json::to_value(target)
                .ok()
                .and_then(|value| value.as_str().map(str::to_owned))
                .unwrap_or_default();
            ApiError::field(&format!("policy.{name}.amount"), error.to_string())
        })?;
        clocks.push((target, clock));
    }
    let expected = changes.version.unwrap_or(0);
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let current = settings::load::<SlaPolicy>(&txn, POLICY_KEY).await?;
    let before = current.value;
    let mut policy = before;
    for (target, clock) in clocks {
        policy.set_clock(target, clock);
    }
    let version = settings::save(&txn, POLICY_KEY, &policy, expected, now).await?;
    audit::record(
        &txn,
        now,
        Entry::changed(
            Some(caller.id),
            "sla_policy.update",
            "setting",
            POLICY_KEY,
            &before,
            &policy,
        ),
    )
    .await?;
    txn.commit().await?;
    state.settings.invalidate(POLICY_KEY);
    Ok(HttpResponse::Ok().json(policy_from_document(Document {
        value: policy,
        version,
    })))
}

/// When a clock started at `start` falls due, given its pauses, on the
/// organisation's calendar or a named one.
#[utoipa::path(
    tag = "sla",
    security(("bearer" = [])),
    request_body = PreviewRequest,
    responses(
        (status = 200, description = "The deadline", body = PreviewResponse),
        (status = 422, description = "Amount out of range, a pause ending before it begins, or an unknown calendar", body = Problem, content_type = "application/problem+json"),
        Unauthenticated,
        BadBody
    )
)]
#[post("/sla/preview")]
pub async fn preview(
    state: web::Data<AppState>,
    _caller: Caller,
    body: Json<PreviewRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.0;
    let clock = Clock::new(request.clock, request.amount)
        .map_err(|error| ApiError::field("amount", error.to_string()))?;
    let pauses = request
        .paused
        .into_iter()
        .enumerate()
        .map(|(index, spec)| {
            Pause::try_from(spec)
                .map_err(|error| ApiError::field(&format!("paused[{index}]"), error.to_string()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let calendar = match request.calendar.as_deref() {
        None => calendar::organisation(&state.db).await?.value,
        Some(name) => match calendar::named(&state.db, name).await {
            Ok(document) => document.value,
            Err(ApiError::NotFound(_) | ApiError::Validation(_)) => {
                return Err(ApiError::field(
                    "calendar",
                    format!("there is no calendar named “{name}”"),
                ));
            }
            Err(other) => return Err(other),
        },
    };
    let start = request.start.with_timezone(&Utc);
    let deadline = sla::deadline(&calendar, start, clock, &pauses)
        .map_err(|error| ApiError::field("amount", error.to_string()))?;
    Ok(HttpResponse::Ok().json(PreviewResponse {
        deadline: deadline.with_timezone(&calendar.time_zone()).fixed_offset(),
    }))
}
