//! `/api/v1/auth`: login, refresh (rotating, with reuse detection) and logout.

use rapport_domain::messages::Message;
use rapport_domain::{key, msg};
use std::net::IpAddr;

use chrono::{DateTime, Utc};
use rapport_entity::{refresh_tokens, users};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use rapport_types::auth::{LoginRequest, TokenPair};
use rapport_types::users::User;

use crate::auth::tokens::{ACCESS_TOKEN_TTL, REFRESH_TOKEN_TTL, digest, random_secret};
use crate::auth::{epochs, password, throttle};
use crate::error::ApiError;
use crate::services::users::user_from_model;
use crate::state::AppState;

const BAD_LOGIN: Message = Message::from_key(key!(
    "the email or password is wrong, or the account is deactivated"
));
const BAD_REFRESH: Message = Message::from_key(key!(
    "the refresh token is invalid, expired or already used"
));

/// Logs in with email and password from `address`, within the throttle's
/// limits (per account and per address); a new login starts a new token
/// family.
pub async fn login(
    state: &AppState,
    request: LoginRequest,
    address: Option<IpAddr>,
) -> Result<TokenPair, ApiError> {
    let email = request.email.trim().to_lowercase();
    throttle::check(&state.db, &email, address, state.clock.now()).await?;
    let user = crate::db::unique(
        &state.db,
        users::Entity::find().filter(users::Column::Email.eq(&email)),
    )
    .await?;
    // A missing or inactive account costs the same time as a wrong password.
    let matched = match user.as_ref().filter(|user| user.active) {
        Some(user) => password::verify(request.password, user.password_hash.clone()).await?,
        None => password::verify_for_no_account(request.password).await?,
    };
    let Some(user) = user.filter(|_| matched) else {
        throttle::failed(&state.db, &email, address, state.clock.now()).await?;
        return Err(ApiError::Unauthorized(BAD_LOGIN));
    };
    throttle::succeeded(&state.db, &email).await?;
    issue_pair(state, &user, Uuid::new_v4()).await
}

/// Exchanges `refresh_token` for a new pair of the same family. A token
/// works once; presenting a used one again revokes its whole family
/// (someone copied it).
pub async fn refresh(state: &AppState, refresh_token: &str) -> Result<TokenPair, ApiError> {
    let now = state.clock.now();
    let stored = stored(&state.db, refresh_token)
        .await?
        .ok_or(ApiError::Unauthorized(BAD_REFRESH))?;
    if stored.revoked_at.is_some() {
        revoke_family(state, stored.family_id, now).await?;
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
        revoke_family(state, stored.family_id, now).await?;
        return Err(ApiError::Unauthorized(BAD_REFRESH));
    }
    let user = crate::db::unique(&state.db, users::Entity::find_by_id(stored.user_id))
        .await?
        .filter(|user| user.active)
        .ok_or(ApiError::Unauthorized(BAD_REFRESH))?;
    issue_pair(state, &user, stored.family_id).await
}

/// Revokes `refresh_token`'s family and ends its user's access tokens at
/// once; an unknown token is no error.
pub async fn logout(state: &AppState, refresh_token: &str) -> Result<(), ApiError> {
    if let Some(stored) = stored(&state.db, refresh_token).await? {
        revoke_family(state, stored.family_id, state.clock.now()).await?;
        // Its access tokens too, now rather than when they expire: the
        // user's every access token (other logins refresh into new ones).
        epochs::bump(&state.db, stored.user_id).await?;
        epochs::forget(state, stored.user_id);
    }
    Ok(())
}

/// The caller's own account, while it exists and is active.
pub async fn me(conn: &impl ConnectionTrait, id: Uuid) -> Result<User, ApiError> {
    let user = crate::db::unique(conn, users::Entity::find_by_id(id))
        .await?
        .filter(|user| user.active)
        .ok_or(ApiError::Unauthorized(msg!(
            "the account no longer exists or is deactivated"
        )))?;
    user_from_model(user)
}

/// The stored row of `refresh_token`, found by its digest.
async fn stored(
    conn: &impl ConnectionTrait,
    refresh_token: &str,
) -> Result<Option<refresh_tokens::Model>, ApiError> {
    Ok(crate::db::unique(
        conn,
        refresh_tokens::Entity::find()
            .filter(refresh_tokens::Column::TokenHash.eq(digest(refresh_token))),
    )
    .await?)
}

async fn issue_pair(
    state: &AppState,
    user: &users::Model,
    family: Uuid,
) -> Result<TokenPair, ApiError> {
    let now = state.clock.now();
    let refresh_token = random_secret();
    refresh_tokens::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user.id),
        family_id: Set(family),
        token_hash: Set(digest(&refresh_token)),
        expires_at: Set(now + REFRESH_TOKEN_TTL),
        revoked_at: Set(None),
        created_at: Set(now),
    }
    .insert(&state.db)
    .await?;
    let access_token = state
        .keys
        .issue(user.id, user.role, user.token_epoch, now)
        .map_err(|error| ApiError::internal("signing an access token", error))?;
    Ok(TokenPair {
        access_token,
        refresh_token,
        token_type: "Bearer".to_owned(),
        expires_in: ACCESS_TOKEN_TTL.num_seconds(),
    })
}

async fn revoke_family(state: &AppState, family: Uuid, now: DateTime<Utc>) -> Result<(), ApiError> {
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(Some(now)))
        .filter(refresh_tokens::Column::FamilyId.eq(family))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(&state.db)
        .await?;
    Ok(())
}
