//! HTTP handlers over [`crate::services::users`].

use crate::auth::{Action, Caller, password};
use crate::error::ApiError;
use crate::idempotency;
use crate::routes::extract::{Json, Listing};
use crate::routes::responses::{BadBody, BadPage, BadQuery, Invalid, Refused};
use crate::services::users as service;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use rapport_types::users::{NewUser, User, UserChanges, UserFilter};
use uuid::Uuid;

/// Create a user (admin).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = NewUser,
    params(idempotency::KeyHeader),
    responses(
        (status = 201, description = "Created", body = User),
        (status = 409, description = "The email is taken", body = Problem, content_type = "application/problem+json"),
        Invalid,
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
    idempotency::create(&state, caller.id, &request, async |txn, now| {
        service::create(txn, Some(caller.id), new, password_hash, now).await
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
        BadPage,
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
    Ok(HttpResponse::Ok().json(service::list(&state.reader, page, filter).await?))
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
    Ok(HttpResponse::Ok().json(service::get(&state.reader, *id).await?))
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
        Invalid,
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
    let user = service::update(&state, caller.id, *id, body.0).await?;
    Ok(HttpResponse::Ok().json(user))
}
