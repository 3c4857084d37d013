//! Housekeeping: idempotency answers past their retention, and
//! announcements older than [`KEEP`]. Forgetting one could announce it
//! again only if its record still qualified two years on (a request open
//! and breached for two years), which is worth a second word.

use chrono::{DateTime, TimeDelta, Utc};
use rapport_entity::scheduled_occurrences;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::Tally;
use crate::error::ApiError;
use crate::idempotency;

/// How long an announcement is remembered.
const KEEP: TimeDelta = TimeDelta::days(730);

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
    Ok(tally)
}
