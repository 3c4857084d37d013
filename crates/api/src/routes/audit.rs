//! `/api/v1/audit`: reading the append-only audit log (SPEC section 9),
//! newest first, for admins and managers.

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use rapport_entity::audit_log;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::{Action, Caller};
use crate::error::{ApiError, Problem};
use crate::pagination::{PageQuery, Paged};
use crate::state::AppState;

/// Registers this module's routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list);
}

/// One audit entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    /// The entry's id.
    pub id: Uuid,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who did it; null for the system.
    pub actor_id: Option<Uuid>,
    /// What was done, e.g. `contract.sign`.
    pub action: String,
    /// The kind of record, e.g. `contract`.
    pub entity_type: String,
    /// The record's id (a UUID, a package code or a batch month).
    pub entity_id: String,
    /// The record before the change.
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    /// The record after the change.
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
}

impl From<audit_log::Model> for AuditEntry {
    fn from(model: audit_log::Model) -> AuditEntry {
        AuditEntry {
            id: model.id,
            at: model.at,
            actor_id: model.actor_id,
            action: model.action,
            entity_type: model.entity_type,
            entity_id: model.entity_id,
            before: model.before,
            after: model.after,
        }
    }
}

/// Filters for the audit log.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    /// Only this kind of record.
    pub entity_type: Option<String>,
    /// Only this record.
    pub entity_id: Option<String>,
    /// Only this actor.
    pub actor_id: Option<Uuid>,
    /// Only this action.
    pub action: Option<String>,
    /// At or after this instant (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Before this instant (RFC 3339).
    pub to: Option<DateTime<Utc>>,
}

/// Read the audit log, newest first.
#[utoipa::path(
    tag = "audit",
    security(("bearer" = [])),
    params(PageQuery, AuditFilter),
    responses(
        (status = 200, description = "One page of entries, newest first", body = Paged<AuditEntry>),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only admins and managers read the audit log", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad page, limit or filter", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/audit")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    page: web::Query<PageQuery>,
    filter: web::Query<AuditFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadAudit)?;
    let page = page.into_inner().check()?;
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
        .fetch(&state.db, query, |row| Ok(AuditEntry::from(row)))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
