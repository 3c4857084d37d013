//! `/api/v1/sla`: the SLA policy (one clock per target, SPEC section 3) and a
//! deadline preview on the organisation's or a named calendar. The domain's
//! `sla::deadline` does every calculation.

use chrono::Utc;
use rapport_domain::msg;
use rapport_domain::sla::{self, Clock, Pause, SlaPolicy};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use rapport_types::sla::{Policy, PolicyChanges, PreviewRequest, PreviewResponse};

use crate::error::ApiError;
use crate::services::calendar;
use crate::settings::{self, Document};
use crate::state::AppState;

/// The settings key of the SLA policy.
const POLICY_KEY: &str = "sla_policy";

/// The SLA policy in force: the default table until an admin changes it.
pub async fn policy(
    conn: &impl ConnectionTrait,
    cache: &settings::Cache,
) -> Result<SlaPolicy, ApiError> {
    Ok(cache.load::<SlaPolicy>(conn, POLICY_KEY).await?.value)
}

/// The SLA policy as the API shows it, read past the cache.
pub async fn get(conn: &impl ConnectionTrait) -> Result<Policy, ApiError> {
    let document = settings::load::<SlaPolicy>(conn, POLICY_KEY).await?;
    Ok(policy_from_document(document))
}

/// Sets the clocks `changes` names by `actor`, with its audit entry; the
/// other targets keep theirs.
pub async fn update(
    state: &AppState,
    actor: Uuid,
    changes: PolicyChanges,
) -> Result<Policy, ApiError> {
    let mut clocks = Vec::with_capacity(changes.policy.len());
    for (target, spec) in changes.policy {
        let clock = Clock::try_from(spec).map_err(|error| {
            let name = serde_json::to_value(target)
                .ok()
                .and_then(|value| value.as_str().map(str::to_owned))
                .unwrap_or_default();
            ApiError::field(&format!("policy.{name}.amount"), error.message())
        })?;
        clocks.push((target, clock));
    }
    let expected = changes.version.unwrap_or(0);
    let now = state.clock.now();
    let document = settings::change(
        state,
        Some(actor),
        "sla_policy.update",
        POLICY_KEY,
        expected,
        now,
        |before: &SlaPolicy| {
            let mut policy = *before;
            for (target, clock) in clocks {
                policy.set_clock(target, clock);
            }
            policy
        },
    )
    .await?;
    Ok(policy_from_document(document))
}

/// When a clock started at `request.start` falls due, given its pauses, on
/// the organisation's calendar or the named one (422 on `calendar` when
/// there is none of that name).
pub async fn preview(
    conn: &impl ConnectionTrait,
    request: PreviewRequest,
) -> Result<PreviewResponse, ApiError> {
    let clock = Clock::new(request.clock, request.amount)
        .map_err(|error| ApiError::field("amount", error.message()))?;
    let pauses = request
        .paused
        .into_iter()
        .enumerate()
        .map(|(index, spec)| {
            Pause::try_from(spec)
                .map_err(|error| ApiError::field(&format!("paused[{index}]"), error.message()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let calendar = match request.calendar.as_deref() {
        None => calendar::organisation(conn).await?.value,
        Some(name) => match calendar::named(conn, name).await {
            Ok(document) => document.value,
            Err(ApiError::NotFound(_) | ApiError::Validation(_)) => {
                return Err(ApiError::field(
                    "calendar",
                    msg!("there is no calendar named “{name}”", name = name),
                ));
            }
            Err(other) => return Err(other),
        },
    };
    let start = request.start.with_timezone(&Utc);
    let deadline = sla::deadline(&calendar, start, clock, &pauses)
        .map_err(|error| ApiError::field("amount", error.message()))?;
    Ok(PreviewResponse {
        deadline: deadline.with_timezone(&calendar.time_zone()).fixed_offset(),
    })
}

/// The SLA policy as the API shows it, from its stored document.
fn policy_from_document(document: Document<SlaPolicy>) -> Policy {
    Policy {
        version: document.version,
        policy: document.value,
    }
}
