//! Scoped API tokens for integrations.

use chrono::{DateTime, Utc};
use rapport_domain::permissions::Action;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// An API token as listed (never the secret).
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    /// The token's id.
    pub id: Uuid,
    /// The user the token acts as.
    pub user_id: Uuid,
    /// What the token is for, e.g. "ERP sync".
    pub name: String,
    /// The actions it may perform (within its user's role).
    pub scopes: Vec<Action>,
    /// Set once revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// When it was issued.
    pub created_at: DateTime<Utc>,
}

/// A newly issued token: the only time its secret is shown.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedToken {
    /// The token's record.
    #[serde(flatten)]
    pub record: ApiToken,
    /// Send as `Authorization: Bearer <token>`; store it now, it is never shown again.
    pub token: String,
}

/// A token to issue.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewApiToken {
    /// What the token is for.
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::checks::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 100, pattern = r"\S")
    )]
    pub name: String,
    /// The user it acts as (default: the caller).
    pub user_id: Option<Uuid>,
    /// The actions it may perform; at least one.
    #[validate(length(min = 1, max = 32))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 32))]
    pub scopes: Vec<Action>,
}
