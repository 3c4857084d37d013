//! The "remote" filter (requests resolved remotely), newest first, read in
//! its order from an index of the resolved requests by method. Walking the
//! newest requests instead passes the open ones first, which have no
//! method yet: some 18,000 rows before the first page at a million.
//!
//! Partial (`WHERE resolution_method IS NOT NULL`): intake, which writes
//! no method, adds nothing to it, and both databases use it for
//! `resolution_method = ?`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "ix_service_requests_resolution_method_created_at";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Written out: sea-query's index statement has no WHERE on SQLite.
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE INDEX {INDEX} ON service_requests (resolution_method, created_at, id) \
                 WHERE resolution_method IS NOT NULL"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(INDEX)
                    .table(Alias::new("service_requests"))
                    .to_owned(),
            )
            .await
    }
}
