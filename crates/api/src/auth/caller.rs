//! The authenticated caller, from the `Authorization: Bearer` header: either
//! a user's access token (a JWT, checked without the database) or an
//! integration's API token (`rpt_…`, looked up by its hash).

use rapport_domain::messages::Message;
use rapport_domain::{key, msg};
use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use rapport_domain::org::Role;
use rapport_entity::{api_tokens, users};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::auth::epochs;
use crate::auth::permissions::{Action, allows};
use crate::auth::tokens::digest;
use crate::error::ApiError;
use crate::state::AppState;

/// API tokens start with this, so they are told apart from JWTs at a glance.
pub const API_TOKEN_PREFIX: &str = "rpt_";

/// Who is making this request.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user's id (an API token acts as the user it belongs to).
    pub id: Uuid,
    /// The user's role.
    pub role: Role,
    /// For an API token, the actions it was limited to; `None` for a user's session.
    pub scopes: Option<Vec<Action>>,
}

impl Caller {
    /// Refuses with 403 unless the caller's role (and, for an API token, its scopes) allow `action`.
    pub fn require(&self, action: Action) -> Result<(), ApiError> {
        let scoped = self
            .scopes
            .as_ref()
            .is_none_or(|scopes| scopes.contains(&action));
        if allows(self.role, action) && scoped {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Caller, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| {
                ApiError::internal(
                    "reading the app state",
                    std::io::Error::other("AppState missing"),
                )
            })?;
            let token = token.ok_or(ApiError::Unauthorized(msg!("missing bearer token")))?;
            if token.starts_with(API_TOKEN_PREFIX) {
                return api_token(&state, &token).await;
            }
            let claims =
                state
                    .keys
                    .verify(&token, state.clock.now())
                    .ok_or(ApiError::Unauthorized(msg!(
                        "the access token is invalid or expired"
                    )))?;
            if claims.epoch < epochs::current(&state, claims.sub).await? {
                return Err(ApiError::Unauthorized(msg!(
                    "the access token was ended (logout, deactivation or a new password)"
                )));
            }
            Ok(Caller {
                id: claims.sub,
                role: claims.role,
                scopes: None,
            })
        })
    }
}

fn bearer(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(|token| token.trim().to_owned())
}

async fn api_token(state: &AppState, token: &str) -> Result<Caller, ApiError> {
    const INVALID: Message = Message::from_key(key!("the API token is invalid or revoked"));
    let stored = crate::db::unique(
        &state.db,
        api_tokens::Entity::find()
            .filter(api_tokens::Column::TokenHash.eq(digest(token)))
            .filter(api_tokens::Column::RevokedAt.is_null()),
    )
    .await?
    .ok_or(ApiError::Unauthorized(INVALID))?;
    let owner = crate::db::unique(&state.db, users::Entity::find_by_id(stored.user_id))
        .await?
        .filter(|user| user.active)
        .ok_or(ApiError::Unauthorized(INVALID))?;
    let scopes: Vec<Action> = serde_json::from_value(stored.scopes)
        .map_err(|error| ApiError::internal("reading an API token's scopes", error))?;
    Ok(Caller {
        id: owner.id,
        role: owner.role,
        scopes: Some(scopes),
    })
}
