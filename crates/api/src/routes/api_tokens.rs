//! HTTP handlers over [`crate::services::api_tokens`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::idempotency;
use crate::routes::extract::Json;
use crate::routes::responses::{BadBody, Refused};
use crate::services::api_tokens as service;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use rapport_types::api_tokens::{ApiToken, IssuedToken, NewApiToken};
use rapport_types::problem::Problem;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Registers this module's routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(create).service(list).service(revoke);
}

/// Issue an API token (admin). The secret is in this response only.
#[utoipa::path(
    tag = "api-tokens",
    security(("bearer" = [])),
    request_body = NewApiToken,
    params(idempotency::KeyHeader),
    responses(
        (status = 201, description = "Issued", body = IssuedToken),
        (status = 422, description = "Invalid fields, an inactive user, or a scope the user's role or the issuer may not use (named in `errors.scopes`)", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[post("/api-tokens")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    body: Json<NewApiToken>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageUsers)?;
    idempotency::create(&state, caller.id, &request, async |txn, now| {
        service::create(txn, &caller, body.0, now).await
    })
    .await
}

/// Every API token, newest first (admin).
#[utoipa::path(
    tag = "api-tokens",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The tokens, without their secrets", body = Vec<ApiToken>),
        Refused
    )
)]
#[get("/api-tokens")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageUsers)?;
    Ok(HttpResponse::Ok().json(service::list(&state.reader).await?))
}

/// Revoke an API token (admin); it stops working at once.
#[utoipa::path(
    tag = "api-tokens",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The token's id")),
    responses(
        (status = 200, description = "The revoked token", body = ApiToken),
        (status = 404, description = "No such token", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already revoked", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[post("/api-tokens/{id}/revoke")]
pub async fn revoke(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageUsers)?;
    let now = state.clock.now();
    let after = service::revoke(&state.db, caller.id, *id, now).await?;
    Ok(HttpResponse::Ok().json(after))
}
