//! `/api/v1/auth`: login, refresh (rotating, with reuse detection) and logout.

use chrono::{DateTime, Utc};
use rapport_entity::{refresh_tokens, users};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use rapport_types::auth::TokenPair;

use crate::auth::tokens::{ACCESS_TOKEN_TTL, REFRESH_TOKEN_TTL, digest, random_secret};
use crate::error::ApiError;
use crate::services::users::role_of;
use crate::state::AppState;

pub const BAD_LOGIN: &str = "the email or password is wrong, or the account is deactivated";
pub const BAD_REFRESH: &str = "the refresh token is invalid, expired or already used";

pub async fn issue_pair(
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
        .issue(user.id, role_of(user)?, user.token_epoch, now)
        .map_err(|error| ApiError::internal("signing an access token", error))?;
    Ok(TokenPair {
        access_token,
        refresh_token,
        token_type: "Bearer".to_owned(),
        expires_in: ACCESS_TOKEN_TTL.num_seconds(),
    })
}

pub async fn revoke_family(
    state: &AppState,
    family: Uuid,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(Some(now)))
        .filter(refresh_tokens::Column::FamilyId.eq(family))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(&state.db)
        .await?;
    Ok(())
}
