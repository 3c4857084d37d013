//! Organisation-wide settings: one versioned JSON document per key in the
//! `settings` table (the business calendars, the SLA policy). A key never
//! saved reads as its default at version 0. Hot reads go through the
//! [`Cache`]; writers read the row itself.

use chrono::{DateTime, Utc};
use rapport_entity::settings;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::audit::{self, Entry};
use crate::error::ApiError;
use crate::state::AppState;

mod cache;
pub use cache::{CHANNEL, Cache, announce, listen};

/// A stored document and the version to send back when changing it.
#[derive(Debug, Clone)]
pub struct Document<T> {
    /// The document.
    pub value: T,
    /// Its version; 0 when it was never saved.
    pub version: i32,
}

/// The document stored under `key`, if any.
pub async fn find<T: DeserializeOwned>(
    conn: &impl ConnectionTrait,
    key: &str,
) -> Result<Option<Document<T>>, ApiError> {
    let Some(row) = crate::db::unique(conn, settings::Entity::find_by_id(key.to_owned())).await?
    else {
        return Ok(None);
    };
    let value = serde_json::from_value(row.value)
        .map_err(|error| ApiError::internal(format!("reading the setting {key}"), error))?;
    Ok(Some(Document {
        value,
        version: row.version,
    }))
}

/// The document stored under `key`, or the default at version 0.
pub async fn load<T: DeserializeOwned + Default>(
    conn: &impl ConnectionTrait,
    key: &str,
) -> Result<Document<T>, ApiError> {
    Ok(find(conn, key).await?.unwrap_or_else(|| Document {
        value: T::default(),
        version: 0,
    }))
}

/// The keys that start with `prefix`, in order.
pub async fn keys_with_prefix(
    conn: &impl ConnectionTrait,
    prefix: &str,
) -> Result<Vec<String>, ApiError> {
    let rows = settings::Entity::find()
        .filter(settings::Column::Key.starts_with(prefix))
        .order_by_asc(settings::Column::Key)
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|row| row.key).collect())
}

/// Saves `value` under `key` if it is still at version `expected` (0 for a
/// key never saved), and returns the new version; otherwise 409
/// `stale_version`.
pub async fn save<T: Serialize>(
    conn: &impl ConnectionTrait,
    key: &str,
    value: &T,
    expected: i32,
    now: DateTime<Utc>,
) -> Result<i32, ApiError> {
    let json = serde_json::to_value(value)
        .map_err(|error| ApiError::internal(format!("writing the setting {key}"), error))?;
    let current = crate::db::unique(conn, settings::Entity::find_by_id(key.to_owned())).await?;
    let stored_version = current.as_ref().map_or(0, |row| row.version);
    crate::db::expect_version(stored_version, expected)?;
    let version = expected + 1;
    match current {
        None => {
            settings::ActiveModel {
                key: Set(key.to_owned()),
                value: Set(json),
                version: Set(version),
                updated_at: Set(now),
            }
            .insert(conn)
            .await?;
        }
        Some(row) => {
            let mut model = row.into_active_model();
            model.value = Set(json);
            model.updated_at = Set(now);
            crate::db::update_versioned(conn, model, settings::Column::Version, expected).await?;
        }
    }
    // Delivered on commit to every instance's settings cache.
    announce(conn, key).await?;
    Ok(version)
}

/// Replaces the document under `key` with what `change` makes of the
/// stored one (its default when never saved), if it is still at version
/// `expected`, in one transaction with the audit entry `action` by `actor`
/// (none: the system); this instance drops its copy after the commit (the
/// others on the notification [`save`] sends).
pub async fn change<T: Serialize + DeserializeOwned + Default>(
    state: &AppState,
    actor: Option<Uuid>,
    action: &str,
    key: &str,
    expected: i32,
    now: DateTime<Utc>,
    change: impl FnOnce(&T) -> T,
) -> Result<Document<T>, ApiError> {
    let txn = crate::db::begin(&state.db).await?;
    let before = load::<T>(&txn, key).await?.value;
    let value = change(&before);
    let version = save(&txn, key, &value, expected, now).await?;
    audit::record(
        &txn,
        now,
        Entry::changed(actor, action, "setting", key, &before, &value),
    )
    .await?;
    txn.commit().await?;
    state.settings.invalidate(key);
    Ok(Document { value, version })
}
