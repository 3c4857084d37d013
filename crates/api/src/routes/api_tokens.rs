//! HTTP handlers over [`crate::services::api_tokens`].

use crate::audit::{self, Entry};
use crate::auth::caller::API_TOKEN_PREFIX;
use crate::auth::tokens::{digest, random_secret};
use crate::auth::{Action, Caller};
use crate::codes::decode;
use crate::error::ApiError;
use crate::idempotency::{self, Created};
use crate::pagination::readable;
use crate::routes::extract::Json;
use crate::routes::responses::{BadBody, Refused};
#[allow(unused_imports)]
use crate::services::api_tokens::*;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use rapport_entity::{api_tokens, users};
use rapport_types::api_tokens::{ApiToken, IssuedToken, NewApiToken};
use rapport_types::problem::Problem;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, QueryOrder, Set};
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
    params(("Idempotency-Key" = Option<String>, Header, description = "Retrying with the same key returns the first response")),
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
    let new = body.0;
    idempotency::once(&state, caller.id, &request, async |txn| {
        let now = state.clock.now();
        let user_id = new.user_id.unwrap_or(caller.id);
        let owner = crate::db::unique(txn, users::Entity::find_by_id(user_id))
            .await?
            .filter(|owner| owner.active)
            .ok_or_else(|| ApiError::field("user_id", "must be an active user"))?;
        let mut scopes = new.scopes;
        scopes.dedup();
        check_scopes(&caller, decode("users.role", &owner.role)?, &scopes)?;
        let token = format!("{API_TOKEN_PREFIX}{}", random_secret());
        let model = api_tokens::ActiveModel {
            id: Set(Uuid::new_v4()),
            user_id: Set(user_id),
            name: Set(new.name.trim().to_owned()),
            token_hash: Set(digest(&token)),
            scopes: Set(serde_json::json!(scopes)),
            last_used_at: Set(None),
            revoked_at: Set(None),
            created_at: Set(now),
        }
        .insert(txn)
        .await?;
        let record = api_token_from_model(model)?;
        audit::record(
            txn,
            now,
            Entry::created(
                Some(caller.id),
                "api_token.create",
                "api_token",
                record.id,
                &record,
            ),
        )
        .await?;
        Ok(Created::of(&IssuedToken { record, token }))
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
    let rows = api_tokens::Entity::find()
        .order_by_desc(api_tokens::Column::CreatedAt)
        .all(&state.db)
        .await?;
    let tokens: Vec<ApiToken> = readable::<api_tokens::Entity, _>(rows, api_token_from_model);
    Ok(HttpResponse::Ok().json(tokens))
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
    let txn = crate::db::begin(&state.db).await?;
    let current = crate::db::unique(&txn, api_tokens::Entity::find_by_id(*id))
        .await?
        .ok_or(ApiError::NotFound("API token"))?;
    if current.revoked_at.is_some() {
        return Err(ApiError::conflict(
            "already_revoked",
            "this API token is already revoked",
        ));
    }
    let before = api_token_from_model(current.clone())?;
    let mut model = current.into_active_model();
    model.revoked_at = Set(Some(now));
    let after = api_token_from_model(model.update(&txn).await?)?;
    audit::record(
        &txn,
        now,
        Entry::changed(
            Some(caller.id),
            "api_token.revoke",
            "api_token",
            after.id,
            &before,
            &after,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(after))
}
