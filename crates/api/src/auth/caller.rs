//! The authenticated caller, taken from the `Authorization: Bearer` header.

use std::future::{Ready, ready};

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use rapport_domain::org::Role;
use uuid::Uuid;

use crate::auth::permissions::{Action, allows};
use crate::error::ApiError;
use crate::state::AppState;

/// Who is making this request.
#[derive(Debug, Clone, Copy)]
pub struct Caller {
    /// The user's id.
    pub id: Uuid,
    /// The user's role.
    pub role: Role,
}

impl Caller {
    /// Refuses with 403 unless the caller's role may do `action`.
    pub fn require(&self, action: Action) -> Result<(), ApiError> {
        if allows(self.role, action) {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Caller, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req))
    }
}

fn authenticate(req: &HttpRequest) -> Result<Caller, ApiError> {
    let state = req.app_data::<web::Data<AppState>>().ok_or_else(|| {
        ApiError::internal(
            "reading the app state",
            std::io::Error::other("AppState missing"),
        )
    })?;
    let token = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .ok_or(ApiError::Unauthorized("missing bearer token"))?;
    let claims =
        state
            .keys
            .verify(token.trim(), state.clock.now())
            .ok_or(ApiError::Unauthorized(
                "the access token is invalid or expired",
            ))?;
    Ok(Caller {
        id: claims.sub,
        role: claims.role,
    })
}
