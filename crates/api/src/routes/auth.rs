//! HTTP handlers over [`crate::services::auth`].

use crate::auth::Caller;
use crate::auth::client_address::TrustedProxies;
use crate::error::ApiError;
use crate::routes::extract::Json;
use crate::routes::responses::{BadBody, Invalid, Unauthenticated};
use crate::services::auth as service;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use rapport_types::auth::{LoginRequest, RefreshRequest, TokenPair};
use rapport_types::problem::Problem;
use rapport_types::users::User;

/// Log in with email and password.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenPair),
        (status = 401, description = "Wrong email or password", body = Problem, content_type = "application/problem+json"),
        Invalid,
        (status = 429, description = "Too many failed logins for this account (5 in 15 minutes) or from this address (20); `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until the next attempt is allowed"))),
        BadBody
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    proxies: web::Data<TrustedProxies>,
    http: HttpRequest,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let address = proxies.client_of(&http);
    Ok(HttpResponse::Ok().json(service::login(&state, body.0, address).await?))
}

/// Exchange a refresh token for a new pair. A token works once; presenting a
/// used one again revokes every token of its login (someone copied it).
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new pair", body = TokenPair),
        (status = 401, description = "Invalid, expired or reused token", body = Problem, content_type = "application/problem+json"),
        Invalid,
        BadBody
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let pair = service::refresh(&state, &body.0.refresh_token).await?;
    Ok(HttpResponse::Ok().json(pair))
}

/// Log out: revokes the refresh token and every token of the same login,
/// and ends the user's access tokens at once.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Logged out (also when the token was unknown)"),
        Invalid,
        BadBody
    )
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    body: Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    service::logout(&state, &body.0.refresh_token).await?;
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
    Ok(HttpResponse::Ok().json(service::me(&state.reader, caller.id).await?))
}
