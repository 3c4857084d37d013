//! The "my department" view (a department's open requests, newest first)
//! read in its order from an index of open requests only, so a page reads
//! a page of entries; before, SQLite read every open request of the
//! department through `(status, department, priority, created_at)` and
//! sorted them, some thousands at a million requests.
//!
//! The index is partial: `WHERE` [`open_sql`]. SQLite uses a partial index
//! only for a query whose `WHERE` holds the same term with the same
//! literal values (a bound parameter does not count), so the list writes
//! its "open" filter with [`open_sql`] too.

use rapport_domain::lifecycle::request::Status;
use sea_orm_migration::prelude::*;

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "ix_service_requests_open_department_created_at";

/// SQL: the request is open (its status one of the open states), written
/// the one way the partial index and the list's filter share.
pub fn open_sql() -> String {
    let open = Status::ALL.into_iter().filter(|status| status.is_open());
    let open = ddl::sql_list(open.map(Status::code));
    format!("service_requests.status IN ({open})")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::partial_index(
            manager,
            INDEX,
            "service_requests",
            "department, created_at, id",
            &open_sql(),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_index(manager, INDEX, Alias::new("service_requests")).await
    }
}
