//! `/api/v1/api-tokens`: scoped tokens for integrations (SPEC section 9).
//! An administrator issues a token for a user (often a dedicated
//! integration account); it acts as that user, limited to its scopes, is
//! stored only as a hash and shown once. Revoking is immediate.

use chrono::{DateTime, Utc};
use rapport_domain::msg;
use rapport_domain::org::Role;
use rapport_domain::permissions::allows;
use rapport_entity::{api_tokens, users};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryOrder, Set,
};
use uuid::Uuid;

use rapport_types::api_tokens::{ApiToken, IssuedToken, NewApiToken};

use crate::audit::{self, Entry};
use crate::auth::caller::API_TOKEN_PREFIX;
use crate::auth::tokens::{digest, random_secret};
use crate::auth::{Action, Caller};
use crate::codes::encode;
use crate::error::ApiError;
use crate::pagination::readable;

/// Issues `new` by `issuer` (for the issuer when it names no user), with
/// its audit entry, in `txn`; the secret is in the answer only.
pub async fn create(
    txn: &DatabaseTransaction,
    issuer: &Caller,
    new: NewApiToken,
    now: DateTime<Utc>,
) -> Result<IssuedToken, ApiError> {
    let user_id = new.user_id.unwrap_or(issuer.id);
    let owner = crate::db::unique(txn, users::Entity::find_by_id(user_id))
        .await?
        .filter(|owner| owner.active)
        .ok_or_else(|| ApiError::field("user_id", msg!("must be an active user")))?;
    let mut scopes = new.scopes;
    scopes.dedup();
    check_scopes(issuer, owner.role, &scopes)?;
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
            Some(issuer.id),
            "api_token.create",
            "api_token",
            record.id,
            &record,
        ),
    )
    .await?;
    Ok(IssuedToken { record, token })
}

/// Every API token, newest first, without their secrets.
pub async fn list(conn: &impl ConnectionTrait) -> Result<Vec<ApiToken>, ApiError> {
    let rows = api_tokens::Entity::find()
        .order_by_desc(api_tokens::Column::CreatedAt)
        .all(conn)
        .await?;
    Ok(readable::<api_tokens::Entity, _>(
        rows,
        api_token_from_model,
    ))
}

/// Revokes token `id` by `actor`, with its audit entry; it stops working
/// at once. 409 when it already was.
pub async fn revoke(
    db: &DatabaseConnection,
    actor: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<ApiToken, ApiError> {
    let txn = crate::db::begin(db).await?;
    let current = crate::db::unique(&txn, api_tokens::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound(msg!("API token")))?;
    if current.revoked_at.is_some() {
        return Err(ApiError::conflict(
            "already_revoked",
            msg!("this API token is already revoked"),
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
            Some(actor),
            "api_token.revoke",
            "api_token",
            after.id,
            &before,
            &after,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// The API token a stored row describes (never its secret).
fn api_token_from_model(model: api_tokens::Model) -> Result<ApiToken, ApiError> {
    Ok(ApiToken {
        id: model.id,
        user_id: model.user_id,
        name: model.name,
        scopes: serde_json::from_value(model.scopes)
            .map_err(|error| ApiError::internal("reading an API token's scopes", error))?,
        revoked_at: model.revoked_at,
        created_at: model.created_at,
    })
}

/// Refuses (422 on `scopes`, naming each) a scope the token's user's role
/// may not use, which the token could never exercise, and a scope the
/// issuer itself lacks: an API token that may manage users still cannot
/// mint one with more than its own scopes.
fn check_scopes(issuer: &Caller, owner_role: Role, scopes: &[Action]) -> Result<(), ApiError> {
    let mut problems = Vec::new();
    for &scope in scopes {
        let name = serde_json::to_value(scope)
            .ok()
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_else(|| format!("{scope:?}"));
        if !allows(owner_role, scope) {
            let role = encode(&owner_role);
            problems.push(msg!(
                "`{name}` is not allowed to the role `{role}` of the token's user",
                name = name,
                role = role
            ));
        }
        if issuer.require(scope).is_err() {
            problems.push(msg!(
                "`{name}` is beyond what the issuer may do",
                name = name
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(
            [("scopes".to_owned(), problems)].into_iter().collect(),
        ))
    }
}
