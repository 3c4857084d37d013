//! The names a person reads beside ids in a list: a customer's name, a
//! colleague's display name. A page of requests names up to a hundred;
//! reading them from the database was as much work as reading the page.
//! They change seldom, so each instance keeps those it read in the
//! settings cache (under `name:<id>`; ids are unique across customers and
//! users), kept right the same way as the settings: the renaming
//! transaction [`announce`]s on PostgreSQL (every instance drops its copy
//! on commit), the renaming instance [`forget`]s its copy after the
//! commit, and no copy is trusted for more than a minute.

use std::collections::{BTreeMap, BTreeSet};

use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::error::ApiError;
use crate::settings::Cache;

fn key(id: &Uuid) -> String {
    format!("name:{id}")
}

/// The names of the customers `customers` and the users `staff`, from
/// memory where kept, the rest read from the database; an id that names
/// no one is left out.
pub async fn of(
    cache: &Cache,
    conn: &impl ConnectionTrait,
    customers: BTreeSet<Uuid>,
    staff: BTreeSet<Uuid>,
) -> Result<BTreeMap<Uuid, String>, ApiError> {
    let wanted: BTreeSet<Uuid> = customers.union(&staff).copied().collect();
    cache
        .get_or_load_many(wanted, key, |missing| async move {
            let customers = missing.intersection(&customers).copied();
            let staff = missing.intersection(&staff).copied();
            read(conn, customers.collect(), staff.collect()).await
        })
        .await
}

/// The names of the customers `ids`, as [`of`] reads them: what a list of
/// contracts, visits or complaints shows beside each customer id.
pub async fn of_customers(
    cache: &Cache,
    conn: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<BTreeMap<Uuid, String>, ApiError> {
    of(cache, conn, ids.into_iter().collect(), BTreeSet::new()).await
}

/// Reads the names of `customers` and `staff` from the database, through
/// the lookups every other list uses (a statement each, none for an empty
/// set): what [`of`] reads for the ids memory lacks, and what a single
/// record read afresh is named by.
pub async fn read(
    conn: &impl ConnectionTrait,
    customers: Vec<Uuid>,
    staff: Vec<Uuid>,
) -> Result<BTreeMap<Uuid, String>, ApiError> {
    let mut names = crate::services::customers::names_of(conn, customers).await?;
    names.extend(crate::services::users::names_of(conn, staff).await?);
    Ok(names)
}

/// Tells every instance, on commit of `conn`'s transaction, that `id`
/// (a customer or a user) was renamed. Call [`forget`] after the commit.
pub async fn announce(conn: &impl ConnectionTrait, id: Uuid) -> Result<(), ApiError> {
    crate::settings::announce(conn, &key(&id)).await
}

/// Drops this instance's copy of `id`'s name; after the renaming commit.
pub fn forget(cache: &Cache, id: Uuid) {
    cache.invalidate(&key(&id));
}
