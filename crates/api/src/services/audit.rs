//! `/api/v1/audit`: reading the append-only audit log (SPEC section 9),
//! newest first, for admins and managers. The log grows without bound: it
//! is paged by cursor (`at`, `id` descending), and each filter leads an
//! index ending in that order (migration
//! `m20261211_000034_index_customer_and_audit_lists`).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rapport_domain::msg;
use rapport_entity::audit_log;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, Order, QueryFilter};

use rapport_types::audit::{AuditEntry, AuditFilter};
use rapport_types::page::{PageQuery, Paged};

use crate::error::ApiError;
use crate::pagination::{Keyset, Page};
use crate::settings::Cache;

/// One page of the entries `filter` keeps, newest first.
pub async fn list(
    conn: &impl ConnectionTrait,
    names: &Cache,
    page: PageQuery,
    filter: AuditFilter,
) -> Result<Paged<AuditEntry>, ApiError> {
    let page = Page::from_query_or_cursor(page, filter.cursor.as_deref())?;
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
                return Err(ApiError::field(
                    name,
                    msg!("must be at most 200 characters"),
                ));
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
    let newest: Keyset<DateTime<Utc>> = Keyset::new(
        't',
        Expr::col((audit_log::Entity, audit_log::Column::At)),
        Order::Desc,
        Expr::col((audit_log::Entity, audit_log::Column::Id)),
        Order::Desc,
    );
    let mut page = page
        .fetch_keyed(conn, query, &newest, filter.cursor.as_deref(), |row| {
            Ok(audit_entry_from_model(row))
        })
        .await?;
    let actors = page
        .items
        .iter()
        .filter_map(|entry| entry.actor_id)
        .collect();
    let names = crate::names::of(names, conn, BTreeSet::new(), actors).await?;
    for entry in &mut page.items {
        entry.actor_name = entry.actor_id.and_then(|id| names.get(&id).cloned());
    }
    Ok(page)
}

/// The audit entry a stored row describes.
fn audit_entry_from_model(model: audit_log::Model) -> AuditEntry {
    AuditEntry {
        id: model.id,
        at: model.at,
        actor_id: model.actor_id,
        actor_name: None,
        action: model.action,
        entity_type: model.entity_type,
        entity_id: model.entity_id,
        before: model.before,
        after: model.after,
    }
}
