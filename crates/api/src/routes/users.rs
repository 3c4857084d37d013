//! HTTP handlers over [`crate::services::users`].

use crate::audit::{self, Entry};
use crate::auth::{Action, Caller, epochs, password};
use crate::codes::encode;
use crate::error::ApiError;
use crate::idempotency::{self, Created};
use crate::pagination::Page;
use crate::routes::extract::{Json, Listing};
use crate::routes::responses::{BadBody, BadQuery, Refused};
#[allow(unused_imports)]
use crate::services::users::*;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use rapport_domain::org::Role;
use rapport_entity::users;
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use rapport_types::users::{NewUser, User, UserChanges, UserFilter};
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

/// Create a user (admin).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = NewUser,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retrying with the same key returns the first response")),
    responses(
        (status = 201, description = "Created", body = User),
        (status = 409, description = "The email is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[post("/users")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    body: Json<NewUser>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageUsers)?;
    let new = body.0;
    // Hashed before the transaction: it takes tens of milliseconds, which
    // the writer should not wait through.
    let password_hash = password::hash(new.password.clone()).await?;
    idempotency::once(&state, caller.id, &request, async |txn| {
        let now = state.clock.now();
        let user = insert_hashed(txn, now, Some(caller.id), new, password_hash).await?;
        Ok(Created::of(&user))
    })
    .await
}

/// List users (admin).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(PageQuery, UserFilter),
    responses(
        (status = 200, description = "One page of users", body = Paged<User>),
        (status = 422, description = "Bad page or limit", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadQuery
    )
)]
#[get("/users")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    Listing { page, filter }: Listing<UserFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageUsers)?;
    let page = Page::from_query(page)?;
    let mut query = users::Entity::find();
    if let Some(role) = &filter.role {
        query = query.filter(users::Column::Role.eq(encode(role)));
    }
    if let Some(department) = &filter.department {
        query = query.filter(users::Column::Department.eq(encode(department)));
    }
    if let Some(active) = filter.active {
        query = query.filter(users::Column::Active.eq(active));
    }
    let query = query.order_by_asc(users::Column::Email);
    let page = page.fetch(&state.db, query, user_from_model).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One user (admin).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The user's id")),
    responses(
        (status = 200, description = "The user", body = User),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[get("/users/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageUsers)?;
    let user = crate::db::unique(&state.db, users::Entity::find_by_id(*id))
        .await?
        .ok_or(ApiError::NotFound("user"))?;
    Ok(HttpResponse::Ok().json(user_from_model(user)?))
}

/// Change a user's name, role, department, skills, password, or deactivate them (admin).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The user's id")),
    request_body = UserChanges,
    responses(
        (status = 200, description = "The changed user", body = User),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or deactivating yourself", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[patch("/users/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<UserChanges>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageUsers)?;
    let changes = body.0;
    if *id == caller.id
        && (changes.active == Some(false) || changes.role.is_some_and(|role| role != Role::Admin))
    {
        return Err(ApiError::conflict(
            "self_lockout",
            "you cannot deactivate yourself or give up your own admin role",
        ));
    }
    let password_hash = match changes.password {
        Some(password) => Some(password::hash(password).await?),
        None => None,
    };
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let current = crate::db::unique(&txn, users::Entity::find_by_id(*id))
        .await?
        .ok_or(ApiError::NotFound("user"))?;
    crate::db::expect_version(current.version, changes.version)?;
    let before = user_from_model(current.clone())?;
    // Access tokens say who may do what until they expire; these changes
    // must take effect at once.
    let ends_tokens = password_hash.is_some()
        || changes.active == Some(false)
        || changes
            .role
            .is_some_and(|role| encode(&role) != current.role);
    let epoch = current.token_epoch;
    let mut model = current.into_active_model();
    if ends_tokens {
        model.token_epoch = Set(epoch + 1);
        epochs::announce(&txn, *id).await?;
    }
    if let Some(name) = changes.display_name {
        model.display_name = Set(name.trim().to_owned());
    }
    if let Some(role) = changes.role {
        model.role = Set(encode(&role));
    }
    if let Some(department) = changes.department {
        model.department = Set(encode(&department));
    }
    if let Some(skills) = changes.skills {
        model.skills = Set(serde_json::json!(
            skills.iter().map(|s| s.trim()).collect::<Vec<_>>()
        ));
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
            Some(caller.id),
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
        epochs::forget(&state, *id);
    }
    Ok(HttpResponse::Ok().json(after))
}
