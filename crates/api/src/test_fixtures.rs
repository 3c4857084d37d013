//! What the unit tests inside the server share: a migrated in-memory
//! database with one service-desk user in it, a verified customer, and
//! the plan SQLite makes for a list's statement.

use chrono::{DateTime, Utc};
use rapport_domain::customer::{Channel, Stage, Tier, Verification};
use rapport_domain::org::{Department, Role};
use rapport_entity::{customers, users};
use sea_orm::sea_query::SelectStatement;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryTrait,
    Select, Set, Statement,
};
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
        role: Set(Role::Service),
        department: Set(Department::Service),
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

/// A verified customer registered by `user` at `now`.
pub async fn verified_customer(
    db: &DatabaseConnection,
    user: &users::Model,
    now: DateTime<Utc>,
) -> customers::Model {
    customers::ActiveModel {
        id: Set(Uuid::new_v4()),
        name: Set("有客户".to_owned()),
        industry: Set(String::new()),
        address: Set(String::new()),
        stage: Set(Stage::LongTerm),
        tier: Set(Tier::Ordinary),
        account_manager_id: Set(None),
        preferred_channel: Set(Channel::Phone),
        verification: Set(Verification::Verified),
        rejection_reason: Set(None),
        registered_by: Set(user.id),
        reviewed_by: Set(None),
        reviewed_at: Set(None),
        last_routine_visit_on: Set(None),
        archived_at: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
    .unwrap()
}

/// The plan SQLite makes for `select`, one line per step.
pub async fn sqlite_plan(db: &impl ConnectionTrait, select: &SelectStatement) -> Vec<String> {
    let statement = DbBackend::Sqlite.build(select);
    let explain = Statement::from_sql_and_values(
        DbBackend::Sqlite,
        format!("EXPLAIN QUERY PLAN {}", statement.sql),
        statement.values.map(|values| values.0).unwrap_or_default(),
    );
    db.query_all_raw(explain)
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<String>("", "detail").unwrap())
        .collect()
}

/// Asserts that SQLite reads `select` from the index `index` in the
/// select's order, sorting nothing.
pub async fn assert_read_in_order<E: EntityTrait>(
    db: &impl ConnectionTrait,
    select: Select<E>,
    index: &str,
) {
    let steps = sqlite_plan(db, select.as_query()).await;
    let read = format!("USING INDEX {index}");
    assert!(steps.iter().any(|step| step.contains(&read)), "{steps:?}");
    assert!(
        !steps.iter().any(|step| step.contains("TEMP B-TREE")),
        "{steps:?}"
    );
}
