//! HTTP handlers over [`crate::services::audit`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::pagination::Page;
use crate::routes::extract::Listing;
use crate::routes::responses::{BadQuery, Refused};
#[allow(unused_imports)]
use crate::services::audit::*;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use rapport_entity::audit_log;
use rapport_types::audit::{AuditEntry, AuditFilter};
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
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
    let page = Page::from_query(page)?;
    let mut query = audit_log::Entity::find();
    let texts = [
        (
            "entity_type",
            audit_log::Column::EntityType,
            &filter.entity_type,
        ),
        ("entity_id", audit_log::Column::EntityId, &filter.entity_id),
        ("action", audit_log::Column::Action, &filter.action),
    ];
    for (name, column, value) in texts {
        if let Some(value) = value {
            if value.chars().count() > 200 {
                return Err(ApiError::field(name, "must be at most 200 characters"));
            }
            query = query.filter(column.eq(value.as_str()));
        }
    }
    if let Some(actor) = filter.actor_id {
        query = query.filter(audit_log::Column::ActorId.eq(actor));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_log::Column::At.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(audit_log::Column::At.lt(to));
    }
    query = query
        .order_by_desc(audit_log::Column::At)
        .order_by_desc(audit_log::Column::Id);
    let page = page
        .fetch(&state.db, query, |row| Ok(audit_entry_from_model(row)))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
