//! `/api/v1/users`: the administrator's user management.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use rapport_domain::org::{Department, Role};
use rapport_entity::users;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::audit::{self, Entry};
use crate::auth::{Action, Caller, password};
use crate::codes::{decode, encode};
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::idempotency::{self, Created};
use crate::pagination::{PageQuery, Paged};
use crate::state::AppState;

/// A user as the API shows it (never the password hash).
#[derive(Debug, Serialize, ToSchema)]
pub struct User {
    /// The user's id.
    pub id: Uuid,
    /// Login email, lowercase.
    pub email: String,
    /// Name shown in the app.
    pub display_name: String,
    /// What the user does.
    pub role: Role,
    /// Where the user works.
    pub department: Department,
    /// Skills routing matches against (e.g. `erp`, `network`).
    pub skills: Vec<String>,
    /// Deactivated users cannot log in and are never assigned work.
    pub active: bool,
    /// When routing last gave this user a request.
    pub last_assigned_at: Option<DateTime<Utc>>,
    /// Send back on update.
    pub version: i32,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
    /// When the account last changed.
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<users::Model> for User {
    type Error = ApiError;

    fn try_from(user: users::Model) -> Result<User, ApiError> {
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
}

/// The stored role of a user.
pub fn role_of(user: &users::Model) -> Result<Role, ApiError> {
    decode("users.role", &user.role)
}

/// A new user.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// Login email.
    #[validate(email, length(max = 254))]
    pub email: String,
    /// Name shown in the app.
    #[validate(length(min = 1, max = 100))]
    pub display_name: String,
    /// Initial password, at least 10 characters.
    #[validate(length(min = 10, max = 256))]
    pub password: String,
    /// What the user does.
    pub role: Role,
    /// Where the user works.
    pub department: Department,
    /// Skills routing matches against.
    #[serde(default)]
    #[validate(length(max = 50), custom(function = "check_skills"))]
    pub skills: Vec<String>,
}

/// Changes to a user; absent fields stay as they are.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserChanges {
    /// The version the client read; a stale one is refused with 409.
    pub version: i32,
    /// New display name.
    #[validate(length(min = 1, max = 100))]
    pub display_name: Option<String>,
    /// New role.
    pub role: Option<Role>,
    /// New department.
    pub department: Option<Department>,
    /// New skills (replaces the list).
    #[validate(length(max = 50), custom(function = "check_skills"))]
    pub skills: Option<Vec<String>>,
    /// `false` deactivates the account, `true` reactivates it.
    pub active: Option<bool>,
    /// New password, at least 10 characters.
    #[validate(length(min = 10, max = 256))]
    pub password: Option<String>,
}

fn check_skills(skills: &[String]) -> Result<(), validator::ValidationError> {
    if skills
        .iter()
        .all(|skill| !skill.trim().is_empty() && skill.chars().count() <= 50)
    {
        Ok(())
    } else {
        Err(validator::ValidationError::new("skill")
            .with_message("each skill must be 1 to 50 characters".into()))
    }
}

/// Filters for the user list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserFilter {
    /// Only this role.
    pub role: Option<Role>,
    /// Only this department.
    pub department: Option<Department>,
    /// Only active (`true`) or deactivated (`false`) users.
    pub active: Option<bool>,
}

/// Create a user (admin).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = NewUser,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retrying with the same key returns the first response")),
    responses(
        (status = 201, description = "Created", body = User),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The email is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json")
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
    idempotency::once(&state, caller.id, &request, || async {
        let user = insert(&state, Some(caller.id), body.0).await?;
        Ok(Created::of(&user))
    })
    .await
}

/// Inserts a user with its audit entry; used by the API and by the first start.
pub async fn insert(state: &AppState, actor: Option<Uuid>, new: NewUser) -> Result<User, ApiError> {
    let now = state.clock.now();
    let email = new.email.trim().to_lowercase();
    let password_hash = password::hash(new.password).await?;
    let txn = state.db.begin().await?;
    if users::Entity::find()
        .filter(users::Column::Email.eq(&email))
        .count(&txn)
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
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let user = User::try_from(model)?;
    audit::record(
        &txn,
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
    txn.commit().await?;
    Ok(user)
}

/// List users (admin).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(PageQuery, UserFilter),
    responses(
        (status = 200, description = "One page of users", body = Paged<User>),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad page or limit", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/users")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    page: web::Query<PageQuery>,
    filter: web::Query<UserFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageUsers)?;
    let page = page.into_inner().check()?;
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
    let page = page.fetch(&state.db, query, User::try_from).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One user (admin).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The user's id")),
    responses(
        (status = 200, description = "The user", body = User),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json")
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
    Ok(HttpResponse::Ok().json(User::try_from(user)?))
}

/// Change a user's name, role, department, skills, password, or deactivate them (admin).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The user's id")),
    request_body = UserChanges,
    responses(
        (status = 200, description = "The changed user", body = User),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or deactivating yourself", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json")
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
    let txn = state.db.begin().await?;
    let current = crate::db::unique(&txn, users::Entity::find_by_id(*id))
        .await?
        .ok_or(ApiError::NotFound("user"))?;
    if current.version != changes.version {
        return Err(ApiError::StaleVersion {
            current: current.version,
        });
    }
    let before = User::try_from(current.clone())?;
    let mut model = current.into_active_model();
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
    model.version = Set(changes.version + 1);
    model.updated_at = Set(now);
    let updated =
        crate::db::update_versioned(&txn, model, users::Column::Version, changes.version).await?;
    let after = User::try_from(updated)?;
    audit::record(
        &txn,
        now,
        Entry {
            actor: Some(caller.id),
            action: "user.update",
            entity_type: "user",
            entity_id: after.id.to_string(),
            before: serde_json::to_value(&before).ok(),
            after: serde_json::to_value(&after).ok(),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(after))
}
