//! `/api/v1/users`: the administrator's user management.

use chrono::{DateTime, Utc};
use rapport_domain::org::Role;
use rapport_entity::users;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};
use uuid::Uuid;

use rapport_types::users::{NewUser, User};

use crate::audit::{self, Entry};
use crate::auth::password;
use crate::codes::{decode, encode};
use crate::error::ApiError;
use crate::state::AppState;

/// The user a stored row describes.
pub fn user_from_model(user: users::Model) -> Result<User, ApiError> {
    Ok(User {
        role: role_of(&user)?,
        department: decode("users.department", &user.department)?,
        skills: serde_json::from_value(user.skills.clone())
            .map_err(|error| ApiError::internal("reading users.skills", error))?,
        id: user.id,
        email: user.email,
        display_name: user.display_name,
        active: user.active,
        last_assigned_at: user.last_assigned_at,
        version: user.version,
        created_at: user.created_at,
        updated_at: user.updated_at,
    })
}

/// The stored role of a user.
pub fn role_of(user: &users::Model) -> Result<Role, ApiError> {
    decode("users.role", &user.role)
}

/// Inserts a user with its audit entry; used by the first start.
pub async fn insert(state: &AppState, actor: Option<Uuid>, new: NewUser) -> Result<User, ApiError> {
    let password_hash = password::hash(new.password.clone()).await?;
    let txn = crate::db::begin(&state.db).await?;
    let user = insert_hashed(&txn, state.clock.now(), actor, new, password_hash).await?;
    txn.commit().await?;
    Ok(user)
}

/// Inserts `new` with its password already hashed, and its audit entry, in `txn`.
pub async fn insert_hashed(
    txn: &DatabaseTransaction,
    now: DateTime<Utc>,
    actor: Option<Uuid>,
    new: NewUser,
    password_hash: String,
) -> Result<User, ApiError> {
    let email = new.email.trim().to_lowercase();
    if users::Entity::find()
        .filter(users::Column::Email.eq(&email))
        .count(txn)
        .await?
        > 0
    {
        return Err(ApiError::duplicate(
            "email",
            "a user with this email already exists",
        ));
    }
    let model = users::ActiveModel {
        id: Set(Uuid::new_v4()),
        email: Set(email),
        display_name: Set(new.display_name.trim().to_owned()),
        password_hash: Set(password_hash),
        role: Set(encode(&new.role)),
        department: Set(encode(&new.department)),
        skills: Set(serde_json::json!(
            new.skills.iter().map(|s| s.trim()).collect::<Vec<_>>()
        )),
        active: Set(true),
        last_assigned_at: Set(None),
        version: Set(1),
        token_epoch: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await?;
    let user = user_from_model(model)?;
    audit::record(
        txn,
        now,
        Entry {
            actor,
            action: "user.create",
            entity_type: "user",
            entity_id: user.id.to_string(),
            before: None,
            after: Some(serde_json::to_value(&user).unwrap_or_default()),
        },
    )
    .await?;
    Ok(user)
}
