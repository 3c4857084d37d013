//! `/api/v1/users`: the administrator's user management.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rapport_domain::msg;
use rapport_domain::org::Role;
use rapport_entity::users;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use rapport_types::page::{PageQuery, Paged};
use rapport_types::users::{NewUser, User, UserChanges, UserFilter};

use crate::audit::{self, Entry};
use crate::auth::{epochs, password};
use crate::error::ApiError;
use crate::names;
use crate::pagination::Page;
use crate::state::AppState;

/// The user a stored row describes.
pub fn user_from_model(user: users::Model) -> Result<User, ApiError> {
    Ok(User {
        role: user.role,
        department: user.department,
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

/// The display names of the users `ids` name, in one statement: what a
/// list shows beside each user id (the audit log's actors, a contract's
/// technician).
pub async fn names_of(
    conn: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<BTreeMap<Uuid, String>, ApiError> {
    crate::db::names_of::<users::Entity>(conn, users::Column::Id, users::Column::DisplayName, ids)
        .await
}

/// Skills as stored: trimmed, in the order given.
fn skills_of(skills: &[String]) -> serde_json::Value {
    serde_json::json!(skills.iter().map(|s| s.trim()).collect::<Vec<_>>())
}

/// Inserts a user with its audit entry; used by the first start.
pub async fn insert(state: &AppState, actor: Option<Uuid>, new: NewUser) -> Result<User, ApiError> {
    let password_hash = password::hash(new.password.clone()).await?;
    let txn = crate::db::begin(&state.db).await?;
    let user = create(&txn, actor, new, password_hash, state.clock.now()).await?;
    txn.commit().await?;
    Ok(user)
}

/// Inserts `new` by `actor` with its password already hashed (hashing
/// takes tens of milliseconds, which the writer should not wait through),
/// and its audit entry, in `txn`; 409 when the email is taken.
pub async fn create(
    txn: &DatabaseTransaction,
    actor: Option<Uuid>,
    new: NewUser,
    password_hash: String,
    now: DateTime<Utc>,
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
            msg!("a user with this email already exists"),
        ));
    }
    let model = users::ActiveModel {
        id: Set(Uuid::new_v4()),
        email: Set(email),
        display_name: Set(new.display_name.trim().to_owned()),
        password_hash: Set(password_hash),
        role: Set(new.role),
        department: Set(new.department),
        skills: Set(skills_of(&new.skills)),
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
        Entry::created(actor, "user.create", "user", user.id, &user),
    )
    .await?;
    Ok(user)
}

/// One page of the users `filter` keeps, by email.
pub async fn list(
    conn: &impl ConnectionTrait,
    page: PageQuery,
    filter: UserFilter,
) -> Result<Paged<User>, ApiError> {
    let page = Page::from_query(page)?;
    let mut query = users::Entity::find();
    if let Some(role) = filter.role {
        query = query.filter(users::Column::Role.eq(role));
    }
    if let Some(department) = filter.department {
        query = query.filter(users::Column::Department.eq(department));
    }
    if let Some(active) = filter.active {
        query = query.filter(users::Column::Active.eq(active));
    }
    let query = query.order_by_asc(users::Column::Email);
    page.fetch(conn, query, user_from_model).await
}

/// The user `id`; 404 when there is none.
pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> Result<User, ApiError> {
    let user = crate::db::unique(conn, users::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound(msg!("user")))?;
    user_from_model(user)
}

/// Applies `changes` to user `id` by `actor`, with its audit entry. An
/// administrator cannot lock themself out (deactivate themself or give up
/// the admin role); a new password, role or deactivation ends the user's
/// access tokens at once.
pub async fn update(
    state: &AppState,
    actor: Uuid,
    id: Uuid,
    changes: UserChanges,
) -> Result<User, ApiError> {
    if id == actor
        && (changes.active == Some(false) || changes.role.is_some_and(|role| role != Role::Admin))
    {
        return Err(ApiError::conflict(
            "self_lockout",
            msg!("you cannot deactivate yourself or give up your own admin role"),
        ));
    }
    // Hashed before the transaction, as on create.
    let password_hash = match changes.password {
        Some(password) => Some(password::hash(password).await?),
        None => None,
    };
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let current = crate::db::unique(&txn, users::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound(msg!("user")))?;
    crate::db::expect_version(current.version, changes.version)?;
    let before = user_from_model(current.clone())?;
    // Access tokens say who may do what until they expire; these changes
    // must take effect at once.
    let ends_tokens = password_hash.is_some()
        || changes.active == Some(false)
        || changes.role.is_some_and(|role| role != current.role);
    let epoch = current.token_epoch;
    let mut model = current.into_active_model();
    if ends_tokens {
        model.token_epoch = Set(epoch + 1);
        epochs::announce(&txn, id).await?;
    }
    let renamed = changes.display_name.is_some();
    if let Some(name) = changes.display_name {
        model.display_name = Set(name.trim().to_owned());
        names::announce(&txn, id).await?;
    }
    if let Some(role) = changes.role {
        model.role = Set(role);
    }
    if let Some(department) = changes.department {
        model.department = Set(department);
    }
    if let Some(skills) = changes.skills {
        model.skills = Set(skills_of(&skills));
    }
    if let Some(active) = changes.active {
        model.active = Set(active);
    }
    if let Some(hash) = password_hash {
        model.password_hash = Set(hash);
    }
    model.updated_at = Set(now);
    let updated =
        crate::db::update_versioned(&txn, model, users::Column::Version, changes.version).await?;
    let after = user_from_model(updated)?;
    audit::record(
        &txn,
        now,
        Entry::changed(
            Some(actor),
            "user.update",
            "user",
            after.id,
            &before,
            &after,
        ),
    )
    .await?;
    txn.commit().await?;
    if ends_tokens {
        epochs::forget(state, id);
    }
    if renamed {
        names::forget(&state.settings, id);
    }
    Ok(after)
}
