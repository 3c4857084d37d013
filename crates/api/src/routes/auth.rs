//! HTTP handlers over [`crate::services::auth`].

use crate::auth::tokens::digest;
use crate::auth::{Caller, epochs, password};
use crate::error::ApiError;
use crate::routes::extract::Json;
use crate::routes::responses::{BadBody, Unauthenticated};
#[allow(unused_imports)]
use crate::services::auth::*;
use crate::services::users::user_from_model;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use rapport_entity::{refresh_tokens, users};
use rapport_types::auth::{LoginRequest, RefreshRequest, TokenPair};
use rapport_types::problem::Problem;
use rapport_types::users::User;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Log in with email and password.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenPair),
        (status = 401, description = "Wrong email or password", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed logins for this account (5 in 15 minutes) or from this address (20); `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until the next attempt is allowed"))),
        BadBody
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    http: HttpRequest,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.0;
    let email = request.email.trim().to_lowercase();
    // The socket's address, not a forwarded header a client could make up.
    let address = http.peer_addr().map(|peer| peer.ip());
    state.throttle.check(&email, address, state.clock.now())?;
    let user = crate::db::unique(
        &state.db,
        users::Entity::find().filter(users::Column::Email.eq(&email)),
    )
    .await?;
    let matched = match user.as_ref().filter(|user| user.active) {
        Some(user) => password::verify(request.password, user.password_hash.clone()).await?,
        None => password::verify_for_no_account(request.password).await?,
    };
    let Some(user) = user.filter(|_| matched) else {
        state.throttle.failed(&email, address, state.clock.now());
        return Err(ApiError::Unauthorized(BAD_LOGIN));
    };
    state.throttle.succeeded(&email);
    let pair = issue_pair(&state, &user, Uuid::new_v4()).await?;
    Ok(HttpResponse::Ok().json(pair))
}

/// Exchange a refresh token for a new pair. A token works once; presenting a
/// used one again revokes every token of its login (someone copied it).
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new pair", body = TokenPair),
        (status = 401, description = "Invalid, expired or reused token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        BadBody
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    let stored = crate::db::unique(
        &state.db,
        refresh_tokens::Entity::find()
            .filter(refresh_tokens::Column::TokenHash.eq(digest(&body.0.refresh_token))),
    )
    .await?
    .ok_or(ApiError::Unauthorized(BAD_REFRESH))?;
    if stored.revoked_at.is_some() {
        revoke_family(&state, stored.family_id, now).await?;
        return Err(ApiError::Unauthorized(BAD_REFRESH));
    }
    if stored.expires_at <= now {
        return Err(ApiError::Unauthorized(BAD_REFRESH));
    }
    // Only one of two racing refreshes may win the token.
    let claimed = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(Some(now)))
        .filter(refresh_tokens::Column::Id.eq(stored.id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(&state.db)
        .await?;
    if claimed.rows_affected != 1 {
        revoke_family(&state, stored.family_id, now).await?;
        return Err(ApiError::Unauthorized(BAD_REFRESH));
    }
    let user = crate::db::unique(&state.db, users::Entity::find_by_id(stored.user_id))
        .await?
        .filter(|user| user.active)
        .ok_or(ApiError::Unauthorized(BAD_REFRESH))?;
    let pair = issue_pair(&state, &user, stored.family_id).await?;
    Ok(HttpResponse::Ok().json(pair))
}

/// Log out: revokes the refresh token and every token of the same login,
/// and ends the user's access tokens at once.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Logged out (also when the token was unknown)"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        BadBody
    )
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    body: Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let stored = crate::db::unique(
        &state.db,
        refresh_tokens::Entity::find()
            .filter(refresh_tokens::Column::TokenHash.eq(digest(&body.0.refresh_token))),
    )
    .await?;
    if let Some(stored) = stored {
        revoke_family(&state, stored.family_id, state.clock.now()).await?;
        // Its access tokens too, now rather than when they expire: the
        // user's every access token (other logins refresh into new ones).
        epochs::bump(&state.db, stored.user_id).await?;
        epochs::forget(&state, stored.user_id);
    }
    Ok(HttpResponse::NoContent().finish())
}

/// The caller's own account.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = User),
        Unauthenticated
    )
)]
#[get("/auth/me")]
pub async fn me(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let user = crate::db::unique(&state.db, users::Entity::find_by_id(caller.id))
        .await?
        .filter(|user| user.active)
        .ok_or(ApiError::Unauthorized(
            "the account no longer exists or is deactivated",
        ))?;
    Ok(HttpResponse::Ok().json(user_from_model(user)?))
}
