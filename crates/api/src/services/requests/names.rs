//! The names a person reads beside the ids of a page of requests: each
//! one's customer's and assignee's. Looked up for the page being answered
//! (one `IN` query per table), not stored with the requests, so a renamed
//! customer or colleague reads right everywhere. (A single request reads
//! its names in the statement that reads it: `stored`.)

use std::collections::{BTreeMap, BTreeSet};

use rapport_entity::{customers, users};
use sea_orm::sea_query::{Query, UnionType};
use sea_orm::{ColumnTrait, ConnectionTrait};
use uuid::Uuid;

use rapport_types::requests::RequestSummary;

use crate::error::ApiError;

/// Fills in each request's customer and assignee names, read in one
/// statement (uuids are unique across the two tables).
pub async fn fill(
    conn: &impl ConnectionTrait,
    requests: &mut [RequestSummary],
) -> Result<(), ApiError> {
    let customers: BTreeSet<Uuid> = requests.iter().map(|request| request.customer_id).collect();
    let staff: BTreeSet<Uuid> = requests
        .iter()
        .filter_map(|request| request.assignee_id)
        .collect();
    if customers.is_empty() {
        return Ok(());
    }
    let mut select = Query::select()
        .columns([customers::Column::Id, customers::Column::Name])
        .from(customers::Entity)
        .and_where(customers::Column::Id.is_in(customers))
        .to_owned();
    if !staff.is_empty() {
        select.union(
            UnionType::All,
            Query::select()
                .columns([users::Column::Id, users::Column::DisplayName])
                .from(users::Entity)
                .and_where(users::Column::Id.is_in(staff))
                .to_owned(),
        );
    }
    let backend = conn.get_database_backend();
    let names: BTreeMap<Uuid, String> = conn
        .query_all_raw(backend.build(&select))
        .await?
        .iter()
        .map(|row| Ok((row.try_get_by_index(0)?, row.try_get_by_index(1)?)))
        .collect::<Result<_, sea_orm::DbErr>>()?;
    for request in requests {
        request.customer_name = names.get(&request.customer_id).cloned();
        request.assignee_name = request.assignee_id.and_then(|id| names.get(&id).cloned());
    }
    Ok(())
}
