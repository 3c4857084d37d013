//! `request_search`: the full-text index of service requests (their number,
//! title and description; see `ddl::search_table` and README "Search"),
//! filled here for the requests taken in before it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::sea_orm::prelude::Uuid;

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The index's table.
pub const TABLE: &str = "request_search";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::search_table(manager, TABLE).await?;
        backfill(manager.get_connection()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_search_table(manager, TABLE).await
    }
}

/// Indexes every request not yet in `request_search`, oldest first (so the
/// index's order is the order they were taken in); the benchmark's seed
/// calls it after loading requests directly.
pub async fn backfill(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let columns = ["number", "title", "description"];
    ddl::fill_search_table(db, TABLE, "service_requests", &columns, |rows| async move {
        rows.iter()
            .map(|row| {
                let id: Uuid = row.try_get("", "id")?;
                let number: String = row.try_get("", "number")?;
                let title: String = row.try_get("", "title")?;
                let description: String = row.try_get("", "description")?;
                let terms = rapport_domain::text::document(&[&title, &description], &[&number]);
                Ok((id, terms))
            })
            .collect()
    })
    .await
}
