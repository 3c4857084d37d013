//! The outbox: an event some active endpoint subscribed to is written as
//! one `webhook_events` row (its body, exactly as it will be sent and
//! signed) and one `webhook_deliveries` row per such endpoint, in the
//! transaction of the change that caused it. Nothing is written when no
//! endpoint wants the event.
//!
//! The deliveries are fanned out here, not by the worker: who gets an event
//! is decided when it happens (an endpoint registered later does not get
//! yesterday's events; one deactivated since still gets what it subscribed
//! to, once active again), the worker's queue is one table it claims rows
//! of, and an event nobody wants costs one small read and no write.

use chrono::{DateTime, Utc};
use rapport_entity::{webhook_deliveries, webhook_endpoints, webhook_events};
use sea_orm::sea_query::InsertStatement;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait, Set,
};
use uuid::Uuid;

use rapport_types::webhooks::{DeliveryStatus, Event, EventKind, Payload};

use crate::error::ApiError;
use crate::webhooks::backoff::RETRY_WINDOW;

/// Writes `event`, happened at `now`, to the outbox in the caller's
/// transaction: one delivery per active endpoint subscribed to it.
pub async fn emit(
    conn: &impl ConnectionTrait,
    event: &Event,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let subscribers = Subscribers::read(conn).await?;
    let backend = conn.get_database_backend();
    for insert in subscribers.inserts(std::slice::from_ref(event), now)? {
        conn.execute_raw(backend.build(&insert)).await?;
    }
    Ok(())
}

/// The active endpoints and the events each wants, read once for a batch
/// of events.
#[derive(Debug, Default, Clone)]
pub struct Subscribers {
    endpoints: Vec<(Uuid, Vec<EventKind>)>,
}

impl Subscribers {
    /// Reads the active endpoints.
    pub async fn read(conn: &impl ConnectionTrait) -> Result<Subscribers, ApiError> {
        let rows: Vec<(Uuid, serde_json::Value)> = webhook_endpoints::Entity::find()
            .select_only()
            .columns([
                webhook_endpoints::Column::Id,
                webhook_endpoints::Column::Events,
            ])
            .filter(webhook_endpoints::Column::Active.eq(true))
            .filter(webhook_endpoints::Column::ArchivedAt.is_null())
            .into_tuple()
            .all(conn)
            .await?;
        let endpoints = rows
            .into_iter()
            .map(|(id, events)| (id, kinds(&events)))
            .collect();
        Ok(Subscribers { endpoints })
    }

    /// Whether any endpoint wants `kind`: an event nobody wants need not
    /// even be built.
    pub fn want(&self, kind: EventKind) -> bool {
        self.endpoints
            .iter()
            .any(|(_, kinds)| kinds.contains(&kind))
    }

    /// The inserts that write `events`, happened at `now`, to the outbox
    /// (the events, then their deliveries), for a caller that writes in
    /// batches ([`Writes`](crate::writes::Writes)); none when no endpoint
    /// wants any of them.
    pub fn inserts(
        &self,
        events: &[Event],
        now: DateTime<Utc>,
    ) -> Result<Vec<InsertStatement>, ApiError> {
        let mut stored = Vec::new();
        let mut deliveries = Vec::new();
        for event in events {
            let kind = event.kind();
            let wanting: Vec<Uuid> = self
                .endpoints
                .iter()
                .filter(|(_, kinds)| kinds.contains(&kind))
                .map(|(id, _)| *id)
                .collect();
            if wanting.is_empty() {
                continue;
            }
            let id = Uuid::now_v7();
            let payload = Payload {
                id,
                occurred_at: now,
                event: event.clone(),
            };
            let body = serde_json::to_string(&payload)
                .map_err(|error| ApiError::internal("writing a webhook event", error))?;
            stored.push(webhook_events::ActiveModel {
                id: Set(id),
                event: Set(kind.code().to_owned()),
                body: Set(body),
                occurred_at: Set(now),
            });
            for endpoint in wanting {
                deliveries.push(webhook_deliveries::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    event_id: Set(id),
                    endpoint_id: Set(endpoint),
                    event: Set(kind.code().to_owned()),
                    status: Set(DeliveryStatus::Pending.code().to_owned()),
                    attempts: Set(0),
                    next_attempt_at: Set(now),
                    retry_until: Set(now + RETRY_WINDOW),
                    claimed_until: Set(None),
                    claim_token: Set(None),
                    last_status_code: Set(None),
                    last_response_ms: Set(None),
                    last_error: Set(None),
                    delivered_at: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                });
            }
        }
        if stored.is_empty() {
            return Ok(Vec::new());
        }
        Ok(vec![
            webhook_events::Entity::insert_many(stored).into_query(),
            webhook_deliveries::Entity::insert_many(deliveries).into_query(),
        ])
    }
}

/// The events a stored subscription names (codes this version does not
/// know are passed over).
pub fn kinds(events: &serde_json::Value) -> Vec<EventKind> {
    events
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|code| code.as_str().and_then(EventKind::from_code))
        .collect()
}
