//! What the unit tests inside the server share: a migrated in-memory
//! database with one service-desk user in it.

use chrono::{DateTime, Utc};
use rapport_entity::users;
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use uuid::Uuid;

/// A fresh, migrated database and a service-desk user created at `now`.
pub async fn database_with_desk_user(now: DateTime<Utc>) -> (DatabaseConnection, users::Model) {
    let db = crate::db::connect_and_migrate("sqlite::memory:", crate::db::POSTGRES_POOL)
        .await
        .unwrap();
    let user = users::ActiveModel {
        id: Set(Uuid::new_v4()),
        email: Set("desk@example.com".to_owned()),
        display_name: Set("服务台".to_owned()),
        password_hash: Set(String::new()),
        role: Set("service".to_owned()),
        department: Set("service".to_owned()),
        skills: Set(serde_json::json!([])),
        active: Set(true),
        last_assigned_at: Set(None),
        version: Set(1),
        token_epoch: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&db)
    .await
    .unwrap();
    (db, user)
}
