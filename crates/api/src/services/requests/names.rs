//! The names a person reads beside the ids of a page of requests: each
//! one's customer's and assignee's. Looked up for the page being answered
//! (one `IN` query per table), not stored with the requests, so a renamed
//! customer or colleague reads right everywhere. (A single request reads
//! its names in the statement that reads it: `stored`.)

use std::collections::{BTreeMap, BTreeSet};

use rapport_entity::{customers, users};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use rapport_types::requests::ServiceRequest;

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
