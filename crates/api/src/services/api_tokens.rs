//! `/api/v1/api-tokens`: scoped tokens for integrations (SPEC section 9).
//! An administrator issues a token for a user (often a dedicated
//! integration account); it acts as that user, limited to its scopes, is
//! stored only as a hash and shown once. Revoking is immediate.

use rapport_domain::org::Role;
use rapport_domain::permissions::allows;
use rapport_entity::api_tokens;

use rapport_types::api_tokens::ApiToken;

use crate::auth::{Action, Caller};
use crate::codes::encode;
use crate::error::ApiError;

/// The API token a stored row describes (never its secret).
pub fn api_token_from_model(model: api_tokens::Model) -> Result<ApiToken, ApiError> {
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
pub fn check_scopes(issuer: &Caller, owner_role: Role, scopes: &[Action]) -> Result<(), ApiError> {
    let mut problems = Vec::new();
    for &scope in scopes {
        let name = serde_json::to_value(scope)
            .ok()
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_else(|| format!("{scope:?}"));
        if !allows(owner_role, scope) {
            let role = encode(&owner_role);
            problems.push(format!(
                "`{name}` is not allowed to the role `{role}` of the token's user"
            ));
        }
        if issuer.require(scope).is_err() {
            problems.push(format!("`{name}` is beyond what the issuer may do"));
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
