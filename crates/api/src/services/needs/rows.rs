//! The API's view of stored needs: names, the timeline, the row
//! for each timeline entry.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rapport_domain::lifecycle::need::{self as lifecycle, Evaluation, Milestone, Score, Status};
use rapport_domain::msg;
use rapport_domain::request::Priority;
use rapport_domain::sla::SlaTarget;
use rapport_entity::{need_events, needs};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::Value;
use uuid::Uuid;

use rapport_types::needs::{EventKind, Need, NeedDetail, NeedEvent, NeedResponse};

use crate::error::ApiError;

/// The API's view of a stored need; `now` measures its response target.
pub(super) fn need_from_model(model: needs::Model, now: DateTime<Utc>) -> Result<Need, ApiError> {
    let status: Status = model.status;
    let priority: Priority = model.priority;
    let score = |value: Option<i16>| value.and_then(|v| Score::new(i64::from(v)).ok());
    let evaluation = match (
        score(model.customer_value),
        score(model.fit),
        score(model.cost),
    ) {
        (Some(customer_value), Some(fit), Some(cost)) => Some(Evaluation {
            customer_value,
            fit,
            cost,
        }),
        _ => None,
    };
    let milestones: Vec<Milestone> =
        serde_json::from_value(model.milestones.clone()).map_err(|error| {
            ApiError::internal(
                format!("reading the milestones of need {}", model.id),
                error,
            )
        })?;
    Ok(Need {
        id: model.id,
        customer_id: model.customer_id,
        customer_name: None,
        request_id: model.request_id,
        kind: model.kind,
        priority,
        title: model.title,
        description: model.description,
        status,
        evaluation,
        solution_direction: model.solution_direction,
        owner_id: model.owner_id,
        owner_name: None,
        milestones,
        response: NeedResponse {
            target: SlaTarget::response_target(priority),
            deadline: model.respond_by,
            at_risk_from: model.at_risk_from,
            met_at: model.responded_at,
            status: lifecycle::response_status(
                model.respond_by,
                model.at_risk_from,
                model.responded_at,
                now,
            ),
        },
        delivered_at: model.delivered_at,
        confirmed_by: model.confirmed_by,
        confirmed_at: model.confirmed_at,
        rejected_reason: model.rejected_reason,
        created_by: model.created_by,
        version: model.version,
        created_at: model.created_at,
        updated_at: model.updated_at,
    })
}

/// `need` with its customer's and owner's names, read from the database.
pub(super) async fn with_name(
    conn: &impl ConnectionTrait,
    mut need: Need,
) -> Result<Need, ApiError> {
    let owner = need.owner_id.into_iter().collect();
    let names = crate::names::read(conn, vec![need.customer_id], owner).await?;
    set_names(std::slice::from_mut(&mut need), &names);
    Ok(need)
}

/// Sets each need's customer and owner names from `names` (by id).
pub(super) fn set_names(list: &mut [Need], names: &BTreeMap<Uuid, String>) {
    for need in list {
        need.customer_name = names.get(&need.customer_id).cloned();
        need.owner_name = need.owner_id.and_then(|id| names.get(&id).cloned());
    }
}

pub(super) async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<needs::Model, ApiError> {
    crate::db::unique(conn, needs::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound(msg!("need")))
}

/// Fields a timeline entry leaves out: bookkeeping and the names read
/// with the need.
pub(super) const IGNORED: &[&str] = &["version", "updated_at", "customer_name", "owner_name"];

/// The need with its names and its timeline, oldest first.
pub(super) async fn detail(
    conn: &impl ConnectionTrait,
    need: Need,
) -> Result<NeedDetail, ApiError> {
    let need = with_name(conn, need).await?;
    let events = need_events::Entity::find()
        .filter(need_events::Column::NeedId.eq(need.id))
        .order_by_asc(need_events::Column::Version)
        .all(conn)
        .await?;
    Ok(NeedDetail {
        need,
        timeline: events
            .into_iter()
            .map(event_from_model)
            .collect::<Result<_, _>>()?,
    })
}

/// The timeline entry a stored row describes.
pub(super) fn event_from_model(model: need_events::Model) -> Result<NeedEvent, ApiError> {
    Ok(NeedEvent {
        id: model.id,
        version: model.version,
        at: model.at,
        actor_id: model.actor_id,
        kind: model.kind,
        before: model.before,
        after: model.after,
    })
}

/// The timeline entry for the version `need` is now at.
pub(super) fn event(
    need: &needs::Model,
    actor: Uuid,
    kind: EventKind,
    before: Option<Value>,
    after: Option<Value>,
) -> need_events::ActiveModel {
    need_events::ActiveModel {
        id: Set(Uuid::now_v7()),
        need_id: Set(need.id),
        version: Set(need.version),
        at: Set(need.updated_at),
        actor_id: Set(actor),
        kind: Set(kind),
        before: Set(before),
        after: Set(after),
    }
}
