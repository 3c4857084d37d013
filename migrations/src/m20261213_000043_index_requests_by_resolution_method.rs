//! The "remote" filter (requests resolved remotely), newest first, read in
//! its order from an index of the resolved requests by method. Walking the
//! newest requests instead passes the open ones first, which have no
//! method yet: some 18,000 rows before the first page at a million.
//!
//! Partial (`WHERE resolution_method IS NOT NULL`): intake, which writes
//! no method, adds nothing to it, and both databases use it for
//! `resolution_method = ?`.

use sea_orm_migration::prelude::*;

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "ix_service_requests_resolution_method_created_at";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::partial_index(
            manager,
            INDEX,
            "service_requests",
            "resolution_method, created_at, id",
            "resolution_method IS NOT NULL",
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_index(manager, INDEX, Alias::new("service_requests")).await
    }
}
