//! Housekeeping: idempotency answers past their retention; announcements
//! older than [`KEEP`] (forgetting one could announce it again only if its
//! record still qualified two years on, a request open and breached for two
//! years, which is worth a second word); and webhook deliveries delivered
//! more than [`KEEP_DELIVERED`] ago, with their attempts and the events no
//! delivery refers to any more. Dead deliveries stay: they can be sent again.

use chrono::{DateTime, TimeDelta, Utc};
use rapport_entity::{scheduled_occurrences, webhook_attempts, webhook_deliveries, webhook_events};
use rapport_types::webhooks::DeliveryStatus;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::Tally;
use crate::auth::throttle;
use crate::error::ApiError;
use crate::idempotency;

/// How long an announcement is remembered.
const KEEP: TimeDelta = TimeDelta::days(730);

/// How long a delivered webhook event stays in its endpoint's log.
const KEEP_DELIVERED: TimeDelta = TimeDelta::days(30);

/// Deletes what expired by `now`.
pub async fn run(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Tally, ApiError> {
    let mut tally = Tally::default();
    let keys = idempotency::purge(db, now).await?;
    let occurrences = scheduled_occurrences::Entity::delete_many()
        .filter(scheduled_occurrences::Column::OccurredAt.lt(now - KEEP))
        .exec(db)
        .await?
        .rows_affected;
    tally.add("idempotency_keys", keys);
    tally.add("occurrences", occurrences);
    tally.add("login_failures", throttle::purge(db, now).await?);
    let txn = crate::db::begin(db).await?;
    let deliveries = delivered_before(&txn, now - KEEP_DELIVERED).await?;
    txn.commit().await?;
    tally.add("webhook_deliveries", deliveries);
    Ok(tally)
}

/// Deletes the deliveries delivered before `cutoff`, their attempts, and
/// the events from before it that no delivery refers to any more.
async fn delivered_before(
    conn: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
) -> Result<u64, ApiError> {
    use webhook_deliveries::Column as D;
    let delivered = DeliveryStatus::Delivered.code();
    let old = Query::select()
        .column(D::Id)
        .from(webhook_deliveries::Entity)
        .and_where(Expr::col(D::Status).eq(delivered))
        .and_where(Expr::col(D::DeliveredAt).lt(cutoff))
        .to_owned();
    webhook_attempts::Entity::delete_many()
        .filter(webhook_attempts::Column::DeliveryId.in_subquery(old))
        .exec(conn)
        .await?;
    let deleted = webhook_deliveries::Entity::delete_many()
        .filter(D::Status.eq(delivered))
        .filter(D::DeliveredAt.lt(cutoff))
        .exec(conn)
        .await?
        .rows_affected;
    let referred = Query::select()
        .expr(Expr::val(1))
        .from(webhook_deliveries::Entity)
        .and_where(
            Expr::col((webhook_deliveries::Entity, D::EventId))
                .equals((webhook_events::Entity, webhook_events::Column::Id)),
        )
        .to_owned();
    webhook_events::Entity::delete_many()
        .filter(webhook_events::Column::OccurredAt.lt(cutoff))
        .filter(Expr::exists(referred).not())
        .exec(conn)
        .await?;
    Ok(deleted)
}
