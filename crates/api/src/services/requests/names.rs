//! The names a person reads beside a request's ids: its customer's and its
//! assignee's on every read, and on a request's page the name of every
//! member of staff its timeline mentions. Looked up for the page of
//! results being answered (one `IN` query per table), not stored with the
//! request, so a renamed customer or colleague reads right everywhere.

use std::collections::{BTreeMap, BTreeSet};

use rapport_entity::{customers, users};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde_json::Value;
use uuid::Uuid;

use rapport_types::requests::{ServiceRequest, ServiceRequestDetail};

use crate::error::ApiError;

/// Fills in each request's customer and assignee names.
pub async fn fill(
    conn: &impl ConnectionTrait,
    requests: &mut [ServiceRequest],
) -> Result<(), ApiError> {
    let customers = names(
        conn,
        customers::Entity::find()
            .select_only()
            .columns([customers::Column::Id, customers::Column::Name]),
        customers::Column::Id,
        requests.iter().map(|request| request.customer_id).collect(),
    )
    .await?;
    let people = staff(
        conn,
        requests
            .iter()
            .filter_map(|request| request.assignee_id)
            .collect(),
    )
    .await?;
    for request in requests {
        request.customer_name = customers.get(&request.customer_id).cloned();
        request.assignee_name = request.assignee_id.and_then(|id| people.get(&id).cloned());
    }
    Ok(())
}

/// Fills in the request's names and the names of the staff its timeline
/// mentions: who acted, and whom an entry assigned.
pub async fn fill_detail(
    conn: &impl ConnectionTrait,
    detail: &mut ServiceRequestDetail,
) -> Result<(), ApiError> {
    fill(conn, std::slice::from_mut(&mut detail.request)).await?;
    let mut ids: BTreeSet<Uuid> = detail.request.assignee_id.into_iter().collect();
    ids.insert(detail.request.created_by);
    for event in &detail.timeline {
        ids.extend(event.actor_id);
        for side in [&event.before, &event.after].into_iter().flatten() {
            if let Some(id) = side
                .get("assignee_id")
                .and_then(Value::as_str)
                .and_then(|text| text.parse().ok())
            {
                ids.insert(id);
            }
        }
    }
    detail.people = staff(conn, ids).await?;
    Ok(())
}

/// Display names of the users `ids` name.
async fn staff(
    conn: &impl ConnectionTrait,
    ids: BTreeSet<Uuid>,
) -> Result<BTreeMap<Uuid, String>, ApiError> {
    names(
        conn,
        users::Entity::find()
            .select_only()
            .columns([users::Column::Id, users::Column::DisplayName]),
        users::Column::Id,
        ids,
    )
    .await
}

/// The (id, name) pairs `select` reads for `ids`.
async fn names<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    select: sea_orm::Select<E>,
    id: impl ColumnTrait,
    ids: BTreeSet<Uuid>,
) -> Result<BTreeMap<Uuid, String>, ApiError> {
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    let rows: Vec<(Uuid, String)> = select.filter(id.is_in(ids)).into_tuple().all(conn).await?;
    Ok(rows.into_iter().collect())
}
