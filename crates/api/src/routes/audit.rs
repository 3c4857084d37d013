//! HTTP handlers over [`crate::services::audit`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::routes::extract::Listing;
use crate::routes::responses::{BadQuery, Refused};
use crate::services::audit as service;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use rapport_types::audit::{AuditEntry, AuditFilter};
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers this module's routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list);
}

/// Read the audit log, newest first.
#[utoipa::path(
    tag = "audit",
    security(("bearer" = [])),
    params(PageQuery, AuditFilter),
    responses(
        (status = 200, description = "One page of entries, newest first", body = Paged<AuditEntry>),
        (status = 422, description = "Bad page, limit or filter", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadQuery
    )
)]
#[get("/audit")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    Listing { page, filter }: Listing<AuditFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadAudit)?;
    Ok(HttpResponse::Ok().json(service::list(&state.reader, &state.settings, page, filter).await?))
}
