//! `/api/v1/webhooks`: the endpoints administrators register (SPEC section
//! 10), their delivery logs and re-sends. The signing secret is made by the
//! server and shown twice only: when the endpoint is registered and when
//! its secret is rotated. Every change is audited (never with the secret).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use rapport_domain::msg;
use rapport_entity::{webhook_attempts, webhook_deliveries, webhook_endpoints};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use rapport_types::page::{PageQuery, Paged};
use rapport_types::webhooks::{
    Delivery, DeliveryAttempt, DeliveryFilter, DeliveryStatus, EndpointUpdate, EndpointWithSecret,
    EventKind, NewEndpoint, WebhookEndpoint,
};

use crate::audit::{self, Entry};
use crate::auth::tokens::random_secret;
use crate::error::{ApiError, non_blank};
use crate::pagination::{Page, readable};
use crate::webhooks::backoff::RETRY_WINDOW;
use crate::webhooks::outbox::kinds;

/// What every secret starts with, so one found in a log or a repository is
/// recognised for what it is.
pub const SECRET_PREFIX: &str = "whsec_";

/// Registers `new` by `actor` in `txn`, audited; the secret is in the answer only.
pub async fn create(
    txn: &DatabaseTransaction,
    actor: Uuid,
    new: NewEndpoint,
    now: DateTime<Utc>,
) -> Result<EndpointWithSecret, ApiError> {
    let url = checked_url(&new.url)?;
    let events = checked_events(&new.events)?;
    let secret = format!("{SECRET_PREFIX}{}", random_secret());
    let model = webhook_endpoints::ActiveModel {
        id: Set(Uuid::new_v4()),
        url: Set(url),
        description: Set(new.description.trim().to_owned()),
        events: Set(events_json(&events)),
        secret: Set(secret.clone()),
        active: Set(new.active.unwrap_or(true)),
        archived_at: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await?;
    let endpoint = endpoint_from_model(model);
    audit::record(
        txn,
        now,
        Entry::created(
            Some(actor),
            "webhook.create",
            "webhook",
            endpoint.id,
            &endpoint,
        ),
    )
    .await?;
    Ok(EndpointWithSecret { endpoint, secret })
}

/// Every endpoint not deleted, oldest first, without their secrets.
pub async fn list(conn: &impl ConnectionTrait) -> Result<Vec<WebhookEndpoint>, ApiError> {
    let rows = webhook_endpoints::Entity::find()
        .filter(webhook_endpoints::Column::ArchivedAt.is_null())
        .order_by_asc(webhook_endpoints::Column::CreatedAt)
        .order_by_asc(webhook_endpoints::Column::Id)
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(endpoint_from_model).collect())
}

/// Endpoint `id`, without its secret.
pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> Result<WebhookEndpoint, ApiError> {
    Ok(endpoint_from_model(find(conn, id).await?))
}

/// Changes endpoint `id` as `update` says, if it is still at the version
/// read; audited.
pub async fn update(
    db: &DatabaseConnection,
    actor: Uuid,
    id: Uuid,
    update: EndpointUpdate,
    now: DateTime<Utc>,
) -> Result<WebhookEndpoint, ApiError> {
    let url = update.url.as_deref().map(checked_url).transpose()?;
    let events = update.events.as_deref().map(checked_events).transpose()?;
    let edit = |model: &mut webhook_endpoints::ActiveModel| {
        if let Some(url) = url {
            model.url = Set(url);
        }
        if let Some(events) = events {
            model.events = Set(events_json(&events));
        }
        if let Some(description) = update.description {
            model.description = Set(description.trim().to_owned());
        }
        if let Some(active) = update.active {
            model.active = Set(active);
        }
    };
    let action = "webhook.update";
    change(db, actor, id, update.version, now, action, edit).await
}

/// Gives endpoint `id` a new secret, if it is still at `version`; audited
/// (without either secret). Events sent from now on are signed with it.
pub async fn rotate_secret(
    db: &DatabaseConnection,
    actor: Uuid,
    id: Uuid,
    version: i32,
    now: DateTime<Utc>,
) -> Result<EndpointWithSecret, ApiError> {
    let secret = format!("{SECRET_PREFIX}{}", random_secret());
    let action = "webhook.rotate_secret";
    let edit = |model: &mut webhook_endpoints::ActiveModel| model.secret = Set(secret.clone());
    let endpoint = change(db, actor, id, version, now, action, edit).await?;
    Ok(EndpointWithSecret { endpoint, secret })
}

/// The one way an endpoint changes: in a transaction, endpoint `id` read
/// at `version` (404, 409 stale) is edited by `edit`, saved as the next
/// version and audited as `action` by `actor`.
async fn change(
    db: &DatabaseConnection,
    actor: Uuid,
    id: Uuid,
    version: i32,
    now: DateTime<Utc>,
    action: &str,
    edit: impl FnOnce(&mut webhook_endpoints::ActiveModel),
) -> Result<WebhookEndpoint, ApiError> {
    let txn = crate::db::begin(db).await?;
    let current = find(&txn, id).await?;
    crate::db::expect_version(current.version, version)?;
    let before = endpoint_from_model(current.clone());
    let mut model = current.into_active_model();
    edit(&mut model);
    model.updated_at = Set(now);
    let saved =
        crate::db::update_versioned(&txn, model, webhook_endpoints::Column::Version, version)
            .await?;
    let after = endpoint_from_model(saved);
    let entry = Entry::changed(Some(actor), action, "webhook", id, &before, &after);
    audit::record(&txn, now, entry).await?;
    txn.commit().await?;
    Ok(after)
}

/// Deletes endpoint `id`: it gets nothing more, leaves the lists, and its
/// pending deliveries are dead (the log stays, for the audit). Audited.
pub async fn delete(
    db: &DatabaseConnection,
    actor: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let txn = crate::db::begin(db).await?;
    let current = find(&txn, id).await?;
    let before = endpoint_from_model(current.clone());
    let mut model = current.into_active_model();
    model.active = Set(false);
    model.archived_at = Set(Some(now));
    model.updated_at = Set(now);
    model.update(&txn).await?;
    use webhook_deliveries::Column as D;
    webhook_deliveries::Entity::update_many()
        .col_expr(D::Status, Expr::value(DeliveryStatus::Dead.code()))
        .col_expr(D::LastError, Expr::value("the endpoint was deleted"))
        .col_expr(D::UpdatedAt, Expr::value(now))
        .filter(D::EndpointId.eq(id))
        .filter(D::Status.eq(DeliveryStatus::Pending.code()))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        now,
        Entry {
            actor: Some(actor),
            action: "webhook.delete",
            entity_type: "webhook",
            entity_id: id.to_string(),
            before: serde_json::to_value(&before).ok(),
            after: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// One page of endpoint `id`'s deliveries, newest first, each with its log.
pub async fn deliveries(
    conn: &impl ConnectionTrait,
    id: Uuid,
    page: PageQuery,
    filter: DeliveryFilter,
) -> Result<Paged<Delivery>, ApiError> {
    let page = Page::from_query(page)?;
    find(conn, id).await?;
    let mut query = webhook_deliveries::Entity::find()
        .filter(webhook_deliveries::Column::EndpointId.eq(id))
        .order_by_desc(webhook_deliveries::Column::Id);
    if let Some(status) = filter.status {
        query = query.filter(webhook_deliveries::Column::Status.eq(status.code()));
    }
    let Paged {
        items,
        page,
        limit,
        total,
        total_exact,
        next_cursor,
    } = page.fetch(conn, query, Ok).await?;
    let mut logs = attempts(conn, items.iter().map(|model| model.id)).await?;
    let items = readable::<webhook_deliveries::Entity, _>(items, |model| {
        let log = logs.remove(&model.id).unwrap_or_default();
        delivery_from_model(model, log)
    });
    Ok(Paged {
        items,
        page,
        limit,
        total,
        total_exact,
        next_cursor,
    })
}

/// Sends dead delivery `delivery_id` of endpoint `id` again: due now, with a
/// new retry window. 409 unless it is dead. Audited.
pub async fn resend(
    db: &DatabaseConnection,
    actor: Uuid,
    id: Uuid,
    delivery_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Delivery, ApiError> {
    let txn = crate::db::begin(db).await?;
    let endpoint = find(&txn, id).await?;
    let current = crate::db::unique(
        &txn,
        webhook_deliveries::Entity::find_by_id(delivery_id)
            .filter(webhook_deliveries::Column::EndpointId.eq(endpoint.id)),
    )
    .await?
    .ok_or(ApiError::NotFound(msg!("webhook delivery")))?;
    if current.status != DeliveryStatus::Dead.code() {
        return Err(ApiError::conflict(
            "delivery_not_dead",
            msg!("only a dead delivery can be re-sent; a pending one is tried again by itself"),
        ));
    }
    let mut model = current.into_active_model();
    model.status = Set(DeliveryStatus::Pending.code().to_owned());
    model.next_attempt_at = Set(now);
    model.retry_until = Set(now + RETRY_WINDOW);
    model.claimed_until = Set(None);
    model.claim_token = Set(None);
    model.updated_at = Set(now);
    let saved = model.update(&txn).await?;
    let log = attempts(&txn, [saved.id]).await?.remove(&saved.id);
    let after = delivery_from_model(saved, log.unwrap_or_default())?;
    audit::record(
        &txn,
        now,
        Entry::created(
            Some(actor),
            "webhook.resend",
            "webhook_delivery",
            after.id,
            &serde_json::json!({"endpoint_id": id, "event_id": after.event_id}),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// The log of each of `deliveries`, oldest try first.
async fn attempts(
    conn: &impl ConnectionTrait,
    deliveries: impl IntoIterator<Item = Uuid>,
) -> Result<BTreeMap<Uuid, Vec<DeliveryAttempt>>, ApiError> {
    let ids: Vec<Uuid> = deliveries.into_iter().collect();
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    let rows = webhook_attempts::Entity::find()
        .filter(webhook_attempts::Column::DeliveryId.is_in(ids))
        .order_by_asc(webhook_attempts::Column::Id)
        .all(conn)
        .await?;
    let mut logs: BTreeMap<Uuid, Vec<DeliveryAttempt>> = BTreeMap::new();
    for row in rows {
        logs.entry(row.delivery_id)
            .or_default()
            .push(DeliveryAttempt {
                at: row.at,
                status_code: row.status_code.and_then(|code| u16::try_from(code).ok()),
                response_ms: u32::try_from(row.response_ms).unwrap_or_default(),
                error: row.error,
            });
    }
    Ok(logs)
}

async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<webhook_endpoints::Model, ApiError> {
    crate::db::unique(
        conn,
        webhook_endpoints::Entity::find_by_id(id)
            .filter(webhook_endpoints::Column::ArchivedAt.is_null()),
    )
    .await?
    .ok_or(ApiError::NotFound(msg!("webhook endpoint")))
}

/// An absolute `http` or `https` URL with a host and no credentials
/// (they would show in every list); 422 on `url` otherwise.
fn checked_url(url: &str) -> Result<String, ApiError> {
    let url = non_blank("url", url)?;
    let parsed = reqwest::Url::parse(&url).map_err(|error| {
        ApiError::field(
            "url",
            msg!("must be an absolute URL ({error})", error = error),
        )
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(ApiError::field("url", msg!("must be an http or https URL")));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(ApiError::field("url", msg!("must name a host")));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(ApiError::field(
            "url",
            msg!("must not carry credentials: verify the signature instead"),
        ));
    }
    Ok(parsed.to_string())
}

/// The events named, once each in SPEC order; 422 on `events[i]` naming
/// each unknown one.
fn checked_events(codes: &[String]) -> Result<Vec<EventKind>, ApiError> {
    let mut known = BTreeSet::new();
    let mut problems = BTreeMap::new();
    for (i, code) in codes.iter().enumerate() {
        match EventKind::from_code(code.trim()) {
            Some(kind) => {
                known.insert(kind);
            }
            None => {
                let names: Vec<&str> = EventKind::ALL.iter().map(|kind| kind.code()).collect();
                problems.insert(
                    format!("events[{i}]"),
                    vec![msg!(
                        "unknown event `{code}`; one of {names}",
                        code = code,
                        names = names.join(", ")
                    )],
                );
            }
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::Validation(problems));
    }
    if known.is_empty() {
        return Err(ApiError::field(
            "events",
            msg!("must name at least one event"),
        ));
    }
    Ok(EventKind::ALL
        .into_iter()
        .filter(|kind| known.contains(kind))
        .collect())
}

fn events_json(events: &[EventKind]) -> serde_json::Value {
    serde_json::Value::Array(
        events
            .iter()
            .map(|kind| serde_json::Value::String(kind.code().to_owned()))
            .collect(),
    )
}

/// The endpoint a stored row describes (never its secret).
fn endpoint_from_model(model: webhook_endpoints::Model) -> WebhookEndpoint {
    WebhookEndpoint {
        id: model.id,
        events: kinds(&model.events),
        url: model.url,
        description: model.description,
        active: model.active,
        version: model.version,
        created_at: model.created_at,
        updated_at: model.updated_at,
    }
}

/// The delivery a stored row describes, with its log.
fn delivery_from_model(
    model: webhook_deliveries::Model,
    log: Vec<DeliveryAttempt>,
) -> Result<Delivery, ApiError> {
    let status = [
        DeliveryStatus::Pending,
        DeliveryStatus::Delivered,
        DeliveryStatus::Dead,
    ]
    .into_iter()
    .find(|status| status.code() == model.status)
    .ok_or_else(|| {
        ApiError::internal(
            "reading a webhook delivery",
            std::io::Error::other(format!("unknown status `{}`", model.status)),
        )
    })?;
    let event = EventKind::from_code(&model.event).ok_or_else(|| {
        ApiError::internal(
            "reading a webhook delivery",
            std::io::Error::other(format!("unknown event `{}`", model.event)),
        )
    })?;
    Ok(Delivery {
        id: model.id,
        endpoint_id: model.endpoint_id,
        event_id: model.event_id,
        event,
        status,
        attempts: u32::try_from(model.attempts).unwrap_or_default(),
        next_attempt_at: (status == DeliveryStatus::Pending).then_some(model.next_attempt_at),
        last_status_code: model
            .last_status_code
            .and_then(|code| u16::try_from(code).ok()),
        last_response_ms: model.last_response_ms.and_then(|ms| u32::try_from(ms).ok()),
        last_error: model.last_error,
        delivered_at: model.delivered_at,
        created_at: model.created_at,
        log,
    })
}
